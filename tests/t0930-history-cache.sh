#!/bin/bash
# The history cache (.git/thread/history.cache) of thread log and thread
# stats: a run that takes up the cache prints, byte for byte, what a run
# without it prints, after new commits, and after history is rewritten
# (amend, reset, rebase, a merge); a damaged cache, or one written by
# another version, is ignored and written again.  And the history of one
# file (thread log HANDLE, thread history FILE:LINE) is not changed by
# commits to other files.
. "$(dirname "$0")/test-lib.sh"

# week N: the date N weeks after 2026-09-04.
week() {
	date -u -d "2026-09-04 + $((7 * $1)) days" +%F
}

# session HANDLE N: HANDLE's session of week N, closed out.  The first
# open task of earlier sessions is checked off, the second one re-dated,
# and two new tasks and an ask are added.
session() {
	f=people/$1.md d=$(week "$2")
	[ -f "$f" ] || printf -- '---\nname: %s\nrole: Engineer\ncadence: weekly\nconsent: notes-only\n---\n\n# %s\n' "$1" "$1" >"$f"
	perl -0pi -e 's/- \[ \] /- [x] /; s/(- \[ \] [^\n]*due:)(\d{4}-\d\d-\d\d)/${1}2026-12-24/' "$f"
	cat >>"$f" <<-EOF

	## $d

	### Tasks
	- [ ] Ship part $2 of the $1 migration @$1 due:$(week $(($2 + 1)))
	  Done when: deployed
	- [ ] Write the notes for part $2 @$1 due:$(week $(($2 + 2)))
	  Done when: shared

	### Asks
	- [ ] Review the $1 plan, week $2 @sam due:$(week $(($2 + 1)))
	EOF
	closeout "$1" "$d"
}

# closeout HANDLE DATE [MESSAGE]: commit everything as that closeout.
closeout() {
	GIT_AUTHOR_DATE="$2T17:00:00Z" GIT_COMMITTER_DATE="$2T17:00:00Z" &&
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE &&
	git add -A &&
	git commit -q -m "${3:-closeout: $1 $2}" -m "Thread-Person: $1
Thread-Session: $2"
}

# by_hand DATE MESSAGE: commit everything, not as a closeout.
by_hand() {
	git add -A &&
	GIT_AUTHOR_DATE="$1T18:00:00Z" GIT_COMMITTER_DATE="$1T18:00:00Z" \
		git commit -q -m "$2"
}

# team: a history of bob, carol and dave over six weeks, with commits by
# hand and a closeout that committed only its transcript.
team() {
	new_repo r && cd r &&
	for n in 0 1 2 3 4 5; do
		session bob $n && session carol $n || return 1
		if [ $n -eq 2 ]; then
			sed -i 's/Ship part 1 of the bob migration/Ship part 1 of the bob migration, then tell the team/' people/bob.md &&
			by_hand "$(week 2)" "a plain edit" || return 1
		fi
		if [ $n -eq 3 ]; then
			mkdir -p transcripts/dave &&
			echo "[00:00:01] Dave: hello" >transcripts/dave/$(week 3).txt &&
			closeout dave "$(week 3)" || return 1
		fi
	done
	session dave 4
}

REPORTS="log|log --format json|log bob|stats|stats --format json|stats --person carol"

# same_as_cold: every report, read with the cache as it is, then with no
# cache at all: the same bytes.  The cache is put back after each.
same_as_cold() {
	IFS='|' read -ra reports <<<"$REPORTS"
	for args in "${reports[@]}"; do
		# shellcheck disable=SC2086 # the arguments, split on purpose
		thread $args >../warm.out 2>../warm.err || return 1
		test_must_be_empty ../warm.err || return 1
		rm -rf ../saved && cp -a .git/thread ../saved &&
		rm -rf .git/thread &&
		thread $args >../cold.out &&
		rm -rf .git/thread && mv ../saved .git/thread &&
		test_cmp ../cold.out ../warm.out || { echo "differs: thread $args" >&2; return 1; }
	done
}

# cached_at COMMIT: the cache has been read up to that commit.
cached_at() {
	grep -aq "$(git rev-parse "$1")" .git/thread/history.cache
}

test_expect_success 'thread log keeps a cache of what it read, private to its owner' '
	team && test ! -e .git/thread &&
	thread log >../first && test -s ../first &&
	cached_at HEAD &&
	test "$(stat -c %a .git/thread/history.cache)" = 600 &&
	test -z "$(git status --porcelain)"
'

test_expect_success 'after new commits, a run from the cache prints what a cold run prints' '
	team && thread log >/dev/null && old=$(git rev-parse HEAD) &&
	session bob 6 && session dave 6 &&
	same_as_cold && cached_at HEAD &&
	session carol 7 && echo "- tidy" >>people/bob.md && by_hand "$(week 7)" "tidy" &&
	thread stats --format json >/dev/null && cached_at HEAD &&
	same_as_cold
