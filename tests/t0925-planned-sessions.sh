#!/bin/bash
# A session thread new appended ahead of the meeting, still the template,
# is planned, not held: closeout refuses it, and lint's cadence warning,
# stats' cadence and prep count only meetings that happened.  A meeting
# due today is not missed, and a rep due today is not yet missed.
. "$(dirname "$0")/test-lib.sh"

# alice: weekly, held 2026-11-06 and 2026-11-13 (a rep due 2026-11-20).
setup() {
	new_repo r && cd r &&
	cat >people/alice.md <<-\EOF &&
	---
	name: Alice
	cadence: weekly
	---

	## 2026-11-06

	### Wins
	- Shipped the index

	### Next
	- The plan

	## 2026-11-13

	### Wins
	- Wrote the plan

	### Growth
	- Skill: concise updates
	- [ ] Rep: send a Friday update @alice due:2026-11-20
	- Exposure: the VP sync

	### Next
	- The launch
	EOF
	git add -A && git commit -q -m notes
}

test_expect_success 'closeout refuses a session that is still the template, and writes nothing' '
	setup && thread new alice --date 2026-11-20 >/dev/null &&
	git add -A && git commit -q -m planned && git rev-parse HEAD >../before &&
	test_exit 1 thread closeout alice >../out 2>../err &&
	grep "people/alice.md:[0-9]*: the 2026-11-20 session is still the template" ../err &&
	git rev-parse HEAD | cmp - ../before &&
	sed -i "0,/^<!-- - what happened, specifically -->\$/s//- Launched/" people/alice.md &&
	thread closeout alice >../out 2>../err && grep "committed as" ../out
'

test_expect_success 'lint: a planned session does not hide that the last 1:1 was long ago' '
	setup && thread new alice --date 2026-12-04 >/dev/null &&
	thread lint --today 2026-12-03 people/alice.md >../out 2>&1 || true &&
	grep "people/alice.md:14:.*the last 1:1 was 2026-11-13, 20 days ago.*\[cadence\]" ../out
'

test_expect_success 'stats: a meeting due today is not missed; held today, it counts' '
	setup &&
	thread stats --person alice --today 2026-11-20 --format json >../out &&
	grep "\"held\":2,\"expected\":2" ../out &&
	thread new alice --date 2026-11-20 >/dev/null &&
	thread stats --person alice --today 2026-11-20 --format json >../out &&
	grep "\"held\":2,\"expected\":2" ../out &&
	sed -i "0,/^<!-- - what happened, specifically -->\$/s//- Launched/" people/alice.md &&
	thread stats --person alice --today 2026-11-20 --format json >../out &&
	grep "\"held\":3,\"expected\":3" ../out &&
	thread stats --person alice --today 2026-11-21 --format json >../out &&
	grep "\"held\":3,\"expected\":3" ../out
'

test_expect_success 'stats: a week with no meeting is one missed' '
	setup &&
	thread stats --person alice --today 2026-11-21 --format json >../out &&
	grep "\"held\":2,\"expected\":3" ../out
'

test_expect_success 'a rep due today, with a meeting held today, is not yet missed; the day after it is' '
	setup &&
	sed -i "s/^- The launch\$/- The launch\n\n## 2026-11-20\n\n### Wins\n- Launched\n\n### Next\n- Retro/" people/alice.md &&
	thread growth alice --today 2026-11-20 >../out &&
	grep -A1 "Rep: send a Friday update" ../out | grep "happened: not yet recorded" &&
	thread prep alice --today 2026-11-20 --format json >../out &&
	grep "\"happened\":\"not yet recorded\"" ../out &&
	thread growth alice --today 2026-11-21 >../out &&
	grep -A1 "Rep: send a Friday update" ../out | grep "happened: no"
'

test_done
