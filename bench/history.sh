# shellcheck shell=bash
# bench/history.sh - the history part of `make bench`, sourced by
# bench/run.sh (which defines make_repo, bench_add, bench_run, stats, row,
# ratio, $GEN, $THREAD, $BUILD, $ROOT, $RUNS, $TODAY).  Alone:
#
#   BENCH_PART=history bench/run.sh ./thread
#
# Histories are made by bench/gen-history.pl: one closeout commit per
# session of PEOPLE x SESSIONS (people from bench/gen-repo), in date
# order.  The sizes are variables:
#
#   HIST_PEOPLE x HIST_SESSIONS            the main history (100 x 50: 5,000 commits)
#   HIST_BIG_PEOPLE x HIST_BIG_SESSIONS    the large one (1,000 x 20: 20,000 commits)
#   HIST_SMALL_PEOPLE x HIST_BIG_SESSIONS  a tenth of it, for growth (100 x 20: 2,000)
#   HIST_RUNS                              timed runs on the large history (3)
#
# Measured, each as medians of interleaved runs in one go:
#   1. thread log HANDLE and thread history FILE:LINE against
#      git log -p -- FILE (target <= 1.5), and their peak memory (< 64 MB);
#   2. thread log and thread stats, cold (no cache) against
#      git log -p -- people/ (target <= 1.5), and warm: one commit newer than
#      the cache (target <= 50 ms);
#   3. growth: each command on 10x the commits (and people), 10x the work
#      should take at most 11x the time.

HIST_PEOPLE=${HIST_PEOPLE:-100}
HIST_SESSIONS=${HIST_SESSIONS:-50}
HIST_BIG_PEOPLE=${HIST_BIG_PEOPLE:-1000}
HIST_BIG_SESSIONS=${HIST_BIG_SESSIONS:-20}
HIST_SMALL_PEOPLE=${HIST_SMALL_PEOPLE:-$((HIST_BIG_PEOPLE / 10))}
HIST_RUNS=${HIST_RUNS:-3}

# make_history PEOPLE SESSIONS: build/bench/history-PxS, a git repository
# of PEOPLE x SESSIONS closeout commits, unless present and up to date.
# Its commit before last is tagged `before`; .git/thread/before.cache is
# the history cache as of that commit, for the warm runs.
make_history() {
    local dir=$BUILD/history-$1x$2
    HDIR=$dir
    if [ -f "$dir/.git/thread/before.cache" ] && [ ! "$GEN" -nt "$dir/.git" ] &&
        [ ! "$ROOT/bench/gen-history.pl" -nt "$dir/.git" ] && [ ! "$THREAD" -nt "$dir/.git/thread/before.cache" ]; then
        return 0
    fi
    rm -rf "$dir" "$dir.src"
    "$GEN" "$dir.src" "$1" "$2" >/dev/null || die "cannot generate the people of $dir"
    git init -q -b main "$dir"
    perl "$ROOT/bench/gen-history.pl" "$dir.src" "$dir" >/dev/null || die "cannot build the history $dir"
    cp "$dir.src/.thread.yaml" "$dir/"
    rm -rf "$dir.src"
    git -C "$dir" checkout -q main -- people
    git -C "$dir" tag before main~1
    # the cache as of `before`: read with HEAD there, then HEAD put back
    git -C "$dir" update-ref --no-deref HEAD before
    (cd "$dir" && THREAD_TODAY=$TODAY "$THREAD" log >/dev/null) || die "thread log failed in $dir"
    git -C "$dir" symbolic-ref HEAD refs/heads/main
    mv "$dir/.git/thread/history.cache" "$dir/.git/thread/before.cache"
}

