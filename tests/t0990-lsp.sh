#!/bin/sh
# thread lsp: scripted protocol sessions played by tests/lsp-driver.pl and
# checked answer by answer (tests/lsp/*.session), and the diagnostics of a
# real repository compared with thread lint's findings.

. "$(dirname "$0")/test-lib.sh"

DRIVER="$TEST_DIR/lsp-driver.pl"

# The repository the sessions expect (see their first lines).
session_repo() {
	mkdir -p repo/people outside &&
	printf "me: sam\n" >repo/.thread.yaml &&
	printf -- "---\nname: Alice Chen\n---\n" >repo/people/alice.md &&
	printf -- "---\nname: Chris\n---\n" >repo/people/chris.md &&
	echo "a note kept elsewhere" >outside/evil.md &&
	ln -s "$PWD/outside/evil.md" repo/people/evil.md &&
	ROOT=$(cd repo && pwd -P) OUTSIDE=$(cd outside && pwd -P) &&
	export ROOT OUTSIDE
}

test_expect_success 'a session: initialize, open, incremental edits, unsaved files seen across, outline, shutdown, exit' '
	session_repo &&
	perl "$DRIVER" "$TEST_DIR/lsp/happy.session" "$THREAD" lsp
'

test_expect_success 'malformed and hostile input: errors as the protocol says, never a crash or a hang' '
	session_repo &&
	perl "$DRIVER" "$TEST_DIR/lsp/malformed.session" "$THREAD" lsp
'

test_expect_success 'exit without shutdown exits 1; the end of input too' '
	session_repo &&
	cat >s <<-\EOF2 &&
	send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}
	recv {"id":1,"jsonrpc":"2.0","result":{"capabilities":{"codeActionProvider":{"codeActionKinds":["quickfix"]},"completionProvider":{"triggerCharacters":["@","#",":"]},"definitionProvider":true,"documentSymbolProvider":true,"hoverProvider":true,"positionEncoding":"utf-16","textDocumentSync":{"change":2,"openClose":true,"save":{"includeText":false}}},"serverInfo":{"name":"thread","version":"0.1.0"}}}
	send {"jsonrpc":"2.0","method":"exit"}
	exit 1
	EOF2
	perl "$DRIVER" s "$THREAD" lsp &&
	printf "exit 1\n" >eof &&
	perl "$DRIVER" eof "$THREAD" lsp
'

# [t:N] is checked against the transcript as the editor holds it: a line
# cited before the transcript buffer has it is past its end; once the
# unsaved buffer has the line, the finding goes; closed, it is back.
test_expect_success 'a transcript open in the editor takes the place of its file' '
	session_repo &&
	mkdir -p repo/transcripts/alice &&
	printf "[00:00:01] Sam: Hi.\n[00:00:04] Alice: The launch slipped.\n" \
		>repo/transcripts/alice/2026-11-20.txt &&
	cat >s <<-\EOF2 &&
	send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://$ROOT"}}
	recv {"id":1,"jsonrpc":"2.0","result":{"capabilities":{"codeActionProvider":{"codeActionKinds":["quickfix"]},"completionProvider":{"triggerCharacters":["@","#",":"]},"definitionProvider":true,"documentSymbolProvider":true,"hoverProvider":true,"positionEncoding":"utf-16","textDocumentSync":{"change":2,"openClose":true,"save":{"includeText":false}}},"serverInfo":{"name":"thread","version":"0.1.0"}}}
	send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file://$ROOT/people/alice.md","version":1,"text":"---\nname: Alice Chen\nconsent: recorded\n---\n\n## 2026-11-20\nTranscript: transcripts/alice/2026-11-20.txt\n\n### Wins\n- the launch, at last [t:3]\n\n### Next\n- the retro\n"}}}
	recv {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"diagnostics":[{"code":"transcript-range","message":"[t:3]: line 3 is past the end of transcripts/alice/2026-11-20.txt, which has 2 lines","range":{"end":{"character":27,"line":9},"start":{"character":22,"line":9}},"severity":1,"source":"thread"}],"uri":"file://$ROOT/people/alice.md","version":1}}
	send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file://$ROOT/transcripts/alice/2026-11-20.txt","version":1,"text":"[00:00:01] Sam: Hi.\n[00:00:04] Alice: The launch slipped.\n"}}}
	send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file://$ROOT/transcripts/alice/2026-11-20.txt","version":2},"contentChanges":[{"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":0}},"text":"[00:00:09] Alice: It shipped.\n"}]}}
	recv {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"diagnostics":[],"uri":"file://$ROOT/people/alice.md","version":1}}
	send {"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file://$ROOT/transcripts/alice/2026-11-20.txt"}}}
	recv {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"diagnostics":[],"uri":"file://$ROOT/transcripts/alice/2026-11-20.txt"}}
	recv {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"diagnostics":[{"code":"transcript-range","message":"[t:3]: line 3 is past the end of transcripts/alice/2026-11-20.txt, which has 2 lines","range":{"end":{"character":27,"line":9},"start":{"character":22,"line":9}},"severity":1,"source":"thread"}],"uri":"file://$ROOT/people/alice.md","version":1}}
	send {"jsonrpc":"2.0","method":"exit"}
	exit 1
	EOF2
	perl "$DRIVER" s "$THREAD" lsp
