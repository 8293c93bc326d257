#!/bin/sh
# t0790-cite.sh - thread cite and closeout --cite, end to end: what is
# printed for each note without a [t:] reference, what --write changes
# (only the cited lines, before a (draft) marker), Private notes, the
# refusals, and a closeout that commits the references it added.

. "$(dirname "$0")/test-lib.sh"

# alice's 2026-11-20 session, written from memory after the meeting: no
# note points into the transcript yet but one.
alice_file() {
	cat <<'EOF'
---
name: Alice Chen
role: Senior Engineer
cadence: weekly
consent: recorded
---

# Alice Chen

## 2026-11-20
Transcript: transcripts/alice/2026-11-20.txt

### Wins
- Shipped the billing migration with zero downtime

### Blockers
- Waiting on prod DB access from infra #access
  - [ ] ask: Grant prod read access for alice @dave
    due:2026-11-24 escalate:2026-11-26
    Done when: alice can query the prod replica

### Tasks
- [ ] Write the rollback runbook @alice due:2026-11-27 (draft)
  Done when: runbook reviewed by SRE
- [ ] Send the cutover notes @alice due:2026-11-20 [t:2]
  Done when: sent to the team

### Decisions
- Billing freeze moves to Dec 1
- QA starts a week later

### Private
- Replica access again; she sounded worn out about the billing freeze

### Next
- How did the cutover go?
EOF
}

# setup: a repository with alice's file and transcript committed; cd in.
setup() {
	new_repo repo &&
	cd repo &&
	alice_file >people/alice.md &&
	mkdir -p transcripts/alice &&
	meeting >transcripts/alice/2026-11-20.txt &&
	git add -A && git commit -q -m alice
}

cat >"$TRASH/expect-cite" <<'EOF'
people/alice.md:14 -> [t:2-3] 1.00
    2  Alice Chen: The billing migration shipped on Tuesday.
    3  Alice Chen: Zero downtime, and no rollback needed.
people/alice.md:17 -> [t:4-5] 0.47
    4  Alice Chen: I still can't get into the prod replica.
    5  Sam Okafor: I will ask Dave for read access today.
people/alice.md:18 -> [t:4-5] 0.57
    4  Alice Chen: I still can't get into the prod replica.
    5  Sam Okafor: I will ask Dave for read access today.
people/alice.md:23 -> [t:7] 0.69
    7  Sam Okafor: Can you write the rollback runbook?
people/alice.md:29 -> [t:8] 1.00
    8  Sam Okafor: The billing freeze moves to December 1.
people/alice.md:30 -> none: the best, [t:1-2], shares a single word with it
    1  Sam Okafor: Morning, how did the week go?
    2  Alice Chen: The billing migration shipped on Tuesday.
people/alice.md:36 -> none: it shares no word with the transcript
EOF

cat >"$TRASH/expect-diff" <<'EOF'
14c14
< - Shipped the billing migration with zero downtime
---
> - Shipped the billing migration with zero downtime [t:2-3]
17,18c17,18
< - Waiting on prod DB access from infra #access
<   - [ ] ask: Grant prod read access for alice @dave
---
> - Waiting on prod DB access from infra #access [t:4-5]
>   - [ ] ask: Grant prod read access for alice @dave [t:4-5]
23c23
< - [ ] Write the rollback runbook @alice due:2026-11-27 (draft)
---
> - [ ] Write the rollback runbook @alice due:2026-11-27 [t:7] (draft)
29c29
< - Billing freeze moves to Dec 1
---
> - Billing freeze moves to Dec 1 [t:8]
EOF

test_expect_success 'cite prints each note without a reference, its span, score and lines' '
	setup &&
	thread cite alice >../out 2>../err &&
	test_cmp "$TRASH/expect-cite" ../out &&
	echo "1 note under a Private heading left out (--include-private shows it)" >../expect &&
	test_cmp ../expect ../err
'

