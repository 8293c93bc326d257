#!/bin/sh
# t0740-provenance.sh - thread provenance FILE:LINE, end to end: the item
# and the transcript lines behind it, read from the closeout commit's
# objects, so the answer survives later edits of the notes and of the
# transcript.

. "$(dirname "$0")/test-lib.sh"

# run_exit N ARGS...: `thread ARGS` exits with exactly N; its stdout is in
# $dir/out and its stderr in $dir/err, $dir being the test's folder.
run_exit() {
	re_want=$1
	shift
	test_run_in "$dir" "$re_want" "$THREAD" "$@"
}

# The session of 2026-11-20 (it becomes lines 9-35 of people/alice.md,
# with the Transcript: line closeout inserts at line 10).
alice_file() {
	cat <<'EOF'
---
name: Alice Chen
cadence: weekly
consent: recorded
---

# Alice Chen

## 2026-11-20

### Wins
- Shipped the billing migration with zero downtime [t:2-3]

### Blockers
- Waiting on prod DB access from infra #access [t:4]
  - [ ] ask: Grant prod read access for alice @dave
    due:2026-11-24 escalate:2026-11-26 [t:4-6]
    Done when: alice can query the prod replica

### Tasks
- [ ] Write the rollback runbook @alice due:2026-11-27 [t:7] [t:9-10]
  Done when: runbook reviewed by SRE

### Feedback
Updates are clear but long;
better is five bullets [t:11]

### Decisions
- Billing freeze moves to Dec 1 [t:8]

### Next
- Review the access ask with infra first
EOF
}

# setup: ./repo by thread init, alice's session closed out with the
# meeting's transcript; $CLOSEOUT is that commit, $BLOB the transcript's
# blob.  The shell is left in repo.
setup() {
	"$THREAD" init repo >/dev/null &&
	cd repo &&
	printf "me: sam\npeople: [dave]\n" >.thread.yaml &&
	git add .thread.yaml && git commit -q -m settings &&
	alice_file >people/alice.md &&
	meeting >../meeting.txt &&
	"$THREAD" closeout alice --transcript ../meeting.txt >/dev/null &&
	CLOSEOUT=$(git rev-parse HEAD) &&
	BLOB=$(git rev-parse HEAD:transcripts/alice/2026-11-20.txt) &&
	test "$(git log -1 --format=%s)" = "closeout: alice 2026-11-20" &&
	C7=$(echo "$CLOSEOUT" | cut -c 1-7) &&
	B7=$(echo "$BLOB" | cut -c 1-7)
}

# The answers for the ask (line 17) and the task (line 22).
ask_answer() {
	cat <<EOF
people/alice.md:17 (closeout $C7 on 2026-11-20)
    - [ ] ask: Grant prod read access for alice @dave
      due:2026-11-24 escalate:2026-11-26 [t:4-6]
      Done when: alice can query the prod replica
transcripts/alice/2026-11-20.txt:4-6 (blob $B7)
     4  [00:01:12] Alice Chen: I still can't get into the prod replica.
     5  [00:01:20] Sam Okafor: I will ask Dave for read access today.
     6  [00:01:26] Alice Chen: By Monday would unblock the cleanup.
EOF
}

task_answer() {
	cat <<EOF
people/alice.md:22 (closeout $C7 on 2026-11-20)
  - [ ] Write the rollback runbook @alice due:2026-11-27 [t:7] [t:9-10]
    Done when: runbook reviewed by SRE
transcripts/alice/2026-11-20.txt:7,9-10 (blob $B7)
     7  [00:02:03] Sam Okafor: Can you write the rollback runbook?
     9  [00:03:05] Alice Chen: The runbook can be ready by Friday.
    10  [00:03:11] Alice Chen: SRE should review it first.
EOF
}

test_expect_success 'the closeout recorded what the tests below ask about' '
	setup &&
	git log -1 --format=%B HEAD | grep "^Provenance: " >../prov &&
	cat >../expect <<-\EOF &&
	Provenance: people/alice.md:13 -> transcripts/alice/2026-11-20.txt:2-3
	Provenance: people/alice.md:16 -> transcripts/alice/2026-11-20.txt:4
	Provenance: people/alice.md:17 -> transcripts/alice/2026-11-20.txt:4-6
	Provenance: people/alice.md:22 -> transcripts/alice/2026-11-20.txt:7,9-10
	Provenance: people/alice.md:26 -> transcripts/alice/2026-11-20.txt:11
	Provenance: people/alice.md:30 -> transcripts/alice/2026-11-20.txt:8
	EOF
	test_cmp ../expect ../prov
