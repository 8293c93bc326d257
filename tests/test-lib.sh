# test-lib.sh - end-to-end tests for thread, printing TAP.
#
# A test script sources this file, then calls
#     test_expect_success 'what it checks' '
#             commands that must all succeed
#     '
# and ends with test_done.  Each test runs in a subshell inside a fresh
# trash folder under $TMPDIR, with a fixed, neutral environment, so tests
# cannot see the developer's HOME, git identity, locale or today's date.
#
# Helpers: new_repo DIR (a thread repository with a git history),
# person HANDLE (a minimal valid person file on stdin or default),
# test_cmp EXPECTED ACTUAL, test_must_fail CMD, test_exit N CMD.

set -u

TEST_DIR=$(cd "$(dirname "$0")" && pwd)
SRC_DIR=$(cd "$TEST_DIR/.." && pwd)
THREAD=${THREAD:-$SRC_DIR/thread}
GOLDEN="$TEST_DIR/golden"
export THREAD SRC_DIR GOLDEN

[ -x "$THREAD" ] || { echo "Bail out! no thread binary at $THREAD (run make)"; exit 1; }

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/thread-test.XXXXXX")
trap 'rm -rf "$TRASH"' EXIT

# A neutral, fixed environment.
export HOME="$TRASH/home" TZ=UTC LC_ALL=C LANG=C
export THREAD_TODAY=2026-11-21
export GIT_AUTHOR_NAME='Sam Okafor' GIT_AUTHOR_EMAIL='sam@example.com'
export GIT_COMMITTER_NAME='Sam Okafor' GIT_COMMITTER_EMAIL='sam@example.com'
export GIT_AUTHOR_DATE='2026-11-20T17:00:00Z' GIT_COMMITTER_DATE='2026-11-20T17:00:00Z'
export GIT_CONFIG_NOSYSTEM=1
unset NO_COLOR VISUAL EDITOR GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE 2>/dev/null || true
mkdir -p "$HOME"
PATH="$(dirname "$THREAD"):$PATH"

test_count=0
test_failed=0

thread() { "$THREAD" "$@"; }

test_expect_success() {
	test_count=$((test_count + 1))
	desc=$1
	dir="$TRASH/t$test_count"
	mkdir -p "$dir"
	# Not inside `if`: there the shell would ignore set -e in the body.
	(cd "$dir" || exit 1; set -e; eval "$2") >"$dir.log" 2>&1
	if [ $? -eq 0 ]; then
		echo "ok $test_count - $desc"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $desc"
		sed 's/^/# /' "$dir.log"
	fi
}

# test_expect_failure 'what' 'commands': a known breakage (TAP "# TODO"):
# prove reports it without failing the run, and says "unexpectedly
# succeeded" once it is fixed, when it should become test_expect_success.
test_expect_failure() {
	test_count=$((test_count + 1))
	dir="$TRASH/t$test_count"
	mkdir -p "$dir"
	(cd "$dir" || exit 1; set -e; eval "$2") >"$dir.log" 2>&1
	if [ $? -eq 0 ]; then
		echo "ok $test_count - $1 # TODO known breakage vanished: use test_expect_success"
	else
		echo "not ok $test_count - $1 # TODO known breakage"
		sed 's/^/# /' "$dir.log"
	fi
}

# The file exists and is empty; otherwise show what is in it.
test_must_be_empty() {
	test ! -s "$1" || { echo "$1 is not empty:"; cat "$1"; return 1; }
}

test_done() {
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
}

# Compare files, showing a diff on failure.
test_cmp() {
	diff -u "$1" "$2"
}

# Run a command that must fail with exit status 1 or 2 (not a crash).
test_must_fail() {
	set +e
	"$@"
	rc=$?
	set -e
	if [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ]; then
		return 0
	fi
	echo "test_must_fail: '$*' exited $rc" >&2
	return 1
}

# test_exit N CMD...: the command exits with exactly N.
test_exit() {
	want=$1; shift
	set +e
	"$@"
	rc=$?
	set -e
	[ "$rc" -eq "$want" ] && return 0
	echo "test_exit: '$*' exited $rc, expected $want" >&2
	return 1
}

# test_run_in DIR N CMD [ARGS...]: CMD exits with exactly N, with its
# stdout in DIR/out and its stderr in DIR/err; on any other exit both are
# shown, so a failing test says what the command printed.
test_run_in() {
	tri_dir=$1 tri_want=$2
	shift 2
	test_exit "$tri_want" "$@" >"$tri_dir/out" 2>"$tri_dir/err" || {
		echo "--- stdout:"; cat "$tri_dir/out"
		echo "--- stderr:"; cat "$tri_dir/err"
		return 1
	}
}

# A valid person file for HANDLE with one clean session on 2026-11-20.
person() {
	cat <<PERSON
---
name: $1
role: Engineer
cadence: weekly
consent: notes-only
---

# $1

## 2026-11-20

### Tasks
- [ ] Write the runbook @$1 due:2026-11-27
  Done when: reviewed by SRE

### Next
- Review the runbook
PERSON
}

# alice's 1:1 of 2026-11-20 as a transcript in the canonical form (so it
# imports as itself): the meeting behind the notes that t0710, t0740,
# t0790 and t0950 close out, cite and search.
meeting() {
	cat "$SRC_DIR/tests/fixtures/loop/alice-2026-11-20.txt"
}

# new_repo DIR: a thread repository (settings, people/, transcripts/), a
# git repository too, with one person 'alice' committed.
new_repo() {
	mkdir -p "$1/people" "$1/transcripts"
	cat >"$1/.thread.yaml" <<'YAML'
me: sam
people: [infra-team, dave]
YAML
	person alice >"$1/people/alice.md"
	git -C "$1" init -q -b main
	git -C "$1" add -A
	git -C "$1" commit -q -m 'initial'
}
