# bench/search.sh - sourced by bench/run.sh (BENCH_PART=search runs it alone):
#
#   BENCH_PART=search bench/run.sh ./thread [PEOPLE] [SESSIONS]
#
# thread search keeps no index: a query reads every file, rules out by their
# bytes the ones that cannot hold the word, and parses only the sessions that
# may.  The target is at most 2x git grep -c of the same word over the same
# files, people/ and transcripts/ (git grep --no-index: the generated
# repository is not a git repository), on a repository of PEOPLE people
# with transcripts, about 20 MB in all (gen-repo -t, two thirds of SESSIONS
# each).  The words: common, rare, absent; SEARCH_WORDS overrides them.
SEARCH_WORDS=${SEARCH_WORDS:-"runbook intern zyzzyva"}
TREPO=$BUILD/repo-$PEOPLE-t
if [ ! -f "$TREPO/.thread.yaml" ] || [ "$GEN" -nt "$TREPO/.thread.yaml" ]; then
    rm -rf "$TREPO" "$TREPO.tmp"
    "$GEN" -t "$TREPO.tmp" "$PEOPLE" $((SESSIONS * 2 / 3)) >/dev/null || die "cannot generate $TREPO"
    mv "$TREPO.tmp" "$TREPO"
fi
TBYTES=$(cat "$TREPO"/people/*.md "$TREPO"/transcripts/*/*.txt | wc -c | tr -d ' ')
cat "$TREPO"/.thread.yaml "$TREPO"/people/*.md "$TREPO"/transcripts/*/*.txt >/dev/null
echo "Search: thread search WORD against git grep -c WORD -- people transcripts ($PEOPLE people, $(mb "$TBYTES") MB with transcripts)"
row "word" "search ms" "git grep ms" "ratio"
for word in $SEARCH_WORDS; do
    bench_add "grep-$word" "$TREPO" git grep --no-index -c "$word" -- people transcripts
    bench_add "search-$word" "$TREPO" "$THREAD" search "$word"
    bench_run "grep-$word" "search-$word"
    stats "grep-$word"
    G_MED=$MED
    stats "search-$word"
    row "$word" "$MED" "$G_MED" "$(ratio "$MED" "$G_MED")"
done
echo "  target: ratio <= 2 (git grep is multi-threaded and only counts lines; search"
echo "  parses the sessions that hold the word, to know their sections and privacy, and ranks)"
echo

