#!/bin/sh
# t0875-repeat-routing.sh - what the ledger says about a repeating blocker:
# the same ask carried from session to session, or closed and asked again,
# is one blocker recurring; each pattern tells when it was first routed
# (an ask with an owner and escalate:) and whether it came back since;
# across people the shared dependency is named; stats counts the patterns
# open now and how long those that stopped had run.
#
# Every repository is built here, weekly sessions on Thursdays from
# 2026-10-01, judged as of 2026-11-21; the last test reads a copy of
# examples/ and runs scripts/demo.sh (make demo) on it.

. "$(dirname "$0")/test-lib.sh"

THREAD_TODAY=2026-11-21
export THREAD_TODAY

# json_get FILE EXPR: a Perl expression over the decoded document $d.
json_get() {
	perl -MJSON::PP -e '
		local $/; open my $f, "<", $ARGV[0] or die; my $d = decode_json(<$f>);
		my $v = eval $ARGV[1]; die $@ if $@; print defined $v ? "$v\n" : "null\n"' "$1" "$2"
}

# person HANDLE: front matter and title.
person() {
	printf -- '---\nname: %s\nrole: Engineer\ncadence: weekly\nconsent: notes-only\n---\n\n# %s\n' "$1" "$1"
}

# sess DATE [BLOCKER [ASK]]: a held session; BLOCKER (if any) under
# Blockers with ASK (a whole "- [ ] ask: ..." item) nested under it.
sess() {
	printf '\n## %s\n\n### Wins\n- Shipped the week'"'"'s work\n' "$1"
	if [ -n "${2:-}" ]; then
		printf '\n### Blockers\n- %s\n' "$2"
		[ -z "${3:-}" ] || printf '  %s\n    Done when: it is answered\n' "$3"
	fi
	printf '\n### Next\n- The plan\n'
}

test_expect_success 'a team whose blockers were routed, or not' '
	mkdir -p "$TRASH/t/people" && cd "$TRASH/t" &&
	printf "me: sam\nrepeat: { window: 3, min: 2 }\n" >.thread.yaml &&

	# routed in the first session; back every week since
	{ person ada &&
	  sess 2026-10-01 "Waiting on prod DB access from infra" \
		"- [ ] ask: Grant ada read access to the prod replica @dave due:2026-10-05 escalate:2026-10-07" &&
	  sess 2026-10-08 "Still no prod database access (infra)" &&
	  sess 2026-10-15 "Blocked: infra hasn'"'"'t granted DB access yet" &&
	  sess 2026-10-22 "Prod DB access from infra still missing, fourth week"
	} >people/ada.md &&

	# routed in its second session, then never again in three
	{ person ben &&
	  sess 2026-10-01 "Flaky checkout tests on the shared CI runners" &&
	  sess 2026-10-08 "Checkout tests still flaky on the shared CI runners" \
		"- [ ] ask: Move checkout tests to the large runner pool @ci-team due:2026-10-12 escalate:2026-10-14" &&
	  sess 2026-10-15 "Design review for the cart page not booked" &&
	  sess 2026-10-22 &&
	  sess 2026-10-29
	} >people/ben.md &&

	# routed in the latest session but one
	{ person cho &&
	  sess 2026-10-08 "Waiting on the legal review of the vendor contract" &&
	  sess 2026-10-15 "Legal review of the vendor contract still pending" \
		"- [ ] ask: Review the vendor contract @legal due:2026-10-20 escalate:2026-10-22" &&
	  sess 2026-10-22
	} >people/cho.md &&
	test $(ls people | wc -l) -eq 3
'

test_expect_success 'routed, then back in every session since: routing did not fix it' '
	cd "$TRASH/t" &&
	thread repeat-blockers --person ada --last 4 >out &&
	grep -q "^   ada: 4 sessions in a row, first 2026-10-01, last 2026-10-22\$" out &&
	grep -q "^   routing: routed 2026-10-01 to @dave (people/ada.md:17); recurred 3 times since: routing did not fix it .* look for the real constraint\$" out
'

test_expect_success 'the routing story reads before the window: routed outside --last 2' '
	cd "$TRASH/t" &&
	thread repeat-blockers --person ada --last 2 >out &&
	grep -q "^   ada: 2 sessions in a row, first 2026-10-15, last 2026-10-22\$" out &&
	! grep -q "^   2026-10-01" out &&
	grep -q "^   routing: routed 2026-10-01 to @dave (people/ada.md:17); recurred 3 times since: routing did not fix it" out &&
	thread repeat-blockers --person ada --since 2026-10-15 >out &&
	grep -q "^   routing: routed 2026-10-01 to @dave" out
