#!/bin/sh
# t0200-bad-input.sh - thread lint on broken, hostile and odd input.
#
# Every test names the exact diagnostic (file:line:col, message, [rule]) and
# the exact exit status: 1 for findings, 2 for usage or system errors.  Any
# other status (a crash, a signal, a hang stopped by the time limit) fails.
#
. "$(dirname "$0")/test-lib.sh"

# Seconds any one lint may take; the hostile inputs must be quick.
LIMIT=${THREAD_TEST_LIMIT:-20}

# lint_exit N [ARGS...]: run `thread lint ARGS` (under a time limit) with its
# stdout in ./out and stderr in ./err; its exit status must be exactly N.
lint_exit() {
	le_want=$1
	shift
	test_run_in . "$le_want" timeout "$LIMIT" "$THREAD" lint "$@"
}

# expect_out LINE...: ./out is exactly these lines.
expect_out() {
	printf '%s\n' "$@" >expect &&
	test_cmp expect out
}

# expect_err LINE...: ./err is exactly these lines.
expect_err() {
	printf '%s\n' "$@" >expect.err &&
	test_cmp expect.err err
}

# A 20-line transcript for alice on 2026-11-20.
transcript() {
	mkdir -p transcripts/alice &&
	for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		printf '[00:00:%02d] Alice: line %d\n' "$n" "$n"
	done >transcripts/alice/2026-11-20.txt
}

# ---- front matter ----

test_expect_success 'an empty file: front-matter at 1:1' '
	new_repo repo && cd repo &&
	: >people/bo.md &&
	lint_exit 1 people/bo.md &&
	expect_out "people/bo.md:1:1: error: empty file (start it with front matter: a '\''---'\'' line, '\''name: Full Name'\'', and '\''---'\'') [front-matter]" &&
	expect_err "thread lint: 1 error, 0 warnings in 1 file"
'

test_expect_success 'a file with no front matter: front-matter at 1:1' '
	new_repo repo && cd repo &&
	printf "# Bo\n\nJust some notes.\n" >people/bo.md &&
	lint_exit 1 people/bo.md &&
	expect_out "people/bo.md:1:1: error: no front matter (start the file with a '\''---'\'' line, then '\''name: Full Name'\'', then '\''---'\'') [front-matter]"
'

test_expect_success 'front matter that is never closed: front-matter at 1:1' '
	new_repo repo && cd repo &&
	printf -- "---\nname: Bo\nrole: Engineer\n\n# Bo\n" >people/bo.md &&
	lint_exit 1 people/bo.md &&
	expect_out "people/bo.md:1:1: error: front matter is never closed (add a '\''---'\'' line after its last key) [front-matter]"
'

test_expect_success 'invalid YAML is reported at the file line and column (3rd YAML line = line 4)' '
	new_repo repo && cd repo &&
	printf -- "---\nname: Bo\nrole: Engineer\ntags: a: b\n---\n\n# Bo\n" >people/bo.md &&
	lint_exit 1 people/bo.md &&
	expect_out "people/bo.md:4:8: error: invalid YAML: mapping values are not allowed in this context [front-matter]"
'

test_expect_success 'front matter that is a YAML list: front-matter at its first item' '
	new_repo repo && cd repo &&
	printf -- "---\n- name\n- Bo\n---\n" >people/bo.md &&
	lint_exit 1 people/bo.md &&
	expect_out "people/bo.md:2:1: error: this is a YAML list, not a mapping; write key: value lines [front-matter]"
'

test_expect_success 'front matter that is a YAML scalar: front-matter at the value' '
	new_repo repo && cd repo &&
	printf -- "---\nBo Park, engineer\n---\n" >people/bo.md &&
	lint_exit 1 people/bo.md &&
	expect_out "people/bo.md:2:1: error: this is a YAML single value, not a mapping; write key: value lines [front-matter]"
'

test_expect_success 'an anchor and an alias: front-matter at the alias' '
	new_repo repo && cd repo &&
	printf -- "---\nname: &n Bo Park\nrole: *n\n---\n" >people/bo.md &&
	lint_exit 1 people/bo.md &&
	expect_out "people/bo.md:3:7: error: aliases (*n) are not allowed here; write the value out [front-matter]"
