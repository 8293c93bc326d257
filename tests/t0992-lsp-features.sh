#!/bin/sh
# thread lsp's editor features (issue 16): completion, hover, go to
# definition and code actions, in scripted sessions played by
# tests/lsp-driver.pl and checked answer by answer
# (tests/lsp-features/*.session, on the repository of repo.sh); and each
# code action applied, to see that it changes only its line and that
# lint then no longer reports what it fixed.

. "$(dirname "$0")/test-lib.sh"

DRIVER="$TEST_DIR/lsp-driver.pl"
. "$TEST_DIR/lsp-features/repo.sh"

# play NAME: the session, its OPEN lines made didOpen messages of the files.
play() {
	while IFS= read -r line; do
		case $line in
		"OPEN "*) open_line "${line#OPEN }" ;;
		*) printf "%s\n" "$line" ;;
		esac
	done <"$TEST_DIR/lsp-features/$1.session" >"$1.s" &&
	perl "$DRIVER" "$1.s" "$THREAD" lsp
}

test_expect_success 'completion: handles with names, tags in use, dates typed and proposed, sections, Done when:' '
	feature_repo && play complete
'

# A tag used only in a win (or a note) of another file is in use; one
# used only under a Private heading is not.  A date is offered once
# whatever the reasons for it, and after escalate: none before the due:.
test_expect_success 'completion: tags of every bullet, each date once, escalate: not before due:' '
	feature_repo &&
	cat >>repo/people/carol.md <<-\EOF2 &&
	### Wins
	- Ran the cutover drill with the on-call team #cutover

	### Private
	- Worried about #layoffs rumours
	EOF2
	{
		sed -n 4,6p "$TEST_DIR/lsp-features/complete.session" &&
		open_line people/alice.md &&
		cat <<-\EOF2
		send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file://$ROOT/people/alice.md","version":2},"contentChanges":[{"range":{"start":{"line":29,"character":0},"end":{"line":29,"character":0}},"text":"- [ ] Ask #\n- [ ] Ask @dave due:2026-12-15 escalate:\n"}]}}
		send {"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":{"textDocument":{"uri":"file://$ROOT/people/alice.md"},"position":{"line":29,"character":11}}}
		send {"jsonrpc":"2.0","id":3,"method":"textDocument/completion","params":{"textDocument":{"uri":"file://$ROOT/people/alice.md"},"position":{"line":30,"character":40}}}
		print 3
		send {"jsonrpc":"2.0","method":"exit"}
		exit 1
		EOF2
	} >s &&
	perl "$DRIVER" s "$THREAD" lsp >out &&
	grep "\"id\":2," out >tags &&
	grep "\"label\":\"cutover\"" tags &&
	grep "\"label\":\"access\"" tags &&
	! grep "layoffs" tags &&
	grep "\"id\":3," out >esc &&
	grep -o "\"label\":\"[0-9-]*\"" esc >labels &&
	echo "\"label\":\"2026-12-17\"" >expect &&
	test_cmp expect labels
'

test_expect_success 'hover: transcript lines, a person and their shared open items, a date, a finding explained' '
	feature_repo && play hover
'

# bob.md has "- [ ] Talk about the reorg @me ... #reorg" under Private.
test_expect_success 'neither hover on @bob nor # completion shows what is under his Private heading' '
	feature_repo && grep -F "#reorg" repo/people/bob.md &&
	grep -F "Open items" "$TEST_DIR/lsp-features/hover.session" >hover &&
	grep -F "Land the ledger rewrite" hover &&
	! grep -F "reorg" hover &&
	grep -F "\"label\":\"payments\"" "$TEST_DIR/lsp-features/complete.session" >tags &&
	! grep -F "reorg" tags
'

# The hover on @dave lists his ask in alice.md; one on him under Carol's
# Private heading stays out (the answers are the same as without it).
test_expect_success 'hover on @handle: open items on it in any file, none under a Private heading' '
	feature_repo &&
	cat >>repo/people/carol.md <<-\EOF2 &&
	### Private
	- [ ] ask: quietly check whether the reorg lands on him @dave due:2026-11-30 escalate:2026-12-02
	  Done when: I know
	EOF2
	play hover &&
	grep -F "people/alice.md:22" "$TEST_DIR/lsp-features/hover.session" | grep -F "(@dave)"