'

test_expect_success 'after git commit --amend' '
	team && thread log >/dev/null &&
	sed -i "s/Ship part 4 of the dave migration/Ship part 4 of the dave rollout/" people/dave.md &&
	git add -A && git commit -q --amend -m "closeout: dave $(week 4), amended" &&
	same_as_cold && cached_at HEAD
'

test_expect_success 'after git reset --hard, and a new commit on top' '
	team && thread log >/dev/null &&
	git reset -q --hard HEAD~3 && same_as_cold && cached_at HEAD &&
	session carol 6 && same_as_cold && cached_at HEAD
'

test_expect_success 'after a rebase onto a branch that changed the same history' '
	team && thread log >/dev/null &&
	git checkout -q -b side HEAD~5 &&
	session erin 2 && git checkout -q main &&
	git rebase -q side >/dev/null && ! cached_at HEAD &&
	same_as_cold && cached_at HEAD
'

test_expect_success 'across a merge: only its first-parent line is read' '
	team && thread log >/dev/null &&
	git checkout -q -b side HEAD~2 && session erin 5 && git checkout -q main &&
	session bob 6 && thread log >/dev/null &&
	GIT_AUTHOR_DATE="$(week 7)T17:00:00Z" GIT_COMMITTER_DATE="$(week 7)T17:00:00Z" \
		git merge -q --no-ff -m "merge erin" side &&
	same_as_cold && cached_at HEAD
'

# closeouts_of HANDLE: HANDLE's closeouts line of thread stats --format json.
closeouts_of() {
	thread stats --format json |
		perl -0ne 'print $1 if /"person":"'"$1"'",.*?("closeouts":\{[^}]*\})/s'
}

# The walk of the first-parent line notes the closeouts it meets; one on
# a side branch is met only by a walk of every commit, which a merge in
# the range read must still bring about: cold, warm, and as --person
# (its own walk) counts it.
test_expect_success 'a closeout merged from a side branch counts, cold and warm' '
	team && thread log >/dev/null &&
	git checkout -q -b side HEAD~2 && session erin 5 && git checkout -q main &&
	session bob 6 && thread log >/dev/null &&
	GIT_AUTHOR_DATE="$(week 7)T17:00:00Z" GIT_COMMITTER_DATE="$(week 7)T17:00:00Z" \
		git merge -q --no-ff -m "merge erin" side &&
	want="\"closeouts\":{\"held\":1,\"closed_out\":1,\"within_24h\":1,\"median_days\":0,\"max_days\":0}" &&
	test "$(closeouts_of erin)" = "$want" &&
	thread stats --person erin --format json | tr -d "\n" | grep -qF "$want" &&
	rm -rf .git/thread && test "$(closeouts_of erin)" = "$want" &&
	same_as_cold
'

# flip FILE OFFSET: invert one byte of FILE.
flip() {
	perl -e 'open my $f, "+<:raw", $ARGV[0] or die; seek $f, $ARGV[1], 0; read $f, my $c, 1;
		seek $f, $ARGV[1], 0; print $f chr(ord($c) ^ 0xff); close $f' "$1" "$2"
}

test_expect_success 'a damaged cache is ignored and written again' '
	team && thread log >../cold && c=.git/thread/history.cache &&
	cp $c ../good && size=$(stat -c %s $c) &&
	for at in 5 40 $((size / 3)) $((size / 2)) $((size - 3)); do
		cp ../good $c && flip $c $at && ! cmp -s $c ../good &&
		thread log >../out 2>../err && test_cmp ../cold ../out &&
		test_must_be_empty ../err && cmp $c ../good || return 1
	done &&
	head -c $((size / 2)) ../good >$c && thread log >../out && test_cmp ../cold ../out &&
	cmp $c ../good &&
	: >$c && thread log >../out && test_cmp ../cold ../out && cmp $c ../good &&
	echo "not a cache" >$c && same_as_cold
'

# recheck FILE: give a cache edited by hand a valid checksum again
# (FNV-1a over 8-byte words, then the last bytes, then xor the length).
recheck() {
	perl -e '
		use integer;
		open my $f, "<:raw", $ARGV[0] or die; local $/; my $d = <$f>; close $f;
		$d = substr($d, 0, length($d) - 8);
		my ($h, $p, $n) = (-3750763034362895579, 1099511628211, length $d);
		my $i = 0;
		for (; $i + 8 <= $n; $i += 8) { $h = ($h ^ unpack("q<", substr($d, $i, 8))) * $p }
		for (; $i < $n; $i++) { $h = ($h ^ ord(substr($d, $i, 1))) * $p }
		$h ^= $n;
		open $f, ">:raw", $ARGV[0] or die; print $f $d, pack("q<", $h); close $f' "$1"
}

