#!/bin/sh
# SPDX-License-Identifier: MIT
# Profiles and the audit page in the real monitor (tmux) on a live simulated Orin Nano Super,
# tuning through the real helper: A opens the audit (score, evidence), f fixes the selected
# item (the tree changes, the score goes up), P previews and applies cruise (the tree changes,
# the audit then names cruise as the profile in effect), and quitting with Restore puts the
# board back. Exit 0 pass, 1 fail, 77 skip (no tmux). Every wait polls with a deadline.
set -u

BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
JTUNE=$BUILD/jtune
SIM=$BUILD/jtune-sim
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
[ -x "$JTUNE" ] && [ -x "$SIM" ] || { echo "FAIL: jtune or jtune-sim not built"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-prof-XXXXXX")
SOCK="jtune-prof-$$"
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

# wait_for TEXT [SECONDS]: poll until TEXT (fixed string) is on the pane.
wait_for() {
    end=$(($(date +%s) + ${2:-10}))
    while [ "$(date +%s)" -le "$end" ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    return 1
}

expect() { # expect TEXT WHAT
    if wait_for "$1"; then pass "$2"; else fail "$2: '$1' not on screen"; screen; fi
}

# file_is REL VALUE WHAT: poll until the tree's file reads VALUE.
file_is() {
    end=$(($(date +%s) + 10))
    while [ "$(date +%s)" -le "$end" ]; do
        [ "$(cat "$T/root/$1" 2>/dev/null)" = "$2" ] && { pass "$3"; return 0; }
        sleep 0.1
    done
    fail "$3: $1 reads '$(cat "$T/root/$1" 2>/dev/null)', expected '$2'"
}

score() { screen | sed -n 's/.* \([0-9][0-9]*\)\/21 pass.*/\1/p' | head -1; }

mkdir -p "$T/root" "$T/xdg"
"$SIM" --root "$T/root" --seed 4 --ready-fd 3 3>"$T/ready" 2>"$T/sim.log" &
SIM_PID=$!
end=$(($(date +%s) + 20))
while [ ! -s "$T/ready" ] && [ "$(date +%s)" -le "$end" ]; do sleep 0.1; done
[ -s "$T/ready" ] || { echo "FAIL: jtune-sim did not build its tree"; cat "$T/sim.log"; exit 1; }
BT=$(grep -l '^bluetooth$' "$T"/root/sys/class/rfkill/rfkill*/type | head -1)
BT=${BT#"$T/root/"}
BT=${BT%/type}/soft

tm new-session -d -s ui -x 120 -y 40 \
    "XDG_CONFIG_HOME=$T/xdg $JTUNE --root $T/root --state-dir $T/state; echo EXITED; sleep 30"
expect "helper connected" "the monitor runs with the helper"

tm send-keys -t ui A
expect "Low-power audit" "A opens the audit page"
expect "/21 pass" "the score is shown"
expect "default.target -> graphical.target" "evidence read from the tree"
expect "(stock in effect)" "a fresh board runs the stock profile"
before=$(score)

# Bluetooth blocked is item 12: move there and fix it through the helper
for _ in 1 2 3 4 5 6 7 8 9 10 11; do tm send-keys -t ui j; done
tm send-keys -t ui f
expect "fixed: radio.bluetooth=off" "f fixes the selected item"
file_is "$BT" 1 "the fix blocked the Bluetooth radio in the tree"
wait_for "hci0 blocked" || fail "the page did not refresh after the fix"
after=$(score)
[ -n "$before" ] && [ -n "$after" ] && [ "$after" -gt "$before" ] &&
    pass "the score went up ($before -> $after)" || fail "score $before -> $after"

# profiles: burst, cruise, stock - pick cruise, see the preview, apply it
tm send-keys -t ui Escape P
expect "Apply a profile" "P lists the profiles"
tm send-keys -t ui j Enter
expect "Profile cruise" "picking a profile opens its preview"
expect "nvpmodel mode                1 25W -> 0 15W" "the preview shows current -> new"
tm send-keys -t ui Enter
expect "profile cruise: " "the profile is applied"
file_is sys/devices/system/cpu/online 0-3 "cruise parked cpu4-5"
file_is var/lib/nvpmodel/status pmode:0000 "cruise switched to 15W"
tm send-keys -t ui A
expect "(cruise in effect)" "the audit knows cruise is in effect"

# quit and restore: every change of the session is put back
tm send-keys -t ui Escape q
expect "Changed in this session: audit fix" "quitting lists the audit fix"
expect "Keep: the changes stay" "quitting asks keep or restore"
tm send-keys -t ui r
expect "EXITED" "jtune exits"
file_is var/lib/nvpmodel/status pmode:0001 "restore put the mode back"
file_is sys/devices/system/cpu/online 0-5 "restore unparked the cores"
file_is "$BT" 0 "restore unblocked Bluetooth"

[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all profile/audit UI checks passed"
