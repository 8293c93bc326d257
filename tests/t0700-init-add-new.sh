#!/bin/sh
# t0700-init-add-new.sh - thread init, thread add and thread new, end to
# end, in real git repositories: what each writes (exactly), what each
# refuses (with its exit status and message), and what each leaves alone.

. "$(dirname "$0")/test-lib.sh"

# run_exit N CMD [ARGS...]: `thread CMD ARGS` exits with exactly N, with its
# stdout in $OUT and its stderr in $ERR (default: ./out and ./err).
run_exit() {
	re_want=$1
	shift
	test_exit "$re_want" "$THREAD" "$@" >"${OUT:-out}" 2>"${ERR:-err}" || {
		echo "--- stdout:"; cat "${OUT:-out}"
		echo "--- stderr:"; cat "${ERR:-err}"
		return 1
	}
}

# expect_out LINE... / expect_err LINE...: the output is exactly these lines.
expect_out() {
	printf '%s\n' "$@" >"${OUT:-out}.expect" &&
	test_cmp "${OUT:-out}.expect" "${OUT:-out}"
}

expect_err() {
	printf '%s\n' "$@" >"${ERR:-err}.expect" &&
	test_cmp "${ERR:-err}.expect" "${ERR:-err}"
}

# files DIR: every file and folder under DIR (its .git aside) with the
# bytes of each file, as one listing.
files() {
	(cd "$1" && find . -path ./.git -prune -o -print | sort &&
	 find . -path ./.git -prune -o -type f -exec sha1sum {} + | sort -k 2)
}

no_identity() {
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
}

# ---- init ----

test_expect_success 'init DIR: settings, people/, transcripts/, the hook, and one commit of exactly those files' '
	run_exit 0 init notes &&
	id=$(git -C notes rev-parse --short=7 HEAD) &&
	expect_out "committed $id: thread: start the repository" \
		"installed $PWD/notes/.git/hooks/pre-commit: it runs thread lint --staged before each commit" \
		"created a thread repository in notes: .thread.yaml, people/, transcripts/" \
		"next: thread add HANDLE --name '\''Full Name'\''" &&
	test_must_be_empty err &&
	test "$(git -C notes rev-list --count HEAD)" -eq 1 &&
	git -C notes log -1 --format=%B >msg &&
	printf "thread: start the repository\n\n" >expect &&
	test_cmp expect msg &&
	git -C notes show --stat --format= HEAD >stat &&
	n=$(wc -l <notes/.thread.yaml) &&
	test "$n" -gt 1 && test "$n" -lt 40 &&
	plus=$(printf "%${n}s" "" | tr " " +) &&
	printf "%s\n" " .thread.yaml         | $n $plus" \
		" people/.gitkeep      | 0" \
		" transcripts/.gitkeep | 0" \
		" 3 files changed, $n insertions(+)" >expect &&
	test_cmp expect stat &&
	git -C notes ls-tree -r --name-only HEAD >tree &&
	printf "%s\n" .thread.yaml people/.gitkeep transcripts/.gitkeep >expect &&
	test_cmp expect tree &&
	(cd notes && find . -path ./.git -prune -o -print | sort) >listing &&
	printf "%s\n" . ./.thread.yaml ./people ./people/.gitkeep ./transcripts ./transcripts/.gitkeep >expect &&
	test_cmp expect listing &&
	git -C notes --no-optional-locks status --porcelain --untracked-files=all >status &&
	test_must_be_empty status &&
	test ! -s notes/people/.gitkeep && test ! -s notes/transcripts/.gitkeep
'

test_expect_success 'init: .thread.yaml holds only commented defaults, and lints clean' '
	run_exit 0 init notes &&
	grep -v "^#" notes/.thread.yaml | grep -v "^\$" >active || : &&
	test_must_be_empty active &&
	grep -q "^# me: " notes/.thread.yaml &&
	grep -q "^# people: " notes/.thread.yaml &&
	(cd notes && run_exit 0 lint .thread.yaml) &&
	test_must_be_empty notes/out
'

