#!/bin/sh
# t0825-followup-email.sh - the follow-up is a message for someone else:
# it says names, not handles; it names no file or line of the repository;
# and under the word cap each part keeps an item before any gets a second,
# so "What I'll do" never disappears.

. "$(dirname "$0")/test-lib.sh"

# team DIR: a repository with ana (the report, a full session), chris (a
# person file, so his name comes from it), and in .thread.yaml people
# with names (the list form), a handle with none, and me: sam.
team() {
	mkdir -p "$1/people" &&
	cat >"$1/.thread.yaml" <<-\EOF &&
	me: sam
	people:
	  - infra-team: the infra team
	  - dave: Dave Kowalski
	  - security
	EOF
	cat >"$1/people/chris.md" <<-\EOF &&
	---
	name: Chris Wong
	role: Staff Engineer
	email: chris.wong@example.com
	cadence: biweekly
	consent: notes-only
	---

	# Chris Wong
	EOF
	cat >"$1/people/ana.md" <<-\EOF &&
	---
	name: Ana Souza
	role: Senior Engineer
	email: ana.souza@example.com
	cadence: weekly
	consent: notes-only
	---

	# Ana Souza

	## 2026-11-20

	### Wins
	- Shipped the search reindex two days early

	### Blockers
	- Waiting on credentials for the payments sandbox, second week #access
	  - [ ] ask: Grant write access to the payments sandbox for @ana @infra-team due:2026-11-24 escalate:2026-11-26
	    Done when: Ana deploys to the sandbox

	### Priorities
	- [ ] Reindex rollout to the EU cluster, behind the flag, after a rollback drill @ana due:2026-11-27
	  Why: EU traffic doubles in December
	- [ ] Postmortem of the 11-18 latency spike, with the timeline and three follow-ups @ana due:2026-11-25
	  Why: the same spike hit twice

	### Tasks
	- [ ] Review the sandbox deploy script with @chris before the first payments deploy @ana due:2026-11-26
	  Done when: Chris has approved it
	- [ ] Book the EU rollout window with the on-call leads @me due:2026-11-24
	  Done when: the window is in the calendar

	### Asks
	- [ ] Approve the EU data-residency note @security due:2026-11-25 escalate:2026-11-27
	  Done when: signed off in the review queue
	- [ ] Send the load-test budget to @chris and @me @dave due:2026-11-25 escalate:2026-11-27
	  Done when: the budget is in the plan

	### Growth
	- Skill: running a risky change end to end
	- [ ] Rep: run the rollback drill yourself, with @chris only watching @ana due:2026-11-26
	- Exposure: the EU rollout

	### Decisions
	- @chris owns the query planner rewrite; @ana's reindex goes first. @me will cover her on-call shift on 11-27.

	### Private
	- Thinking of her for the tech lead role in Q1.

	### Next
	- EU rollout status, then the sandbox access ask to @infra-team.
	EOF
	git -C "$1" init -q
}

# An @ before a handle, anywhere: what a message to someone else must
# never show.
no_handles() {
	! grep -n -E '(^|[^A-Za-z0-9._%+-])@[A-Za-z0-9]' "$1"
}

test_expect_success 'names, not handles: a person file, people: names, I/me, you' '
	team t &&
	cd t &&
	thread lint >lint 2>&1 &&
	echo "followup_words: 1000" >>.thread.yaml &&
	thread followup ana >out &&
	no_handles out &&
	grep -qx -e "- I.ve asked the infra team to grant write access to the payments sandbox for you, by 2026-11-24" out &&
	grep -qx -e "- I.ve asked Dave Kowalski to send the load-test budget to Chris Wong and me, by 2026-11-25" out &&
	grep -qx -e "- I.ve asked security to approve the EU data-residency note, by 2026-11-25" out &&
	grep -qx -e "- I.ll book the EU rollout window with the on-call leads, by 2026-11-24" out &&
	grep -qx -e "- Review the sandbox deploy script with Chris Wong before the first payments deploy, by 2026-11-26" out &&
	grep -qx -e "- Growth rep: run the rollback drill yourself, with Chris Wong only watching, by 2026-11-26" out &&
	grep -qx -e "- Chris Wong owns the query planner rewrite; your reindex goes first. I will cover her on-call shift on 11-27." out &&
	grep -qx -e "- EU rollout status, then the sandbox access ask to the infra team." out &&
	# The same in the e-mail, and in what JSON says; its text keeps
	# the handles as data.
	thread followup ana --format email >mail &&
	no_handles mail &&
	thread followup ana --format json >j &&
	perl -MJSON::PP -e "
		local \$/; my \$d = decode_json(<STDIN>);
		for (@{\$d->{items}}) {
			die qq(says \$_->{says}\n) if \$_->{says} =~ /(?:^|\\s)\\@\\w/;
		}
		die qq(text\n) unless grep { \$_->{text} =~ /\\@chris/ } @{\$d->{items}};
	" <j &&
	# And in the subject, from the words of the session heading.
	sed "s/^## 2026-11-20\$/## 2026-11-20 walk with @chris/" people/ana.md >x &&
	mv x people/ana.md &&
	thread followup ana --format email >mail &&
	grep -qx "Subject: Follow-up: our 1:1 on 2026-11-20 (walk with Chris Wong)" mail &&
	no_handles mail
