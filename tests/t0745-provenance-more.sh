#!/bin/sh
# t0745-provenance-more.sh - provenance of an ask that borrows its
# blocker's references, provenance by HANDLE TEXT, and the "did you mean"
# of the unknown-handle rule.

. "$(dirname "$0")/test-lib.sh"

# run_exit N ARGS...: `thread ARGS` exits with exactly N; its stdout is in
# $dir/out and its stderr in $dir/err, $dir being the test's folder.
run_exit() {
	re_want=$1
	shift
	test_run_in "$dir" "$re_want" "$THREAD" "$@"
}

# ---- did you mean ----

# A team of chris and dave, me: sam, and infra-team under people:;
# erin's tasks are owned by the handles given, one task each.
handles_repo() {
	"$THREAD" init r >/dev/null &&
	printf "me: sam\npeople: [infra-team]\n" >r/.thread.yaml &&
	for h in chris dave; do
		printf -- "---\nname: %s\ncadence: weekly\n---\n\n# %s\n" "$h" "$h" >"r/people/$h.md" || return 1
	done &&
	{
		printf -- "---\nname: Erin Park\ncadence: weekly\n---\n\n# Erin Park\n\n## 2026-11-20\n\n### Tasks\n"
		for h in "$@"; do
			printf -- "- [ ] Send the review notes @%s due:2026-11-27\n  Done when: notes sent\n" "$h"
		done
		printf "\n### Next\n- Review notes\n"
	} >r/people/erin.md
}

test_expect_success 'unknown-handle: a typo of a person file, of people:, of me gets "did you mean"; nothing near keeps the advice' '
	handles_repo chirs Chirs daev davie infra-taem sma mee zed bob infra chrisxyz &&
	(cd r && test_exit 1 "$THREAD" lint people/erin.md >../out 2>/dev/null) &&
	cat >expect <<-\EOF &&
	people/erin.md:11:29: error: @chirs is not a known handle (did you mean @chris?) [unknown-handle]
	people/erin.md:13:29: error: @Chirs is not a known handle (did you mean @chris?) [unknown-handle]
	people/erin.md:15:29: error: @daev is not a known handle (did you mean @dave?) [unknown-handle]
	people/erin.md:17:29: error: @davie is not a known handle (did you mean @dave?) [unknown-handle]
	people/erin.md:19:29: error: @infra-taem is not a known handle (did you mean @infra-team?) [unknown-handle]
	people/erin.md:21:29: error: @sma is not a known handle (did you mean @sam?) [unknown-handle]
	people/erin.md:23:29: error: @mee is not a known handle (did you mean @me?) [unknown-handle]
	people/erin.md:25:29: error: @zed is not a known handle (add people/zed.md, or list it under people: in .thread.yaml) [unknown-handle]
	people/erin.md:27:29: error: @bob is not a known handle (add people/bob.md, or list it under people: in .thread.yaml) [unknown-handle]
	people/erin.md:29:29: error: @infra is not a known handle (add people/infra.md, or list it under people: in .thread.yaml) [unknown-handle]
	people/erin.md:31:29: error: @chrisxyz is not a known handle (add people/chrisxyz.md, or list it under people: in .thread.yaml) [unknown-handle]
	EOF
	test_cmp expect out
'

test_expect_success 'unknown-handle: of two as near, the first alphabetically; case still wins' '
	handles_repo dan Dave &&
	printf -- "---\nname: Dana\n---\n\n# Dana\n" >r/people/dana.md &&
	printf -- "---\nname: Day\n---\n\n# Day\n" >r/people/day.md &&
	(cd r && test_exit 1 "$THREAD" lint people/erin.md >../out 2>/dev/null) &&
	cat >expect <<-\EOF &&
	people/erin.md:11:29: error: @dan is not a known handle (did you mean @dana?) [unknown-handle]
	people/erin.md:13:29: error: @Dave is not a known handle (handles are lowercase: write @dave) [unknown-handle]
	EOF
	test_cmp expect out
'

