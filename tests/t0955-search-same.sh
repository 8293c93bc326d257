#!/bin/sh
# t0955-search-same.sh - thread search gives the same answers, byte for
# byte, however it reads the files: a realistic repository (bench/gen-repo
# -t: 8 people, 30 sessions each, Private sections, transcripts of the
# recorded ones) with CRLF files, accents, a Private heading inside a list
# and private notes that hold the words (so that one file is read whole,
# the others only where the words may be), queried with each kind of query
# on 1, 2 and 3 threads against the output thread search gave before it
# read files in parallel and ruled them out by their bytes
# (tests/golden/search/, written by that version; GOLDEN_UPDATE=1 rewrites
# them from this one, which must then be checked by hand).

. "$(dirname "$0")/test-lib.sh"

SEARCH_GOLDEN=$GOLDEN/search
GOLDEN_UPDATE=${GOLDEN_UPDATE:-}
REPO=$TRASH/repo

# Each query: a name for its golden file, then the arguments.
queries() {
	cat <<'EOF'
common	runbook
rare	intern
absent	zyzzyva
phrase	'"rollback runbook" -draft'
exclude	'review -security'
accent	résumé
capitals	'RUNBOOK Rotation'
private	--include-private runbook
json	--format json runbook
verbose	-v debugging
speaker	--transcripts --speaker Sam integration
files	-l flaky
regex	--regex run.?book
kind	--kind task --open runbook
person	--person p0003 zoe
EOF
}

test_expect_success 'a realistic repository with CRLF files, accents and private notes' '
	${CC:-cc} -std=c11 -O2 -o "$TRASH/gen-repo" "$SRC_DIR/bench/gen-repo.c" &&
	"$TRASH/gen-repo" -t "$REPO" 8 30 >/dev/null &&
	cd "$REPO" &&
	# A Private heading inside a list item: what follows it, to the next
	# section, is private.
	printf "%s\n" "" "### Notes" "- Context for the reorg" "  ### Private" \
		"- Worried about the runbook on-call load; keep it between us" \
		"" "### Risks" "- The runbook rotation may slip past the freeze" >>people/p0004.md &&
	printf "%s\n" "" "### Private" \
		"- Thinks the RUNBOOK rotation is unfair to the juniors; raise it gently" >>people/p0005.md &&
	printf "%s\n" "" "### Notes" \
		"Zoë wants her résumé reviewed before the promotion packet." \
		"She would like to own the rollback runbook rework." >>people/p0003.md &&
	# Windows line endings: a person file and a transcript.
	sed "s/\$/\r/" people/p0002.md >crlf && mv crlf people/p0002.md &&
	t=$(ls transcripts/p0008/*.txt | head -n 1) &&
	sed "s/\$/\r/" "$t" >crlf && mv crlf "$t" &&
	grep -q "$(printf "\r")" people/p0002.md &&
	test $(ls transcripts/p0003 transcripts/p0008 | grep -c "\.txt") = 28
'

# same NAME ARGS...: the output and exit status on 1, 2 and 3 threads are
# the golden ones.
same() {
	name=$1
	shift
	for jobs in 1 2 3; do
		(cd "$REPO" && THREAD_JOBS=$jobs "$THREAD" search "$@") >"out.$jobs" 2>&1 &&
			rc=0 || rc=$?
		echo "exit $rc" >>"out.$jobs"
	done
	if [ -n "$GOLDEN_UPDATE" ]; then
		cp out.1 "$SEARCH_GOLDEN/$name.out"
	fi
	test_cmp "$SEARCH_GOLDEN/$name.out" out.1 &&
	test_cmp "$SEARCH_GOLDEN/$name.out" out.2 &&
	test_cmp "$SEARCH_GOLDEN/$name.out" out.3
}

tab=$(printf "\t")
while IFS=$tab read -r name args; do
	test_expect_success "search $args: as before, on 1, 2 and 3 threads" '
		eval "set -- $args" &&
		same "$name" "$@"
	'
done <<EOF
$(queries)
EOF

test_expect_success 'the golden outputs show what the queries are about' '
	grep -q "p0004.md:.*The runbook rotation may slip" "$SEARCH_GOLDEN/common.out" &&
	! grep -q "Worried about the runbook" "$SEARCH_GOLDEN/common.out" &&
	grep -q "Worried about the runbook" "$SEARCH_GOLDEN/private.out" &&
	grep -q "unfair to the juniors" "$SEARCH_GOLDEN/private.out" &&
	! grep -q "unfair to the juniors" "$SEARCH_GOLDEN/capitals.out" &&
	grep -q "p0002.md:" "$SEARCH_GOLDEN/common.out" &&
	grep -q "résumé" "$SEARCH_GOLDEN/accent.out" &&
	grep -q "transcripts/p0008/" "$SEARCH_GOLDEN/speaker.out" &&
	grep -q "cites transcripts/" "$SEARCH_GOLDEN/verbose.out" &&
	grep -q "^exit 1" "$SEARCH_GOLDEN/absent.out"
'

test_expect_success 'a file that cannot be read is told in people/ order, whatever the threads' '
	cp -R "$REPO" repo &&
	# in a session that has the word, so that it is parsed
	printf "%s\0%s\n" "- runbook" " broken" >>repo/people/p0002.md &&
	printf "%s\0%s\n" "- runbook" " broken" >>repo/people/p0006.md &&
	for jobs in 1 2 3; do
		(cd repo && THREAD_JOBS=$jobs "$THREAD" search runbook) >out.$jobs 2>err.$jobs &&
			rc=0 || rc=$?
		test $rc = 2 &&
		grep "p000[26].md" err.$jobs | sed "s/:.*//" >files.$jobs || return 1
	done &&
	printf "%s\n" people/p0002.md people/p0006.md >expect.files &&
	sed "s#^.*/people/#people/#" files.1 | uniq >got &&
	test_cmp expect.files got &&
	test_cmp err.1 err.2 && test_cmp err.1 err.3 &&
	test_cmp out.1 out.2 && test_cmp out.1 out.3
'

test_expect_success 'a query word finds the words it stems from: "die" finds "dying"' '
	new_repo r &&
	cd r &&
	cat >people/alice.md <<-\EOF &&
	---
	name: Alice Chen
	cadence: weekly
	---

	# Alice Chen

	## 2026-11-20

	### Notes
	- The old build farm is dying; plan its replacement
	- Nothing else came up
	EOF
	"$THREAD" search die >out &&
	grep -q "build farm is dying" out &&
	test_exit 1 "$THREAD" search lie
'

test_done
