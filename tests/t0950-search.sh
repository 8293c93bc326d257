#!/bin/sh
# t0950-search.sh - thread search, end to end on a real repository: a
# closeout with its transcript, edits and deletions committed after it,
# a lifecycle that changed in the history, and Private notes.

. "$(dirname "$0")/test-lib.sh"

# run_exit N ARGS...: `thread ARGS` exits with exactly N; stdout in
# $dir/out, stderr in $dir/err.
run_exit() {
	re_want=$1
	shift
	test_exit "$re_want" "$THREAD" "$@" >"$dir/out" 2>"$dir/err" || {
		echo "--- stdout:"; cat "$dir/out"
		echo "--- stderr:"; cat "$dir/err"
		return 1
	}
}

alice_file() {
	cat <<'EOF'
---
name: Alice Chen
cadence: weekly
consent: recorded
lifecycle: steady-state
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
- [x] Draft the rollback checklist @alice due:2026-11-19
  Done when: checklist shared

### Feedback
Updates are clear but long;
better is five bullets [t:11]

### Decisions
- Billing freeze moves to Dec 1 [t:8]

### Notes
The team keeps escalating the café résumé review.

#### Private
- Thinking about her promotion case; the escalation worries me [t:11]
- [ ] task: Draft her promotion packet @sam due:2026-12-01
  Done when: packet sent to the panel

### Next
- Review the access ask with infra first
EOF
}

# bob's file: $1 his lifecycle, then his sessions from stdin.
bob_file() {
	printf -- '---\nname: Bob Marley\ncadence: weekly\nlifecycle: %s\ntags: [platform]\n---\n\n# Bob Marley\n' "$1"
	cat
}

# commit_on DATE MESSAGE: commit everything, dated DATE (noon UTC).
commit_on() {
	git add -A &&
	GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$1T12:00:00Z" \
		git commit -q --no-verify -m "$2"
}

test_expect_success 'setup: a closeout with its transcript, bob over two lifecycles' '
	cd "$TRASH" &&
	"$THREAD" init repo >/dev/null &&
	cd repo &&
	printf "me: sam\npeople: [dave]\n" >.thread.yaml &&
	commit_on 2026-09-01 settings &&
	bob_file onboarding >people/bob.md <<-\EOF &&

	## 2026-10-01

	### Tasks
	- [ ] Fix the deploy pipeline flakiness @bob #ci due:2026-12-20
	  Done when: ten green runs
	EOF
	commit_on 2026-10-01 "closeout: bob 2026-10-01" &&
	bob_file steady-state >people/bob.md <<-\EOF &&

	## 2026-11-10

	### Tasks
	- [ ] Speed up the deploy pipeline cache @bob due:2026-12-20
	  Done when: builds under five minutes

	## 2026-10-01

	### Tasks
	- [ ] Fix the deploy pipeline flakiness @bob #ci due:2026-12-20
	  Done when: ten green runs
	EOF
	commit_on 2026-11-10 "closeout: bob 2026-11-10" &&
	alice_file >people/alice.md &&
	meeting >../meeting.txt &&
	"$THREAD" closeout alice --transcript ../meeting.txt >/dev/null &&
	test "$(git log -1 --format=%s)" = "closeout: alice 2026-11-20"
'

test_expect_success 'words match by stem, case and accents folded' '
	cd "$TRASH/repo" &&
	run_exit 0 search "Escalation CAFE resume" &&
	cat >"$dir/expect" <<-\EOF &&
	alice (Alice Chen)
	people/alice.md:36: The team keeps escalating the café résumé review.  [2026-11-20 Notes]
	EOF
	test_cmp "$dir/expect" "$dir/out"
'

test_expect_success 'the keys due: and escalate: are syntax, not words: "escalate" finds what says it' '
	cd "$TRASH/repo" &&
	run_exit 0 search escalate -l &&
	echo people/alice.md >"$dir/expect" &&
	test_cmp "$dir/expect" "$dir/out" &&
	run_exit 0 search escalate &&
	! grep -q "escalate:" "$dir/out" &&
	grep -q "people/alice.md:36: The team keeps escalating" "$dir/out"
