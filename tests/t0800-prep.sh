#!/bin/bash
# thread prep: the three-minute pre-brief, on the example team.
#
# tests/golden/prep/<handle>.md and <handle>.json are what
#
#   THREAD_TODAY=2026-11-21 thread prep <handle> [--format json]
#
# prints for each person of a copy of examples/.  To regenerate them after
# a deliberate change of output:
#
#   GOLDEN_UPDATE=1 tests/t0800-prep.sh
#
# then READ every changed file against examples/people/ before committing
# it: a golden file only says what the binary printed, not that it is right.
. "$(dirname "$0")/test-lib.sh"

PREP_GOLDEN=$GOLDEN/prep
GOLDEN_UPDATE=${GOLDEN_UPDATE:-}
PEOPLE='jonah kenji lena maya rosa'

# A copy of the example team in ./team.
team() {
	cp -R "$SRC_DIR/examples" team
}

# check_golden NAME FILE: compare FILE with (or, under GOLDEN_UPDATE,
# write it to) the golden file NAME.
check_golden() {
	if [ -n "$GOLDEN_UPDATE" ]; then
		mkdir -p "$PREP_GOLDEN" && cp "$2" "$PREP_GOLDEN/$1"
		return
	fi
	test_cmp "$PREP_GOLDEN/$1" "$2"
}

# json_get FILE EXPR: print a Perl expression over the decoded document $d.
json_get() {
	perl -MJSON::PP -e '
		local $/; open my $f, "<", $ARGV[0] or die; my $d = decode_json(<$f>);
		my $v = eval $ARGV[1]; die $@ if $@; print defined $v ? "$v\n" : "null\n"' "$1" "$2"
}

# A person whose sessions are written here, after the front matter.
person_with() {
	cat <<-EOF
	---
	name: Pat Example
	cadence: weekly
	---

	# Pat Example
	EOF
	cat
}

for p in $PEOPLE; do
	test_expect_success "golden brief of $p (markdown)" "
		team && cd team &&
		thread prep $p >../out 2>../err &&
		test ! -s ../err &&
		check_golden $p.md ../out
	"
	test_expect_success "golden brief of $p (json)" "
		team && cd team &&
		thread prep $p --format json >../out 2>../err &&
		test ! -s ../err &&
		check_golden $p.json ../out
	"
done

test_expect_success 'the JSON is one document that parses back, with the same content' '
	team && cd team &&
	thread prep jonah --format=json >../j.json &&
	test "$(json_get ../j.json "\$d->{name}")" = "Jonah Reyes" &&
	test "$(json_get ../j.json "\$d->{last_session}{date}")" = 2026-11-19 &&
	test "$(json_get ../j.json "\$d->{last_session}{days_ago}")" = 2 &&
	test "$(json_get ../j.json "\$d->{next_session}{date}")" = 2026-11-26 &&
	test "$(json_get ../j.json "\$d->{cadence_slipped} ? 1 : 0")" = 0 &&
	test "$(json_get ../j.json "scalar @{\$d->{open_asks}}")" = 2 &&
	test "$(json_get ../j.json "\$d->{open_asks}[0]{owner}")" = dave &&
	test "$(json_get ../j.json "\$d->{open_asks}[0]{line}")" = 228 &&
	test "$(json_get ../j.json "\$d->{open_asks}[1]{mine} ? 1 : 0")" = 1 &&
	test "$(json_get ../j.json "\$d->{open_asks}[0]{days_to_escalate}")" = 5 &&
	test "$(json_get ../j.json "scalar @{\$d->{open_tasks_and_priorities}}")" = 3 &&
	test "$(json_get ../j.json "\$d->{growth_rep}{reps}[0]{happened}")" = "not yet recorded" &&
	test "$(json_get ../j.json "\$d->{next}{items}[0]{line}")" = 265 &&
	test "$(json_get ../j.json "join q(,), @{\$d->{recent}{sessions}}")" = 2026-11-05,2026-11-12,2026-11-19 &&
	test "$(json_get ../j.json "\$d->{repeating_blockers}[0]{streak}")" = 3 &&
	test "$(json_get ../j.json "join q(,), map { \$_->{line} } @{\$d->{repeating_blockers}[0]{blockers}}")" = 154,185,227 &&
	for p in $PEOPLE; do
		thread prep $p --format json --include-private >../p.json &&
		json_get ../p.json "\$d->{handle}" >../h && test "$(cat ../h)" = $p || exit 1
	done
'

test_expect_success 'an unknown handle exits 2 with advice and prints nothing' '
	team && cd team &&
	test_exit 2 thread prep nobody >../out 2>../err &&
	test ! -s ../out &&
	grep -Fq "there is no people/nobody.md; add the person first: thread add nobody" ../err
'

