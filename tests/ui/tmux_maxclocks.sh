#!/bin/sh
# SPDX-License-Identifier: MIT
# The max-clocks key in the real monitor (tmux) on a live simulated Orin Nano Super, tuning
# through the real helper: M previews the pinning (min = max), Enter applies it (the tree's
# minimums rise to the maximums), U undoes it (every node back as it was). Exit 0 pass, 1 fail, 77 skip (no tmux). Every wait
# polls with a deadline.
set -u

BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
JTUNE=$BUILD/jtune
SIM=$BUILD/jtune-sim
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
[ -x "$JTUNE" ] && [ -x "$SIM" ] || { echo "FAIL: jtune or jtune-sim not built"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-maxclk-XXXXXX")
SOCK="jtune-maxclk-$$"
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