# hist_target DIR: sets H_HANDLE, H_FILE and H_LINE: a person and the
# line of an item of their last session.
hist_target() {
    H_HANDLE=p0042
    H_FILE=people/$H_HANDLE.md
    if [ ! -f "$1/$H_FILE" ]; then
        H_FILE=$(cd "$1" && printf '%s\n' people/*.md | head -n 1)
    fi
    H_HANDLE=${H_FILE#people/}
    H_HANDLE=${H_HANDLE%.md}
    H_LINE=$(grep -n '^- \[' "$1/$H_FILE" | tail -n 1 | cut -d: -f1)
}

# warm_cmd DIR CMD...: the command run with the cache one commit behind
# (a hard link to before.cache: thread replaces the file, never writes in
# it, so the saved one stays as it was).
warm_cmd() {
    local dir=$1
    shift
    bench_add "$WNAME" "$dir" sh -c 'ln -f .git/thread/before.cache .git/thread/history.cache && exec "$@"' sh "$@"
}

# cold_cmd DIR CMD...: the command with no cache at all.
cold_cmd() {
    local dir=$1
    shift
    bench_add "$WNAME" "$dir" sh -c 'rm -f .git/thread/history.cache && exec "$@"' sh "$@"
}

target_word() { # RATIO TARGET: "meets the target" or "ABOVE the target"
    if awk -v r="$1" -v t="$2" 'BEGIN { exit !(r + 0 <= t + 0) }'; then echo "meets the target"; else echo "ABOVE the target"; fi
}

# --- 1 and 2 on the main history ----------------------------------------------
export THREAD_TODAY=$TODAY
make_history "$HIST_PEOPLE" "$HIST_SESSIONS"
HMAIN=$HDIR
NCOMMITS=$(git -C "$HMAIN" rev-list --count HEAD)
hist_target "$HMAIN"
bench_add gitfile "$HMAIN" git log -p -- "$H_FILE"
bench_add loghandle "$HMAIN" "$THREAD" log "$H_HANDLE"
bench_add history "$HMAIN" "$THREAD" history "$H_FILE:$H_LINE"
bench_add gitlog "$HMAIN" git log -p -- people/
WNAME=logcold cold_cmd "$HMAIN" "$THREAD" log
WNAME=statscold cold_cmd "$HMAIN" "$THREAD" stats
WNAME=logwarm warm_cmd "$HMAIN" "$THREAD" log
WNAME=statswarm warm_cmd "$HMAIN" "$THREAD" stats
bench_add lint "$HMAIN" "$THREAD" lint -q
bench_add linkonly "$HMAIN" sh -c 'ln -f .git/thread/before.cache .git/thread/history.cache'
bench_run gitfile loghandle history gitlog logcold statscold logwarm statswarm lint linkonly

echo "History: $NCOMMITS closeout commits of $HIST_PEOPLE people (bench/gen-history.pl); load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
row "command" "median ms" "min-max ms" "max RSS KiB"
declare -A HMED
for n in gitfile loghandle history gitlog logcold statscold logwarm statswarm lint linkonly; do
    stats "$n"
    # shellcheck disable=SC2153 # MED is set by stats, in bench/run.sh
    HMED[$n]=$MED
    case $n in
    gitfile) label="git log -p -- $H_FILE" ;;
    loghandle) label="thread log $H_HANDLE" ;;
    history) label="thread history $H_FILE:$H_LINE" ;;
    gitlog) label="git log -p -- people/" ;;
    logcold) label="thread log, no cache" ;;
    statscold) label="thread stats, no cache" ;;
    logwarm) label="thread log, 1 commit new" ;;
    statswarm) label="thread stats, 1 commit new" ;;
    lint) label="thread lint -q (for stats)" ;;
    linkonly) label="ln (in the warm runs)" ;;
    esac
    row "${label:0:30}" "$MED" "$MIN-$MAX" "${RSS[$n]}"
    [ "${STATUS[$n]}" -eq 0 ] || echo "  WARNING: $label exited with status ${STATUS[$n]}"
done
R=$(ratio "${HMED[loghandle]}" "${HMED[gitfile]}")
echo "  log HANDLE / git log -p -- FILE:       $R   target <= 1.5: $(target_word "$R" 1.5)"
R=$(ratio "${HMED[history]}" "${HMED[gitfile]}")
echo "  history FILE:LINE / git log -p -- FILE: $R   target <= 1.5: $(target_word "$R" 1.5)"
R=$(ratio "${HMED[logcold]}" "${HMED[gitlog]}")
echo "  log cold / git log -p -- people/:      $R   target <= 1.5: $(target_word "$R" 1.5)"
R=$(ratio "${HMED[statscold]}" "${HMED[gitlog]}")
echo "  stats cold / git log -p -- people/:    $R   target <= 1.5: $(target_word "$R" 1.5)"
echo "  log warm: ${HMED[logwarm]} ms, stats warm: ${HMED[statswarm]} ms   target <= 50 ms: $(target_word "${HMED[logwarm]}" 50) (log), $(target_word "${HMED[statswarm]}" 50) (stats)"
echo "  (stats also reads every person file as it is now; .git/thread/stats.cache spares parsing"
echo "  the unchanged ones, and it is kept as it is in the warm runs)"
echo

# --- 3: growth, and memory at the large history -------------------------------
make_history "$HIST_SMALL_PEOPLE" "$HIST_BIG_SESSIONS"
HSMALL=$HDIR
make_history "$HIST_BIG_PEOPLE" "$HIST_BIG_SESSIONS"
HBIG=$HDIR
NSMALL=$(git -C "$HSMALL" rev-list --count HEAD)
NBIG=$(git -C "$HBIG" rev-list --count HEAD)
SAVED_RUNS=$RUNS
RUNS=$HIST_RUNS
for size in small big; do
    if [ $size = small ]; then d=$HSMALL; else d=$HBIG; fi
    hist_target "$d"
    bench_add "gitfile-$size" "$d" git log -p -- "$H_FILE"
    bench_add "loghandle-$size" "$d" "$THREAD" log "$H_HANDLE"
    bench_add "history-$size" "$d" "$THREAD" history "$H_FILE:$H_LINE"
    bench_add "gitlog-$size" "$d" git log -p -- people/
    WNAME=logcold-$size cold_cmd "$d" "$THREAD" log
    WNAME=statscold-$size cold_cmd "$d" "$THREAD" stats
    WNAME=logwarm-$size warm_cmd "$d" "$THREAD" log
done
bench_run gitfile-small gitfile-big loghandle-small loghandle-big history-small history-big \
    gitlog-small gitlog-big logcold-small logcold-big statscold-small statscold-big \
    logwarm-small logwarm-big
RUNS=$SAVED_RUNS

echo "Growth: $NSMALL commits of $HIST_SMALL_PEOPLE people -> $NBIG commits of $HIST_BIG_PEOPLE people (x$(ratio "$NBIG" "$NSMALL") work); load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
printf '  %-26s %10s %10s %8s %12s %14s\n' "command" "small ms" "big ms" "growth" "big RSS KiB" "big / git"
for n in gitfile loghandle history gitlog logcold statscold logwarm; do
    stats "$n-small"
    S=$MED
    stats "$n-big"
    B=$MED
    case $n in
    loghandle | history) VS=$(ratio "$B" "${HMED_BIG_GITFILE:-0}") ;;
    logcold | statscold) VS=$(ratio "$B" "${HMED_BIG_GITLOG:-0}") ;;
    *) VS="" ;;
    esac
    [ $n = gitfile ] && HMED_BIG_GITFILE=$B
    [ $n = gitlog ] && HMED_BIG_GITLOG=$B
    printf '  %-26s %10s %10s %8s %12s %14s\n' "$n" "$S" "$B" "x$(ratio "$B" "$S")" "${RSS[$n-big]}" "$VS"
    for s in small big; do
        [ "${STATUS[$n-$s]}" -eq 0 ] || echo "  WARNING: $n ($s) exited with status ${STATUS[$n-$s]}"
    done
done
echo "  targets: growth <= x11 for 10x the work; history and log HANDLE <= 1.5x git log -p -- FILE"
echo "  and under 64 MB (65536 KiB) at $NBIG commits; warm log O(the new commit)"
echo "  (gitfile, loghandle and history: one person's file; the others: all of people/)"
echo