test_expect_success '--write adds the references at the end of the first line, and nothing else' '
	setup &&
	cp people/alice.md ../before &&
	thread cite alice --write >../out 2>../err &&
	test_cmp "$TRASH/expect-cite" ../out &&
	grep -x "people/alice.md: 5 references added" ../err &&
	test_exit 1 diff ../before people/alice.md >../diff &&
	test_cmp "$TRASH/expect-diff" ../diff &&
	# the one error left is the (draft) line the manager has yet to review
	test_exit 1 thread lint people/alice.md >../lint 2>/dev/null &&
	test $(grep -c ": error: " ../lint) = 1 && grep -q "\[draft-unreviewed\]$" ../lint &&
	thread cite alice --write >../out2 2>../err2 &&
	grep -x "people/alice.md: 0 references added" ../err2 &&
	! grep -e "-> \[t:" ../out2
'

# ana's 1:1: a request accepted after a pause and restated in the recap,
# an offer taken on by the manager, and a win told in passing.
ana_meeting() {
	cat <<'EOF'
[00:00:01] Sam Okafor: How was the on-call week?
[00:00:05] Ana Lima: Rough. The disk alerts fired every night, the threshold is too low.
[00:00:12] Sam Okafor: Could you raise the disk alert threshold to 90 percent?
[00:00:16] Ana Lima: Hmm, the storage team might object.
[00:00:20] Ana Lima: Okay, fine, I'll do it tomorrow.
[00:00:25] Sam Okafor: Thanks. The release notes went out on time this sprint, nice.
[00:00:31] Ana Lima: Nobody has asked Dave about the conference budget yet.
[00:00:37] Sam Okafor: I'll ask Dave about the conference budget today.
[00:00:43] Ana Lima: Great.
[00:00:47] Sam Okafor: The new hire starts on Monday.
[00:00:52] Ana Lima: I'll pair with them on the first day.
[00:00:58] Sam Okafor: So to recap: you raise the disk alert threshold to 90 percent tomorrow.
[00:01:04] Ana Lima: Yep.
EOF
}

ana_file() {
	cat <<'EOF'
---
name: Ana Lima
role: Engineer
cadence: weekly
consent: recorded
---

# Ana Lima

## 2026-11-20
Transcript: transcripts/ana/2026-11-20.txt

### Wins
- Release notes shipped on time

### Tasks
- [ ] Raise the disk alert threshold to 90% @ana due:2026-11-21
  Done when: no alert at night for a week

### Asks
- [ ] I ask Dave about the conference budget
  Done when: Ana knows the budget
EOF
}

test_expect_success 'a request, its acceptance and its recap are cited together; the file stays valid' '
	new_repo repo && cd repo &&
	ana_file >people/ana.md &&
	mkdir -p transcripts/ana &&
	ana_meeting >transcripts/ana/2026-11-20.txt &&
	git add -A && git commit -q -m ana &&
	thread cite ana --write >../out 2>../err &&
	grep -x "people/ana.md:17 -> \[t:3-5, 12\] [01]\.[0-9][0-9]" ../out &&
	sed -n "/^people\/ana.md:17 /,/^people/p" ../out | grep -c "^    [0-9]" >../n &&
	echo 4 >../expect && test_cmp ../expect ../n &&
	grep -x -- "- \[ \] Raise the disk alert threshold to 90% @ana due:2026-11-21 \[t:3-5, 12\]" people/ana.md &&
	grep -x -- "- \[ \] I ask Dave about the conference budget \[t:8\]" people/ana.md &&
	grep -x -- "- Release notes shipped on time \[t:6\]" people/ana.md &&
	git diff --numstat people/ana.md >../stat &&
	printf "3\t3\tpeople/ana.md\n" >../expect && test_cmp ../expect ../stat &&
	{ thread lint people/ana.md >../lint 2>&1 || :; } &&
	grep "error: .*\[owner\]$" ../lint &&
	! grep -e "\[transcript-" -e "\[uncited\]" ../lint &&
	git checkout -q people/ana.md &&
	thread cite ana --format json >../json &&
	python3 -c "import json; d = json.load(open(\"../json\")); n = d[\"notes\"][1]; assert n[\"ref\"] == \"[t:3-5, 12]\" and n[\"spans\"] == [[3, 5], [12, 12]] and [l[\"n\"] for l in n[\"lines\"]] == [3, 4, 5, 12], n" &&
	thread cite ana --write >../out 2>../err &&
	thread cite ana --format json >../json &&
	python3 -c "import json; d = json.load(open(\"../json\")); assert d[\"notes\"] == [], d"
