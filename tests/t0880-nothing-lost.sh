#!/bin/bash
# Nothing lost (issue 10): a read-modify-write of a person file (done, new,
# closeout) never discards a change made meanwhile, by another thread
# command or by an editor; a rewrite keeps the file's mode and owner, new
# notes files are private; and a person file that cannot be read is
# reported by every reader, never silently left out.
. "$(dirname "$0")/test-lib.sh"

FAULTY=${THREAD_FAULTY:-$SRC_DIR/build/fault/thread}
[ -x "$FAULTY" ] || { echo "Bail out! no fault-injection build at $FAULTY (make build/fault/thread)"; exit 1; }

umask 022

# alice with three open tasks in her last session, as a manager writes them.
three_tasks() {
	cat <<\PERSON
---
name: Alice Chen
role: Engineer
cadence: weekly
consent: recorded
---

# Alice Chen

## 2026-11-20

### Tasks
- [ ] Write the runbook @alice due:2026-11-27
  Done when: reviewed by SRE
- [ ] Rotate the staging credentials @alice due:2026-11-28
  Done when: the old keys are revoked
- [ ] Book the capacity review @sam due:2026-11-29
  Done when: on the calendar

### Next
- Review the runbook
PERSON
}

# The repository r, alice ready to close out, and a transcript to import.
setup() {
	new_repo r && cd r &&
	three_tasks >people/alice.md &&
	person bob >people/bob.md &&
	git add -A && git commit -q -m "the notes" &&
	printf "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Sam>Hello.\n" >../meeting.vtt
}

mode_of() { stat -c %a "$1"; }

test_expect_success 'three thread done at once on different items: all three check-offs survive, 200 of 200 runs' '
	setup && cp people/alice.md ../fresh &&
	lost=0 && i=0 &&
	while [ $i -lt 200 ]; do
		cp ../fresh people/alice.md &&
		{ thread done people/alice.md:13 >/dev/null 2>>../err & } &&
		{ thread done people/alice.md:15 >/dev/null 2>>../err & } &&
		{ thread done alice "capacity review" >/dev/null 2>>../err & } &&
		wait &&
		n=$(grep -c "^- \[x\]" people/alice.md) &&
		if [ "$n" != 3 ]; then lost=$((lost + 1)); fi &&
		i=$((i + 1))
	done &&
	echo "runs that lost a check-off: $lost of 200" &&
	test $lost = 0 && test_must_be_empty ../err &&
	! find . -name "*.lock" | grep .
'

# closeout_paused ARGS: start a closeout of alice that waits after writing
# the transcript (before the person file), in the background.
closeout_paused() {
	{ (THREAD_FAULT=transcript-written:wait THREAD_FAULT_GO=../go \
	   "$FAULTY" closeout alice "$@" >../out 2>../err; echo $? >../rc) & } &&
	sleep 1
}

# What an editor saves: the notes with one more win.
edited() {
	three_tasks | sed "s/^### Next\$/### Wins\n- Shipped the migration\n\n### Next/"
}

# The closeout refused, naming the file; alice.md holds what the editor
# saved; nothing was committed; no transcript or lock file is left.
refused() {
	test "$(cat ../rc)" = 2 &&
	grep -Fq "thread closeout: $PWD/people/alice.md changed while thread closeout ran" ../err ||
	grep -Fq "thread closeout: people/alice.md changed while thread closeout ran" ../err ||
	{ cat ../err; false; } &&
	grep -q "run it again" ../err &&
	edited >../want && test_cmp ../want people/alice.md &&
	test "$(git rev-parse HEAD)" = "$head" &&
	test "$(git show HEAD:people/alice.md | wc -c)" = "$(three_tasks | wc -c)" &&
	test ! -e transcripts/alice/2026-11-20.txt &&
	! find . -name "*.lock" | grep -v "^./.git/" | grep .
}

