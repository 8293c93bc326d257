#!/bin/sh
# t0885-outside.sh - nothing from outside: person files, transcripts and
# their folders that lead outside the repository through a symlink are
# never read, written or committed; FILE:LINE names only a person file of
# this repository; thread init leaves a hooks folder outside alone;
# commit.gpgsign is honoured; a shallow clone's history is read as it is.

. "$(dirname "$0")/test-lib.sh"

# outside/id_rsa: a fake private key beside the repository, and a copy to
# compare it with afterwards.
outside() {
	mkdir -p outside &&
	printf '%s\n' '-----BEGIN OPENSSH PRIVATE KEY-----' \
		'b3BlbnNzaC1rZXktdjEAAAAA-FAKE-SECRET-7f3a' \
		'-----END OPENSSH PRIVATE KEY-----' >outside/id_rsa &&
	cp outside/id_rsa key.orig
}

# repo/ with alice, who agreed to recordings, and outside/.
recorded_repo() {
	new_repo repo && outside &&
	sed -i 's/^consent: notes-only$/consent: recorded/' repo/people/alice.md &&
	git -C repo commit -q -am 'alice agreed to recordings'
}

# The fake secret is in no commit and no object, and outside/id_rsa is as
# it was.  Run from the folder above repo/.
never_leaked() {
	! git -C repo log -p --all | grep -F FAKE-SECRET &&
	! git -C repo cat-file --batch-all-objects --batch | grep -aF FAKE-SECRET &&
	cmp outside/id_rsa key.orig
}

# The session of 2026-11-20 names transcripts/alice/2026-11-20.txt.
name_transcript() {
	sed -i 's|^## 2026-11-20$|&\nTranscript: transcripts/alice/2026-11-20.txt|' people/alice.md
}

test_expect_success 'closeout: a Transcript: that is a symlink to a key outside is refused, nothing committed' '
	recorded_repo && cd repo &&
	mkdir -p transcripts/alice &&
	ln -s "$(cd .. && pwd)/outside/id_rsa" transcripts/alice/2026-11-20.txt &&
	name_transcript &&
	head=$(git rev-parse HEAD) &&
	test_exit 2 thread closeout alice >../out 2>../err &&
	grep -F "thread closeout: transcripts/alice/2026-11-20.txt leads outside the repository" ../err &&
	test "$(git rev-parse HEAD)" = "$head" &&
	test -L transcripts/alice/2026-11-20.txt &&
	cd .. && never_leaked
'

test_expect_success 'closeout --transcript: transcripts/ a symlink to an outside folder: refused, nothing written there' '
	recorded_repo && cd repo &&
	rm -r transcripts && ln -s "$(cd .. && pwd)/outside" transcripts &&
	printf "[00:00:01] Alice Chen: The migration shipped.\n" >../meeting.txt &&
	head=$(git rev-parse HEAD) &&
	cp people/alice.md ../alice.before &&
	test_exit 2 thread closeout alice --transcript ../meeting.txt >../out 2>../err &&
	grep -F "thread closeout: transcripts/alice/2026-11-20.txt leads outside the repository" ../err &&
	test "$(ls ../outside)" = id_rsa &&
	test "$(git rev-parse HEAD)" = "$head" &&
	cmp people/alice.md ../alice.before &&
	cd .. && never_leaked
'

test_expect_success 'closeout --transcript: transcripts/HANDLE a symlink to an outside folder: refused' '
	recorded_repo && cd repo &&
	ln -s "$(cd .. && pwd)/outside" transcripts/alice &&
	printf "[00:00:01] Alice Chen: The migration shipped.\n" >../meeting.txt &&
	head=$(git rev-parse HEAD) &&
	test_exit 2 thread closeout alice --transcript ../meeting.txt >../out 2>../err &&
	grep -F "transcripts/alice/2026-11-20.txt leads outside the repository" ../err &&
	test "$(ls ../outside)" = id_rsa &&
	test "$(git rev-parse HEAD)" = "$head" &&
	cd .. && never_leaked
'

test_expect_success 'lint agrees with closeout: a Transcript: symlink to outside is a symlink finding' '
	recorded_repo && cd repo &&
	mkdir -p transcripts/alice &&
	ln -s "$(cd .. && pwd)/outside/id_rsa" transcripts/alice/2026-11-20.txt &&
	name_transcript &&
	test_exit 1 thread lint >../out 2>../err &&
	grep -F "people/alice.md:11:13: error: transcript transcripts/alice/2026-11-20.txt leads outside the repository" ../out &&
	grep -F "[symlink]" ../out &&
	! grep -F FAKE-SECRET ../out ../err
