#!/bin/bash
# Private content never leaves its file: every command that prints from the
# thread, in every format, for every person, leaves out ### Private unless
# --include-private is given, and includes it when it is.
. "$(dirname "$0")/test-lib.sh"

# Distinctive words from each example's newest Private note (prep shows
# the last three sessions' notes with --include-private).
private_words() {
	for f in "$SRC_DIR"/examples/people/*.md; do
		awk '/^### Private/ { p = 1; next } /^#/ { p = 0 }
		     p && /^- / { last = $0; p = 0 } END { print last }' "$f"
	done | sed 's/^- //; s/^\(.\{1,40\}\).*/\1/'
}

# run_all [--include-private]: every printing command, every format, every person.
run_all() {
	for h in jonah kenji lena maya rosa; do
		thread prep "$h" "$@" && thread prep "$h" --format json "$@" &&
		thread growth "$h" "$@" && thread growth "$h" --format json "$@" &&
		thread followup "$h" "$@" && thread followup "$h" --format json "$@" ||
		return 1
	done &&
	thread open "$@" && thread open --format json "$@" && thread open --format ics "$@" &&
	thread digest "$@" && thread digest --format json "$@"
}

test_expect_success 'the examples have private notes to look for' '
	private_words >words && test $(wc -l <words) -ge 5
'

test_expect_success 'no command shows a Private note without --include-private' '
	cp -r "$SRC_DIR/examples" team && private_words >words && cd team &&
	run_all >../out 2>../err &&
	test -s ../out &&
	! grep -F -f ../words ../out
'

test_expect_success 'prep shows the Private notes with --include-private' '
	cp -r "$SRC_DIR/examples" team && private_words >words && cd team &&
	run_all --include-private >../out 2>../err &&
	grep -c -F -f ../words ../out >../n && test $(cat ../n) -ge 5
'

test_done
