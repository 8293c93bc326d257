#!/bin/sh
# t0710-closeout.sh - thread closeout, end to end, in real git repositories:
# the commit's tree and exact message, the Transcript: line it inserts, the
# other changes it must leave alone, and every refusal, which must leave
# HEAD, the index and the work tree byte for byte as they were.

. "$(dirname "$0")/test-lib.sh"

# co_exit N [ARGS...]: `thread closeout ARGS` exits with exactly N; its
# stdout is in ../out and its stderr in ../err (outside the repository).
co_exit() {
	co_want=$1
	shift
	test_run_in .. "$co_want" "$THREAD" closeout "$@"
}

# expect_out LINE... / expect_err LINE...: ../out or ../err is exactly these.
expect_out() {
	printf '%s\n' "$@" >../expect &&
	test_cmp ../expect ../out
}

expect_err() {
	printf '%s\n' "$@" >../expect.err &&
	test_cmp ../expect.err ../err
}

# alice's thread: a closed session, then the session of 2026-11-20 whose
# items point into the transcript below.  It lints with no finding.
alice_file() {
	cat <<'EOF'
---
name: Alice Chen
role: Senior Engineer
cadence: weekly
consent: recorded
---

# Alice Chen

## 2026-11-13

### Tasks
- [x] Draft the cutover plan @alice due:2026-11-18
  Done when: reviewed by the billing lead

### Next
- How did the cutover go?

## 2026-11-20

### Wins
- Shipped the billing migration with zero downtime [t:2-3]

### Blockers
- Waiting on prod DB access from infra #access [t:4-6]
  - [ ] ask: Grant prod read access for alice @dave
    due:2026-11-24 escalate:2026-11-26 [t:5-6]
    Done when: alice can query the prod replica

### Priorities
- [ ] Finish the migration cleanup @alice due:2026-11-27
  Why: unblocks the Q1 plan

### Tasks
- [ ] Write the rollback runbook @alice due:2026-11-27 [t:7] [t:9-10]
  Done when: runbook reviewed by SRE
- [x] Send the cutover notes @alice due:2026-11-20
  Done when: sent to the team

### Asks
- [ ] Confirm the Q1 headcount @me due:2026-11-25 escalate:2026-11-28
  Done when: a number in writing

### Feedback
Updates are clear but long;
better is five bullets [t:11]

### Growth
- Skill: concise stakeholder updates
- [ ] Rep: send a 5-bullet Friday update @alice due:2026-11-27
- Exposure: the VP weekly sync

### Decisions
- Billing freeze moves to Dec 1 [t:8]
- QA starts a week later

### Next
- Review the access ask with infra first
EOF
}

# bob's thread: notes-only, one session with no transcript references.
bob_file() {
	cat <<'EOF'
---
name: Bob Park
cadence: weekly
consent: notes-only
---

# Bob Park

## 2026-11-20

### Tasks
- [ ] Draft the Q1 plan @bob due:2026-11-27
  Done when: the team has read it
- [x] Book the offsite @bob due:2026-11-19
  Done when: booked

### Decisions
- The offsite is in March

### Next
- The Q1 plan
EOF
}

# setup: a thread repository ./repo made by thread init (so with its
# pre-commit hook), with settings, bob, and alice's thread as it was after
# last week's session committed; this week's session is written in the
# work tree, and its transcript is at ./meeting.txt.  Leaves the shell in
# repo.
setup() {
	"$THREAD" init repo >/dev/null &&
	cd repo &&
	printf 'me: sam\npeople: [dave]\n' >.thread.yaml &&
	alice_file | sed -n 1,17p >people/alice.md &&
	bob_file >people/bob.md &&
	git add .thread.yaml people &&
	git commit -q -m "alice and bob" &&
	alice_file >people/alice.md &&
	meeting >../meeting.txt
}

# snapshot NAME: HEAD and the refs, the bytes of the index, git's view of
# the work tree, and the bytes of every file, into ../NAME.*; also every
# folder, into ../NAME.dirs.  Nothing here writes to the repository.
snapshot() {
	{ cat .git/HEAD && git show-ref; } >"../$1.head" &&
	sha1sum .git/index >"../$1.index" &&
	git --no-optional-locks status --porcelain --untracked-files=all >"../$1.status" &&
	find . -path ./.git -prune -o -type f -exec sha1sum {} + | sort -k 2 >"../$1.files" &&
	find . -path ./.git -prune -o -type d -print | sort >"../$1.dirs"
}

