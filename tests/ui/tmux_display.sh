#!/bin/sh
# SPDX-License-Identifier: MIT
# The display rate end to end (--display-interval): at a sampling interval shorter than the
# display interval, the screen holds its values while every sample still goes into the log,
# and a key paints the newest values at once.
#
#  1. Control: --interval 100 --display-interval 100 - the screen changes between two
#     captures (the simulated values move at every sample), so a held screen below is the
#     display rate's doing, not a quiet board.
#  2. --interval 100 --display-interval 60000 --log FILE: the header says "screen 60 s";
#     while the log grows by 20 rows the pane stays the same, cell for cell; then C-l (a key)
#     paints the newest sample: the pane changes.
#  3. --interval 1000 (display interval 500 by default): nothing is held back, the header
#     has no "screen" note.
#
# No timed assertions: every wait polls until what it waits for is there (or gives up after
# a generous while, a failure only when it never comes).
# Runs jtune --demo when this build has it, else jtune --root on a jtune-sim tree.
# Exit 0 pass, 1 fail, 77 skip (no tmux). Every process it starts has ended when it ends.
set -u

BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
JTUNE=$BUILD/jtune
SIM=$BUILD/jtune-sim
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
[ -x "$JTUNE" ] || { echo "FAIL: $JTUNE missing"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-display-XXXXXX")
SOCK="jtune-display-$$"
SIM_PID=""
tm() { tmux -u -L "$SOCK" "$@"; }
cleanup() {
    tm kill-server >/dev/null 2>&1
    for f in "$T"/*.pid; do
        [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
    done
    [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

capture() { tm capture-pane -p -t "$1" 2>/dev/null; }

# wait_for SESSION TEXT [SECONDS]: poll until TEXT (fixed string) is on the pane.
wait_for() {
    end=$(($(date +%s) + ${3:-20}))
    while [ "$(date +%s)" -le "$end" ]; do
        capture "$1" | grep -qF -- "$2" && return 0
        sleep 0.1
    done
    return 1
}

# changes SESSION FILE [SECONDS]: poll until the pane differs from FILE.
changes() {
    end=$(($(date +%s) + ${3:-20}))
    while [ "$(date +%s)" -le "$end" ]; do
        capture "$1" >"$T/now.txt"
        cmp -s "$2" "$T/now.txt" || return 0
        sleep 0.2
    done
    return 1
}

# rows FILE: data rows in a CSV log (0 when it is not there yet).
rows() { [ -f "$1" ] && grep -c '^[0-9]' "$1" 2>/dev/null || echo 0; }

# start NAME ARGS...: jtune ARGS in a 120x40 pane.
start() {
    name=$1
    shift
    tm -f "$T/tmux.conf" new-session -d -s "$name" -x 120 -y 40 \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c 'echo \$\$ > $T/$name.pid; exec $JTUNE $BOARD $*'"
}

# stop NAME: q, then wait for the process to end.
stop() {
    tm send-keys -t "$1" q
    end=$(($(date +%s) + 10))
    while kill -0 "$(cat "$T/$1.pid" 2>/dev/null)" 2>/dev/null && [ "$(date +%s)" -le "$end" ]; do
        sleep 0.1
    done
    tm kill-session -t "$1" >/dev/null 2>&1
}

if "$JTUNE" --demo --headless --count 1 >/dev/null 2>&1; then
    BOARD="--demo --seed 5"
else
    [ -x "$SIM" ] || { echo "FAIL: $SIM missing"; exit 1; }
    mkdir -p "$T/root"
    "$SIM" --root "$T/root" --seed 5 --ready-fd 3 3>"$T/ready" 2>"$T/sim.log" &
    SIM_PID=$!
    end=$(($(date +%s) + 20))
    while [ ! -s "$T/ready" ] && [ "$(date +%s)" -le "$end" ]; do sleep 0.1; done
    [ -s "$T/ready" ] || { echo "FAIL: jtune-sim did not build its tree"; exit 1; }
    BOARD="--root $T/root"
fi

cat >"$T/tmux.conf" <<CONF
set -g default-terminal "tmux-256color"
set -g status off
CONF
infocmp tmux-256color >/dev/null 2>&1 || sed -i 's/tmux-256color/screen/' "$T/tmux.conf"

# ---- 1. control: every sample painted, the pane moves ----
start ctl --interval 100 --display-interval 100 --monitor-only
if ! wait_for ctl "up "; then
    fail "control: jtune did not start"
else
    capture ctl >"$T/ctl.txt"
    if changes ctl "$T/ctl.txt"; then
        pass "control: with the display interval at the sampling interval, the screen moves"
    else
        fail "control: the screen never changed at 100 ms (the board's values do not move?)"
    fi
    capture ctl | grep -q "every 100 ms, screen" &&
        fail "control: a 'screen' note although nothing is held back"
fi
stop ctl

# ---- 2. held: the log grows, the pane does not; a key shows the newest values ----
start held --interval 100 --display-interval 60000 --monitor-only --log "$T/held.csv"
if ! wait_for held "up "; then
    fail "held: jtune did not start"
elif ! wait_for held "every 100 ms, screen 60 s"; then
    fail "held: the header does not say the screen is held back"
    capture held | head -3
else
    pass "held: the header says 'every 100 ms, screen 60 s'"
    # a key dismisses the start-up message (whose expiry would repaint) and paints once
    tm send-keys -t held C-l
    sleep 1
    capture held >"$T/held.txt"
    n0=$(rows "$T/held.csv")
    end=$(($(date +%s) + 40))
    while [ "$(rows "$T/held.csv")" -lt $((n0 + 20)) ] && [ "$(date +%s)" -le "$end" ]; do
        sleep 0.2
    done
    n1=$(rows "$T/held.csv")
    capture held >"$T/held2.txt"
    if [ "$n1" -lt $((n0 + 20)) ]; then
        fail "held: the log did not grow by 20 rows ($n0 -> $n1)"
    elif cmp -s "$T/held.txt" "$T/held2.txt"; then
        pass "held: $((n1 - n0)) samples logged while the screen kept its values"
    else
        fail "held: the screen changed before the display interval ($n0 -> $n1 rows)"
        diff "$T/held.txt" "$T/held2.txt" | head -10
    fi
    tm send-keys -t held C-l
    if changes held "$T/held2.txt"; then
        pass "held: a key paints the newest values at once"
    else
        fail "held: C-l did not bring the newest values"
    fi
fi
stop held

# ---- 3. 1 s sampling: nothing held back ----
start slow --interval 1000 --monitor-only
if ! wait_for slow "up "; then
    fail "slow: jtune did not start"
else
    capture slow >"$T/slow.txt"
    if grep -q "every 1 s, screen" "$T/slow.txt"; then
        fail "slow: a 'screen' note at 1 s sampling"
    elif changes slow "$T/slow.txt"; then
        pass "slow: at 1 s every sample reaches the screen (no note in the header)"
    else
        fail "slow: the screen never changed at 1 s"
    fi
fi
stop slow

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all display-rate checks passed"
