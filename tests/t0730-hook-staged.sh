#!/bin/sh
# t0730-hook-staged.sh - thread hook install and thread lint --staged, with
# real git commits: the hook must judge what the commit will hold (the
# index git hands it), never the work tree.

. "$(dirname "$0")/test-lib.sh"

# run_exit N CMD [ARGS...]: `CMD ARGS` exits with exactly N; stdout in
# ../out, stderr in ../err (outside the repository).
run_exit() {
	test_run_in .. "$@"
}

# A person file for bob; `good` has the ask's escalate:, `bad` has not.
bob() {
	cat <<EOF
---
name: ${2:-Bob Park}
consent: notes-only
---

# ${2:-Bob Park}

## 2026-11-20

### Asks
EOF
	if [ "$1" = good ]; then
		echo "- [ ] Grant access @dave due:2026-11-24 escalate:2026-11-26"
	else
		echo "- [ ] Grant access @dave due:2026-11-24"
	fi
	cat <<'EOF'
  Done when: bob can log in

### Next
- The access ask
EOF
}

BAD_BOB="people/bob.md:11:1: error: ask has no escalation checkpoint (add escalate:YYYY-MM-DD) [ask-escalation]"
BOB_SUMMARY="thread lint: 1 error, 0 warnings in 1 staged file"
BOB_BLOCKED="thread: commit blocked by 1 error in people/bob.md; fix it, or commit with git commit --no-verify to skip this check"

# setup: ./repo by thread init (so with the hook), settings naming dave,
# a good bob committed; the shell in repo.
setup() {
	"$THREAD" init repo >/dev/null &&
	cd repo &&
	printf "people: [dave]\n" >.thread.yaml &&
	bob good >people/bob.md &&
	git add .thread.yaml people/bob.md &&
	git commit -q -m bob
}

# commit_blocked ARGS...: `git commit ARGS` is refused by the hook with
# bob's error, the summary and why it blocks; HEAD does not move.
commit_blocked() {
	cb_head=$(git rev-parse HEAD) &&
	run_exit 1 git commit -q "$@" &&
	printf "%s\n" "$BAD_BOB" "$BOB_SUMMARY" "$BOB_BLOCKED" >../expect &&
	test_cmp ../expect ../err &&
	test "$(git rev-parse HEAD)" = "$cb_head"
}

# commit_passes [-n N] ARGS...: `git commit ARGS` makes a commit; the hook
# says only that the N staged person files (default 1) are clean.
commit_passes() {
	cp_n=1 &&
	if [ "$1" = -n ]; then cp_n=$2 && shift 2; fi &&
	cp_head=$(git rev-parse HEAD) &&
	run_exit 0 git commit -q "$@" &&
	if [ "$cp_n" = 1 ]; then cp_files=file; else cp_files=files; fi &&
	echo "thread lint: 0 errors, 0 warnings in $cp_n staged $cp_files" >../expect &&
	test_cmp ../expect ../err &&
	test "$(git rev-parse HEAD~1)" = "$cp_head"
}

# ---- hook install ----

test_expect_success 'hook install on a fresh git repository' '
	git init -q -b main repo && cd repo &&
	run_exit 0 "$THREAD" hook install &&
	echo "installed $PWD/.git/hooks/pre-commit: it runs thread lint --staged before each commit" >../expect &&
	test_cmp ../expect ../out &&
	test_must_be_empty ../err &&
	test -x .git/hooks/pre-commit &&
	sed -n 2p .git/hooks/pre-commit >../marker &&
	echo "# installed by thread hook install" >../expect &&
	test_cmp ../expect ../marker &&
	grep -Fx "thread='\''$THREAD'\''" .git/hooks/pre-commit &&
	test ! -e .git/hooks/pre-commit.thread-chained
'

