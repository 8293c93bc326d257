#!/bin/sh
# t0835-open-ics.sh - the calendar feed of thread open as a calendar sees
# it over time: the same item keeps its UID when it is re-dated, moved,
# handed over or tagged; a checked item comes back cancelled; an ask's
# escalation checkpoint rings.
#
# Every feed is read by an independent parser (python3-icalendar) into a
# table, one event a line:
#   UID  STATUS  SEQUENCE  DTSTART  ALARMS  CLASS  SUMMARY  PLACE
# and the tests look at that table.  They share one repository, r, and
# the tables, in $TRASH: each test starts there.

. "$(dirname "$0")/test-lib.sh"

PY=/usr/bin/python3            # Debian's, with python3-icalendar
F=r/people/alice.md

cat >"$TRASH/feed.py" <<'PY'
import sys, icalendar
raw = open(sys.argv[1], "rb").read()
cal = icalendar.Calendar.from_ical(raw)
assert str(cal["VERSION"]) == "2.0"
uids = set()
for e in cal.walk("VEVENT"):
    uid = str(e["UID"])
    assert uid not in uids, "duplicate UID " + uid
    uids.add(uid)
    alarms = e.walk("VALARM")
    for a in alarms:
        assert str(a["ACTION"]) == "DISPLAY", a["ACTION"]
        assert str(a["TRIGGER"].dt) == "9:00:00", a["TRIGGER"].dt
        assert str(a["DESCRIPTION"]) == str(e["SUMMARY"]), a["DESCRIPTION"]
    print("\t".join([uid, str(e.get("STATUS", "-")), str(int(e.get("SEQUENCE", -1))),
                     str(e["DTSTART"].dt), str(len(alarms)),
                     str(e.get("CLASS", "PUBLIC")), str(e["SUMMARY"]),
                     str(e["DESCRIPTION"]).split("\n")[-1]]))
PY

# feed OUT [OPTION...]: the feed of r as a table in OUT (and OUT.ics).
feed() {
	out=$1; shift
	(cd r && thread open --format ics "$@") >"$out.ics" &&
	$PY "$TRASH/feed.py" "$out.ics" >"$out"
}

# col N SUMMARY-START TABLE: column N of the one event whose summary starts so.
col() {
	awk -F '\t' -v n="$1" -v s="$2" 'index($7, s) == 1 { print $n; c++ }
		END { if (c != 1) { print "col: " c " events for " s >"/dev/stderr"; exit 1 } }' "$3"
}

test_expect_success 'a person file as a manager writes it' '
	cd "$TRASH" &&
	new_repo r &&
	cat >$F <<-\EOF &&
	---
	name: Alice
	role: Engineer
	cadence: weekly
	consent: notes-only
	---

	# Alice

	## 2026-11-12

	### Tasks
	- [ ] Send the report @alice due:2026-11-20
	  Done when: sent

	### Next
	- The report

	## 2026-11-19

	### Wins
	- Shipped the search index

	### Tasks
	- [ ] Write the runbook @alice due:2026-11-27
	  Done when: reviewed by SRE
	- [ ] Rotate the keys @alice due:2026-11-24
	  Done when: old keys revoked
	- [x] Ship the dashboard @alice due:2026-11-18
	  Done when: on the wall

	### Asks
	- [ ] Approve the budget @dave due:2026-11-24 escalate:2026-11-26
	  Done when: approved in writing
	- [ ] Send the report @dave due:2026-11-25 escalate:2026-11-27
	  Done when: sent
	- [ ] Send the report @dave due:2026-11-26 escalate:2026-11-28
	  Done when: sent

	### Private
	- [ ] ask: Check in with HR about the leave @me due:2026-11-28 escalate:2026-12-01
	  Done when: HR has answered
	- [x] ask: Read the offer letter @me due:2026-11-20 escalate:2026-11-21
	  Done when: read

	### Next
	- The runbook
	EOF
	(cd r && thread lint -q) &&
	feed a &&
	test $(wc -l <a) -eq 10
'

test_expect_success 'a re-dated, moved, handed-over, referenced and tagged item keeps its UID' '
	cd "$TRASH" &&
	cp $F orig.md &&
	sed -i -e "s/^- Shipped the search index/&\n- Fixed the flaky test\n- Onboarded Bo/" \
		-e "s/^- \[ \] Rotate the keys @alice due:2026-11-24/- [ ] rotate the Keys @carol due:2026-12-01 [t:3] #security/" \
		-e "s/escalate:2026-11-26/escalate:2026-11-30/" $F &&
	grep -q "rotate the Keys @carol due:2026-12-01" $F &&
	feed b &&
	test "$(col 1 "Checkpoint: Rotate the keys" a)" = "$(col 1 "Checkpoint: rotate the Keys" b)" &&
	test "$(col 4 "Checkpoint: rotate the Keys" b)" = 2026-12-01 &&
	test "$(col 1 "Escalate: Approve the budget" a)" = "$(col 1 "Escalate: Approve the budget" b)" &&
	test "$(col 4 "Escalate: Approve the budget" b)" = 2026-11-30 &&
	test "$(col 1 "Checkpoint: Write the runbook" a)" = "$(col 1 "Checkpoint: Write the runbook" b)" &&
	cut -f1 a | sort >ua && cut -f1 b | sort >ub && test_cmp ua ub &&
	test "$(col 8 "Checkpoint: Rotate the keys" a)" = people/alice.md:27 &&
	test "$(col 8 "Checkpoint: rotate the Keys" b)" = people/alice.md:29
'

test_expect_success 'a later checkpoint raises SEQUENCE, so a calendar takes the new date' '
	cd "$TRASH" &&
	test "$(col 3 "Checkpoint: rotate the Keys" b)" -gt "$(col 3 "Checkpoint: Rotate the keys" a)" &&
	test "$(col 3 "Escalate: Approve the budget" b)" -gt "$(col 3 "Escalate: Approve the budget" a)"
