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
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/lib/simfixture.sh"

# settled SESSION OUT: capture until two captures 0.5 s apart agree (the pane is quiet).
settled() {
    screen "$1" >"$2"
    i=0
    while [ $i -lt 40 ]; do
        sleep 0.5
        screen "$1" >"$2.next"
        cmp -s "$2" "$2.next" && return 0
        mv "$2.next" "$2"
        i=$((i + 1))
    done
    return 1
}

sim_or_demo --seed 3

# check NAME COLS ROWS LANG: refreshes, pause, capture; C-l, capture; the same?
check() {
    name=$1
    tm_start "$name" "$2" "$3" "env LANG=$4 LC_ALL=$4 $JTUNE $BOARD --interval 200"
    if ! wait_for "$name" "up "; then
        fail -s "$name" "$name: jtune did not start"
        return
    fi
    sleep 2 # ten refreshes: values change, graphs append columns
    keys "$name" 2
    sleep 1
    keys "$name" 1 # back to the overview: the cache starts over, then refreshes
    sleep 2
    keys "$name" Space # pause: nothing changes from here on
    if ! wait_for "$name" "PAUSED" || ! settled "$name" "$T/$name.partial"; then
        fail "$name: the paused screen did not settle"
        return
    fi
    keys "$name" C-l # erase, then every widget paints every cell
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
    keys "$name" q
    wait_for "$name" "JTUNE-EXIT=" 10 || fail -s "$name" "$name: q did not end jtune"
    tm_stop "$name"
}

check utf8-120x40 120 40 C.UTF-8
check ascii-120x40 120 40 C
check utf8-300x80 300 80 C.UTF-8

finish "redraw checks"
