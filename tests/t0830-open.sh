#!/bin/sh
# t0830-open.sh - thread open on a copy of the examples.
#
# Goldens in tests/golden/open/ hold stdout of `thread open ...` run at the
# root of the copy with THREAD_TODAY=2026-11-21, unless the test says
# otherwise.  The copy gets one change: an ask added to kenji's last
# ### Private section (the examples keep only plain notes there), so that
# hiding private items is tested on a ledger item.
#
# To regenerate the goldens after a deliberate change of output:
#
#   GOLDEN_UPDATE=1 tests/t0830-open.sh
#
# then READ every changed file against examples/people/*.md before you
# commit it: a golden only says what the binary printed, not that it is right.

. "$(dirname "$0")/test-lib.sh"

OPEN_GOLDEN=$GOLDEN/open
GOLDEN_UPDATE=${GOLDEN_UPDATE:-}
EX=$TRASH/ex
PY=/usr/bin/python3            # Debian's, with python3-icalendar
PRIVATE='Sound out Maya'

# check_golden NAME: ./out against the golden NAME (or rewrite it).
check_golden() {
	if [ -n "$GOLDEN_UPDATE" ]; then
		cp out "$OPEN_GOLDEN/$1"
	else
		test_cmp "$OPEN_GOLDEN/$1" out
	fi
}

# in_ex CMD...: run CMD at the root of the copy.
in_ex() {
	(cd "$EX" && "$@")
}

test_expect_success 'a copy of the examples, with an ask in a Private section' '
	cp -R "$SRC_DIR/examples" "$EX" && rm -rf "$EX/flawed" &&
	n=$(grep -n "^### Private" "$EX/people/kenji.md" | tail -n 1 | cut -d: -f1) &&
	sed -i -e "${n}a \\  Done when: Maya has said yes or no" "$EX/people/kenji.md" &&
	sed -i -e "${n}a - [ ] ask: $PRIVATE as second incident commander for Q1 @me due:2026-11-28 escalate:2026-12-02" \
		"$EX/people/kenji.md" &&
	sed -n "$((n + 1))p" "$EX/people/kenji.md" | grep -q "$PRIVATE" &&
	in_ex thread lint -q
'

test_expect_success 'text: every open item, by checkpoint, with its place' '
	in_ex thread open >out 2>err &&
	test ! -s err &&
	check_golden open.txt &&
	test $(wc -l <out) -eq 29 &&
	cut -c1-10 out >dates && sort -c dates
'