test_expect_success 'an editor saves by rename (vim, VS Code) while closeout runs: refused, the edit kept, nothing committed' '
	setup && head=$(git rev-parse HEAD) &&
	closeout_paused --transcript ../meeting.vtt &&
	edited >people/.alice.md.swp && mv people/.alice.md.swp people/alice.md &&
	touch ../go && wait &&
	refused
'

test_expect_success 'an editor saves in place (cat >) while closeout runs: refused, the edit kept, nothing committed' '
	setup && head=$(git rev-parse HEAD) &&
	closeout_paused --transcript ../meeting.vtt &&
	edited >people/alice.md &&
	touch ../go && wait &&
	refused
'

test_expect_success 'an in-place save while a closeout with nothing to add runs: refused, nothing committed' '
	setup && head=$(git rev-parse HEAD) &&
	closeout_paused &&
	edited >../tmp && truncate -s 0 people/alice.md && cat ../tmp >>people/alice.md &&
	touch ../go && wait &&
	refused
'

test_expect_success 'a writer mid-write (truncated, not yet written) while closeout runs: refused, and its write lands' '
	setup && head=$(git rev-parse HEAD) &&
	closeout_paused --transcript ../meeting.vtt &&
	exec 3>people/alice.md &&
	touch ../go && wait &&
	edited >&3 && exec 3>&- &&
	refused
'

test_expect_success 'closeout holds the lock: a thread done meanwhile waits, and both changes stay' '
	setup &&
	{ (THREAD_FAULT=transcript-written:wait THREAD_FAULT_GO=../go \
	   "$FAULTY" closeout alice --transcript ../meeting.vtt >../out 2>../err; echo $? >../rc) & } &&
	sleep 1 &&
	{ thread done alice "staging credentials" >../done.out 2>../done.err & } &&
	sleep 1 && touch ../go && wait &&
	test "$(cat ../rc)" = 0 && grep -q "done: Rotate the staging credentials" ../done.out &&
	grep -q "^Transcript: transcripts/alice/2026-11-20.txt" people/alice.md &&
	grep -q "^- \[x\] Rotate the staging credentials" people/alice.md &&
	git show HEAD:people/alice.md | grep -q "^Transcript: " &&
	! find . -name "*.lock" | grep -v "^./.git/" | grep .
'

test_expect_success 'chmod 600 stays 600 after done, new, closeout and a failed closeout' '
	setup && chmod 600 people/alice.md &&
	thread done alice runbook >/dev/null && test "$(mode_of people/alice.md)" = 600 &&
	test_must_fail env THREAD_FAULT=commit-object:fail "$FAULTY" closeout alice --transcript ../meeting.vtt 2>../err &&
	grep -q "injected fault" ../err &&
	test "$(mode_of people/alice.md)" = 600 &&
	thread closeout alice --transcript ../meeting.vtt >/dev/null &&
	test "$(mode_of people/alice.md)" = 600 &&
	thread new alice --date 2026-11-27 >/dev/null && test "$(mode_of people/alice.md)" = 600 &&
	chmod 640 people/alice.md &&
	thread done alice "capacity review" >/dev/null && test "$(mode_of people/alice.md)" = 640
'

if [ "$(id -u)" = 0 ]; then
test_expect_success 'as root, a rewrite keeps the file owner' '
	setup && chown 65534:65534 people/alice.md &&
	thread done alice runbook >/dev/null &&
	test "$(stat -c %u:%g people/alice.md)" = 65534:65534 &&
	thread new alice --date 2026-11-27 >/dev/null &&
	test "$(stat -c %u:%g people/alice.md)" = 65534:65534
'
else
	echo "ok 999 - # SKIP keeping the owner needs root"
	test_count=$((test_count + 1))
fi

test_expect_success 'new files in people/ and transcripts/ are 0600 by default, even with umask 022' '
	setup &&
	thread add carol --name "Carol Diaz" --consent recorded >/dev/null &&
	test "$(mode_of people/carol.md)" = 600 &&
	thread closeout alice --transcript ../meeting.vtt >/dev/null &&
	test "$(mode_of transcripts/alice/2026-11-20.txt)" = 600
'