'

test_expect_success 'an alias-expansion bomb (9 levels) is refused at once' '
	new_repo repo && cd repo &&
	{
		echo "---" &&
		echo "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]" &&
		p=a &&
		for l in b c d e f g h i; do
			printf "%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n" \
				$l $l $p $p $p $p $p $p $p $p $p &&
			p=$l || exit 1
		done &&
		echo "---"
	} >people/lol.md &&
	test "$(wc -l <people/lol.md)" -eq 11 &&
	LIMIT=5 &&
	lint_exit 1 people/lol.md &&
	expect_out "people/lol.md:3:8: error: aliases (*a) are not allowed here; write the value out [front-matter]"
'

# ---- bytes ----

test_expect_success 'invalid UTF-8: encoding at the bad byte' '
	new_repo repo && cd repo &&
	person alice | sed "s/Write the/Write th$(printf "\300\257")e/" >people/alice.md &&
	lint_exit 1 people/alice.md &&
	expect_out "people/alice.md:13:15: error: invalid UTF-8 byte 0xc0 (save the file as UTF-8) [encoding]"
'

test_expect_success 'a NUL byte in the middle of a file: encoding at the NUL, exit 1' '
	new_repo repo && cd repo &&
	{ person alice | sed -n 1,12p && printf "mid\000dle\n" && person alice | sed -n "13,\$p"; } >people/alice.md &&
	test "$(tr -dc "\000" <people/alice.md | wc -c)" -eq 1 &&
	lint_exit 1 people/alice.md &&
	expect_out "people/alice.md:13:4: error: NUL byte: this is a binary file, not Markdown notes (move it out of people/) [encoding]"
'

test_expect_success 'a binary file (4 KiB of 0xff and a NUL): one encoding error, not parsed' '
	new_repo repo && cd repo &&
	{ head -c 4096 /dev/zero | tr "\000" "\377" && printf "\000"; } >people/blob.md &&
	test "$(wc -c <people/blob.md)" -eq 4097 &&
	lint_exit 1 &&
	expect_out "people/blob.md:1:4097: error: NUL byte: this is a binary file, not Markdown notes (move it out of people/) [encoding]" &&
	expect_err "thread lint: 1 error, 0 warnings in 3 files"
'

test_expect_success 'CRLF line endings: the missing escalate: is on line 14' '
	new_repo repo && cd repo &&
	cat >crlf <<-\EOF &&
	---
	name: Alice Chen
	role: Engineer
	cadence: weekly
	consent: notes-only
	---
	# Alice Chen

	## 2026-11-20

	### Asks
	- [ ] Confirm the Q1 headcount @me due:2026-11-25 escalate:2026-11-28
	  Done when: the Q1 number is in the plan
	- [ ] Grant prod read access for alice @dave due:2026-11-24
	  Done when: alice can query the prod replica
	- [ ] Book the Q1 planning room @me due:2026-11-30 escalate:2026-12-01
	  Done when: room booked

	### Next
	- Review the access ask
	EOF
	sed "s/\$/$(printf "\r")/" crlf >people/alice.md &&
	test "$(grep -c "$(printf "\r")\$" people/alice.md)" -eq "$(wc -l <crlf)" &&
	sed -n 14p people/alice.md | grep -q "^- \[ \] Grant prod" &&
	lint_exit 1 people/alice.md &&
	expect_out "people/alice.md:14:1: error: ask has no escalation checkpoint (add escalate:YYYY-MM-DD) [ask-escalation]"
'

# ---- size ----

