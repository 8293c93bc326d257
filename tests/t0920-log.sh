#!/bin/bash
# thread log: every commit that changed a person file, closeouts and
# commits made by hand, as a timeline from a crafted git history.
. "$(dirname "$0")/test-lib.sh"

# commit_at DATE MESSAGE: commit everything, dated DATE at 17:00 UTC.
commit_at() {
	GIT_AUTHOR_DATE="$1T17:00:00Z" GIT_COMMITTER_DATE="$1T17:00:00Z" \
		git commit -q -a -m "$2"
}

# A history of bob: two closeouts a week apart, then a plain commit.
history() {
	new_repo r && cd r &&
	cat >people/bob.md <<-\EOF2 &&
	---
	name: Bob
	consent: recorded
	---

	## 2026-11-06
	Transcript: transcripts/bob/2026-11-06.txt

	### Tasks
	- [ ] Draft the plan @bob due:2026-11-12
	  Done when: reviewed
	- [ ] Fix the build @bob due:2026-11-10
	  Done when: green

	### Next
	- The plan
	EOF2
	mkdir -p transcripts/bob && echo "[00:00:01] Bob: hi" >transcripts/bob/2026-11-06.txt &&
	git add -A &&
	commit_at 2026-11-06 "closeout: bob 2026-11-06

Thread-Person: bob
Thread-Session: 2026-11-06
Transcript: transcripts/bob/2026-11-06.txt 0000000" &&
	sed -i "s/- \[ \] Draft the plan @bob due:2026-11-12/- [x] Draft the plan @bob due:2026-11-12/; s/due:2026-11-10/due:2026-11-17/" people/bob.md &&
	printf "\n## 2026-11-13\n\n### Tasks\n- [ ] Ship it @bob due:2026-11-20\n  Done when: shipped\n\n### Next\n- Shipping\n" >>people/bob.md &&
	commit_at 2026-11-13 "closeout: bob 2026-11-13

Thread-Person: bob
Thread-Session: 2026-11-13" &&
	echo "- a note" >>people/bob.md &&
	commit_at 2026-11-14 "a plain edit"
}

test_expect_success 'closeouts and commits by hand, newest first, with their counts' '
	history && thread log >../out &&
	id0=$(git rev-parse --short=7 HEAD~3) &&
	id1=$(git rev-parse --short=7 HEAD~2) && id2=$(git rev-parse --short=7 HEAD~1) &&
	id3=$(git rev-parse --short=7 HEAD) &&
	printf "%s\n" \
		"2026-11-14  $id3  bob          by hand             +0 added, 0 closed, 0 re-dated: a plain edit" \
		"2026-11-13  $id2  bob          session 2026-11-13  +1 added, 1 closed, 1 re-dated" \
		"2026-11-06  $id1  bob          session 2026-11-06  +2 added, 0 closed, 0 re-dated, transcript" \
		"2026-11-20  $id0  alice        by hand             +1 added, 0 closed, 0 re-dated: initial" >../expect &&
	test_cmp ../expect ../out
'

test_expect_success 'a closeout that changed no person file is listed, under its person only' '
	history &&
	GIT_AUTHOR_DATE=2026-11-15T17:00:00Z GIT_COMMITTER_DATE=2026-11-15T17:00:00Z \
		thread closeout bob >/dev/null 2>&1 &&
	git diff --quiet HEAD~1 HEAD &&
	thread log bob >../out && head -1 ../out | grep "^2026-11-15  .*  bob  .*session 2026-11-13" &&
	thread log alice >../out && ! grep 2026-11-15 ../out &&
	thread log >../out && head -1 ../out | grep "session 2026-11-13"
'

test_expect_success 'a commit by hand that changed two person files names the first, +1' '
	history && echo "- more" >>people/alice.md && echo "- more" >>people/bob.md &&
	commit_at 2026-11-16 "tidy both" &&
	thread log >../out && head -1 ../out | grep "^2026-11-16  .*  alice +1     by hand  .*: tidy both$" &&
	thread log bob >../out && head -1 ../out | grep "^2026-11-16  .*  bob          by hand"
'

test_expect_success 'a handle, --since, and nothing to list' '
	history && thread log bob --since 2026-11-10 >../out &&
	test $(wc -l <../out) = 2 && grep -q "session 2026-11-13" ../out && grep -q "a plain edit" ../out &&
	thread log carol >../out 2>../err && test_must_be_empty ../out &&
	grep -Fqx "thread log: no commit changed people/carol.md" ../err
'

test_expect_success '--format json parses back' '
	history && thread log --format json >../out.json &&
	perl -MJSON::PP -e "local \$/; my \$j = decode_json(<STDIN>); my \$c = \$j->{commits};
		die unless @\$c == 4 && !\$c->[0]{closeout} && \$c->[0]{subject} eq q(a plain edit) &&
		\$c->[1]{closeout} && \$c->[1]{redated} == 1 && \$c->[2]{transcript} &&
		\$c->[2]{added} == 2 && \$c->[1]{session} eq q(2026-11-13) && !\$c->[1]{transcript} &&
		\$c->[3]{person} eq q(alice) && \$c->[3]{people} == 1" <../out.json
'

test_expect_success 'usage errors exit 2' '
	history &&
	test_exit 2 thread log a b 2>../err && grep -q "at most one person" ../err &&
	test_exit 2 thread log Bad_Handle 2>../err && grep -q "not a valid handle" ../err &&
	test_exit 2 thread log --since 2026-02-30 2>../err && grep -q "is not a date" ../err &&
	cd .. && mkdir plain && cd plain && test_exit 2 thread log 2>../err
'

test_done
