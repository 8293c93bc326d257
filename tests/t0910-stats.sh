#!/bin/sh
# t0910-stats.sh - thread stats on crafted git histories.
#
# The main history (./h, built by the first test) is eight weekly rounds
# of closeouts from 2026-10-01 to 2026-11-19, each commit dated with
# GIT_AUTHOR_DATE/GIT_COMMITTER_DATE; today is 2026-11-21.  Every figure
# the tests expect is worked out by hand below, item by item.
#
# alice (weekly; sessions 10-01 10-08 10-15 10-22 11-05 11-12 11-19):
#   A1 task  added 10-01, checked 10-08                      7 days
#   A2 task  added 10-01, due 10-08 -> 10-15 -> 10-22 (2 slips),
#            checked 10-22                                   21 days
#   K1 ask   added 10-01, escalate 10-09, checked 10-15      14 days, passed
#   P1 prio  added 10-08, due 11-30, open
#   A3 task  added 10-08, checked 10-15                      7 days
#   A4 task  written checked off on 10-15: born done, not counted anywhere
#   K2 ask   added 10-15, escalate 10-23, checked 10-22      7 days, in time
#   A5 task  added 10-22, due 11-01 -> 11-10 on 11-05 (1 slip),
#            checked 11-12                                   21 days
#   K3 ask   added 11-05, due 11-10, escalate 11-13, open:   overdue, passed
#   A6 task  added 11-05, due 11-09 -> 11-06 on 11-12 (earlier: no slip),
#            checked 11-19                                   14 days
#   A9 task  added 11-05, deleted 11-12 while open
#   A7 task  added 11-12, due 11-30, open
#   A8 task  added 11-19, due 11-20, open: overdue
#   blocker #deploy in 11-05, 11-12 and 11-19: one repeating pattern
#   tasks 7 7 14 21 21: median 14, p90 21; asks 7 14: median 7, p90 14
#   open 2/1/1/0, overdue 1/1/0/0; slipped 2 of 12 items, 3 slips;
#   escalations passed 2 of 3; cadence: 7 held of the 8 weekly dates
#   from 10-01 to 11-21 (88%)
# bob (biweekly; sessions 10-15 10-29 11-12):
#   B1 task  added 10-15, checked 10-29                      14 days
#   BK1 ask  added 10-15, due 10-22 -> 10-29 on 10-29 (1 slip), escalate
#            10-27, checked 11-12                            28 days, passed
#   B2 task  added 10-29, checked 11-12                      14 days
#   R1 rep   added 11-12, due 11-19, open: overdue
#   tasks 14 14; asks 28; open 0/0/0/1, overdue 0/0/0/1; slipped 1 of 4,
#   1 slip; escalations 1 of 1; cadence 3 of 3
# carol: added on 11-19 with only a prepared session (11-26): nothing.
# team: tasks 7 7 14 14 14 21 21 (median 14, p90 21), asks 7 14 28
#   (median 14, p90 28); open 2/1/1/1, overdue 1/1/0/1; slipped 3 of 16,
#   4 slips; escalations 3 of 4; 1 repeating; cadence 10 of 11.
# Every session is closed out on its own day, so the closeout table says
#   all held sessions closed out, all within 24h, median 0 days.
#
# Goldens in tests/golden/stats/ hold stdout of thread stats in ./h:
#   team.txt (LC_ALL=C), team-utf8.txt (LC_ALL=C.UTF-8),
#   since.txt (--since 2026-11-01), person-bob.txt (--person bob).
# To regenerate them after a deliberate change of output:
#
#   GOLDEN_UPDATE=1 tests/t0910-stats.sh
#
# then READ every changed file against the figures above before you
# commit it: a golden only says what the binary printed, not that it is right.

. "$(dirname "$0")/test-lib.sh"

ST_GOLDEN=$GOLDEN/stats
GOLDEN_UPDATE=${GOLDEN_UPDATE:-}
H=$TRASH/h

check_golden() {
	if [ -n "$GOLDEN_UPDATE" ]; then
		mkdir -p "$ST_GOLDEN" && cp out "$ST_GOLDEN/$1"
	else
		test_cmp "$ST_GOLDEN/$1" out
	fi
}