'

test_expect_success 'a person file that is a symlink to outside: done, new and closeout leave it alone' '
	new_repo repo && outside && cd repo &&
	{ person alice && printf "\n### Private\n- FAKE-SECRET-7f3a\n"; } >../outside/alice.md &&
	cp ../outside/alice.md ../alice.orig &&
	rm people/alice.md &&
	ln -s "$(cd .. && pwd)/outside/alice.md" people/alice.md &&
	for cmd in "done people/alice.md:13" "done alice runbook" "new alice --date 2026-11-21" "closeout alice"; do
		test_exit 2 thread $cmd >../out 2>../err || exit 1
		grep -F "people/alice.md" ../err || exit 1
	done &&
	cmp ../outside/alice.md ../alice.orig &&
	test -L people/alice.md &&
	cd .. && never_leaked
'

test_expect_success 'people/ a symlink to an outside folder: add writes nothing there' '
	new_repo repo && outside && cd repo &&
	rm -r people && ln -s "$(cd .. && pwd)/outside" people &&
	test_exit 2 thread add bob --name "Bob Park" >../out 2>../err &&
	grep -F "people/bob.md leads outside the repository" ../err &&
	test "$(ls ../outside)" = id_rsa
'

test_expect_success 'FILE:LINE past INT_MAX is an error, not wrapped onto line 13' '
	new_repo repo && cd repo &&
	cp people/alice.md ../before &&
	sed -n 13p people/alice.md | grep -F -- "- [ ] Write the runbook" &&
	test_exit 2 thread done people/alice.md:4294967309 >../out 2>../err &&
	grep -F "thread done: line 4294967309 is past the end of any person file" ../err &&
	test_must_be_empty ../out &&
	cmp people/alice.md ../before &&
	test_exit 2 thread history people/alice.md:4294967309 2>../err &&
	grep -F "line 4294967309 is past the end" ../err &&
	test_exit 2 thread provenance people/alice.md:4294967309 2>../err &&
	grep -F "line 4294967309 is past the end" ../err
'

test_expect_success 'FILE:LINE: non-digits, zero and files outside people/ of this repository are refused' '
	new_repo repo && new_repo other && cd repo &&
	cp people/alice.md ../before &&
	for arg in people/alice.md:13x people/alice.md:+13 "people/alice.md: 13" \
		   people/alice.md:0 people/alice.md: :13; do
		test_exit 2 thread done "$arg" 2>../err || exit 1
		grep -F "FILE:LINE" ../err || exit 1
	done &&
	cp people/alice.md ../alice.md && cp people/alice.md notes.md &&
	for file in ../alice.md notes.md ../other/people/alice.md; do
		test_exit 2 thread done "$file:13" 2>../err || exit 1
		grep -F "$file is not a person file of this repository" ../err || exit 1
		test_exit 2 thread history "$file:13" 2>/dev/null || exit 1
		test_exit 2 thread provenance "$file:13" 2>/dev/null || exit 1
	done &&
	cmp people/alice.md ../before &&
	cmp ../alice.md ../before && cmp ../other/people/alice.md ../before &&
	cd people && thread done alice.md:13 >../../out &&
	grep -F "alice.md:13: done: Write the runbook" ../../out
'

test_expect_success 'init: a global core.hooksPath outside the repository is left alone, with advice' '
	export HOME="$PWD/home" && mkdir -p home hooks &&
	git config --global core.hooksPath "$PWD/hooks" &&
	printf "#!/bin/sh\necho their hook\n" >hooks/pre-commit &&
	chmod +x hooks/pre-commit && cp hooks/pre-commit hook.orig &&
	thread init repo >out 2>err &&
	test "$(ls hooks)" = pre-commit &&
	cmp hooks/pre-commit hook.orig &&
	grep -F "core.hooksPath is $PWD/hooks, outside this repository, so thread init writes nothing there" err &&
	grep -Fx "    thread lint --staged" err &&
	git -C repo log --oneline >log && test $(wc -l <log) = 1
'