'

# The Neovim 0.7 configuration of thread-lsp(1), as printed there, in the
# Neovim at hand (0.7 on Debian): a person file gets the server's
# findings, and a transcript's buffer is attached too, so that its
# unsaved text is what [t:N] is checked against.
command -v nvim >/dev/null 2>&1 &&
test_expect_success 'the Neovim 0.7 configuration of the man page works' '
	session_repo &&
	mkdir -p repo/transcripts/alice home &&
	printf "[00:00:01] Sam: Hi.\n" >repo/transcripts/alice/2026-11-20.txt &&
	printf -- "---\nname: Alice Chen\nconsent: recorded\n---\n\n## 2026-11-20\nTranscript: transcripts/alice/2026-11-20.txt\n\n### Wins\n- the launch [t:2]\n\n### Next\n- the retro\n" >repo/people/alice.md &&
	sed -n "/attach each buffer to it:/,/^\.Ed/p" "$SRC_DIR/man/thread-lsp.1" |
		sed -e "1,2d" -e "\$d" >init.lua &&
	grep -F "vim.lsp.start_client" init.lua &&
	cat >check.lua <<-\EOF2 &&
	local buf = vim.api.nvim_get_current_buf()
	vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
	local out = {}
	for _, d in ipairs(vim.diagnostic.get(buf)) do
	  table.insert(out, (d.code or d.user_data.lsp.code) .. " " .. (d.lnum + 1))
	end
	vim.cmd("edit transcripts/alice/2026-11-20.txt")
	local t = vim.api.nvim_get_current_buf()
	vim.wait(5000, function() return #vim.lsp.buf_get_clients(t) > 0 end, 20)
	vim.api.nvim_buf_set_lines(t, 1, 1, false, { "[00:00:04] Alice: It shipped." })
	vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
	table.insert(out, "after the edit: " .. #vim.diagnostic.get(buf))
	vim.fn.writefile(out, os.getenv("OUT"))
	EOF2
	T=$PWD &&
	(cd repo && OUT="$T/got" HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" \
		XDG_DATA_HOME="$T/home/.local/share" XDG_STATE_HOME="$T/home/.local/state" \
		timeout 60 nvim --headless -n -i NONE -u "$T/init.lua" people/alice.md \
		-c "luafile $T/check.lua" -c "qall!" </dev/null) &&
	printf "%s\n" "transcript-range 10" "after the edit: 0" >expect &&
	test_cmp expect got
'

test_expect_success 'thread lsp takes no arguments but --stdio, and says so' '
	test_exit 2 thread lsp --tcp 2>err </dev/null &&
	grep "unknown option" err &&
	test_exit 1 thread lsp --stdio </dev/null &&
	test_exit 2 thread lsp people/alice.md 2>err </dev/null &&
	grep "takes no arguments; an editor starts it" err &&
	thread lsp --help >out &&
	grep "usage: thread lsp" out &&
	thread lsp -h >out </dev/null &&
	grep "usage: thread lsp" out
'

# Every file of the practice repository, opened as an editor opens it:
# the diagnostics are lint's findings, at the same places (UTF-16), with
# the same rule, severity and message, zoe.md's UTF-16 columns
# differing from its byte columns.  gus.md is left out: its stray
# byte is not UTF-8, which no editor can send over the protocol.
test_expect_success 'the diagnostics of examples/flawed are thread lint'"'"'s findings' '
	cp -R "$SRC_DIR/examples/flawed" repo &&
	rm repo/people/gus.md repo/README &&
	cat >repo/people/zoe.md <<-\EOF2 &&
	---
	name: Zoë Ångström
	---

	## 2026-11-19 Café ☕

	### Tasks
	- [ ] 🚀 Ship the naïve build — @ghost due:2026-11-02
	EOF2
	ROOT=$(cd repo && pwd -P) && export ROOT &&
	{
		echo "send {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"rootUri\":\"file://\$ROOT\"}}" &&
		echo "print 1" &&
		echo "open .thread.yaml" && echo "print 1" &&
		for f in repo/people/*.md; do
			echo "open people/${f#repo/people/}" && echo "print 1" || return 1
		done &&
		echo "send {\"jsonrpc\":\"2.0\",\"method\":\"exit\"}" &&
		echo "exit 1"
	} >s &&
	perl "$DRIVER" s "$THREAD" lsp >printed &&
	test $(grep -c publishDiagnostics printed) -eq $(ls repo/people | wc -l | awk "{print \$1 + 1}") &&
	perl "$TEST_DIR/lsp/lint-json-to-lsp.pl" --lsp "$ROOT" <printed >got &&
	(cd repo && test_exit 1 "$THREAD" lint --format json >../lint.json) &&
	perl "$TEST_DIR/lsp/lint-json-to-lsp.pl" "$ROOT" <lint.json >want &&
	test $(wc -l <want) -ge 25 &&
	grep -q " unknown-handle " want && grep -q " transcript-range " want &&
	grep -q "^people/Jo Smith.md 0 0 1 file-name " want &&
	grep -q "^people/zoe.md 7 32 1 unknown-handle @ghost" want &&
	test_cmp want got
'

test_done
