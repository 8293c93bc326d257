#!/bin/sh
# t0870-repeat-blockers.sh - thread repeat-blockers on a copy of the examples.
#
# Goldens in tests/golden/repeat-blockers/ hold stdout of
# `thread repeat-blockers ...` run at the root of a copy of examples/ with
# THREAD_TODAY=2026-11-21:
#
#   default.txt           (no option)
#   all-people.txt        --all-people
#   person-jonah.txt      --person jonah
#   default.json          --format json
#   last-2.txt            --last 2
#   min-3.txt             --min 3
#   since-2026-11-12.txt  --since 2026-11-12
#
# The other tests add crafted people to a second copy (./crafted) and
# compare with the output written out in the test itself.
#
# To regenerate the goldens after a deliberate change of output:
#
#   GOLDEN_UPDATE=1 tests/t0870-repeat-blockers.sh
#
# then READ every changed file against examples/people/*.md before you
# commit it: a golden only says what the binary printed, not that it is right.

. "$(dirname "$0")/test-lib.sh"

RB_GOLDEN=$GOLDEN/repeat-blockers
GOLDEN_UPDATE=${GOLDEN_UPDATE:-}
EX=$TRASH/ex
CR=$TRASH/crafted

# check_golden NAME: ./out against the golden NAME (or rewrite it).
check_golden() {
	if [ -n "$GOLDEN_UPDATE" ]; then
		mkdir -p "$RB_GOLDEN" && cp out "$RB_GOLDEN/$1"
	else
		test_cmp "$RB_GOLDEN/$1" out
	fi
}

# in_ex CMD...: run CMD at the root of the copy of the examples.
in_ex() {
	(cd "$EX" && "$@")
}

# in_cr CMD...: the same in the copy with the crafted people.
in_cr() {
	(cd "$CR" && "$@")
}

# json_get FILE EXPR: a Perl expression over the decoded document $d.
json_get() {
	perl -MJSON::PP -e '
		local $/; open my $f, "<", $ARGV[0] or die; my $d = decode_json(<$f>);
		my $v = eval $ARGV[1]; die $@ if $@; print defined $v ? "$v\n" : "null\n"' "$1" "$2"
}

# crafted HANDLE 'DATE|BLOCKER' ...: a person file with one session per
# argument, each with that blocker and a task nested under it (no ask).
crafted() {
	h=$1; shift
	printf -- '---\nname: %s\nrole: Engineer\ncadence: weekly\nconsent: notes-only\n---\n\n# %s\n' "$h" "$h"
	for s in "$@"; do
		printf '\n## %s\n\n### Blockers\n- %s\n  - [ ] task: Look into it @%s due:2026-11-27\n    Done when: we know more\n\n### Next\n- Blockers\n' \
			"${s%%|*}" "${s#*|}" "$h"
	done
}

# set_repeat 'MAPPING' DIR: the repeat: line of DIR/.thread.yaml.
set_repeat() {
	sed -i "s/^repeat: .*/repeat: $1/" "$2/.thread.yaml" &&
	grep -q "^repeat: $1\$" "$2/.thread.yaml"
}

