#!/bin/sh
# SPDX-License-Identifier: MIT
# The GPU switches in the real monitor (tmux) on a live simulated Orin Nano Super, tuning
# through the real helper: on the GPU page L turns rail-gating and D 3D scaling the other way
# (the tree's nodes change, the page shows it), U undoes both. Exit 0 pass, 1 fail, 77 skip
# (no tmux). Every wait polls with a deadline.
set -u

BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
JTUNE=$BUILD/jtune
SIM=$BUILD/jtune-sim
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
[ -x "$JTUNE" ] && [ -x "$SIM" ] || { echo "FAIL: jtune or jtune-sim not built"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-gpusw-XXXXXX")
SOCK="jtune-gpusw-$$"
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

# file_is REL VALUE WHAT: poll until the tree's file reads VALUE.
file_is() {
    end=$(($(date +%s) + 10))
    while [ "$(date +%s)" -le "$end" ]; do
        [ "$(cat "$T/root/$1" 2>/dev/null)" = "$2" ] && { pass "$3"; return 0; }
        sleep 0.1
    done
    fail "$3: $1 reads '$(cat "$T/root/$1" 2>/dev/null)', expected '$2'"
}

mkdir -p "$T/root" "$T/xdg"
"$SIM" --root "$T/root" --seed 4 --ready-fd 3 3>"$T/ready" 2>"$T/sim.log" &
SIM_PID=$!
end=$(($(date +%s) + 20))
while [ ! -s "$T/ready" ] && [ "$(date +%s)" -le "$end" ]; do sleep 0.1; done
[ -s "$T/ready" ] || { echo "FAIL: jtune-sim did not build its tree"; cat "$T/sim.log"; exit 1; }
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