'

test_expect_success 'routed, then gone for three sessions: no recurrence since routing' '
	cd "$TRASH/t" &&
	thread repeat-blockers --person ben --last 5 >out &&
	grep -q "^   ben: 2 sessions in a row, first 2026-10-01, last 2026-10-08\$" out &&
	grep -q "^   routing: routed 2026-10-08 to @ci-team (people/ben.md:[0-9]*); no recurrence in the 3 sessions since routing\$" out &&
	! grep -q "did not fix" out
'

test_expect_success 'one session after routing is too early to tell' '
	cd "$TRASH/t" &&
	thread repeat-blockers --person cho >out &&
	grep -q "^   cho: 2 sessions in a row, first 2026-10-08, last 2026-10-15\$" out &&
	grep -q "^   routing: routed 2026-10-15 to @legal (people/cho.md:[0-9]*); too early to tell (1 session since)\$" out
'

test_expect_success 'json: routed_on, routed_to, sessions and recurrences since, verdict' '
	cd "$TRASH/t" &&
	thread repeat-blockers --person ada --last 4 --format json >out &&
	test "$(json_get out "\$d->{patterns}[0]{routed_on}")" = 2026-10-01 &&
	test "$(json_get out "\$d->{patterns}[0]{routed_to}")" = dave &&
	test "$(json_get out "\$d->{patterns}[0]{sessions_since_routing}")" = 3 &&
	test "$(json_get out "\$d->{patterns}[0]{recurrences_since_routing}")" = 3 &&
	test "$(json_get out "\$d->{patterns}[0]{verdict}")" = recurred &&
	test "$(json_get out "\$d->{patterns}[0]{open_now} ? 1 : 0")" = 1 &&
	thread repeat-blockers --person ben --last 5 --format json >out &&
	test "$(json_get out "\$d->{patterns}[0]{verdict}")" = stopped &&
	test "$(json_get out "\$d->{patterns}[0]{sessions_since_routing}")" = 3 &&
	test "$(json_get out "\$d->{patterns}[0]{recurrences_since_routing}")" = 0 &&
	test "$(json_get out "\$d->{patterns}[0]{open_now} ? 1 : 0")" = 0 &&
	thread repeat-blockers --person cho --format json >out &&
	test "$(json_get out "\$d->{patterns}[0]{verdict}")" = "too early" &&
	test "$(json_get out "\$d->{patterns}[0]{sessions_since_routing}")" = 1
'

test_expect_success 'never routed: the story says to add an ask with an escalation checkpoint' '
	cd "$TRASH/t" &&
	{ person dan &&
	  sess 2026-11-05 "Staging Kafka quota too small for the load test" &&
	  sess 2026-11-12 "Load test still blocked by the staging Kafka quota" \
		"- [ ] ask: Raise the staging Kafka quota @infra-team due:2026-11-16" &&
	  sess 2026-11-19 "Kafka quota in staging blocks the load test again"
	} >people/dan.md &&
	thread repeat-blockers --person dan >out &&
	grep -q "^   routing: never routed: add an ask with an escalation checkpoint\$" out &&
	thread repeat-blockers --person dan --format json >out &&
	test "$(json_get out "\$d->{patterns}[0]{verdict}")" = "never routed" &&
	test "$(json_get out "\$d->{patterns}[0]{routed_on}")" = null &&
	test "$(json_get out "\$d->{patterns}[0]{routed_to}")" = null &&
	test "$(json_get out "\$d->{patterns}[0]{sessions_since_routing}")" = null
'

