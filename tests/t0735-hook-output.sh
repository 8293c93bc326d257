#!/bin/sh
# t0735-hook-output.sh - what the pre-commit hook says: the findings of
# the commit only (the staged person files, and what the commit does to
# the others), a summary line, and when it blocks, a last line that says
# why and how to get past it.

. "$(dirname "$0")/test-lib.sh"

# run_exit N CMD [ARGS...]: `CMD ARGS` exits with exactly N; stdout in
# ../out, stderr in ../err (outside the repository).
run_exit() {
	test_run_in .. "$@"
}

# A person file: HANDLE, then the lines of its one session's Tasks/Asks.
notes() {
	printf -- "---\nname: %s\ncadence: weekly\nconsent: notes-only\n---\n\n# %s\n\n## 2026-11-20\n\n" "$1" "$1"
	shift
	printf "%s\n" "$@"
	printf "\n### Next\n- Follow up\n"
}

# alice: a task overdue since 2026-11-01 (a time-based warning today,
# 2026-11-21), nothing else wrong.
alice() {
	notes alice "### Tasks" "- [ ] Send the plan @alice due:2026-11-01" \
		"  Done when: the plan is in the doc"
}

# carol: an ask held by @dave (line 12), and a task with no Done when: (a
# warning that is already there before any commit below).
carol() {
	notes carol "### Asks" \
		"- [ ] Review the budget @dave due:2026-11-27 escalate:2026-11-30" \
		"  Done when: the budget is signed" \
		"" "### Tasks" "- [ ] Book the offsite @carol due:2026-11-28"
}

# setup: ./repo by thread init (with the hook), people alice, carol and
# dave committed (the hook passes: dave and carol are fine, alice's
# overdue item is a warning); the shell in repo.
setup() {
	"$THREAD" init repo >/dev/null &&
	cd repo &&
	alice >people/alice.md && carol >people/carol.md &&
	notes dave >people/dave.md &&
	git add people && git commit -q -m team
}

DAVE_GONE="people/carol.md:12:25: error: @dave is not a known handle (add people/dave.md, or list it under people: in .thread.yaml) [unknown-handle]"

test_expect_success 'the hook reports the staged file only: not the overdue item of a person left out of the commit' '
	setup &&
	notes bob "### Tasks" "- [ ] Draft the RFC @bob due:2026-11-10" >people/bob.md &&
	git add people/bob.md &&
	run_exit 0 git commit -q -m bob &&
	printf "%s\n" \
		"people/bob.md:12:1: warning: task has no definition of done (add a '\''Done when:'\'' line under it) [done-when]" \
		"people/bob.md:12:26: warning: open task is 11 days past its checkpoint 2026-11-10 (close it, or move due: and note why) [overdue]" \
		"thread lint: 0 errors, 2 warnings in 1 staged file" >../expect &&
	test_cmp ../expect ../err &&
	git show --stat --format= HEAD >../stat &&
	grep -F "people/bob.md" ../stat
'

test_expect_success 'an error already committed in a file left out of the commit does not block it' '
	setup &&
	notes alice "### Asks" "- [ ] Grant access @dave due:2026-11-24" \
		"  Done when: alice can log in" >people/alice.md &&
	git add people/alice.md &&
	git commit -q --no-verify -m "alice, unchecked" &&
	notes bob "### Tasks" "- [ ] Draft the RFC @bob due:2026-11-30" \
		"  Done when: posted" >people/bob.md &&
	git add people/bob.md &&
	head=$(git rev-parse HEAD) &&
	run_exit 0 git commit -q -m bob &&
	echo "thread lint: 0 errors, 0 warnings in 1 staged file" >../expect &&
	test_cmp ../expect ../err &&
	test "$(git rev-parse HEAD~1)" = "$head" &&
	"$THREAD" lint people/alice.md >../full || true &&
	grep -F "[ask-escalation]" ../full
'

