#!/bin/sh
# SPDX-License-Identifier: MIT
# Shared by the tmux tests that drive the monitor on a live simulated board (sourced, not run;
# set TEST_NAME first): scratch directory and private tmux server removed on exit, pass/fail
# counting, screen polling with deadlines (wait_for, wait_gone, expect, expect_gone, file_is),
# and the simulator started on $T/root (seed 4) and ready before the script goes on.
: "${TEST_NAME:?set TEST_NAME before sourcing tmux_simsession.sh}"
set -u

BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
JTUNE=$BUILD/jtune
SIM=$BUILD/jtune-sim
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
[ -x "$JTUNE" ] && [ -x "$SIM" ] || { echo "FAIL: jtune or jtune-sim not built"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-$TEST_NAME-XXXXXX")
SOCK="jtune-$TEST_NAME-$$"
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
