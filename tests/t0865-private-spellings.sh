#!/bin/bash
# A Private heading is recognised however it is written, at any level below
# the session, and with any line ending cmark accepts (LF, CRLF, a lone CR):
# no command, in any format, shows what is under it without
# --include-private, and the shared notes around it are still shown.
#
# tests/fixtures/private/alice.md.in puts private notes ("ZQ...") under
# a heading @@P@@ inside Blockers, Tasks, Decisions, Growth and Next, next
# to shared ones ("SHARED..."), in two sessions; the second is closed out
# with a transcript so that log, stats and provenance have history to read.
. "$(dirname "$0")/test-lib.sh"

FIX=$SRC_DIR/tests/fixtures/private

# make_case HEADING ENDING: a repository in ./r whose alice.md spells the
# private heading HEADING, with line endings lf, crlf, cr (every line), or
# crin (LF, with the issue's lone CR inside a shared item).
make_case() {
	mkdir -p r/people r/transcripts &&
	printf 'me: sam\npeople: [bob]\n' >r/.thread.yaml &&
	awk -v h="$1" '{ if ($0 == "@@P@@") print h; else print }' "$FIX/alice.md.in" >r/alice.lf &&
	case $2 in
	lf) cp r/alice.lf r/people/alice.md ;;
	crlf) sed 's/$/\r/' r/alice.lf >r/people/alice.md ;;
	cr) tr '\n' '\r' <r/alice.lf >r/people/alice.md ;;
	crin) sed 's/^- SHAREDWIN2 Shipped billing$/- SHAREDWIN2 Shipped billing\rx/' r/alice.lf >r/people/alice.md &&
	      grep -q "$(printf 'billing\rx')" r/people/alice.md ;;
	esac &&
	rm r/alice.lf &&
	(cd r && git init -q -b main && git add -A && git commit -q -m 'notes' &&
	 GIT_COMMITTER_DATE=2026-11-20T18:00:00Z thread closeout alice --transcript "$FIX/transcript.txt" >/dev/null 2>&1)
}

# run_all [--include-private]: every command that prints from the notes,
# in every format; stdout and stderr both land in ../out.
run_all() {
	for f in markdown json; do
		thread prep alice --format $f "$@" && thread growth alice --format $f "$@" || return 1
	done &&
	for f in markdown email json; do thread followup alice --format $f "$@" || return 1; done &&
	for f in text json ics; do thread open --format $f "$@" || return 1; done &&
	for f in text json; do
		thread digest --format $f "$@" &&
		thread repeat-blockers --min 2 --format $f "$@" &&
		thread log --format $f && thread stats --format $f &&
		thread history alice SHAREDTASK --format $f "$@" || return 1
	done &&
	for f in text json; do
		thread search waiting --format $f "$@" &&
		thread status --format $f &&
		thread cite alice --date 2026-11-20 --format $f "$@" || return 1
	done &&
	thread lint >/dev/null 2>&1; thread lint --format json 2>&1
}

# check_case HEADING ENDING
check_case() {
	make_case "$1" "$2" && cd r &&
	run_all >../out 2>&1 &&
	if grep -n ZQ ../out; then echo "private text shown for '$1' ($2)"; return 1; fi &&
	# the shared notes beside it are read, from the lines they are on
	for w in SHAREDASK SHAREDTASK SHAREDDEC SHAREDWIN2 SHAREDNEXT2 SHAREDREP SHAREDBLK; do
		grep -q $w ../out || { echo "$w missing for '$1' ($2)"; return 1; }
	done &&
	run_all --include-private >../all 2>&1 &&
	for w in ZQASK ZQTASK ZQDEC ZQNEXT ZQBLOCK; do
		grep -q $w ../all || { echo "$w not shown with --include-private for '$1' ($2)"; return 1; }
	done
}

while IFS= read -r heading; do
	for ending in lf crlf cr crin; do
		test_expect_success "'$heading' ($ending): private notes stay in the file" "
			check_case '$heading' $ending
		"
	done
done <<'SPELLINGS'
### Private
### Private notes
### private:
### *Private*
### Private (manager only)
### 🔒 Private
#### Private
#### **Private:** just for me
###### PRIVATE
### Confidential
### 🔒Private
#### 🙊Private
SPELLINGS