# json_get FILE EXPR: a Perl expression over the decoded document $d.
json_get() {
	perl -MJSON::PP -e '
		local $/; open my $f, "<", $ARGV[0] or die; my $d = decode_json(<$f>);
		my $v = eval $ARGV[1]; die $@ if $@; print defined $v ? "$v\n" : "null\n"' "$1" "$2"
}

# json_is FILE EXPR VALUE: the expression is VALUE.
json_is() {
	ji_got=$(json_get "$1" "$2") || return 1
	[ "$ji_got" = "$3" ] || { echo "$2: got '$ji_got', expected '$3'"; return 1; }
}

# commit_at DATE HANDLE: commit everything as HANDLE's closeout of DATE,
# at 17:00 UTC that day.
commit_at() {
	git add -A &&
	GIT_AUTHOR_DATE="$1T17:00:00Z" GIT_COMMITTER_DATE="$1T17:00:00Z" \
		git commit -q -m "closeout: $2 $1" -m "Thread-Person: $2
Thread-Session: $1"
}

# head_of HANDLE CADENCE: the front matter and title of a person file.
head_of() {
	printf -- '---\nname: %s\nrole: Engineer\ncadence: %s\nconsent: notes-only\n---\n\n# %s\n' \
		"$1" "$2" "$1"
}

# redo SED-SCRIPT FILE: edit FILE in place; the edit must change it.
redo() {
	cp "$2" "$2.old" && sed -i "$1" "$2" && ! cmp -s "$2" "$2.old" && rm "$2.old"
}

test_expect_success 'a crafted history of eight weekly rounds' '
	mkdir -p "$H/people" && cd "$H" &&
	printf "me: sam\npeople: [dave]\n" >.thread.yaml &&
	git init -q -b main &&

	head_of alice weekly >people/alice.md &&
	cat >>people/alice.md <<-\EOF &&

	## 2026-10-01

	### Tasks
	- [ ] Write the deploy runbook @alice due:2026-10-05
	- [ ] Migrate the billing cron jobs @alice due:2026-10-08

	### Asks
	- [ ] Grant staging database access @dave due:2026-10-06 escalate:2026-10-09

	### Next
	- Runbook
	EOF
	commit_at 2026-10-01 alice &&

	redo "s/- \[ \] Write the deploy runbook/- [x] Write the deploy runbook/
	      s/cron jobs @alice due:2026-10-08/cron jobs @alice due:2026-10-15/" people/alice.md &&
	cat >>people/alice.md <<-\EOF &&

	## 2026-10-08

	### Priorities
	- [ ] Ship the search relaunch @alice due:2026-11-30

	### Tasks
	- [ ] Review the alerting thresholds @alice due:2026-10-12

	### Next
	- Relaunch
	EOF
	commit_at 2026-10-08 alice &&

	redo "s/cron jobs @alice due:2026-10-15/cron jobs @alice due:2026-10-22/
	      s/- \[ \] Grant staging/- [x] Grant staging/
	      s/- \[ \] Review the alerting/- [x] Review the alerting/" people/alice.md &&
	cat >>people/alice.md <<-\EOF &&

	## 2026-10-15

	### Tasks
	- [x] Rotate the API signing keys @alice due:2026-10-14

	### Asks
	- [ ] Approve the load-test budget @dave due:2026-10-20 escalate:2026-10-23

	### Next
	- Budget
	EOF
	commit_at 2026-10-15 alice &&

	head_of bob biweekly >people/bob.md &&
	cat >>people/bob.md <<-\EOF &&

	## 2026-10-15

	### Tasks
	- [ ] Set up the staging cluster @bob due:2026-10-20

	### Asks
	- [ ] Approve the vendor contract @dave due:2026-10-22 escalate:2026-10-27

	### Next
	- Cluster
	EOF
	commit_at 2026-10-15 bob &&

	redo "s/- \[ \] Migrate the billing/- [x] Migrate the billing/
	      s/- \[ \] Approve the load-test/- [x] Approve the load-test/" people/alice.md &&
	cat >>people/alice.md <<-\EOF &&

	## 2026-10-22

	### Tasks
	- [ ] Document the on-call handover @alice due:2026-11-01

	### Next
	- Handover
	EOF
	commit_at 2026-10-22 alice &&

	redo "s/- \[ \] Set up the staging/- [x] Set up the staging/
	      s/contract @dave due:2026-10-22/contract @dave due:2026-10-29/" people/bob.md &&
	cat >>people/bob.md <<-\EOF &&

	## 2026-10-29

	### Tasks
	- [ ] Benchmark the new queue @bob due:2026-11-05

	### Next
	- Queue
	EOF
	commit_at 2026-10-29 bob &&

	redo "s/handover @alice due:2026-11-01/handover @alice due:2026-11-10/" people/alice.md &&
	cat >>people/alice.md <<-\EOF &&

	## 2026-11-05

	### Blockers
	- Deploys blocked by the frozen release pipeline #deploy

	### Tasks
	- [ ] Triage the flaky checkout tests @alice due:2026-11-09
	- [ ] Draft the Q1 hiring plan @alice due:2026-11-08

	### Asks
	- [ ] Fund the deploy pipeline rewrite @dave due:2026-11-10 escalate:2026-11-13

	### Next
	- Pipeline
	EOF
	commit_at 2026-11-05 alice &&

	redo "s/- \[ \] Document the on-call/- [x] Document the on-call/
	      s/checkout tests @alice due:2026-11-09/checkout tests @alice due:2026-11-06/
	      /Draft the Q1 hiring plan/d" people/alice.md &&
	cat >>people/alice.md <<-\EOF &&

	## 2026-11-12

	### Blockers
	- Release pipeline still frozen, nothing shipped #deploy

	### Tasks
	- [ ] Book the architecture review @alice due:2026-11-30

	### Next
	- Pipeline
	EOF
	commit_at 2026-11-12 alice &&

	redo "s/- \[ \] Benchmark the new queue/- [x] Benchmark the new queue/
	      s/- \[ \] Approve the vendor/- [x] Approve the vendor/" people/bob.md &&
	cat >>people/bob.md <<-\EOF &&

	## 2026-11-12

	### Growth
	- Skill: running design reviews
	- [ ] Rep: lead the storage design review @bob due:2026-11-19

	### Next
	- Design review
	EOF
	commit_at 2026-11-12 bob &&

	redo "s/- \[ \] Triage the flaky/- [x] Triage the flaky/" people/alice.md &&
	cat >>people/alice.md <<-\EOF &&

	## 2026-11-19

	### Blockers
	- The pipeline freeze again blocks every deploy #deploy

	### Tasks
	- [ ] Send the incident summary @alice due:2026-11-20

	### Next
	- Summary
	EOF
	head_of carol weekly >people/carol.md &&
	printf "\n## 2026-11-26\n\n### Review\n- First one-on-one\n" >>people/carol.md &&
	commit_at 2026-11-19 alice &&

	test $(git rev-list --count HEAD) -eq 10 &&
	git status --porcelain >../status && test_must_be_empty ../status