'

test_expect_success 'a name in the mapping form of people:, a one-line name, else the handle' '
	team t &&
	cd t &&
	printf "me: sam\npeople: { infra-team: Infra on-call, dave: Dave K., security: }\nfollowup_words: 1000\n" >.thread.yaml &&
	test_exit 1 thread lint >lint 2>&1 &&
	grep -qx ".thread.yaml:2:63: error: the name of security under people must be text on one line of at most 100 bytes, such as security: Dave Kowalski \\[config\\]" lint &&
	! grep unknown-handle lint &&
	printf "me: sam\npeople: { infra-team: Infra on-call, dave: Dave K., security: Security review }\nfollowup_words: 1000\n" >.thread.yaml &&
	thread lint >lint 2>&1 &&
	thread followup ana >out &&
	grep -qx -e "- I.ve asked Infra on-call to grant write access to the payments sandbox for you, by 2026-11-24" out &&
	grep -qx -e "- I.ve asked Dave K. to send the load-test budget to Chris Wong and me, by 2026-11-25" out &&
	grep -qx -e "- I.ve asked Security review to approve the EU data-residency note, by 2026-11-25" out &&
	# A line break in a quoted name of a person file is a space.
	sed "s/^name: Chris Wong/name: \"Chris\\\\nWong\"/" people/chris.md >x && mv x people/chris.md &&
	grep -q "^name: \"Chris.nWong\"" people/chris.md &&
	thread followup ana >out &&
	grep -q "with Chris Wong before" out &&
	# A plain list of handles reads as before: the handle, without its @.
	printf "me: sam\npeople: [infra-team, dave, security]\nfollowup_words: 1000\n" >.thread.yaml &&
	thread lint >lint 2>&1 &&
	thread followup ana >out &&
	grep -qx -e "- I.ve asked infra-team to grant write access to the payments sandbox for you, by 2026-11-24" out &&
	# The person file comes first: chris is named by people/chris.md.
	printf "me: sam\npeople:\n  - chris: Christopher\nfollowup_words: 1000\n" >.thread.yaml &&
	thread followup ana >out &&
	grep -q "with Chris Wong before" out
'

test_expect_success 'people: names are checked, each finding where it is' '
	team t &&
	cd t &&
	cat >.thread.yaml <<-\EOF &&
	me: sam
	people:
	  - dave: Dave Kowalski
	  - Infra: the infra team
	  - security: [a, b]
	  - finance: ""
	EOF
	test_exit 1 thread lint >out 2>&1 &&
	grep -qx ".thread.yaml:4:5: error: .Infra. under people is not a valid handle (lowercase letters, digits, .\\.., ._. or .-.) \\[config\\]" out &&
	grep -qx ".thread.yaml:5:15: error: the name of security under people must be text on one line of at most 100 bytes, such as security: Dave Kowalski \\[config\\]" out &&
	grep -q "^.thread.yaml:6:14: error: the name of finance under people" out &&
	test "$(grep -c "\\[config\\]" out)" -eq 3 &&
	# A handle whose name is wrong is still known.
	! grep "@security is not a known handle" out
'

