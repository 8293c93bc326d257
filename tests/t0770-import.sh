#!/bin/bash
# thread import: notes written elsewhere (an Obsidian vault of meeting
# files, one file per person with dated headings, the dxw one-to-one
# template, CRLF and BOM files) become sessions of people/HANDLE.md,
# with every line kept, nothing committed, and nothing overwritten.
. "$(dirname "$0")/test-lib.sh"

FIX="$TEST_DIR/fixtures/import"
VAULT="$FIX/obsidian"
PRIYA="$FIX/person/Priya Raman.md"
DXW="$FIX/dxw"

# every_line_kept OUT SRC...: each non-blank line of each source that is
# not a heading is in OUT, as written; on checkbox lines a due date
# counts in the notation thread reads (📅 D, due D and Due: D are due:D),
# as thread-import(1) says.  A BOM and CRs are not content.
every_line_kept() {
	out=$1; shift
	tr -d '\r' <"$out" >kept.out
	for src in "$@"; do
		sed '1s/^\xef\xbb\xbf//' "$src" | tr -d '\r'
	done | awk '
		NR == FNR { have[++n] = $0; next }
		/^[ \t]*$/ { next }
		/^ *#+([ \t]|$)/ { next }
		{
			line = $0
			if (line ~ /^[ \t]*([-*+]|[0-9]+[.)]) \[[ xX]\]/) {
				gsub(/\xf0\x9f\x93\x85 */, "due:", line)
				gsub(/[Dd][Uu][Ee]:? +/, "due:", line)
			}
			for (i = 1; i <= n; i++)
				if (index(have[i], line)) next
			print "lost: " $0; lost++
		}
		END { exit lost > 0 }
	' kept.out -
}

# The sessions of a person file, as their dates.
sessions() {
	grep "^## [0-9]" "$1" | cut -c4-13
}

# Findings that mean the file could not be read as a thread.
no_parse_errors() {
	set +e
	thread lint "$1" >lint.out 2>&1
	rc=$?
	set -e
	cat lint.out
	test "$rc" -ne 2 &&
	! grep -E "\[(date|front-matter|encoding|too-complex|file-name)\]" lint.out
}

test_expect_success 'an Obsidian vault of four meeting files becomes four sessions of a new file' '
	new_repo repo && cd repo &&
	thread import john "$VAULT" >out 2>err &&
	cat out err &&
	test -f people/john.md &&
	test "$(stat -c %a people/john.md)" = 600 &&
	printf "%s\n" 2024-11-13 2024-11-20 2024-11-27 2024-12-04 >expect &&
	sessions people/john.md >actual &&
	test_cmp expect actual &&
	grep "^name: John Appleseed$" people/john.md &&
	grep "^consent: notes-only$" people/john.md &&
	grep "^people/john.md: created with 4 sessions (2024-11-13 to 2024-12-04)" out &&
	no_parse_errors people/john.md
'