'

test_expect_success 'a different item has a different UID; equal items are told apart by order' '
	cd "$TRASH" &&
	cp orig.md $F &&
	sed -i "s/^- \[ \] Rotate the keys/- [ ] Rotate the TLS certificates/" $F &&
	feed c &&
	test "$(col 1 "Checkpoint: Rotate the TLS" c)" != "$(col 1 "Checkpoint: Rotate the keys" a)" &&
	grep "^checkpoint.*Send the report" a | cut -f1 | sort -u >three &&
	test $(wc -l <three) -eq 3 &&
	first=$(awk -F "\t" "/^checkpoint.*Send the report \(ask/ && \$4 == \"2026-11-25\" { print \$1 }" a) &&
	test -n "$first" &&
	cp orig.md $F &&
	sed -i "/^- \[ \] Send the report @dave due:2026-11-26/,+1d" $F &&
	feed d &&
	test "$(col 1 "Checkpoint: Send the report (ask" d)" = "$first"
'

test_expect_success 'a checked item stays in the feed, cancelled, with a higher SEQUENCE' '
	cd "$TRASH" &&
	cp orig.md $F &&
	test "$(col 2 "Checkpoint: Write the runbook" a)" = CONFIRMED &&
	(cd r && thread done people/alice.md:$(grep -n "Write the runbook" people/alice.md | cut -d: -f1)) &&
	grep -q "^- \[x\] Write the runbook" $F &&
	feed e &&
	test "$(col 1 "Checkpoint: Write the runbook" e)" = "$(col 1 "Checkpoint: Write the runbook" a)" &&
	test "$(col 2 "Checkpoint: Write the runbook" e)" = CANCELLED &&
	test "$(col 3 "Checkpoint: Write the runbook" e)" -gt "$(col 3 "Checkpoint: Write the runbook" a)" &&
	test "$(col 2 "Checkpoint: Ship the dashboard" e)" = CANCELLED &&
	(cd r && thread open && thread open --format json) >other &&
	! grep -e "Write the runbook" -e "Ship the dashboard" other
'

test_expect_success 'a checked ask is cancelled on both dates, without its alarm' '
	cd "$TRASH" &&
	cp orig.md $F &&
	(cd r && thread done alice "Approve the budget") &&
	feed g &&
	test "$(col 2 "Checkpoint: Approve the budget" g)" = CANCELLED &&
	test "$(col 2 "Escalate: Approve the budget" g)" = CANCELLED &&
	test "$(col 5 "Escalate: Approve the budget" g)" = 0 &&
	test "$(col 1 "Escalate: Approve the budget" g)" = "$(col 1 "Escalate: Approve the budget" a)"
'

test_expect_success 'an open ask rings on its escalation checkpoint, not on its checkpoint' '
	cd "$TRASH" &&
	test "$(col 5 "Escalate: Approve the budget" a)" = 1 &&
	test "$(col 5 "Checkpoint: Approve the budget" a)" = 0 &&
	test "$(col 5 "Checkpoint: Write the runbook" a)" = 0 &&
	test $(awk -F "\t" "\$5 == 1" a | wc -l) -eq 3 &&
	tr -d "\r" <a.ics | grep -A2 "^BEGIN:VALARM" | grep -q "^TRIGGER:PT9H\$"
'

test_expect_success 'a checked item leaves the feed 90 days after its date' '
	cd "$TRASH" &&
	cp orig.md $F &&
	feed h --today 2027-02-16 &&
	test "$(col 2 "Checkpoint: Ship the dashboard" h)" = CANCELLED &&
	feed i --today 2027-02-17 &&
	! grep "Ship the dashboard" i &&
	test "$(col 2 "Checkpoint: Write the runbook" i)" = CONFIRMED
'

test_expect_success 'filters apply to checked items as they did while open' '
	cd "$TRASH" &&
	feed j --kind task &&
	test "$(col 2 "Checkpoint: Ship the dashboard" j)" = CANCELLED &&
	! grep "(ask" j &&
	feed k --owner dave &&
	! grep "Ship the dashboard" k &&
	feed l --overdue &&
	test "$(col 2 "Checkpoint: Ship the dashboard" l)" = CANCELLED &&
	! grep "Write the runbook" l
'

test_expect_success 'private items, open or checked, only with --include-private, marked private' '
	cd "$TRASH" &&
	! grep -e "HR" -e "offer letter" a a.ics &&
	feed p --include-private &&
	test $(wc -l <p) -eq 14 &&
	test "$(col 2 "Checkpoint: Read the offer letter" p)" = CANCELLED &&
	test "$(col 6 "Checkpoint: Read the offer letter" p)" = PRIVATE &&
	test "$(col 6 "Escalate: Check in with HR" p)" = PRIVATE &&
	test "$(col 5 "Escalate: Check in with HR" p)" = 1 &&
	test $(awk -F "\t" "\$6 == \"PRIVATE\"" p | wc -l) -eq 4 &&
	grep -v -e "HR" -e "offer letter" p >pub && test_cmp a pub
'

test_expect_success 'the same files give the same feed, whenever they were written or committed' '
	cd "$TRASH" &&
	cp orig.md $F && touch -d "2026-11-21 12:00" $F &&
	git -C r add -A && git -C r commit -q -m "notes of 2026-11-19" &&
	feed m && test_cmp a.ics m.ics &&
	touch -d "2026-12-01 08:00" $F &&
	GIT_COMMITTER_DATE=2026-12-01T08:00:00Z git -C r commit -q --allow-empty -m later &&
	feed n && test_cmp a.ics n.ics
'

test_done
