#!/bin/bash
# Notes in the shapes people write them: decorated headings, a free-form
# Notes section, checkboxes in places thread does not track, headings that
# end a session, and issue numbers written as #110.
. "$(dirname "$0")/test-lib.sh"

# jo.md: an Obsidian-style session, as people write it from templates.
write_jo() {
	mkdir -p people && git init -q -b main &&
	cat >people/jo.md <<-\EOF
	---
	name: Jo Park
	email: jo@example.com
	---

	## 2026-11-20

	### 🎉 Wins
	- Shipped the search index

	### **Tasks**
	- [ ] Fix the login bug as described in #110 @jo due:2026-11-25 #auth
	  Done when: #110 is closed

	### 📝 Notes
	Talked through the roadmap; she wants more backend work.
	- [ ] Send the roadmap deck @jo due:2026-11-25

	### 📝 Action Items
	- [ ] Book the offsite @me due:2026-11-30

	#### TODO: Report
	- [ ] Draft the quarterly report @jo

	### Decisions
	- Ship per #4471

	### Next
	- Check on #110

	## Agenda
	- [ ] Ask about the promotion case @me due:2026-11-27
	EOF
}

test_expect_success 'decorated section titles are the sections they name' '
	write_jo &&
	thread prep jo --today 2026-11-21 >out &&
	grep "Shipped the search index" out &&
	grep "Task: Fix the login bug" out
'

test_expect_success 'every checkbox with an owner or a date that is not tracked is a warning, with where to move it' '
	write_jo &&
	test_exit 0 thread lint people/jo.md >out 2>err &&
	grep "^people/jo.md:17:1: warning: .*holds no ledger items.*move it under ### Tasks.*\[untracked-item\]$" out &&
	grep "^people/jo.md:20:1: warning: .*move it under ### Asks.*\[untracked-item\]$" out &&
	grep "^people/jo.md:23:1: warning: .*\[untracked-item\]$" out &&
	grep "^people/jo.md:32:1: warning: .*outside any session.*move it into a session, under ### Asks.*\[untracked-item\]$" out &&
	test $(grep -c untracked-item out) -eq 4
'

test_expect_success 'a plain checkbox, a Review line and a tracked item are not reported' '
	write_jo &&
	cat >>people/jo.md <<-\EOF &&

	## 2026-11-27

	### Review
	- [ ] ask: Book the offsite @me due:2026-11-30

	### Notes
	- [ ] remember the coffee order

	### Tasks
	- [ ] Prepare the demo @jo due:2026-12-01
	  Done when: rehearsed
	EOF
	thread lint people/jo.md >out 2>&1 || true &&
	test $(grep -c untracked-item out) -eq 4
'

test_expect_success 'a sub-step checkbox with an owner is reported, and one under a Private heading keeps its privacy' '
	write_jo &&
	cat >>people/jo.md <<-\EOF &&

	## 2026-11-27

	### Tasks
	- [ ] Prepare the demo @jo due:2026-12-01
	  Done when: rehearsed
	  - [ ] book the room @jo due:2026-11-30

	### Private
	- [ ] Call HR about her leave @me due:2026-11-29
	EOF
	thread lint people/jo.md >out 2>&1 || true &&
	grep ":39:3: warning: .*sub-step.*untracked-item" out &&
	grep ":42:1: warning: .*start it with .\[ \] ask:. to track it here, where it stays private.*untracked-item" out
'

test_expect_success 'prep shows the last session'"'"'s Notes, paragraphs and bullets, in markdown and json' '
	write_jo &&
	thread prep jo --today 2026-11-21 >out &&
	sed -n "/^## Notes (from 2026-11-20)/,/^## /p" out >notes &&
	grep "^- Talked through the roadmap; she wants more backend work. · people/jo.md:16$" notes &&
	grep "Send the roadmap deck" notes &&
	thread prep jo --today 2026-11-21 --format json >out.json &&
	python3 -c "import json,sys; d=json.load(open(\"out.json\")); n=[x[\"text\"] for x in d[\"notes\"]]; assert any(\"roadmap;\" in t for t in n), n"
'

test_expect_success 'no Notes heading in prep when the last session has none' '
	mkdir r && cd r && git init -q -b main && mkdir people &&
	person alice >people/alice.md &&
	thread prep alice --today 2026-11-21 >out &&
	! grep "^## Notes" out
'

test_expect_success '#110 and #4471 stay in the text of prep and followup; a theme tag at the end does not' '
	write_jo &&
	thread prep jo --today 2026-11-21 >prep &&
	grep "Fix the login bug as described in #110$" prep &&
	grep "Ship per #4471" prep &&
	grep "Check on #110" prep &&
	thread followup jo --today 2026-11-21 --format markdown >fu &&
	grep "Fix the login bug as described in #110, by 2026-11-25" fu &&
	grep "Ship per #4471" fu &&
	! grep "#auth" fu
'

test_expect_success 'thread new writes a Notes section, between Risks and Private' '
	write_jo &&
	thread new jo --date 2026-11-27 >/dev/null &&
	sed -n "/^## 2026-11-27/,\$p" people/jo.md | grep "^### " >headings &&
	grep -A1 "^### Risks" headings | grep -q "^### Notes" &&
	grep -A1 "^### Notes" headings | grep -q "^### Private"
'

test_expect_success 'a checkbox in a block quote is reported; an empty Next list is named where it is' '
	mkdir -p people && git init -q -b main &&
	cat >people/bob.md <<-\EOF &&
	---
	name: Bob
	---

	## 2026-11-20

	### Asks
	> - [ ] ask: quoted ask @dave due:2026-12-01 escalate:2026-12-04
	> - a plain quoted note

	### Wins
	- shipped

	### Next
	EOF
	thread lint people/bob.md >out 2>&1 || true &&
	grep "^people/bob.md:8:3: warning: .*block quote.*take it out of the quote, under ### Asks) \[untracked-item\]$" out &&
	grep "^people/bob.md:14:5: warning: the Next list is empty .*\[next-missing\]$" out &&
	test $(grep -c warning: out) -eq 2
'

test_done