test_expect_success 'hook install again: "already installed", the hook unchanged' '
	git init -q -b main repo && cd repo &&
	run_exit 0 "$THREAD" hook install &&
	sha1sum .git/hooks/pre-commit >../sum.before &&
	run_exit 0 "$THREAD" hook install &&
	echo "thread'\''s pre-commit hook is already installed in $PWD/.git/hooks/pre-commit" >../expect &&
	test_cmp ../expect ../out &&
	sha1sum .git/hooks/pre-commit >../sum.after &&
	test_cmp ../sum.before ../sum.after &&
	ls .git/hooks | grep -v "\.sample\$" >../hooks &&
	echo pre-commit >../expect &&
	test_cmp ../expect ../hooks
'

test_expect_success 'hook install outside a git repository, or with a bad subcommand: exit 2' '
	mkdir plain && cd plain &&
	run_exit 2 "$THREAD" hook install &&
	echo "thread hook: . is not in a git repository (run thread init there)" >../expect &&
	test_cmp ../expect ../err &&
	git init -q -b main ../repo && cd ../repo &&
	run_exit 2 "$THREAD" hook uninstall &&
	head -n 1 ../err >../first &&
	echo "thread hook: unknown subcommand '\''uninstall'\''" >../expect &&
	test_cmp ../expect ../first &&
	test ! -e .git/hooks/pre-commit
'

# A pre-commit hook of the user's: it appends a line to ../marker and
# fails when FAIL is set.
user_hook() {
	cat >"$1" <<-\EOF &&
	#!/bin/sh
	echo "user hook ran" >>"$(git rev-parse --show-toplevel)/../marker"
	[ -z "$FAIL" ] || { echo "user hook says no" >&2; exit 3; }
	EOF
	chmod +x "$1"
}

test_expect_success 'an existing hook is kept as pre-commit.thread-chained, byte for byte' '
	setup &&
	rm .git/hooks/pre-commit &&
	user_hook .git/hooks/pre-commit &&
	cp .git/hooks/pre-commit ../user-hook &&
	run_exit 0 "$THREAD" hook install &&
	printf "%s\n" "installed $PWD/.git/hooks/pre-commit: it runs thread lint --staged before each commit" \
		"your earlier hook is kept as $PWD/.git/hooks/pre-commit.thread-chained and runs first" >../expect &&
	test_cmp ../expect ../out &&
	test_cmp ../user-hook .git/hooks/pre-commit.thread-chained &&
	test -x .git/hooks/pre-commit.thread-chained &&
	sed -n 2p .git/hooks/pre-commit >../marker-line &&
	echo "# installed by thread hook install" >../expect &&
	test_cmp ../expect ../marker-line
'

test_expect_success 'the chained hook still runs first; its failure blocks the commit' '
	setup &&
	rm .git/hooks/pre-commit &&
	user_hook .git/hooks/pre-commit &&
	run_exit 0 "$THREAD" hook install &&
	printf "x\n" >notes.md && git add notes.md &&
	commit_passes -n 0 -m notes &&
	echo "user hook ran" >../expect &&
	test_cmp ../expect ../marker &&
	printf "y\n" >>notes.md && git add notes.md &&
	head=$(git rev-parse HEAD) &&
	FAIL=1 run_exit 1 git commit -q -m more &&
	echo "user hook says no" >../expect &&
	test_cmp ../expect ../err &&
	test "$(git rev-parse HEAD)" = "$head" &&
	printf "user hook ran\nuser hook ran\n" >../expect &&
	test_cmp ../expect ../marker
'

test_expect_success 'with a chained hook, thread'\''s lint still blocks a bad person file' '
	setup &&
	rm .git/hooks/pre-commit &&
	user_hook .git/hooks/pre-commit &&
	run_exit 0 "$THREAD" hook install &&
	bob bad >people/bob.md && git add people/bob.md &&
	commit_blocked -m bad &&
	echo "user hook ran" >../expect &&
	test_cmp ../expect ../marker
'

