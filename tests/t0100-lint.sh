#!/bin/bash
# thread lint, end to end: the command line, repository discovery, output
# formats, exit status, settings, and use as a git pre-commit hook.
. "$(dirname "$0")/test-lib.sh"

# json_get FILE EXPR: evaluate a Perl expression on the parsed JSON ($j).
json_get() {
	perl -MJSON::PP -e 'local $/; open my $f, "<", $ARGV[0] or die; my $j = decode_json(<$f>); print eval($ARGV[1]), "\n"; die $@ if $@' "$1" "$2"
}

# A person with one error (ask without escalate:) and one warning (no Done when:).
flawed_person() {
	cat <<'EOF2'
---
name: Bob
consent: notes-only
---

## 2026-11-20

### Asks
- [ ] Grant access @infra-team due:2026-11-24
  Done when: bob can log in

### Tasks
- [ ] Draft the plan @bob due:2026-11-27

### Next
- The access ask
EOF2
}

test_expect_success 'version and help' '
	thread --version >out &&
	grep -Eqx "thread [0-9]+\.[0-9]+\.[0-9]+" out &&
	thread --help >out &&
	grep -q "^    lint " out &&
	thread help lint >out && grep -q -- "--format <FORMAT>" out &&
	thread lint -h >out2 && grep -q -- "--today <DATE>" out2 &&
	thread lint --help >out3 && test_cmp out2 out3
'

test_expect_success 'usage errors exit 2 with a message on stderr' '
	test_exit 2 thread >out 2>err && test ! -s out && grep -q "^usage: thread" err &&
	test_exit 2 thread frobnicate 2>err &&
	grep -Fqx "thread: '\''frobnicate'\'' is not a thread command; see '\''thread --help'\''" err &&
	test_exit 2 thread lint --bogus 2>err && grep -q "unknown option" err &&
	grep -q "^usage: thread lint" err &&
	test_exit 2 thread lint --format xml 2>err &&
	grep -Fq "must be text or json, not '\''xml'\''" err
'

test_expect_success 'a clean repository: exit 0, nothing on stdout, a summary on stderr' '
	new_repo r &&
	(cd r && thread lint >../out 2>../err) &&
	test ! -s out &&
	echo "thread lint: 2 files, no problems" >expect && test_cmp expect err
'

test_expect_success 'the repository is found from a subfolder, paths shown from there' '
	new_repo r && flawed_person >r/people/bob.md &&
	(cd r/people && test_exit 1 thread lint >../../out 2>/dev/null) &&
	grep -q "^\.\./people/bob\.md:" out && ! grep -q "^people/" out
'

test_expect_success 'findings: sorted by file and line, exit 1, counted on stderr' '
	new_repo r && flawed_person >r/people/bob.md &&
	(cd r && test_exit 1 thread lint >../out 2>../err) &&
	cat >expect <<-\EOF2 &&
	people/bob.md:9:1: error: ask has no escalation checkpoint (add escalate:YYYY-MM-DD) [ask-escalation]
	people/bob.md:13:1: warning: task has no definition of done (add a '\''Done when:'\'' line under it) [done-when]
	EOF2
	test_cmp expect out &&
	echo "thread lint: 1 error, 1 warning in 3 files" >expect && test_cmp expect err
'

test_expect_success 'warnings alone exit 0; -q drops the summary' '
	new_repo r && flawed_person | sed "s/due:2026-11-24/due:2026-11-24 escalate:2026-11-26/" >r/people/bob.md &&
	(cd r && thread lint -q >../out 2>../err) &&
	grep -q "\[done-when\]" out && test ! -s err
'

test_expect_success 'no repository: exit 2 with advice' '
	mkdir empty && (cd empty && test_exit 2 thread lint 2>../err) &&
	grep -q "not inside a thread repository" err
'

test_expect_success '--format json is one document with the same findings' '
	new_repo r && flawed_person >r/people/bob.md &&
	(cd r && test_exit 1 thread lint --format json >../out 2>../err) &&
	test ! -s err &&
	test "$(json_get out "\$j->{errors}")" = 1 &&
	test "$(json_get out "\$j->{warnings}")" = 1 &&
	test "$(json_get out "\$j->{files}")" = 3 &&
	test "$(json_get out "\$j->{diagnostics}[0]{file}")" = people/bob.md &&
	test "$(json_get out "\$j->{diagnostics}[0]{line}")" = 9 &&
	test "$(json_get out "\$j->{diagnostics}[0]{column}")" = 1 &&
	test "$(json_get out "\$j->{diagnostics}[0]{rule}")" = ask-escalation &&
	test "$(json_get out "\$j->{diagnostics}[0]{severity}")" = error &&
	test "$(json_get out "\$j->{diagnostics}[1]{message}")" = "task has no definition of done (add a '\''Done when:'\'' line under it)"
'

test_expect_success '--format json on a clean repository' '
	new_repo r && (cd r && thread lint --format json >../out) &&
	test "$(json_get out "scalar(@{\$j->{diagnostics}})")" = 0
'

