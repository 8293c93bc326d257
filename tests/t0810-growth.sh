#!/bin/bash
# thread growth: the growth thread over time, on the example team.
#
# tests/golden/growth/<handle>.md and <handle>.json are what
#
#   THREAD_TODAY=2026-11-21 thread growth <handle> [--format json]
#
# prints for each person of a copy of examples/.  To regenerate them after
# a deliberate change of output:
#
#   GOLDEN_UPDATE=1 tests/t0810-growth.sh
#
# then READ every changed file against examples/people/ before committing
# it: a golden file only says what the binary printed, not that it is right.
. "$(dirname "$0")/test-lib.sh"

GROWTH_GOLDEN=$GOLDEN/growth
GOLDEN_UPDATE=${GOLDEN_UPDATE:-}
PEOPLE='jonah kenji lena maya rosa'

team() {
	cp -R "$SRC_DIR/examples" team
}

check_golden() {
	if [ -n "$GOLDEN_UPDATE" ]; then
		mkdir -p "$GROWTH_GOLDEN" && cp "$2" "$GROWTH_GOLDEN/$1"
		return
	fi
	test_cmp "$GROWTH_GOLDEN/$1" "$2"
}

# json_get FILE EXPR: print a Perl expression over the decoded document $d.
json_get() {
	perl -MJSON::PP -e '
		local $/; open my $f, "<", $ARGV[0] or die; my $d = decode_json(<$f>);
		my $v = eval $ARGV[1]; die $@ if $@; print defined $v ? "$v\n" : "null\n"' "$1" "$2"
}

# people/pat.md: front matter, then the sessions given on stdin.
pat() {
	{
		printf -- "---\nname: Pat Example\ncadence: weekly\n---\n\n# Pat Example\n"
		cat
	} >people/pat.md
}

for p in $PEOPLE; do
	test_expect_success "golden growth thread of $p (markdown)" "
		team && cd team &&
		thread growth $p >../out 2>../err &&
		test ! -s ../err &&
		check_golden $p.md ../out
	"
	test_expect_success "golden growth thread of $p (json)" "
		team && cd team &&
		thread growth $p --format json >../out 2>../err &&
		test ! -s ../err &&
		check_golden $p.json ../out
	"
done

test_expect_success 'the JSON parses back, with the same focuses and reps' '
	team && cd team &&
	thread growth jonah --format=json >../j.json &&
	test "$(json_get ../j.json "scalar @{\$d->{focuses}}")" = 3 &&
	test "$(json_get ../j.json "join q(|), map { \$_->{skill} } @{\$d->{focuses}}")" = "asking for help early|writing reviewable PRs|on-call readiness" &&
	test "$(json_get ../j.json "\$d->{focuses}[1]{first} . q( ) . \$d->{focuses}[1]{last}")" = "2026-10-22 2026-11-12" &&
	test "$(json_get ../j.json "\$d->{focuses}[0]{sessions}[0]{reps}[0]{text}")" = "when stuck for 30 minutes, post in #search-eng with what you tried" &&
	test "$(json_get ../j.json "\$d->{focuses}[0]{sessions}[0]{exposure}[0]{text}")" = "#search-eng channel; Lena as onboarding buddy" &&
	test "$(json_get ../j.json "\$d->{focuses}[2]{sessions}[0]{reps}[0]{happened}")" = "not yet recorded" &&
	test "$(json_get ../j.json "\$d->{focuses}[2]{sessions}[0]{reps}[0]{days_to_due}")" = 2 &&
	test "$(json_get ../j.json "\$d->{reps}{yes} . q(/) . \$d->{reps}{not_yet_recorded}")" = 6/1 &&
	thread growth maya --format json >../m.json &&
	test "$(json_get ../m.json "scalar @{\$d->{focuses}[0]{sessions}}")" = 7 &&
	test "$(json_get ../m.json "\$d->{focuses}[0]{sessions}[4]{notes}[0]{line}")" = 186 &&
	for p in $PEOPLE; do
		thread growth $p --format json >../p.json &&
		test "$(json_get ../p.json "\$d->{handle}")" = $p || exit 1
	done
'

test_expect_success 'an unknown handle exits 2 with advice; usage errors exit 2' '
	team && cd team &&
	test_exit 2 thread growth nobody >../out 2>../err &&
	test ! -s ../out &&
	grep -Fq "there is no people/nobody.md; add the person first: thread add nobody" ../err &&
	test_exit 2 thread growth 2>../err && grep -q "name one person" ../err &&
	test_exit 2 thread growth jonah --format text 2>/dev/null &&
	test_exit 2 thread growth jonah --today yesterday 2>/dev/null
'

test_expect_success 'a person with no sessions: a title and one line, exit 0' '
	team && cd team &&
	thread add newbie --name "New Person" >/dev/null &&
	thread growth newbie >../out &&
	cat >../expect <<-\EOF &&
	# Growth: New Person

	No Growth section yet. Each session'"'"'s Growth names a Skill:, one Rep: and its Exposure: (see thread new newbie).
	EOF
	test_cmp ../expect ../out &&
	thread growth newbie --format json >../j.json &&
	test "$(json_get ../j.json "scalar @{\$d->{focuses}}")" = 0
'