test_expect_success 'a leftover pre-commit.thread-chained: refused without --force, replaced with it' '
	git init -q -b main repo && cd repo &&
	user_hook .git/hooks/pre-commit &&
	printf "#!/bin/sh\necho old\n" >.git/hooks/pre-commit.thread-chained &&
	cp .git/hooks/pre-commit ../user-hook &&
	run_exit 2 "$THREAD" hook install &&
	H=$PWD/.git/hooks &&
	echo "thread hook: $H/pre-commit is not thread'\''s, and $H/pre-commit.thread-chained already exists; move one of them away, or use --force to replace $H/pre-commit.thread-chained" >../expect &&
	test_cmp ../expect ../err &&
	test_cmp ../user-hook .git/hooks/pre-commit &&
	run_exit 0 "$THREAD" hook install --force &&
	test_cmp ../user-hook .git/hooks/pre-commit.thread-chained &&
	grep -q "^# installed by thread hook install\$" .git/hooks/pre-commit
'

test_expect_success 'a disabled (not executable) pre-commit hook stays disabled and does not block commits' '
	setup &&
	rm .git/hooks/pre-commit &&
	user_hook .git/hooks/pre-commit &&
	chmod -x .git/hooks/pre-commit &&
	run_exit 0 "$THREAD" hook install &&
	printf "x\n" >notes.md && git add notes.md &&
	run_exit 0 git -c advice.ignoredHook=false commit -q -m notes &&
	test ! -e ../marker
'

test_expect_success 'core.hooksPath (relative, and absolute) is honoured, and git runs the hook from there' '
	setup &&
	rm .git/hooks/pre-commit &&
	git config core.hooksPath my-hooks &&
	run_exit 0 "$THREAD" hook install &&
	echo "installed $PWD/my-hooks/pre-commit: it runs thread lint --staged before each commit" >../expect &&
	test_cmp ../expect ../out &&
	test -x my-hooks/pre-commit && test ! -e .git/hooks/pre-commit &&
	bob bad >people/bob.md && git add people/bob.md &&
	commit_blocked -m bad &&
	git config core.hooksPath "$TRASH/shared-hooks-$test_count" &&
	run_exit 0 "$THREAD" hook install &&
	echo "installed $TRASH/shared-hooks-$test_count/pre-commit: it runs thread lint --staged before each commit" >../expect &&
	test_cmp ../expect ../out &&
	rm my-hooks/pre-commit &&
	commit_blocked -m bad
'

# ---- thread lint --staged, through the hook ----

test_expect_success 'the hook blocks a commit whose staged file is broken, though the work-tree copy is fixed' '
	setup &&
	bob bad >people/bob.md && git add people/bob.md &&
	bob good >people/bob.md &&
	commit_blocked -m "staged is bad" &&
	git show :people/bob.md >../staged &&
	bob bad >../expect &&
	test_cmp ../expect ../staged
'

test_expect_success 'the hook lets through a commit whose staged file is fixed, though the work-tree copy is broken' '
	setup &&
	bob good "Bob P." >people/bob.md && git add people/bob.md &&
	bob bad >people/bob.md &&
	commit_passes -m "staged is good" &&
	git show HEAD:people/bob.md >../committed &&
	bob good "Bob P." >../expect &&
	test_cmp ../expect ../committed
'

test_expect_success 'git commit -a (the hook reads .git/index.lock): a broken work-tree file blocks' '
	setup &&
	bob good "Bob P." >people/bob.md && git add people/bob.md &&
	bob bad >people/bob.md &&
	commit_blocked -a -m "all, bad"
'

test_expect_success 'git commit -a: a fixed work-tree file passes, though the staged copy is broken' '
	setup &&
	bob bad >people/bob.md && git add people/bob.md &&
	bob good "Bob P." >people/bob.md &&
	commit_passes -a -m "all, good" &&
	git show HEAD:people/bob.md >../committed &&
	bob good "Bob P." >../expect &&
	test_cmp ../expect ../committed
