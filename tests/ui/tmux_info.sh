#!/bin/sh
# SPDX-License-Identifier: MIT
# The board information page in the real monitor (tmux) on a live simulated Orin Nano Super:
# B opens it (board, JetPack, library versions, addresses), the serial is redacted until s
# shows it, s hides it again, B closes it. Exit 0 pass, 1 fail, 77 skip (no tmux). Every wait
# polls with a deadline.
set -u

BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
JTUNE=$BUILD/jtune
SIM=$BUILD/jtune-sim
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
[ -x "$JTUNE" ] && [ -x "$SIM" ] || { echo "FAIL: jtune or jtune-sim not built"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-info-XXXXXX")
SOCK="jtune-info-$$"
SIM_PID=""
export LANG=C.UTF-8 LC_ALL=C.UTF-8
tm() { tmux -u -L "$SOCK" "$@"; }
cleanup() {
    tm kill-server >/dev/null 2>&1
    [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT INT TERM

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
screen() { tm capture-pane -p -t ui 2>/dev/null; }

wait_for() { # wait_for TEXT [SECONDS]
    end=$(($(date +%s) + ${2:-10}))
    while [ "$(date +%s)" -le "$end" ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    return 1
}
wait_gone() { # wait_gone TEXT [SECONDS]
    end=$(($(date +%s) + ${2:-10}))
    while [ "$(date +%s)" -le "$end" ]; do
        screen | grep -qF -- "$1" || return 0
        sleep 0.1
    done
    return 1
}
expect() { if wait_for "$1"; then pass "$2"; else fail "$2: '$1' not on screen"; screen; fi; }
expect_gone() { if wait_gone "$1"; then pass "$2"; else fail "$2: '$1' still on screen"; screen; fi; }

mkdir -p "$T/root" "$T/xdg"
"$SIM" --root "$T/root" --seed 4 --ready-fd 3 3>"$T/ready" 2>"$T/sim.log" &
SIM_PID=$!
end=$(($(date +%s) + 20))
while [ ! -s "$T/ready" ] && [ "$(date +%s)" -le "$end" ]; do sleep 0.1; done
[ -s "$T/ready" ] || { echo "FAIL: jtune-sim did not build its tree"; cat "$T/sim.log"; exit 1; }
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