test_expect_success 'unknown-handle: closeout and the pre-commit check say it too' '
	handles_repo chirs &&
	cd r &&
	test_exit 1 "$THREAD" closeout erin >../out 2>../err &&
	grep -F "people/erin.md:11:29: error: @chirs is not a known handle (did you mean @chris?) [unknown-handle]" ../out ../err &&
	git add .thread.yaml people &&
	test_exit 1 "$THREAD" lint --staged >../out 2>../err &&
	grep -F "people/erin.md:11:29: error: @chirs is not a known handle (did you mean @chris?) [unknown-handle]" ../out
'

# ---- provenance: the blocker's references, and HANDLE TEXT ----

# The session of 2026-11-20: after closeout inserts its Transcript: line
# (line 10), the blocker is line 13, the ask under it with no reference of
# its own line 14, the task under it with its own line 17, the blocker
# with no reference line 19 and its task line 20, the two tasks lines 24
# and 26, the private task line 30.
alice_file() {
	cat <<'EOF'
---
name: Alice Chen
cadence: weekly
consent: recorded
---

# Alice Chen

## 2026-11-20

### Blockers
- Waiting on prod DB access from infra #access [t:2-3]
  - [ ] ask: Grant prod read access for alice @dave
    due:2026-11-24 escalate:2026-11-26
    Done when: alice can query the prod replica
  - [ ] task: File the access request @alice due:2026-11-23 [t:4]
    Done when: request filed
- Flaky CI on the billing service #ci
  - [ ] task: Quarantine the flaky billing tests @alice due:2026-11-25
    Done when: CI green three days running

### Tasks
- [ ] Write the rollback runbook @alice due:2026-11-27 [t:5]
  Done when: runbook reviewed by SRE
- [ ] Review the billing dashboard @alice due:2026-11-27 [t:6]
  Done when: dashboard reviewed

### Private
- [ ] task: Talk to HR about the billing team move @me due:2026-11-28 [t:7]
  Done when: HR answered

### Next
- Access first
EOF
}

meeting() {
	cat <<'EOF'
[00:00:01] Sam Okafor: Morning, how did the week go?
[00:00:04] Alice Chen: Fine, but I still can't get into the prod replica.
[00:00:09] Alice Chen: Infra says Dave has to approve it.
[00:00:15] Sam Okafor: File the request today and I will chase Dave.
[00:01:12] Sam Okafor: Can you write the rollback runbook?
[00:01:20] Alice Chen: I will also review the billing dashboard.
[00:01:26] Sam Okafor: Between us: the billing team may move to the new org.
EOF
}

# setup: ./repo by thread init, alice's session closed out with the
# meeting's transcript; C7 and B7 are the closeout's and the transcript
# blob's short ids.  The shell is left in repo.
setup() {
	"$THREAD" init repo >/dev/null &&
	cd repo &&
	printf "me: sam\npeople: [dave]\n" >.thread.yaml &&
	git add .thread.yaml && git commit -q -m settings &&
	alice_file >people/alice.md &&
	meeting >../meeting.txt &&
	"$THREAD" closeout alice --transcript ../meeting.txt >/dev/null &&
	test "$(git log -1 --format=%s)" = "closeout: alice 2026-11-20" &&
	C7=$(git rev-parse --short=7 HEAD) &&
	B7=$(git rev-parse --short=7 HEAD:transcripts/alice/2026-11-20.txt)
}

ask_answer() {
	cat <<EOF
people/alice.md:14 (closeout $C7 on 2026-11-20)
    - [ ] ask: Grant prod read access for alice @dave
      due:2026-11-24 escalate:2026-11-26
      Done when: alice can query the prod replica
from the blocker at people/alice.md:13
transcripts/alice/2026-11-20.txt:2-3 (blob $B7)
     2  [00:00:04] Alice Chen: Fine, but I still can't get into the prod replica.
     3  [00:00:09] Alice Chen: Infra says Dave has to approve it.
EOF
}

runbook_answer() {
	cat <<EOF
people/alice.md:24 (closeout $C7 on 2026-11-20)
  - [ ] Write the rollback runbook @alice due:2026-11-27 [t:5]
    Done when: runbook reviewed by SRE
transcripts/alice/2026-11-20.txt:5 (blob $B7)
     5  [00:01:12] Sam Okafor: Can you write the rollback runbook?
EOF
}