test_expect_success 'files: mode: "0640" in .thread.yaml makes them group-readable' '
	setup && printf "files:\n  mode: \"0640\"\n" >>.thread.yaml &&
	git commit -q -am "group-readable" &&
	thread add carol --name "Carol Diaz" >/dev/null &&
	test "$(mode_of people/carol.md)" = 640 &&
	thread closeout alice --transcript ../meeting.vtt >/dev/null &&
	test "$(mode_of transcripts/alice/2026-11-20.txt)" = 640
'

test_expect_success 'a files: mode that would share or execute the notes is a config error' '
	setup &&
	for m in 0666 0700 0644x 0400 "[1]"; do
		printf "me: sam\nfiles:\n  mode: %s\n" "$m" >.thread.yaml &&
		test_exit 1 thread lint >../out 2>&1 &&
		grep -q "^.thread.yaml:3:9: error: files: mode must be an octal mode the owner can read and write" ../out ||
		{ cat ../out; false; }
	done &&
	printf "me: sam\nfiles:\n  mode: 0640\n  owner: sam\n" >.thread.yaml &&
	test_exit 1 thread lint >../out 2>&1 &&
	grep -q "unknown key .owner. under files (known: mode)" ../out
'

# An unreadable bob next to a readable alice: each reader names bob's file
# and line, still shows alice, and does not exit 0.
nul_bob() { printf -- "---\nname: Bob\n---\n\n## 2026-11-20\n\n### Tasks\n- [ ] Fix the \0 build @bob due:2026-11-27\n" >people/bob.md; }
complex_bob() {
	{ person bob && perl -e "print q(![[]\() x 12000, qq(\n)"; } >people/bob.md
}

for kind in nul complex; do
	if [ $kind = nul ]; then
		where="people/bob.md:8:15: error: NUL byte: this is a binary file, not Markdown notes (move it out of people/) [encoding]"
	else
		where="people/bob.md:18:1: error: this paragraph holds 24000 '[': Markdown shaped like this takes too long to read (split it up, or move it out of people/) [too-complex]"
	fi

	test_expect_success "open (text, json, ics) reports an unreadable ($kind) person file, shows the rest, exits 2" '
		setup && '$kind'_bob &&
		for f in text json ics; do
			test_exit 2 thread open --format $f >../out 2>../err &&
			grep -q "Write the runbook" ../out &&
			grep -Fxq "$where" ../err || { cat ../err; false; }
		done
	'

	test_expect_success "digest and prep report an unreadable ($kind) person file and exit 2" '
		setup && '$kind'_bob &&
		printf -- "- [ ] ask: the budget, from bob @bob due:2026-11-27 escalate:2026-12-01\n" >>people/alice.md &&
		test_exit 2 thread digest >../out 2>../err &&
		grep -q "the budget" ../out && grep -Fxq "$where" ../err &&
		test_exit 2 thread prep bob >../out 2>../err &&
		grep -Fxq "$where" ../err
	'

	test_expect_success "stats and repeat-blockers report an unreadable ($kind) person file, count the rest, exit 2" '
		setup && '$kind'_bob &&
		test_exit 2 thread stats >../out 2>../err &&
		grep -q "^alice" ../out && grep -Fxq "$where" ../err &&
		test_exit 2 thread repeat-blockers >../out 2>../err &&
		grep -Fxq "$where" ../err
	'

	test_expect_success "closeout, done and new refuse an unreadable ($kind) person file and change nothing" '
		setup && '$kind'_bob && git add -A && git commit -q -m bob &&
		head=$(git rev-parse HEAD) && cp people/bob.md ../bob.before &&
		test_exit 1 thread closeout bob >../out 2>../err &&
		grep -Fxq "$where" ../err &&
		test_exit 2 thread done bob build 2>../err &&
		grep -Fxq "$where" ../err &&
		test_exit 2 thread new bob --date 2026-11-27 2>../err &&
		grep -Fxq "$where" ../err &&
		cmp people/bob.md ../bob.before &&
		test "$(git rev-parse HEAD)" = "$head"
	'
done

test_done
