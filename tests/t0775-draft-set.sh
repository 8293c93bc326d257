#!/bin/sh
# The labelled set in tests/draft/ (the truth that thread draft and thread
# cite are scored against) stays true to its format: every transcript
# imports, every row is well formed, and every line it names exists.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'the labelled set is well formed and its lines exist' '
	(cd "$SRC_DIR" && THREAD="$THREAD" sh tests/draft/validate.sh) >out 2>&1 ||
		{ cat out; false; } &&
	test_must_be_empty out
'

test_expect_success 'the check catches a line past the end of a transcript' '
	cp -r "$SRC_DIR/tests/draft" set &&
	printf "task\t999\tme\t-\tnot a real line\n" >>set/ana-newhire.truth &&
	test_must_fail env THREAD="$THREAD" sh set/validate.sh >out 2>&1 &&
	grep "ana-newhire.truth:.*line 999 is not a line of the import" out
'

test_expect_success 'the set is the size the issue asks for' '
	test $(ls "$SRC_DIR"/tests/draft/*.truth | wc -l) -ge 8 &&
	test $(cat "$SRC_DIR"/tests/draft/*.items | grep -vc "^#") -ge 60
'

test_done