test_expect_success 'a copy of the examples, and one with crafted people' '
	cp -R "$SRC_DIR/examples" "$EX" && rm -rf "$EX/flawed" &&
	in_ex thread lint -q &&
	grep -q "^repeat: { window: 3, min: 2 }" "$EX/.thread.yaml" &&
	cp -R "$EX" "$CR" && cd "$CR/people" &&

	# 1. the same blocker three times in other words, never an ask; the
	#    latest names @infra-team
	cat >nora.md <<-\EOF &&
	---
	name: Nora Diaz
	role: Engineer
	cadence: weekly
	consent: notes-only
	---

	# Nora Diaz

	## 2026-11-05

	### Blockers
	- Load test blocked by the small staging Kafka quota

	### Next
	- Load test

	## 2026-11-12

	### Blockers
	- Staging Kafka quota still not raised, so no load test this week

	### Next
	- Load test

	## 2026-11-19

	### Blockers
	- Kafka quota in staging blocks the load test again (@infra-team)
	  - [ ] task: Run the load test at a tenth of the volume meanwhile @nora due:2026-11-24
	    Done when: the results are in the doc

	### Next
	- Load test
	EOF

	# 2. routed as an ask twice, the latest ask without escalate:
	cat >omar.md <<-\EOF &&
	---
	name: Omar Haddad
	role: Engineer
	cadence: weekly
	consent: notes-only
	---

	# Omar Haddad

	## 2026-11-12

	### Blockers
	- Checkout redesign waiting on a design review from @design-lead
	  - [x] ask: Book the checkout design review @design-lead due:2026-11-14
	    Done when: a date is in the calendar

	### Next
	- Design review

	## 2026-11-19

	### Blockers
	- Still no design review of the checkout redesign
	  - [ ] ask: Review the checkout redesign mocks @design-lead due:2026-11-24
	    Done when: written comments on the mocks

	### Next
	- Design review
	EOF

	# 3. pairs of unrelated blockers that share one word, back to back
	crafted pia "2026-10-29|Waiting on design review from @design-lead" \
		"2026-11-05|Waiting on security review from @security" \
		"2026-11-12|Flaky checkout tests on the CI runners" \
		"2026-11-19|Checkout copy not approved by legal" >pia.md &&

	# 4. the three paraphrases of the issue, three weeks in a row
	crafted quinn "2026-11-05|Waiting on prod DB access from infra" \
		"2026-11-12|still no prod database access (infra)" \
		"2026-11-19|blocked: infra hasn'"'"'t granted DB access yet" >quinn.md &&

	# 5. no session yet
	printf -- "---\nname: Rex Ito\nrole: Engineer\ncadence: weekly\n---\n\n# Rex Ito\n\nStarts 2026-12-01.\n" >rex.md &&

	# 6. a shared @handle: with it a likeness, without it none
	crafted sven "2026-11-12|Billing export job times out nightly; asked @data-platform" \
		"2026-11-19|Billing export is slow again for the big customers; @data-platform looking" >sven.md &&
	crafted tove "2026-11-12|Billing export job times out nightly" \
		"2026-11-19|Billing export is slow again for the big customers" >tove.md &&
	crafted ugo "2026-11-12|@dave is out" "2026-11-19|@dave is busy with the launch" >ugo.md &&

	# 7. the paraphrases again, the latest checked off as resolved
	crafted vera "2026-11-05|Waiting on prod DB access from infra" \
		"2026-11-12|still no prod database access (infra)" \
		"2026-11-19|blocked: infra hasn'"'"'t granted DB access yet" >vera.md &&
	sed -i "s/^- blocked: infra/- [x] blocked: infra/" vera.md &&
	grep -q "^- \[x\] blocked: infra" vera.md &&

	# 8. two wordings of one blocker in a single session
	crafted wim "2026-11-19|Waiting on prod DB access from infra" >wim.md &&
	sed -i "/^- Waiting on prod DB/i - still no prod database access (infra)" wim.md &&
	test $(grep -c "access" wim.md) -eq 2 &&

	cd "$CR" && thread lint -q people/pia.md people/quinn.md people/rex.md
'

test_expect_success 'default: the last 3 sessions of each person, at least 2' '
	in_ex thread repeat-blockers >out 2>err &&
	test_must_be_empty err &&
	check_golden default.txt &&
	head -n 1 out >first &&
	echo "3 repeating blockers in the last 3 sessions of each person (at least 2 sessions)" >expect &&
	test_cmp expect first &&
	test $(grep -c "^[0-9]\. " out) -eq 3 &&
	grep -q "^   jonah: 3 sessions in a row, first 2026-11-05, last 2026-11-19\$" out &&
	grep -q "^   2026-11-05  people/jonah.md:154  Waiting on prod DB access from infra:" out &&
	grep -q "^   2026-11-12  people/jonah.md:185  Still no prod database access (infra)" out &&
	grep -q "^   2026-11-19  people/jonah.md:227  Blocked: infra hasn.t granted DB access yet" out &&
	grep -q "^   ledger: routed as an ask to @dave, escalation checkpoint 2026-11-26 (people/jonah.md:228)\$" out &&
	grep -q "^   kenji: 2 sessions in a row, first 2026-11-11, last 2026-11-18\$" out &&
	grep -q "^   maya: 2 sessions in a row, first 2026-11-10, last 2026-11-17\$" out &&
	! grep -q "ledger: not routed" out &&
	! grep -q "lena\|rosa" out
