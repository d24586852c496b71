#!/bin/sh
# SPDX-License-Identifier: MIT
# Big screens are used: the real jtune --demo in tmux. At 200x60 the CPU page has a load
# history per core and the thermal page one per zone, every graph has a time axis ("now" at
# the newest point, round steps back from it), and the overview's graphs stay at most
# LAYOUT_GROW_MAX rows taller than their tables while fan and memory panels get graphs too.
# At 80x24 the per-core graphs give way to the table (no graph squeezed below 4 rows).
#
# Exit 0 pass, 1 fail, 77 skip (no tmux).
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"

tm_start b 200 60 "$JTUNE --demo --seed 3 --interval 500"
wait_re b VDD_IN 20 || die -s b "jtune --demo did not start"

# overview: fan and memory grow graphs; a time axis ends in "now"
wait_re b '^.*Fan PWM ─' || die -s b "the overview's fan panel has no graph at 200x60"
wait_re b 'RAM used ─' || die -s b "the overview's memory panel has no graph at 200x60"
wait_re b ' -[0-9]+s +now' 20 || die -s b "no time axis (-Ns ... now) under the overview's graphs"
pass "overview graphs with time axes, fan and memory graphs"

# the CPU page: one load graph per core (the demo board has 6)
keys b 2
for c in 0 1 2 3 4 5; do
    wait_re b "cpu$c load ─" || die -s b "CPU page at 200x60: no load history for cpu$c"
done
pass "per-core load history on the CPU page"

# the thermal page: one graph per zone with a temperature (tj among them)
keys b 6
wait_re b 'tj temperature ─' || die -s b "thermal page at 200x60: no history for the tj zone"
wait_re b 'cpu temperature ─' || die -s b "thermal page at 200x60: no history for the cpu zone"
pass "per-zone temperature history on the thermal page"

# 80x24: the CPU page keeps its table; no per-core graph squeezed in
tm resize-window -t b -x 80 -y 24
keys b 2
sleep 1
wait_re b 'cluster 0' || die -s b "CPU page at 80x24: no table"
if screen b | grep -qE 'cpu[0-9] load ─'; then
    die -s b "CPU page at 80x24: a per-core graph without the room for one"
fi
pass "80x24 keeps the table"
finish checks