for ending in cr crin crlf; do
	test_expect_success "done and closeout count lines as cmark does ($ending)" "
		make_case '#### Private' $ending && cd r &&
		grep -q '^Transcript: transcripts/alice/2026-11-20.txt' people/alice.md ||
		tr '\\r' '\\n' <people/alice.md | grep -q '^Transcript: transcripts/alice/2026-11-20.txt' &&
		line=\$(thread open --format json | sed -n 's/.*\"line\":\\([0-9]*\\).*SHAREDASK.*/\\1/p; s/.*SHAREDASK.*\"line\":\\([0-9]*\\).*/\\1/p' | head -1) &&
		test -n \"\$line\" &&
		thread done people/alice.md:\$line >out &&
		thread open --format json >after &&
		! grep SHAREDASK after && grep -q ZQ people/alice.md &&
		tr '\\r' '\\n' <people/alice.md | grep -q '^  - \\[x\\] ask: SHAREDASK'
	"
done

test_expect_success 'a Private heading inside a list item or a block quote is private too' '
	mkdir -p r/people && cd r && git init -q -b main &&
	printf "me: sam\npeople: [dave]\n" >.thread.yaml &&
	cat >people/alice.md <<-\EOF &&
	---
	name: Alice
	email: alice@example.com
	---

	## 2026-11-20

	### Asks
	- [ ] SHAREDASK budget for a load-test env @me due:2026-11-28 escalate:2026-12-01
	  Done when: budget approved
	  #### Private
	  - [ ] ask: ZQNESTED promo check @dave due:2026-11-30 escalate:2026-12-02

	### Decisions
	> #### Private
	> - ZQQUOTE she may leave in spring

	### Next
	- SHAREDNEXT the budget
	EOF
	{ thread prep alice && thread prep alice --format json &&
	  thread followup alice --format email && thread followup alice --format json &&
	  thread open --format json && thread open --format ics &&
	  thread digest && thread digest --format json; } >../out 2>&1 &&
	thread open >../open && grep SHAREDASK ../open &&
	! grep -n ZQ ../out ../open &&
	thread open --include-private | grep ZQNESTED
'

test_expect_success 'provenance of a private item needs --include-private' '
	make_case "#### Private" lf && cd r &&
	line=$(grep -n "ZQASK" people/alice.md | cut -d: -f1) &&
	test_exit 1 thread provenance people/alice.md:$line >out 2>err &&
	! grep ZQ out err && grep "under a Private heading" err &&
	thread provenance --include-private people/alice.md:$line >out &&
	grep ZQASK out &&
	shared=$(grep -n "SHAREDASK" people/alice.md | cut -d: -f1) &&
	thread provenance people/alice.md:$shared >out && grep SHAREDASK out
'

test_expect_success 'history of a private item needs --include-private' '
	make_case "### Private" crlf && cd r &&
	line=$(grep -n "ZQTASK" people/alice.md | cut -d: -f1) &&
	test_exit 1 thread history people/alice.md:$line >out 2>err &&
	! grep ZQ out err && grep "under a Private heading" err &&
	thread history --include-private people/alice.md:$line >out &&
	grep ZQTASK out &&
	test_exit 1 thread history alice "book the medical" >out 2>err &&
	! grep ZQ out && grep "no item of alice matches" err
'

test_expect_success 'thread new reviews a private item under a Private heading of its Review' '
	make_case "#### Private" lf && cd r &&
	thread new alice --date 2026-11-27 >/dev/null &&
	sed -n "/^## 2026-11-27/,\$p" people/alice.md >new &&
	grep -q "Open ask: SHAREDASK" new &&
	# every ZQ line of the new session comes after its #### Private heading
	awk "/^#### Private/ { p = 1 } /^### / && !/^### Review/ { p = 0 } /ZQ/ && !p { bad = 1; print } END { exit bad }" new &&
	grep -q "ZQASK" new && grep -q "ZQNEXT" new &&
	run_all >../out 2>&1 && ! grep -n ZQ ../out
'

test_expect_success 'a session started by thread new with private review lines is planned, not held' '
	make_case "### Private" lf && cd r &&
	thread new alice --date 2026-11-27 >/dev/null &&
	thread prep alice --format json --today 2026-11-28 >out &&
	grep "\"last_session\":{\"date\":\"2026-11-20\"" out
'

test_expect_success 'a heading that only looks private is a lint warning, and says no more than its word' '
	make_case "### Notes (private)" lf && cd r &&
	thread lint people/alice.md >out 2>&1 || true &&
	grep "says .private., but what is under it is shared.*\[private-heading\]" out &&
	! grep "Notes (private)" out
'

test_expect_success 'a private heading ends at the next heading of the same or a higher level' '
	make_case "#### Private" lf && cd r &&
	thread followup alice >out && grep SHAREDNEXT2 out && ! grep ZQ out &&
	cat >>people/alice.md <<-\EOF &&

	#### Private
	- ZQLATE a private note
	##### Later
	- ZQDEEP still private, one level down
	#### Shared again
	- SHAREDAFTER back to shared
	EOF
	thread followup alice >out && grep SHAREDAFTER out && ! grep ZQ out
'

test_done