test_expect_success 'ledger: one ask re-dated from session to session joins blockers worded apart' '
	cd "$TRASH/t" &&
	{ person eve &&
	  sess 2026-11-05 "Vendor SDK contract is unsigned, so no sandbox keys" \
		"- [ ] ask: Get the Acme SDK agreement countersigned @procurement due:2026-11-09 escalate:2026-11-11" &&
	  sess 2026-11-12 "Integration spike parked: purchasing has not moved" \
		"- [ ] ask: Get the Acme SDK agreement countersigned @procurement due:2026-11-16 escalate:2026-11-18" &&
	  sess 2026-11-19 "Quarter plan slips a week while we wait on paperwork" \
		"- [ ] ask: Get the Acme SDK agreement countersigned @procurement due:2026-11-23 escalate:2026-11-25"
	} >people/eve.md &&
	thread repeat-blockers --person eve >out &&
	grep -q "^1 repeating blocker in the last 3 sessions of eve" out &&
	grep -q "^   eve: 3 sessions in a row, first 2026-11-05, last 2026-11-19\$" out &&
	grep -q "^   routing: routed 2026-11-05 to @procurement (people/eve.md:17); recurred twice since: routing did not fix it" out &&
	# the same blockers without the asks are three blockers
	mkdir -p "$TRASH/v/people" && cp .thread.yaml "$TRASH/v/" &&
	sed "/ask: Get the Acme/,+1d" people/eve.md >"$TRASH/v/people/eve.md" &&
	! grep -q "Acme" "$TRASH/v/people/eve.md" &&
	(cd "$TRASH/v" && thread repeat-blockers --person eve) >out &&
	grep -q "^0 repeating blockers" out
'

test_expect_success 'ledger: an ask closed, then one on the same topic two sessions later, is a recurrence' '
	cd "$TRASH/t" &&
	{ person fay &&
	  sess 2026-11-05 "Need a staging database for the load test" \
		"- [x] ask: Provision a staging Postgres for the load test @dba due:2026-11-07 escalate:2026-11-09" &&
	  sess 2026-11-12 "Design doc review keeps slipping" &&
	  sess 2026-11-19 "Benchmark numbers are meaningless, the instance is undersized" \
		"- [ ] ask: Resize the staging Postgres for the load test @dba due:2026-11-23 escalate:2026-11-25"
	} >people/fay.md &&
	thread repeat-blockers --person fay >out &&
	grep -q "^   fay: 2 sessions, first 2026-11-05, last 2026-11-19\$" out &&
	grep -q "^   2026-11-05  people/fay.md:[0-9]*  Need a staging database for the load test\$" out &&
	grep -q "^   2026-11-19  people/fay.md:[0-9]*  Benchmark numbers are meaningless" out &&
	grep -q "^   routing: routed 2026-11-05 to @dba (people/fay.md:17); recurred once since: routing did not fix it" out &&
	# to someone else, the same words are another topic
	mkdir -p "$TRASH/v/people" && cp .thread.yaml "$TRASH/v/" &&
	sed "s/Resize the staging Postgres for the load test @dba/Resize the staging Postgres for the load test @sre/" \
		people/fay.md >"$TRASH/v/people/fay.md" &&
	grep -q "load test @sre" "$TRASH/v/people/fay.md" &&
	(cd "$TRASH/v" && thread repeat-blockers --person fay) >out &&
	grep -q "^0 repeating blockers" out
'

test_expect_success '--all-people names the shared dependency: the common @handle and words' '
	mkdir -p "$TRASH/a/people" && cd "$TRASH/a" &&
	printf "me: sam\n" >.thread.yaml &&
	{ person gil &&
	  sess 2026-11-05 "Payments API change waits on the security review #security-review" \
		"- [ ] ask: Book the security review of the payments API @security-team due:2026-11-09 escalate:2026-11-11" &&
	  sess 2026-11-12 "Security review of the payments API still not scheduled #security-review"
	} >people/gil.md &&
	{ person hal &&
	  sess 2026-11-05 "Vault upgrade stuck in the security review queue #security-review" &&
	  sess 2026-11-12 "Still no security review for the Vault upgrade #security-review" \
		"- [ ] ask: Name a reviewer for the Vault upgrade @security-team due:2026-11-16 escalate:2026-11-18"
	} >people/hal.md &&
	{ person ivy &&
	  sess 2026-11-12 "PCI scope doc has sat in security review for two weeks #security-review" &&
	  sess 2026-11-19 "Security review of the PCI scope doc: no reviewer yet #security-review"
	} >people/ivy.md &&
	thread repeat-blockers --all-people >out &&
	grep -q "^   gil, hal, ivy: 6 sessions across 3 people" out &&
	grep -q "^   shared dependency: @security-team: security review .* 3 people, 6 sessions; raise it once, upward\$" out &&
	thread repeat-blockers --all-people --format json >out &&
	test "$(json_get out "\$d->{patterns}[0]{dependency}{handle}")" = security-team &&
	test "$(json_get out "\$d->{patterns}[0]{dependency}{words}")" = "security review" &&
	test "$(json_get out "\$d->{patterns}[0]{dependency}{people}")" = 3 &&
	test "$(json_get out "\$d->{patterns}[0]{dependency}{sessions}")" = 6 &&
	# within each thread, no dependency is named
	thread repeat-blockers --format json >out &&
	test "$(json_get out "\$d->{patterns}[0]{dependency}")" = null
