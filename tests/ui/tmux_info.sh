#!/bin/sh
# SPDX-License-Identifier: MIT
# The board information page in the real monitor (tmux) on a live simulated Orin Nano Super:
# B opens it (board, JetPack, library versions, addresses), the serial is redacted until s
# shows it, s hides it again, B closes it. Exit 0 pass, 1 fail, 77 skip (no tmux). Every wait
# polls with a deadline.
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/lib/simfixture.sh"
sim_start root --seed 4
SERIAL=$(tr -d '\0' <"$SIM_ROOT/sys/firmware/devicetree/base/serial-number")
TAIL=$(printf '%s' "$SERIAL" | tail -c 4)
[ ${#SERIAL} -gt 4 ] || die "the simulated board has no serial"

sim_jtune ui 120 40 monitor
expect ui "B info" "the overview's key bar offers the info page"

keys ui B
expect ui "Board information" "B opens the board information page"
expect ui "JetPack       6.2" "the board's JetPack release"
expect ui "12.6.68 (/usr/local/cuda/version.json)" "the CUDA version and where it was read"
expect ui "10.3.0.30 (package tensorrt)" "the TensorRT version from the package database"
expect ui "192.168.10.100/24" "an address of an interface that is up"
expect ui "*$TAIL (redacted" "the serial is redacted"
if screen ui | grep -qF -- "$SERIAL"; then fail "the whole serial is on screen before s"; else
    pass "the whole serial is not shown"; fi

keys ui s
expect ui "$SERIAL" "s shows the serial"
expect ui "s hide serial" "the key line offers hiding it"
keys ui s
expect_gone ui "$SERIAL" "s hides it again"

keys ui B
expect_gone ui "Board information" "B closes the page"
expect ui "B info" "back on the overview"

keys ui q
expect ui "JTUNE-EXIT=0" "q quits with status 0"

finish checks
