#!/bin/sh
# t0720-transcripts.sh - every transcript format, imported by thread
# closeout into transcripts/HANDLE/DATE.txt: the canonical lines exactly,
# and a malformed input refused with its file and line, nothing written.
#
# The inputs are in tests/fixtures/loop/: NAME.EXT, and NAME.expected, the
# canonical transcript it must import to.

. "$(dirname "$0")/test-lib.sh"

LOOP="$TEST_DIR/fixtures/loop"

# co_exit N [ARGS...]: `thread closeout ARGS` exits with exactly N; its
# stdout is in ../out and its stderr in ../err (outside the repository).
co_exit() {
	co_want=$1
	shift
	test_run_in .. "$co_want" "$THREAD" closeout "$@"
}

# setup: ./repo by thread init; alice (consent: recorded) with one clean
# session on 2026-11-20, committed.  The shell is left in repo.
setup() {
	"$THREAD" init repo >/dev/null &&
	cd repo &&
	cat >people/alice.md <<-\EOF &&
	---
	name: Alice Chen
	cadence: weekly
	consent: recorded
	---

	# Alice Chen

	## 2026-11-20

	### Decisions
	- Ship on Friday

	### Next
	- The release
	EOF
	git add people/alice.md &&
	git commit -q -m alice
}

# snapshot NAME / unchanged_since NAME: HEAD, the index, the work tree
# (files and folders) as git and sha1sum see them.
snapshot() {
	{ cat .git/HEAD && git show-ref; } >"../$1.head" &&
	sha1sum .git/index >"../$1.index" &&
	git --no-optional-locks status --porcelain --untracked-files=all >"../$1.status" &&
	find . -path ./.git -prune -o -print | sort >"../$1.tree" &&
	find . -path ./.git -prune -o -type f -exec sha1sum {} + | sort -k 2 >"../$1.files"
}

unchanged_since() {
	snapshot after &&
	for k in head index status tree files; do
		test_cmp "../$1.$k" "../after.$k" || return 1
	done
}

# import FIXTURE: close out alice's session with tests/fixtures/loop/FIXTURE
# (copied next to the repository), and check the transcript written and
# committed is exactly FIXTURE's .expected file.
import() {
	setup &&
	cp "$LOOP/$1" "../$1" &&
	co_exit 0 alice --transcript "../$1" &&
	id=$(git rev-parse --short=7 HEAD) &&
	printf "%s\n" "closeout: alice 2026-11-20 committed as $id" \
		"transcript: transcripts/alice/2026-11-20.txt" \
		"follow-up: people/alice.md:9-16 (send it today)" >../expect &&
	test_cmp ../expect ../out &&
	test_must_be_empty ../err &&
	test_cmp "$LOOP/${1%.*}.expected" transcripts/alice/2026-11-20.txt &&
	git show HEAD:transcripts/alice/2026-11-20.txt >../committed &&
	test_cmp "$LOOP/${1%.*}.expected" ../committed &&
	git log -1 --format=%B HEAD | grep "^Transcript: " >../trailer &&
	echo "Transcript: transcripts/alice/2026-11-20.txt $(git hash-object "$LOOP/${1%.*}.expected")" >../expect &&
	test_cmp ../expect ../trailer
}

# ---- the fixtures are what they claim to be ----

