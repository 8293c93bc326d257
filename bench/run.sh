#!/usr/bin/env bash
# bench/run.sh THREAD_BINARY [PEOPLE] [SESSIONS]       (defaults 200 150)
#
# The `make bench` benchmark: times `thread lint` on a deterministic synthetic
# repository against bare cmark parsing of the same files, and checks that
# lint's peak memory does not grow with the number of files.  It measures and
# reports; it never fails because of a slow result.  Exit 2 on a usage or
# system error (including a missing `cmark`: apt-get install cmark).
#
# Builds bench/gen-repo.c and bench/rusage.c into build/bench/ with ${CC:-cc},
# and generates the repositories there (build/bench/repo-<P>x<S>, reused).
# BENCH_RUNS=N in the environment changes the number of timed runs (5).
# BENCH_PART=search runs only the search benchmark (bench/search.sh).
# BENCH_PART=history runs only the history benchmarks; their sizes are
# variables too (HIST_PEOPLE, HIST_BIG_PEOPLE, ...: see bench/history.sh).
set -eu

usage() {
    echo "usage: bench/run.sh THREAD_BINARY [PEOPLE] [SESSIONS]   (defaults 200 150)" >&2
    exit 2
}
die() {
    echo "bench: $*" >&2
    exit 2
}

if [ $# -lt 1 ] || [ $# -gt 3 ]; then usage; fi
THREAD=$1
PEOPLE=${2:-200}
SESSIONS=${3:-150}
RUNS=${BENCH_RUNS:-5} # timed runs per command (median of these)
TODAY=2026-11-21
TARGET=1.25
case $PEOPLE in '' | *[!0-9]* | 0*) die "PEOPLE must be a positive number, not '$PEOPLE'" ;; esac
case $RUNS in '' | *[!0-9]* | 0*) die "BENCH_RUNS must be a positive number, not '$RUNS'" ;; esac
case $SESSIONS in '' | *[!0-9]* | 0*) die "SESSIONS must be a positive number, not '$SESSIONS'" ;; esac

export LC_ALL=C
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build/bench