test_expect_success 'init: the hook is executable, is thread'\''s, and calls this thread' '
	run_exit 0 init notes &&
	test -x notes/.git/hooks/pre-commit &&
	head -n 2 notes/.git/hooks/pre-commit >top &&
	printf "%s\n" "#!/bin/sh" "# installed by thread hook install" >expect &&
	test_cmp expect top &&
	grep -Fx "thread='\''$THREAD'\''" notes/.git/hooks/pre-commit &&
	tail -n 1 notes/.git/hooks/pre-commit >last &&
	echo "exec \"\$thread\" lint --staged" >expect &&
	test_cmp expect last &&
	test ! -e notes/.git/hooks/pre-commit.thread-chained
'

test_expect_success 'init with no folder: the current folder' '
	mkdir notes && cd notes &&
	run_exit 0 init &&
	sed -n 3p out >line &&
	echo "created a thread repository in .: .thread.yaml, people/, transcripts/" >expect &&
	test_cmp expect line &&
	git ls-tree -r --name-only HEAD >tree &&
	printf "%s\n" .thread.yaml people/.gitkeep transcripts/.gitkeep >expect &&
	test_cmp expect tree
'

test_expect_success 'init twice changes nothing: same HEAD, same files, "already a thread repository"' '
	run_exit 0 init notes &&
	head=$(git -C notes rev-parse HEAD) &&
	files notes >files.before &&
	sha1sum notes/.git/hooks/pre-commit notes/.git/index >git.before &&
	git -C notes show-ref >refs.before &&
	run_exit 0 init notes &&
	expect_out "notes is already a thread repository; nothing to do" &&
	test_must_be_empty err &&
	test "$(git -C notes rev-parse HEAD)" = "$head" &&
	files notes >files.after &&
	test_cmp files.before files.after &&
	sha1sum notes/.git/hooks/pre-commit notes/.git/index >git.after &&
	test_cmp git.before git.after &&
	git -C notes show-ref >refs.after &&
	test_cmp refs.before refs.after &&
	cd notes &&
	run_exit 0 init &&
	expect_out ". is already a thread repository; nothing to do" &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'init adopts a git repository with other files: commits only its own files' '
	mkdir repo && cd repo &&
	git init -q -b main &&
	printf "# Team\n" >README.md &&
	git add README.md && git commit -q -m first &&
	first=$(git rev-parse HEAD) &&
	printf "staged\n" >staged.txt && git add staged.txt &&
	printf "more\n" >>README.md &&
	printf "scratch\n" >scratch.txt &&
	OUT=../out ERR=../err run_exit 0 init &&
	id=$(git rev-parse --short=7 HEAD) &&
	OUT=../out expect_out "committed $id: thread: start the repository" \
		"installed $PWD/.git/hooks/pre-commit: it runs thread lint --staged before each commit" \
		"adopted a thread repository in .: .thread.yaml, people/, transcripts/" \
		"next: thread add HANDLE --name '\''Full Name'\''" &&
	test "$(git rev-parse HEAD~1)" = "$first" &&
	test "$(git rev-parse --abbrev-ref HEAD)" = main &&
	git diff --name-only HEAD~1 HEAD >../changed &&
	printf "%s\n" .thread.yaml people/.gitkeep transcripts/.gitkeep >../expect &&
	test_cmp ../expect ../changed &&
	git show HEAD:README.md >../readme &&
	printf "# Team\n" >../expect &&
	test_cmp ../expect ../readme &&
	git --no-optional-locks status --porcelain >../status &&
	printf "%s\n" " M README.md" "A  staged.txt" "?? scratch.txt" >../expect &&
	test_cmp ../expect ../status
'

test_expect_success 'init keeps an existing .thread.yaml and people/ file, and commits only what it created' '
	mkdir repo && cd repo &&
	git init -q -b main &&
	printf "me: sam\n" >.thread.yaml &&
	mkdir people && person alice >people/alice.md &&
	git add .thread.yaml people/alice.md && git commit -q -m mine &&
	OUT=../out ERR=../err run_exit 0 init &&
	git diff --name-only HEAD~1 HEAD >../changed &&
	printf "%s\n" people/.gitkeep transcripts/.gitkeep >../expect &&
	test_cmp ../expect ../changed &&
	printf "me: sam\n" >../expect &&
	test_cmp ../expect .thread.yaml &&
	git --no-optional-locks status --porcelain >../status &&
	test_must_be_empty ../status
'