'

test_expect_success 'the log of the crafted history: what the figures build on' '
	cd "$H" &&
	thread log >out &&
	test $(wc -l <out) -eq 10 &&
	grep -q "^2026-10-08  .......  alice .* +2 added, 1 closed, 1 re-dated\$" out &&
	grep -q "^2026-11-12  .......  alice .* +1 added, 1 closed, 1 re-dated\$" out
'

test_expect_success 'text: both tables, every figure as worked out by hand (LC_ALL=C)' '
	cd "$H" &&
	thread stats >out 2>err &&
	test_must_be_empty err &&
	cat >expect <<-\EOF &&
	As of 2026-11-21, over the whole history

	person  tasks  median  p90  spread  asks  median  p90  spread
	alice       5      14   21  ..#@..     2       7   14  ..@@..
	bob         2      14   14  ...@..     1      28   28  ....@.
	carol       0       -    -  -          0       -    -  -
	team        7      14   21  ..+@..     3      14   28  ..@@@.

	person  open     overdue  slipped        slips  escalated  repeating  cadence kept
	alice   2/1/1/0  1/1/0/0  2 of 12 (17%)      3  2 of 3             1  7 of 8 (88%)
	bob     0/0/0/1  0/0/0/1  1 of 4 (25%)       1  1 of 1             0  3 of 3 (100%)
	carol   0/0/0/0  0/0/0/0  0 of 0             0  0 of 0             0  -
	team    2/1/1/1  1/1/0/1  3 of 16 (19%)      4  3 of 4             1  10 of 11 (91%)

	person  held  closed out       within 24h       median days
	alice      7  7 of 7 (100%)    7 of 7 (100%)              0
	bob        3  3 of 3 (100%)    3 of 3 (100%)              0
	carol      0  0 of 0           0 of 0                     -
	team      10  10 of 10 (100%)  10 of 10 (100%)            0

	person  repeating now  stopped  median sessions before stopping
	alice               1        0                                -
	bob                 0        0                                -
	carol               0        0                                -
	team                1        0                                -

	spread: tasks or asks closed in 0-2, 3-6, 7-13, 14-27, 28-55 and 56+ days
	open, overdue: tasks/asks/priorities/reps
	closed out: sessions held in the period that have their closeout commit; within 24h: by the end of the day after the meeting
	EOF
	check_golden team.txt &&
	test_cmp expect out