'

test_expect_success 'a Private note is shown and cited only with --include-private' '
	setup &&
	thread cite alice --write >../out 2>../err &&
	! grep -e "worn out" -e "people/alice.md:33" ../out &&
	grep "worn out about the billing freeze$" people/alice.md &&
	thread cite alice --include-private --format json >../json &&
	python3 -c "import json; d = json.load(open(\"../json\")); n = [x for x in d[\"notes\"] if x[\"line\"] == 33]; assert n and n[0][\"section\"] == \"Private\" and n[0][\"verdict\"] == \"ok\", d" &&
	thread cite alice --include-private --write >../out 2>../err &&
	grep "worn out about the billing freeze \[t:[0-9-]*\]$" people/alice.md
'

test_expect_success '--format json gives every note, its verdict and lines' '
	setup &&
	thread cite alice --format json >../json &&
	python3 - <<-\EOP
	import json
	d = json.load(open("../json"))
	assert d["file"] == "people/alice.md", d
	assert d["transcript"] == "transcripts/alice/2026-11-20.txt", d
	v = {n["line"]: n for n in d["notes"]}
	assert sorted(v) == [14, 17, 18, 23, 29, 30, 36], sorted(v)
	assert v[14]["verdict"] == "ok" and v[14]["ref"] == "[t:2-3]", v[14]
	assert [l["n"] for l in v[14]["lines"]] == [2, 3] and v[14]["spans"] == [[2, 3]], v[14]
	assert v[30]["spans"] == [], v[30]
	assert v[14]["lines"][0]["speaker"] == "Alice Chen", v[14]
	assert v[30]["verdict"] == "weak" and v[30]["ref"] is None, v[30]
	assert v[36]["verdict"] == "none", v[36]
	assert d["written"] == 0, d
	EOP
'

test_expect_success 'a session without a transcript, or whose transcript leads outside, is refused' '
	new_repo repo && cd repo &&
	test_exit 2 thread cite alice 2>../err &&
	grep "people/alice.md:10: this session has no Transcript: line" ../err &&
	alice_file | sed "s|^Transcript: .*|Transcript: ../secret.txt|" >people/alice.md &&
	meeting >../secret.txt &&
	cp people/alice.md ../before &&
	test_exit 2 thread cite alice --write 2>../err &&
	test_cmp ../before people/alice.md &&
	test_exit 2 thread cite nobody 2>../err
'

test_expect_success 'closeout --cite commits the references with their Provenance' '
	setup &&
	sed -i "s/ (draft)\$//" people/alice.md &&   # reviewed: draft-unreviewed would refuse
	thread closeout alice --cite >../out 2>../err &&
	grep -x "cite: 5 references added to people/alice.md" ../out &&
	grep "Billing freeze moves to Dec 1 \[t:8\]$" people/alice.md &&
	git show -s --format=%B HEAD >../msg &&
	grep -x "Provenance: people/alice.md:29 -> transcripts/alice/2026-11-20.txt:8" ../msg &&
	grep -x "Provenance: people/alice.md:14 -> transcripts/alice/2026-11-20.txt:2-3" ../msg &&
	! grep "people/alice.md:33 " ../msg &&
	git diff --exit-code HEAD
'

test_expect_success 'closeout --cite with no transcript is refused, nothing written' '
	new_repo repo && cd repo &&
	git rev-parse HEAD >../head &&
	test_exit 2 thread closeout alice --cite 2>../err &&
	grep "this session has none" ../err &&
	git rev-parse HEAD >../head2 &&
	test_cmp ../head ../head2 &&
	git diff --exit-code
'

test_done