test_expect_success 'a commit that removes a person reports the files that still name them, and only that' '
	setup &&
	git rm -q people/dave.md &&
	head=$(git rev-parse HEAD) &&
	run_exit 1 git commit -q -m "dave left" &&
	printf "%s\n" "$DAVE_GONE" \
		"thread lint: 1 error, 0 warnings in 0 staged files and 1 other file the commit affects" \
		"thread: commit blocked by 1 error in people/carol.md; fix it, or commit with git commit --no-verify to skip this check" >../expect &&
	test_cmp ../expect ../err &&
	test "$(git rev-parse HEAD)" = "$head" &&
	test_must_be_empty ../out
'

test_expect_success 'a rename of a person file is a removal: the old handle is reported, the new file is linted' '
	setup &&
	git mv people/dave.md people/david.md &&
	run_exit 1 git commit -q -m "dave is david" &&
	# the new name is one letter away: unknown-handle suggests it
	printf "%s\n" "people/carol.md:12:25: error: @dave is not a known handle (did you mean @david?) [unknown-handle]" \
		"thread lint: 1 error, 0 warnings in 1 staged file and 1 other file the commit affects" \
		"thread: commit blocked by 1 error in people/carol.md; fix it, or commit with git commit --no-verify to skip this check" >../expect &&
	test_cmp ../expect ../err &&
	sed -i "s/@dave /@david /" people/carol.md && git add people/carol.md &&
	run_exit 0 git commit -q -m "dave is david" &&
	printf "%s\n" "people/carol.md:16:1: warning: task has no definition of done (add a '\''Done when:'\'' line under it) [done-when]" \
		"thread lint: 0 errors, 1 warning in 2 staged files" >../expect &&
	test_cmp ../expect ../err
'

test_expect_success 'staged .thread.yaml: its findings, and a handle it drops from people:, are reported' '
	setup &&
	git rm -q people/dave.md && git commit -q --no-verify -m "dave left" &&
	printf "people: [dave]\n" >.thread.yaml && git add .thread.yaml &&
	run_exit 0 git commit -q -m "dave is external" &&
	echo "thread lint: 0 errors, 0 warnings in 1 staged file" >../expect &&
	test_cmp ../expect ../err &&
	printf "people: []\ncolour: blue\n" >.thread.yaml && git add .thread.yaml &&
	run_exit 1 git commit -q -m "settings" &&
	head -n 1 ../err >../first &&
	grep -F ".thread.yaml:2:1: " ../first &&
	grep -F "[config]" ../first &&
	sed 1d ../err >../rest &&
	printf "%s\n" "$DAVE_GONE" \
		"thread lint: 2 errors, 0 warnings in 1 staged file and 1 other file the commit affects" \
		"thread: commit blocked by 2 errors in .thread.yaml and people/carol.md; fix them, or commit with git commit --no-verify to skip this check" >../expect &&
	test_cmp ../expect ../rest
'

test_expect_success 'a transcript cut short by the commit: the notes that cite it are reported' '
	setup &&
	mkdir -p transcripts/carol &&
	printf "[00:00:01] Carol: Hi.\n[00:00:05] Carol: The budget.\n" >transcripts/carol/2026-11-20.txt &&
	sed -i -e "s/^consent: notes-only\$/consent: recorded/" \
		-e "s/^## 2026-11-20\$/## 2026-11-20\nTranscript: transcripts\/carol\/2026-11-20.txt/" \
		-e "s/^- Follow up\$/- Follow up [t:2]/" people/carol.md &&
	git add people/carol.md transcripts &&
	run_exit 0 git commit -q -m "carol, recorded" &&
	printf "[00:00:01] Carol: Hi.\n" >transcripts/carol/2026-11-20.txt &&
	git add transcripts &&
	run_exit 1 git commit -q -m "shorter" &&
	test_must_be_empty ../out &&
	test $(wc -l <../err) = 3 &&
	head -n 1 ../err >../first &&
	grep "^people/carol.md:[0-9]*:[0-9]*: error: .*\[t:2\].* \[transcript-range\]\$" ../first &&
	! grep -F "done-when" ../err &&
	sed -n 2p ../err >../second &&
	echo "thread lint: 1 error, 0 warnings in 0 staged files and 1 other file the commit affects" >../expect &&
	test_cmp ../expect ../second
'

