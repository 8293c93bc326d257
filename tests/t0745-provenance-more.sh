#!/bin/sh
# t0745-provenance-more.sh - provenance of an ask that borrows its
# blocker's references, provenance by HANDLE TEXT, and the "did you mean"
# of the unknown-handle rule.

. "$(dirname "$0")/test-lib.sh"

# run_exit N ARGS...: `thread ARGS` exits with exactly N; its stdout is in
# $dir/out and its stderr in $dir/err, $dir being the test's folder.
run_exit() {
	re_want=$1
	shift
	test_exit "$re_want" "$THREAD" "$@" >"$dir/out" 2>"$dir/err" || {
		echo "--- stdout:"; cat "$dir/out"
		echo "--- stderr:"; cat "$dir/err"
		return 1
	}
}

# ---- did you mean ----

# A team of chris and dave, me: sam, and infra-team under people:;
# erin's tasks are owned by the handles given, one task each.
handles_repo() {
	"$THREAD" init r >/dev/null &&
	printf "me: sam\npeople: [infra-team]\n" >r/.thread.yaml &&
	for h in chris dave; do
		printf -- "---\nname: %s\ncadence: weekly\n---\n\n# %s\n" "$h" "$h" >"r/people/$h.md" || return 1
	done &&
	{
		printf -- "---\nname: Erin Park\ncadence: weekly\n---\n\n# Erin Park\n\n## 2026-11-20\n\n### Tasks\n"
		for h in "$@"; do
			printf -- "- [ ] Send the review notes @%s due:2026-11-27\n  Done when: notes sent\n" "$h"
		done
		printf "\n### Next\n- Review notes\n"
	} >r/people/erin.md
}

test_expect_success 'unknown-handle: a typo of a person file, of people:, of me gets "did you mean"; nothing near keeps the advice' '
	handles_repo chirs Chirs daev davie infra-taem sma mee zed bob infra chrisxyz &&
	(cd r && test_exit 1 "$THREAD" lint people/erin.md >../out 2>/dev/null) &&
	cat >expect <<-\EOF &&
	people/erin.md:11:29: error: @chirs is not a known handle (did you mean @chris?) [unknown-handle]
	people/erin.md:13:29: error: @Chirs is not a known handle (did you mean @chris?) [unknown-handle]
	people/erin.md:15:29: error: @daev is not a known handle (did you mean @dave?) [unknown-handle]
	people/erin.md:17:29: error: @davie is not a known handle (did you mean @dave?) [unknown-handle]
	people/erin.md:19:29: error: @infra-taem is not a known handle (did you mean @infra-team?) [unknown-handle]
	people/erin.md:21:29: error: @sma is not a known handle (did you mean @sam?) [unknown-handle]
	people/erin.md:23:29: error: @mee is not a known handle (did you mean @me?) [unknown-handle]
	people/erin.md:25:29: error: @zed is not a known handle (add people/zed.md, or list it under people: in .thread.yaml) [unknown-handle]
	people/erin.md:27:29: error: @bob is not a known handle (add people/bob.md, or list it under people: in .thread.yaml) [unknown-handle]
	people/erin.md:29:29: error: @infra is not a known handle (add people/infra.md, or list it under people: in .thread.yaml) [unknown-handle]
	people/erin.md:31:29: error: @chrisxyz is not a known handle (add people/chrisxyz.md, or list it under people: in .thread.yaml) [unknown-handle]
	EOF
	test_cmp expect out
'

test_expect_success 'unknown-handle: of two as near, the first alphabetically; case still wins' '
	handles_repo dan Dave &&
	printf -- "---\nname: Dana\n---\n\n# Dana\n" >r/people/dana.md &&
	printf -- "---\nname: Day\n---\n\n# Day\n" >r/people/day.md &&
	(cd r && test_exit 1 "$THREAD" lint people/erin.md >../out 2>/dev/null) &&
	cat >expect <<-\EOF &&
	people/erin.md:11:29: error: @dan is not a known handle (did you mean @dana?) [unknown-handle]
	people/erin.md:13:29: error: @Dave is not a known handle (handles are lowercase: write @dave) [unknown-handle]
	EOF
	test_cmp expect out
'

test_expect_success 'unknown-handle: closeout and the pre-commit check say it too' '
	handles_repo chirs &&
	cd r &&
	test_exit 1 "$THREAD" closeout erin >../out 2>../err &&
	grep -F "people/erin.md:11:29: error: @chirs is not a known handle (did you mean @chris?) [unknown-handle]" ../out ../err &&
	git add .thread.yaml people &&
	test_exit 1 "$THREAD" lint --staged >../out 2>../err &&
	grep -F "people/erin.md:11:29: error: @chirs is not a known handle (did you mean @chris?) [unknown-handle]" ../out
'

test_done