'

test_expect_success 'the sparklines in a UTF-8 locale (LC_ALL=C.UTF-8)' '
	cd "$H" &&
	LC_ALL=C.UTF-8 thread stats >out &&
	check_golden team-utf8.txt &&
	grep "^alice  *5 " out >a &&
	printf "alice       5      14   21    \342\226\206\342\226\210       2       7   14    \342\226\210\342\226\210\n" >expect &&
	test_cmp expect a &&
	grep "^team  *7 " out >t &&
	printf "team        7      14   21    \342\226\204\342\226\210       3      14   28    \342\226\210\342\226\210\342\226\210\n" >expect &&
	test_cmp expect t &&
	# every other line is what the C locale prints
	LC_ALL=C thread stats >c &&
	grep -v "^alice \|^bob \|^team " out >u1 && grep -v "^alice \|^bob \|^team " c >c1 &&
	test_cmp c1 u1
'

test_expect_success 'the locale: LANG when LC_ALL is unset, LC_ALL first, POSIX and others are ASCII' '
	cd "$H" &&
	(unset LC_ALL; LANG=en_US.UTF-8 thread stats) >l1 &&
	grep -q "$(printf "\342\226\210")" l1 &&
	LC_ALL=POSIX LANG=en_US.UTF-8 thread stats >l2 &&
	test_cmp "$ST_GOLDEN/team.txt" l2 &&
	(unset LC_ALL; LANG=C thread stats) >l3 &&
	test_cmp "$ST_GOLDEN/team.txt" l3 &&
	LC_ALL=en_US.ISO-8859-1 thread stats >l4 &&
	test_cmp "$ST_GOLDEN/team.txt" l4 &&
	LC_ALL=en_US.utf8 thread stats >l5 &&
	test_cmp l1 l5
'

test_expect_success '--format json: every figure, as numbers' '
	cd "$H" &&
	thread stats --format json >out 2>err &&
	test_must_be_empty err &&
	json_is out "\$d->{today}" 2026-11-21 &&
	json_is out "\$d->{since}" null &&
	json_is out "join q( ), @{\$d->{bins}}" "0 3 7 14 28 56" &&
	json_is out "join q( ), map { \$_->{person} } @{\$d->{people}}" "alice bob carol" &&
	json_is out "\$d->{people}[0]{tasks}{closed}" 5 &&
	json_is out "\$d->{people}[0]{tasks}{median}" 14 &&
	json_is out "\$d->{people}[0]{tasks}{p90}" 21 &&
	json_is out "join q( ), @{\$d->{people}[0]{tasks}{histogram}}" "0 0 2 3 0 0" &&
	json_is out "\$d->{people}[0]{asks}{closed}" 2 &&
	json_is out "\$d->{people}[0]{asks}{median}" 7 &&
	json_is out "\$d->{people}[0]{asks}{p90}" 14 &&
	json_is out "join q( ), map { \$d->{people}[0]{open}{\$_} } qw(task ask priority rep total)" "2 1 1 0 4" &&
	json_is out "join q( ), map { \$d->{people}[0]{overdue}{\$_} } qw(task ask priority rep total)" "1 1 0 0 2" &&
	json_is out "join q( ), map { \$d->{people}[0]{slips}{\$_} } qw(items slipped percent slips)" "12 2 17 3" &&
	json_is out "join q( ), map { \$d->{people}[0]{escalations}{\$_} } qw(asks passed passed_closed passed_open)" "3 2 1 1" &&
	json_is out "\$d->{people}[0]{repeating_blockers}" 1 &&
	json_is out "join q( ), map { \$d->{people}[0]{cadence}{\$_} } qw(days from held expected percent)" "7 2026-10-01 7 8 88" &&
	json_is out "\$d->{people}[1]{asks}{median}" 28 &&
	json_is out "join q( ), map { \$d->{people}[1]{cadence}{\$_} } qw(days from held expected percent)" "14 2026-10-15 3 3 100" &&
	json_is out "\$d->{people}[2]{tasks}{median}" null &&
	json_is out "\$d->{people}[2]{slips}{percent}" null &&
	json_is out "join q( ), map { \$d->{people}[2]{cadence}{\$_} // q(null) } qw(days from held expected percent)" "7 null 0 0 null" &&
	json_is out "\$d->{team}{tasks}{median}.q( ).\$d->{team}{tasks}{p90}" "14 21" &&
	json_is out "\$d->{team}{asks}{median}.q( ).\$d->{team}{asks}{p90}" "14 28" &&
	json_is out "join q( ), @{\$d->{team}{asks}{histogram}}" "0 0 1 1 1 0" &&
	json_is out "\$d->{team}{open}{total}.q( ).\$d->{team}{overdue}{total}" "5 3" &&
	json_is out "join q( ), map { \$d->{team}{slips}{\$_} } qw(items slipped percent slips)" "16 3 19 4" &&
	json_is out "\$d->{team}{escalations}{passed}.q( of ).\$d->{team}{escalations}{asks}" "3 of 4" &&
	json_is out "\$d->{team}{repeating_blockers}" 1 &&
	json_is out "join q( ), map { \$d->{team}{cadence}{\$_} // q(null) } qw(days from held expected percent)" "null null 10 11 91"