# unchanged_since NAME: HEAD, the index and the work tree are as in
# snapshot NAME (empty folders aside: see unchanged_dirs_since).
unchanged_since() {
	snapshot after &&
	test_cmp "../$1.head" ../after.head &&
	test_cmp "../$1.index" ../after.index &&
	test_cmp "../$1.status" ../after.status &&
	test_cmp "../$1.files" ../after.files
}

unchanged_dirs_since() {
	unchanged_since "$1" &&
	test_cmp "../$1.dirs" ../after.dirs
}

# The message of the closeout of alice's 2026-11-20 session with the
# transcript; $1 is the blob id of the transcript.
alice_message() {
	cat <<EOF
closeout: alice 2026-11-20

Decisions: 2. Tasks: 1 open, 1 closed. Asks: 2 open, 0 closed.
Priorities: 1 open, 0 closed. Growth reps: 1 open, 0 closed.

Thread-Person: alice
Thread-Session: 2026-11-20
Transcript: transcripts/alice/2026-11-20.txt $1
Provenance: people/alice.md:23 -> transcripts/alice/2026-11-20.txt:2-3
Provenance: people/alice.md:26 -> transcripts/alice/2026-11-20.txt:4-6
Provenance: people/alice.md:27 -> transcripts/alice/2026-11-20.txt:5-6
Provenance: people/alice.md:36 -> transcripts/alice/2026-11-20.txt:7,9-10
Provenance: people/alice.md:46 -> transcripts/alice/2026-11-20.txt:11
Provenance: people/alice.md:55 -> transcripts/alice/2026-11-20.txt:8
EOF
}

# ---- the commit ----

test_expect_success 'closeout commits exactly the person file and the transcript, on HEAD' '
	setup &&
	before=$(git rev-parse HEAD) &&
	co_exit 0 alice --transcript ../meeting.txt &&
	id=$(git rev-parse --short=7 HEAD) &&
	expect_out "closeout: alice 2026-11-20 committed as $id" \
		"transcript: transcripts/alice/2026-11-20.txt" \
		"follow-up: people/alice.md:19-59 (send it today)" &&
	test_must_be_empty ../err &&
	test "$(git rev-parse HEAD~1)" = "$before" &&
	test "$(git rev-list --count HEAD)" -eq 3 &&
	git diff --name-only HEAD~1 HEAD >../changed &&
	printf "%s\n" people/alice.md transcripts/alice/2026-11-20.txt >../expect &&
	test_cmp ../expect ../changed &&
	git ls-tree -r --name-only HEAD >../tree &&
	printf "%s\n" .thread.yaml people/.gitkeep people/alice.md people/bob.md \
		transcripts/.gitkeep transcripts/alice/2026-11-20.txt >../expect &&
	test_cmp ../expect ../tree &&
	git --no-optional-locks status --porcelain >../status &&
	test_must_be_empty ../status
'

test_expect_success 'the committed files are the work-tree files: transcript imported, person file with its Transcript: line' '
	setup &&
	co_exit 0 alice --transcript ../meeting.txt &&
	test_cmp ../meeting.txt transcripts/alice/2026-11-20.txt &&
	git show HEAD:transcripts/alice/2026-11-20.txt >../committed &&
	test_cmp ../meeting.txt ../committed &&
	alice_file | sed "19a\\
Transcript: transcripts/alice/2026-11-20.txt" >../expect &&
	test_cmp ../expect people/alice.md &&
	sed -n 19,21p people/alice.md >../head3 &&
	printf "%s\n" "## 2026-11-20" "Transcript: transcripts/alice/2026-11-20.txt" "" >../expect &&
	test_cmp ../expect ../head3 &&
	git show HEAD:people/alice.md >../committed &&
	test_cmp people/alice.md ../committed
'

