#!/bin/sh
# t0725-transcripts-real.sh - transcripts as real tools write them, through
# the two commands that import them: `thread transcript import` (the
# numbered preview, writing nothing) and `thread closeout --transcript`
# (the commit).  Both must give exactly NAME.expected for each input in
# tests/fixtures/transcripts, and refuse a bad file naming every bad line.
#
# Shapes: Teams legacy (GUID voices) and new (two voices in a cue), Zoom
# with "Name: text ending in ':'" and split turns, youtube-dl WebVTT
# ("-->" inside cue text), a recorder's word-level SubRip (CRLF), Whisper
# JSON with word lists (whisperX) and one word per segment (whisper.cpp),
# UTF-16 LE and BE with a BOM, typed notes with a UTF-8 BOM and CRLF,
# subtitles without milliseconds or speakers, Windows-1252, C1 controls.

. "$(dirname "$0")/test-lib.sh"

FIX="$TEST_DIR/fixtures/transcripts"

# run N CMD...: `thread CMD...` exits with exactly N; stdout in ../out,
# stderr in ../err (outside the repository).
run() {
	run_want=$1
	shift
	test_run_in .. "$run_want" "$THREAD" "$@"
}

# setup: ./repo with alice (consent: recorded) and dave, one session of
# alice's on 2026-11-20, committed; the shell is left in repo.
setup() {
	"$THREAD" init repo >/dev/null &&
	cd repo &&
	cat >people/alice.md <<-\EOF &&
	---
	name: Alice Chen
	consent: recorded
	---

	# Alice Chen

	## 2026-11-20

	### Decisions
	- Ship on Friday
	EOF
	cat >people/dave.md <<-\EOF &&
	---
	name: Dave Ortiz
	---

	# Dave Ortiz
	EOF
	git add people &&
	git commit -q -m people
}

# numbered FILE: FILE's lines as the preview prints them, "N<TAB>line".
numbered() {
	awk '{ printf "%d\t%s\n", NR, $0 }' "$1"
}

# imports FIXTURE: the preview of FIXTURE is its .expected, numbered, and
# writes nothing; closing out alice's session with it commits exactly
# the .expected lines.
imports() {
	setup &&
	cp "$FIX/$1" "../$1" &&
	git status --porcelain >../before &&
	run 0 transcript import "../$1" &&
	numbered "$FIX/$1.expected" >../expect &&
	test_cmp ../expect ../out &&
	git status --porcelain >../after &&
	test_cmp ../before ../after &&
	test ! -e transcripts/alice &&
	run 0 closeout alice --transcript "../$1" &&
	test_cmp "$FIX/$1.expected" transcripts/alice/2026-11-20.txt &&
	git show HEAD:transcripts/alice/2026-11-20.txt >../committed &&
	test_cmp "$FIX/$1.expected" ../committed
}

# refused FIXTURE: closing out with FIXTURE exits 2, prints each line of
# FIXTURE.error as "thread closeout: ../LINE" (a file named in the
# message is ../ too), and changes nothing; the preview refuses it alike,
# with exit 1.
refused() {
	setup &&
	cp "$FIX/$1" "../$1" &&
	head=$(git rev-parse HEAD) &&
	run 2 closeout alice --transcript "../$1" &&
	test_must_be_empty ../out &&
	sed -e "s|^|thread closeout: ../|" -e "s| '${1%.*}| '../${1%.*}|g" \
		"$FIX/$1.error" >../expect &&
	test_cmp ../expect ../err &&
	test "$(git rev-parse HEAD)" = "$head" &&
	test -z "$(git status --porcelain)" &&
	run 1 transcript import "../$1" &&
	test_must_be_empty ../out &&
	sed -e "s|^|thread transcript: ../|" -e "s| '${1%.*}| '../${1%.*}|g" \
		"$FIX/$1.error" >../expect &&
	test_cmp ../expect ../err
}

# ---- the fixtures are what they claim to be ----