test_expect_success 'paths: a file, a folder, a repository, as given' '
	new_repo r && flawed_person >r/people/bob.md &&
	test_exit 1 thread lint r/people/bob.md >out 2>/dev/null &&
	grep -q "^r/people/bob.md:9:1: " out &&
	test_exit 1 thread lint r/people/ >out 2>err &&
	grep -q "^r/people/bob.md:9:1: " out && grep -q "in 2 files" err &&
	test_exit 1 thread lint r >out 2>err &&
	grep -q "^r/people/bob.md:9:1: " out && grep -q "in 3 files" err &&
	thread lint r/people/alice.md 2>err && grep -q "1 file, no problems" err &&
	test_exit 2 thread lint r/people/nobody.md 2>err &&
	grep -q "cannot lint r/people/nobody.md: No such file or directory" err
'

test_expect_success '.thread.yaml lint: overrides a rule to warning or off' '
	new_repo r && flawed_person >r/people/bob.md &&
	printf "me: sam\npeople: [infra-team]\nlint:\n  ask-escalation: warning\n  done-when: off\n" >r/.thread.yaml &&
	(cd r && thread lint >../out 2>/dev/null) &&
	grep -q "warning: ask has no escalation checkpoint" out &&
	! grep -q done-when out
'

test_expect_success 'unknown-handle knows person files, me, @me and people:' '
	new_repo r &&
	sed "s/@alice due/@sam due/" r/people/alice.md >r/people/carol.md &&
	sed "s/@alice due/@me due/" r/people/alice.md >r/people/dan.md &&
	sed "s/@alice due/@infra-team due/" r/people/alice.md >r/people/erin.md &&
	sed "s/@alice due/@carol due/" r/people/alice.md >r/people/finn.md &&
	sed "s/@alice due/@Alice due/" r/people/alice.md >r/people/gus.md &&
	sed "s/@alice due/@zed due/" r/people/alice.md >r/people/hal.md &&
	(cd r && test_exit 1 thread lint >../out 2>/dev/null) &&
	cat >expect <<-\EOF2 &&
	people/gus.md:13:25: error: @Alice is not a known handle (handles are lowercase: write @alice) [unknown-handle]
	people/hal.md:13:25: error: @zed is not a known handle (add people/zed.md, or list it under people: in .thread.yaml) [unknown-handle]
	EOF2
	test_cmp expect out
'

test_expect_success 'time rules are warnings and follow --today and THREAD_TODAY' '
	new_repo r &&
	(cd r && THREAD_TODAY=2026-12-10 thread lint >../out 2>/dev/null) &&
	grep -Fq "people/alice.md:13:32: warning: open task is 13 days past its checkpoint 2026-11-27" out &&
	grep -q "\[cadence\]" out &&
	(cd r && THREAD_TODAY=2026-12-10 thread lint --today 2026-11-22 >../out 2>/dev/null) &&
	test ! -s out &&
	(cd r && test_exit 2 thread lint --today 2026-13-01 2>../err) &&
	grep -q "is not a date" err
'

test_expect_success 'colour only when asked or on a terminal, never with NO_COLOR' '
	new_repo r && flawed_person >r/people/bob.md &&
	(cd r && test_exit 1 thread lint >../plain 2>/dev/null) &&
	! grep -q "$(printf "\033")" plain &&
	(cd r && test_exit 1 thread lint --color=always >../color 2>/dev/null) &&
	grep -q "$(printf "\033")\[1;31merror" color &&
	(cd r && NO_COLOR=1 test_exit 1 thread lint --color=always >../nocolor 2>/dev/null) &&
	test_cmp plain nocolor
'

test_expect_success '--list-rules lists every rule, with the settings applied' '
	new_repo r && printf "lint:\n  cadence: off\n" >r/.thread.yaml &&
	(cd r && thread lint --list-rules >../out) &&
	test $(wc -l <out) -ge 25 &&
	grep -Eq "^cadence +off " out && grep -Eq "^owner +error " out &&
	(cd r && thread lint --list-rules --format json >../out.json) &&
	test "$(json_get out.json "scalar(@\$j)")" = "$(wc -l <out)"
'

test_expect_success 'output that cannot be written is an error, for every command' '
	new_repo r && cd r &&
	test_exit 2 thread lint --format json >/dev/full 2>../err &&
	grep -q "thread lint: cannot write the output: No space left on device" ../err &&
	test_exit 2 thread open >/dev/full 2>../err &&
	grep -q "thread open: cannot write the output" ../err &&
	test_exit 2 thread prep alice >/dev/full 2>../err &&
	test_exit 2 thread --help >/dev/full 2>/dev/null &&
	thread lint >/dev/full 2>/dev/null    # nothing to write: nothing lost
'

test_expect_success 'as a pre-commit hook, lint blocks a commit with errors' '
	new_repo r &&
	printf "#!/bin/sh\nexec \"%s\" lint -q\n" "$THREAD" >r/.git/hooks/pre-commit &&
	chmod +x r/.git/hooks/pre-commit &&
	flawed_person >r/people/bob.md && git -C r add people/bob.md &&
	test_must_fail git -C r commit -q -m "add bob" 2>err &&
	grep -q "\[ask-escalation\]" err &&
	test "$(git -C r rev-list --count HEAD)" = 1 &&
	sed -i "s/due:2026-11-24/due:2026-11-24 escalate:2026-11-26/" r/people/bob.md &&
	git -C r add people/bob.md && git -C r commit -q -m "add bob" &&
	test "$(git -C r rev-list --count HEAD)" = 2
'

test_done