'

test_expect_success 'git commit PATH (the hook reads next-index-*.lock): a broken file at PATH blocks' '
	setup &&
	bob good "Bob P." >people/bob.md && git add people/bob.md &&
	bob bad >people/bob.md &&
	commit_blocked -m "path, bad" people/bob.md
'

test_expect_success 'git commit PATH: a good file at PATH passes, though another staged file is broken' '
	setup &&
	bob bad "Carol Diaz" >people/carol.md && git add people/carol.md &&
	bob good "Bob P." >people/bob.md &&
	commit_passes -m "path, good" people/bob.md &&
	git diff --name-only HEAD~1 HEAD >../changed &&
	echo people/bob.md >../expect &&
	test_cmp ../expect ../changed &&
	git --no-optional-locks status --porcelain >../status &&
	echo "A  people/carol.md" >../expect &&
	test_cmp ../expect ../status
'

test_expect_success 'the index git hands the hook: index, index.lock (-a), next-index-*.lock (PATH)' '
	setup &&
	rm .git/hooks/pre-commit &&
	cat >.git/hooks/pre-commit <<-\EOF &&
	#!/bin/sh
	basename "$GIT_INDEX_FILE" | sed "s/^next-index-[0-9]*\.lock\$/next-index-N.lock/" >>../index-files
	EOF
	chmod +x .git/hooks/pre-commit &&
	run_exit 0 "$THREAD" hook install &&
	bob good "Bob 1" >people/bob.md && git add people/bob.md && commit_passes -m one &&
	bob good "Bob 2" >people/bob.md && commit_passes -a -m two &&
	bob good "Bob 3" >people/bob.md && commit_passes -m three people/bob.md &&
	printf "%s\n" index index.lock next-index-N.lock >../expect &&
	test_cmp ../expect ../index-files
'

test_expect_success 'the hook runs for a commit made from a subfolder' '
	setup &&
	bob bad >people/bob.md && git add people/bob.md &&
	cd people &&
	head=$(git rev-parse HEAD) &&
	test_exit 1 git commit -q -m sub >../../out 2>../../err &&
	printf "%s\n" "$BAD_BOB" "$BOB_SUMMARY" "$BOB_BLOCKED" >../../expect &&
	test_cmp ../../expect ../../err &&
	test "$(git rev-parse HEAD)" = "$head"
'

# ---- thread lint --staged, by hand ----

test_expect_success 'lint --staged reads the index, not the work tree' '
	setup &&
	bob bad >people/bob.md && git add people/bob.md &&
	bob good >people/bob.md &&
	run_exit 1 "$THREAD" lint --staged &&
	echo "$BAD_BOB" >../expect &&
	test_cmp ../expect ../out &&
	printf "%s\n" "$BOB_SUMMARY" "$BOB_BLOCKED" >../expect &&
	test_cmp ../expect ../err &&
	run_exit 0 "$THREAD" lint people/bob.md &&
	test_must_be_empty ../out &&
	git add people/bob.md && bob bad >people/bob.md &&
	run_exit 0 "$THREAD" lint --staged -q &&
	test_must_be_empty ../out && test_must_be_empty ../err &&
	bob bad >people/bob.md && git add people/bob.md &&
	run_exit 1 "$THREAD" lint --staged -q &&
	echo "$BOB_BLOCKED" >../expect &&
	test_cmp ../expect ../err
'

test_expect_success 'lint --staged honours GIT_INDEX_FILE, relative to the current folder' '
	setup &&
	bob bad >people/bob.md &&
	cp .git/index ../other-index &&
	GIT_INDEX_FILE=../other-index git add people/bob.md &&
	bob good >people/bob.md &&
	run_exit 0 "$THREAD" lint --staged -q &&
	GIT_INDEX_FILE=../other-index run_exit 1 "$THREAD" lint --staged -q &&
	echo "$BAD_BOB" >../expect &&
	test_cmp ../expect ../out &&
	cp ../other-index .git/index.lock &&
	GIT_INDEX_FILE=.git/index.lock run_exit 1 "$THREAD" lint --staged -q &&
	test_cmp ../expect ../out &&
	rm .git/index.lock