test_expect_success 'a cache of another version is ignored, though its checksum is right' '
	team && thread log >../cold && c=.git/thread/history.cache &&
	cp $c ../good && recheck $c && cmp $c ../good &&
	perl -0pi -e "s/a plain edit/A PLAIN EDIT/" $c && recheck $c &&
	thread log >../tampered && ! test_cmp ../cold ../tampered >/dev/null &&
	grep -q "A PLAIN EDIT" ../tampered &&
	cp ../good $c && perl -0pi -e "s/a plain edit/A PLAIN EDIT/; s/^(thread history cache \d+) \S+/\$1 0.0.0-other/" $c &&
	recheck $c && head -c 40 $c | grep -q "0.0.0-other" &&
	thread log >../out && test_cmp ../cold ../out &&
	cmp -s $c ../good
'

# A cache edited by hand, with its checksum made right again: whatever it
# says, every count and index in it is checked before it is used (run it
# under ASan: make build/asan/thread; THREAD=build/asan/thread prove ...).
test_expect_success 'a cache edited by hand does not make it read out of bounds' '
	team && thread log >../cold && c=.git/thread/history.cache &&
	cp $c ../good && size=$(stat -c %s $c) &&
	at=29 && while [ $at -lt $((size - 8)) ]; do
		cp ../good $c && flip $c $at && recheck $c &&
		test_exit 0 thread log >../out 2>../err && test -s ../out &&
		test_exit 0 thread stats --format json >../out 2>../err || return 1
		at=$((at + size / 40))
	done
'

test_expect_success 'the history of one file is not changed by commits to other files' '
	team && L=$(grep -n "Write the notes for part 1 @bob" people/bob.md | cut -d: -f1) &&
	thread log bob >../log.before && thread history people/bob.md:$L >../hist.before &&
	thread stats --person bob --format json >../stats.before &&
	test $(wc -l <../log.before) = 7 &&
	for n in 6 7 8; do
		session carol $n && session erin $n &&
		mkdir -p transcripts/carol && echo "[00:00:01] Carol: hi" >transcripts/carol/$n.txt &&
		closeout carol "$(week $n)" "closeout: carol $(week $n)" || return 1
	done &&
	echo "# notes" >README.md && by_hand "$(week 9)" "readme" &&
	thread log bob >../log.after && test_cmp ../log.before ../log.after &&
	thread history people/bob.md:$L >../hist.after && test_cmp ../hist.before ../hist.after &&
	thread stats --person bob --format json >../stats.after && test_cmp ../stats.before ../stats.after &&
	thread log dave >../dave && grep -q "session $(week 3)" ../dave
'

# What stats takes from the person files as they are now (sessions held,
# repeating blockers) is kept in .git/thread/stats.cache, by each file's
# bytes: an edit not yet committed still counts, at once.
test_expect_success 'stats keeps the files figures in stats.cache; an uncommitted edit counts at once' '
	team && thread stats --format json >../before &&
	test "$(stat -c %a .git/thread/stats.cache)" = 600 &&
	cat >>people/bob.md <<-EOF &&

	## 2026-11-20

	### Wins
	- The migration is out
	EOF
	thread stats --format json >../after && ! cmp -s ../before ../after &&
	grep -A9 "\"person\":\"bob\"" ../after >../bob.after &&
	grep -A9 "\"person\":\"bob\"" ../before >../bob.before &&
	! cmp -s ../bob.before ../bob.after &&
	same_as_cold &&
	git checkout -q people/bob.md && thread stats --format json >../again &&
	test_cmp ../before ../again
'

test_expect_success 'stats.cache: damaged, of another version or of other settings, it is ignored' '
	team && thread stats >../cold && c=.git/thread/stats.cache &&
	cp $c ../good && size=$(stat -c %s $c) &&
	for at in 3 30 $((size / 3)) $((size / 2)) $((size - 3)); do
		cp ../good $c && flip $c $at && ! cmp -s $c ../good &&
		thread stats >../out 2>../err && test_cmp ../cold ../out &&
		test_must_be_empty ../err && cmp $c ../good || return 1
	done &&
	head -c $((size / 2)) ../good >$c && thread stats >../out && test_cmp ../cold ../out &&
	cp ../good $c && perl -0pi -e "s/^(thread stats cache \d+) \S+/\$1 0.0.0-other/" $c &&
	thread stats >../out && test_cmp ../cold ../out && cmp $c ../good &&
	printf "repeat:\n  threshold: 0.9\n" >>.thread.yaml &&
	thread stats >../strict && ! cmp -s $c ../good && same_as_cold
'

test_done
