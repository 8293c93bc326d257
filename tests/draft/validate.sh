#!/bin/sh
# Checks the labelled set against its format (see README): every transcript
# imports, every truth row and item is well formed, and every line number it
# cites exists in the import. Run from the top of the tree after make thread:
#   sh tests/draft/validate.sh        (THREAD=path/to/thread to pick a build)
# Prints one line per problem and exits 1 if there is any.
THREAD=${THREAD:-./thread}
dir=$(dirname "$0")
status=0
for t in "$dir"/*.vtt "$dir"/*.srt "$dir"/*.json "$dir"/*.txt; do
	[ -f "$t" ] || continue
	base=${t%.*}
	n=$("$THREAD" transcript import "$t" 2>/dev/null | wc -l) ||
		{ echo "$t: does not import"; status=1; continue; }
	"$THREAD" transcript import "$t" >/dev/null 2>&1 ||
		{ echo "$t: does not import"; status=1; continue; }
	for f in "$base.truth" "$base.items"; do
		[ -f "$f" ] || { echo "$f: missing"; status=1; }
	done
	awk -F'\t' -v n="$n" -v file="$base.truth" '
	function bad(msg) { printf "%s:%d: %s\n", file, NR, msg; err = 1 }
	function lines(s,   a, i, k) {
		k = split(s, a, ",")
		for (i = 1; i <= k; i++)
			if (a[i] !~ /^[1-9][0-9]*$/ || a[i] + 0 > n)
				bad("line " a[i] " is not a line of the import (1-" n ")")
	}
	/^# person: [a-z][a-z0-9-]* \(.+\)$/ { split($0, p, " "); handle[p[3]] = 1; person = 1; next }
	/^# manager: [a-z][a-z0-9-]* \(.+\)$/ { manager = 1; next }
	/^# date: [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/ { date = 1; next }
	/^# cadence: / { cadence = 1; next }
	/^# known: / { k = split(substr($0, 10), a, ","); for (i = 1; i <= k; i++) handle[a[i]] = 1; known = 1; next }
	/^#/ { next }
	/^$/ { bad("blank line"); next }
	{
		if (NF != 5) { bad("expected 5 tab-separated fields, got " NF); next }
		if ($1 !~ /^(task|ask|blocker|decision|win)$/) bad("unknown kind " $1)
		lines($2)
		if ($3 != "me" && $3 != "-" && !($3 in handle)) bad("owner " $3 " is not me, -, the person or a known handle")
		if ($4 != "-" && $4 !~ /^20[0-9][0-9]-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/) bad("due " $4 " is not YYYY-MM-DD or -")
		if ($5 == "") bad("empty text")
		rows++
	}
	END {
		if (!person || !manager || !date || !cadence || !known) { printf "%s: header incomplete\n", file; err = 1 }
		if (!rows) { printf "%s: no rows\n", file; err = 1 }
		exit err
	}' "$base.truth" || status=1
	awk -F'\t' -v n="$n" -v file="$base.items" '
	/^#/ { next }
	{
		if (NF != 2 || $2 == "") { printf "%s:%d: expected LINES<TAB>TEXT\n", file, NR; err = 1; next }
		k = split($1, a, ",")
		for (i = 1; i <= k; i++)
			if (a[i] !~ /^[1-9][0-9]*$/ || a[i] + 0 > n) { printf "%s:%d: line %s is not a line of the import (1-%d)\n", file, NR, a[i], n; err = 1 }
	}
	END { exit err }' "$base.items" || status=1
done
exit $status