'

test_expect_success 'the longest streak comes first; [t:] references and trailing tags are left out' '
	in_ex thread repeat-blockers >out &&
	grep "^[0-9]\. " out | cut -c1-11 >heads &&
	printf "%s\n" "1. Still no" "2. Still wa" "3. Security" >expect &&
	test_cmp expect heads &&
	! grep -q "\[t:" out &&
	! grep -q "#security-review\$" out
'

test_expect_success '--all-people: the security-review pattern spans maya and kenji' '
	in_ex thread repeat-blockers --all-people >out 2>err &&
	test_must_be_empty err &&
	check_golden all-people.txt &&
	head -n 1 out | grep -q "^2 repeating blockers in the last 3 sessions of each person (at least 2 sessions, across people)\$" &&
	grep -q "^   maya, kenji: 4 sessions across 2 people, 2 in a row for one person, first 2026-11-10, last 2026-11-18\$" out &&
	sed -n "/^2\. /,\$p" out | grep "^   2026-" | cut -c4-31 >dates &&
	printf "%s\n" "2026-11-10  people/maya.md:2" "2026-11-11  people/kenji.md:" \
		"2026-11-17  people/maya.md:2" "2026-11-18  people/kenji.md:" >expect &&
	test_cmp expect dates &&
	grep -q "ledger: routed as an ask to @security, escalation checkpoint 2026-12-04 (people/kenji.md:219)" out
'

test_expect_success '--person jonah: his thread only' '
	in_ex thread repeat-blockers --person jonah >out 2>err &&
	test_must_be_empty err &&
	check_golden person-jonah.txt &&
	head -n 1 out | grep -q "^1 repeating blocker in the last 3 sessions of jonah (at least 2 sessions)\$" &&
	! grep -q "kenji\|maya" out &&
	test $(grep -c "people/jonah.md:" out) -eq 5
'

test_expect_success 'json: the options, and each pattern with its sessions and ask' '
	in_ex thread repeat-blockers --format json >out 2>err &&
	test_must_be_empty err &&
	check_golden default.json &&
	perl -MJSON::PP -e "
		local \$/; my \$d = decode_json(<STDIN>);
		die qq(options\n) unless \$d->{window} == 3 && \$d->{min} == 2
			&& \$d->{threshold} == 0.4 && !\$d->{across_people}
			&& !defined \$d->{since};
		my @p = @{\$d->{patterns}};
		die qq(count\n) unless @p == 3;
		my \$j = \$p[0];
		die qq(jonah\n) unless \$j->{sessions} == 3 && \$j->{people} == 1
			&& \$j->{streak} == 3 && \$j->{consecutive} && \$j->{routed}
			&& \$j->{first} eq q(2026-11-05) && \$j->{last} eq q(2026-11-19)
			&& \$j->{label} =~ /^Still no prod database access \(infra\) #access:/;
		my \$a = \$j->{ask};
		die qq(ask\n) unless \$a->{file} eq q(people/jonah.md) && \$a->{line} == 228
			&& \$a->{owner} eq q(dave) && \$a->{escalate} eq q(2026-11-26);
		my @b = @{\$j->{blockers}};
		die qq(blockers\n) unless @b == 3
			&& join(q( ), map { \$_->{line} } @b) eq q(154 185 227)
			&& join(q( ), map { \$_->{date} } @b) eq q(2026-11-05 2026-11-12 2026-11-19)
			&& !grep { \$_->{person} ne q(jonah) || \$_->{file} ne q(people/jonah.md) } @b;
		die qq(raw text\n) unless \$b[2]{text} =~ /the only thing left #access\$/;
		die qq(others\n) unless \$p[1]{blockers}[0]{person} eq q(kenji)
			&& \$p[2]{blockers}[0]{person} eq q(maya)
			&& \$p[1]{ask}{owner} eq q(security) && \$p[1]{routed}
			&& \$p[1]{blockers}[1]{text} =~ /\[t:2-5\]\$/;
	" <out
'

