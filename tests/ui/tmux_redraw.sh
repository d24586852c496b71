#!/bin/sh
# SPDX-License-Identifier: MIT
# Partial repaint end to end: the real jtune in a tmux pane paints only the widgets that
# changed. After several refreshes (values changing, graphs appending columns, a page
# switch and back), sampling is paused and the pane captured; then C-l erases everything
# and paints every cell again (a full redraw), and the pane must read the same. Sizes
# 120x40 and 300x80, UTF-8 and LANG=C. (Characters only: tmux records the colour of blank
# cells as the terminal was told to clear them, which differs between a clear and a
# repaint while the cells look the same; test_ui_render's test_partial_matches_full
# compares characters, attributes and colours of every cell, frame by frame.)
#
# Runs jtune --demo when this build has it, else jtune --root on a jtune-sim tree.
# Exit 0 pass, 1 fail, 77 skip (no tmux). Every process it starts has ended when it ends.
set -u

BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
JTUNE=$BUILD/jtune
SIM=$BUILD/jtune-sim
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
[ -x "$JTUNE" ] || { echo "FAIL: $JTUNE missing"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-redraw-XXXXXX")
SOCK="jtune-redraw-$$"
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

# The pane's text, every row.
capture() { tm capture-pane -p -t "$1" 2>/dev/null; }

# wait_for SESSION TEXT [SECONDS]: poll until TEXT (fixed string) is on the pane.
wait_for() {
    end=$(($(date +%s) + ${3:-15}))
    while [ "$(date +%s)" -le "$end" ]; do
        tm capture-pane -p -t "$1" 2>/dev/null | grep -qF -- "$2" && return 0
        sleep 0.1
    done
    return 1
}

# settled SESSION OUT: capture until two captures 0.5 s apart agree (the pane is quiet).
settled() {
    capture "$1" >"$2"
    i=0
    while [ $i -lt 40 ]; do
        sleep 0.5
        capture "$1" >"$2.next"
        cmp -s "$2" "$2.next" && return 0
        mv "$2.next" "$2"
        i=$((i + 1))
    done
    return 1
}

if "$JTUNE" --demo --headless --count 1 >/dev/null 2>&1; then
    BOARD="--demo"
else
    [ -x "$SIM" ] || { echo "FAIL: $SIM missing"; exit 1; }
    mkdir -p "$T/root"
    "$SIM" --root "$T/root" --seed 3 --ready-fd 3 3>"$T/ready" 2>"$T/sim.log" &
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

# check NAME COLS ROWS LANG: refreshes, pause, capture; C-l, capture; the same?
check() {
    name=$1
    tm -f "$T/tmux.conf" new-session -d -s "$name" -x "$2" -y "$3" \
        "env LANG=$4 LC_ALL=$4 sh -c 'echo \$\$ > $T/$name.pid; exec $JTUNE $BOARD --interval 200'"
    if ! wait_for "$name" "up "; then
        fail "$name: jtune did not start"
        return
    fi
    sleep 2 # ten refreshes: values change, graphs append columns
    tm send-keys -t "$name" 2
    sleep 1
    tm send-keys -t "$name" 1 # back to the overview: the cache starts over, then refreshes
    sleep 2
    tm send-keys -t "$name" Space # pause: nothing changes from here on
    if ! wait_for "$name" "PAUSED" || ! settled "$name" "$T/$name.partial"; then
        fail "$name: the paused screen did not settle"
        return
    fi
    tm send-keys -t "$name" C-l # erase, then every widget paints every cell
    sleep 1
    if ! settled "$name" "$T/$name.full"; then
        fail "$name: the screen did not settle after C-l"
        return
    fi
    if cmp -s "$T/$name.partial" "$T/$name.full"; then
        pass "$name: partial repaints leave the screen a full redraw paints"
    else
        fail "$name: the partially painted screen differs from a full redraw"
        diff "$T/$name.partial" "$T/$name.full" | head -20
    fi
    tm send-keys -t "$name" q
    end=$(($(date +%s) + 10))
    while kill -0 "$(cat "$T/$name.pid")" 2>/dev/null && [ "$(date +%s)" -le "$end" ]; do
        sleep 0.1
    done
    tm kill-session -t "$name" >/dev/null 2>&1
}

check utf8-120x40 120 40 C.UTF-8
check ascii-120x40 120 40 C
check utf8-300x80 300 80 C.UTF-8

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all redraw checks passed"