test_expect_success 'did it happen: yes, no, not yet recorded' '
	team && cd team &&
	pat <<-\EOF &&

	## 2026-11-05

	### Growth
	- Skill: saying no
	- [x] Rep: decline one meeting with a reason @pat due:2026-11-10
	- Exposure: the planning sync

	## 2026-11-12

	### Growth
	- Skill: saying no
	- [ ] Rep: decline the Thursday review @pat due:2026-11-17

	## 2026-11-19

	### Growth
	- Skill: saying no
	- [ ] Rep: say no to one new project, with the trade-off @pat due:2026-11-24
	EOF
	thread growth pat >../out &&
	cat >../expect <<-\EOF &&
	# Growth: Pat Example

	2026-11-05 to 2026-11-19: 3 sessions with a Growth section, 1 skill focus; reps: 1 yes, 1 no, 1 not yet recorded.

	## Skill: saying no

	2026-11-05 to 2026-11-19, 3 sessions; reps: 1 yes, 1 no, 1 not yet recorded · people/pat.md:11

	### 2026-11-05
	- Rep: decline one meeting with a reason
	  @pat · due 2026-11-10 · happened: yes · people/pat.md:12
	- Exposure: the planning sync · people/pat.md:13

	### 2026-11-12
	- Rep: decline the Thursday review
	  @pat · due 2026-11-17 · happened: no · people/pat.md:19

	### 2026-11-19
	- Rep: say no to one new project, with the trade-off
	  @pat · due 2026-11-24 (in 3 days) · happened: not yet recorded · people/pat.md:25
	EOF
	test_cmp ../expect ../out &&
	thread new pat --date 2026-11-26 >/dev/null &&
	thread growth pat >../after &&
	test_cmp ../expect ../after &&
	thread growth pat --today 2026-11-26 >../late &&
	grep -Fqx "  @pat · due 2026-11-24 (2 days past) · happened: not yet recorded · people/pat.md:25" ../late
'

test_expect_success 'a Growth section without Skill lists its reps under (no skill named)' '
	team && cd team &&
	pat <<-\EOF &&

	## 2026-11-12

	### Growth
	- [x] Rep: pair on the importer review @pat due:2026-11-14
	- Exposure: the data team

	## 2026-11-19

	### Growth
	- Skill: code review
	- [ ] Rep: review two PRs outside the team @pat due:2026-11-24
	EOF
	thread growth pat >../out &&
	sed -n "/^## (no skill named)/,/^## Skill/p" ../out >../none &&
	cat >../expect <<-\EOF &&
	## (no skill named)

	2026-11-12, 1 session; reps: 1 yes, 0 no, 0 not yet recorded

	### 2026-11-12
	- Rep: pair on the importer review
	  @pat · due 2026-11-14 · happened: yes · people/pat.md:11
	- Exposure: the data team · people/pat.md:12

	## Skill: code review
	EOF
	test_cmp ../expect ../none &&
	thread growth pat --format json >../j.json &&
	test "$(json_get ../j.json "\$d->{focuses}[0]{skill}")" = null &&
	test "$(json_get ../j.json "\$d->{focuses}[0]{sessions}[0]{reps}[0]{line}")" = 11 &&
	test "$(json_get ../j.json "\$d->{focuses}[1]{skill}")" = "code review"
'

test_expect_success 'focuses: the same skill continues across sessions without Growth, and refinements' '
	team && cd team &&
	pat <<-\EOF &&

	## 2026-10-29

	### Growth
	- Skill: Writing design docs
	- [x] Rep: one-page design for the cache @pat due:2026-11-03

	## 2026-11-05

	### Wins
	- Cache design approved

	## 2026-11-12

	### Growth
	- Skill: writing design docs (now for other teams)
	- [x] Rep: review the search design @pat due:2026-11-14

	## 2026-11-19

	### Growth
	- Skill: public speaking
	- [ ] Rep: five-minute demo at the all-hands @pat due:2026-11-26
	EOF
	thread growth pat >../out &&
	grep "^##\|^20\|^- Skill" ../out >../shape &&
	cat >../expect <<-\EOF &&
	2026-10-29 to 2026-11-19: 3 sessions with a Growth section, 2 skill focuses; reps: 2 yes, 0 no, 1 not yet recorded.
	## Skill: Writing design docs
	2026-10-29 to 2026-11-12, 2 sessions; reps: 2 yes, 0 no, 0 not yet recorded · people/pat.md:11
	### 2026-10-29
	### 2026-11-12
	- Skill: writing design docs (now for other teams) · people/pat.md:22
	## Skill: public speaking
	2026-11-19, 1 session; reps: 0 yes, 0 no, 1 not yet recorded · people/pat.md:28
	### 2026-11-19
	EOF
	test_cmp ../expect ../shape
'

test_expect_success 'nothing Private shows, with or without --include-private' '
	team && cd team &&
	for p in $PEOPLE; do
		thread growth $p && thread growth $p --format json &&
		thread growth $p --include-private &&
		thread growth $p --include-private --format json || exit 1
	done >../all &&
	for line in 44 210 262; do
		text=$(sed -n "${line}p" people/jonah.md | cut -c3-40) &&
		! grep -Fq "$text" ../all || { echo "private line $line leaked"; exit 1; }
	done &&
	text=$(sed -n 300p people/maya.md | cut -c3-40) &&
	! grep -Fq "$text" ../all
'

test_done