test_expect_success 'usage errors exit 2' '
	team && cd team &&
	test_exit 2 thread prep 2>../err && grep -q "name one person" ../err &&
	test_exit 2 thread prep jonah maya 2>/dev/null &&
	test_exit 2 thread prep jonah --format text 2>/dev/null &&
	test_exit 2 thread prep jonah --today 2026-02-30 2>../err &&
	grep -q "not a date" ../err &&
	mkdir ../empty && cd ../empty && test_exit 2 thread prep jonah 2>../err &&
	grep -q "not inside a thread repository" ../err
'

test_expect_success 'a person with no sessions: a title, one line, exit 0' '
	team && cd team &&
	thread add newbie --name "New Person" >/dev/null &&
	thread prep newbie >../out &&
	cat >../expect <<-\EOF &&
	# Prep: New Person

	No 1:1 held yet: nothing to review. Start the first one with: thread new newbie
	EOF
	test_cmp ../expect ../out &&
	thread prep newbie --format json >../j.json &&
	test "$(json_get ../j.json "\$d->{last_session}")" = null &&
	test "$(json_get ../j.json "\$d->{next_session}")" = null &&
	test "$(json_get ../j.json "scalar @{\$d->{open_asks}}")" = 0
'

test_expect_success 'a slipped cadence gets a warning line, from the day after the next 1:1' '
	team && cd team &&
	thread prep jonah --today 2026-11-26 >../on-time &&
	! grep -q Warning ../on-time &&
	grep -Fqx "# Prep: Jonah Reyes, next 1:1 2026-11-26 (today)" ../on-time &&
	thread prep jonah --today 2026-12-05 >../late &&
	grep -Fqx "# Prep: Jonah Reyes, next 1:1 2026-11-26 (9 days past)" ../late &&
	grep -Fqx "Last 1:1: 2026-11-19, 16 days ago; cadence weekly · people/jonah.md:215" ../late &&
	grep -Fqx "> Warning: the cadence slipped: the last 1:1 was 16 days ago, on a weekly cadence. Hold the next one now." ../late &&
	thread prep jonah --today 2026-12-05 --format json >../j.json &&
	test "$(json_get ../j.json "\$d->{cadence_slipped} ? 1 : 0")" = 1 &&
	thread prep rosa --today 2026-12-04 >../rosa &&
	! grep -q Warning ../rosa
'

test_expect_success 'Private notes are absent without --include-private, present with it' '
	team && cd team &&
	private="Said he felt \"useless\" while blocked" &&
	grep -Fq "$private" people/jonah.md &&
	thread prep jonah >../md && thread prep jonah --format json >../json &&
	! grep -Fq "useless" ../md && ! grep -Fq "useless" ../json &&
	! grep -q "### Private" ../md &&
	test "$(json_get ../json "scalar @{\$d->{recent}{private}}")" = 0 &&
	thread prep jonah --include-private >../md &&
	grep -Fqx -- "- 2026-11-19: Said he felt \"useless\" while blocked. Told him the blocker is on us, not him, and that his 30-day check-in is strong. Watch for this if the access drags on. · people/jonah.md:262" ../md &&
	thread prep jonah --include-private --format json >../json &&
	test "$(json_get ../json "\$d->{recent}{private}[1]{line}")" = 262 &&
	for p in $PEOPLE; do
		thread prep $p >../o && thread prep $p --format json >>../o || exit 1
	done &&
	for line in 44 210 262; do
		text=$(sed -n "${line}p" people/jonah.md | cut -c3-40) &&
		! grep -Fq "$text" ../o || { echo "private line $line leaked"; exit 1; }
	done
'

test_expect_success 'a ledger item in a Private section shows only with --include-private' '
	team && cd team &&
	person_with >people/pat.md <<-\EOF &&

	## 2026-11-19

	### Tasks
	- [ ] Send the offsite agenda @pat due:2026-11-24

	### Private
	- [ ] task: Call the recruiter back about the counter-offer @me due:2026-11-23
	EOF
	thread prep pat >../md &&
	grep -q "offsite agenda" ../md && ! grep -q recruiter ../md &&
	thread prep pat --include-private >../md &&
	grep -Fqx -- "- Task: Call the recruiter back about the counter-offer" ../md &&
	grep -Fqx "  @me · due 2026-11-23 (in 2 days) · private · people/pat.md:14" ../md &&
	thread prep pat --include-private --format json >../j.json &&
	test "$(json_get ../j.json "\$d->{open_tasks_and_priorities}[0]{private} ? 1 : 0")" = 1
'

