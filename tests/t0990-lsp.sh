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

test_expect_success 'thread lsp takes no arguments but --stdio, and says so' '
	test_exit 2 thread lsp --tcp 2>err </dev/null &&
	grep "unknown option" err &&
	test_exit 1 thread lsp --stdio </dev/null &&
	test_exit 2 thread lsp people/alice.md 2>err </dev/null &&
	grep "takes no arguments; an editor starts it" err &&
	thread lsp --help >out &&
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