'

test_expect_success 'results are ranked, grouped by person, transcripts cited by items' '
	cd "$TRASH/repo" &&
	run_exit 0 search runbook &&
	cat >"$dir/expect" <<-\EOF &&
	alice (Alice Chen)
	transcripts/alice/2026-11-20.txt:7: [00:02:03] Sam Okafor: Can you write the rollback runbook?  [2026-11-20 transcript]
	    cited by people/alice.md:23: Write the rollback runbook @alice due:2026-11-27 [t:7] [t:9-10]
	transcripts/alice/2026-11-20.txt:9: [00:03:05] Alice Chen: The runbook can be ready by Friday.  [2026-11-20 transcript]
	    cited by people/alice.md:23: Write the rollback runbook @alice due:2026-11-27 [t:7] [t:9-10]
	people/alice.md:23: Write the rollback runbook @alice due:2026-11-27 [t:7] [t:9-10]  [2026-11-20 Tasks task]
	EOF
	test_cmp "$dir/expect" "$dir/out"
'

# search_is ARGS... <<EOF: `thread search ARGS` exits 0 printing exactly stdin.
search_is() {
	cat >"$dir/expect" &&
	run_exit 0 search "$@" &&
	test_cmp "$dir/expect" "$dir/out"
}

test_expect_success 'a quoted phrase needs its words in order; -word excludes' '
	cd "$TRASH/repo" &&
	search_is "\"rollback runbook\"" --notes <<-\EOF &&
	alice (Alice Chen)
	people/alice.md:23: Write the rollback runbook @alice due:2026-11-27 [t:7] [t:9-10]  [2026-11-20 Tasks task]
	EOF
	run_exit 1 search "\"runbook rollback\"" &&
	test_must_be_empty "$dir/out" &&
	search_is "rollback -checklist -runbook" <<-\EOF
	alice (Alice Chen)
	transcripts/alice/2026-11-20.txt:3: [00:00:09] Alice Chen: Zero downtime, and no rollback needed.  [2026-11-20 transcript]
	    cited by people/alice.md:14: Shipped the billing migration with zero downtime [t:2-3]
	EOF
'

test_expect_success '--regex takes a PCRE2 pattern; a bad one says where' '
	cd "$TRASH/repo" &&
	search_is --regex "zero\\s+down" --notes <<-\EOF &&
	alice (Alice Chen)
	people/alice.md:14: Shipped the billing migration with zero downtime [t:2-3]  [2026-11-20 Wins]
	EOF
	run_exit 2 search --regex "(unclosed" &&
	grep "not a valid PCRE2 regular expression: missing closing parenthesis at offset 9" "$dir/err"
'

test_expect_success 'Private notes neither match nor cite without --include-private' '
	cd "$TRASH/repo" &&
	run_exit 1 search promotion &&
	test_must_be_empty "$dir/out" &&
	search_is bullets <<-\EOF &&
	alice (Alice Chen)
	transcripts/alice/2026-11-20.txt:11: [00:04:30] Sam Okafor: Your updates are clear, but five bullets would be better.  [2026-11-20 transcript]
	    cited by people/alice.md:29: Updates are clear but long;
	people/alice.md:29: Updates are clear but long; better is five bullets [t:11]  [2026-11-20 Feedback]
	EOF
	run_exit 0 search --include-private bullets &&
	grep "cited by people/alice.md:39: Thinking about her promotion case" "$dir/out" &&
	run_exit 0 search --include-private --format json promotion &&
	grep "\"line\":39,.*\"private\":true" "$dir/out" &&
	run_exit 2 search --section private promotion &&
	grep "add --include-private" "$dir/err"
'

test_expect_success '-v shows the transcript lines an item cites' '
	cd "$TRASH/repo" &&
	search_is -v runbook --notes <<-\EOF
	alice (Alice Chen)
	people/alice.md:23: Write the rollback runbook @alice due:2026-11-27 [t:7] [t:9-10]  [2026-11-20 Tasks task]
	    cites transcripts/alice/2026-11-20.txt:7: [00:02:03] Sam Okafor: Can you write the rollback runbook?
	    cites transcripts/alice/2026-11-20.txt:9: [00:03:05] Alice Chen: The runbook can be ready by Friday.
	    cites transcripts/alice/2026-11-20.txt:10: [00:03:11] Alice Chen: SRE should review it first.
	EOF