test_expect_success 'json: --all-people, --since and --last are echoed' '
	in_ex thread repeat-blockers --format json --all-people --since 2026-11-01 >out &&
	test "$(json_get out "\$d->{across_people} ? 1 : 0")" = 1 &&
	test "$(json_get out "\$d->{window}")" = 0 &&
	test "$(json_get out "\$d->{since}")" = 2026-11-01 &&
	test "$(json_get out "\$d->{patterns}[1]{people}")" = 2 &&
	test "$(json_get out "\$d->{patterns}[1]{streak}")" = 2 &&
	test "$(json_get out "\$d->{patterns}[1]{consecutive} ? 1 : 0")" = 1 &&
	in_ex thread repeat-blockers --format json --last 2 >out &&
	test "$(json_get out "\$d->{window}")" = 2 &&
	in_ex thread repeat-blockers --format json --since 2026-10-01 >out &&
	test "$(json_get out "\$d->{patterns}[1]{blockers}[0]{line}")" = 129 &&
	test "$(json_get out "\$d->{patterns}[1]{sessions}")" = 3 &&
	test "$(json_get out "\$d->{patterns}[1]{streak}")" = 2 &&
	test "$(json_get out "\$d->{patterns}[1]{consecutive} ? 1 : 0")" = 0
'

test_expect_success '--last 2: a shorter window finds a shorter pattern' '
	in_ex thread repeat-blockers --last 2 >out &&
	check_golden last-2.txt &&
	head -n 1 out | grep -q "^3 repeating blockers in the last 2 sessions of each person" &&
	grep -q "^   jonah: 2 sessions in a row, first 2026-11-12, last 2026-11-19\$" out &&
	! grep -q "people/jonah.md:154" out
'

test_expect_success '--last 1 finds nothing: one session repeats nothing' '
	in_ex thread repeat-blockers --last 1 >out &&
	echo "0 repeating blockers in the last session of each person (at least 2 sessions)" >expect &&
	test_cmp expect out
'

test_expect_success '--min 3: only the blocker of three sessions' '
	in_ex thread repeat-blockers --min 3 >out &&
	check_golden min-3.txt &&
	head -n 1 out | grep -q "^1 repeating blocker in the last 3 sessions of each person (at least 3 sessions)\$" &&
	grep -q "^   jonah: 3 sessions in a row" out &&
	! grep -q "kenji\|maya" out &&
	in_ex thread repeat-blockers --min 3 --last 2 >out &&
	head -n 1 out | grep -q "^0 repeating blockers in the last 2 sessions of each person (at least 3 sessions)\$" &&
	test $(wc -l <out) -eq 1
'

test_expect_success '--since: every session since the date, whatever repeat.window says' '
	in_ex thread repeat-blockers --since 2026-11-12 >out &&
	check_golden since-2026-11-12.txt &&
	head -n 1 out | grep -q "^1 repeating blocker since 2026-11-12 (at least 2 sessions)\$" &&
	grep -q "^   jonah: 2 sessions in a row, first 2026-11-12, last 2026-11-19\$" out &&
	! grep -q "kenji\|maya" out &&
	in_ex thread repeat-blockers --since 2026-10-01 >out &&
	head -n 1 out | grep -q "^6 repeating blockers since 2026-10-01 (at least 2 sessions)\$" &&
	grep -q "^   rosa: 2 sessions in a row, first 2026-10-09, last 2026-10-23\$" out &&
	grep -q "^   maya: 3 sessions, 2 in a row for one person, first 2026-10-27, last 2026-11-17\$" out &&
	in_ex thread repeat-blockers --since 2026-10-01 --min 3 >out &&
	head -n 1 out | grep -q "^2 repeating blockers since 2026-10-01 (at least 3 sessions)\$"
'

test_expect_success '--since with --last: both limits apply' '
	in_ex thread repeat-blockers --since 2026-11-01 --last 2 >out &&
	head -n 1 out | grep -q "^3 repeating blockers in the last 2 sessions of each person since 2026-11-01 (at least 2 sessions)\$" &&
	grep -q "^   jonah: 2 sessions in a row, first 2026-11-12" out &&
	in_ex thread repeat-blockers --since 2026-11-15 --last 3 >out &&
	head -n 1 out | grep -q "^0 repeating blockers in the last 3 sessions of each person since 2026-11-15" &&
	test $(wc -l <out) -eq 1