'

test_expect_success 'go to definition: [t:N], @handle, a Review line' '
	feature_repo && play definition
'

test_expect_success 'a Review line to the Next list it came from; Why: under a priority; names follow the buffers' '
	feature_repo && play more &&
	grep -c "\"detail\":\"Bob Li\"" "$TEST_DIR/lsp-features/more.session" >n && echo 2 >two && test_cmp two n
'

test_expect_success 'code actions: each quick fix, the cited reference, check off, accept a draft' '
	feature_repo && play actions
'

# The answers of the actions session, each applied to the file: the diff
# is exactly the line (or the lines inserted) the action names.
test_expect_success 'each code action changes only the line it names, and lint agrees' '
	feature_repo &&
	grep "^recv {\"id\":7," "$TEST_DIR/lsp-features/actions.session" | sed "s/^recv //" >answer &&
	cp repo/people/alice.md alice.md &&
	perl "$TEST_DIR/lsp-features/apply-actions.pl" alice.md <answer >got &&
	cat >expect <<-\EOF2 &&
	== Add a Done when: line
	26a27
	>   Done when: 
	== Change @alcie to @alice
	26c26
	< - [ ] Write the rollback runbook @alcie due:2026-11-27
	---
	> - [ ] Write the rollback runbook @alice due:2026-11-27
	== Accept the draft line (remove (draft))
	27c27
	< - [ ] Reply to the survey @alice due:2026-11-23 [t:3] (draft)
	---
	> - [ ] Reply to the survey @alice due:2026-11-23 [t:3]
	== Cite the transcript: [t:6]
	26c26
	< - [ ] Write the rollback runbook @alcie due:2026-11-27
	---
	> - [ ] Write the rollback runbook @alcie due:2026-11-27 [t:6]
	== Check the item off
	26c26
	< - [ ] Write the rollback runbook @alcie due:2026-11-27
	---
	> - [x] Write the rollback runbook @alcie due:2026-11-27
	== Check the item off
	27c27
	< - [ ] Reply to the survey @alice due:2026-11-23 [t:3] (draft)
	---
	> - [x] Reply to the survey @alice due:2026-11-23 [t:3] (draft)
	EOF2
	test_cmp expect got &&
	(cd repo && test_exit 1 thread lint people/alice.md >../before) &&
	for n in 1 2 3 4; do
		cp alice.md.$n repo/people/alice.md &&
		(cd repo && test_exit 1 thread lint people/alice.md >../after.$n) || return 1
	done &&
	grep ":26:.*no definition of done.*\[done-when\]" before &&
	! grep ":26:.*no definition of done" after.1 &&
	grep ":26:.*empty .Done when:. line.*\[done-when\]" after.1 &&
	grep "\[unknown-handle\]" before && ! grep "\[unknown-handle\]" after.2 &&
	grep "\[draft-unreviewed\]" before && ! grep "\[draft-unreviewed\]" after.3 &&
	grep "\[uncited\]" before && ! grep "\[uncited\]" after.4
'

test_expect_success 'the escalate: quick fix: two working days after due:, and lint agrees' '
	feature_repo &&
	grep "^recv {\"id\":4," "$TEST_DIR/lsp-features/actions.session" | sed "s/^recv //" >answer &&
	cp repo/people/alice.md alice.md &&
	perl "$TEST_DIR/lsp-features/apply-actions.pl" alice.md <answer >got &&
	grep -Fx "> - [ ] Grant prod read access for alice @dave due:2026-11-24 escalate:2026-11-26 [t:5]" got &&
	cp alice.md.1 repo/people/alice.md &&
	(cd repo && test_exit 1 thread lint people/alice.md >../after) &&
	! grep "\[ask-escalation\]" after && ! grep ":22:.*\[escalation-order\]" after &&
	test $(wc -l <after) -eq 5
'

test_done
