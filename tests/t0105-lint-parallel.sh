#!/bin/bash
# Lint on every core: a whole repository's files are judged on several
# threads (-j N, THREAD_JOBS, else every core) and reported in people/
# order, so the output is byte-identical to -j 1.  open, digest and
# repeat-blockers read the team through the same parallel reader.
. "$(dirname "$0")/test-lib.sh"

# gen_team DIR: 200 people whose files differ a lot in size (1 to 60
# sessions, so the threads finish them out of order), most with findings:
# asks without escalation, unknown handles, impossible dates, headings
# that only look private, a stray invalid UTF-8 byte, one binary file.
gen_team() {
	mkdir -p "$1/people" &&
	printf 'me: sam\npeople: [infra-team, dave]\n' >"$1/.thread.yaml" &&
	perl -e '
		my $dir = shift;
		for my $i (0 .. 199) {
			my $h = sprintf "p%03d", ($i * 89) % 200;
			open my $f, ">", "$dir/people/$h.md" or die;
			print $f "---\nname: Person $i\nrole: Engineer\ncadence: weekly\nconsent: notes-only\n---\n\n# Person $i\n\n";
			my $n = 1 + ($i * 37) % 60;
			for my $s (0 .. $n - 1) {
				my $d = sprintf "2026-%02d-%02d", 1 + int($s / 6) % 11, 1 + ($s * 5) % 28;
				$d = sprintf "2026-11-%02d", 1 + $s % 20 if $s == $n - 1;
				print $f "## $d\n\n### Wins\n- Shipped part $s of the migration for $h\n\n";
				print $f "### Blockers\n- Waiting on staging access\n  - [ ] ask: staging slot for $h \@infra-team due:2026-11-25",
					($i + $s) % 3 ? " escalate:2026-11-28" : "", "\n    Done when: the slot is booked\n\n";
				print $f "### Tasks\n- [ ] Write the runbook \@", ($i + $s) % 5 ? $h : "ghost$s",
					" due:2026-11-", ($i + $s) % 7 ? "27" : "31", "\n  Done when: reviewed by SRE\n";
				print $f "- [x] Fix the flaky test \@$h due:2026-10-1", $s % 10, "\n  Done when: green ten times\n\n";
				print $f "### Notes (manager only)\n- talk about the reorg\n\n" if ($i + $s) % 11 == 0;
				print $f "### Private\n- Moving house in December\n\n" if $s % 4 == 0;
				print $f "### Next\n- The runbook", $i % 13 ? "" : " caf\x{e9}", "\n\n";
			}
			close $f;
		}
		open my $b, ">", "$dir/people/p999.md" or die;
		print $b "---\nname: Bin\n---\n\0\0binary";
		close $b;
	' "$1"
}

# same_as_j1 ARGS...: lint ARGS with -j 1, then with 2, 3 and 8 threads,
# with THREAD_JOBS=4 and with the default, each run three times: the same
# output, the same messages, the same exit status.
same_as_j1() {
	set +e
	thread lint -j 1 "$@" >out.1 2>err.1
	echo $? >rc.1
	for run in 1 2 3; do
		for j in 2 3 8; do
			thread lint -j $j "$@" >out.n 2>err.n
			echo $? >rc.n
			test_cmp out.1 out.n && test_cmp err.1 err.n && test_cmp rc.1 rc.n ||
				{ echo "-j $j differs (run $run)"; return 1; }
		done
		THREAD_JOBS=4 thread lint "$@" >out.n 2>err.n
		echo $? >rc.n
		test_cmp out.1 out.n && test_cmp err.1 err.n && test_cmp rc.1 rc.n ||
			{ echo "THREAD_JOBS=4 differs"; return 1; }
		thread lint "$@" >out.n 2>err.n
		echo $? >rc.n
		test_cmp out.1 out.n && test_cmp err.1 err.n && test_cmp rc.1 rc.n ||
			{ echo "the default differs"; return 1; }
	done
	set -e
}

