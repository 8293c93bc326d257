#!/bin/sh
# t0875-repeat-meaning.sh - thread repeat-blockers matches blockers by what
# their words mean, not only by the words: WordNet's derivations and
# synonyms and thread's workplace thesaurus (src/lexicon.c).  Without
# WordNet's data files it runs on the thesaurus alone and says nothing
# about it; a command that compares no blockers never opens them.

. "$(dirname "$0")/test-lib.sh"

# crafted HANDLE 'DATE|BLOCKER' ...: a person file with one session per
# argument, each with that blocker and a task nested under it.
crafted() {
	h=$1; shift
	printf -- '---\nname: %s\nrole: Engineer\ncadence: weekly\nconsent: notes-only\n---\n\n# %s\n' "$h" "$h"
	for s in "$@"; do
		printf '\n## %s\n\n### Blockers\n- %s\n  - [ ] task: Look into it @%s due:2026-11-27\n    Done when: we know more\n\n### Next\n- Blockers\n' \
			"${s%%|*}" "${s#*|}" "$h"
	done
}

R=$TRASH/r

test_expect_success 'a team whose blockers repeat in other words' '
	cp -R "$SRC_DIR/examples" "$R" && rm -rf "$R/flawed" "$R"/people/*.md &&
	cd "$R/people" &&
	crafted ada "2026-11-12|pricing decision pending" \
		"2026-11-19|nobody has decided on pricing" >ada.md &&
	crafted ben "2026-11-12|CI pipeline red on main" \
		"2026-11-19|build pipeline failing on main" >ben.md &&
	cd "$R" && thread lint -q
'

test_expect_success 'WordNet: "decided" is the verb of "decision", one pattern' '
	(cd "$R" && thread repeat-blockers --person ada) >out 2>err &&
	test_must_be_empty err &&
	grep -q "^1 repeating blocker" out &&
	grep -q "^   ada: 2 sessions in a row, first 2026-11-12, last 2026-11-19\$" out
'

test_expect_success 'the thesaurus: CI is the build pipeline, red is failing' '
	(cd "$R" && thread repeat-blockers --person ben) >out 2>err &&
	test_must_be_empty err &&
	grep -q "^   ben: 2 sessions in a row, first 2026-11-12, last 2026-11-19\$" out
'

test_expect_success 'without WordNet'"'"'s files: the thesaurus alone, silently' '
	(cd "$R" && WNSEARCHDIR=$TRASH/none WNHOME=$TRASH/none \
		thread repeat-blockers --person ben) >out 2>err &&
	test_must_be_empty err &&
	grep -q "^   ben: 2 sessions in a row" out &&
	(cd "$R" && WNSEARCHDIR=$TRASH/none WNHOME=$TRASH/none \
		thread repeat-blockers --person ada) >out 2>err &&
	test_must_be_empty err &&
	grep -q "^0 repeating blockers" out
'

# How many times a run opens WordNet's noun data, where strace(1) is
# installed (LeakSanitizer cannot run under ptrace: off for these runs;
# the exit status is not what is checked here).
opened() {
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=open,openat -o "$TRASH/trace" \
		"$THREAD" "$@" >/dev/null 2>&1 || :
	grep -v ENOENT "$TRASH/trace" | grep -c "/data\.noun\"" || :
}

test_expect_success 'WordNet is opened by a run that compares blockers, and only then' '
	if command -v strace >/dev/null; then
		cd "$R" &&
		test "$(opened repeat-blockers --person ada)" -ge 1 &&
		test "$(opened lint -q)" = 0 &&
		test "$(opened open)" = 0
	else
		echo "# strace(1) is not installed: which files are opened is not checked"
	fi
'

test_done