test_expect_success 'fixtures: BOMs, CRLF, UTF-16 and Windows-1252 bytes are intact' '
	test "$(head -c 2 "$FIX/utf16le.vtt" | od -An -tx1 | tr -d " ")" = fffe &&
	test "$(head -c 2 "$FIX/utf16be.srt" | od -An -tx1 | tr -d " ")" = feff &&
	test "$(head -c 3 "$FIX/typed-notes.txt" | od -An -tx1 | tr -d " ")" = efbbbf &&
	test "$(head -c 3 "$FIX/teams-new.vtt" | od -An -tx1 | tr -d " ")" = efbbbf &&
	for f in typed-notes.txt recorder-words.srt teams-legacy.vtt teams-new.vtt; do
		test "$(tr -cd "\r" <"$FIX/$f" | wc -c)" -eq "$(wc -l <"$FIX/$f")" || exit 1
	done &&
	grep -q "<v 68f0e9b4-d6de-4b1a-9a57-0c3e5f1d2b7a@72f988bf-86f1-41af-91ab-2d7cd011db47>" "$FIX/teams-legacy.vtt" &&
	! iconv -f UTF-8 -t UTF-8 "$FIX/cp1252.txt" >/dev/null 2>&1 &&
	grep -c "^[0-9][0-9]:[0-9][0-9]:[0-9][0-9] -->" "$FIX/no-millis.srt" >../n &&
	test "$(cat ../n)" -eq 3
'

# ---- speakers of any form ----

test_expect_success 'Teams legacy: GUID voices become Speaker 1 and 2 by first appearance, and the preview says how to name them' '
	imports teams-legacy.vtt &&
	run 0 transcript import ../teams-legacy.vtt &&
	cat >../expect <<-\EOF &&
	note: Speaker 1 is the id 68f0e9b4-d6de-4b1a-9a57-0c3e5f1d2b7a@72f988bf-86f1-41af-91ab-2d7cd011db47; name it with --speaker '\''Speaker 1=NAME'\''
	note: Speaker 2 is the id 1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5@72f988bf-86f1-41af-91ab-2d7cd011db47; name it with --speaker '\''Speaker 2=NAME'\''
	EOF
	test_cmp ../expect ../err
'

test_expect_success '--speaker maps an id by a unique prefix or its Speaker N; @handle is that person'"'"'s name' '
	setup &&
	cp "$FIX/teams-legacy.vtt" .. &&
	run 0 closeout alice --transcript ../teams-legacy.vtt \
		--speaker 68f0e9b4=@dave --speaker "Speaker 2=@alice" &&
	sed -e "s/Speaker 1:/Dave Ortiz:/" -e "s/Speaker 2:/Alice Chen:/" \
		"$FIX/teams-legacy.vtt.expected" >../expect &&
	test_cmp ../expect transcripts/alice/2026-11-20.txt
'

test_expect_success 'speakers: in the front matter maps the next meeting by itself, in the preview (--person) and at closeout' '
	setup &&
	cp "$FIX/teams-legacy.vtt" .. &&
	sed -i "/^consent:/a\\
speakers:\\
  \"68f0e9b4-d6de-4b1a-9a57-0c3e5f1d2b7a@72f988bf-86f1-41af-91ab-2d7cd011db47\": \"@dave\"\\
  1c2d3e4f: Alice Chen" people/alice.md &&
	git commit -q -am speakers &&
	run 0 lint people/alice.md &&
	sed -e "s/Speaker 1:/Dave Ortiz:/" -e "s/Speaker 2:/Alice Chen:/" \
		"$FIX/teams-legacy.vtt.expected" >../expect &&
	run 0 transcript import --person alice ../teams-legacy.vtt &&
	test_must_be_empty ../err &&
	numbered ../expect >../expect.n &&
	test_cmp ../expect.n ../out &&
	run 0 closeout alice --transcript ../teams-legacy.vtt &&
	test_cmp ../expect transcripts/alice/2026-11-20.txt &&
	run 0 closeout alice --transcript ../teams-legacy.vtt --force --speaker "1c2d=Alicia" &&
	sed "s/Alice Chen:/Alicia:/" ../expect >../expect2 &&
	test_cmp ../expect2 transcripts/alice/2026-11-20.txt
'