test_expect_success 'the commit message: subject, -m paragraph, counts, trailers, one Provenance per referenced item' '
	setup &&
	co_exit 0 alice --transcript ../meeting.txt -m "Freeze moved; headcount by Wednesday." &&
	blob=$(git rev-parse HEAD:transcripts/alice/2026-11-20.txt) &&
	test "$blob" = "$(git hash-object ../meeting.txt)" &&
	git log -1 --format=%B HEAD >../msg &&
	{
		alice_message "$blob" | sed -n 1,2p &&
		echo "Freeze moved; headcount by Wednesday." &&
		echo &&
		alice_message "$blob" | sed -n "3,\$p" &&
		echo
	} >../expect &&
	test_cmp ../expect ../msg
'

test_expect_success 'without -m there is no message paragraph; git reads the trailers' '
	setup &&
	co_exit 0 alice --transcript ../meeting.txt &&
	blob=$(git rev-parse HEAD:transcripts/alice/2026-11-20.txt) &&
	git log -1 --format=%B HEAD >../msg &&
	{ alice_message "$blob" && echo; } >../expect &&
	test_cmp ../expect ../msg &&
	git log -1 --format="%(trailers:key=Provenance,valueonly)" HEAD >../prov &&
	alice_message "$blob" | sed -n "s/^Provenance: //p" >../expect &&
	echo >>../expect &&
	test_cmp ../expect ../prov &&
	git log -1 --format="%(trailers:key=Thread-Person,valueonly)%(trailers:key=Thread-Session,valueonly)" HEAD >../ts &&
	printf "alice\n2026-11-20\n\n" >../expect &&
	test_cmp ../expect ../ts
'

test_expect_success 'each Provenance LINE is the line of the item marker (or paragraph start) in the committed file' '
	setup &&
	co_exit 0 alice --transcript ../meeting.txt &&
	git log -1 --format=%B HEAD | sed -n "s/^Provenance: people\/alice.md:\([0-9]*\) .*/\1/p" >../lines &&
	for n in $(cat ../lines); do
		git show HEAD:people/alice.md | sed -n "${n}p" || exit 1
	done >../items &&
	cat >../expect <<-\EOF &&
	- Shipped the billing migration with zero downtime [t:2-3]
	- Waiting on prod DB access from infra #access [t:4-6]
	  - [ ] ask: Grant prod read access for alice @dave
	- [ ] Write the rollback runbook @alice due:2026-11-27 [t:7] [t:9-10]
	Updates are clear but long;
	- Billing freeze moves to Dec 1 [t:8]
	EOF
	test_cmp ../expect ../items
'

test_expect_success 'other changes stay: a staged change stays staged, an unstaged one stays in the work tree' '
	setup &&
	printf "# Team notes\n" >notes.md &&
	printf "# Todo\n" >todo.md &&
	git add notes.md todo.md && git commit -q -m "notes" &&
	printf "staged line\n" >>notes.md &&
	git add notes.md &&
	printf "unstaged line\n" >>notes.md &&
	printf "unstaged todo\n" >>todo.md &&
	printf "new file\n" >new.md && git add new.md &&
	printf "untracked\n" >scratch.txt &&
	git diff -- notes.md todo.md new.md >../diff.before &&
	git diff --cached >../cached.before &&
	git --no-optional-locks status --porcelain >../status.before &&
	printf "%s\n" "A  new.md" "MM notes.md" " M people/alice.md" " M todo.md" "?? scratch.txt" >../expect &&
	test_cmp ../expect ../status.before &&
	co_exit 0 alice --transcript ../meeting.txt &&
	git diff >../diff.after &&
	git diff --cached >../cached.after &&
	git --no-optional-locks status --porcelain >../status.after &&
	test_cmp ../diff.before ../diff.after &&
	test_cmp ../cached.before ../cached.after &&
	printf "%s\n" "A  new.md" "MM notes.md" " M todo.md" "?? scratch.txt" >../expect &&
	test_cmp ../expect ../status.after &&
	git diff --name-only HEAD~1 HEAD >../changed &&
	printf "%s\n" people/alice.md transcripts/alice/2026-11-20.txt >../expect &&
	test_cmp ../expect ../changed &&
	git show HEAD:notes.md >../notes &&
	printf "# Team notes\n" >../expect &&
	test_cmp ../expect ../notes
'

