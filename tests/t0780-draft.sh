#!/bin/sh
# t0780-draft.sh - thread draft, end to end: a transcript in, a session of
# (draft) candidates out, each citing its lines; nothing committed, no line
# the manager wrote changed; closeout refused until every line is reviewed.

. "$(dirname "$0")/test-lib.sh"

# The captions of alice's 1:1 on Wednesday 2026-11-18, as a meeting app
# exports them.  Canonical lines (thread transcript import):
#  1 Sam: share my screen        8 Alice: could you get me ... the 24th?
#  2 Alice: migration shipped    9 Sam: yes, I'll have it ... the 24th
#  3 Sam: how is the cleanup    10 Sam: let's go with December 1
#  4 Alice: waiting on Dave     11 Alice: maybe ... at some point
#  5 Sam: I'll ask Dave ...     12 Alice: I'll email ops@... #incident
#  6 Sam: can you write ...     13 Sam: recap: runbook Friday, ask Dave
#  7 Alice: sure, will do       14 Alice: yep
meeting() {
	cat <<'EOF'
WEBVTT

00:00:01.000 --> 00:00:04.000
<v Sam Okafor>Morning Alice. Let me share my screen first.

00:00:05.000 --> 00:00:09.000
<v Alice Chen>Morning. The billing migration shipped on Tuesday, zero downtime.

00:00:10.000 --> 00:00:15.000
<v Sam Okafor>That's great. How is the cleanup going?

00:00:16.000 --> 00:00:22.000
<v Alice Chen>I'm still waiting on Dave for read access to the prod replica.

00:00:23.000 --> 00:00:27.000
<v Sam Okafor>I'll ask Dave for read access tomorrow.

00:00:28.000 --> 00:00:33.000
<v Sam Okafor>Can you write the rollback runbook by Friday?

00:00:34.000 --> 00:00:37.000
<v Alice Chen>Sure, will do.

00:00:38.000 --> 00:00:44.000
<v Alice Chen>Could you get me the Q1 headcount answer on the 24th?

00:00:45.000 --> 00:00:49.000
<v Sam Okafor>Yes, I'll have it for you on the 24th.

00:00:50.000 --> 00:00:56.000
<v Sam Okafor>Let's go with the December 1 date for the billing freeze.

00:00:57.000 --> 00:01:03.000
<v Alice Chen>Maybe I could look at the caching layer at some point.

00:01:04.000 --> 00:01:10.000
<v Alice Chen>I'll email ops@example.com the #incident summary.

00:01:11.000 --> 00:01:16.000
<v Sam Okafor>So to recap, you'll write the rollback runbook by Friday and I'll ask Dave tomorrow.

00:01:17.000 --> 00:01:19.000
<v Alice Chen>Yep.
EOF
}

alice_file() {
	cat <<'EOF'
---
name: Alice Chen
role: Senior Engineer
cadence: weekly
consent: recorded
---

# Alice Chen

## 2026-11-11

### Tasks
- [x] Draft the cutover plan @alice due:2026-11-13
  Done when: reviewed by the billing lead

### Next
- How did the cutover go?
EOF
}

# setup: ./repo by thread init, alice's thread committed, the captions at
# ../meeting.vtt; leaves the shell in repo.
setup() {
	"$THREAD" init repo >/dev/null &&
	cd repo &&
	printf 'me: sam\npeople:\n  - dave: Dave Kowalski\n' >.thread.yaml &&
	alice_file >people/alice.md &&
	git add .thread.yaml people &&
	git commit -q -m "alice" &&
	meeting >../meeting.vtt &&
	git rev-parse HEAD >../head.before
}

draft() {
	"$THREAD" draft alice --transcript ../meeting.vtt --date 2026-11-18 "$@"
}

# The lines each candidate is, in the order of the session.
expect_candidates() {
	cat <<'EOF'
- The billing migration shipped on Tuesday, zero downtime [t:2] (draft)
- I'm still waiting on Dave for read access to the prod replica [t:4] (draft)
  - [ ] ask: Ask Dave for read access tomorrow @dave due:2026-11-19 escalate:2026-11-23 [t:5] (draft)
- [ ] Write the rollback runbook by Friday @alice due:2026-11-20 [t:6-7] (draft)
- [ ] Email ops at example.com the incident summary @alice due:2026-11-25 [t:12] (draft)
- [ ] Get Alice the Q1 headcount answer on the 24th @me due:2026-11-24 escalate:2026-11-26 [t:8-9] (draft)
- Let's go with the December 1 date for the billing freeze [t:10] (draft)
EOF
}