'

test_expect_success 'repeat.window and repeat.min of .thread.yaml are the defaults; options win' '
	cp -R "$EX" ex2 &&
	set_repeat "{ window: 2, min: 3 }" ex2 &&
	(cd ex2 && thread repeat-blockers) >out &&
	echo "0 repeating blockers in the last 2 sessions of each person (at least 3 sessions)" >expect &&
	test_cmp expect out &&
	(cd ex2 && thread repeat-blockers --last 3) >out &&
	head -n 1 out | grep -q "^1 repeating blocker in the last 3 sessions of each person (at least 3 sessions)\$" &&
	(cd ex2 && thread repeat-blockers --last 3 --min 2) >out &&
	test_cmp "$RB_GOLDEN/default.txt" out
'

test_expect_success 'a session prepared but not yet held does not move the window' '
	cp -R "$EX" ex3 && cd ex3 &&
	thread new jonah >/dev/null 2>&1 &&
	grep -q "^## 2026-11-21" people/jonah.md &&
	thread repeat-blockers --person jonah >../out &&
	test_cmp "$RB_GOLDEN/person-jonah.txt" ../out
'

test_expect_success '--today does not change what is found' '
	in_ex thread repeat-blockers --today 2027-03-01 >out &&
	test_cmp "$RB_GOLDEN/default.txt" out
'

test_expect_success 'the same blocker in other words, never routed: the ledger line suggests the ask, to the @handle it names' '
	in_cr thread repeat-blockers --person nora >out &&
	cat >expect <<-\EOF &&
	1 repeating blocker in the last 3 sessions of nora (at least 2 sessions)

	1. Staging Kafka quota still not raised, so no load test this week
	   nora: 3 sessions in a row, first 2026-11-05, last 2026-11-19
	   2026-11-05  people/nora.md:13  Load test blocked by the small staging Kafka quota
	   2026-11-12  people/nora.md:21  Staging Kafka quota still not raised, so no load test this week
	   2026-11-19  people/nora.md:29  Kafka quota in staging blocks the load test again (@infra-team)
	   ledger: not routed to anyone; route it under people/nora.md:29 as
	     - [ ] ask: Staging Kafka quota still not raised, so no load test this week @infra-team due:YYYY-MM-DD escalate:YYYY-MM-DD
	   routing: never routed: add an ask with an escalation checkpoint
	EOF
	test_cmp expect out &&
	sed -n 29p "$CR/people/nora.md" | grep -q "^- Kafka quota" &&
	in_cr thread repeat-blockers --person nora --format json >out &&
	test "$(json_get out "\$d->{patterns}[0]{routed} ? 1 : 0")" = 0 &&
	test "$(json_get out "\$d->{patterns}[0]{ask}")" = null
'

test_expect_success 'an ask without escalate: is not routed: "its ask has no escalation checkpoint"' '
	in_cr thread repeat-blockers --person omar >out &&
	grep -q "^   omar: 2 sessions in a row, first 2026-11-12, last 2026-11-19\$" out &&
	grep -q "^   ledger: its ask (@design-lead) has no escalation checkpoint; add escalate:YYYY-MM-DD at people/omar.md:24\$" out &&
	in_cr thread repeat-blockers --person omar --format json >out &&
	test "$(json_get out "\$d->{patterns}[0]{routed} ? 1 : 0")" = 0 &&
	test "$(json_get out "\$d->{patterns}[0]{ask}{line}")" = 24 &&
	test "$(json_get out "\$d->{patterns}[0]{ask}{owner}")" = design-lead &&
	test "$(json_get out "\$d->{patterns}[0]{ask}{escalate}")" = null
'

test_expect_success 'an ask without escalate: is completed, not duplicated by a second ask' '
	in_cr thread repeat-blockers --person omar >out &&
	! grep -q "^     - \[ \] ask: " out &&
	! grep -q "@WHO" out
'

test_expect_success 'unrelated blockers sharing one word in consecutive sessions are no pattern' '
	in_cr thread repeat-blockers --person pia --last 4 >out &&
	echo "0 repeating blockers in the last 4 sessions of pia (at least 2 sessions)" >expect &&
	test_cmp expect out &&
	grep -q "^- Flaky checkout" "$CR/people/pia.md" &&
	grep -q "^- Checkout copy" "$CR/people/pia.md"