test_expect_success 'an ambiguous id prefix, a --speaker that names no one, and an unknown @handle are refused together, nothing written' '
	setup &&
	cp "$FIX/teams-legacy.vtt" .. &&
	run 2 closeout alice --transcript ../teams-legacy.vtt --speaker "Bob=Bob" \
		--speaker "Speaker 1=@nobody" &&
	cat >../expect <<-\EOF &&
	thread closeout: --speaker Speaker 1=@nobody: @nobody is not a person of this repository; add people/nobody.md or write a name
	EOF
	grep "@nobody is not" ../err >../got && test_cmp ../expect ../got &&
	run 2 closeout alice --transcript ../teams-legacy.vtt --speaker "Bob=Bob" --speaker "=x" &&
	grep -q "expected ID=NAME" ../err &&
	run 1 transcript import ../teams-legacy.vtt --speaker "Bob=Bob" --speaker "a: b=x" &&
	printf "%s\n" "thread transcript: '\''Bob'\'' names no speaker of ../teams-legacy.vtt (its speakers: Speaker 2 (1c2d3e4f-5a6b), Speaker 1 (68f0e9b4-d6de))" \
		"thread transcript: '\''a: b'\'' names no speaker of ../teams-legacy.vtt (its speakers: Speaker 2 (1c2d3e4f-5a6b), Speaker 1 (68f0e9b4-d6de))" >../expect &&
	test_cmp ../expect ../err &&
	printf "WEBVTT\n\n00:01.000 --> 00:02.000\n<v 68f0e9b4-aaaa-4b1a-9a57-0c3e5f1d2b7a>a\n\n00:02.000 --> 00:03.000\n<v 68f0e9b4-bbbb-4b1a-9a57-0c3e5f1d2b7a>b\n" >../twins.vtt &&
	run 1 transcript import ../twins.vtt --speaker 68f0e9b4=Dana &&
	grep -q "is the start of 2 speakers'"'"' ids in ../twins.vtt" ../err &&
	test -z "$(git status --porcelain)" && test ! -e transcripts/alice
'

test_expect_success 'lint: a bad speakers: entry is a front-matter error at its line and column' '
	setup &&
	sed -i "/^consent:/a\\
speakers:\\
  Speaker 1: \"a: b\"\\
  Speaker 2: [x, y]\\
  Speaker 3: \"@Bad Handle\"" people/alice.md &&
	run 1 lint people/alice.md &&
	grep -o "^people/alice.md:[0-9]*:[0-9]*: error: speakers: [^[]*\[front-matter\]" ../out >../got &&
	cat >../expect <<-\EOF &&
	people/alice.md:5:14: error: speakers: the value for '\''Speaker 1'\'' must be @handle or a name of 1 to 60 characters without '\'':'\'' or surrounding spaces, not '\''a: b'\'' [front-matter]
	people/alice.md:6:14: error: speakers: '\''Speaker 2'\'' must be one @handle or name, not a list [front-matter]
	people/alice.md:7:14: error: speakers: the value for '\''Speaker 3'\'' must be @handle (lowercase) or a name, not '\''@Bad Handle'\'' [front-matter]
	EOF
	test_cmp ../expect ../got &&
	sed -i "/^speakers:/,/Speaker 3/d" people/alice.md &&
	printf "%s\n" "---" "name: B" "speakers: [a, b]" "---" >people/bob.md &&
	run 1 lint people/bob.md &&
	grep -q "^people/bob.md:3:11: error: speakers must be a mapping" ../out
'

# ---- never drop text to make a speaker ----

test_expect_success 'Teams new: a cue with two voices keeps both; "Next steps:" in a voice is text' '
	imports teams-new.vtt
'

test_expect_success 'Zoom: "Sam: So the action items are:" keeps its text; unprefixed cues continue the speaker and the preview names those lines' '
	imports zoom-split.vtt &&
	run 0 transcript import ../zoom-split.vtt &&
	echo "note: lines 3, 5: the cue names no speaker; the speaker before it is kept (a long turn split in two)" >../expect &&
	test_cmp ../expect ../err &&
	run 0 transcript import --format json ../zoom-split.vtt &&
	grep -o "\"n\":[0-9]*,[^}]*\"continued\":true" ../out | cut -d, -f1 >../got &&
	printf "\"n\":3\n\"n\":5\n" >../expect &&
	test_cmp ../expect ../got &&
	grep -q "\"speaker\":\"Sam Patel\",\"text\":\"So the action items are:\"" ../out
'

test_expect_success 'typed notes (UTF-8 BOM, CRLF): "Next steps: I will send" and "Note to self:" stay text' '
	imports typed-notes.txt
'

test_expect_success 'subtitles without milliseconds are taken; a subtitle'"'"'s "Warning:" is text, speakerless cues are Unknown' '
	imports no-millis.srt
'

test_expect_success 'two recordings joined (SubRip, CRLF): the order is kept, and the preview names the line where the time goes back' '
	imports joined.srt &&
	run 0 transcript import ../joined.srt &&
	echo "note: line 3: the time goes back from the line before; the file'"'"'s order is kept (check the export: two recordings joined?)" >../expect &&
	test_cmp ../expect ../err &&
	run 0 transcript import --format json ../joined.srt &&
	grep -o "\"n\":[0-9]*,[^}]*\"backwards\":true" ../out | cut -d, -f1 >../got &&
	echo "\"n\":3" >../expect &&
	test_cmp ../expect ../got
'

# ---- the WebVTT rules, word-level exports ----