test_expect_success 'an ask under a blocker, with no reference of its own: the blocker'"'"'s lines, and it says so' '
	setup &&
	# the closeout recorded the blocker, not the ask under it
	git log -1 --format=%B | grep "^Provenance: " >../prov &&
	cat >../expect <<-\EOF &&
	Provenance: people/alice.md:13 -> transcripts/alice/2026-11-20.txt:2-3
	Provenance: people/alice.md:17 -> transcripts/alice/2026-11-20.txt:4
	Provenance: people/alice.md:24 -> transcripts/alice/2026-11-20.txt:5
	Provenance: people/alice.md:26 -> transcripts/alice/2026-11-20.txt:6
	Provenance: people/alice.md:30 -> transcripts/alice/2026-11-20.txt:7
	EOF
	test_cmp ../expect ../prov &&
	run_exit 0 provenance people/alice.md:14 &&
	ask_answer >../expect &&
	test_cmp ../expect ../out &&
	test_must_be_empty ../err &&
	# an item under a blocker with its own reference keeps its own; under
	# a blocker without any, or on a line that starts no item, there is none
	run_exit 0 provenance people/alice.md:17 &&
	cat >../expect <<-EOF &&
	people/alice.md:17 (closeout $C7 on 2026-11-20)
	    - [ ] task: File the access request @alice due:2026-11-23 [t:4]
	      Done when: request filed
	transcripts/alice/2026-11-20.txt:4 (blob $B7)
	     4  [00:00:15] Sam Okafor: File the request today and I will chase Dave.
	EOF
	test_cmp ../expect ../out &&
	run_exit 1 provenance people/alice.md:20 &&
	test_must_be_empty ../out &&
	echo "thread provenance: no closeout records provenance for people/alice.md:20 (closeouts record items that carry [t:] references)" >../expect &&
	test_cmp ../expect ../err &&
	run_exit 1 provenance people/alice.md:15 &&
	echo "thread provenance: no closeout records provenance for people/alice.md:15 (closeouts record items that carry [t:] references)" >../expect &&
	test_cmp ../expect ../err
'

test_expect_success '--format json: from_blocker is the blocker'"'"'s line, null for an item'"'"'s own references' '
	setup &&
	run_exit 0 provenance --format json people/alice.md:14 &&
	perl -MJSON::PP -e '\''
		local $/; my $j = decode_json(<STDIN>);
		print "from_blocker=", $j->{from_blocker} // "null", " line=$j->{line} ranges=$j->{ranges}\n";
		print "line $_->{n}\n" for @{$j->{lines}};
	'\'' <../out >../parsed &&
	printf "from_blocker=13 line=14 ranges=2-3\nline 2\nline 3\n" >../expect &&
	test_cmp ../expect ../parsed &&
	run_exit 0 provenance --format json people/alice.md:17 &&
	perl -MJSON::PP -e '\''
		local $/; my $j = decode_json(<STDIN>);
		print "from_blocker=", $j->{from_blocker} // "null", " line=$j->{line} ranges=$j->{ranges}\n";
	'\'' <../out >../parsed &&
	echo "from_blocker=null line=17 ranges=4" >../expect &&
	test_cmp ../expect ../parsed
'

test_expect_success 'the blocker as the closeout had it, until a newer closeout records the ask itself' '
	setup &&
	sed -i "s/^    due:2026-11-24 escalate:2026-11-26$/    due:2026-11-24 escalate:2026-11-26 [t:4]/" people/alice.md &&
	git commit -q -a -m "the ask was also said later" &&
	run_exit 0 provenance people/alice.md:14 &&
	ask_answer >../expect &&
	test_cmp ../expect ../out &&
	GIT_COMMITTER_DATE=2026-11-22T09:00:00Z "$THREAD" closeout alice >/dev/null &&
	second=$(git rev-parse --short=7 HEAD) &&
	run_exit 0 provenance people/alice.md:14 &&
	cat >../expect <<-EOF &&
	people/alice.md:14 (closeout $second on 2026-11-22)
	    - [ ] ask: Grant prod read access for alice @dave
	      due:2026-11-24 escalate:2026-11-26 [t:4]
	      Done when: alice can query the prod replica
	transcripts/alice/2026-11-20.txt:4 (blob $B7)
	     4  [00:00:15] Sam Okafor: File the request today and I will chase Dave.
	EOF
	test_cmp ../expect ../out