test_expect_success 'the person file'\''s own staged version is replaced by what was committed' '
	setup &&
	printf "\n### Risks\n- Holiday on-call is thin\n" >>people/alice.md &&
	git add people/alice.md &&
	printf -- "- Early signal: more than 2 pages a week\n" >>people/alice.md &&
	co_exit 0 alice --transcript ../meeting.txt &&
	git show HEAD:people/alice.md >../committed &&
	test_cmp people/alice.md ../committed &&
	git --no-optional-locks status --porcelain >../status &&
	test_must_be_empty ../status
'

test_expect_success 'author and committer, names and dates, come from GIT_AUTHOR_* and GIT_COMMITTER_*' '
	setup &&
	GIT_AUTHOR_NAME="Ada Lovelace" GIT_AUTHOR_EMAIL=ada@example.org \
	GIT_AUTHOR_DATE=2026-11-20T18:30:00+01:00 \
	GIT_COMMITTER_NAME="Cy Bot" GIT_COMMITTER_EMAIL=cy@example.net \
	GIT_COMMITTER_DATE="2026-11-21 09:15:00 -0500" \
		co_exit 0 alice --transcript ../meeting.txt &&
	git log -1 --format="%an %ae %aI%n%cn %ce %cI" HEAD >../who &&
	printf "%s\n" "Ada Lovelace ada@example.org 2026-11-20T18:30:00+01:00" \
		"Cy Bot cy@example.net 2026-11-21T09:15:00-05:00" >../expect &&
	test_cmp ../expect ../who
'

test_expect_success 'the test environment identity: git log %an %ae %aI %cI' '
	setup &&
	co_exit 0 alice --transcript ../meeting.txt &&
	git log -1 --format="%an %ae %aI %cI" HEAD >../who &&
	echo "Sam Okafor sam@example.com 2026-11-20T17:00:00+00:00 2026-11-20T17:00:00+00:00" >../expect &&
	test_cmp ../expect ../who
'

test_expect_success 'without GIT_AUTHOR_*/GIT_COMMITTER_*: user.name and user.email from git config, date now' '
	setup &&
	git config user.name "Config Person" &&
	git config user.email config@example.com &&
	t0=$(date +%s) &&
	(
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE \
			GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE &&
		co_exit 0 alice --transcript ../meeting.txt
	) &&
	t1=$(date +%s) &&
	git log -1 --format="%an <%ae>%n%cn <%ce>" HEAD >../who &&
	printf "%s\n" "Config Person <config@example.com>" "Config Person <config@example.com>" >../expect &&
	test_cmp ../expect ../who &&
	at=$(git log -1 --format=%at HEAD) && ct=$(git log -1 --format=%ct HEAD) &&
	test "$at" -ge "$t0" && test "$at" -le "$t1" &&
	test "$ct" -ge "$t0" && test "$ct" -le "$t1"
'

# ---- options ----

test_expect_success '--dry-run prints the files and the message, and writes nothing' '
	setup &&
	snapshot before &&
	co_exit 0 alice --transcript ../meeting.txt --dry-run -m "Freeze moved." &&
	unchanged_dirs_since before &&
	blob=$(git hash-object ../meeting.txt) &&
	{
		echo "would commit people/alice.md and transcripts/alice/2026-11-20.txt, with the message:" &&
		echo &&
		alice_message "$blob" | sed -n 1,2p &&
		echo "Freeze moved." &&
		echo &&
		alice_message "$blob" | sed -n "3,\$p"
	} >../expect &&
	test_cmp ../expect ../out &&
	test_must_be_empty ../err
'

test_expect_success '--dry-run then the real closeout: the same message' '
	setup &&
	co_exit 0 alice --transcript ../meeting.txt --dry-run &&
	sed 1,2d ../out >../dry &&
	co_exit 0 alice --transcript ../meeting.txt &&
	git log -1 --format=%B HEAD | sed "\$d" >../real &&
	test_cmp ../dry ../real
'