test_expect_success 'commit.gpgsign: init and closeout sign with gpg, and git verifies them' '
	export HOME="$PWD/home" GNUPGHOME="$PWD/home/.gnupg" &&
	mkdir -p home && mkdir -m 700 "$GNUPGHOME" &&
	gpg --batch --passphrase "" --quick-gen-key "Sam Okafor <sam@example.com>" ed25519 sign never 2>/dev/null &&
	git config --global commit.gpgsign true &&
	thread init fresh >out &&
	git -C fresh verify-commit HEAD &&
	new_repo repo && cd repo &&
	thread closeout alice >../out &&
	git verify-commit HEAD 2>../verify &&
	grep -F "Good signature from \"Sam Okafor <sam@example.com>\"" ../verify &&
	git cat-file commit HEAD | grep -F "gpgsig -----BEGIN PGP SIGNATURE-----" &&
	gpgconf --kill gpg-agent
'

test_expect_success 'commit.gpgsign with a key gpg does not have: refused, nothing committed' '
	export HOME="$PWD/home" GNUPGHOME="$PWD/home/.gnupg" &&
	mkdir -p home && mkdir -m 700 "$GNUPGHOME" &&
	new_repo repo && cd repo &&
	git config commit.gpgsign true && git config user.signingkey nobody@example.com &&
	cp people/alice.md ../before && head=$(git rev-parse HEAD) &&
	test_exit 2 thread closeout alice >../out 2>../err &&
	grep -F "could not sign the commit with the key '\''nobody@example.com'\''; nothing was committed" ../err &&
	test "$(git rev-parse HEAD)" = "$head" &&
	cmp people/alice.md ../before &&
	gpgconf --kill gpg-agent
'

test_expect_success 'commit.gpgsign with gpg.format=ssh: refused before anything is written' '
	new_repo repo && cd repo &&
	git config commit.gpgsign true && git config gpg.format ssh &&
	cp people/alice.md ../before && head=$(git rev-parse HEAD) &&
	printf "[00:00:01] Alice Chen: hello\n" >../meeting.txt &&
	test_exit 2 thread closeout alice >../out 2>../err &&
	grep -F "commit.gpgsign is true with gpg.format=ssh, and thread signs only with OpenPGP (gpg); nothing was committed." ../err &&
	grep -F "git config commit.gpgsign false" ../err &&
	test "$(git rev-parse HEAD)" = "$head" &&
	cmp people/alice.md ../before &&
	git status --porcelain >../status && test_must_be_empty ../status
'

# repo/ with three closeouts of alice after the first, each with a
# transcript and a task pointing into it.
closeouts() {
	recorded_repo &&
	(cd repo &&
	 for d in 2026-11-27 2026-12-04 2026-12-11; do
		thread new alice --date $d >/dev/null &&
		printf "\n### Tasks\n- [ ] Write the runbook of %s @alice due:2026-12-18 [t:1]\n  Done when: reviewed\n" \
			$d >>people/alice.md &&
		printf "[00:00:01] Alice Chen: the runbook of %s\n" $d >../meeting.txt &&
		thread closeout alice --transcript ../meeting.txt >/dev/null 2>&1 || exit 1
	 done)
}

test_expect_success 'a shallow clone: log, history, stats and provenance read what is there and say so' '
	export THREAD_TODAY=2026-12-12 &&
	closeouts &&
	git clone -q --depth 2 "file://$PWD/repo" clone && cd clone &&
	test -f .git/shallow &&
	line=$(grep -n "runbook of 2026-12-11" people/alice.md | cut -d: -f1) &&
	thread log >../out 2>../err &&
	grep -F "session 2026-12-11" ../out &&
	grep -F "thread log: note: this is a shallow clone" ../err &&
	thread log --format json >../out 2>/dev/null &&
	head -1 ../out | grep -Fx "{\"shallow\":true,\"commits\":[" &&
	thread history people/alice.md:$line >../out 2>../err &&
	grep -F "added in the 2026-12-11 session" ../out &&
	grep -F "shallow clone" ../err &&
	thread stats --format json >../out 2>../err &&
	grep -F "{\"shallow\":true," ../out && grep -F "shallow clone" ../err &&
	thread provenance people/alice.md:$line >../out 2>../err &&
	grep -F "the runbook of 2026-12-11" ../out &&
	grep -F "shallow clone" ../err
'

test_done
