#!/bin/sh
# SPDX-License-Identifier: MIT
# The GPU switches in the real monitor (tmux) on a live simulated Orin Nano Super, tuning
# through the real helper: on the GPU page L turns rail-gating and D 3D scaling the other way
# (the tree's nodes change, the page shows it), U undoes both. Exit 0 pass, 1 fail, 77 skip
# (no tmux). Every wait polls with a deadline.
TEST_NAME=gpusw
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/ui/tmux_simsession.sh"
DEV=sys/class/devfreq/17000000.gpu/device
RG0=$(cat "$T/root/$DEV/railgate_enable")
S30=$(cat "$T/root/$DEV/enable_3d_scaling")
flip() { [ "$1" = 1 ] && echo 0 || echo 1; }
onoff() { [ "$1" = 1 ] && echo on || echo off; }

tm new-session -d -s ui -x 120 -y 40 \
    "XDG_CONFIG_HOME=$T/xdg $JTUNE --root $T/root --state-dir $T/state; echo EXITED; sleep 30"
expect "helper connected" "the monitor runs with the helper"
tm send-keys -t ui 3
expect "L railgate" "the GPU page's key bar offers rail-gating"
expect "D 3D scaling" "and 3D scaling"
expect "3D scaling $(onoff "$S30")" "the GPU page shows 3D scaling as the board has it"

tm send-keys -t ui L
file_is "$DEV/railgate_enable" "$(flip "$RG0")" "L switches rail-gating"
expect "railgate $(onoff "$(flip "$RG0")")" "the page shows the new rail-gating state"
tm send-keys -t ui D
file_is "$DEV/enable_3d_scaling" "$(flip "$S30")" "D switches 3D scaling"
expect "3D scaling $(onoff "$(flip "$S30")")" "the page shows the new 3D scaling state"

tm send-keys -t ui U
expect "Undo now?" "U asks to undo"
tm send-keys -t ui Enter
file_is "$DEV/railgate_enable" "$RG0" "undo put rail-gating back"
file_is "$DEV/enable_3d_scaling" "$S30" "undo put 3D scaling back"

tm send-keys -t ui q
expect "EXITED" "q quits"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all passed"