# The thread binary, as an absolute path (the timed commands run elsewhere).
case $THREAD in
*/*) if [ ! -f "$THREAD" ] || [ ! -x "$THREAD" ]; then die "$THREAD: no such executable (run make first)"; fi
     THREAD=$(cd "$(dirname "$THREAD")" && pwd)/$(basename "$THREAD") ;;
*)   THREAD=$(command -v "$THREAD") || die "$1: no such command" ;;
esac
CMARK=$(command -v cmark) || die "cmark is not installed: the baseline needs the cmark command (Debian package cmark)"

mkdir -p "$BUILD"

# --- tools -------------------------------------------------------------------
build_tool() { # NAME [LIBS...]: build/bench/NAME from bench/NAME.c when missing or stale
    local src=$ROOT/bench/$1.c bin=$BUILD/$1
    shift
    if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
        # shellcheck disable=SC2086 # CC may be a command with arguments
        ${CC:-cc} -std=c11 -O2 -Wall -Wextra -o "$bin.tmp" "$src" "$@" || die "cannot build $bin"
        mv -f "$bin.tmp" "$bin"
    fi
}
build_tool gen-repo
build_tool rusage
# shellcheck disable=SC2046 # pkg-config prints separate flags
build_tool cmark-parse $(pkg-config --cflags --libs libcmark)
GEN=$BUILD/gen-repo
PARSE=$BUILD/cmark-parse
RUSAGE=$BUILD/rusage

# --- repositories ------------------------------------------------------------
repo_dir() { echo "$BUILD/repo-$1x$2"; }

make_repo() { # PEOPLE SESSIONS: generate unless present and newer than gen-repo
    local dir
    dir=$(repo_dir "$1" "$2")
    if [ ! -f "$dir/.thread.yaml" ] || [ "$GEN" -nt "$dir/.thread.yaml" ]; then
        rm -rf "$dir" "$dir.tmp"
        "$GEN" "$dir.tmp" "$1" "$2" >/dev/null || die "cannot generate $dir"
        mv "$dir.tmp" "$dir"
    fi
}

repo_bytes() { cat "$1"/people/*.md | wc -c | tr -d ' '; }
repo_files() { find "$1/people" -name '*.md' | wc -l | tr -d ' '; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
warm() { cat "$1"/.thread.yaml "$1"/people/*.md >/dev/null; }

# --- measuring ---------------------------------------------------------------
# Each benchmark is a name, a folder to run in and a command.  The runs of the
# benchmarks being compared are interleaved (a b a b ...), after one untimed
# warm-up run each, so that drift on a busy machine hits all of them alike.
declare -A B_DIR B_CMD WALLS RSS STATUS

# bench_add NAME DIR CMD...
bench_add() {
    local name=$1 dir=$2
    shift 2
    B_DIR[$name]=$dir
    B_CMD[$name]=$(printf '%q ' "$@")
    WALLS[$name]=""
    RSS[$name]=0
    STATUS[$name]=0
}

# bench_once NAME [timed]: one run under rusage
bench_once() {
    local name=$1 line w r s
    line=$(cd "${B_DIR[$name]}" && eval "set -- ${B_CMD[$name]}" && "$RUSAGE" "$@") ||
        die "rusage failed on: ${B_CMD[$name]:0:200}"
    [ $# -ge 2 ] || return 0
    w=${line#wall_ms=}
    w=${w%% *}
    r=${line#*maxrss_kb=}
    r=${r%% *}
    s=${line##*status=}
    WALLS[$name]="${WALLS[$name]} $w"
    if [ "$r" -gt "${RSS[$name]}" ]; then RSS[$name]=$r; fi
    if [ "${STATUS[$name]}" -eq 0 ]; then STATUS[$name]=$s; fi
}

# bench_run NAME...: a warm-up run of each, then $RUNS timed rounds
bench_run() {
    local name
    for name; do bench_once "$name"; done
    for _ in $(seq "$RUNS"); do
        for name; do bench_once "$name" timed; done
    done
}

# stats NAME: sets MED, MIN and MAX (wall ms, one decimal)
stats() {
    local out
    # shellcheck disable=SC2086 # numbers, split on purpose
    out=$(printf '%s\n' ${WALLS[$1]} | sort -g | awk '{ a[NR] = $1 }
        END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
              printf "%.1f %.1f %.1f", m, a[1], a[NR] }')
    read -r MED MIN MAX <<<"$out"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

row() { printf '  %-30s %10s %16s %13s\n' "$@"; }

# add_cmark NAME DIR: the baseline, `cmark people/*.md >/dev/null` run in DIR
add_cmark() {
    local files
    mapfile -t files < <(cd "$2" && printf '%s\n' people/*.md)
    bench_add "$1" "$2" "$CMARK" "${files[@]}"
}

# add_lint NAME DIR: `thread lint -q DIR` (DIR relative to the project root)
add_lint() {
    bench_add "$1" "$ROOT" "$THREAD" lint -q "${2#"$ROOT"/}"
    LINT_DIR[$1]=${2#"$ROOT"/}
}
declare -A LINT_DIR

# lint_check NAME: warn when lint did not exit 0, showing the first lines it printed
lint_check() {
    local name=$1 rel
    if [ "${STATUS[$name]}" -ne 0 ]; then
        rel=${LINT_DIR[$name]}
        echo "  WARNING: thread lint exited with status ${STATUS[$name]} on $rel (expected 0); its first lines:"
        (cd "$ROOT" && "$THREAD" lint "$rel" 2>&1 | head -n 5 | sed 's/^/    | /') || true
    fi
}

export THREAD_TODAY=$TODAY

# BENCH_PART=history: the history benchmarks alone (bench/history.sh).
if [ "${BENCH_PART:-all}" = history ]; then
    . "$ROOT/bench/history.sh"
    exit 0
fi
# BENCH_PART=search: thread search against git grep alone (bench/search.sh).
if [ "${BENCH_PART:-all}" = search ]; then
    . "$ROOT/bench/search.sh"
    exit 0
fi

# --- main comparison ---------------------------------------------------------
make_repo "$PEOPLE" "$SESSIONS"
REPO=$(repo_dir "$PEOPLE" "$SESSIONS")
REL=${REPO#"$ROOT"/}
BYTES=$(repo_bytes "$REPO")
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)

echo "thread benchmark: thread lint vs bare cmark parsing"
echo "  machine: $(uname -sm), ${CPU:-unknown CPU}, $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs"
version() { # CMD: the first line of `CMD --version`, if it has one
    local v
    if v=$("$1" --version 2>/dev/null); then echo "${v%%$'\n'*}"; else echo "version unknown"; fi
}
echo "  thread:  $THREAD ($(version "$THREAD"))"
echo "  cmark:   $CMARK ($(version "$CMARK"))"
echo "  repo:    $REL: $(repo_files "$REPO") person files x $SESSIONS sessions, $(mb "$BYTES") MB ($BYTES bytes)"
echo "           synthetic and deterministic (bench/gen-repo), valid per thread(5), no transcripts"
echo

warm "$REPO"
add_cmark cmark "$REPO"
add_lint lint "$REPO"
bench_add lint-j1 "$ROOT" "$THREAD" lint -q -j 1 "$REL"
mapfile -t FILES < <(cd "$REPO" && printf '%s\n' people/*.md)
bench_add parse "$REPO" "$PARSE" "${FILES[@]}"
bench_run cmark parse lint lint-j1

echo "Timing: timed runs per command: $RUNS (interleaved, after a warm-up run; page cache warm)"
row "command" "median ms" "min-max ms" "max RSS KiB"
stats cmark
C_MED=$MED
row "cmark people/*.md (baseline)" "$MED" "$MIN-$MAX" "${RSS[cmark]}"
stats parse
P_MED=$MED
row "libcmark parse only, per file" "$MED" "$MIN-$MAX" "${RSS[parse]}"
stats lint
L_MED=$MED
row "thread lint -q ($(nproc 2>/dev/null || echo '?') threads)" "$MED" "$MIN-$MAX" "${RSS[lint]}"
stats lint-j1
J1_MED=$MED
row "thread lint -q -j 1" "$MED" "$MIN-$MAX" "${RSS[lint-j1]}"
[ "${STATUS[cmark]}" -eq 0 ] || echo "  WARNING: cmark exited with status ${STATUS[cmark]}"
lint_check lint
R=$(ratio "$L_MED" "$C_MED")
if awk -v r="$R" -v t="$TARGET" 'BEGIN { exit !(r + 0 <= t + 0) }'; then
    VERDICT="meets the target"
else
    VERDICT="ABOVE the target"
fi
echo "  ratio lint/cmark (medians): $R   target <= $TARGET: $VERDICT"
[ "${STATUS[lint]}" -eq 0 ] || echo "  (lint did not exit 0, so these figures are not comparable)"
echo "  The baseline is ONE cmark process given all the files (read as one document);"
echo "  cmark also renders HTML (to /dev/null), which is more than bare parsing, so it"
echo "  is a slightly generous baseline. Lint runs with THREAD_TODAY=$TODAY."
echo "  The strict reference parses each file with libcmark and nothing else, on"
echo "  one thread (bench/cmark-parse.c):"
R=$(ratio "$L_MED" "$P_MED")
if awk -v r="$R" 'BEGIN { exit !(r + 0 <= 1.0) }'; then VERDICT="meets the target"; else VERDICT="ABOVE the target"; fi
echo "  ratio lint/parse-only (medians): $R   target <= 1.0 (lint on every core): $VERDICT"
echo "  ratio lint -j 1/parse-only (medians): $(ratio "$J1_MED" "$P_MED")   (one thread, for comparison)"
echo "  load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo

# --- memory scaling ----------------------------------------------------------
SMALL=50
if [ "$PEOPLE" -le "$SMALL" ]; then
    SMALL=$((PEOPLE / 4))
    if [ "$SMALL" -lt 1 ]; then SMALL=1; fi
fi
make_repo "$SMALL" "$SESSIONS"
SREPO=$(repo_dir "$SMALL" "$SESSIONS")
SBYTES=$(repo_bytes "$SREPO")
warm "$SREPO"
add_cmark cmark-small "$SREPO"
add_lint lint-small "$SREPO"
bench_run cmark-small lint-small

echo "Memory scaling: lint's peak RSS must not grow with the number of files"
printf '  %-30s %14s %16s\n' "repository ($SESSIONS sessions)" "lint RSS KiB" "cmark RSS KiB"
printf '  %-30s %14s %16s\n' "$SMALL people, $(mb "$SBYTES") MB" "${RSS[lint-small]}" "${RSS[cmark-small]}"
printf '  %-30s %14s %16s\n' "$PEOPLE people, $(mb "$BYTES") MB" "${RSS[lint]}" "${RSS[cmark]}"
printf '  %-30s %14s %16s\n' "ratio $PEOPLE/$SMALL" "$(ratio "${RSS[lint]}" "${RSS[lint-small]}")" \
    "$(ratio "${RSS[cmark]}" "${RSS[cmark-small]}")"
lint_check lint-small
echo "  lint's ratio should be about 1.0. cmark keeps its whole input in memory, so"
echo "  its ratio shows what growing with the number of files looks like."
echo

# --- repeat-blockers scaling -------------------------------------------------
# The grouping must never compare every blocker with every other: 10x the
# blockers should cost at most 12x the time.  Every session of everyone is
# read (--since 1970-01-01) and grouped across people (--all-people), on the
# default repository and on one ten times larger (in people, so each file
# stays the same).
blockers() { awk '/^### Blockers/ { b = 1; next } /^#/ { b = 0 } b && /^- / { n++ } END { print n + 0 }' "$1"/people/*.md; }
BIG=$((PEOPLE * 10))
make_repo "$BIG" "$SESSIONS"
BREPO=$(repo_dir "$BIG" "$SESSIONS")
NB_SMALL=$(blockers "$REPO")
NB_BIG=$(blockers "$BREPO")
warm "$REPO"
warm "$BREPO"
bench_add repeat "$ROOT" "$THREAD" repeat-blockers --all-people --since 1970-01-01 --format json --today "$TODAY"
B_DIR[repeat]=$REPO
bench_add repeat-big "$ROOT" "$THREAD" repeat-blockers --all-people --since 1970-01-01 --format json --today "$TODAY"
B_DIR[repeat-big]=$BREPO
bench_run repeat repeat-big
echo "repeat-blockers: every session of everyone, grouped across people"
row "blockers" "median ms" "min-max ms" "max RSS KiB"
stats repeat
R_MED=$MED
row "$NB_SMALL ($PEOPLE people)" "$MED" "$MIN-$MAX" "${RSS[repeat]}"
stats repeat-big
RB_MED=$MED
row "$NB_BIG ($BIG people)" "$MED" "$MIN-$MAX" "${RSS[repeat-big]}"
echo "  blockers x$(ratio "$NB_BIG" "$NB_SMALL"), time x$(ratio "$RB_MED" "$R_MED")   target: time at most x12"
echo "  (the time includes reading and parsing every file, which grows linearly too;"
echo "  the generator tags blockers at random, so they fall into a few huge groups:"
echo "  a worst case for group size)"
echo

# --- the pre-commit hook: lint --staged with one staged file -----------------
# A git repository of PEOPLE people (STAGED_SESSIONS sessions each, so that
# 1,000 people stay about 20 MB), everything committed, then one person file
# changed and staged.  lint --staged must cost at most 2x `thread lint FILE`
# on that one file, stay flat from 50 to 1,000 people and under 20 ms.
STAGED_SESSIONS=${STAGED_SESSIONS:-30}
staged_repo() { # PEOPLE: build/bench/staged-<P>, one file staged
    local dir=$BUILD/staged-$1
    if [ ! -d "$dir/.git" ] || [ "$GEN" -nt "$dir/.git" ]; then
        rm -rf "$dir"
        "$GEN" "$dir" "$1" "$STAGED_SESSIONS" >/dev/null || die "cannot generate $dir"
        git -C "$dir" init -q -b main
        git -C "$dir" add -A
        git -C "$dir" -c user.name=bench -c user.email=bench@example.com commit -q -m people
    fi
    git -C "$dir" reset -q --hard
    printf '\n- One more note for the hook to read\n' >>"$dir/people/p0001.md"
    git -C "$dir" add people/p0001.md
    echo "$dir"
}
echo "The pre-commit hook: thread lint --staged with one staged file ($STAGED_SESSIONS sessions a person)"
row "people" "--staged ms" "lint FILE ms" "ratio (<= 2)"
STAGED_WORST=0
for n in 50 200 1000; do
    SDIR=$(staged_repo "$n")
    warm "$SDIR"
    bench_add "staged-$n" "$SDIR" "$THREAD" lint -q --staged
    bench_add "file-$n" "$SDIR" "$THREAD" lint -q people/p0001.md
    bench_run "staged-$n" "file-$n"
    stats "staged-$n"
    S_MED=$MED
    stats "file-$n"
    row "$n" "$S_MED" "$MED" "$(ratio "$S_MED" "$MED")"
    [ "${STATUS[staged-$n]}" -eq 0 ] || echo "  WARNING: lint --staged exited with status ${STATUS[staged-$n]}"
    STAGED_WORST=$(awk -v a="$STAGED_WORST" -v b="$S_MED" 'BEGIN { print (b > a) ? b : a }')
    git -C "$SDIR" reset -q --hard
done
echo "  slowest lint --staged: $STAGED_WORST ms   target < 20 ms, flat in the number of people"
echo

# --- history: log, stats and history against git log -p ---------------------
. "$ROOT/bench/history.sh"

# --- search against git grep -c --------------------------------------------
. "$ROOT/bench/search.sh"

# --- hostile input: bounded time --------------------------------------------
# Each file is about 1 MB of one shape that makes Markdown or YAML readers
# slow (bench/hostile.pl); none may take more than 1 s.  A 10 MB file of
# ordinary notes must still lint.
HDIR=$BUILD/hostile
[ -d "$HDIR/people" ] || perl "$ROOT/bench/hostile.pl" "$HDIR"
echo "Hostile input: thread lint on each file, one run each (target: at most 1000 ms a file)"
row "file" "ms" "" "max RSS KiB"
WORST=0
for f in "$HDIR"/people/*.md; do
    name=${f##*/}
    line=$(cd "$HDIR" && "$RUSAGE" "$THREAD" lint -q --today "$TODAY" "people/$name")
    w=${line#wall_ms=}; w=${w%% *}
    r=${line#*maxrss_kb=}; r=${r%% *}
    row "${name%.md}" "$w" "" "$r"
    case $name in ordinary-*) continue ;; esac
    WORST=$(awk -v a="$WORST" -v b="$w" 'BEGIN { print (b > a) ? b : a }')
done
echo "  worst hostile file: $WORST ms   target <= 1000"
