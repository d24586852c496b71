#!/bin/sh
# SPDX-License-Identifier: MIT
# Big screens are used: the real jtune --demo in tmux. At 200x60 the CPU page has a load
# history per core and the thermal page one per zone, every graph has a time axis ("now" at
# the newest point, round steps back from it), and the overview's graphs stay at most
# LAYOUT_GROW_MAX rows taller than their tables while fan and memory panels get graphs too.
# At 80x24 the per-core graphs give way to the table (no graph squeezed below 4 rows).
#
# Exit 0 pass, 1 fail, 77 skip (no tmux).
set -u
BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
JTUNE=$BUILD/jtune
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-big-XXXXXX")
SOCK="jtune-big-$$"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
tm() { tmux -u -L "$SOCK" "$@"; }
cleanup() {
    tm kill-server >/dev/null 2>&1
    rm -rf "$T"
}
trap cleanup EXIT INT TERM
fail() {
    echo "FAIL: $*"
    echo "--- screen:"
    tm capture-pane -p -t b
    exit 1
}
cat >"$T/tmux.conf" <<CONF
set -g default-terminal "tmux-256color"
set -g status off
set -g remain-on-exit on
CONF
infocmp tmux-256color >/dev/null 2>&1 || sed -i 's/tmux-256color/screen/' "$T/tmux.conf"

# wait_re REGEX [SECONDS]
wait_re() {
    end=$(($(date +%s) + ${2:-15}))
    while [ "$(date +%s)" -le "$end" ]; do
        tm capture-pane -p -t b | grep -qE -- "$1" && return 0
        sleep 0.2
    done
    return 1
}

tm -f "$T/tmux.conf" new-session -d -s b -x 200 -y 60 "$JTUNE --demo --seed 3 --interval 500; sleep 600"
wait_re VDD_IN 20 || fail "jtune --demo did not start"

# overview: fan and memory grow graphs; a time axis ends in "now"
wait_re '^.*Fan PWM ─' || fail "the overview's fan panel has no graph at 200x60"
wait_re 'RAM used ─' || fail "the overview's memory panel has no graph at 200x60"
wait_re ' -[0-9]+s +now' 20 || fail "no time axis (-Ns ... now) under the overview's graphs"
echo "ok: overview graphs with time axes, fan and memory graphs"

# the CPU page: one load graph per core (the demo board has 6)
tm send-keys -t b 2
for c in 0 1 2 3 4 5; do
    wait_re "cpu$c load ─" || fail "CPU page at 200x60: no load history for cpu$c"
done
echo "ok: per-core load history on the CPU page"

# the thermal page: one graph per zone with a temperature (tj among them)
tm send-keys -t b 6
wait_re 'tj temperature ─' || fail "thermal page at 200x60: no history for the tj zone"
wait_re 'cpu temperature ─' || fail "thermal page at 200x60: no history for the cpu zone"
echo "ok: per-zone temperature history on the thermal page"

# 80x24: the CPU page keeps its table; no per-core graph squeezed in
tm resize-window -t b -x 80 -y 24
tm send-keys -t b 2
sleep 1
wait_re 'cluster 0' || fail "CPU page at 80x24: no table"
if tm capture-pane -p -t b | grep -qE 'cpu[0-9] load ─'; then
    fail "CPU page at 80x24: a per-core graph without the room for one"
fi
echo "ok: 80x24 keeps the table"