test_expect_success 'emoji and synonym headings become sections; Obsidian Tasks dates and @Name owners become tasks and asks' '
	new_repo repo && cd repo &&
	thread import john "$VAULT" 2>err &&
	thread open --person john --format json >open.json &&
	cat open.json &&
	grep "\"kind\":\"task\",\"owner\":\"john\",\"text\":\"Write the rollout plan for search @John\".*\"due\":\"2024-11-20\"" open.json &&
	grep "\"kind\":\"task\",\"owner\":\"john\",\"text\":\"Send the onboarding doc to \[\[John Appleseed\]\]\".*\"due\":\"2024-11-18\"" open.json &&
	grep "\"kind\":\"ask\",\"owner\":\"me\",\"text\":\"Review John.s design doc\".*\"due\":\"2024-11-15\"" open.json &&
	grep "\"kind\":\"task\",\"owner\":\"john\",\"text\":\"Split the on-call rota with Priya.*\"due\":\"2024-11-27\"" open.json &&
	grep "\"kind\":\"ask\",\"owner\":\"me\",\"text\":\"Ask finance about the conference budget\".*\"due\":\"2024-11-25\"" open.json &&
	grep "\"text\":\"Pair with Dana on the indexer\".*\"due\":\"2024-11-29\"" open.json &&
	grep "\"kind\":\"ask\",\"owner\":\"dana\",.*\"due\":\"2024-12-03\"" open.json &&
	grep "\"kind\":\"rep\",\"owner\":\"john\"" open.json &&
	grep "\"kind\":\"ask\",.*\"text\":\"chase the DB access ticket INFRA-4471\".*\"due\":\"2024-11-15\"" open.json &&
	test $(grep -c "\"person\":\"john\"" open.json) -eq 10 &&
	sed -n "/^## 2024-11-13/,/^## 2024-11-20/p" people/john.md >s1 &&
	grep -A2 "^### Wins$" s1 | grep "Shipped the search index behind a flag #atlas" &&
	grep -A2 "^### Blockers$" s1 | grep "Waiting on prod DB access" &&
	sed -n "/^## 2024-11-20/,/^## 2024-11-27/p" people/john.md >s2 &&
	grep -A1 "^### Wins$" s2 | grep "Rollout plan drafted" &&
	grep -A1 "^### Blockers$" s2 | grep "On-call load is heavy" &&
	sed -n "/^## 2024-12-04/,\$p" people/john.md >s4 &&
	grep -A1 "^### Growth$" s4 | grep "Skill: writing design docs" &&
	grep -A1 "^### Next$" s4 | grep "Check the 50% rollout numbers"
'

