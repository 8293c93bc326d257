#!/bin/bash
# thread done: checks one item off in place, by FILE:LINE or HANDLE TEXT,
# changing only that checkbox; ambiguity changes nothing.
. "$(dirname "$0")/test-lib.sh"

# A copy of the example team, and the checksums of its files.
team() {
	cp -r "$SRC_DIR/examples" team &&
	(cd team && sha1sum people/*.md >../before)
}

test_expect_success 'FILE:LINE checks that item off, and only its checkbox changes' '
	team && cd team &&
	thread done people/jonah.md:239 >../out &&
	echo "people/jonah.md:239: done: Write the backfill run plan: batch size, expected duration, how to stop it" >../expect &&
	test_cmp ../expect ../out &&
	cmp -l "$SRC_DIR/examples/people/jonah.md" people/jonah.md >../bytes || true &&
	test $(wc -l <../bytes) = 1 &&
	sed -n 239p people/jonah.md | grep -q "^- \[x\] Write the backfill run plan" &&
	test ! -e people/jonah.md.lock
'

test_expect_success 'HANDLE TEXT with one match checks it off (case ignored)' '
	team && cd team &&
	thread done jonah "RUN PLAN" >../out &&
	grep -Fqx "people/jonah.md:239: done: Write the backfill run plan: batch size, expected duration, how to stop it" ../out &&
	sed -n 239p people/jonah.md | grep -q "^- \[x\]"
'

test_expect_success 'an ambiguous text lists the candidates and changes nothing' '
	team && cd team &&
	test_exit 1 thread done jonah backfill >../out 2>../err &&
	test ! -s ../out &&
	cat >../expect <<-\EOF2 &&
	thread done: '\''backfill'\'' matches 2 open items; nothing changed. Name one by its line:
	    thread done people/jonah.md:233    # priority Production backfill dry run, within a day of access landing
	    thread done people/jonah.md:239    # task Write the backfill run plan: batch size, expected duration, how to stop it
	EOF2
	test_cmp ../expect ../err &&
	sha1sum -c --quiet ../before
'

test_expect_success 'no match, a line with no item, and an item already done' '
	team && cd team &&
	test_exit 1 thread done jonah "no such thing" 2>../err &&
	grep -Fqx "thread done: no open item of jonah matches '\''no such thing'\'' (items under a Private heading match only with --include-private)" ../err &&
	test_exit 1 thread done people/jonah.md:1 2>../err &&
	grep -q "is not a task, ask, priority or rep" ../err &&
	n=$(wc -l <people/jonah.md) &&
	test_exit 1 thread done people/jonah.md:$((n + 1)) 2>../err &&
	grep -Fqx "thread done: people/jonah.md has no line $((n + 1)): it ends at line $n" ../err &&
	thread done people/jonah.md:239 >/dev/null &&
	sha1sum people/jonah.md >../once &&
	thread done people/jonah.md:239 >../out &&
	grep -q "already done" ../out &&
	sha1sum -c --quiet ../once
'

test_expect_success 'a checked-off item leaves the open list and lint stays clean' '
	team && cd team &&
	thread done people/jonah.md:239 >/dev/null &&
	thread lint -q &&
	! thread done jonah "run plan" 2>/dev/null
'

test_expect_success 'usage: no arguments, a bad FILE:LINE, an unknown person' '
	team && cd team &&
	test_exit 2 thread done 2>../err && grep -q "^usage: thread done" ../err &&
	test_exit 2 thread done people/jonah.md:x 2>../err &&
	grep -q "name the item as FILE:LINE" ../err &&
	test_exit 2 thread done nobody something 2>../err &&
	grep -q "thread add nobody" ../err
'

test_expect_success 'a lock held by another writer refuses, and the file is unchanged' '
	team && cd team &&
	{ (flock -x people/jonah.md.lock sleep 3) & } &&
	sleep 0.5 &&
	test_exit 2 thread done people/jonah.md:239 2>../err &&
	grep -q "people/jonah.md.lock exists" ../err &&
	sha1sum -c --quiet ../before && wait
'

test_expect_success 'a lock left by a writer that died is removed, and the write goes ahead' '
	team && cd team &&
	: >people/jonah.md.lock &&
	thread done people/jonah.md:239 >../out &&
	grep -q "done: Write the backfill run plan" ../out &&
	test ! -e people/jonah.md.lock
'

# A private open item beside a shared one that shares its words.
private_team() {
	mkdir -p priv/people && cd priv &&
	printf 'me: sam\n' >.thread.yaml &&
	cat >people/dana.md <<-\EOF2
	---
	name: Dana Reyes
	cadence: weekly
	---

	## 2026-11-20

	### Tasks

	- [ ] Draft the onboarding plan @dana due:2026-11-27
	      Done when: the plan is in the team folder

	#### Private

	- [ ] Talk to HR about the onboarding salary band @dana due:2026-11-27
	      Done when: HR has answered
	EOF2
}

test_expect_success 'done never prints a private item, nor matches one by text, without --include-private' '
	private_team &&
	thread done dana "onboarding" >../out 2>../err &&
	grep -q "done: Draft the onboarding plan" ../out &&
	test_exit 1 thread done dana "salary band" >../out 2>../err &&
	! grep -q "salary" ../out &&
	grep -q "only with --include-private" ../err &&
	! grep -q "\[x\] Talk to HR" people/dana.md &&
	line=$(grep -n "Talk to HR" people/dana.md | cut -d: -f1) &&
	thread done people/dana.md:$line >../out 2>../err &&
	! grep -qi "salary\|HR" ../out ../err &&
	grep -Fqx "people/dana.md:$line: done: (an item under a Private heading)" ../out &&
	grep -q "\[x\] Talk to HR" people/dana.md
'

test_expect_success 'with --include-private, a private item matches by text and is printed' '
	private_team &&
	thread done dana "salary band" --include-private >../out &&
	grep -q "done: Talk to HR about the onboarding salary band" ../out
'

test_done