'

test_expect_success 'private blockers and asks stay out of patterns and stories unless --include-private' '
	mkdir -p "$TRASH/p/people" && cd "$TRASH/p" &&
	printf "me: sam\n" >.thread.yaml &&
	# a shared blocker routed only by a private ask, and a private blocker
	# that repeats and is routed
	person kim >people/kim.md &&
	cat >>people/kim.md <<-\EOF &&

	## 2026-11-05

	### Blockers
	- Shared: waiting on prod DB access from infra
	  #### Private
	  - [ ] ask: ZQ ask the zqlawyer about it @zqlawyer due:2026-11-09 escalate:2026-11-11
	    Done when: answered

	#### Private
	- ZQ waiting on the immigration lawyer about the visa
	  - [ ] ask: ZQ chase the immigration lawyer @zqcounsel due:2026-11-09 escalate:2026-11-11
	    Done when: answered

	### Next
	- x

	## 2026-11-12

	### Blockers
	- Shared: still no prod database access (infra)

	#### Private
	- ZQ still waiting on the immigration lawyer about the visa

	### Next
	- x
	EOF
	for f in text json; do
		thread repeat-blockers --format $f >>out &&
		thread repeat-blockers --all-people --format $f >>out &&
		thread stats --format $f >>out 2>&1 || return 1
	done &&
	! grep -n "ZQ\|zqlawyer\|zqcounsel" out &&
	grep -q "^   kim: 2 sessions in a row" out &&
	grep -q "^   routing: never routed: add an ask with an escalation checkpoint\$" out &&
	grep -q "^kim                 1        0                                -\$" out &&
	thread repeat-blockers --include-private >all &&
	grep -q "^2 repeating blockers" all &&
	grep -q "ZQ still waiting on the immigration lawyer" all &&
	grep -q "^   routing: routed 2026-11-05 to @zqlawyer (people/kim.md:15)" all &&
	grep -q "^   routing: routed 2026-11-05 to @zqcounsel" all
'

test_expect_success 'stats: repeating blockers open now, stopped, and the median run before stopping' '
	cd "$TRASH/t" && git init -q -b main && git add -A && git commit -q -m notes &&
	thread stats >out &&
	sed -n "/^person  repeating now/,/^team/p" out >got &&
	cat >expect <<-\EOF &&
	person  repeating now  stopped  median sessions before stopping
	ada                 1        0                                -
	ben                 0        1                                2
	cho                 0        0                                -
	dan                 1        0                                -
	eve                 1        0                                -
	fay                 1        0                                -
	team                4        1                                2
	EOF
	test_cmp expect got &&
	thread stats --format json >out &&
	test "$(json_get out "\$d->{people}[0]{repeating_open_now}")" = 1 &&
	test "$(json_get out "\$d->{people}[1]{repeating_stopped}")" = 1 &&
	test "$(json_get out "\$d->{people}[1]{median_sessions_before_stopping}")" = 2 &&
	test "$(json_get out "\$d->{people}[2]{median_sessions_before_stopping}")" = null &&
	test "$(json_get out "\$d->{team}{repeating_open_now}")" = 4 &&
	test "$(json_get out "\$d->{team}{median_sessions_before_stopping}")" = 2
'

test_expect_success 'the example team (make demo): one pattern routing fixed, one it did not' '
	cp -R "$SRC_DIR/examples" "$TRASH/ex" && rm -rf "$TRASH/ex/flawed" && cd "$TRASH/ex" &&
	thread repeat-blockers --last 6 >out &&
	grep -q "^   routing: routed 2026-10-21 to @me (people/kenji.md:58); no recurrence in the 4 sessions since routing\$" out &&
	grep -q "^   routing: routed 2026-11-05 to @infra-team (people/jonah.md:155); recurred twice since: routing did not fix it .* look for the real constraint\$" out &&
	(cd "$SRC_DIR" && TMPDIR=$TRASH sh scripts/demo.sh "$THREAD") >demo 2>&1 &&
	grep -q "no recurrence in the 4 sessions since routing" demo &&
	grep -q "recurred twice since: routing did not fix it" demo
'

test_done