test_expect_success 'the e-mail names no path or line of the repository; the Markdown does' '
	team t &&
	cd t &&
	for cap in 120 60 30; do
		sed "/^followup_words/d" .thread.yaml >y && mv y .thread.yaml &&
		echo "followup_words: $cap" >>.thread.yaml &&
		thread followup ana --format email >mail &&
		! grep -n -E "people/|\\.md|[A-Za-z]:[0-9]|$PWD" mail &&
		grep -qx "[0-9]* more items are in my notes\\." mail &&
		thread followup ana >md &&
		grep -qx "[0-9]* more items in people/ana\\.md:11-[0-9]*" md &&
		# The same items are kept in every format.
		sed "1,/^\$/d" mail | grep "^- " >mail-items &&
		grep "^- " md >md-items &&
		test_cmp md-items mail-items &&
		thread followup ana --format json >j &&
		grep -q "\"file\":\"people/ana.md\",\"line\":" j || exit 1
	done &&
	# One item left out reads as one.
	sed "/^followup_words/d" .thread.yaml >y && mv y .thread.yaml &&
	echo "followup_words: 1000" >>.thread.yaml &&
	printf "\n- [ ] task: %s @ana due:2026-12-01\n" "$(printf "word%d " $(seq 1 1100))" >>people/ana.md &&
	thread followup ana --format email >mail &&
	tail -n 1 mail | grep -qx "1 more item is in my notes\\."
'

test_expect_success 'every example e-mail, at every cap, names no repository path' '
	cp -R "$SRC_DIR/examples" ex && rm -rf ex/flawed && git -C ex init -q &&
	cd ex &&
	for cap in 120 80 40 12; do
		sed "s/^followup_words: .*/followup_words: $cap/" .thread.yaml >y && mv y .thread.yaml &&
		for p in jonah kenji lena maya rosa; do
			for d in $(sed -n "s/^## \\([0-9-]*\\).*/\\1/p" people/$p.md); do
				thread followup $p --date $d --format email >mail &&
				if grep -n -E "people/|transcripts/|\\.md\\b|$PWD" mail; then
					echo "$p $d at $cap"; exit 1
				fi
				no_handles mail || { echo "$p $d at $cap"; exit 1; }
			done
		done
	done
'

# The first item of each part, as the full follow-up prints it.
firsts() {
	awk '/^[0-9]+\. /{ h = $0; n = 0; next } /^- / && !n++ { print h " " $0 }' "$1"
}

test_expect_success 'a full session at 120 words: each part keeps its first item, What I.ll do too' '
	team t &&
	cd t &&
	thread followup ana >capped &&
	echo "followup_words: 1000" >>.thread.yaml &&
	thread followup ana >full &&
	test "$(tail -n +3 capped | wc -w)" -le 120 &&
	# Everything would not fit ...
	grep -q "more items in" capped &&
	# ... but each part keeps an item, mine and the asks to others both.
	grep -qx "[0-9]\\. Decisions" capped &&
	grep -qx "[0-9]\\. What you own" capped &&
	grep -qx "[0-9]\\. Next 1:1 starts with" capped &&
	grep -qx "[0-9]\\. What I.ll do, and what I.ve asked others to do" capped &&
	grep -qx -e "- I.ll book the EU rollout window with the on-call leads, by 2026-11-24" capped &&
	grep -qx -e "- I.ve asked the infra team to grant write access to the payments sandbox for you, by 2026-11-24" capped &&
	# And no part has a second item while another part lost its first.
	firsts full | sed "s/^[0-9]*\\. //" | while IFS= read -r l; do
		grep -qxF -- "- ${l#* - }" capped || { echo "lost: $l"; exit 1; }
	done
'

test_expect_success 'the example jonah at 120 words keeps what I will do' '
	cp -R "$SRC_DIR/examples" ex && rm -rf ex/flawed && git -C ex init -q &&
	cd ex &&
	thread followup jonah >out &&
	grep -qx -e "- I.ll take INFRA-4471 to infra.s director with the ticket history if it is not granted by 11-26, by 2026-11-26" out &&
	grep -qx -e "- I.ve asked Dave Kowalski to grant jonah read-only access to the prod catalog replica (INFRA-4471), by 2026-11-24" out &&
	test "$(tail -n +3 out | wc -w)" -le 120
'

test_expect_success 'a part whose first item is too long keeps a shorter one that fits' '
	team t &&
	cd t &&
	long=$(printf "clause%d " $(seq 1 90)) &&
	sed "s/^### Decisions\$/### Decisions\\n- We agreed on $long/" people/ana.md >x &&
	mv x people/ana.md &&
	grep -q "^- We agreed on clause1 " people/ana.md &&
	thread followup ana >out &&
	test "$(tail -n +3 out | wc -w)" -le 120 &&
	grep -qx "[0-9]\\. Decisions" out &&
	grep -qx -e "- Chris Wong owns the query planner rewrite; your reindex goes first. I will cover her on-call shift on 11-27." out &&
	! grep -q clause1 out
'

test_done
