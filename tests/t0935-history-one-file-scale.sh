#!/bin/bash
# The history of one person at a team's scale: thread log HANDLE and
# thread history FILE:LINE on a repository of 2,000 people and 4,000
# closeout commits list exactly the commits git lists for the file.
# Their time against git log -p -- FILE is measured by make bench
# (bench/history.sh), never asserted here.
. "$(dirname "$0")/test-lib.sh"

PEOPLE=2000
ROUNDS=2

# stream PEOPLE ROUNDS: a git fast-import stream of ROUNDS weekly
# closeouts of each of PEOPLE people (p0001, ...), a second apart, each
# session's task and ask checked off at the next one.
stream() {
	perl -e '
	use strict; use warnings; use Time::Local qw(timegm);
	my ($people, $rounds) = @ARGV;
	my (%text, @t);
	sub day { my @d = gmtime($_[0]); sprintf "%04d-%02d-%02d", $d[5] + 1900, $d[4] + 1, $d[3] }
	for my $r (0 .. $rounds - 1) {
		for my $i (1 .. $people) {
			my $h = sprintf "p%04d", $i;
			my $when = timegm(0, 0, 17, 4, 8, 2026) + $r * 7 * 86400 + $i;
			my ($d, $due) = (day($when), day($when + 7 * 86400));
			$text{$h} //= "---\nname: Person $i\nrole: Engineer\ncadence: weekly\nconsent: notes-only\n---\n\n# Person $i\n";
			$text{$h} =~ s/- \[ \] /- [x] /g;
			$text{$h} .= "\n## $d\n\n### Wins\n- Shipped part $r of the $h migration\n\n" .
				"### Tasks\n- [ ] Ship part $r of the $h migration \@$h due:$due\n  Done when: deployed\n\n" .
				"### Asks\n- [ ] Review the $h plan, week $r \@sam due:$due\n\n### Next\n- Part " . ($r + 1) . "\n";
			my $msg = "closeout: $h $d\n\nThread-Person: $h\nThread-Session: $d\n";
			print "commit refs/heads/main\ncommitter Sam Okafor <sam\@example.com> $when +0000\n";
			printf "data %d\n%s", length($msg), $msg;
			printf "M 100644 inline people/%s.md\ndata %d\n%s\n", $h, length($text{$h}), $text{$h};
		}
	}' "$@"
}

# team: that repository, $TRASH/r, made once for all the tests (they
# only read it).
team() {
	local r=$TRASH/r
	if [ ! -f "$r/.thread.yaml" ]; then
		git init -q -b main "$r" &&
		stream $PEOPLE $ROUNDS | git -C "$r" fast-import --quiet &&
		git -C "$r" checkout -q main &&
		test "$(git -C "$r" rev-list --count HEAD)" -eq $((PEOPLE * ROUNDS)) &&
		printf 'me: sam\n' >"$r/.thread.yaml" || return 1
	fi
}


test_expect_success 'thread log HANDLE lists the commits git lists for the file, at 2,000 people' '
	w=$PWD && team && cd "$TRASH/r" &&
	for h in p0001 p1234 p2000; do
		git log --format=%H -- people/$h.md | cut -c1-7 >"$w"/want &&
		thread log $h >"$w"/out &&
		awk "{ print \$2 }" "$w"/out >"$w"/got &&
		test_cmp "$w"/want "$w"/got &&
		test "$(awk "{ print \$3 }" "$w"/out | sort -u)" = "$h" || return 1
	done &&
	grep -q "session 2026-09-04  +2 added, 0 closed" "$w"/out
'

test_expect_success 'thread history FILE:LINE follows an item through the commits of the others' '
	w=$PWD && team && cd "$TRASH/r" &&
	line=$(grep -n "^- \[x\] Review the p1234 plan, week 0" people/p1234.md | cut -d: -f1) &&
	test -n "$line" &&
	thread history people/p1234.md:$line >"$w"/out &&
	first=$(git log --reverse --format=%H -- people/p1234.md | head -n 1 | cut -c1-7) &&
	last=$(git log --format=%H -- people/p1234.md | head -n 1 | cut -c1-7) &&
	grep -q "^2026-09-04  $first  added in the 2026-09-04 session: @sam, due 2026-09-11$" "$w"/out &&
	grep -q "^2026-09-11  $last  checked off$" "$w"/out &&
	grep -q "^open 7 days (2026-09-04 to 2026-09-11), across 1 session of p1234" "$w"/out
'

test_done