test_expect_success 'a closeout with no transcript (notes-only) commits only the person file, with no Transcript or Provenance trailer' '
	setup &&
	co_exit 0 bob &&
	id=$(git rev-parse --short=7 HEAD) &&
	expect_out "closeout: bob 2026-11-20 committed as $id" \
		"follow-up: people/bob.md:9-21 (send it today)" &&
	test_must_be_empty ../err &&
	git diff --name-only HEAD~1 HEAD >../changed &&
	test_must_be_empty ../changed &&
	git show --format= --name-only HEAD >../names &&
	test_must_be_empty ../names &&
	git log -1 --format=%B HEAD >../msg &&
	cat >../expect <<-\EOF &&
	closeout: bob 2026-11-20

	Decisions: 1. Tasks: 1 open, 1 closed. Asks: 0 open, 0 closed.
	Priorities: 0 open, 0 closed. Growth reps: 0 open, 0 closed.

	Thread-Person: bob
	Thread-Session: 2026-11-20

	EOF
	test_cmp ../expect ../msg
'

test_expect_success 'a notes-only closeout of an edited file commits that file alone' '
	setup &&
	printf "\n### Risks\n- The offsite budget\n" >>people/bob.md &&
	printf "x\n" >>people/alice.md &&
	co_exit 0 bob &&
	git diff --name-only HEAD~1 HEAD >../changed &&
	echo people/bob.md >../expect &&
	test_cmp ../expect ../changed &&
	git --no-optional-locks status --porcelain >../status &&
	echo " M people/alice.md" >../expect &&
	test_cmp ../expect ../status &&
	git log -1 --format=%B HEAD >../msg &&
	! grep -E "^(Transcript|Provenance):" ../msg
'

test_expect_success '--date closes out an older session, not the newest' '
	setup &&
	cat >people/carol.md <<-\EOF &&
	---
	name: Carol Diaz
	cadence: weekly
	consent: recorded
	---

	# Carol Diaz

	## 2026-11-13

	### Tasks
	- [ ] Draft the cutover plan @carol due:2026-11-28
	  Done when: reviewed by the billing lead

	### Next
	- How did the cutover go?

	## 2026-11-20

	### Next
	- The plan
	EOF
	git add people/carol.md && git commit -q -m carol &&
	sed -i "/Draft the cutover plan/s/\$/ [t:2]/" people/carol.md &&
	co_exit 0 carol --date 2026-11-13 --transcript ../meeting.txt &&
	id=$(git rev-parse --short=7 HEAD) &&
	expect_out "closeout: carol 2026-11-13 committed as $id" \
		"transcript: transcripts/carol/2026-11-13.txt" \
		"follow-up: people/carol.md:9-18 (send it today)" &&
	test_must_be_empty ../err &&
	git diff --name-only HEAD~1 HEAD >../changed &&
	printf "%s\n" people/carol.md transcripts/carol/2026-11-13.txt >../expect &&
	test_cmp ../expect ../changed &&
	sed -n 9,11p people/carol.md >../lines &&
	printf "%s\n" "## 2026-11-13" "Transcript: transcripts/carol/2026-11-13.txt" "" >../expect &&
	test_cmp ../expect ../lines &&
	sed -n "19,\$p" people/carol.md >../rest &&
	printf "%s\n" "## 2026-11-20" "" "### Next" "- The plan" >../expect &&
	test_cmp ../expect ../rest &&
	blob=$(git rev-parse HEAD:transcripts/carol/2026-11-13.txt) &&
	git log -1 --format=%B HEAD >../msg &&
	cat >../expect <<-EOF &&
	closeout: carol 2026-11-13

	Decisions: 0. Tasks: 1 open, 0 closed. Asks: 0 open, 0 closed.
	Priorities: 0 open, 0 closed. Growth reps: 0 open, 0 closed.

	Thread-Person: carol
	Thread-Session: 2026-11-13
	Transcript: transcripts/carol/2026-11-13.txt $blob
	Provenance: people/carol.md:13 -> transcripts/carol/2026-11-13.txt:2

	EOF
	test_cmp ../expect ../msg
'

test_expect_success '--date with no session on that date: exit 2, nothing written' '
	setup &&
	snapshot before &&
	co_exit 2 alice --date 2026-11-14 --transcript ../meeting.txt &&
	test_must_be_empty ../out &&
	expect_err "thread closeout: people/alice.md has no session on 2026-11-14 (add one with thread new alice --date 2026-11-14)" &&
	unchanged_dirs_since before
'

