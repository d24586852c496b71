#!/bin/sh
# UI benchmark: what keeping jtune open costs, side by side with htop.
#
#  1. bench_ui: terminal bytes and CPU time per frame, off-screen, every page and size.
#  2. The real thing: jtune (and htop) in a 120x40 tmux pane at a 1 s interval, under
#     script(1), which records every byte the program writes. After a warm-up, over a
#     window of JTUNE_BENCH_SECONDS (default 30) seconds: bytes/s written, CPU time per
#     refresh (utime + stime from /proc/PID/stat), and the resident set (VmRSS).
#     jtune runs on a live jtune-sim board (or jtune --demo when this build has it), once in
#     a UTF-8 locale and once with LANG=C (ASCII glyphs, as on a serial console).
#
# Runnable alone:  JTUNE_BUILD_DIR=build sh tests/bench/ui.sh
# Needs tmux and script; installs htop with apt-get when it is missing and we are root.
# Prints figures, asserts nothing. Targets: <= 2 KB/s at 1 Hz on 120x40, RSS < 8 MB,
# CPU per refresh below htop's.
set -u
BUILD=${JTUNE_BUILD_DIR:-build}
case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
SECS=${JTUNE_BENCH_SECONDS:-30}
WARM=8
JTUNE=$BUILD/jtune
SIM=$BUILD/jtune-sim
BENCH=$BUILD/tests/bench_ui

echo "== UI frame cost (off-screen) =="
if [ -x "$BENCH" ]; then "$BENCH"; else echo "bench_ui not built ($BENCH)"; fi
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

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-bench-ui-XXXXXX")
SOCK="jtune-bench-ui-$$"
SIM_PID=""
# stop PID (a measured program: closing its pane does not end every one of them) and wait.
stop_pid() {
    [ -n "$1" ] || return 0
    kill "$1" 2>/dev/null || return 0
    i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
    kill -KILL "$1" 2>/dev/null
    return 0
}
cleanup() {
    for s in jtune-utf8 jtune-ascii htop; do
        tmux -L "$SOCK-$s" kill-server >/dev/null 2>&1
        [ -s "$T/$s.pid" ] && stop_pid "$(cat "$T/$s.pid")"
    done
    stop_pid "$SIM_PID"
    [ -n "$SIM_PID" ] && wait "$SIM_PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if "$JTUNE" --demo --headless --count 1 >/dev/null 2>&1; then
    BOARD="--demo"
else
    mkdir -p "$T/root"
    "$SIM" --root "$T/root" --seed 1 --ready-fd 3 3>"$T/ready" 2>/dev/null &
    SIM_PID=$!
    i=0
    while [ ! -s "$T/ready" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
    BOARD="--root $T/root"
fi
HZ=$(getconf CLK_TCK)

# CPU time of PID in ns: schedstat when the kernel has it, else utime+stime in ticks.
cpu_ns() {
    if [ -r "/proc/$1/schedstat" ]; then
        awk '{ print $1 }' "/proc/$1/schedstat"
    else
        awk -v hz="$HZ" '{ printf "%.0f\n", ($14 + $15) * 1e9 / hz }' "/proc/$1/stat"
    fi
}

# measure NAME LANG CMD...: run CMD under script in a 120x40 pane; print one table row.
measure() {
    name=$1 lang=$2
    shift 2
    log="$T/$name.typescript"
    # a server per program: a server whose last session ends exits, racing the next start
    tmux -u -L "$SOCK-$name" -f /dev/null new-session -d -s "$name" -x 120 -y 40 \
        "env LANG=$lang LC_ALL=$lang TERM=tmux-256color script -q -f -c \"sh -c 'echo \\\$\\\$ > $T/$name.pid; exec $*'\" $log"
    sleep "$WARM"
    pid=$(cat "$T/$name.pid" 2>/dev/null)
    if [ -z "$pid" ] || [ ! -d "/proc/$pid" ]; then
        printf '%-22s did not start\n' "$name"
        tmux -u -L "$SOCK-$name" kill-server >/dev/null 2>&1
        return
    fi
    b0=$(stat -c %s "$log")
    c0=$(cpu_ns "$pid")
    sleep "$SECS"
    b1=$(stat -c %s "$log")
    c1=$(cpu_ns "$pid")
    rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
    tmux -u -L "$SOCK-$name" kill-server >/dev/null 2>&1
    stop_pid "$pid"
    awk -v n="$name" -v b=$((b1 - b0)) -v c=$((c1 - c0)) -v s="$SECS" -v rss="$rss" \
        'BEGIN { printf "%-22s %10.0f %16.2f %10.1f\n", n, b / s, c / 1e6 / s, rss / 1024 }'
}

echo "== Steady state, 120x40, 1 s interval, ${SECS} s window after ${WARM} s =="
printf '%-22s %10s %16s %10s\n' "program" "bytes/s" "cpu ms/refresh" "RSS MiB"
measure jtune-utf8 C.UTF-8 "$JTUNE $BOARD --interval 1000"
measure jtune-ascii C "$JTUNE $BOARD --interval 1000"
if command -v htop >/dev/null 2>&1; then
    measure htop C.UTF-8 "htop -d 10"
else
    echo "htop                   not installed: no comparison"
fi
echo "(a 115200-baud serial console carries about 11520 bytes/s)"
