#!/bin/bash
# A closeout fails or is killed at each of its steps (fault injection in the
# test build, src/fault.h): afterwards the repository is as it was, or the
# finished closeout, never half of one; git fsck is clean, no .lock file is
# left, and running it again finishes it.  Then: two closeouts at once, a
# read-only repository and a full disk.
. "$(dirname "$0")/test-lib.sh"

FAULTY=${THREAD_FAULTY:-$SRC_DIR/build/fault/thread}
[ -x "$FAULTY" ] || { echo "Bail out! no fault-injection build at $FAULTY (make build/fault/thread)"; exit 1; }

# A repository where alice's 2026-11-20 session is ready to close out, and
# the transcript to import.
setup() {
	new_repo r && cd r &&
	sed -i "s/^consent: notes-only/consent: recorded/" people/alice.md &&
	sed -i "s/^- \[ \] Write the runbook @alice due:2026-11-27\$/- [ ] Write the runbook @alice due:2026-11-27 [t:2]/" people/alice.md &&
	person bob >people/bob.md &&
	git add -A && git commit -q -m "the notes" &&
	printf "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Sam>Hello.\n\n00:00:03.000 --> 00:00:04.000\n<v Alice>The runbook.\n" >../meeting.vtt
}

# What the repository looks like: HEAD, the index and every file.
state() {
	{ git rev-parse HEAD; sha1sum .git/index;
	  find . -path ./.git -prune -o -type f -print | sort | xargs sha1sum; } >"$1"
}

# No lock file anywhere, and git fsck finds nothing wrong.
sound() {
	! find . -name "*.lock" | grep . &&
	git fsck --no-dangling 2>&1 | { ! grep -v "^Checking"; }
}

# The tree an uninterrupted closeout makes, from a copy.
reference_tree() {
	rm -rf ../ref && cp -r . ../ref &&
	(cd ../ref && thread closeout alice --transcript ../meeting.vtt >/dev/null 2>&1 &&
	 git rev-parse "HEAD^{tree}")
}

for step in before-rename transcript-written person-written commit-object ref-update index-update; do
	test_expect_success "a failure at $step: as before (or committed, from index-update on), and a rerun finishes" '
		setup && want=$(reference_tree) && state ../before &&
		test_must_fail env THREAD_FAULT='"$step"':fail "$FAULTY" closeout alice --transcript ../meeting.vtt >../out 2>../err &&
		grep -q "injected fault at '"$step"'" ../err &&
		sound && state ../after &&
		if [ '"$step"' = index-update ]; then
			test "$(git rev-parse "HEAD^{tree}")" = "$want"
		else
			test_cmp ../before ../after
		fi &&
		thread closeout alice --transcript ../meeting.vtt >/dev/null 2>&1 &&
		test "$(git rev-parse "HEAD^{tree}")" = "$want" && sound
	'

	test_expect_success "killed at $step: nothing half-written, and a rerun finishes" '
		setup && want=$(reference_tree) &&
		before_head=$(git rev-parse HEAD) &&
		cp people/alice.md ../alice.before &&
		set +e; THREAD_FAULT='"$step"':kill "$FAULTY" closeout alice --transcript ../meeting.vtt >/dev/null 2>&1; rc=$?; set -e &&
		test "$rc" = 137 &&
		if [ '"$step"' = before-rename ]; then
			# killed between writing and renaming: its lock is left,
			# unheld, and the next write removes it
			find . -name "*.lock" >../locks && grep -q "2026-11-20.txt.lock" ../locks
		else
			! find . -name "*.lock" | grep -v "^./.git/index.lock$" | grep .
		fi &&
		rm -f .git/index.lock &&
		git fsck --no-dangling >/dev/null 2>&1 &&
		{ cmp -s people/alice.md ../alice.before || cmp -s people/alice.md ../ref/people/alice.md; } &&
		{ test ! -e transcripts/alice/2026-11-20.txt ||
		  cmp -s transcripts/alice/2026-11-20.txt ../ref/transcripts/alice/2026-11-20.txt; } &&
		{ test "$(git rev-parse HEAD)" = "$before_head" ||
		  test "$(git rev-parse "HEAD^{tree}")" = "$want"; } &&
		thread closeout alice --transcript ../meeting.vtt >/dev/null 2>&1 &&
		test "$(git rev-parse "HEAD^{tree}")" = "$want" && sound
	'