test_expect_success 'the same transcript again is fine: the session is closed out again' '
	setup &&
	co_exit 0 alice --transcript ../meeting.txt &&
	first=$(git rev-parse HEAD) &&
	printf "\n### Risks\n- Holiday on-call is thin\n" >>people/alice.md &&
	co_exit 0 alice --transcript ../meeting.txt &&
	id=$(git rev-parse --short=7 HEAD) &&
	expect_out "closeout: alice 2026-11-20 committed as $id" \
		"follow-up: people/alice.md:19-62 (send it today)" &&
	test "$(git rev-parse HEAD~1)" = "$first" &&
	git diff --name-only HEAD~1 HEAD >../changed &&
	echo people/alice.md >../expect &&
	test_cmp ../expect ../changed &&
	grep -c "^Transcript:" people/alice.md >../count &&
	echo 1 >../expect &&
	test_cmp ../expect ../count
'

test_expect_success 'an existing transcript of the session is used without --transcript' '
	setup &&
	co_exit 0 alice --transcript ../meeting.txt &&
	blob=$(git rev-parse HEAD:transcripts/alice/2026-11-20.txt) &&
	co_exit 0 alice &&
	git log -1 --format=%B HEAD >../msg &&
	{ alice_message "$blob" && echo; } >../expect &&
	test_cmp ../expect ../msg
'

test_expect_success '--force replaces a different transcript' '
	setup &&
	co_exit 0 alice --transcript ../meeting.txt &&
	meeting | sed "s/Tuesday/Wednesday/" >../corrected.txt &&
	co_exit 0 alice --transcript ../corrected.txt --force &&
	id=$(git rev-parse --short=7 HEAD) &&
	expect_out "closeout: alice 2026-11-20 committed as $id" \
		"transcript: transcripts/alice/2026-11-20.txt" \
		"follow-up: people/alice.md:19-59 (send it today)" &&
	test_cmp ../corrected.txt transcripts/alice/2026-11-20.txt &&
	git diff --name-only HEAD~1 HEAD >../changed &&
	echo transcripts/alice/2026-11-20.txt >../expect &&
	test_cmp ../expect ../changed &&
	blob=$(git rev-parse HEAD:transcripts/alice/2026-11-20.txt) &&
	test "$blob" = "$(git hash-object ../corrected.txt)" &&
	git log -1 --format=%B HEAD >../msg &&
	grep -Fx "Transcript: transcripts/alice/2026-11-20.txt $blob" ../msg
'

# ---- refusals: nothing changes ----

test_expect_success 'a lint error stops it: exit 1, the finding on the line as the user has it, nothing written' '
	setup &&
	sed -i "s/ escalate:2026-11-28//" people/alice.md &&
	snapshot before &&
	co_exit 1 alice --transcript ../meeting.txt &&
	expect_out "people/alice.md:41:1: error: ask has no escalation checkpoint (add escalate:YYYY-MM-DD) [ask-escalation]" &&
	expect_err "thread closeout: 1 error in people/alice.md: fix it, then close out again; nothing was written" &&
	unchanged_dirs_since before &&
	test ! -e transcripts/alice
'

test_expect_success 'a reference past the end of the new transcript stops it: exit 1, nothing written' '
	setup &&
	sed -i "s/\[t:8\]/[t:8-12]/" people/alice.md &&
	snapshot before &&
	co_exit 1 alice --transcript ../meeting.txt &&
	expect_out "people/alice.md:54:33: error: [t:8-12]: line 12 is past the end of transcripts/alice/2026-11-20.txt, which has 11 lines [transcript-range]" &&
	expect_err "thread closeout: 1 error in people/alice.md: fix it, then close out again; nothing was written" &&
	unchanged_dirs_since before
'

test_expect_success 'consent notes-only with --transcript: exit 2, nothing written' '
	setup &&
	snapshot before &&
	co_exit 2 bob --transcript ../meeting.txt &&
	test_must_be_empty ../out &&
	expect_err "thread closeout: Bob Park'\''s consent is '\''notes-only'\'', not '\''recorded'\'': no transcript is kept (once they agree, set consent: recorded in people/bob.md)" &&
	unchanged_dirs_since before
'

