#!/bin/sh
# SPDX-License-Identifier: MIT
# The board information page in the real monitor (tmux) on a live simulated Orin Nano Super:
# B opens it (board, JetPack, library versions, addresses), the serial is redacted until s
# shows it, s hides it again, B closes it. Exit 0 pass, 1 fail, 77 skip (no tmux). Every wait
# polls with a deadline.
TEST_NAME=info
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/ui/tmux_simsession.sh"
SERIAL=$(tr -d '\0' <"$T/root/sys/firmware/devicetree/base/serial-number")
TAIL=$(printf '%s' "$SERIAL" | tail -c 4)
[ ${#SERIAL} -gt 4 ] || { echo "FAIL: the simulated board has no serial"; exit 1; }

tm new-session -d -s ui -x 120 -y 40 \
    "XDG_CONFIG_HOME=$T/xdg $JTUNE --root $T/root --monitor-only; echo EXITED; sleep 30"
expect "B info" "the overview's key bar offers the info page"

tm send-keys -t ui B
expect "Board information" "B opens the board information page"
expect "JetPack       6.2" "the board's JetPack release"
expect "12.6.68 (/usr/local/cuda/version.json)" "the CUDA version and where it was read"
expect "10.3.0.30 (package tensorrt)" "the TensorRT version from the package database"
expect "192.168.10.100/24" "an address of an interface that is up"
expect "*$TAIL (redacted" "the serial is redacted"
if screen | grep -qF -- "$SERIAL"; then fail "the whole serial is on screen before s"; else
    pass "the whole serial is not shown"; fi

tm send-keys -t ui s
expect "$SERIAL" "s shows the serial"
expect "s hide serial" "the key line offers hiding it"
tm send-keys -t ui s
expect_gone "$SERIAL" "s hides it again"

tm send-keys -t ui B
expect_gone "Board information" "B closes the page"
expect "B info" "back on the overview"

tm send-keys -t ui q
expect "EXITED" "q quits"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all passed"