test_expect_success 'every non-blank line of the vault is in the result' '
	new_repo repo && cd repo &&
	thread import john "$VAULT" 2>err &&
	every_line_kept people/john.md "$VAULT"/*.md
'

test_expect_success 'the line check fails when a line is missing (so it can fail)' '
	new_repo repo && cd repo &&
	thread import john "$VAULT" 2>err &&
	grep -v "Back from a week off" people/john.md >cut.md &&
	test_must_fail every_line_kept cut.md "$VAULT"/*.md >lost &&
	grep "^lost: Back from a week off" lost
'

test_expect_success 'what could not be mapped is kept under Notes and reported as FILE:LINE' '
	new_repo repo && cd repo &&
	thread import john "$VAULT" 2>err &&
	cat err &&
	grep "^$VAULT/2024-11-13 John Appleseed.md:6: kept under Notes: # 1:1 John / Sam$" err &&
	grep "^$VAULT/2024-11-13 John Appleseed.md:23: kept under Notes: - Remember to ask about the conference budget$" err &&
	grep "^$VAULT/2024-11-20 John Appleseed.md:17: kept under Notes: ## Project Atlas$" err &&
	grep "^$VAULT/2024-11-13 John Appleseed.md:1: kept under Notes: front matter" err &&
	grep "^$VAULT/2024-12-04 John Appleseed.md:1: kept under Notes: Quick one today, 15 minutes.$" err &&
	sed -n "/^## 2024-11-20/,/^## 2024-11-27/p" people/john.md >s2 &&
	sed -n "/^### Notes$/,/^### /p" s2 >notes &&
	grep "^#### Project Atlas$" notes &&
	grep "^| p@10   | 0.61   | 0.68  |$" notes
'

test_expect_success 'Personal and Private headings stay private, with what is under them' '
	new_repo repo && cd repo &&
	thread import john "$VAULT" 2>err &&
	sed -n "/^## 2024-11-20/,/^## 2024-11-27/p" people/john.md >s2 &&
	sed -n "/^### Private$/,\$p" s2 >private &&
	grep "Dad is in hospital" private &&
	grep "^#### Health$" private &&
	grep "Back pain again" private &&
	! grep "Health\|hospital\|Back pain" err &&
	thread prep john >prep 2>&1 || true &&
	! grep "hospital\|Back pain" prep
'

test_expect_success 'a BOM and CRLF line ends are read as text: headings found, no CR or BOM written' '
	new_repo repo && cd repo &&
	thread import john "$VAULT" 2>err &&
	! grep -q "$(printf "\r")" people/john.md &&
	! grep -q "$(printf "\xef\xbb\xbf")" people/john.md &&
	sed -n "/^## 2024-11-27/,/^## 2024-12-04/p" people/john.md >s3 &&
	grep -A1 "^### Priorities$" s3 | grep "^- Land the search rollout to 50%$" &&
	grep -A1 "^### Wins$" s3 | grep "^- Calm handling of the Tuesday incident$" &&
	grep "^- \[ \] Write the incident review @john due:2024-12-02$" s3
'

test_expect_success 'a "---" under text and an open code fence cannot end a session or swallow the next' '
	new_repo repo && cd repo &&
	mkdir notes &&
	printf "## Notes\nThe review is too slow.\n---\n\`\`\`\n## 2000-01-01 not a heading\n" >"notes/2024-11-01 Jo.md" &&
	printf "## Wins\n- shipped\n" >"notes/2024-11-08 Jo.md" &&
	thread import jo notes --name "Jo Park" &&
	cat people/jo.md &&
	test $(grep -c "^\`\`\`$" people/jo.md) -eq 2 &&
	sed -n "/^The review is too slow.$/{n;p;}" people/jo.md >after &&
	test "$(cat after)" = "" && test $(wc -l <after) -eq 1 &&
	thread prep jo >prep &&
	cat prep &&
	grep "2024-11-08" prep &&
	grep "shipped" prep &&
	no_parse_errors people/jo.md
'

test_expect_success 'an HTML comment left open cannot swallow the next session' '
	new_repo repo && cd repo &&
	mkdir notes &&
	printf "## Notes\n<!-- draft, to finish\nmore draft\n" >"notes/2024-11-01 Jo.md" &&
	printf "## Wins\n- shipped\n" >"notes/2024-11-08 Jo.md" &&
	thread import jo notes --name "Jo Park" &&
	cat people/jo.md &&
	grep -A1 "^more draft$" people/jo.md | grep "^-->$" &&
	thread prep jo >prep &&
	grep "2024-11-08" prep &&
	grep "shipped" prep
'

test_expect_success 'one file per person with five dated headings in five shapes' '
	new_repo repo && cd repo &&
	thread import priya "$PRIYA" >out 2>err &&
	cat out err people/priya.md &&
	printf "%s\n" 2024-09-02 2024-09-09 2024-09-16 2024-09-23 2024-09-30 >expect &&
	sessions people/priya.md >actual &&
	test_cmp expect actual &&
	grep "^## 2024-09-02 (first 1:1 after the reorg)$" people/priya.md &&
	grep "^name: Priya Raman$" people/priya.md &&
	grep -F "$PRIYA:1: kept under Notes: # Priya Raman" err &&
	grep -F "$PRIYA:51: kept under Notes: ### Team health" err &&
	grep "^- \[ \] Share the incident runbook with the new joiner @Priya (due:2024-09-13) @priya$" people/priya.md &&
	every_line_kept people/priya.md "$PRIYA" &&
	no_parse_errors people/priya.md
'

test_expect_success 'dxw template: actions for the report are tasks, actions for the manager asks of @me' '
	new_repo repo && cd repo &&
	thread import alex "$DXW" --name "Alex Morgan" >out 2>err &&
	cat people/alex.md &&
	thread open --person alex --format json >open.json &&
	grep "\"kind\":\"task\",\"owner\":\"alex\",\"text\":\"Book the AWS exam\".*\"due\":\"2024-10-31\"" open.json &&
	grep "\"kind\":\"task\",\"owner\":\"alex\",\"text\":\"Write up the release retro notes\".*\"due\":\"2024-10-18\"" open.json &&
	grep "\"kind\":\"ask\",\"owner\":\"me\",\"text\":\"Check the training budget for the AWS exam\".*\"due\":\"2024-10-18\"" open.json &&
	grep "\"kind\":\"ask\",\"owner\":\"me\",\"text\":\"Ask the delivery lead to cut the Wednesday standup\"" open.json &&
	grep "\"kind\":\"ask\",\"owner\":\"me\",\"text\":\"Confirm the holiday dates in Breathe\"" open.json &&
	printf "%s\n" 2024-09-30 2024-10-14 >expect &&
	sessions people/alex.md >actual &&
	test_cmp expect actual &&
	sed -n "/^## 2024-10-14/,\$p" people/alex.md >s &&
	grep -A2 "^### Wins$" s | grep "Release 2.3 shipped on time" &&
	grep -A1 "^### Blockers$" s | grep "Too many meetings on Wednesdays" &&
	grep -A1 "^### Growth$" s | grep "AWS associate certification" &&
	sed -n "/^### Notes$/,\$p" s | grep "Tired after the release" &&
	every_line_kept people/alex.md "$DXW"/*.md &&
	no_parse_errors people/alex.md
'

# An existing thread for priya: one session before the import, one
# between its meetings, one after.
write_priya() {
	cat >people/priya.md <<-\EOF
	---
	name: Priya Raman
	consent: notes-only
	---

	# Priya Raman

	## 2024-08-26
	### Wins
	- First week as squad lead
	## Agenda
	- a free note between sessions
	## 2024-09-12 walking
	### Notes
	Walked around the block; talked about hiring.
	## 2024-10-07
	### Tasks
	- [ ] Plan the Q1 offsite @priya due:2024-10-14
	  Done when: dates and venue agreed
	EOF
}

test_expect_success 'sessions are merged into an existing file in date order, the existing ones byte for byte' '
	new_repo repo && cd repo &&
	write_priya && chmod 640 people/priya.md &&
	git add people/priya.md && git commit -qm priya &&
	cp people/priya.md before &&
	thread import priya "$PRIYA" >out 2>err &&
	cat people/priya.md &&
	printf "%s\n" 2024-08-26 2024-09-02 2024-09-09 2024-09-12 2024-09-16 2024-09-23 2024-09-30 2024-10-07 >expect &&
	sessions people/priya.md >actual &&
	test_cmp expect actual &&
	test "$(stat -c %a people/priya.md)" = 640 &&
	grep "^people/priya.md: added 5 sessions (2024-09-02 to 2024-09-30)" out &&
	for d in 2024-08-26 "2024-09-12 walking" 2024-10-07; do
		sed -n "/^## $d/,/^## [0-9]/p" before | sed "\$d" >old &&
		sed -n "/^## $d/,/^## [0-9]/p" people/priya.md | sed "\$d" >new &&
		test_cmp old new || return 1
	done &&
	grep -B3 "^## 2024-09-02" people/priya.md | grep "^- a free note between sessions$" &&
	tail -n 3 people/priya.md | grep "Done when: dates and venue agreed" &&
	no_parse_errors people/priya.md
'

test_expect_success 'a CRLF person file keeps CRLF line ends in what is added' '
	new_repo repo && cd repo &&
	write_priya && sed -i "s/\$/\r/" people/priya.md &&
	cp people/priya.md before &&
	thread import priya "$PRIYA" 2>err &&
	test $(grep -c "$(printf "\r")\$" people/priya.md) -eq $(wc -l <people/priya.md) &&
	no_parse_errors people/priya.md
'

test_expect_success 'a date the file already has is refused, naming it, and nothing is written' '
	new_repo repo && cd repo &&
	write_priya && sed -i "s/^## 2024-09-12 walking/## 2024-09-16 walking/" people/priya.md &&
	cp people/priya.md before &&
	test_exit 2 thread import priya "$PRIYA" >out 2>err &&
	cat err &&
	grep "people/priya.md:13 already has a session on 2024-09-16" err &&
	grep -F "$PRIYA:32 out of the import" err &&
	test_cmp before people/priya.md
'

test_expect_success 'two source meetings on one day are refused, naming both' '
	new_repo repo && cd repo &&
	mkdir v &&
	printf "## Wins\n- a\n" >"v/2024-11-13 Jo.md" &&
	printf "# 13 Nov 2024\n## Wins\n- b\n" >"v/jo notes.md" &&
	test_exit 2 thread import jo v --name Jo >out 2>err &&
	grep "two meetings on 2024-11-13: v/2024-11-13 Jo.md:1 and v/jo notes.md:1" err &&
	test ! -e people/jo.md
'

test_expect_success 'nothing is committed: the new file is untracked, HEAD unchanged' '
	new_repo repo && cd repo &&
	head=$(git rev-parse HEAD) &&
	thread import john "$VAULT" 2>err &&
	test "$(git rev-parse HEAD)" = "$head" &&
	git status --porcelain >st &&
	grep "^?? people/john.md$" st
'

test_expect_success '--dry-run writes nothing, shows the sessions, and hides Private lines' '
	new_repo repo && cd repo &&
	thread import john "$VAULT" --dry-run >out 2>err &&
	test ! -e people/john.md &&
	grep "^## 2024-11-20$" out &&
	grep "Rollout plan drafted" out &&
	! grep "hospital\|Back pain" out &&
	grep "^<!-- 4 private lines; shown with --include-private -->$" out &&
	grep "^people/john.md: would create it with 4 sessions" out &&
	grep "^nothing written (--dry-run)$" out &&
	thread import john "$VAULT" --dry-run --include-private >out2 2>err &&
	grep "Dad is in hospital" out2 &&
	test ! -e people/john.md
'

test_expect_success '--format json says what was imported' '
	new_repo repo && cd repo &&
	thread import alex "$DXW" --name "Alex Morgan" --format json >out 2>err &&
	cat out &&
	grep "^{\"file\":\"people/alex.md\",\"created\":true,\"written\":true,\"kept\":1,\"sessions\":\[{\"date\":\"2024-09-30\"," out &&
	grep "\"tasks\":2,\"asks\":2}\]}$" out
'

test_expect_success 'a person file that is a symlink is never written through' '
	new_repo repo && cd repo &&
	write_priya && mv people/priya.md ../outside.md &&
	ln -s ../../outside.md people/priya.md &&
	cp ../outside.md before &&
	test_exit 2 thread import priya "$PRIYA" >out 2>err &&
	cat err &&
	grep "people/priya.md" err &&
	test_cmp before ../outside.md
'

test_expect_success 'a file with no date in its name or headings is refused, naming it; nothing written' '
	new_repo repo && cd repo &&
	mkdir v && cp "$VAULT"/*.md v/ &&
	printf "# John\nThings to raise with John.\n" >v/John.md &&
	test_exit 2 thread import john v >out 2>err &&
	grep "^thread import: v/John.md: its name does not start with a date and no heading in it does" err &&
	test ! -e people/john.md
'

test_expect_success 'a new file needs a name: from --name or the notes file names' '
	new_repo repo && cd repo &&
	mkdir v && printf "## Wins\n- a\n" >"v/2024-11-13.md" &&
	test_exit 2 thread import jo v 2>err &&
	grep "say who it is: --name" err &&
	thread import jo v --name "Jo Park" &&
	grep "^name: Jo Park$" people/jo.md
'

test_expect_success 'usage errors exit 2' '
	new_repo repo && cd repo &&
	test_exit 2 thread import jo 2>err &&
	test_exit 2 thread import Jo "$VAULT" 2>err &&
	grep "not a valid handle" err &&
	test_exit 2 thread import jo /nonexistent 2>err &&
	grep "/nonexistent" err
'

test_done