test_expect_success 'init adopts a repository with a pre-commit hook of its own: kept and chained' '
	mkdir repo && cd repo &&
	git init -q -b main &&
	printf "#!/bin/sh\nexit 0\n" >.git/hooks/pre-commit && chmod +x .git/hooks/pre-commit &&
	cp .git/hooks/pre-commit ../user-hook &&
	OUT=../out ERR=../err run_exit 0 init &&
	sed -n 3p ../out >../line &&
	echo "your earlier hook is kept as $PWD/.git/hooks/pre-commit.thread-chained and runs first" >../expect &&
	test_cmp ../expect ../line &&
	test_cmp ../user-hook .git/hooks/pre-commit.thread-chained
'

test_expect_success 'init that cannot install its hook refuses before committing anything' '
	mkdir repo && cd repo &&
	git init -q -b main &&
	printf "x\n" >a.md && git add a.md && git commit -q -m a &&
	head=$(git rev-parse HEAD) &&
	printf "#!/bin/sh\nexit 0\n" >.git/hooks/pre-commit &&
	cp .git/hooks/pre-commit .git/hooks/pre-commit.thread-chained &&
	chmod +x .git/hooks/pre-commit .git/hooks/pre-commit.thread-chained &&
	OUT=../out ERR=../err run_exit 2 init &&
	test_must_be_empty ../out &&
	test "$(git rev-parse HEAD)" = "$head" &&
	test ! -e .thread.yaml && test ! -e people && test ! -e transcripts
'

test_expect_success 'init inside a subfolder of another git repository is refused (exit 2), nothing written' '
	mkdir repo && cd repo &&
	git init -q -b main &&
	mkdir -p docs && printf "x\n" >docs/a.md &&
	git add docs && git commit -q -m docs &&
	head=$(git rev-parse HEAD) &&
	cd .. && files repo >files.before && cd repo &&
	OUT=../out ERR=../err run_exit 2 init docs &&
	test_must_be_empty ../out &&
	echo "thread init: docs is inside the git repository $PWD/; run thread init at its top, or in a folder outside it" >../expect &&
	test_cmp ../expect ../err &&
	cd docs &&
	OUT=../../out ERR=../../err run_exit 2 init &&
	echo "thread init: . is inside the git repository $(dirname "$PWD")/; run thread init at its top, or in a folder outside it" >../../expect &&
	test_cmp ../../expect ../../err &&
	cd ../.. &&
	files repo >files.after &&
	test_cmp files.before files.after &&
	test "$(git -C repo rev-parse HEAD)" = "$head" &&
	test ! -e repo/.git/hooks/pre-commit
'

test_expect_success 'init of a new folder inside another git repository is refused without creating the folder' '
	mkdir repo && cd repo &&
	git init -q -b main &&
	printf "x\n" >a.md && git add a.md && git commit -q -m a &&
	OUT=../out ERR=../err run_exit 2 init notes &&
	{ test ! -e notes || { echo "left behind: $(ls -ad notes)"; false; }; }
'

test_expect_success 'init with no git identity is refused with the git config advice; no thread files' '
	(
		no_identity &&
		run_exit 2 init notes
	) &&
	test_must_be_empty out &&
	expect_err "thread init: no git identity (user.name and user.email); set one with" \
		"    git config --global user.name '\''Your Name'\''" \
		"    git config --global user.email you@example.com" &&
	test ! -e notes/.thread.yaml &&
	test ! -e notes/people &&
	test ! -e notes/transcripts
'

test_expect_success 'init with no git identity in an existing repository: HEAD, index and files unchanged' '
	mkdir repo && cd repo &&
	git init -q -b main &&
	printf "x\n" >a.md && git add a.md && git commit -q -m a &&
	head=$(git rev-parse HEAD) &&
	cd .. && files repo >files.before &&
	sha1sum repo/.git/index >index.before && cd repo &&
	(
		no_identity &&
		OUT=../out ERR=../err run_exit 2 init
	) &&
	test_must_be_empty ../out &&
	cd .. &&
	files repo >files.after &&
	test_cmp files.before files.after &&
	sha1sum repo/.git/index >index.after &&
	test_cmp index.before index.after &&
	test "$(git -C repo rev-parse HEAD)" = "$head" &&
	test ! -e repo/.git/hooks/pre-commit
'