test_expect_success 'youtube-dl WebVTT: a "-->" line inside cue text starts a new cue; inline timestamps are dropped' '
	imports youtube-dl.vtt
'

test_expect_success 'a recorder'"'"'s word-level SubRip (CRLF): words of one speaker under a second apart become one line at the first word'"'"'s time' '
	imports recorder-words.srt
'

test_expect_success 'Whisper JSON with word lists (whisperX speakers) and whisper.cpp one word per segment' '
	(mkdir a && cd a && imports whisperx-words.json) &&
	mkdir b && cd b &&
	imports whispercpp-words.json &&
	run 0 transcript import ../whispercpp-words.json &&
	echo "note: word-level cues: 3 merged into the lines of their speaker" >../expect &&
	test_cmp ../expect ../err
'

# ---- encodings ----

test_expect_success 'UTF-16 LE (WebVTT) and BE (SubRip) with a BOM are decoded' '
	(mkdir a && cd a && imports utf16le.vtt) &&
	mkdir b && cd b &&
	imports utf16be.srt
'

test_expect_success 'Windows-1252 is refused with the exact iconv command, and that command fixes it' '
	refused cp1252.txt &&
	cmd=$(sed -n "s/.*; convert it with: //p" ../err) &&
	test -n "$cmd" &&
	eval "$cmd" &&
	run 0 transcript import ../cp1252.utf8.txt &&
	printf "1\t[00:00:00] Alice: The budget is 5 \342\202\254 higher.\n2\t[00:00:00] Bob: \342\200\234Fine\342\200\235, says finance.\n" >../expect &&
	test_cmp ../expect ../out
'

test_expect_success 'C1 control characters are refused, naming the line' '
	refused c1.vtt
'

test_expect_success 'a NUL escaped in JSON (\\u0000) is refused, naming the line, not cut short' '
	refused nul.json
'

test_expect_success 'a bad file names every problem line at once, not just the first' '
	refused many-errors.vtt
'

# ---- the preview is what closeout commits ----

test_expect_success 'the preview'"'"'s numbers are the [t:N] lines: references written before the one closeout commit check out' '
	setup &&
	cp "$FIX/zoom-split.vtt" .. &&
	run 0 transcript import ../zoom-split.vtt &&
	mv ../out ../preview &&
	n=$(grep "rollback plan" ../preview | cut -f1) &&
	test "$n" = 3 &&
	sed -i "s/^- Ship on Friday\$/- Ship on Friday [t:2-$n]/" people/alice.md &&
	run 0 closeout alice --transcript ../zoom-split.vtt &&
	git log -1 --format=%B HEAD | grep "^Provenance: " >../prov &&
	echo "Provenance: people/alice.md:12 -> transcripts/alice/2026-11-20.txt:2-3" >../expect &&
	test_cmp ../expect ../prov &&
	cut -f2- ../preview >../lines &&
	test_cmp ../lines transcripts/alice/2026-11-20.txt
'

test_expect_success 'transcript import: usage errors exit 2 and write nothing' '
	setup &&
	run 2 transcript import &&
	run 2 transcript export x &&
	run 2 transcript import ../none.vtt --format xml &&
	run 2 transcript import "$FIX/zoom.vtt" --person nobody &&
	run 1 transcript import ../none.vtt &&
	grep -q "cannot read ../none.vtt" ../err &&
	test -z "$(git status --porcelain)"
'

test_expect_success '--speaker NAME=@me names the manager, and a people: handle its name' '
	"$THREAD" init sp >/dev/null && cd sp &&
	printf "me: sam\npeople:\n  - sam: Sam Okafor\n  - dave: Dave Kowalski\n" >.thread.yaml &&
	"$THREAD" add alice --name "Alice Chen" --consent recorded >/dev/null &&
	printf "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nSam Manager: How is the migration going?\n\n00:00:04.000 --> 00:00:06.000\nAlice Chen: Done on Tuesday.\n" >z.vtt &&
	"$THREAD" transcript import z.vtt --person alice --speaker "Sam Manager=@me" >../out &&
	grep -Fx "1	[00:00:01] Sam Okafor: How is the migration going?" ../out &&
	"$THREAD" transcript import z.vtt --person alice --speaker "Sam Manager=@dave" >../out &&
	grep -F "Dave Kowalski: How is" ../out &&
	printf "people: [infra-team]\n" >.thread.yaml &&
	"$THREAD" transcript import z.vtt --speaker "Sam Manager=@me" >../out &&
	grep -F "[00:00:01] me: How is" ../out
'

test_done