test_expect_success '--today (and THREAD_TODAY) change the counts of days and the status' '
	team && cd team &&
	thread prep jonah --today 2026-11-25 >../a &&
	grep -Fqx "  @dave · due 2026-11-24 (1 day past) · escalate 2026-11-26 (in 1 day) · past checkpoint · people/jonah.md:228" ../a &&
	grep -Fqx "Last 1:1: 2026-11-19, 6 days ago; cadence weekly · people/jonah.md:215" ../a &&
	THREAD_TODAY=2026-11-26 thread prep jonah >../b &&
	grep -Fqx "  @dave · due 2026-11-24 (2 days past) · escalate 2026-11-26 (today) · escalate now · people/jonah.md:228" ../b &&
	THREAD_TODAY=2026-11-26 thread prep jonah --today 2026-11-25 >../c &&
	test_cmp ../a ../c &&
	thread prep jonah --today 2026-11-25 --format json >../j.json &&
	test "$(json_get ../j.json "\$d->{open_asks}[0]{days_to_due}")" = -1 &&
	test "$(json_get ../j.json "\$d->{open_asks}[0]{status}")" = "past checkpoint"
'

test_expect_success 'a session started ahead of the meeting is the next 1:1, not the last' '
	team && cd team &&
	thread prep jonah >../before &&
	thread new jonah --date 2026-11-26 >/dev/null &&
	thread prep jonah >../after &&
	test_cmp ../before ../after &&
	thread prep jonah --format json >../j.json &&
	test "$(json_get ../j.json "\$d->{next_session}{started} ? 1 : 0")" = 1 &&
	thread new maya --date 2026-11-21 >/dev/null &&
	thread prep maya >../maya &&
	grep -Fqx "# Prep: Maya Lindqvist, next 1:1 2026-11-21 (today)" ../maya &&
	grep -Fq "happened: not yet recorded" ../maya
'

test_expect_success 'the growth rep of an older session that stayed open did not happen' '
	team && cd team &&
	person_with >people/pat.md <<-\EOF &&

	## 2026-11-12

	### Growth
	- Skill: saying no
	- [ ] Rep: decline one meeting with a reason @pat due:2026-11-18
	- Exposure: the planning sync

	## 2026-11-19

	### Wins
	- Shipped the importer
	EOF
	thread prep pat >../md &&
	grep -Fqx "## Growth rep (from 2026-11-12)" ../md &&
	grep -Fqx "  @pat · due 2026-11-18 (3 days past) · happened: no · people/pat.md:12" ../md &&
	grep -Fqx "## Next 1:1 starts with (from 2026-11-19)" ../md &&
	grep -Fqx -- "- nothing was written down" ../md
'

test_expect_success 'repeating blockers follow repeat.window and repeat.min' '
	team && cd team &&
	thread prep kenji >../md &&
	grep -Fqx -- "  2 of the last 3 sessions, in a row: 2026-11-11 (people/kenji.md:170), 2026-11-18 (people/kenji.md:218); routed as an ask with an escalation checkpoint" ../md &&
	sed -i "s/^repeat:.*/repeat: { window: 3, min: 3 }/" .thread.yaml &&
	thread prep kenji >../md &&
	sed -n "/^## Repeating blockers/,\$p" ../md >../rep &&
	printf "## Repeating blockers\n- none\n" >../expect &&
	test_cmp ../expect ../rep &&
	sed -i "s/^repeat:.*/repeat: { window: 1, min: 1 }/" .thread.yaml &&
	thread prep kenji >../md &&
	sed -n "/^## Repeating blockers/,\$p" ../md >../rep &&
	test_cmp ../expect ../rep
'

test_expect_success 'tags repeat without regard to case, and so do blockers in other words' '
	team && cd team &&
	person_with >people/pat.md <<-\EOF &&

	## 2026-11-05

	### Blockers
	- CI is flaky again #CI
	  - [x] task: Quarantine the flaky tests @pat due:2026-11-07

	## 2026-11-12

	### Blockers
	- The CI runners ran out of disk #ci #ci
	  - [x] task: Clean the runner cache @pat due:2026-11-14
	- No staging access
	  - [x] task: File the access request @pat due:2026-11-14

	## 2026-11-19

	### Blockers
	- No staging access still
	  - [ ] ask: Grant staging access @dave due:2026-11-24 escalate:2026-11-26
	EOF
	thread prep pat >../md &&
	sed -n "/^## Repeating blockers/,\$p" ../md >../rep &&
	cat >../expect <<-\EOF &&
	## Repeating blockers
	- No staging access still
	  2 of the last 3 sessions, in a row: 2026-11-12 (people/pat.md:19), 2026-11-19 (people/pat.md:25); routed as an ask with an escalation checkpoint
	- The CI runners ran out of disk
	  2 of the last 3 sessions, in a row: 2026-11-05 (people/pat.md:11), 2026-11-12 (people/pat.md:17); not routed: make it an ask with an escalation checkpoint
	EOF
	test_cmp ../expect ../rep
'

test_expect_success 'paths are relative to the current folder, as lint prints them' '
	team && cd team/people &&
	thread prep jonah >../../out &&
	grep -Fqx "Last 1:1: 2026-11-19, 2 days ago; cadence weekly · ../people/jonah.md:215" ../../out
'

test_done