'

test_expect_success 'filters: --person, --section, --kind, --open, --done, --owner' '
	cd "$TRASH/repo" &&
	search_is --person bob -l pipeline <<-\EOF &&
	people/bob.md
	EOF
	run_exit 2 search --person carol pipeline &&
	grep "there is no people/carol.md" "$dir/err" &&
	search_is --section decisions billing <<-\EOF &&
	alice (Alice Chen)
	people/alice.md:33: Billing freeze moves to Dec 1 [t:8]  [2026-11-20 Decisions decision]
	EOF
	search_is --kind blocker prod <<-\EOF &&
	alice (Alice Chen)
	people/alice.md:17: Waiting on prod DB access from infra #access [t:4]  [2026-11-20 Blockers blocker]
	EOF
	search_is --kind ask prod <<-\EOF &&
	alice (Alice Chen)
	people/alice.md:18: Grant prod read access for alice @dave due:2026-11-24 escalate:2026-11-26 [t:4-6]  [2026-11-20 Blockers ask]
	EOF
	search_is --done rollback <<-\EOF &&
	alice (Alice Chen)
	people/alice.md:25: Draft the rollback checklist @alice due:2026-11-19  [2026-11-20 Tasks task]
	EOF
	search_is --open rollback <<-\EOF &&
	alice (Alice Chen)
	people/alice.md:23: Write the rollback runbook @alice due:2026-11-27 [t:7] [t:9-10]  [2026-11-20 Tasks task]
	EOF
	search_is --owner @dave access <<-\EOF
	alice (Alice Chen)
	people/alice.md:18: Grant prod read access for alice @dave due:2026-11-24 escalate:2026-11-26 [t:4-6]  [2026-11-20 Blockers ask]
	EOF
'

test_expect_success 'filters: --tag (items and people), --since/--until, --lifecycle from history' '
	cd "$TRASH/repo" &&
	search_is --tag ci pipeline <<-\EOF &&
	bob (Bob Marley)
	people/bob.md:19: Fix the deploy pipeline flakiness @bob #ci due:2026-12-20  [2026-10-01 Tasks task]
	EOF
	run_exit 0 search --tag platform -l pipeline &&
	test "$(cat "$dir/out")" = people/bob.md &&
	run_exit 1 search --tag platform rollback &&
	search_is --since 2026-11-01 --until 2026-11-15 pipeline <<-\EOF &&
	bob (Bob Marley)
	people/bob.md:13: Speed up the deploy pipeline cache @bob due:2026-12-20  [2026-11-10 Tasks task]
	EOF
	search_is --lifecycle onboarding pipeline <<-\EOF &&
	bob (Bob Marley)
	people/bob.md:19: Fix the deploy pipeline flakiness @bob #ci due:2026-12-20  [2026-10-01 Tasks task]
	EOF
	search_is --lifecycle steady-state pipeline <<-\EOF
	bob (Bob Marley)
	people/bob.md:13: Speed up the deploy pipeline cache @bob due:2026-12-20  [2026-11-10 Tasks task]
	EOF
'

test_expect_success 'filters: --notes, --transcripts, --speaker' '
	cd "$TRASH/repo" &&
	search_is --notes billing <<-\EOF &&
	alice (Alice Chen)
	people/alice.md:33: Billing freeze moves to Dec 1 [t:8]  [2026-11-20 Decisions decision]
	people/alice.md:14: Shipped the billing migration with zero downtime [t:2-3]  [2026-11-20 Wins]
	EOF
	run_exit 0 search --transcripts -l billing &&
	test "$(cat "$dir/out")" = transcripts/alice/2026-11-20.txt &&
	search_is --speaker "ALICE CHEN" billing <<-\EOF &&
	alice (Alice Chen)
	transcripts/alice/2026-11-20.txt:2: [00:00:04] Alice Chen: The billing migration shipped on Tuesday.  [2026-11-20 transcript]
	    cited by people/alice.md:14: Shipped the billing migration with zero downtime [t:2-3]
	EOF
	run_exit 2 search --notes --transcripts billing