test_expect_success 'init with no git identity writes nothing at all: no folder, no .git' '
	(
		no_identity &&
		run_exit 2 init notes
	) &&
	{ test ! -e notes || { echo "left behind:"; find notes | sed 5q; false; }; } &&
	mkdir empty && cd empty &&
	(
		no_identity &&
		OUT=../out ERR=../err run_exit 2 init
	) &&
	{ test ! -e .git || { echo "left behind: $(ls -d .git)"; false; }; }
'

# ---- add ----

test_expect_success 'add writes people/HANDLE.md with exactly the front matter and the heading; no commit' '
	"$THREAD" init notes >/dev/null && cd notes &&
	head=$(git rev-parse HEAD) &&
	OUT=../out ERR=../err run_exit 0 add alice --name "Alice Chen" --role "Senior Engineer" \
		--cadence biweekly --type mentorship --consent recorded --email alice@example.com &&
	echo "created people/alice.md; start the first session with: thread new alice" >../expect &&
	test_cmp ../expect ../out &&
	test_must_be_empty ../err &&
	cat >../expect <<-\EOF &&
	---
	name: Alice Chen
	role: Senior Engineer
	email: "alice@example.com"
	cadence: biweekly
	type: mentorship
	consent: recorded
	---

	# Alice Chen
	EOF
	test_cmp ../expect people/alice.md &&
	test "$(git rev-parse HEAD)" = "$head" &&
	git --no-optional-locks status --porcelain >../status &&
	echo "?? people/alice.md" >../expect &&
	test_cmp ../expect ../status
'

test_expect_success 'add with only --name: cadence weekly, type manager, consent notes-only' '
	"$THREAD" init notes >/dev/null && cd notes &&
	OUT=../out ERR=../err run_exit 0 add bo --name Bo &&
	cat >expect <<-\EOF &&
	---
	name: Bo
	cadence: weekly
	type: manager
	consent: notes-only
	---

	# Bo
	EOF
	test_cmp expect people/bo.md
'

test_expect_success 'add: a name with a colon (or quotes) is quoted, and reads back as written' '
	"$THREAD" init notes >/dev/null && cd notes &&
	OUT=../out ERR=../err run_exit 0 add drwho --name "Dr. Who: The Return" &&
	OUT=../out ERR=../err run_exit 0 add quoted --name "Jo \"JJ\" O\\Neil" &&
	sed -n 2p people/drwho.md >line &&
	echo "name: \"Dr. Who: The Return\"" >expect &&
	test_cmp expect line &&
	sed -n 2p people/quoted.md >line &&
	printf "%s\n" "name: \"Jo \\\"JJ\\\" O\\\\Neil\"" >expect &&
	test_cmp expect line &&
	tail -n 1 people/drwho.md >line &&
	echo "# Dr. Who: The Return" >expect &&
	test_cmp expect line &&
	OUT=../out ERR=../err run_exit 0 lint people/drwho.md people/quoted.md &&
	test_must_be_empty ../out &&
	printf "\n## 2026-11-20\n\n### Next\n- x\n" >>people/drwho.md &&
	printf "[00:00:01] A: x\n" >../t.txt &&
	OUT=../out ERR=../err run_exit 2 closeout drwho --transcript ../t.txt &&
	echo "thread closeout: Dr. Who: The Return'\''s consent is '\''notes-only'\'', not '\''recorded'\'': no transcript is kept (once they agree, set consent: recorded in people/drwho.md)" >expect &&
	test_cmp expect ../err
'

test_expect_success 'the files add creates lint clean: exit 0, no finding' '
	"$THREAD" init notes >/dev/null && cd notes &&
	OUT=../out ERR=../err run_exit 0 add alice --name "Alice Chen" --role "Senior Engineer" \
		--cadence 10d --type skip-level --consent recorded --email alice@example.com &&
	OUT=../out ERR=../err run_exit 0 add bo --name Bo &&
	OUT=../out ERR=../err run_exit 0 lint &&
	test_must_be_empty ../out &&
	echo "thread lint: 3 files, no problems" >expect &&
	test_cmp expect ../err
'

test_expect_success 'add from a subfolder writes into the repository'\''s people/' '
	"$THREAD" init notes >/dev/null && cd notes/transcripts &&
	OUT=../../out ERR=../../err run_exit 0 add bo --name Bo &&
	echo "created ../people/bo.md; start the first session with: thread new bo" >expect &&
	test_cmp expect ../../out &&
	test -f ../people/bo.md && test ! -e people