test_expect_success 'json: the same items, one document' '
	in_ex thread open --format json >out &&
	check_golden open.json &&
	perl -MJSON::PP -e "
		local \$/; my \$d = decode_json(<STDIN>);
		die qq(today\n) unless \$d->{today} eq q(2026-11-21);
		my @i = @{\$d->{items}};
		die qq(count\n) unless @i == 29 && \$d->{count} == 29;
		my (\$a) = grep { \$_->{file} eq q(people/jonah.md) && \$_->{line} == 228 } @i;
		die qq(jonah:228\n) unless \$a->{kind} eq q(ask) && \$a->{owner} eq q(dave)
			&& \$a->{due} eq q(2026-11-24) && \$a->{escalate} eq q(2026-11-26)
			&& \$a->{days_to_due} == 3 && !\$a->{overdue} && !\$a->{private}
			&& \$a->{session} eq q(2026-11-19)
			&& ref \$a->{tags} eq q(ARRAY) && !@{\$a->{tags}}
			&& \$a->{done_when} =~ /^jonah runs the backfill dry run/
			&& \$a->{text} eq q(Grant jonah read-only access to the prod catalog replica (INFRA-4471));
		for (1 .. \$#i) { die qq(order\n) if \$i[\$_ - 1]{due} gt \$i[\$_]{due} }
	" <out
'

test_expect_success 'ics: a feed that an independent parser reads back' '
	in_ex thread open --format ics >out &&
	check_golden open.ics &&
	$PY -c "
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(\"out\", \"rb\").read())
assert str(cal[\"VERSION\"]) == \"2.0\", cal[\"VERSION\"]
assert \"PRODID\" in cal
allev = cal.walk(\"VEVENT\")
uids = [str(e[\"UID\"]) for e in allev]
assert len(set(uids)) == len(uids), \"duplicate UIDs\"
ev = [e for e in allev if str(e[\"STATUS\"]) == \"CONFIRMED\"]
# 29 checkpoints, and the escalation checkpoints of the 8 open asks
assert len(ev) == 37, len(ev)
# the rest: checked items of the last 90 days, cancelled
done = [e for e in allev if str(e[\"STATUS\"]) == \"CANCELLED\"]
assert len(done) + len(ev) == len(allev) and done
assert all(str(e[\"DTSTART\"].dt) >= \"2026-08-23\" for e in done)
at = lambda w: [e for e in allev if str(e[\"DESCRIPTION\"]).endswith(\"\\n\" + w)]
e, x = at(\"people/jonah.md:228\")
assert str(e[\"UID\"]).startswith(\"checkpoint-jonah-20261119-\"), e[\"UID\"]
assert str(x[\"UID\"]) == \"escalate-\" + str(e[\"UID\"])[len(\"checkpoint-\"):]
assert str(e[\"DTSTART\"].dt) == \"2026-11-24\", e[\"DTSTART\"].dt
assert str(e[\"SUMMARY\"]) == \"Checkpoint: Grant jonah read-only access to the prod catalog replica (INFRA-4471) (ask, @dave)\", e[\"SUMMARY\"]
assert \"people/jonah.md:228\" in str(e[\"DESCRIPTION\"])
assert \"Done when: jonah runs the backfill dry run\" in str(e[\"DESCRIPTION\"])
assert str(x[\"DTSTART\"].dt) == \"2026-11-26\"
assert str(x[\"SUMMARY\"]).startswith(\"Escalate: Grant jonah\")
assert [a[\"ACTION\"] for a in x.walk(\"VALARM\")] == [\"DISPLAY\"]
assert not e.walk(\"VALARM\")
assert all(str(v[\"DTSTAMP\"].dt) == \"2026-11-21 00:00:00+00:00\" for v in allev)
"
'

test_expect_success 'ics: CRLF line endings, lines of at most 75 octets' '
	in_ex thread open --format ics >out &&
	! grep -v "$(printf "\r")\$" out &&
	! tr -d "\r" <out | grep -E "^.{76}" &&
	grep -q "^ " out
'

test_expect_success 'ics: the feed does not depend on the current folder' '
	in_ex thread open --format ics >root.ics &&
	(cd "$EX/people" && thread open --format ics) >sub.ics &&
	test_cmp root.ics sub.ics
'

test_expect_success '--kind ask' '
	in_ex thread open --kind ask >out &&
	check_golden kind-ask.txt &&
	test $(wc -l <out) -eq 8 &&
	! grep -v "  ask  " out
'

test_expect_success '--kind rep, --kind priority with --person' '
	in_ex thread open --kind rep >out &&
	test $(wc -l <out) -eq 5 &&
	in_ex thread open --kind priority --person kenji >out &&
	test $(wc -l <out) -eq 2 &&
	grep -q "people/kenji.md:226\$" out && grep -q "people/kenji.md:224\$" out
'

test_expect_success '--person jonah' '
	in_ex thread open --person jonah >out &&
	check_golden person-jonah.txt &&
	! grep -v "people/jonah.md:" out
'

test_expect_success '--owner me, @me and the config handle name the same items' '
	in_ex thread open --owner me >out &&
	check_golden owner-me.txt &&
	test $(wc -l <out) -eq 3 &&
	in_ex thread open --owner sam >sam &&
	in_ex thread open --owner @me >atme &&
	test_cmp out sam && test_cmp out atme
'

test_expect_success '--owner dave' '
	in_ex thread open --owner dave >out &&
	check_golden owner-dave.txt
'

test_expect_success '--overdue: nothing on 2026-11-21 (exit 0), the past ones later' '
	in_ex thread open --overdue >out 2>err &&
	test ! -s out &&
	grep -q "no open items" err &&
	in_ex thread open --overdue --today 2026-11-25 >out &&
	check_golden overdue-2026-11-25.txt &&
	test $(wc -l <out) -eq 6 &&
	! grep -v "days\? past  " out
'

test_expect_success 'a later --today marks what is past, by how much' '
	in_ex thread open --today 2026-11-26 >out &&
	check_golden today-2026-11-26.txt &&
	grep -q "^2026-11-23  3 days past  priority  " out &&
	grep -q "^2026-11-26               ask  " out
'

test_expect_success '--due-before: checkpoints before the date, not on it' '
	in_ex thread open --due-before 2026-11-25 >out &&
	check_golden due-before-2026-11-25.txt &&
	test $(wc -l <out) -eq 6 &&
	! grep "^2026-11-25" out
'

test_expect_success 'filters combine, in every format' '
	in_ex thread open --kind ask --due-before 2026-11-26 --format json >out &&
	perl -MJSON::PP -e "local \$/; my \$d = decode_json(<STDIN>);
		die unless \$d->{count} == 4;
		die if grep { \$_->{kind} ne q(ask) || \$_->{due} ge q(2026-11-26) } @{\$d->{items}}" <out &&
	in_ex thread open --owner dave --format ics >out &&
	test $(grep -c "^STATUS:CONFIRMED" out) -eq 2 &&
	test $(grep -c "^BEGIN:VEVENT" out) -eq $(grep -c "^STATUS:" out)
'

test_expect_success 'Private items stay out of every format unless asked for' '
	for f in text json ics; do
		in_ex thread open --format $f >out &&
		! grep "$PRIVATE" out || exit 1
	done &&
	in_ex thread open --include-private >out &&
	test $(wc -l <out) -eq 30 &&
	grep "$PRIVATE" out | grep -q "people/kenji.md:[0-9]* (private)\$" &&
	in_ex thread open --include-private --owner me --format json >out &&
	perl -MJSON::PP -e "local \$/; my \$d = decode_json(<STDIN>);
		my @p = grep { \$_->{private} } @{\$d->{items}};
		die unless @p == 1 && \$p[0]{text} =~ /^$PRIVATE/ && \$d->{count} == 4" <out &&
	in_ex thread open --include-private --format ics >out &&
	test $(grep -c "^CLASS:PRIVATE" out) -eq 2
'

test_expect_success 'ics: TEXT escaping and folding, checked by the parser' '
	new_repo r &&
	cat >>r/people/alice.md <<-\EOF &&

	### Asks
	- [ ] Ask ÉLODIE; then Zoë, Ünal\and Ñ about the café déjà vu ĀĒĪŌŪ ĀĒĪŌŪ ĀĒĪŌŪ ĀĒĪŌŪ €€€ 日本語のテキスト @dave due:2026-11-24 escalate:2026-11-26
	  Done when: done
	EOF
	(cd r && thread open --format ics) >out &&
	grep -q "ÉLODIE\\\\; then Zoë\\\\, Ünal\\\\\\\\and" out &&
	! tr -d "\r" <out | grep -E "^.{76}" &&
	$PY -c "
import icalendar
raw = open(\"out\", \"rb\").read()
for line in raw.split(b\"\r\n\"):
    line.decode(\"utf-8\")      # no UTF-8 sequence is split by a fold
    assert len(line) <= 75, line
cal = icalendar.Calendar.from_ical(raw)
ev = cal.walk(\"VEVENT\")
assert len(ev) == 3, len(ev)
want = \"Ask ÉLODIE; then Zoë, Ünal\\\\and Ñ about the café déjà vu ĀĒĪŌŪ ĀĒĪŌŪ ĀĒĪŌŪ ĀĒĪŌŪ €€€ 日本語のテキスト\"
s = [str(e[\"SUMMARY\"]) for e in ev if \"Ask\" in str(e[\"SUMMARY\"])]
assert s[0] == \"Checkpoint: \" + want + \" (ask, @dave)\", (s[0], want)
assert str(ev[1][\"DESCRIPTION\"]).split(\"\\n\")[0] == want
"
'

test_expect_success 'errors: unknown person or owner, bad values, arguments (exit 2)' '
	test_exit 2 in_ex thread open --person nobody 2>err &&
	grep -q "thread add nobody" err &&
	test_exit 2 in_ex thread open --owner daev 2>err &&
	grep -q "no one is known as @daev" err &&
	test_exit 2 in_ex thread open --owner "Dave Smith" &&
	test_exit 2 in_ex thread open --due-before 2026-02-30 &&
	test_exit 2 in_ex thread open --kind chore &&
	test_exit 2 in_ex thread open --format csv &&
	test_exit 2 in_ex thread open --today tomorrow &&
	test_exit 2 in_ex thread open jonah &&
	mkdir nowhere && (cd nowhere && test_exit 2 thread open)
'

test_expect_success 'an empty repository: nothing open, exit 0 in every format' '
	mkdir -p e/people && cd e &&
	thread open >out 2>/dev/null && test ! -s out &&
	thread open --format json >out &&
	perl -MJSON::PP -e "local \$/; die unless decode_json(<STDIN>)->{count} == 0" <out &&
	thread open --format ics >out &&
	$PY -c "import icalendar; c = icalendar.Calendar.from_ical(open(\"out\",\"rb\").read()); assert not c.walk(\"VEVENT\")"
'

test_done