test_expect_success 'a 50 MiB person file: too-large, quickly' '
	new_repo repo && cd repo &&
	person big >people/big.md &&
	sed -n "/^## /,\$p" people/big.md >chunk &&
	echo >>chunk &&
	while [ "$(wc -c <chunk)" -lt 52428800 ]; do
		cat chunk chunk >chunk2 && mv chunk2 chunk || exit 1
	done &&
	cat chunk >>people/big.md &&
	rm chunk &&
	head -c 52428800 people/big.md >big && mv big people/big.md &&
	test "$(wc -c <people/big.md)" -eq 52428800 &&
	LIMIT=5 &&
	lint_exit 1 people/big.md &&
	expect_out "people/big.md:1:1: error: file is 50.0 MiB, over the 16 MiB limit (move old sessions into an archive file outside people/) [too-large]" &&
	lint_exit 1 &&
	expect_out "people/big.md:1:1: error: file is 50.0 MiB, over the 16 MiB limit (move old sessions into an archive file outside people/) [too-large]" &&
	rm people/big.md
'

test_expect_success 'a valid file with a single 1 MiB line lints clean' '
	new_repo repo && cd repo &&
	{
		person alice | sed "/^### Next/,\$d" &&
		echo "### Wins" &&
		printf -- "- Shipped " &&
		yes "the billing migration" | head -c 1048576 | tr "\n" " " &&
		echo &&
		echo &&
		echo "### Next" &&
		echo "- Review the runbook"
	} >people/alice.md &&
	test "$(wc -L <people/alice.md)" -gt 1048576 &&
	lint_exit 0 people/alice.md &&
	test_must_be_empty out &&
	expect_err "thread lint: 1 file, no problems"
'

# ---- dates and transcript references ----

test_expect_success 'due:2026-02-30 and ## 2026-02-30 are date errors at the date' '
	new_repo repo && cd repo &&
	person alice | sed "s/due:2026-11-27/due:2026-02-30/; s/^## 2026-11-20/## 2026-02-30/" >people/alice.md &&
	lint_exit 1 people/alice.md &&
	expect_out \
		"people/alice.md:10:4: error: session date 2026-02-30 is not a real date (check the month and day) [date]" \
		"people/alice.md:13:32: error: due:2026-02-30 is not a real date (check the month and day) [date]"
'

test_expect_success '[t:0], [t:9-3], [t:999] and a reference with no Transcript: line' '
	new_repo repo && cd repo &&
	transcript &&
	cat >people/alice.md <<-\EOF &&
	---
	name: Alice Chen
	consent: recorded
	---

	# Alice Chen

	## 2026-11-13

	### Wins
	- Dry run passed [t:2]

	### Next
	- Cutover date

	## 2026-11-20
	Transcript: transcripts/alice/2026-11-20.txt

	### Wins
	- Shipped the migration [t:0]
	- Cutover went fine [t:9-3]
	- Old tables are read-only [t:999]
	- The last line [t:20] and the whole call [t:1-20] are fine

	### Next
	- Review the runbook
	EOF
	lint_exit 1 people/alice.md &&
	expect_out \
		"people/alice.md:11:18: error: [t:2] points into a transcript, but this session has no Transcript: line (add one under the session heading, or drop the reference) [transcript-range]" \
		"people/alice.md:20:25: error: [t:0]: transcript lines are numbered from 1 [transcript-range]" \
		"people/alice.md:21:21: error: [t:9-3]: the range 9-3 runs backwards (write 3-9) [transcript-range]" \
		"people/alice.md:22:28: error: [t:999]: line 999 is past the end of transcripts/alice/2026-11-20.txt, which has 20 lines [transcript-range]"
'

# ---- file names and links ----

test_expect_success 'a person file whose name is no handle: file-name' '
	new_repo repo && cd repo &&
	person alice >"people/Alice Chen.md" &&
	lint_exit 1 &&
	expect_out "people/Alice Chen.md:1:1: error: '\''Alice Chen'\'' is not a valid handle for a person file (rename it: lowercase letters, digits, '\''.'\'', '\''_'\'' or '\''-'\'', such as alice-chen.md) [file-name]" &&
	expect_err "thread lint: 1 error, 0 warnings in 3 files"
'