test_expect_success 'fixtures: the Teams file has a BOM, CRLF endings, unpadded times and voice tags' '
	head -c 3 "$LOOP/teams.vtt" | od -An -tx1 | tr -d " " >bom &&
	echo efbbbf >expect && test_cmp expect bom &&
	test "$(grep -c "$(printf "\r")\$" "$LOOP/teams.vtt")" -eq "$(wc -l <"$LOOP/teams.vtt")" &&
	grep -q "^0:0:2.480 --> 0:0:5.120" "$LOOP/teams.vtt" &&
	grep -q "^<v Dave Ortiz>" "$LOOP/teams.vtt" &&
	! grep -q "$(printf "\r")" "$LOOP/zoom.vtt" &&
	for f in "$LOOP"/*.expected; do
		grep -Evx "\[[0-9]{2}:[0-5][0-9]:[0-5][0-9]\] [^:]+: .+" "$f" && exit 1
		test -z "$(tail -c 1 "$f")" || exit 1
	done
'

# ---- each format ----

test_expect_success 'Teams WebVTT: BOM, CRLF, unpadded times, <v Name> tags, entities, NOTE and cue ids' '
	import teams.vtt
'

test_expect_success 'Zoom WebVTT: "Name: " prefixes; a speakerless cue is Unknown first, then the previous speaker' '
	import zoom.vtt
'

test_expect_success 'SubRip .srt: numbers, comma times, tags stripped, lines joined' '
	import meeting.srt
'

test_expect_success 'JSON list of segments: start floored, speaker optional (Unknown), text normalised' '
	import list.json
'

test_expect_success 'JSON object with a "segments" array' '
	import segments.json
'

test_expect_success 'plain text: timed lines, "Speaker:" lines with the last time, continuation lines joined' '
	import notes.txt
'

test_expect_success 'a canonical transcript imports as itself' '
	setup &&
	cp "$LOOP/teams.expected" ../canonical.txt &&
	co_exit 0 alice --transcript ../canonical.txt &&
	test_cmp ../canonical.txt transcripts/alice/2026-11-20.txt
'

test_expect_success 'with no known extension the format is taken from the content (WebVTT, SubRip, JSON)' '
	setup &&
	cp "$LOOP/zoom.vtt" ../zoom.captions &&
	co_exit 0 alice --transcript ../zoom.captions &&
	test_cmp "$LOOP/zoom.expected" transcripts/alice/2026-11-20.txt &&
	cp "$LOOP/meeting.srt" ../meeting.subs &&
	co_exit 0 alice --transcript ../meeting.subs --force &&
	test_cmp "$LOOP/meeting.expected" transcripts/alice/2026-11-20.txt &&
	cp "$LOOP/segments.json" ../segments.out &&
	co_exit 0 alice --transcript ../segments.out --force &&
	test_cmp "$LOOP/segments.expected" transcripts/alice/2026-11-20.txt
'

test_expect_success 'the [t:] references of the session are checked against the imported lines' '
	setup &&
	sed -i "s/^- Ship on Friday\$/- Ship on Friday [t:2-4]/" people/alice.md &&
	cp "$LOOP/teams.vtt" .. &&
	co_exit 0 alice --transcript ../teams.vtt &&
	git log -1 --format=%B HEAD | grep "^Provenance: " >../prov &&
	echo "Provenance: people/alice.md:13 -> transcripts/alice/2026-11-20.txt:2-4" >../expect &&
	test_cmp ../expect ../prov &&
	"$THREAD" provenance people/alice.md:13 >../shown &&
	sed -n "4,\$p" ../shown >../lines &&
	sed -n 2,4p "$LOOP/teams.expected" | sed "s/^/  /" >../expect.raw &&
	n=2 && while IFS= read -r l; do printf "  %4d%s\n" $n "$l"; n=$((n + 1)); done <../expect.raw >../expect &&
	test_cmp ../expect ../lines
'

# ---- malformed input: refused with its file and line, nothing written ----

# refused FIXTURE MESSAGE: closing out with FIXTURE (copied next to the
# repository) exits 2 with "thread closeout: ../FIXTURE:MESSAGE" and
# changes nothing.
refused() {
	setup &&
	cp "$LOOP/$1" "../$1" &&
	snapshot before &&
	co_exit 2 alice --transcript "../$1" &&
	test_must_be_empty ../out &&
	echo "thread closeout: ../$1:$2" >../expect &&
	test_cmp ../expect ../err &&
	unchanged_since before &&
	test ! -e transcripts/alice
}

test_expect_success 'WebVTT with a broken timing line: refused at that line' '
	refused bad-timing.vtt "8: expected a cue timing line such as 00:00:01.000 --> 00:00:04.000"
'

test_expect_success 'SubRip with a broken timing line: refused at that line' '
	refused bad-timing.srt "6: expected a timing line such as 00:00:01,000 --> 00:00:04,000"
'

test_expect_success 'JSON with a syntax error: refused at its line' '
	refused bad-syntax.json "3: invalid JSON at column 40: expected '\'','\'' or '\''}'\'' after an object member"
'

test_expect_success 'plain text that starts with no speaker: refused at that line' '
	refused bad-start.txt "2: expected an utterance such as \"[00:00:01] Alice: text\" or \"Alice: text\""
'

test_expect_success 'a file that is not WebVTT but is named .vtt: refused at line 1' '
	setup &&
	cp "$LOOP/notes.txt" ../notes.vtt &&
	snapshot before &&
	co_exit 2 alice --transcript ../notes.vtt &&
	echo "thread closeout: ../notes.vtt:1: expected WEBVTT on the first line" >../expect &&
	test_cmp ../expect ../err &&
	unchanged_since before
'

test_expect_success 'a transcript with no utterance: refused with a message that names it once' '
	setup &&
	printf "WEBVTT\n\nNOTE nothing was said\n" >../empty.vtt &&
	snapshot before &&
	co_exit 2 alice --transcript ../empty.vtt &&
	echo "thread closeout: no utterances in ../empty.vtt" >../expect &&
	test_cmp ../expect ../err &&
	unchanged_since before
'

test_expect_success 'a transcript that does not exist: exit 2, nothing written' '
	setup &&
	snapshot before &&
	co_exit 2 alice --transcript ../missing.vtt &&
	echo "thread closeout: cannot read ../missing.vtt: No such file or directory" >../expect &&
	test_cmp ../expect ../err &&
	unchanged_since before
'

test_expect_success 'a malformed transcript does not replace an existing one, even with --force' '
	setup &&
	cp "$LOOP/meeting.srt" "$LOOP/bad-timing.vtt" .. &&
	co_exit 0 alice --transcript ../meeting.srt &&
	snapshot before &&
	co_exit 2 alice --transcript ../bad-timing.vtt --force &&
	unchanged_since before &&
	test_cmp "$LOOP/meeting.expected" transcripts/alice/2026-11-20.txt
'

test_done