'

test_expect_success 'add refuses an invalid handle (exit 2), writes nothing' '
	"$THREAD" init notes >/dev/null && cd notes &&
	for h in Alice "al ice" _alice ../alice .alice "a/b" ""; do
		OUT=../out ERR=../err run_exit 2 add "$h" --name X &&
		test_must_be_empty ../out &&
		echo "thread add: '\''$h'\'' is not a valid handle: use lowercase letters, digits, '\''.'\'', '\''_'\'' or '\''-'\'', starting with a letter or digit (such as alice-chen)" >expect &&
		test_cmp expect ../err || exit 1
	done &&
	ls -A people >listing &&
	echo .gitkeep >expect &&
	test_cmp expect listing
'

test_expect_success 'add refuses an existing file (exit 2) and leaves it unchanged' '
	"$THREAD" init notes >/dev/null && cd notes &&
	person alice >people/alice.md &&
	sha1sum people/alice.md >sum.before &&
	OUT=../out ERR=../err run_exit 2 add alice --name "Someone Else" --consent recorded &&
	test_must_be_empty ../out &&
	echo "thread add: people/alice.md already exists; thread add never replaces a person'\''s thread" >expect &&
	test_cmp expect ../err &&
	sha1sum people/alice.md >sum.after &&
	test_cmp sum.before sum.after
'

test_expect_success 'add refuses a bad --cadence (exit 2), writes nothing' '
	"$THREAD" init notes >/dev/null && cd notes &&
	OUT=../out ERR=../err run_exit 2 add bo --name Bo --cadence daily &&
	test_must_be_empty ../out &&
	echo "thread add: --cadence must be weekly, biweekly, monthly or a number of days such as 10d, not '\''daily'\''" >expect &&
	test_cmp expect ../err &&
	test ! -e people/bo.md
'

test_expect_success 'add refuses a bad --consent (exit 2), writes nothing' '
	"$THREAD" init notes >/dev/null && cd notes &&
	OUT=../out ERR=../err run_exit 2 add bo --name Bo --consent maybe &&
	test_must_be_empty ../out &&
	head -n 1 ../err >first &&
	echo "thread add: --consent must be recorded or notes-only, not '\''maybe'\''" >expect &&
	test_cmp expect first &&
	test ! -e people/bo.md
'

test_expect_success 'add without --name, or outside a thread repository: exit 2' '
	"$THREAD" init notes >/dev/null && cd notes &&
	OUT=../out ERR=../err run_exit 2 add bo &&
	echo "thread add: say who it is: --name '\''Full Name'\''" >expect &&
	test_cmp expect ../err &&
	test ! -e people/bo.md &&
	mkdir ../elsewhere && cd ../elsewhere &&
	run_exit 2 add bo --name Bo &&
	echo "thread add: not inside a thread repository; run thread init first" >expect &&
	test_cmp expect err &&
	test ! -e people
'

# ---- new ----

# alice's thread with two sessions: line numbers matter below.
alice_thread() {
	cat <<'EOF'
---
name: Alice Chen
role: Senior Engineer
cadence: weekly
consent: notes-only
---

# Alice Chen

## 2026-11-13

### Tasks
- [ ] Draft the cutover plan @alice due:2026-11-25
  Done when: reviewed by the billing lead
- [x] Book the load test @alice due:2026-11-12
  Done when: booked

### Next
- How did the cutover go?

## 2026-11-20

### Blockers
- Waiting on prod DB access from infra #access
  - [ ] ask: Grant prod read access for alice @dave due:2026-11-24 escalate:2026-11-26
    Done when: alice can query the prod replica

### Priorities
- [ ] Finish the migration cleanup @alice due:2026-11-27
  Why: unblocks the Q1 plan

### Tasks
- [ ] Write the rollback runbook @alice due:2026-11-27
  Done when: runbook reviewed by SRE

### Asks
- [ ] Confirm the Q1 headcount @me due:2026-11-25 escalate:2026-11-28
  Done when: a number in writing
- [x] Approve the offsite @me due:2026-11-20 escalate:2026-11-21
  Done when: approved

### Growth
- Skill: concise stakeholder updates
- [ ] Rep: send a 5-bullet Friday update @alice due:2026-11-27
- Exposure: the VP weekly sync

### Next
- Review the access ask with infra first
- Ask about the holiday plan
EOF
}

