#!/bin/sh
# thread lsp with a real client: Neovim, headless, its built-in LSP client
# started by tests/lsp/nvim-init.lua, on the person files of a real
# repository.  What Neovim shows is what thread lint reports.

. "$(dirname "$0")/test-lib.sh"

if ! command -v nvim >/dev/null 2>&1; then
	echo "1..0 # SKIP no nvim (scripts/setup.sh installs Debian's neovim)"
	exit 0
fi

INIT="$TEST_DIR/lsp/nvim-init.lua"

# nvim FILE EX-COMMAND: open FILE in the repository, run the command, quit.
nvim_run() {
	(cd "$ROOT" && HOME="$TRASH/home" XDG_CONFIG_HOME="$TRASH/home/.config" \
		XDG_DATA_HOME="$TRASH/home/.local/share" XDG_STATE_HOME="$TRASH/home/.local/state" \
		timeout 60 nvim --headless -n -i NONE -u "$INIT" "$1" \
		-c "$2" -c "qall!" </dev/null)
}

flawed_repo() {
	cp -R "$SRC_DIR/examples/flawed" repo &&
	rm repo/people/gus.md &&
	cat >repo/people/zoe.md <<-\EOF2 &&
	---
	name: Zoë Ångström
	---

	## 2026-11-19 Café ☕

	### Tasks
	- [ ] 🚀 Ship the naïve build — @ghost due:2026-11-02
	EOF2
	(cd repo && git init -q . && git add . && git commit -q -m start) &&
	ROOT=$(cd repo && pwd -P) && export ROOT THREAD
}

# lint's findings for one file, sorted as the init file sorts them.
lint_of() {
	(cd "$ROOT" && "$THREAD" lint "$1" 2>/dev/null) | grep "^$1:" | sort
}

test_expect_success 'Neovim shows thread lint'"'"'s findings, at the same lines and columns' '
	flawed_repo &&
	for f in ben chloe dmitri hana zoe; do
		nvim_run people/$f.md "lua ThreadDiagnostics(\"$PWD/$f.nvim\")" &&
		lint_of people/$f.md >$f.lint &&
		test -s $f.lint &&
		test_cmp $f.lint $f.nvim || return 1
	done &&
	grep -F "people/zoe.md:8:38: error: @ghost is not a known handle" zoe.nvim
'

test_expect_success 'Neovim shows findings of the settings file too' '
	flawed_repo &&
	nvim_run .thread.yaml "lua ThreadDiagnostics(\"$PWD/cfg.nvim\")" &&
	echo ".thread.yaml:13:3: error: unknown rule '"'"'done_when'"'"' (thread lint --list-rules shows them) [config]" >expect &&
	test_cmp expect cfg.nvim
'

# The code actions (issue 16): Neovim asks for the actions at a finding,
# applies the first, saves; the file then has exactly the line the
# action wrote, every other line as it was, and lint no longer reports
# the finding (a Done when: line still waits for its text).
test_expect_success 'Neovim applies a code action: the Done when: line of a task' '
	flawed_repo &&
	lint_of people/ben.md | grep "\[done-when\]" >before &&
	test $(wc -l <before) -eq 1 &&
	nvim_run people/ben.md "lua ThreadCodeAction(\"done-when\", \"$PWD/title\")" &&
	echo "Add a Done when: line" >expect && test_cmp expect title &&
	lint_of people/ben.md >after &&
	! grep "no definition of done" after &&
	grep "empty .Done when:. line.*\[done-when\]" after &&
	git -C "$ROOT" diff -U0 people/ben.md | grep "^[-+]" >diff &&
	printf "%s\n" "--- a/people/ben.md" "+++ b/people/ben.md" "+  Done when: " >expect &&
	test_cmp expect diff
'

test_expect_success 'Neovim applies the escalate: quick fix: two working days after due:' '
	flawed_repo &&
	lint_of people/dmitri.md | grep ":21:3: .*\[ask-escalation\]" &&
	nvim_run people/dmitri.md "lua ThreadCodeAction(\"ask-escalation\", \"$PWD/title\")" &&
	echo "Add escalate:2026-11-27 (2 working days after due:)" >expect && test_cmp expect title &&
	git -C "$ROOT" diff -U0 people/dmitri.md | grep "^[-+]" >diff &&
	cat >expect <<-\EOF2 &&
	--- a/people/dmitri.md
	+++ b/people/dmitri.md
	-  - [ ] ask: Approve the firewall rule for the new node pool @security due:2026-11-25
	+  - [ ] ask: Approve the firewall rule for the new node pool @security due:2026-11-25 escalate:2026-11-27
	EOF2
	test_cmp expect diff &&
	lint_of people/dmitri.md >after &&
	! grep "\[ask-escalation\]" after
'

test_done