'

test_expect_success 'lint --staged looks the transcript up in the index too' '
	setup &&
	sed -i "s/^consent: notes-only\$/consent: recorded/" people/bob.md &&
	sed -i "s/^## 2026-11-20\$/## 2026-11-20\nTranscript: transcripts\/bob\/2026-11-20.txt/" people/bob.md &&
	sed -i "s/^- The access ask\$/- The access ask [t:2]/" people/bob.md &&
	mkdir -p transcripts/bob &&
	printf "[00:00:01] Bob Park: Hi.\n[00:00:05] Bob Park: I need access.\n" >transcripts/bob/2026-11-20.txt &&
	run_exit 0 "$THREAD" lint people/bob.md &&
	git add people/bob.md &&
	run_exit 1 "$THREAD" lint --staged -q &&
	echo "people/bob.md:9:13: error: transcript transcripts/bob/2026-11-20.txt is not staged (git add it with the notes, or fix the path) [transcript-missing]" >../expect &&
	test_cmp ../expect ../out &&
	git add transcripts/bob/2026-11-20.txt &&
	run_exit 0 "$THREAD" lint --staged -q &&
	test_must_be_empty ../out &&
	printf "[00:00:01] Bob Park: Hi.\n" >transcripts/bob/2026-11-20.txt &&
	git add transcripts/bob/2026-11-20.txt &&
	printf "[00:00:01] Bob Park: Hi.\n[00:00:05] Bob Park: I need access.\n" >transcripts/bob/2026-11-20.txt &&
	run_exit 1 "$THREAD" lint --staged -q &&
	grep -q "\[t:2\]: line 2 is past the end of transcripts/bob/2026-11-20.txt, which has 1 line" ../out
'

test_expect_success 'lint --staged: a transcript present in the work tree but not staged is called unstaged, not missing' '
	setup &&
	sed -i "s/^consent: notes-only\$/consent: recorded/" people/bob.md &&
	sed -i "s/^## 2026-11-20\$/## 2026-11-20\nTranscript: transcripts\/bob\/2026-11-20.txt/" people/bob.md &&
	mkdir -p transcripts/bob &&
	printf "[00:00:01] Bob Park: Hi.\n" >transcripts/bob/2026-11-20.txt &&
	git add people/bob.md &&
	run_exit 1 "$THREAD" lint --staged -q &&
	grep -F "people/bob.md:9:13: error:" ../out &&
	! grep -F "does not exist" ../out &&
	grep -E "not staged|git add" ../out
'

test_expect_success 'lint --staged with a path is a usage error (exit 2)' '
	setup &&
	run_exit 2 "$THREAD" lint --staged people/bob.md &&
	test_must_be_empty ../out &&
	head -n 2 ../err >../first &&
	printf "%s\n" "thread lint: --staged lints what the commit changes; it takes no paths" \
		"usage: thread lint [--format text|json] [--today DATE] [PATH...]" >../expect &&
	test_cmp ../expect ../first
'

# libgit2 on mbedTLS (Debian's 1.5) would parse the system CA bundle at
# every start: a third of the hook's time, for TLS thread never speaks.
test_expect_success 'lint --staged does not read the system CA certificates' '
	setup &&
	echo "- One more note" >>people/bob.md && git add people/bob.md &&
	if ! command -v strace >/dev/null; then echo "no strace: not checked"; exit 0; fi &&
	# (LeakSanitizer cannot run under ptrace)
	ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=open,openat -o ../trace "$THREAD" lint --staged -q &&
	grep -q "\.git/index" ../trace &&
	! grep -E "/etc/ssl|ca-certificates|\.pem\"" ../trace
'

test_done
