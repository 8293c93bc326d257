#!/bin/sh
# t0890-safe-output.sh - what thread prints is safe to print.
#
# Notes hold whatever was typed or pasted: ESC and the CSI, OSC and DCS
# sequences it starts (clear the screen, retitle the window, write to the
# clipboard, ask the terminal to answer), C1 controls, bytes that are not
# UTF-8, even in a file name.  Every command, in every format, must show
# them escaped (\e, \x07, \u009b) in text, escaped or replaced in JSON
# (which must parse as strict UTF-8), dropped in iCalendar, and refuse them
# in closeout -m.  An item with 40,000 @handles must not take minutes, and
# due:9999-12-31 must still give a calendar a reader takes.

. "$(dirname "$0")/test-lib.sh"

R=$TRASH/r
PY=/usr/bin/python3            # Debian's, with python3-icalendar

# eve: every kind of control sequence, in valid UTF-8 (so she lints clean
# and can be closed out); her name and role carry them in the front matter.
eve_file() {
	printf -- '---\nname: "Eve \\e]0;pwned\\a Mallory"\nrole: "Engineer \\e[2J\\x9b"\nemail: eve@example.com\ncadence: weekly\nconsent: recorded\ntags: [core]\n---\n\n# Eve\n\n'
	printf -- '## 2026-11-13\n\n### Blockers\n- Waiting on \033[31mstaging\033[0m access #infra\n  - [x] ask: Grant \033]0;owned\007 access @infra-team due:2026-11-16 escalate:2026-11-18\n    Done when: \033[2J\033[H granted\n\n### Next\n- Ask about \033]8;;http://evil.example/\033\\\\the link\033]8;;\033\\\\\n\n'
	printf -- '## 2026-11-20\n\n### Wins\n- Shipped \033]0;owned\007 the thing \033[2J\033[H cleared \302\233 31m\n\n'
	printf -- '### Blockers\n- Waiting on \033[31mstaging\033[0m access again #infra [t:1]\n  - [ ] ask: Unblock \033[31mstaging\033[0m now \302\233 @infra-team due:9999-12-31 escalate:9999-12-31\n    Done when: \033]52;c;ZXZpbA==\007 done\n\n'
	printf -- '### Tasks\n- [ ] Fix \033]0;title\007 the \302\233 parser \033P+q\033\\\\ @eve due:2026-11-18 [t:2]\n  Done when: it is \033[2J fixed\n- [ ] Write \033[6n the doc @eve due:2026-11-27\n  Done when: \302\235 reviewed\n\n'
	printf -- '### Growth\n- Skill: \033[5m blinking\n- [ ] Rep: try \033]0;rep\007 it @eve due:2026-11-30\n- Exposure: \302\237 osc\n\n'
	printf -- '### Private\n- Secret \033]0;private\007 note\n\n### Next\n- Follow up \033[1m bold \302\233\n'
}

# mal: bytes that are not UTF-8, a raw C1 byte among them.
mal_file() {
	printf -- '---\nname: "Mal \377"\nemail: mal@example.com\n---\n\n# Mal\n\n## 2026-11-20\n\n### Wins\n- bad \377\376 bytes \300\200 here \233[2J\n\n'
	printf -- '### Tasks\n- [ ] Fix \377 bytes \233[2J @mal due:2026-11-30\n  Done when: fixed \377\n\n### Next\n- x \233 y\n'
}

# clean FILE...: no raw control byte but TAB and LF (so no ESC, DEL or
# CR), no C1 control as UTF-8, and strict UTF-8 throughout (so no raw
# 0x80-0x9f byte either).
clean() {
	perl -MEncode -e '
		for my $f (@ARGV) {
			open my $h, "<:raw", $f or die "$f: $!\n";
			local $/;
			my $t = <$h>;
			if ($t =~ /([\x00-\x08\x0b-\x1f\x7f])/) {
				printf STDERR "%s: raw control byte 0x%02x\n", $f, ord $1;
				exit 1;
			}
			if ($t =~ /\xc2[\x80-\x9f]/) {
				print STDERR "$f: a C1 control\n";
				exit 1;
			}
			eval { decode("UTF-8", $t, Encode::FB_CROAK); 1 } or do {
				print STDERR "$f: not UTF-8: $@";
				exit 1;
			};
		}' "$@"
}

# json_ok FILE: FILE is one JSON document, read as strict UTF-8.
json_ok() {
	$PY -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8", errors="strict"))' "$1"
}

# run_clean CMD...: run thread CMD in the repository; its stdout and
# stderr (./out and ./err) must both be clean.  Findings (exit 1) are
# fine: the notes are meant to be flawed.
run_clean() {
	run_exit 1 "$@"
}

# run_exit MAX CMD...: the same, for a command that may exit up to MAX
# (2: an error, whose message must be clean too).
run_exit() {
	max=$1 rc=0
	shift
	(cd "$R" && "$THREAD" "$@") >out 2>err || rc=$?
	[ $rc -le $max ] || { echo "thread $*: exit $rc"; cat err; return 1; }
	clean out err || { echo "in: thread $*"; return 1; }
}