'

test_expect_success 'provenance FILE:LINE: the item as committed, and its transcript lines' '
	setup &&
	run_exit 0 provenance people/alice.md:17 &&
	ask_answer >../expect &&
	test_cmp ../expect ../out &&
	test_must_be_empty ../err
'

test_expect_success 'provenance of an item with two references: the lines of both, in order' '
	setup &&
	run_exit 0 provenance people/alice.md:22 &&
	task_answer >../expect &&
	test_cmp ../expect ../out
'

test_expect_success 'provenance of a plain bullet (a win, a decision)' '
	setup &&
	run_exit 0 provenance people/alice.md:13 &&
	cat >../expect <<-EOF &&
	people/alice.md:13 (closeout $C7 on 2026-11-20)
	  - Shipped the billing migration with zero downtime [t:2-3]
	transcripts/alice/2026-11-20.txt:2-3 (blob $B7)
	     2  [00:00:04] Alice Chen: The billing migration shipped on Tuesday.
	     3  [00:00:09] Alice Chen: Zero downtime, and no rollback needed.
	EOF
	test_cmp ../expect ../out &&
	run_exit 0 provenance people/alice.md:30 &&
	cat >../expect <<-EOF &&
	people/alice.md:30 (closeout $C7 on 2026-11-20)
	  - Billing freeze moves to Dec 1 [t:8]
	transcripts/alice/2026-11-20.txt:8 (blob $B7)
	     8  [00:02:40] Sam Okafor: The billing freeze moves to December 1.
	EOF
	test_cmp ../expect ../out
'

test_expect_success 'provenance of a paragraph: all of its lines, down to the one with the reference' '
	setup &&
	run_exit 0 provenance people/alice.md:26 &&
	cat >../expect <<-EOF &&
	people/alice.md:26 (closeout $C7 on 2026-11-20)
	  Updates are clear but long;
	  better is five bullets [t:11]
	transcripts/alice/2026-11-20.txt:11 (blob $B7)
	    11  [00:04:30] Sam Okafor: Your updates are clear, but five bullets would be better.
	EOF
	test_cmp ../expect ../out
'

test_expect_success 'from a subfolder, FILE relative to it' '
	setup &&
	cd people &&
	run_exit 0 provenance alice.md:17 &&
	ask_answer >"$dir/expect" &&
	test_cmp "$dir/expect" "$dir/out" &&
	run_exit 0 provenance ./alice.md:17 &&
	test_cmp "$dir/expect" "$dir/out" &&
	cd ../transcripts &&
	run_exit 0 provenance ../people/alice.md:22 &&
	task_answer >"$dir/expect" &&
	test_cmp "$dir/expect" "$dir/out" &&
	run_exit 0 provenance "$(dirname "$PWD")/people/alice.md:22" &&
	test_cmp "$dir/expect" "$dir/out"
'

test_expect_success '--format json: one document with the item, the commit, the blob and each line' '
	setup &&
	run_exit 0 provenance --format json people/alice.md:22 &&
	perl -MJSON::PP -e '\''
		local $/; my $j = decode_json(<STDIN>);
		print join("\n", map { "$_=" . (ref $j->{$_} ? "" : $j->{$_}) } sort grep { $_ ne "lines" } keys %$j), "\n";
		print "line $_->{n}: $_->{text}\n" for @{$j->{lines}};
	'\'' <../out >../parsed &&
	cat >../expect <<-EOF &&
	blob=$BLOB
	commit=$CLOSEOUT
	date=2026-11-20
	file=people/alice.md
	from_blocker=
	item=- [ ] Write the rollback runbook @alice due:2026-11-27 [t:7] [t:9-10]
	  Done when: runbook reviewed by SRE

	line=22
	ranges=7,9-10
	transcript=transcripts/alice/2026-11-20.txt
	line 7: [00:02:03] Sam Okafor: Can you write the rollback runbook?
	line 9: [00:03:05] Alice Chen: The runbook can be ready by Friday.
	line 10: [00:03:11] Alice Chen: SRE should review it first.
	EOF
	test_cmp ../expect ../parsed &&
	test "$(wc -l <../out)" -eq 1
'