test_expect_success 'draft appends the session: template, Transcript: line, candidates citing their lines' '
	setup &&
	draft >../out 2>../err &&
	grep "(draft)$" people/alice.md >../got &&
	expect_candidates >../want &&
	test_cmp ../want ../got &&
	sed -n "19,20p" people/alice.md >../head &&
	printf "## 2026-11-18\nTranscript: transcripts/alice/2026-11-18.txt\n" >../want &&
	test_cmp ../want ../head &&
	for s in Review Wins Blockers Priorities Tasks Asks Feedback Growth Decisions Risks Notes Private Next; do
		grep -q "^### $s\$" ../out || { echo "no $s"; exit 1; }
	done &&
	grep -q "people/alice.md:19: drafted the 2026-11-18 session: 7 lines marked (draft)" ../err
'

test_expect_success 'the transcript is imported as thread transcript import shows it; nothing is committed' '
	setup &&
	draft >/dev/null 2>&1 &&
	"$THREAD" transcript import ../meeting.vtt | cut -f2- >../want &&
	test_cmp ../want transcripts/alice/2026-11-18.txt &&
	git rev-parse HEAD >../head.after &&
	test_cmp ../head.before ../head.after &&
	git status --porcelain --untracked-files=all >../status &&
	printf " M people/alice.md\n?? transcripts/alice/2026-11-18.txt\n" >../want &&
	test_cmp ../want ../status
'

test_expect_success 'no line the manager wrote changes: the old file is the start of the new one' '
	setup &&
	cp people/alice.md ../before &&
	draft >/dev/null 2>&1 &&
	head -c $(wc -c <../before) people/alice.md >../prefix &&
	test_cmp ../before ../prefix
'

test_expect_success 'the transcript and notes are written with the repository file mode' '
	setup &&
	draft >/dev/null 2>&1 &&
	test "$(stat -c %a transcripts/alice/2026-11-18.txt)" = 600
'

test_expect_success 'in-meeting actions, hedges and small talk are no candidates; a restated commitment is one' '
	setup &&
	draft --dry-run --format json >../json 2>/dev/null &&
	! grep -i "share my screen\|caching\|how is the cleanup" ../json &&
	test "$(grep -c "rollback runbook" ../json)" = 1 &&
	test "$(grep -c "Ask Dave" ../json)" = 1
'

test_expect_success 'closeout refuses while a line is still (draft), and commits once each is reviewed' '
	setup &&
	draft >/dev/null 2>&1 &&
	test_exit 1 "$THREAD" closeout alice --date 2026-11-18 >../out 2>../err &&
	test "$(grep -c "\[draft-unreviewed\]" ../out)" = 7 &&
	git rev-parse HEAD >../head.after &&
	test_cmp ../head.before ../head.after &&
	sed -i -e "/the incident summary/d" -e "s/ (draft)\$//" people/alice.md &&
	"$THREAD" closeout alice --date 2026-11-18 >../out 2>../err &&
	git show --stat HEAD >../show &&
	grep -q "transcripts/alice/2026-11-18.txt" ../show
'

test_expect_success 'a still-empty session from thread new is filled, only by adding lines' '
	setup &&
	"$THREAD" new alice --date 2026-11-18 >/dev/null &&
	cp people/alice.md ../before &&
	draft >/dev/null 2>../err &&
	diff ../before people/alice.md >../diff || true &&
	! grep "^[<c-]" ../diff &&
	grep "(draft)\$" people/alice.md >../got &&
	expect_candidates >../want &&
	sort ../want >../want.s && sort ../got >../got.s &&
	test_cmp ../want.s ../got.s &&
	grep -q "^Transcript: transcripts/alice/2026-11-18.txt\$" people/alice.md &&
	"$THREAD" lint people/alice.md >../lint || true &&
	test "$(grep -c "\[draft-unreviewed\]" ../lint)" = 7
'

test_expect_success 'a session with notes of its own is refused; nothing is written' '
	setup &&
	printf "\n## 2026-11-18\n\n### Wins\n- Shipped it\n" >>people/alice.md &&
	cp people/alice.md ../before &&
	test_exit 2 draft >../out 2>../err &&
	grep -q "people/alice.md:19: the 2026-11-18 session already has notes" ../err &&
	test_cmp ../before people/alice.md &&
	test ! -e transcripts/alice