test_expect_success 'blocked by several files: the last line counts the errors and names the files' '
	setup &&
	for h in erin frank gus hana; do
		notes $h "### Asks" "- [ ] Grant access @dave due:2026-11-24" \
			"  Done when: done" >people/$h.md || return 1
	done &&
	notes frank "### Asks" "- [ ] Grant access @dave due:2026-11-24" "- [ ] More @nobody due:2026-11-24 escalate:2026-11-25" >people/frank.md &&
	git add people &&
	head=$(git rev-parse HEAD) &&
	run_exit 1 git commit -q -m "four more" &&
	tail -n 2 ../err >../last &&
	printf "%s\n" "thread lint: 5 errors, 2 warnings in 4 staged files" \
		"thread: commit blocked by 5 errors in people/erin.md, people/frank.md, people/gus.md and 1 more file; fix them, or commit with git commit --no-verify to skip this check" >../expect &&
	test_cmp ../expect ../last &&
	test "$(git rev-parse HEAD)" = "$head" &&
	run_exit 0 git commit -q --no-verify -m "four more" &&
	test "$(git rev-parse HEAD~1)" = "$head"
'

test_expect_success 'the first commit of a repository: every staged person file is linted' '
	git init -q -b main repo && cd repo &&
	"$THREAD" hook install >/dev/null &&
	mkdir people && alice >people/alice.md && carol >people/carol.md &&
	printf "people: [dave]\n" >.thread.yaml &&
	git add -A &&
	run_exit 0 git commit -q -m first &&
	tail -n 1 ../err >../last &&
	echo "thread lint: 0 errors, 2 warnings in 3 staged files" >../expect &&
	test_cmp ../expect ../last
'

test_expect_success 'when lint cannot read a staged file, the commit is blocked and the last line says so' '
	setup &&
	blob=$(echo "never written" | git hash-object --stdin) &&
	git update-index --add --cacheinfo "100644,$blob,people/zoe.md" &&
	head=$(git rev-parse HEAD) &&
	run_exit 1 git commit -q -m zoe &&
	tail -n 1 ../err >../last &&
	echo "thread: commit blocked: the staged files could not be checked (the error is above); fix that, or commit with git commit --no-verify to skip this check" >../expect &&
	test_cmp ../expect ../last &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'when the hook cannot find thread, it blocks and says how to get past it' '
	setup &&
	sed -i "s|^thread=.*|thread=/nonexistent/thread|" .git/hooks/pre-commit &&
	notes bob >people/bob.md && git add people/bob.md &&
	head=$(git rev-parse HEAD) &&
	PATH=/usr/bin:/bin run_exit 1 git commit -q -m bob &&
	echo "thread: commit blocked: the thread program was not found (install it, then run thread hook install), or commit with git commit --no-verify to skip this check" >../expect &&
	test_cmp ../expect ../err &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'hook install updates an older hook of its own (one that ran lint -q), keeping the chained hook' '
	setup &&
	printf "#!/bin/sh\necho mine\n" >.git/hooks/pre-commit.thread-chained &&
	chmod +x .git/hooks/pre-commit.thread-chained &&
	printf "#!/bin/sh\n# installed by thread hook install\nexec thread lint --staged -q\n" >.git/hooks/pre-commit &&
	run_exit 0 "$THREAD" hook install &&
	echo "updated $PWD/.git/hooks/pre-commit: it runs thread lint --staged before each commit" >../expect &&
	test_cmp ../expect ../out &&
	tail -n 1 .git/hooks/pre-commit >../last &&
	echo "exec \"\$thread\" lint --staged" >../expect &&
	test_cmp ../expect ../last &&
	grep -F "pre-commit.thread-chained" .git/hooks/pre-commit &&
	run_exit 0 "$THREAD" hook install &&
	echo "thread'\''s pre-commit hook is already installed in $PWD/.git/hooks/pre-commit" >../expect &&
	test_cmp ../expect ../out &&
	notes bob "### Tasks" "- [ ] Draft @bob" >people/bob.md && git add people/bob.md &&
	run_exit 1 git commit -q -m bob &&
	head -n 1 ../err >../first && echo mine >../expect && test_cmp ../expect ../first &&
	tail -n 1 ../err | grep -F "git commit --no-verify"
'

test_done