# new_setup: ./notes by thread init, settings, alice; the shell in notes.
new_setup() {
	"$THREAD" init notes >/dev/null && cd notes &&
	printf "me: sam\npeople: [dave]\n" >.thread.yaml &&
	alice_thread >people/alice.md
}

test_expect_success 'new appends a session for today (THREAD_TODAY) with every section, in order' '
	new_setup &&
	OUT=../out ERR=../err run_exit 0 new alice &&
	echo "people/alice.md:51: new session 2026-11-21" >expect &&
	test_cmp expect ../out &&
	test_must_be_empty ../err &&
	head -n 49 people/alice.md >before &&
	alice_thread >expect &&
	test_cmp expect before &&
	sed -n 50,51p people/alice.md >heading &&
	printf "%s\n" "" "## 2026-11-21" >expect &&
	test_cmp expect heading &&
	sed -n "51,\$p" people/alice.md | grep "^##" >headings &&
	cat >expect <<-\EOF &&
	## 2026-11-21
	### Review
	### Wins
	### Blockers
	### Priorities
	### Tasks
	### Asks
	### Feedback
	### Growth
	### Decisions
	### Risks
	### Notes
	### Private
	### Next
	EOF
	test_cmp expect headings &&
	grep -c "^## 2026-" people/alice.md >count &&
	echo 3 >expect && test_cmp expect count
'

test_expect_success 'new: the Review list carries the last Next list, every open ask, task and priority, and the growth rep' '
	new_setup &&
	OUT=../out ERR=../err run_exit 0 new alice &&
	sed -n "/^### Review\$/,/^### Wins\$/p" people/alice.md >review &&
	cat >expect <<-\EOF &&
	### Review
	- Next (from 2026-11-20): Review the access ask with infra first
	- Next (from 2026-11-20): Ask about the holiday plan
	- Open ask: Grant prod read access for alice (@dave, due 2026-11-24, escalate 2026-11-26) at people/alice.md:25
	- Open ask: Confirm the Q1 headcount (@me, due 2026-11-25, escalate 2026-11-28) at people/alice.md:37
	- Open task: Draft the cutover plan (@alice, due 2026-11-25) at people/alice.md:13
	- Open task: Write the rollback runbook (@alice, due 2026-11-27) at people/alice.md:33
	- Open priority: Finish the migration cleanup (@alice, due 2026-11-27) at people/alice.md:29
	- Growth rep (from 2026-11-20): send a 5-bullet Friday update (did it happen?)

	### Wins
	EOF
	test_cmp expect review
'

test_expect_success 'new: each "at people/alice.md:LINE" names the line of that very item' '
	new_setup &&
	OUT=../out ERR=../err run_exit 0 new alice &&
	sed -n "s/^- Open \(ask\|task\|priority\): \([^(]*\) (.*) at people\/alice.md:\([0-9]*\)\$/\3 \2/p" people/alice.md >refs &&
	test "$(wc -l <refs)" -eq 5 &&
	while read -r line text; do
		sed -n "${line}p" people/alice.md >item &&
		grep -F -- "- [ ] " item >/dev/null &&
		grep -F -- "$text" item >/dev/null || {
			echo "line $line is not \"$text\":"; cat item; exit 1
		}
	done <refs
'

test_expect_success 'new from a subfolder: the file is found, and the same session is written' '
	new_setup &&
	cp people/alice.md ../orig.md &&
	OUT=../out ERR=../err run_exit 0 new alice &&
	mv people/alice.md ../from-top.md &&
	cp ../orig.md people/alice.md &&
	cd people &&
	OUT=../../out ERR=../../err run_exit 0 new alice &&
	echo "../people/alice.md:51: new session 2026-11-21" >../../expect &&
	test_cmp ../../expect ../../out &&
	sed "/^- Open /d" ../../from-top.md >../../top.stripped &&
	sed "/^- Open /d" alice.md >../../sub.stripped &&
	test_cmp ../../top.stripped ../../sub.stripped
'

