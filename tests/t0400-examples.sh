#!/bin/bash
# The example team lints clean; the flawed example shows every rule, exactly
# as in tests/golden/examples-flawed.out (GOLDEN_UPDATE=1 rewrites it).
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'the example team lints clean: no output at all' '
	(cd "$SRC_DIR" && thread lint examples >"$OLDPWD/out" 2>"$OLDPWD/err") &&
	test ! -s out &&
	grep -Fqx "thread lint: 6 files, no problems" err
'

test_expect_success 'the example team has the promised shape' '
	ls "$SRC_DIR"/examples/people/*.md >people && test $(wc -l <people) -ge 5 &&
	for f in $(cat people); do
		n=$(grep -c "^## 20[0-9][0-9]-" "$f") &&
		test "$n" -ge 6 || { echo "$f has $n sessions"; exit 1; }
	done &&
	for s in Review Wins Blockers Priorities Tasks Asks Feedback Growth Decisions Risks Private Next; do
		grep -qh "^### $s" $(cat people) || { echo "no $s section"; exit 1; }
	done &&
	grep -qh "\[t:[0-9]" $(cat people) &&
	grep -qh "^- \[x\]" $(cat people) && grep -qh "^- \[ \]" $(cat people)
'

test_expect_success 'the flawed example: every finding, exactly' '
	(cd "$SRC_DIR" && test_exit 1 thread lint examples/flawed >"$OLDPWD/out" 2>/dev/null) &&
	if [ -n "${GOLDEN_UPDATE:-}" ]; then cp out "$GOLDEN/examples-flawed.out"; fi &&
	test_cmp "$GOLDEN/examples-flawed.out" out
'

test_expect_success 'the flawed example fires every rule but symlink, too-large and too-complex' '
	(cd "$SRC_DIR" && test_exit 1 thread lint examples/flawed >"$OLDPWD/out" 2>/dev/null) &&
	thread lint --list-rules | cut -d" " -f1 >rules &&
	for r in $(cat rules); do
		case $r in symlink|too-large|too-complex) continue ;; esac
		grep -q "\[$r\]$" out || { echo "rule $r never fires"; exit 1; }
	done
'

test_expect_success 'the example lints clean the same way as JSON' '
	(cd "$SRC_DIR" && thread lint --format json examples >"$OLDPWD/out") &&
	grep -Fqx "{\"diagnostics\":[],\"files\":6,\"errors\":0,\"warnings\":0}" out
'

test_done