'

test_expect_success 'the three paraphrases of one blocker, three weeks running, are one pattern' '
	in_cr thread repeat-blockers --person quinn >out &&
	cat >expect <<-\EOF &&
	1 repeating blocker in the last 3 sessions of quinn (at least 2 sessions)

	1. Waiting on prod DB access from infra
	   quinn: 3 sessions in a row, first 2026-11-05, last 2026-11-19
	   2026-11-05  people/quinn.md:13  Waiting on prod DB access from infra
	   2026-11-12  people/quinn.md:23  still no prod database access (infra)
	   2026-11-19  people/quinn.md:33  blocked: infra hasn'"'"'t granted DB access yet
	   ledger: not routed to anyone; route it under people/quinn.md:33 as
	     - [ ] ask: Waiting on prod DB access from infra @WHO due:YYYY-MM-DD escalate:YYYY-MM-DD
	   routing: never routed: add an ask with an escalation checkpoint
	EOF
	test_cmp expect out
'

test_expect_success 'a shared @handle strengthens a likeness, but makes none alone' '
	in_cr thread repeat-blockers --person sven >out &&
	grep -q "^   sven: 2 sessions in a row" out &&
	in_cr thread repeat-blockers --person tove >out &&
	grep -q "^0 repeating blockers" out &&
	in_cr thread repeat-blockers --person ugo >out &&
	grep -q "^0 repeating blockers" out
'

test_expect_success 'a resolved blocker does not count; one session is one session' '
	in_cr thread repeat-blockers --person vera >out &&
	grep -q "^   vera: 2 sessions in a row, first 2026-11-05, last 2026-11-12\$" out &&
	! grep -q "people/vera.md:33" out &&
	in_cr thread repeat-blockers --person wim >out &&
	echo "0 repeating blockers in the last 3 sessions of wim (at least 2 sessions)" >expect &&
	test_cmp expect out &&
	in_cr thread repeat-blockers --person wim --min 1 --format json >out &&
	test "$(json_get out "scalar @{\$d->{patterns}}")" = 0
'

test_expect_success 'a person with no sessions: nothing, exit 0, in both formats' '
	in_cr thread repeat-blockers --person rex >out 2>err &&
	test_must_be_empty err &&
	echo "0 repeating blockers in the last 3 sessions of rex (at least 2 sessions)" >expect &&
	test_cmp expect out &&
	in_cr thread repeat-blockers --person rex --format json >out &&
	echo "{\"window\":3,\"min\":2,\"threshold\":0.40,\"across_people\":false,\"since\":null,\"patterns\":[]}" >expect &&
	test_cmp expect out
'

test_expect_success 'no pattern anywhere: "0 repeating blockers", exit 0' '
	mkdir -p e/people && cd e &&
	test_exit 0 thread repeat-blockers >out 2>err &&
	echo "0 repeating blockers in the last 3 sessions of each person (at least 2 sessions)" >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	test_exit 0 in_ex thread repeat-blockers --since 2026-11-20 >out &&
	echo "0 repeating blockers since 2026-11-20 (at least 2 sessions)" >expect &&
	test_cmp expect out
'

test_expect_success 'usage errors exit 2' '
	test_exit 2 in_ex thread repeat-blockers jonah 2>err &&
	grep -q "unexpected argument .jonah. (name a person with --person)" err &&
	test_exit 2 in_ex thread repeat-blockers --last 0 2>err &&
	grep -q -- "--last must be a whole number above 0, not .0." err &&
	test_exit 2 in_ex thread repeat-blockers --last -3 &&
	test_exit 2 in_ex thread repeat-blockers --min x 2>err &&
	grep -q -- "--min must be a whole number above 0, not .x." err &&
	test_exit 2 in_ex thread repeat-blockers --min 2x &&
	test_exit 2 in_ex thread repeat-blockers --since 2026-02-30 2>err &&
	grep -q -- "--since .2026-02-30. is not a date" err &&
	test_exit 2 in_ex thread repeat-blockers --person nobody 2>err &&
	grep -q "there is no people/nobody.md" err &&
	test_exit 2 in_ex thread repeat-blockers --format csv &&
	test_exit 2 in_ex thread repeat-blockers --today tomorrow &&
	test_exit 2 in_ex thread repeat-blockers --last &&
	test_exit 2 in_ex thread repeat-blockers --frobnicate &&
	mkdir nowhere && (cd nowhere && test_exit 2 thread repeat-blockers 2>../err) &&
	grep -q "not inside a thread repository" err &&
	test_exit 0 in_ex thread repeat-blockers --help >out &&
	grep -q "^usage: thread repeat-blockers" out