'

test_expect_success '--since: closed, slipped, escalated and held on or after the date' '
	cd "$H" &&
	thread stats --since 2026-11-01 >out &&
	cat >expect <<-\EOF &&
	As of 2026-11-21, since 2026-11-01

	person  tasks  median  p90  spread  asks  median  p90  spread
	alice       2      14   21  ...@..     0       -    -  -
	bob         1      14   14  ...@..     1      28   28  ....@.
	carol       0       -    -  -          0       -    -  -
	team        3      14   21  ...@..     1      28   28  ....@.

	person  open     overdue  slipped        slips  escalated  repeating  cadence kept
	alice   2/1/1/0  1/1/0/0  1 of 7 (14%)       1  1 of 1             1  3 of 3 (100%)
	bob     0/0/0/1  0/0/0/1  0 of 3 (0%)        0  1 of 1             0  1 of 2 (50%)
	carol   0/0/0/0  0/0/0/0  0 of 0             0  0 of 0             0  0 of 3 (0%)
	team    2/1/1/1  1/1/0/1  1 of 10 (10%)      1  2 of 2             1  4 of 8 (50%)

	person  held  closed out     within 24h     median days
	alice      3  3 of 3 (100%)  3 of 3 (100%)            0
	bob        1  1 of 1 (100%)  1 of 1 (100%)            0
	carol      0  0 of 0         0 of 0                   -
	team       4  4 of 4 (100%)  4 of 4 (100%)            0

	person  repeating now  stopped  median sessions before stopping
	alice               1        0                                -
	bob                 0        0                                -
	carol               0        0                                -
	team                1        0                                -

	spread: tasks or asks closed in 0-2, 3-6, 7-13, 14-27, 28-55 and 56+ days
	open, overdue: tasks/asks/priorities/reps
	closed out: sessions held in the period that have their closeout commit; within 24h: by the end of the day after the meeting
	EOF
	check_golden since.txt &&
	test_cmp expect out &&
	thread stats --since 2026-11-01 --format json >j &&
	json_is j "\$d->{since}" 2026-11-01 &&
	json_is j "\$d->{people}[2]{cadence}{from}" 2026-11-01 &&
	json_is j "\$d->{team}{tasks}{closed}" 3
'

test_expect_success '--since after the last closeout: nothing closed, the open items still count' '
	cd "$H" &&
	thread stats --since 2026-11-20 --format json >j &&
	json_is j "\$d->{team}{tasks}{closed}+\$d->{team}{asks}{closed}" 0 &&
	json_is j "\$d->{team}{open}{total}" 5 &&
	json_is j "\$d->{team}{escalations}{passed}.q(/).\$d->{team}{escalations}{asks}" 1/1 &&
	json_is j "\$d->{team}{cadence}{held}.q(/).\$d->{team}{cadence}{expected}" 0/3
'