test_expect_success 'a repository whose notes hold control sequences and bad bytes' '
	mkdir -p "$R/people" "$R/transcripts" &&
	printf "me: sam\npeople: [infra-team]\n" >"$R/.thread.yaml" &&
	eve_file >"$R/people/eve.md" &&
	mal_file >"$R/people/mal.md" &&
	person bob >"$R/people/$(printf "bob\377\033]0;x\007")".md &&
	grep -q "$(printf "\033]0;title")" "$R/people/eve.md" &&
	grep -q "$(printf "\302\233")" "$R/people/eve.md" &&
	grep -q "$(printf "\233")" "$R/people/mal.md" &&
	git -C "$R" init -q -b main && git -C "$R" add -A &&
	git -C "$R" commit -q -m initial
'

test_expect_success 'lint: file names and quoted text are escaped' '
	run_clean lint &&
	grep -F "people/bob\xff\e]0;x\x07.md:1:1: error:" out &&
	grep -F "file-name" out &&
	run_clean lint --format json && json_ok out
'

test_expect_success 'prep, in markdown and json, of both files' '
	run_clean prep eve &&
	grep -F "Fix \e]0;title\x07 the \u009b parser \eP+q\e\\" out &&
	grep -F "# Prep: Eve \e]0;pwned\x07 Mallory" out &&
	run_clean prep eve --format json && json_ok out &&
	grep -F "Fix \\u001b]0;title\\u0007 the \\u009b parser" out &&
	run_clean prep mal && grep -F "bad \xff\xfe bytes \xc0\x80 here \x9b[2J" out &&
	run_clean prep mal --format json && json_ok out &&
	grep -F "bad $(printf "\357\277\275\357\277\275") bytes" out
'

test_expect_success 'followup: markdown, email (headers too) and json' '
	run_clean followup eve --include-private &&
	grep -F "Fix \e]0;title\x07 the \u009b parser" out &&
	run_clean followup eve --format email &&
	sed "/^\$/q" out >headers &&
	grep "^To: .*<eve@example.com>" headers &&
	run_exit 2 followup mal --format email &&
	run_clean followup eve --format json && json_ok out &&
	run_clean followup mal --format json && json_ok out
'

test_expect_success 'open: text, json, and ics with or without private items' '
	for f in text json; do
		run_clean open --format $f --include-private || return 1
	done &&
	grep -F "Unblock \\u001b[31mstaging\\u001b[0m now \\u009b" out && json_ok out &&
	run_clean open --format text &&
	grep -F "Write \e[6n the doc" out
'

test_expect_success 'digest, growth, stats and repeat-blockers in every format' '
	for f in text json; do
		run_clean digest --format $f --include-private &&
		run_clean stats --format $f &&
		run_clean repeat-blockers --all-people --format $f || return 1
	done &&
	for f in markdown json; do
		run_clean growth eve --format $f --include-private || return 1
	done &&
	grep -F "\\u001b[5m blinking" out && json_ok out &&
	run_clean repeat-blockers --all-people &&
	grep -F "\e[31mstaging\e[0m" out
'

test_expect_success 'closeout -m refuses a control sequence and writes nothing' '
	head=$(git -C "$R" rev-parse HEAD) &&
	(cd "$R" && test_exit 2 "$THREAD" closeout eve -m "$(printf "ok \033]0;pwned\007")") >out 2>err &&
	clean out err &&
	grep -F -- "-m: the message holds a control character" err &&
	(cd "$R" && test_exit 2 "$THREAD" closeout eve -m "$(printf "ok \302\233 c1")") 2>err &&
	(cd "$R" && test_exit 2 "$THREAD" closeout eve -m "$(printf "ok \377 byte")") 2>err &&
	test "$(git -C "$R" rev-parse HEAD)" = "$head" &&
	git -C "$R" diff --quiet
'

test_expect_success 'closeout, then log, history and provenance of a hostile item' '
	# (a transcript with a C1 control is refused at import: see t0725)
	printf "[00:00:01] Eve: the staging access\n[00:00:05] Sam: the odd parser\n" >tr.txt &&
	run_clean closeout eve --transcript "$PWD/tr.txt" -m "A plain note" &&
	grep -F "closeout: eve 2026-11-20 committed as" out &&
	line=$(grep -n "parser" "$R/people/eve.md" | cut -d: -f1) &&
	for f in text json; do
		run_clean log --format $f &&
		run_clean history people/eve.md:$line --format $f &&
		run_clean provenance --format $f people/eve.md:$line || return 1
	done &&
	json_ok out &&
	run_clean provenance people/eve.md:$line &&
	grep -F "Fix \e]0;title\x07 the \u009b parser" out &&
	grep -F "Sam: the odd parser" out
'