'

test_expect_success '--format json carries the reverse provenance' '
	cd "$TRASH/repo" &&
	run_exit 0 search --format json --speaker "Sam Okafor" freeze &&
	cat >"$dir/expect" <<-\EOF &&
	{"results":[
	{"person":"alice","name":"Alice Chen","file":"transcripts/alice/2026-11-20.txt","line":8,"date":"2026-11-20","section":"transcript","kind":null,"text":"[00:02:40] Sam Okafor: The billing freeze moves to December 1.","score":2.5012,"private":false,"commit":null,"change":null,"cited_by":[{"file":"people/alice.md","line":33,"text":"Billing freeze moves to Dec 1 [t:8]"}]}
	]}
	EOF
	test_cmp "$dir/expect" "$dir/out"
'

test_expect_success '--history finds items as they read before an edit, and deleted ones' '
	cd "$TRASH/repo" &&
	sed -e "s/Grant prod read access for alice/Grant prod replica access for alice/" \
	    -e "/Draft the rollback checklist/,+1d" \
	    -e "s/Thinking about her promotion case/Thinking about her next step/" \
	    -e "/Draft her promotion packet/,+1d" \
	    people/alice.md >../alice.new &&
	cat ../alice.new >people/alice.md &&
	commit_on 2026-11-21 "edit alice" &&
	C=$(git rev-parse --short=7 HEAD) &&
	run_exit 1 search checklist &&
	run_exit 0 search --history checklist &&
	cat >"$dir/expect" <<-EOF &&
	alice (Alice Chen)
	people/alice.md:25: Draft the rollback checklist @alice due:2026-11-19  [2026-11-20 task, deleted in $C]
	EOF
	test_cmp "$dir/expect" "$dir/out" &&
	run_exit 0 search --history --notes "prod read" &&
	cat >"$dir/expect" <<-EOF &&
	alice (Alice Chen)
	people/alice.md:18: Grant prod read access for alice @dave due:2026-11-24 escalate:2026-11-26 [t:4-6]  [2026-11-20 ask, edited in $C]
	EOF
	test_cmp "$dir/expect" "$dir/out" &&
	run_exit 1 search --history packet &&
	test_must_be_empty "$dir/out" &&
	run_exit 0 search --history --include-private packet &&
	grep "^people/alice.md:40: Draft her promotion packet .*task, deleted in $C\]" "$dir/out"
'

test_expect_success 'a score does not depend on words that only start like the query' '
	# "integration" starts as "intern" does; whether another session
	# holds it or "migration", a word as long, must not move the score.
	cd "$TRASH" &&
	"$THREAD" init words >/dev/null &&
	cd words &&
	for w_other in integration migration; do
		{
			printf "%s\n" "---" "name: Dana Ruiz" "cadence: weekly" "---" "" \
				"# Dana Ruiz" "" "## 2026-11-13" "" "### Notes" \
				"Pairing the intern with an SRE for the on-call rotation." "" \
				"## 2026-11-06" "" "### Tasks" \
				"- [ ] Plan the $w_other tests @dana due:2026-11-20" &&
			w_n=0 && while test $w_n -lt 20; do
				printf "%s\n" "- [ ] Review deploy checklist $w_n @dana due:2026-11-20"
				w_n=$((w_n + 1))
			done
		} >people/dana.md &&
		run_exit 0 search --format json intern &&
		test $(grep -c "\"file\":" "$dir/out") = 1 &&
		sed -n "s/.*\"score\":\([0-9.]*\),.*/\1/p" "$dir/out" >"$dir/score-$w_other" || return 1
	done &&
	test -s "$dir/score-migration" &&
	test_cmp "$dir/score-migration" "$dir/score-integration"
'

test_expect_success 'a query must be one argument' '
	cd "$TRASH/repo" &&
	run_exit 2 search rollback runbook &&
	grep "give the query as one argument" "$dir/err" &&
	run_exit 2 search &&
	grep "give a query" "$dir/err"
'

test_done
