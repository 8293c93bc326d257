#!/bin/sh
# t0300-golden-rules.sh - one golden case per lint rule.
#
# tests/golden/lint/ holds, for every rule id of `thread lint --list-rules`
# except config, symlink and too-large (t0200-bad-input.sh covers those):
#
#   <rule>-fires.in   a whole person file on which <rule> fires
#   <rule>-clean.in   the nearest correct version, on which it does not
#   <case>.out        what thread prints for the case: its stdout, then its
#                     stderr, then a line "exit N"
#
# Each case is copied into a fresh copy of tests/golden/lint/base/ (a
# .thread.yaml, people/alice.md and a 20-line transcript for alice) as
# people/<case>.md, and linted from the repository root with
#
#   thread lint --today 2026-11-21 people/<case>.md
#
# Special cases:
#   file-name-fires   is copied to "people/Bad Name.md" instead (a file name
#                     that is no valid handle is the whole point).
#   encoding-fires    holds a raw Latin-1 byte (0xe9, "caf\351"), on purpose:
#                     keep it when editing the file.
#   escalation-due-fires  also fires `overdue`, unavoidably: an ask whose
#                     escalate: date is past must have a due: date that is
#                     past too (escalate: earlier than due: is itself an
#                     error, escalation-order).
#   overdue-clean, cadence-clean  sit exactly on the boundary (due today;
#                     newest session exactly twice the cadence ago).
#   escalation-due-clean  closes the ask ([x]): time rules judge open items.
#
# To regenerate the .out files after a deliberate change of output:
#
#   GOLDEN_UPDATE=1 tests/t0300-golden-rules.sh
#
# then READ every changed .out (git diff tests/golden/lint) before you commit
# it: a golden file only says what the binary printed, not that it is right.

. "$(dirname "$0")/test-lib.sh"

LINT_GOLDEN=$GOLDEN/lint
GOLDEN_UPDATE=${GOLDEN_UPDATE:-}

# Rules with no golden case here; t0200-bad-input.sh tests them.
ELSEWHERE='config symlink too-large'

# lint_case CASE: build the repository in ./repo, lint the case, and leave
# stdout, stderr and the exit status in ./actual.
lint_case() {
	lc_target=people/$1.md
	[ "$1" != file-name-fires ] || lc_target='people/Bad Name.md'
	cp -R "$LINT_GOLDEN/base" repo &&
	cp "$LINT_GOLDEN/$1.in" "repo/$lc_target" &&
	(
		cd repo &&
		{
			"$THREAD" lint --today 2026-11-21 "$lc_target" \
				>../stdout 2>../stderr
			echo "exit $?" >../status
		}
	) &&
	cat stdout stderr status >actual
}

# check_case CASE: compare with (or, under GOLDEN_UPDATE, rewrite) CASE.out.
check_case() {
	cc_rule=${1%-*}
	lint_case "$1" || return 1
	# Whatever the .out says: a -fires case must report its rule, and a
	# -clean case must not, so a careless regeneration cannot hide a rule
	# that stopped firing.
	case $1 in
	*-fires)
		grep -q " \[$cc_rule\]\$" stdout ||
		{ echo "$1: no [$cc_rule] diagnostic"; return 1; } ;;
	*-clean)
		! grep " \[$cc_rule\]\$" stdout ||
		{ echo "$1: [$cc_rule] fires on the clean case"; return 1; } ;;
	esac
	if [ -n "$GOLDEN_UPDATE" ]; then
		cp actual "$LINT_GOLDEN/$1.out"
		return
	fi
	[ -f "$LINT_GOLDEN/$1.out" ] || {
		echo "no golden output $LINT_GOLDEN/$1.out; this run printed:"
		cat actual
		echo "(check it by hand, then: GOLDEN_UPDATE=1 $0)"
		return 1
	}
	test_cmp "$LINT_GOLDEN/$1.out" actual
}

test_expect_success 'the base repository lints clean (a person can own her own items)' '
	cp -R "$LINT_GOLDEN/base" repo &&
	test "$(wc -l <repo/transcripts/alice/2026-11-20.txt)" -eq 20 &&
	(cd repo && thread lint --today 2026-11-21 >../out 2>../err) &&
	test_must_be_empty out &&
	echo "thread lint: 2 files, no problems" >expect &&
	test_cmp expect err
'

for f in "$LINT_GOLDEN"/*.in; do
	c=$(basename "$f" .in)
	test_expect_success "golden lint case $c" "check_case $c"
done

test_expect_success 'every rule of --list-rules has a -fires and a -clean case' '
	thread lint --list-rules >rules &&
	cut -d" " -f1 rules >ids &&
	test "$(wc -l <ids)" -ge 25 &&
	missing= &&
	for id in $(cat ids); do
		case " $ELSEWHERE " in *" $id "*) continue ;; esac
		for kind in fires clean; do
			[ -f "$LINT_GOLDEN/$id-$kind.in" ] ||
			missing="$missing $id-$kind.in"
		done
	done &&
	{ [ -z "$missing" ] || { echo "no golden case:$missing"; false; }; }
'

test_expect_success 'every golden case is named after a rule that exists' '
	thread lint --list-rules >rules &&
	cut -d" " -f1 rules >ids &&
	test "$(wc -l <ids)" -ge 25 &&
	stale= &&
	for f in "$LINT_GOLDEN"/*.in; do
		c=$(basename "$f" .in) &&
		rule=${c%-*} &&
		kind=${c##*-} &&
		{ [ "$kind" = fires ] || [ "$kind" = clean ]; } &&
		grep -qFx "$rule" ids ||
		stale="$stale $c.in"
	done &&
	for out in "$LINT_GOLDEN"/*.out; do
		[ -f "${out%.out}.in" ] || stale="$stale $(basename "$out")"
	done &&
	{ [ -z "$stale" ] || { echo "golden files for no rule:$stale"; false; }; }
'

test_done