test_expect_success 'new from a subfolder: the Review names items as people/FILE:LINE, not by a path from there' '
	new_setup &&
	cd transcripts &&
	OUT=../../out ERR=../../err run_exit 0 new alice &&
	grep "^- Open task: Draft the cutover plan" ../people/alice.md >../../line &&
	echo "- Open task: Draft the cutover plan (@alice, due 2026-11-25) at people/alice.md:13" >../../expect &&
	test_cmp ../../expect ../../line
'

test_expect_success 'new: nothing under Review is a checkbox or a ledger item' '
	new_setup &&
	OUT=../out ERR=../err run_exit 0 new alice &&
	sed -n "/^### Review\$/,/^### Wins\$/p" people/alice.md >review &&
	! grep -F "[ ]" review &&
	! grep -F "[x]" review &&
	! grep -E "(due|escalate):[0-9]" review &&
	! grep -E "@[a-z]+ due:" review
'

test_expect_success 'new: the file lints clean afterwards: a planned session is not judged on what the meeting has not filled in' '
	new_setup &&
	OUT=../out ERR=../err run_exit 0 lint people/alice.md &&
	test_must_be_empty ../out &&
	OUT=../out ERR=../err run_exit 0 new alice &&
	OUT=../out ERR=../err run_exit 0 lint people/alice.md &&
	test_must_be_empty ../out &&
	grep -Fx "thread lint: 1 file, no problems" ../err
'

test_expect_success 'new on a person with no session: the Review says so; the file lints with no error' '
	"$THREAD" init notes >/dev/null && cd notes &&
	OUT=../out ERR=../err run_exit 0 add bo --name Bo &&
	OUT=../out ERR=../err run_exit 0 new bo &&
	echo "people/bo.md:10: new session 2026-11-21" >expect &&
	test_cmp expect ../out &&
	sed -n 8,13p people/bo.md >top &&
	printf "%s\n" "# Bo" "" "## 2026-11-21" "" "### Review" "<!-- nothing carried over: the first session -->" >expect &&
	test_cmp expect top &&
	OUT=../out ERR=../err run_exit 0 lint people/bo.md &&
	! grep -F "error:" ../out
'

test_expect_success 'new --date writes that date' '
	new_setup &&
	OUT=../out ERR=../err run_exit 0 new alice --date 2026-11-27 &&
	echo "people/alice.md:51: new session 2026-11-27" >expect &&
	test_cmp expect ../out &&
	sed -n 51p people/alice.md >heading &&
	echo "## 2026-11-27" >expect &&
	test_cmp expect heading
'

test_expect_success 'new refuses a date that already has a session (exit 2), file unchanged' '
	new_setup &&
	sha1sum people/alice.md >sum.before &&
	OUT=../out ERR=../err run_exit 2 new alice --date 2026-11-20 &&
	test_must_be_empty ../out &&
	echo "thread new: there is already a session on 2026-11-20 (line 21)" >expect &&
	test_cmp expect ../err &&
	OUT=../out ERR=../err run_exit 0 new alice &&
	cp people/alice.md ../after-new &&
	OUT=../out ERR=../err run_exit 2 new alice &&
	echo "thread new: there is already a session on 2026-11-21 (line 51)" >expect &&
	test_cmp expect ../err &&
	test_cmp ../after-new people/alice.md
'

test_expect_success 'new refuses a date older than the newest session (exit 2), file unchanged' '
	new_setup &&
	sha1sum people/alice.md >sum.before &&
	OUT=../out ERR=../err run_exit 2 new alice --date 2026-11-19 &&
	test_must_be_empty ../out &&
	echo "thread new: 2026-11-19 is before the newest session, 2026-11-20 (line 21); sessions run oldest first" >expect &&
	test_cmp expect ../err &&
	sha1sum people/alice.md >sum.after &&
	test_cmp sum.before sum.after
'

test_expect_success 'new: a date older than several sessions names the newest one, not the first later one' '
	new_setup &&
	OUT=../out ERR=../err run_exit 2 new alice --date 2026-11-10 &&
	echo "thread new: 2026-11-10 is before the newest session, 2026-11-20 (line 21); sessions run oldest first" >expect &&
	test_cmp expect ../err
'

