#!/bin/sh
# SPDX-License-Identifier: MIT
# The GPU switches in the real monitor (tmux) on a live simulated Orin Nano Super, tuning
# through the real helper: on the GPU page L turns rail-gating and D 3D scaling the other way
# (the tree's nodes change, the page shows it), U undoes both. Exit 0 pass, 1 fail, 77 skip
# (no tmux). Every wait polls with a deadline.
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/lib/simfixture.sh"
sim_start root --seed 4
DEV=sys/class/devfreq/17000000.gpu/device
RG0=$(cat "$SIM_ROOT/$DEV/railgate_enable")
S30=$(cat "$SIM_ROOT/$DEV/enable_3d_scaling")
flip() { [ "$1" = 1 ] && echo 0 || echo 1; }
onoff() { [ "$1" = 1 ] && echo on || echo off; }

sim_jtune ui 120 40 helper
expect ui "helper connected" "the monitor runs with the helper"
keys ui 3
expect ui "L railgate" "the GPU page's key bar offers rail-gating"
expect ui "D 3D scaling" "and 3D scaling"
expect ui "3D scaling $(onoff "$S30")" "the GPU page shows 3D scaling as the board has it"

keys ui L
file_is "$DEV/railgate_enable" "$(flip "$RG0")" "L switches rail-gating"
expect ui "railgate $(onoff "$(flip "$RG0")")" "the page shows the new rail-gating state"
keys ui D
file_is "$DEV/enable_3d_scaling" "$(flip "$S30")" "D switches 3D scaling"
expect ui "3D scaling $(onoff "$(flip "$S30")")" "the page shows the new 3D scaling state"

keys ui U
expect ui "Undo now?" "U asks to undo"
keys ui Enter
file_is "$DEV/railgate_enable" "$RG0" "undo put rail-gating back"
file_is "$DEV/enable_3d_scaling" "$S30" "undo put 3D scaling back"

keys ui q
expect ui "JTUNE-EXIT=0" "q quits with status 0"

finish checks
