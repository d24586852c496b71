#!/bin/sh
# SPDX-License-Identifier: MIT
# The max-clocks key in the real monitor (tmux) on a live simulated Orin Nano Super, tuning
# through the real helper: M previews the pinning (min = max), Enter applies it (the tree's
# minimums rise to the maximums), U undoes it (every node back as it was). Exit 0 pass, 1 fail, 77 skip (no tmux). Every wait
# polls with a deadline.
TEST_NAME=maxclk
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/ui/tmux_simsession.sh"
POL=sys/devices/system/cpu/cpufreq
GPU=sys/class/devfreq/17000000.gpu
MIN0=$(cat "$T/root/$POL/policy0/scaling_min_freq")
MAX0=$(cat "$T/root/$POL/policy0/scaling_max_freq")
GMIN=$(cat "$T/root/$GPU/min_freq")
GMAX=$(cat "$T/root/$GPU/max_freq")
[ "$MIN0" != "$MAX0" ] || { echo "FAIL: the simulated board starts pinned"; exit 1; }

tm new-session -d -s ui -x 120 -y 40 \
    "XDG_CONFIG_HOME=$T/xdg $JTUNE --root $T/root --state-dir $T/state; echo EXITED; sleep 30"
expect "helper connected" "the monitor runs with the helper"
expect "M max clocks" "the overview's key bar offers max clocks"

tm send-keys -t ui M
expect "Profile max-clocks" "M opens the max-clocks preview"
expect "policy0 min" "the preview lists the CPU minimum"
expect "GPU min" "and the GPU minimum"
tm send-keys -t ui Enter
expect "profile max-clocks: " "Enter applies it"
file_is "$POL/policy0/scaling_min_freq" "$MAX0" "the CPU minimum is pinned at the maximum"
file_is "$POL/policy0/scaling_max_freq" "$MAX0" "the CPU maximum is kept (nvpmodel's cap)"
file_is "$GPU/min_freq" "$GMAX" "the GPU minimum is pinned at its maximum"

tm send-keys -t ui U
expect "Undo now?" "U asks to undo"
tm send-keys -t ui Enter
file_is "$POL/policy0/scaling_min_freq" "$MIN0" "undo put the CPU minimum back"
file_is "$GPU/min_freq" "$GMIN" "undo put the GPU minimum back"

tm send-keys -t ui q
expect "EXITED" "q quits"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all passed"
