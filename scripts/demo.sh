#!/bin/sh
# make demo: replay the example team (examples/) into a new thread
# repository as dated closeouts, one commit per 1:1 in date order, then show
# lint and the provenance of a decision on the result.
#   scripts/demo.sh [THREAD]
set -eu
THREAD=${1:-./thread}
case $THREAD in /*) ;; *) THREAD=$(pwd)/$THREAD ;; esac
src=$(pwd)/examples
demo=$(mktemp -d "${TMPDIR:-/tmp}/thread-demo.XXXXXX")/team

# The demo's commits carry each meeting's date and a fixed identity.
export GIT_AUTHOR_NAME='Sam Okafor' GIT_AUTHOR_EMAIL='sam@example.com'
export GIT_COMMITTER_NAME='Sam Okafor' GIT_COMMITTER_EMAIL='sam@example.com'
export GIT_AUTHOR_DATE=2026-09-01T09:00:00Z GIT_COMMITTER_DATE=2026-09-01T09:00:00Z

echo "== thread init $demo"
"$THREAD" init "$demo" >/dev/null
cd "$demo"
cp "$src/.thread.yaml" .thread.yaml
# Everyone's front matter first, so handles resolve from the first closeout.
for f in "$src"/people/*.md; do
	awk '/^## [0-9][0-9][0-9][0-9]-/ { exit } { print }' "$f" >"people/${f##*/}"
done
git add .thread.yaml people
git commit -q -m "the team: settings and people"

# One line per session: DATE HANDLE FIRST-LINE LAST-LINE, in date order.
for f in "$src"/people/*.md; do
	h=${f##*/}; h=${h%.md}
	awk -v h="$h" '
		/^## [0-9][0-9][0-9][0-9]-/ { if (d) print d, h, s, NR - 1; d = $2; s = NR; next }
		/^## / { if (d) print d, h, s, NR - 1; d = "" }
		END { if (d) print d, h, s, NR }' "$f"
done | sort >sessions.tmp

echo "== replaying $(wc -l <sessions.tmp) sessions as closeouts"
while read -r date h first last; do
	# The meeting's own items are open when it closes; the example files
	# hold them checked, as the next meetings left them.
	head -n "$last" "$src/people/$h.md" |
		awk -v first="$first" 'NR >= first { if (match($0, /^ *- \[[xX]\]/)) $0 = substr($0, 1, RLENGTH - 2) " ]" substr($0, RLENGTH + 1) } { print }' >"people/$h.md"
	set -- --date "$date"
	if [ -f "$src/transcripts/$h/$date.txt" ]; then
		set -- "$@" --transcript "$src/transcripts/$h/$date.txt"
	fi
	export GIT_AUTHOR_DATE="${date}T17:00:00Z" GIT_COMMITTER_DATE="${date}T17:00:00Z"
	THREAD_TODAY=$date "$THREAD" closeout "$h" "$@" | sed -n 's/^closeout: /  /p'
done <sessions.tmp
rm sessions.tmp

echo
echo "== thread lint (as of 2026-11-21)"
THREAD_TODAY=2026-11-21 "$THREAD" lint || true
echo
echo "== git log --oneline | head -5"
git log --oneline | head -5
prov=$(git log --format='%(trailers:key=Provenance,valueonly)' | sed -n '/^people/{s/ -> .*//;p;q}')
echo
echo "== thread provenance $prov"
"$THREAD" provenance "$prov"
echo
echo "== thread log | head -6 (closeouts, newest first)"
"$THREAD" log | head -n 6
echo
echo "== thread stats (as of 2026-11-21)"
"$THREAD" stats --today 2026-11-21
echo
# The seed's rule: route a repeating blocker with an escalation checkpoint,
# then watch the next meetings.  Kenji's pager rotation stopped once
# routed; Jonah's database access came back twice after it.
echo "== thread repeat-blockers --last 6 (what routing did; as of 2026-11-21)"
THREAD_TODAY=2026-11-21 "$THREAD" repeat-blockers --last 6 |
	grep -e '^[0-9]' -e '^   [a-z, ]*: [0-9]* sessions' -e '^   routing:'
echo
echo "== thread prep jonah (before his next 1:1)"
THREAD_TODAY=2026-11-21 "$THREAD" prep jonah | sed -n '1,/^## Growth rep/p' | sed '$d'
echo "== thread digest (the weekly open asks)"
THREAD_TODAY=2026-11-21 "$THREAD" digest | head -n 14
echo
# thread draft reads a transcript and proposes the notes, each line citing
# its transcript lines and marked (draft) until reviewed.  Kenji's 11-18
# meeting stands in for the next one's recording; --dry-run writes nothing.
echo "== thread draft kenji --transcript $src/transcripts/kenji/2026-11-18.txt --date 2026-11-25 --dry-run"
"$THREAD" draft kenji --transcript "$src/transcripts/kenji/2026-11-18.txt" \
	--date 2026-11-25 --dry-run | grep -e '^#' -e '(draft)$' | grep -v -e '^### Review' |
	awk '/^###/ { h = $0; next } { if (h) print h; h = ""; print }'
echo
# The memory library: words by stem across notes and transcripts, and for a
# transcript line the ledger items that cite it.
echo "== thread search 'security review' --person kenji | head -8"
"$THREAD" search "security review" --person kenji | head -n 8
echo
echo "== thread status (as of 2026-11-21: where each 1:1 stands)"
THREAD_TODAY=2026-11-21 "$THREAD" status
echo
echo "The demo repository is $demo: look around, it is yours to change."
