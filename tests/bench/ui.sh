#!/bin/sh
# SPDX-License-Identifier: MIT
# UI benchmark: what keeping jtune open costs, side by side with htop (and, given
# JTUNE_BASE_BUILD_DIR, with an earlier build, run at the same time on the same board so
# that the machine's load weighs on both alike).
#
#  1. bench_ui: terminal bytes and CPU time per frame, off-screen, every page and size,
#     painted whole and partially (only the widgets that changed).
#  2. The real thing: jtune (and htop) in a tmux pane under script(1), which records every
#     byte the program writes. After a warm-up, over a window of JTUNE_BENCH_SECONDS
#     (default 30) seconds: bytes/s written, CPU time per refresh (utime + stime of the UI
#     process), and the resident set (VmRSS) of the UI and of its jtune-helper. Cases:
#     120x40 and 300x80 at a 1 s interval, 120x40 at 100 ms; UTF-8 and LANG=C (ASCII
#     glyphs, as on a serial console). jtune runs on a live jtune-sim board (or jtune --demo
#     when this build has it).
#
# Runnable alone:  JTUNE_BUILD_DIR=build [JTUNE_BASE_BUILD_DIR=build-base] [JTUNE_BENCH_UI_FRAMES=N] \
#                  sh tests/bench/ui.sh
# Needs tmux and script; installs htop with apt-get when it is missing and we are root.
# Prints figures, asserts nothing; every process it starts has ended when it ends.
# Targets: at 1 Hz, CPU per refresh 3x below the build before partial repaints (120x40 and
# 300x80); at 100 ms, <= 3 KB/s on 120x40 (ASCII too); UI + helper RSS <= 8 MB at 300x80.
set -u
JTUNE_BUILD_DIR=${JTUNE_BUILD_DIR:-build}
case $JTUNE_BUILD_DIR in /*) ;; *) JTUNE_BUILD_DIR=$(pwd)/$JTUNE_BUILD_DIR ;; esac
JTUNE_SOURCE_DIR=${JTUNE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
export JTUNE_BUILD_DIR JTUNE_SOURCE_DIR
BASE=${JTUNE_BASE_BUILD_DIR:-}
case $BASE in /* | "") ;; *) BASE=$(pwd)/$BASE ;; esac
SECS=${JTUNE_BENCH_SECONDS:-30}
WARM=8
BENCH=$JTUNE_BUILD_DIR/tests/bench_ui

echo "== UI frame cost (off-screen) =="
if [ -x "$BENCH" ]; then "$BENCH" ${JTUNE_BENCH_UI_FRAMES:-}; else echo "bench_ui not built ($BENCH)"; fi
echo

for tool in tmux script; do
    command -v $tool >/dev/null 2>&1 || { echo "skipped: $tool is not installed"; exit 0; }
done
if ! command -v htop >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing htop for the comparison..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y htop >/dev/null 2>&1 ||
        (apt-get update >/dev/null 2>&1 &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y htop >/dev/null 2>&1)
fi

# the scratch directory $T, a simulated board (or the demo) and the cleanup at exit of every
# process started (tests/lib/); the measured programs run each in a tmux server of its own,
# under script(1): a server whose last session ends exits, racing the next start
TEST_NAME=bench-ui
. "$JTUNE_SOURCE_DIR/tests/lib/simfixture.sh"
SOCK="jtune-bench-ui-$$"
bench_cleanup() {
    for f in "$T"/*.typescript; do
        [ -e "$f" ] && tmux -L "$SOCK-$(basename "$f" .typescript)" kill-server >/dev/null 2>&1
    done
    _jt_cleanup
}
trap bench_cleanup EXIT
sim_or_demo --seed 1
HZ=$(getconf CLK_TCK)

# CPU time of PID in ns: schedstat when the kernel has it, else utime+stime in ticks.
cpu_ns() {
    if [ -r "/proc/$1/schedstat" ]; then
        awk '{ print $1 }' "/proc/$1/schedstat"
    else
        awk -v hz="$HZ" '{ printf "%.0f\n", ($14 + $15) * 1e9 / hz }' "/proc/$1/stat"
    fi
}

# VmRSS of PID in KiB (0 when it is gone).
rss_kib() {
    awk '/^VmRSS/ { print $2; f = 1 } END { if (!f) print 0 }' "/proc/$1/status" 2>/dev/null ||
        echo 0
}

# Pss of PID in KiB: its resident pages, each shared one divided among the processes that
# map it (the UI and its helper share libc's pages; VmRSS counts them in each).
pss_kib() {
    awk '/^Pss:/ { print $2; f = 1 } END { if (!f) print 0 }' "/proc/$1/smaps_rollup" \
        2>/dev/null || echo 0
}

# The KiB (by FN: rss_kib or pss_kib) of PID's jtune-helper children, summed.
helper_kib() {
    t=0
    for c in $(cat "/proc/$2/task/$2/children" 2>/dev/null); do
        case $(cat "/proc/$c/comm" 2>/dev/null) in
        jtune-helper*) t=$((t + $($1 "$c"))) ;;
        esac
    done
    echo $t
}

# start NAME LANG COLS ROWS CMD...: run CMD under script in a COLSxROWS pane.
start() {
    name=$1 lang=$2 cols=$3 rows=$4
    shift 4
    # a server per program: a server whose last session ends exits, racing the next start
    tmux -u -L "$SOCK-$name" -f /dev/null new-session -d -s "$name" -x "$cols" -y "$rows" \
        "env LANG=$lang LC_ALL=$lang TERM=tmux-256color script -q -f -c \"sh -c 'echo \\\$\\\$ > $T/$name.pid; exec $*'\" $T/$name.typescript"
}

# mark NAME: note its bytes written and CPU time so far (in $T/NAME.mark).
mark() {
    pid=$(cat "$T/$1.pid" 2>/dev/null)
    if [ -z "$pid" ] || [ ! -d "/proc/$pid" ]; then
        echo "dead" >"$T/$1.mark"
        return
    fi
    echo "$(stat -c %s "$T/$1.typescript") $(cpu_ns "$pid")" >"$T/$1.mark"
}

# report NAME REFRESH_PER_S: one table row from the mark to now; then stop it.
report() {
    name=$1 per_s=$2
    pid=$(cat "$T/$name.pid" 2>/dev/null)
    if [ "$(cat "$T/$name.mark")" = dead ] || [ ! -d "/proc/$pid" ]; then
        printf '%-26s did not start\n' "$name"
    else
        b1=$(stat -c %s "$T/$name.typescript")
        c1=$(cpu_ns "$pid")
        rss=$(rss_kib "$pid")
        hlp=$(helper_kib rss_kib "$pid")
        pss=$(($(pss_kib "$pid") + $(helper_kib pss_kib "$pid")))
        read -r b0 c0 <"$T/$name.mark"
        awk -v n="$name" -v b=$((b1 - b0)) -v c=$((c1 - c0)) -v s="$SECS" -v r="$per_s" \
            -v rss="$rss" -v h="$hlp" -v pss="$pss" 'BEGIN {
                printf "%-26s %9.0f %14.3f %9.2f %9.2f %9.2f %9.2f\n", n, b / s,
                    c / 1e6 / s / r, rss / 1024, h / 1024, (rss + h) / 1024, pss / 1024 }'
    fi
    tmux -u -L "$SOCK-$name" kill-server >/dev/null 2>&1
    stop_pid "$pid"
    rm -f "$T/$name.pid"
}

# case LABEL LANG COLS ROWS INTERVAL_MS: this build (and the base build) side by side.
measure_case() {
    label=$1 lang=$2 cols=$3 rows=$4 iv=$5
    names=""
    start "$label" "$lang" "$cols" "$rows" "$JTUNE $BOARD --interval $iv"
    names="$label"
    if [ -n "$BASE" ]; then
        start "$label-base" "$lang" "$cols" "$rows" "$BASE/jtune $BOARD --interval $iv"
        names="$names $label-base"
    fi
    sleep "$WARM"
    for n in $names; do mark "$n"; done
    sleep "$SECS"
    for n in $names; do report "$n" "$(awk -v iv="$iv" 'BEGIN { print 1000 / iv }')"; done
}

echo "== Steady state: ${SECS} s window after ${WARM} s (load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cpus) =="
[ -n "$BASE" ] && echo "   NAME-base: $BASE/jtune, run at the same time as NAME on the same board"
printf '%-26s %9s %14s %9s %9s %9s %9s\n' "program" "bytes/s" "cpu ms/refresh" "UI MiB" \
    "helper" "UI+helper" "PSS both"
measure_case 120x40-1s-utf8 C.UTF-8 120 40 1000
measure_case 120x40-1s-ascii C 120 40 1000
measure_case 300x80-1s-utf8 C.UTF-8 300 80 1000
measure_case 300x80-1s-ascii C 300 80 1000
measure_case 120x40-100ms-utf8 C.UTF-8 120 40 100
measure_case 120x40-100ms-ascii C 120 40 100
if command -v htop >/dev/null 2>&1; then
    start htop C.UTF-8 120 40 "htop -d 10"
    sleep "$WARM"
    mark htop
    sleep "$SECS"
    report htop 1
else
    echo "htop                       not installed: no comparison"
fi
echo "(a 115200-baud serial console carries about 11520 bytes/s; MiB: VmRSS at the end;"
echo " PSS both: UI + helper with their shared pages counted once)"