test_expect_success 'a different existing transcript without --force: exit 2, nothing written' '
	setup &&
	co_exit 0 alice --transcript ../meeting.txt &&
	meeting | sed "s/Tuesday/Wednesday/" >../corrected.txt &&
	printf "\n### Risks\n- Holiday on-call is thin\n" >>people/alice.md &&
	snapshot before &&
	co_exit 2 alice --transcript ../corrected.txt &&
	test_must_be_empty ../out &&
	expect_err "thread closeout: transcripts/alice/2026-11-20.txt already holds a different transcript of 2026-11-20; use --force to replace it" &&
	unchanged_dirs_since before &&
	test_cmp ../meeting.txt transcripts/alice/2026-11-20.txt
'

test_expect_success 'during a merge with a conflict: exit 2, nothing written' '
	setup &&
	printf "one\n" >notes.md && git add notes.md && git commit -q -m notes &&
	git checkout -q -b side &&
	printf "two\n" >notes.md && git add notes.md && git commit -q -m side &&
	git checkout -q - &&
	printf "three\n" >notes.md && git add notes.md && git commit -q -m main &&
	test_exit 1 git merge -q side >../merge.out 2>&1 &&
	test -f .git/MERGE_HEAD &&
	git ls-files -u >../unmerged && test -s ../unmerged &&
	snapshot before &&
	co_exit 2 alice --transcript ../meeting.txt &&
	test_must_be_empty ../out &&
	expect_err "thread closeout: the repository is in the middle of a merge; finish or abort it first" &&
	unchanged_dirs_since before &&
	test -f .git/MERGE_HEAD
'

test_expect_success 'while .git/index.lock exists: exit 2, nothing written' '
	setup &&
	: >.git/index.lock &&
	snapshot before &&
	co_exit 2 alice --transcript ../meeting.txt &&
	test_must_be_empty ../out &&
	expect_err "thread closeout: another git process holds $PWD/.git/index.lock; wait for it, or remove the file if no git is running" &&
	unchanged_dirs_since before &&
	test -f .git/index.lock && test ! -s .git/index.lock
'

test_expect_success 'with no git identity: exit 2 with the git config advice, nothing written' '
	setup &&
	co_exit 0 alice --transcript ../meeting.txt &&
	printf "\n### Risks\n- Holiday on-call is thin\n" >>people/alice.md &&
	printf "staged\n" >notes.md && git add notes.md &&
	snapshot before &&
	(
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL &&
		co_exit 2 alice
	) &&
	test_must_be_empty ../out &&
	expect_err "thread closeout: no git identity (user.name and user.email); set one with" \
		"    git config --global user.name '\''Your Name'\''" \
		"    git config --global user.email you@example.com" &&
	unchanged_dirs_since before
'

test_expect_success 'with no git identity and a new transcript: exit 2, no file and no folder written' '
	setup &&
	snapshot before &&
	(
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL &&
		co_exit 2 alice --transcript ../meeting.txt
	) &&
	test_must_be_empty ../out &&
	expect_err "thread closeout: no git identity (user.name and user.email); set one with" \
		"    git config --global user.name '\''Your Name'\''" \
		"    git config --global user.email you@example.com" &&
	unchanged_dirs_since before &&
	test ! -e transcripts/alice
'

test_expect_success '--dry-run with no git identity exits 2 like the closeout would' '
	setup &&
	snapshot before &&
	(
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL &&
		co_exit 2 alice --transcript ../meeting.txt --dry-run
	) &&
	expect_err "thread closeout: no git identity (user.name and user.email); set one with" \
		"    git config --global user.name '\''Your Name'\''" \
		"    git config --global user.email you@example.com" &&
	unchanged_dirs_since before
'

test_expect_success 'GIT_AUTHOR_DATE in RFC 2822 form, which git accepts, is honoured' '
	setup &&
	GIT_AUTHOR_DATE="Fri, 20 Nov 2026 18:30:00 +0100" co_exit 0 alice --transcript ../meeting.txt &&
	git log -1 --format=%aI HEAD >../when &&
	echo 2026-11-20T18:30:00+01:00 >../expect &&
	test_cmp ../expect ../when
'

test_expect_success 'an invalid --date is named as --date, not --today' '
	setup &&
	co_exit 2 alice --date 2026-02-30 &&
	expect_err "thread closeout: --date '\''2026-02-30'\'' is not a date; write YYYY-MM-DD"
'

test_done
