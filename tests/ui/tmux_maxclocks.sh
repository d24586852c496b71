#!/bin/sh
# SPDX-License-Identifier: MIT
# The max-clocks key in the real monitor (tmux) on a live simulated Orin Nano Super, tuning
# through the real helper: M previews the pinning (min = max), Enter applies it (the tree's
# minimums rise to the maximums), U undoes it (every node back as it was). Exit 0 pass, 1 fail,
# 77 skip (no tmux). Every wait polls with a deadline.
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/lib/simfixture.sh"
sim_start root --seed 4
POL=sys/devices/system/cpu/cpufreq
GPU=sys/class/devfreq/17000000.gpu
MIN0=$(cat "$SIM_ROOT/$POL/policy0/scaling_min_freq")
MAX0=$(cat "$SIM_ROOT/$POL/policy0/scaling_max_freq")
GMIN=$(cat "$SIM_ROOT/$GPU/min_freq")
GMAX=$(cat "$SIM_ROOT/$GPU/max_freq")
[ "$MIN0" != "$MAX0" ] || die "the simulated board starts pinned"

sim_jtune ui 120 40 helper
expect ui "helper connected" "the monitor runs with the helper"
expect ui "M max clocks" "the overview's key bar offers max clocks"

keys ui M
expect ui "Profile max-clocks" "M opens the max-clocks preview"
expect ui "policy0 min" "the preview lists the CPU minimum"
expect ui "GPU min" "and the GPU minimum"
keys ui Enter
expect ui "profile max-clocks: " "Enter applies it"
file_is "$POL/policy0/scaling_min_freq" "$MAX0" "the CPU minimum is pinned at the maximum"
file_is "$POL/policy0/scaling_max_freq" "$MAX0" "the CPU maximum is kept (nvpmodel's cap)"
file_is "$GPU/min_freq" "$GMAX" "the GPU minimum is pinned at its maximum"

keys ui U
expect ui "Undo now?" "U asks to undo"
keys ui Enter
file_is "$POL/policy0/scaling_min_freq" "$MIN0" "undo put the CPU minimum back"
file_is "$GPU/min_freq" "$GMIN" "undo put the GPU minimum back"

keys ui q
expect ui "JTUNE-EXIT=0" "q quits with status 0"

finish checks