test_expect_success '--person: one row, no team line; JSON team is that person' '
	cd "$H" &&
	thread stats --person bob >out &&
	cat >expect <<-\EOF &&
	As of 2026-11-21, over the whole history

	person  tasks  median  p90  spread  asks  median  p90  spread
	bob         2      14   14  ...@..     1      28   28  ....@.

	person  open     overdue  slipped       slips  escalated  repeating  cadence kept
	bob     0/0/0/1  0/0/0/1  1 of 4 (25%)      1  1 of 1             0  3 of 3 (100%)

	person  held  closed out     within 24h     median days
	bob        3  3 of 3 (100%)  3 of 3 (100%)            0

	person  repeating now  stopped  median sessions before stopping
	bob                 0        0                                -

	spread: tasks or asks closed in 0-2, 3-6, 7-13, 14-27, 28-55 and 56+ days
	open, overdue: tasks/asks/priorities/reps
	closed out: sessions held in the period that have their closeout commit; within 24h: by the end of the day after the meeting
	EOF
	check_golden person-bob.txt &&
	test_cmp expect out &&
	thread stats --person alice --format json >j &&
	json_is j "scalar @{\$d->{people}}" 1 &&
	json_is j "\$d->{people}[0]{person}" alice &&
	json_is j "\$d->{team}{tasks}{median}.q( ).\$d->{team}{slips}{slips}" "14 3" &&
	json_is j "\$d->{team}{cadence}{held}.q(/).\$d->{team}{cadence}{expected}" 7/8
'

test_expect_success '--today moves "now": overdue, escalations and cadence follow it' '
	cd "$H" &&
	thread stats --person alice --today 2026-11-12 --format json >j &&
	json_is j "\$d->{today}" 2026-11-12 &&
	json_is j "\$d->{people}[0]{overdue}{total}" 1 &&
	json_is j "\$d->{people}[0]{escalations}{passed_open}" 0 &&
	json_is j "\$d->{people}[0]{cadence}{held}.q(/).\$d->{people}[0]{cadence}{expected}" 6/7 &&
	THREAD_TODAY=2026-11-12 thread stats --person alice --format json >j2 &&
	test_cmp j j2
'

test_expect_success 'usage errors exit 2' '
	cd "$H" &&
	test_exit 2 thread stats bob 2>err && grep -q "unexpected argument" err &&
	test_exit 2 thread stats --person nobody 2>err && grep -q "people/nobody.md" err &&
	test_exit 2 thread stats --since 2026-13-01 2>err && grep -q -- "--since" err &&
	test_exit 2 thread stats --today yesterday &&
	test_exit 2 thread stats --format csv &&
	test_exit 0 thread stats -h >help && grep -q "^usage: thread stats" help
'

# no_history_checks: ./j (JSON) and ./out (text) of a repository whose
# history holds no person file: every history figure is zero.
no_history_checks() {
	json_is j "join q( ), map { \$d->{team}{\$_}{closed} } qw(tasks asks)" "0 0" &&
	json_is j "\$d->{team}{open}{total}+\$d->{team}{overdue}{total}" 0 &&
	json_is j "\$d->{team}{slips}{items}+\$d->{team}{slips}{slips}" 0 &&
	json_is j "\$d->{team}{escalations}{asks}" 0 &&
	json_is j "\$d->{team}{repeating_blockers}" 0 &&
	json_is j "\$d->{team}{cadence}{expected}.q(/).(\$d->{team}{cadence}{percent} // q(null))" 0/null &&
	tr -s " " <out >squeezed &&
	grep -qx "team 0 - - - 0 - - -" squeezed &&
	grep -qx "team 0/0/0/0 0/0/0/0 0 of 0 0 0 of 0 0 -" squeezed
}

test_expect_success 'a repository with no history of people/: all zeros, exit 0' '
	mkdir -p r/people && cd r && git init -q -b main &&
	printf "me: sam\n" >.thread.yaml && git add .thread.yaml &&
	git commit -q -m "settings" &&
	head_of dora weekly >people/dora.md &&
	thread stats --format json >j 2>err &&
	test_must_be_empty err &&
	thread stats >out 2>err &&
	test_must_be_empty err &&
	no_history_checks
'

test_expect_success 'a repository with no commits at all (unborn HEAD): all zeros, exit 0' '
	mkdir -p r0/people && cd r0 && git init -q -b main &&
	head_of dora weekly >people/dora.md &&
	thread stats --format json >j &&
	thread stats >out &&
	no_history_checks