'

test_expect_success 'consent notes-only: no transcript is kept, so nothing to draft from' '
	setup &&
	sed -i "s/consent: recorded/consent: notes-only/" people/alice.md &&
	cp people/alice.md ../before &&
	test_exit 2 draft >../out 2>../err &&
	grep -q "consent is .notes-only., not .recorded." ../err &&
	test_cmp ../before people/alice.md &&
	test ! -e transcripts/alice
'

test_expect_success 'a different transcript already imported for the date is refused' '
	setup &&
	mkdir -p transcripts/alice &&
	echo "[00:00:01] Sam Okafor: Another meeting." >transcripts/alice/2026-11-18.txt &&
	cp people/alice.md ../before &&
	test_exit 2 draft >../out 2>../err &&
	grep -q "already holds a different transcript" ../err &&
	test_cmp ../before people/alice.md
'

test_expect_success 'a date before the newest session is refused' '
	setup &&
	test_exit 2 "$THREAD" draft alice --transcript ../meeting.vtt --date 2026-11-04 2>../err &&
	grep -q "before the newest session, 2026-11-11" ../err
'

test_expect_success '--dry-run prints the session and writes nothing' '
	setup &&
	cp people/alice.md ../before &&
	draft --dry-run >../out 2>../err &&
	test_cmp ../before people/alice.md &&
	test ! -e transcripts/alice &&
	grep "(draft)\$" ../out >../got &&
	expect_candidates >../want &&
	test_cmp ../want ../got &&
	test_must_be_empty ../err
'