test_expect_success 'new: an invalid --date is named as --date, not --today' '
	new_setup &&
	OUT=../out ERR=../err run_exit 2 new alice --date 2026-02-30 &&
	echo "thread new: --date '\''2026-02-30'\'' is not a date; write YYYY-MM-DD" >expect &&
	test_cmp expect ../err
'

test_expect_success 'new --type adds the word to the heading' '
	new_setup &&
	OUT=../out ERR=../err run_exit 0 new alice --date 2026-11-27 --type skip-level &&
	echo "people/alice.md:51: new session 2026-11-27" >expect &&
	test_cmp expect ../out &&
	sed -n 51p people/alice.md >heading &&
	echo "## 2026-11-27 skip-level" >expect &&
	test_cmp expect heading
'

test_expect_success 'new a person with no file: exit 2' '
	new_setup &&
	OUT=../out ERR=../err run_exit 2 new nobody &&
	echo "thread new: there is no people/nobody.md; add the person first: thread add nobody --name '\''Full Name'\''" >expect &&
	test_cmp expect ../err
'

# A fake editor: records each argument on a line of $EDITOR_LOG.
fake_editor() {
	cat >"$1" <<-\EOF &&
	#!/bin/sh
	for a in "$@"; do printf "%s\n" "$a"; done >"$EDITOR_LOG"
	EOF
	chmod +x "$1"
}

test_expect_success 'new --edit runs $EDITOR with +LINE and the path' '
	new_setup &&
	fake_editor ../editor &&
	EDITOR_LOG=$PWD/../args EDITOR=$PWD/../editor OUT=../out ERR=../err run_exit 0 new alice --edit &&
	echo "people/alice.md:51: new session 2026-11-21" >expect &&
	test_cmp expect ../out &&
	printf "%s\n" +51 people/alice.md >expect &&
	test_cmp expect ../args &&
	sed -n 51p people/alice.md >heading &&
	echo "## 2026-11-21" >expect &&
	test_cmp expect heading
'

test_expect_success 'new --edit: $VISUAL first, through the shell so it may carry arguments' '
	new_setup &&
	fake_editor ../editor &&
	cd people &&
	EDITOR_LOG=$PWD/../../args VISUAL="$PWD/../../editor --wait" EDITOR=false \
		OUT=../../out ERR=../../err run_exit 0 new alice --edit &&
	printf "%s\n" --wait +51 ../people/alice.md >expect &&
	test_cmp expect ../../args
'

test_expect_success 'new --edit with an editor that fails: exit 2, the session stays' '
	new_setup &&
	EDITOR=false OUT=../out ERR=../err run_exit 2 new alice --edit &&
	echo "thread new: the editor (false) failed" >expect &&
	test_cmp expect ../err &&
	sed -n 51p people/alice.md >heading &&
	echo "## 2026-11-21" >expect &&
	test_cmp expect heading
'

test_expect_success 'new only appends: a CRLF file keeps every byte, and the session ends its lines the same way' '
	"$THREAD" init crlf >/dev/null && cd crlf &&
	printf -- "---\r\nname: Zed Q\r\n---\r\n\r\n## 2026-11-14\r\n\r\n### Next\r\n- talk about X  \r\n" >people/zed.md &&
	cp people/zed.md ../before &&
	OUT=../out ERR=../err run_exit 0 new zed &&
	grep -Fx "people/zed.md:10: new session 2026-11-21" ../out &&
	cmp -n $(wc -c <../before) ../before people/zed.md &&
	! grep -qv "$(printf "\r")\$" people/zed.md &&
	sed -n 10p people/zed.md | grep -q "^## 2026-11-21" &&
	OUT=../out ERR=../err run_exit 0 lint people/zed.md
'

test_expect_success 'new only appends: a file with no newline at its end gets one, and a blank line' '
	"$THREAD" init nonl >/dev/null && cd nonl &&
	printf -- "---\nname: Zed Q\n---\n\n## 2026-11-14\n\n### Next\n- talk about X" >people/zed.md &&
	cp people/zed.md ../before &&
	OUT=../out ERR=../err run_exit 0 new zed &&
	cmp -n $(wc -c <../before) ../before people/zed.md &&
	sed -n 8,10p people/zed.md >../tail &&
	printf -- "- talk about X\n\n## 2026-11-21\n" >../expect && test_cmp ../expect ../tail
'

test_done