'

test_expect_success 'no people at all, and no git repository: zeros, a warning, exit 0' '
	mkdir -p e/people && cd e &&
	GIT_CEILING_DIRECTORIES=$(pwd)/.. thread stats --format json >j 2>err &&
	grep -q "not in a git repository" err &&
	json_is j "scalar @{\$d->{people}}" 0 &&
	json_is j "\$d->{team}{tasks}{closed}" 0
'

test_expect_success 'items written in a file not yet committed are not in the history' '
	cp -R "$H" c && cd c &&
	sed -i "s/- \[ \] Book the architecture/- [x] Book the architecture/" people/alice.md &&
	thread stats --person alice --format json >j &&
	json_is j "\$d->{people}[0]{tasks}{closed}.q( ).\$d->{people}[0]{open}{task}" "5 2"
'

test_expect_success 'a reopened item counts from its last check-off; a closed then deleted one still counts' '
	mkdir -p ro/people && cd ro && git init -q -b main &&
	head_of eve weekly >people/eve.md &&
	printf "\n## 2026-10-01\n\n### Tasks\n- [ ] Fix the login page @eve due:2026-10-05\n- [ ] Clean the backlog @eve due:2026-10-05\n\n### Next\n- Login\n" >>people/eve.md &&
	commit_at 2026-10-01 eve &&
	redo "s/- \[ \] Fix the login/- [x] Fix the login/; s/- \[ \] Clean the/- [x] Clean the/" people/eve.md &&
	commit_at 2026-10-03 eve &&
	redo "s/- \[x\] Fix the login/- [ ] Fix the login/; /Clean the backlog/d" people/eve.md &&
	commit_at 2026-10-08 eve &&
	redo "s/- \[ \] Fix the login/- [x] Fix the login/" people/eve.md &&
	commit_at 2026-10-31 eve &&
	thread stats --format json >j &&
	json_is j "join q( ), @{\$d->{team}{tasks}{histogram}}" "1 0 0 0 1 0" &&
	json_is j "\$d->{team}{tasks}{median}.q( ).\$d->{team}{tasks}{p90}" "2 30" &&
	json_is j "\$d->{team}{open}{total}" 0
'

test_expect_success 'nearest rank: ten closes, the median is the 5th, p90 the 9th; 56+ days' '
	mkdir -p nr/people && cd nr && git init -q -b main &&
	head_of fay weekly >people/fay.md &&
	printf "\n## 2026-01-01\n\n### Tasks\n" >>people/fay.md &&
	for i in 1 2 3 4 5 6 7 8 9 10; do
		echo "- [ ] Task number $i of ten @fay due:2026-01-02" >>people/fay.md
	done &&
	commit_at 2026-01-01 fay &&
	# close task i after 10*i days: 10 20 ... 100
	for i in 1 2 3 4 5 6 7 8 9 10; do
		redo "s/- \[ \] Task number $i of ten/- [x] Task number $i of ten/" people/fay.md &&
		commit_at $(date -u -d "2026-01-01 + $((10 * i)) days" +%F) fay || exit 1
	done &&
	thread stats --format json --today 2026-06-01 >j &&
	json_is j "\$d->{team}{tasks}{closed}.q( ).\$d->{team}{tasks}{median}.q( ).\$d->{team}{tasks}{p90}" "10 50 90" &&
	json_is j "join q( ), @{\$d->{team}{tasks}{histogram}}" "0 0 1 1 3 5" &&
	thread stats --today 2026-06-01 >out &&
	grep -F -x "fay        10      50   90  ..--*@     0       -    -  -" out
'

test_expect_success 'progress stays off stderr when it is not a terminal' '
	cd "$H" &&
	thread stats >/dev/null 2>err &&
	test_must_be_empty err
'

test_expect_success 'a thread repository in a subfolder of the git work tree has its history read' '
	mkdir -p outer && cp -R "$H" outer/team && rm -rf outer/team/.git &&
	cd outer && git init -q -b main && git add -A &&
	GIT_AUTHOR_DATE=2026-11-19T17:00:00Z GIT_COMMITTER_DATE=2026-11-19T17:00:00Z \
		git commit -q -m "import" &&
	cd team &&
	thread stats --format json >j &&
	json_is j "\$d->{team}{open}{total}" 5
'

test_done
