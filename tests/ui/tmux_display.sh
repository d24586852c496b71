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
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/lib/simfixture.sh"

# changes SESSION FILE [SECONDS]: poll until the pane differs from FILE.
_differs() { screen "$1" | cmp -s "$2" - && return 1 || return 0; }
changes() { poll "${3:-20}" _differs "$1" "$2"; }

# rows FILE: data rows in a CSV log (0 when it is not there yet).
rows() { [ -f "$1" ] && grep -c '^[0-9]' "$1" 2>/dev/null || echo 0; }
_grown() { [ "$(rows "$1")" -ge "$2" ]; }

# start NAME ARGS...: jtune ARGS in a 120x40 pane.
start() {
    _name=$1
    shift
    tm_start "$_name" 120 40 "$JTUNE $BOARD $*"
}

# stop NAME: q, the exit awaited, the session closed.
stop() {
    quit "$1"
    tm_stop "$1"
}

sim_or_demo --seed 5
[ "$BOARD" = "--demo" ] && BOARD="--demo --seed 5"

# ---- 1. control: every sample painted, the pane moves ----
start ctl --interval 100 --display-interval 100 --monitor-only
if ! wait_for ctl "up "; then
    fail "control: jtune did not start"
else
    screen ctl >"$T/ctl.txt"
    if changes ctl "$T/ctl.txt"; then
        pass "control: with the display interval at the sampling interval, the screen moves"
    else
        fail "control: the screen never changed at 100 ms (the board's values do not move?)"
    fi
    screen ctl | grep -q "every 100 ms, screen" &&
        fail "control: a 'screen' note although nothing is held back"
fi
stop ctl

# ---- 2. held: the log grows, the pane does not; a key shows the newest values ----
start held --interval 100 --display-interval 60000 --monitor-only --log "$T/held.csv"
if ! wait_for held "up "; then
    fail "held: jtune did not start"
elif ! wait_for held "every 100 ms, screen 60 s"; then
    fail "held: the header does not say the screen is held back"
    tm_dump held
else
    pass "held: the header says 'every 100 ms, screen 60 s'"
    # a key dismisses the start-up message (whose expiry would repaint) and paints once
    keys held C-l
    sleep 1
    screen held >"$T/held.txt"
    n0=$(rows "$T/held.csv")
    poll 40 _grown "$T/held.csv" $((n0 + 20)) || true
    n1=$(rows "$T/held.csv")
    screen held >"$T/held2.txt"
    if [ "$n1" -lt $((n0 + 20)) ]; then
        fail "held: the log did not grow by 20 rows ($n0 -> $n1)"
    elif cmp -s "$T/held.txt" "$T/held2.txt"; then
        pass "held: $((n1 - n0)) samples logged while the screen kept its values"
    else
        fail "held: the screen changed before the display interval ($n0 -> $n1 rows)"
        diff "$T/held.txt" "$T/held2.txt" | head -10
    fi
    keys held C-l
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
    screen slow >"$T/slow.txt"
    if grep -q "every 1 s, screen" "$T/slow.txt"; then
        fail "slow: a 'screen' note at 1 s sampling"
    elif changes slow "$T/slow.txt"; then
        pass "slow: at 1 s every sample reaches the screen (no note in the header)"
    else
        fail "slow: the screen never changed at 1 s"
    fi
fi
stop slow

finish "display-rate checks"