'

test_expect_success 'provenance HANDLE TEXT: the item whose text holds TEXT, ignoring case' '
	setup &&
	run_exit 0 provenance alice "ROLLBACK runbook" &&
	runbook_answer >../expect &&
	test_cmp ../expect ../out &&
	test_must_be_empty ../err &&
	run_exit 0 provenance alice "prod read access" &&
	ask_answer >../expect &&
	test_cmp ../expect ../out
'

test_expect_success 'provenance HANDLE TEXT: a checked-off item too, and from a subfolder' '
	setup &&
	"$THREAD" done alice "rollback runbook" >/dev/null &&
	git commit -q -a -m "runbook written" &&
	cd people &&
	run_exit 0 provenance alice "rollback runbook" &&
	runbook_answer >"$dir/expect" &&
	test_cmp "$dir/expect" "$dir/out"
'

test_expect_success 'provenance HANDLE TEXT: ambiguous text lists the candidates, answers none, changes nothing' '
	setup &&
	cp people/alice.md ../before &&
	head=$(git rev-parse HEAD) &&
	run_exit 1 provenance alice billing &&
	test_must_be_empty ../out &&
	cat >../expect <<-\EOF &&
	thread provenance: '\''billing'\'' matches 2 items of alice. Name one by its line:
	    thread provenance people/alice.md:20    # task Quarantine the flaky billing tests
	    thread provenance people/alice.md:26    # task Review the billing dashboard
	EOF
	test_cmp ../expect ../err &&
	cd people &&
	run_exit 1 provenance --include-private alice billing &&
	cat >"$dir/expect" <<-\EOF &&
	thread provenance: '\''billing'\'' matches 3 items of alice. Name one by its line:
	    thread provenance ../people/alice.md:20    # task Quarantine the flaky billing tests
	    thread provenance ../people/alice.md:26    # task Review the billing dashboard
	    thread provenance ../people/alice.md:30    # task Talk to HR about the billing team move
	EOF
	test_cmp "$dir/expect" "$dir/err" &&
	run_exit 0 provenance ../people/alice.md:26 &&
	cd .. &&
	test_cmp ../before people/alice.md &&
	test "$(git rev-parse HEAD)" = "$head" &&
	test -z "$(git status --porcelain)"
'

test_expect_success 'provenance HANDLE TEXT: a private item only with --include-private, and nothing of it without' '
	setup &&
	run_exit 1 provenance alice "talk to HR" &&
	test_must_be_empty ../out &&
	echo "thread provenance: no item of alice matches '\''talk to HR'\''" >../expect &&
	test_cmp ../expect ../err &&
	run_exit 0 provenance --include-private alice "talk to HR" &&
	cat >../expect <<-EOF &&
	people/alice.md:30 (closeout $C7 on 2026-11-20)
	  - [ ] task: Talk to HR about the billing team move @me due:2026-11-28 [t:7]
	    Done when: HR answered
	transcripts/alice/2026-11-20.txt:7 (blob $B7)
	     7  [00:01:26] Sam Okafor: Between us: the billing team may move to the new org.
	EOF
	test_cmp ../expect ../out
'

test_expect_success 'provenance HANDLE TEXT: no match, no such person, empty text' '
	setup &&
	run_exit 1 provenance alice "budget" &&
	echo "thread provenance: no item of alice matches '\''budget'\''" >../expect &&
	test_cmp ../expect ../err &&
	run_exit 2 provenance bob "budget" &&
	echo "thread provenance: there is no people/bob.md; add the person first: thread add bob --name '\''Full Name'\''" >../expect &&
	test_cmp ../expect ../err &&
	run_exit 2 provenance alice "" &&
	run_exit 2 provenance alice runbook extra &&
	run_exit 2 provenance "../alice" runbook &&
	test_must_be_empty ../out
'

test_done