test_expect_success '--format json: kind, text, owner, checkpoints, cited lines and cue words' '
	setup &&
	draft --dry-run --format json >../json 2>/dev/null &&
	grep -q "\"person\":\"alice\",\"date\":\"2026-11-18\",\"transcript\":\"transcripts/alice/2026-11-18.txt\",\"written\":false" ../json &&
	grep -q "{\"kind\":\"task\",\"text\":\"Write the rollback runbook by Friday\",\"owner\":\"alice\",\"checkpoint\":\"2026-11-20\",\"escalate\":null,\"checkpoint_said\":true,\"lines\":\[6,7\],\"cues\":\[\"can you\",\"friday\"\]" ../json &&
	grep -q "{\"kind\":\"ask\",\"text\":\"Ask Dave for read access tomorrow\",\"owner\":\"dave\",\"checkpoint\":\"2026-11-19\",\"escalate\":\"2026-11-23\"" ../json &&
	grep -q "\"kind\":\"blocker\",.*\"lines\":\[4,4\],\"cues\":\[\"waiting on\"\]" ../json &&
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d[\"candidates\"]) == 7" ../json
'

test_expect_success 'speech that looks like fields (@, #, [t:) stays text' '
	setup &&
	cat >../odd.txt <<-EOF &&
	[00:00:01] Sam Okafor: Can you send the notes to @dave and #ops [t:99] by Friday?
	[00:00:05] Alice Chen: Sure. I will, due:2026-01-01 is long gone.
	EOF
	"$THREAD" draft alice --transcript ../odd.txt --date 2026-11-18 >/dev/null 2>&1 &&
	grep "(draft)\$" people/alice.md >../got &&
	echo "- [ ] Send the notes to dave and ops (t:99) by Friday @alice due:2026-11-20 [t:1-2] (draft)" >../want &&
	test_cmp ../want ../got &&
	"$THREAD" lint people/alice.md >../lint || true &&
	! grep "unknown-handle\|transcript-range" ../lint
'

test_expect_success 'a "you" the manager says reads as the report: the name once, then they, and the verb agrees' '
	setup &&
	cat >../you.txt <<-EOF &&
	[00:00:01] Alice Chen: If the cutover slips I am on call that week too.
	[00:00:05] Sam Okafor: If it slips, you swap your primary week with Lena. Let'"'"'s agree that now.
	[00:00:09] Alice Chen: Agreed.
	EOF
	"$THREAD" draft alice --transcript ../you.txt --date 2026-11-18 >/dev/null 2>&1 &&
	grep "^- If it slips" people/alice.md >../got &&
	echo "- If it slips, Alice swaps their primary week with Lena [t:2] (draft)" >../want &&
	test_cmp ../want ../got
'

test_expect_success 'speakers named with --speaker: the report is told from the manager' '
	setup &&
	cat >../anon.txt <<-EOF &&
	[00:00:01] Speaker 1: I will send you the load test results tomorrow.
	[00:00:06] Speaker 2: Thanks. I will book the review room for next week.
	EOF
	"$THREAD" draft alice --transcript ../anon.txt --date 2026-11-18 \
		--speaker "Speaker 1=@alice" --speaker "Speaker 2=Sam Okafor" >/dev/null 2>&1 &&
	grep "(draft)\$" people/alice.md >../got &&
	cat >../want <<-EOF &&
	- [ ] Send Sam the load test results tomorrow @alice due:2026-11-19 [t:1] (draft)
	- [ ] Book the review room for next week @me due:2026-11-27 escalate:2026-12-01 [t:2] (draft)
	EOF
	test_cmp ../want ../got
'

test_expect_success 'escalate_after in .thread.yaml sets an ask'"'"'s escalation, in working days' '
	setup &&
	printf "escalate_after: 3\n" >>.thread.yaml &&
	draft >/dev/null 2>&1 &&
	grep -q "^- \[ \] Get Alice the Q1 headcount answer on the 24th @me due:2026-11-24 escalate:2026-11-27 \[t:8-9\] (draft)\$" people/alice.md &&
	grep -q "ask: Ask Dave for read access tomorrow @dave due:2026-11-19 escalate:2026-11-24 " people/alice.md
'

test_expect_success 'checkpoints: time said, resolved against the meeting date (Wednesday 2026-11-18)' '
	setup &&
	cat >../times.txt <<-EOF &&
	[00:00:01] Alice Chen: I will send the budget by the end of the month.
	[00:00:05] Sam Okafor: Okay.
	[00:00:09] Alice Chen: I will share the deck with the team in two weeks.
	[00:00:13] Sam Okafor: Good.
	[00:00:17] Alice Chen: I will fix the alert on Friday the 27th.
	[00:00:21] Sam Okafor: Fine.
	[00:00:25] Alice Chen: I will update the design doc next Friday.
	[00:00:29] Sam Okafor: Sure.
	[00:00:33] Alice Chen: I will write the summary by the end of the week.
	[00:00:37] Sam Okafor: Thanks.
	[00:00:41] Alice Chen: I will look into the flaky test.
	EOF
	"$THREAD" draft alice --transcript ../times.txt --date 2026-11-18 >/dev/null 2>&1 &&
	grep "(draft)\$" people/alice.md | sed "s/.* due://; s/ .*//" >../got &&
	printf "%s\n" 2026-11-30 2026-12-02 2026-11-27 2026-11-27 2026-11-20 2026-11-25 >../want &&
	test_cmp ../want ../got
'

test_expect_success 'draft and two thread done at once: every change survives, 100 of 100 runs' '
	setup &&
	sed -e "s/^- \[x\] Draft the cutover plan/- [ ] Draft the cutover plan/" \
	    -e "/^### Next/i - [ ] Book the billing retro @alice due:2026-11-16\n  Done when: on the calendar\n" \
	    people/alice.md >../fresh &&
	lost=0 && i=0 &&
	while [ $i -lt 100 ]; do
		cp ../fresh people/alice.md && rm -rf transcripts/alice &&
		{ draft >/dev/null 2>>../err.draft & } &&
		{ "$THREAD" done alice "cutover plan" >/dev/null 2>>../err & } &&
		{ "$THREAD" done alice "billing retro" >/dev/null 2>>../err & } &&
		wait &&
		n=$(grep -c "^- \[x\]" people/alice.md) &&
		d=$(grep -c "(draft)\$" people/alice.md) &&
		if [ "$n" != 2 ] || [ "$d" != 7 ]; then lost=$((lost + 1)); fi &&
		i=$((i + 1))
	done &&
	echo "runs that lost a change: $lost of 100" &&
	test $lost = 0 && test_must_be_empty ../err &&
	! find . -name "*.lock" | grep -v "^./.git/" | grep .
'

test_expect_success 'usage: a handle and --transcript are required' '
	setup &&
	test_exit 2 "$THREAD" draft alice 2>../err &&
	grep -q "give it with --transcript FILE" ../err &&
	test_exit 2 "$THREAD" draft --transcript ../meeting.vtt 2>../err &&
	grep -q "name one person" ../err
'

test_done