'

test_expect_success 'repeat.threshold 0.9 finds less' '
	cp -R "$EX" strict && set_repeat "{ window: 3, min: 2, threshold: 0.9 }" strict &&
	(cd strict && thread lint -q) &&
	(cd strict && thread repeat-blockers --format json) >out &&
	test "$(json_get out "\$d->{threshold}")" = 0.9 &&
	test "$(json_get out "\$d->{patterns}[0]{blockers}[0]{person}")" = jonah &&
	test "$(json_get out "\$d->{patterns}[0]{sessions}")" = 2 &&
	test "$(json_get out "\$d->{patterns}[0]{first}")" = 2026-11-12 &&
	set_repeat "{ window: 3, min: 2, threshold: 0.9 }" "$CR" &&
	in_cr thread repeat-blockers --person nora >out &&
	grep -q "^0 repeating blockers" out &&
	in_cr thread repeat-blockers --person quinn >out &&
	grep -q "^   quinn: 2 sessions in a row, first 2026-11-05, last 2026-11-12\$" out &&
	set_repeat "{ window: 3, min: 2 }" "$CR" &&
	in_cr thread repeat-blockers --person nora >out &&
	grep -q "^   nora: 3 sessions in a row" out
'

test_expect_success 'repeat.threshold 2 is a config error for thread lint; the default is used meanwhile' '
	cp -R "$EX" bad && set_repeat "{ window: 3, min: 2, threshold: 2 }" bad &&
	(cd bad && test_exit 1 thread lint) >out 2>&1 &&
	grep -q "^.thread.yaml:[0-9]*:[0-9]*: error: threshold must be a number above 0 and at most 1, such as 0.4 \[config\]\$" out &&
	set_repeat "{ window: 3, min: 2, threshold: 0 }" bad &&
	(cd bad && test_exit 1 thread lint -q) >out 2>&1 &&
	grep -q "threshold must be" out &&
	set_repeat "{ window: 3, min: 2, threshold: 1 }" bad &&
	(cd bad && thread lint -q) &&
	set_repeat "{ window: 3, min: 2, threshold: 2 }" bad &&
	(cd bad && test_exit 0 thread repeat-blockers --format json) >out &&
	test "$(json_get out "\$d->{threshold}")" = 0.4 &&
	test "$(json_get out "scalar @{\$d->{patterns}}")" = 3
'

test_expect_success '--min 1 says what is used: a pattern needs 2 sessions' '
	in_ex thread repeat-blockers --min 1 >out &&
	head -n 1 out | grep -q "(at least 2 sessions)\$" &&
	in_ex thread repeat-blockers --min 1 --format json >out &&
	test "$(json_get out "\$d->{min}")" = 2
'

test_expect_success 'a blocker written as a #tag alone: its pattern is printed, no crash' '
	mkdir -p tag/people && cp "$EX/.thread.yaml" tag/ &&
	crafted tam "2026-11-12|#access" "2026-11-19|#access" >tag/people/tam.md &&
	(cd tag && thread lint -q) &&
	(cd tag && thread repeat-blockers) >out &&
	grep -q "^1\. #access\$" out &&
	grep -q "^   2026-11-19  people/tam.md:23  #access\$" out
'

test_expect_success 'two blockers naming the same ticket id are one blocker' '
	mkdir -p tk/people && cp "$EX/.thread.yaml" tk/ &&
	crafted tia "2026-11-12|Waiting on prod DB access from infra: INFRA-4471 has had no response since 10-20" \
		"2026-11-19|Backfill PR 2 can'"'"'t be validated until INFRA-4471 lands" >tk/people/tia.md &&
	(cd tk && thread repeat-blockers) >out &&
	grep -q "^   tia: 2 sessions in a row" out
'

test_done
