#!/bin/sh
# SPDX-License-Identifier: MIT
# headless: what `jtune --headless --interval 1000` costs at 1 Hz, as users run it: the CPU
# time per sample of the sampling thread and of the whole process (its writer thread
# included), from /proc/PID/task/*/schedstat over a window after start-up, with the log to
# a CSV file and to stdout (/dev/null: no writer thread). Given JTUNE_BASE_BUILD_DIR, an
# earlier build runs at the same time on the same tree, so that the machine's load weighs
# on both alike. The tree is a still orin-nano-super (jtune-sim --once).
#   JTUNE_BUILD_DIR=build [JTUNE_BASE_BUILD_DIR=build-base] [JTUNE_BENCH_SECONDS=60] \
#       sh tests/bench/headless.sh
# Target: at most 200 us of CPU per sample. Prints figures, asserts nothing; every process
# it starts has ended when it ends.
set -u
JTUNE_BUILD_DIR=${JTUNE_BUILD_DIR:-build}
case $JTUNE_BUILD_DIR in /*) ;; *) JTUNE_BUILD_DIR=$(pwd)/$JTUNE_BUILD_DIR ;; esac
JTUNE_SOURCE_DIR=${JTUNE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
export JTUNE_BUILD_DIR JTUNE_SOURCE_DIR
BASE=${JTUNE_BASE_BUILD_DIR:-}
case $BASE in /* | "") ;; *) BASE=$(pwd)/$BASE ;; esac
SECS=${JTUNE_BENCH_SECONDS:-60}
WARM=4

TEST_NAME=bench-headless
. "$JTUNE_SOURCE_DIR/tests/lib/base.sh"
[ -r /proc/self/schedstat ] || { echo "skipped: this kernel has no /proc/PID/schedstat"; exit 0; }
"$SIM" --once --board orin-nano-super --root "$T/sim" >/dev/null 2>&1 || {
    echo "headless: cannot build the simulated tree" >&2
    exit 1
}

# CPU ns of PID's first thread, and of all its threads.
main_ns() { awk '{ print $1 }' "/proc/$1/schedstat" 2>/dev/null || echo 0; }
all_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }

# start NAME BUILD LOG: jtune --headless from BUILD, logging to LOG ("-": stdout).
start() {
    "$2/jtune" --headless --root "$T/sim" --interval 1000 --duration $((WARM + SECS + 5)) \
        --log "$3" >/dev/null 2>"$T/$1.err" &
    track_pid "$1" $!
}

# measure LOG: every build side by side, one line each.
measure() {
    names="now"
    start now "$JTUNE_BUILD_DIR" "$([ "$1" = - ] && echo - || echo "$T/now.csv")"
    if [ -n "$BASE" ]; then
        names="now base"
        start base "$BASE" "$([ "$1" = - ] && echo - || echo "$T/base.csv")"
    fi
    sleep "$WARM"
    for n in $names; do
        p=$(cat "$T/$n.pid")
        echo "$(main_ns "$p") $(all_ns "$p")" >"$T/$n.mark"
    done
    sleep "$SECS"
    for n in $names; do
        p=$(cat "$T/$n.pid")
        read -r m0 a0 <"$T/$n.mark"
        m1=$(main_ns "$p")
        a1=$(all_ns "$p")
        label="$n, log $([ "$1" = - ] && echo "to stdout" || echo "to a CSV file")"
        if [ "$m1" = 0 ]; then
            echo "  $label: ended early: $(cat "$T/$n.err")"
        else
            awk -v l="$label" -v m=$((m1 - m0)) -v a=$((a1 - a0)) -v s="$SECS" 'BEGIN {
                printf "  %-30s sampling thread %6.0f us/sample, all threads %6.0f us/sample\n",
                    l, m / 1000 / s, a / 1000 / s }'
        fi
        stop_pid "$p"
        rm -f "$T/$n.pid"
    done
}

echo "jtune --headless --interval 1000 on orin-nano-super, ${SECS} s after ${WARM} s" \
    "(load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cpus)"
[ -n "$BASE" ] && echo "  base: $BASE/jtune, run at the same time on the same tree"
measure "$T/log.csv"
measure -
echo "  (target: at most 200 us of CPU per sample)"
exit 0