test_expect_success 'the examples: any number of threads prints what -j 1 prints' '
	cp -R "$SRC_DIR/examples" ex &&
	same_as_j1 ex &&
	test_cmp "$GOLDEN/examples-flawed.out" <(cd "$SRC_DIR" && thread lint -j 1 examples/flawed 2>/dev/null || :) &&
	same_as_j1 ex/flawed &&
	grep -q "\[unknown-handle\]" out.1 &&
	same_as_j1 --format json ex/flawed &&
	grep -q "\"unknown-handle\"" out.1
'

test_expect_success 'a 200-person repository: any number of threads prints what -j 1 prints' '
	gen_team team &&
	same_as_j1 team &&
	test "$(cat rc.1)" = 1 &&
	test "$(cut -d: -f1 out.1 | uniq | wc -l)" -ge 150 &&
	cut -d: -f1 out.1 | uniq >files && sort -c files &&
	grep -q "^team/people/p999.md:4:1: error: NUL byte" out.1 &&
	grep -q "\[ask-escalation\]" out.1 && grep -q "\[unknown-handle\]" out.1 &&
	grep -q "\[date\]" out.1 && grep -q "\[private-heading\]" out.1 &&
	grep -q "^thread lint: [0-9]* errors, [0-9]* warnings in 202 files" err.1 &&
	same_as_j1 --format json team &&
	(cd team && same_as_j1 -q)
'

test_expect_success 'files that cannot be read are named in people/ order whatever the threads' '
	gen_team team &&
	mkdir team/notes &&
	for h in p010x p100x p190x; do ln -s ../notes team/people/$h.md || exit 1; done &&
	same_as_j1 team &&
	test "$(cat rc.1)" = 2 &&
	grep "cannot read" err.1 >errors &&
	printf "%s\n" p010x p100x p190x >want &&
	sed "s|.*people/\(p[0-9]*x\)\.md.*|\1|" errors >got &&
	test_cmp want got
'

test_expect_success 'lint -j and THREAD_JOBS take a number of threads, 1 or more' '
	gen_team team &&
	for j in 0 -2 x 4x ""; do
		test_exit 2 thread lint -j "$j" team >out 2>err &&
		test_must_be_empty out &&
		grep -q "is not a number of threads; give 1 or more" err || exit 1
	done &&
	THREAD_JOBS=two test_exit 2 thread lint team >out 2>err &&
	grep -q "THREAD_JOBS=.two. is not a number of threads" err &&
	test_must_be_empty out &&
	THREAD_JOBS=two thread lint -j 2 -q team/people/p000.md >out 2>&1 || test $? = 1
'

test_expect_success 'open, digest and repeat-blockers read the team on any number of threads alike' '
	gen_team team &&
	cd team &&
	for cmd in "open" "open --include-private" "digest" "repeat-blockers --all-people" \
		   "repeat-blockers --all-people --since 1970-01-01 --format json"; do
		set +e
		THREAD_JOBS=1 thread $cmd >out.1 2>err.1; echo $? >rc.1
		for j in 2 3 8; do
			THREAD_JOBS=$j thread $cmd >out.n 2>err.n; echo $? >rc.n
			test_cmp out.1 out.n && test_cmp err.1 err.n && test_cmp rc.1 rc.n ||
				{ echo "thread $cmd with $j threads differs"; exit 1; }
		done
		set -e
		test -s out.1 || { echo "thread $cmd printed nothing"; exit 1; }
		grep -q "p999.md:4:1: error: NUL byte" err.1 ||
			{ echo "thread $cmd did not name the binary file"; cat err.1; exit 1; }
	done &&
	THREAD_JOBS=0 test_exit 2 thread open >out 2>err &&
	grep -q "THREAD_JOBS=.0. is not a number of threads" err &&
	THREAD_JOBS=x test_exit 2 thread digest >out 2>err &&
	grep -q "THREAD_JOBS=.x. is not a number of threads" err
'

test_done