test_expect_success 'provenance json holds whatever a hand-made trailer says' '
	line=$(grep -n "parser" "$R/people/eve.md" | cut -d: -f1) &&
	blob=$(git -C "$R" rev-parse HEAD:transcripts/eve/2026-11-20.txt) &&
	git -C "$R" commit -q --allow-empty -F - <<-EOF &&
	closeout: eve 2026-11-20

	Thread-Person: eve
	Thread-Session: 2026-11-20
	Transcript: transcripts/eve/2026-11-20.txt $blob
	Provenance: people/eve.md:$line -> transcripts/eve/2026-11-20.txt:2"\\$(printf "\033]0;x\007")
	EOF
	run_clean provenance --format json people/eve.md:$line && json_ok out &&
	grep -F "\"ranges\":\"2\\\"\\\\\\u001b]0;x\\u0007\"" out
'

test_expect_success 'errors that quote an argument escape it' '
	run_exit 2 prep "$(printf "x\033]0;t\007")" &&
	grep -F "x\e]0;t\x07" err &&
	run_exit 2 history "$(printf "people/\033[2J.md:3")" &&
	test -s err
'

test_expect_success 'done and new: messages escaped; the Review list copies no raw ESC' '
	run_clean done eve "Write" &&
	grep -F "done: Write \e[6n the doc" out &&
	run_clean new eve --date 2026-11-27 &&
	sed -n "/^## 2026-11-27/,\$p" "$R/people/eve.md" >new-session &&
	clean new-session &&
	grep -F -- "- Open task: Fix \e]0;title\x07 the \u009b parser" new-session &&
	grep -F -- "- Next (from 2026-11-20): Follow up \e[1m bold \u009b" new-session
'

# ics_check FILE: parsed by icalendar; each event ends after it starts.
ics_check() {
	$PY - "$1" <<-\PYEOF
	import sys, icalendar
	cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
	n = 0
	for ev in cal.walk("VEVENT"):
	    n += 1
	    start = ev.decoded("DTSTART")
	    end = ev.decoded("DTEND") if "DTEND" in ev else None
	    assert end is None or end > start, (start, end)
	    for key in ("SUMMARY", "DESCRIPTION"):
	        text = str(ev.get(key))
	        assert not any(ord(c) < 0x20 and c not in "\t\n" or 0x7f <= ord(c) <= 0x9f for c in text), text
	assert n > 0
	print(n)
	PYEOF
}

test_expect_success 'ics: controls dropped, 9999-12-31 still a valid event' '
	(cd "$R" && "$THREAD" open --format ics --include-private) >cal.ics &&
	ics_check cal.ics &&
	tr -d "\r" <cal.ics >cal.txt && clean cal.txt &&
	test $(grep -c "^DTSTART;VALUE=DATE:99991231" cal.txt) -eq 2 &&
	! grep "VALUE=DATE:0000" cal.txt &&
	grep -F "SUMMARY:Checkpoint: Unblock [31mstaging[0m now  (ask\, @infra-team)" cal.txt
'

# big: one item of each kind with 40,000 @handles, 40,000 #tags and
# 5,000 [t:] lists (cmark refuses more brackets, rule too-complex).
big_file() {
	perl -e '
		my $m = join " ", map { "\@u$_" } 1 .. 40000;
		my $t = join " ", map { "#t$_" } 1 .. 40000;
		my $r = join " ", map { "[t:$_-" . ($_ + 1) . ",7,9]" } 1 .. 5000;
		print "---\nname: Big\nemail: big\@example.com\n---\n\n# Big\n\n## 2026-11-20\n\n",
		      "### Blockers\n- Blocked $m $t\n",
		      "  - [ ] ask: Unblock $m \@big due:2026-11-30 escalate:2026-12-01\n    Done when: ok\n\n",
		      "### Tasks\n- [ ] Fix $m and $t and $r \@big due:2026-11-30\n  Done when: fixed $m\n\n",
		      "### Growth\n- Skill: x\n- [ ] Rep: $m $t \@big due:2026-11-30\n- Exposure: y\n\n",
		      "### Next\n- x $m $t\n";'
}

test_expect_success 'an item with 40,000 @handles takes seconds at most, not minutes' '
	mkdir -p big/people && printf "me: sam\n" >big/.thread.yaml &&
	big_file >big/people/big.md &&
	test $(grep -o "@u[0-9]*" big/people/big.md | wc -l) -ge 160000 &&
	cd big &&
	timeout 10 "$THREAD" prep big >out &&
	grep -F "Fix @u1 @u2" out &&
	timeout 10 "$THREAD" prep big --format json >out && json_ok out &&
	timeout 10 "$THREAD" open >out &&
	timeout 10 "$THREAD" open --format json >out && json_ok out &&
	timeout 10 "$THREAD" followup big >out &&
	timeout 10 "$THREAD" growth big >out &&
	timeout 10 "$THREAD" digest >out &&
	timeout 10 "$THREAD" new big --date 2026-11-27 >out &&
	timeout 10 "$THREAD" done big "Fix" >out &&
	grep -F "done: Fix @u1 @u2" out
'

test_done