test_expect_success 'a symlink to outside the repository: symlink, and its content is never shown' '
	new_repo repo && cd repo &&
	mkdir ../outside &&
	printf -- "---\nname: SECRET-NAME\ncadence: SECRET-VALUE\n---\n\nSECRET-BODY [t:1]\n" >../outside/secret.md &&
	ln -s "$(cd ../outside && pwd)/secret.md" people/evil.md &&
	ln -s /etc/passwd people/passwd.md &&
	lint_exit 1 &&
	expect_out \
		"people/evil.md:1:1: error: this file leads outside the repository through a symlink; thread does not read it (copy the file in instead) [symlink]" \
		"people/passwd.md:1:1: error: this file leads outside the repository through a symlink; thread does not read it (copy the file in instead) [symlink]" &&
	lint_exit 1 people/evil.md people/passwd.md &&
	expect_out \
		"people/evil.md:1:1: error: this file leads outside the repository through a symlink; thread does not read it (copy the file in instead) [symlink]" \
		"people/passwd.md:1:1: error: this file leads outside the repository through a symlink; thread does not read it (copy the file in instead) [symlink]" &&
	! grep -e SECRET -e root: out err
'

test_expect_success 'a symlink to a file inside the repository is read like the file' '
	new_repo repo && cd repo &&
	ln -s alice.md people/al.md &&
	lint_exit 0 &&
	test_must_be_empty out &&
	expect_err "thread lint: 3 files, no problems"
'

test_expect_success 'a dangling symlink in people/: symlink' '
	new_repo repo && cd repo &&
	ln -s nobody.md people/ghost.md &&
	lint_exit 1 &&
	expect_out "people/ghost.md:1:1: error: symlink to a file that does not exist (remove it, or point it at a file in this repository) [symlink]"
'

test_expect_success 'a dangling symlink named on the command line: symlink, not a system error' '
	new_repo repo && cd repo &&
	ln -s nobody.md people/ghost.md &&
	lint_exit 1 people/ghost.md &&
	expect_out "people/ghost.md:1:1: error: symlink to a file that does not exist (remove it, or point it at a file in this repository) [symlink]"
'

test_expect_success 'a FIFO in people/ (named, or behind a symlink) does not hang lint' '
	new_repo repo && cd repo &&
	mkfifo people/pipe.md &&
	test_must_fail timeout 5 "$THREAD" lint people/pipe.md &&
	rm people/pipe.md &&
	mkfifo fifo &&
	ln -s ../fifo people/pipe.md &&
	test_must_fail timeout 5 "$THREAD" lint
'

# ---- .thread.yaml ----

test_expect_success '.thread.yaml with an unknown rule id: config at the key' '
	new_repo repo && cd repo &&
	printf "me: sam\nlint:\n  no-such-rule: off\n" >.thread.yaml &&
	lint_exit 1 &&
	expect_out ".thread.yaml:3:3: error: unknown rule '\''no-such-rule'\'' (thread lint --list-rules shows them) [config]" &&
	expect_err "thread lint: 1 error, 0 warnings in 2 files"
'

test_expect_success '.thread.yaml with overdue: error is refused, and overdue stays a warning' '
	new_repo repo && cd repo &&
	printf "me: sam\npeople: [infra-team, dave]\nlint:\n  overdue: error\n" >.thread.yaml &&
	person alice | sed "s/due:2026-11-27/due:2026-11-20/" >people/alice.md &&
	lint_exit 1 &&
	expect_out \
		".thread.yaml:4:12: error: overdue depends on today'\''s date, so it can be warning or off, not error [config]" \
		"people/alice.md:13:32: warning: open task is 1 day past its checkpoint 2026-11-20 (close it, or move due: and note why) [overdue]"
'

test_expect_success '.thread.yaml with invalid YAML: config at its line and column' '
	new_repo repo && cd repo &&
	printf "me: sam\npeople: [infra-team, dave]\nlint: overdue: off\n" >.thread.yaml &&
	lint_exit 1 &&
	expect_out ".thread.yaml:3:14: error: invalid YAML: mapping values are not allowed in this context [config]" &&
	lint_exit 1 .thread.yaml &&
	expect_out ".thread.yaml:3:14: error: invalid YAML: mapping values are not allowed in this context [config]"
'