test_expect_success 'after the notes and the transcript are edited and committed: the old item and the old lines' '
	setup &&
	{ echo "[00:00:00] Sam Okafor: (recording started)" && meeting | sed "s/read access/access/"; } \
		>transcripts/alice/2026-11-20.txt &&
	sed -i -e "s/Grant prod read access for alice/Grant prod access/" \
		-e "s/\[t:4-6\]/[t:5-7]/" -e "s/^- Shipped the billing/- Shipped all of the billing/" people/alice.md &&
	sed -i "17i\\  - [ ] ask: Approve the budget @dave due:2026-11-24 escalate:2026-11-26\\
    Done when: approved" people/alice.md &&
	git commit -q -a -m "fix the notes and the transcript" &&
	test "$(git rev-parse HEAD~1)" = "$CLOSEOUT" &&
	git show HEAD:people/alice.md | sed -n 17p >../now &&
	echo "  - [ ] ask: Approve the budget @dave due:2026-11-24 escalate:2026-11-26" >../expect &&
	test_cmp ../expect ../now &&
	run_exit 0 provenance people/alice.md:17 &&
	ask_answer >../expect &&
	test_cmp ../expect ../out &&
	run_exit 0 provenance people/alice.md:22 &&
	task_answer >../expect &&
	test_cmp ../expect ../out
'

test_expect_success 'even with the transcript file deleted and committed: the blob is read' '
	setup &&
	git rm -q transcripts/alice/2026-11-20.txt &&
	sed -i "/^Transcript: /d; s/ \[t:[0-9,-]*\]//g" people/alice.md &&
	git commit -q -a -m "drop the transcript" &&
	test ! -e transcripts/alice/2026-11-20.txt &&
	run_exit 0 provenance people/alice.md:22 &&
	task_answer >../expect &&
	test_cmp ../expect ../out
'

test_expect_success 'a newer closeout of the line answers instead' '
	setup &&
	sed -i "s/Billing freeze moves to Dec 1 \[t:8\]/Billing freeze moves to Dec 1 [t:7-8]/" people/alice.md &&
	GIT_COMMITTER_DATE=2026-11-22T09:00:00Z "$THREAD" closeout alice >/dev/null &&
	second=$(git rev-parse --short=7 HEAD) &&
	run_exit 0 provenance people/alice.md:30 &&
	cat >../expect <<-EOF &&
	people/alice.md:30 (closeout $second on 2026-11-22)
	  - Billing freeze moves to Dec 1 [t:7-8]
	transcripts/alice/2026-11-20.txt:7-8 (blob $B7)
	     7  [00:02:03] Sam Okafor: Can you write the rollback runbook?
	     8  [00:02:40] Sam Okafor: The billing freeze moves to December 1.
	EOF
	test_cmp ../expect ../out
'

test_expect_success 'no closeout records the line: exit 1 with the message' '
	setup &&
	run_exit 1 provenance people/alice.md:18 &&
	test_must_be_empty ../out &&
	echo "thread provenance: no closeout records provenance for people/alice.md:18 (closeouts record items that carry [t:] references)" >../expect &&
	test_cmp ../expect ../err &&
	run_exit 1 provenance people/bob.md:13 &&
	echo "thread provenance: no closeout records provenance for people/bob.md:13 (closeouts record items that carry [t:] references)" >../expect &&
	test_cmp ../expect ../err &&
	run_exit 1 provenance people/alice.md:1 &&
	echo "thread provenance: no closeout records provenance for people/alice.md:1 (closeouts record items that carry [t:] references)" >../expect &&
	test_cmp ../expect ../err
'

test_expect_success 'a plain commit with Provenance-like lines is not a closeout' '
	setup &&
	printf "x\n" >notes.md && git add notes.md &&
	git commit -q -m "notes" -m "Provenance: people/alice.md:40 -> transcripts/alice/2026-11-20.txt:1" &&
	run_exit 1 provenance people/alice.md:40 &&
	echo "thread provenance: no closeout records provenance for people/alice.md:40 (closeouts record items that carry [t:] references)" >../expect &&
	test_cmp ../expect ../err
'

test_expect_success 'not FILE:LINE: a usage error (exit 2)' '
	setup &&
	for arg in people/alice.md people/alice.md:0 people/alice.md:x :17; do
		run_exit 2 provenance "$arg" &&
		# the FILE:LINE parser shared with done and history (repo.c)
		grep -Ex "thread provenance: (.* )?name the item as FILE:LINE, such as people/alice.md:24" ../err &&
		test $(wc -l <../err) = 1 || exit 1
	done
'

test_done