done

test_expect_success 'two closeouts at once: one goes through, the other says why and loses nothing' '
	setup &&
	{ (THREAD_FAULT=commit-object:wait THREAD_FAULT_GO=../go "$FAULTY" closeout alice --transcript ../meeting.vtt >../out1 2>../err1; echo $? >../rc1) & } &&
	sleep 1 &&
	thread closeout bob >../out2 2>../err2 &&
	touch ../go && wait &&
	test "$(cat ../rc1)" = 2 &&
	grep -q "HEAD moved while this ran (another commit landed); nothing was committed, so run it again" ../err1 &&
	git log -1 --format=%s | grep -q "^closeout: bob 2026-11-20" &&
	git diff --quiet HEAD -- people/alice.md && test ! -e transcripts/alice/2026-11-20.txt &&
	sound &&
	thread closeout alice --transcript ../meeting.vtt >/dev/null &&
	git log --format=%s | head -2 | grep -q "^closeout: alice 2026-11-20"
'

test_expect_success 'a closeout while git commit holds the index says so and writes nothing' '
	setup && state ../before && : >.git/index.lock &&
	test_exit 2 thread closeout alice --transcript ../meeting.vtt 2>../err &&
	grep -q "another git process holds .*index.lock" ../err &&
	rm .git/index.lock && state ../after && test_cmp ../before ../after
'

# mount_or_skip: tmpfs and read-only bind mounts need root; say so otherwise.
can_mount() {
	mkdir -p "$TRASH/probe" && mount -t tmpfs -o size=64k tmpfs "$TRASH/probe" 2>/dev/null &&
	umount "$TRASH/probe"
}

if can_mount; then
test_expect_success 'a full disk: a clear error, and nothing half-written' '
	here=$PWD && mkdir disk && mount -t tmpfs -o size=2m tmpfs disk &&
	trap "cd /; umount \"$here/disk\" 2>/dev/null || true" EXIT &&
	perl -e "print qq(WEBVTT\n\n), map { qq(00:00:0\$_.000 --> 00:00:0\$_.500\n<v Sam>) . (q(x) x 3000) . qq(\n\n) } 1..9" >big.vtt &&
	(cd disk && setup) && cd disk/r && state "$here/before" &&
	avail=$(df -k --output=avail . | tail -1) &&
	dd if=/dev/zero of=../filler bs=1k count=$((avail - 16)) 2>/dev/null &&
	test_exit 2 thread closeout alice --transcript "$here/big.vtt" 2>"$here/err" &&
	grep -q "No space left on device" "$here/err" &&
	sound && state "$here/after" && test_cmp "$here/before" "$here/after" &&
	cd "$here" && umount disk
'

test_expect_success 'a read-only repository: a clear error, and nothing written' '
	setup && cd .. && mkdir ro && mount --bind r ro &&
	trap "cd /; umount \"$PWD/ro\" 2>/dev/null || true" EXIT &&
	mount -o remount,bind,ro ro &&
	cd ro && state ../before-ro &&
	test_exit 2 thread closeout alice --transcript ../meeting.vtt 2>../err &&
	grep -q "Read-only file system" ../err &&
	state ../after-ro && test_cmp ../before-ro ../after-ro &&
	cd .. && umount ro
'
else
	echo "ok 999 - # SKIP disk-full and read-only tests need mount (run as root)"
	test_count=$((test_count + 1))
fi

test_done