test_expect_success '.thread.yaml with an unclosed [: config on a line of the file, not past its end' '
	new_repo repo && cd repo &&
	printf "me: sam\npeople: [infra-team, dave\n" >.thread.yaml &&
	lint_exit 1 &&
	grep "^\.thread\.yaml:2:[0-9]*: error: invalid YAML: .* \[config\]\$" out ||
	{ cat out; false; }
'

# ---- the command line ----

test_expect_success 'a path that does not exist: exit 2, named in the message' '
	new_repo repo && cd repo &&
	lint_exit 2 people/nobody.md &&
	test_must_be_empty out &&
	grep -Fx "thread lint: cannot lint people/nobody.md: No such file or directory" err
'

test_expect_success 'outside any repository: exit 2' '
	mkdir -p elsewhere/deeper && cd elsewhere/deeper &&
	lint_exit 2 &&
	test_must_be_empty out &&
	expect_err "thread lint: not inside a thread repository (no .thread.yaml or people/ in this folder or above); run it from one, or name a path"
'

test_expect_success '--today 2026-13-01 (and THREAD_TODAY=2026-02-30): exit 2' '
	new_repo repo && cd repo &&
	lint_exit 2 --today 2026-13-01 &&
	test_must_be_empty out &&
	expect_err "thread lint: --today '\''2026-13-01'\'' is not a date; write YYYY-MM-DD" &&
	THREAD_TODAY=2026-02-30 lint_exit 2 &&
	test_must_be_empty out &&
	expect_err "thread lint: THREAD_TODAY '\''2026-02-30'\'' is not a date; write YYYY-MM-DD"
'

test_expect_success 'an unknown option: exit 2, usage on stderr' '
	new_repo repo && cd repo &&
	lint_exit 2 --bogus &&
	test_must_be_empty out &&
	sed -n 1p err >line1 && echo "thread lint: unknown option '\''--bogus'\''" >expect &&
	test_cmp expect line1 &&
	sed -n 2p err | grep -q "^usage: thread lint " &&
	grep -q -- "--list-rules" err &&
	lint_exit 2 -z &&
	sed -n 1p err >line1 && echo "thread lint: unknown option '\''-z'\''" >expect &&
	test_cmp expect line1
'

test_expect_success 'people/ itself a symlink to outside: every file refused, nothing shown' '
	new_repo repo && mkdir outside && cd repo &&
	printf -- "---\nname: SECRET-NAME\ncadence: SECRET-VALUE\n---\n" >../outside/x.md &&
	rm -r people && ln -s "$(cd ../outside && pwd)" people &&
	lint_exit 1 &&
	expect_out "people/x.md:1:1: error: this file leads outside the repository through a symlink; thread does not read it (copy the file in instead) [symlink]" &&
	! grep SECRET out err
'

test_expect_success 'settings problems show when only person files are named' '
	new_repo repo && cd repo &&
	printf "me: sam\nlint:\n  owner: loud\n" >.thread.yaml &&
	lint_exit 1 people/alice.md &&
	expect_out ".thread.yaml:3:10: error: owner must be error, warning or off [config]" &&
	expect_err "thread lint: 1 error, 0 warnings in 2 files" &&
	lint_exit 1 people &&
	expect_out ".thread.yaml:3:10: error: owner must be error, warning or off [config]"
'

test_expect_success 'a system error is not followed by a "no problems" summary' '
	new_repo repo && cd repo &&
	lint_exit 2 people/nobody.md &&
	test_must_be_empty out &&
	expect_err "thread lint: cannot lint people/nobody.md: No such file or directory"
'

test_expect_success 'cmark'"'"'s quadratic brackets (CVE-2023-22486), last in the file: too-complex, at once' '
	new_repo repo && cd repo &&
	{ printf -- "---\nname: Zed\n---\n\n## 2026-11-20\n\n### Wins\n- "; perl -e "print q(![[]\(\)) x 170000, qq(\n)"; } >people/zed.md &&
	lint_exit 1 people/zed.md &&
	expect_out "people/zed.md:8:1: error: this paragraph holds 340000 '"'"'['"'"': Markdown shaped like this takes too long to read (split it up, or move it out of people/) [too-complex]"
'

test_done
