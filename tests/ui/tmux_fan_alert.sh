#!/bin/sh
# SPDX-License-Identifier: MIT
# The fan keys and the alerts end to end, the real jtune in tmux on jtune-sim trees:
#  - alerts: a zone 2 degC under its passive trip raises an alert in the header's first row;
#    the status row under it and a footer message stay readable, at 80x24 and 120x40;
#  - fan: while nvfancontrol runs, ] says how to stop it and sets nothing; once it is stopped
#    ] takes the fan (the tj zone's policy goes user_space); when nvfancontrol starts again
#    the footer says the PWM did not hold; a hands the fan back (step_wise again); quitting
#    with restore leaves it automatic.
# Exit 0 pass, 1 fail, 77 skip (no tmux). Every wait polls capture-pane with a deadline.
set -u

BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
JTUNE=$BUILD/jtune
SIM=$BUILD/jtune-sim
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
[ -x "$JTUNE" ] && [ -x "$SIM" ] || { echo "FAIL: $JTUNE or $SIM missing"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-fan-XXXXXX")
SOCK="jtune-fan-$$"
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
screen() { tm capture-pane -p -J -t "$1" 2>/dev/null; }
wait_for() { # SESSION TEXT [SECONDS]
    end=$(($(date +%s) + ${3:-15}))
    while [ "$(date +%s)" -le "$end" ]; do
        screen "$1" | grep -qF -- "$2" && return 0
        sleep 0.1
    done
    return 1
}
expect() { # SESSION TEXT WHAT [SECONDS]
    if wait_for "$1" "$2" "${4:-15}"; then pass "$3"; else fail "$3: '$2' not on screen"; screen "$1"; fi
}
row() { tm capture-pane -p -t "$1" | sed -n "$2p"; } # SESSION N: the pane's row N

cat >"$T/tmux.conf" <<CONF
set -g default-terminal "tmux-256color"
set -g status off
set -g remain-on-exit on
CONF
infocmp tmux-256color >/dev/null 2>&1 || sed -i 's/tmux-256color/screen/' "$T/tmux.conf"
start() { # SESSION COLS ROWS CMD
    tm -f "$T/tmux.conf" new-session -d -s "$1" -x "$2" -y "$3" -c "$T" \
        "sh -c 'exec $4'; echo JTUNE-EXIT=\$?; sleep 600"
}

# zone_dir ROOT TYPE: the thermal_zoneN directory of a zone type
zone_dir() {
    for z in "$1"/sys/class/thermal/thermal_zone*; do
        [ "$(cat "$z/type")" = "$2" ] && { echo "$z"; return; }
    done
}

# ---- alerts: their own place, never over the status row ----
"$SIM" --root "$T/hot" --seed 7 --once 2>"$T/sim-once.log" || { echo "FAIL: jtune-sim --once"; exit 1; }
CPUZ=$(zone_dir "$T/hot" cpu-thermal)
[ -n "$CPUZ" ] || { echo "FAIL: no cpu-thermal zone"; exit 1; }
echo 97000 >"$CPUZ/temp" # passive trip at 99 C: 2 C of headroom
for size in "80 24" "120 40"; do
    set -- $size
    s="alert$1"
    start "$s" "$1" "$2" "$JTUNE --root $T/hot --monitor-only"
    expect "$s" "trip 99.0" "$1x$2: the alert is shown"
    tm send-keys -t "$s" 2 p
    expect "$s" "park: monitor only" "$1x$2: a status message is shown"
    if row "$s" 1 | grep -qF "trip 99.0"; then pass "$1x$2: the alert is in the first row"; else
        fail "$1x$2: the alert is not in the first row"; screen "$s"; fi
    if row "$s" 2 | grep -qF "monitor only"; then pass "$1x$2: the status row is whole"; else
        fail "$1x$2: the status row is covered: $(row "$s" 2)"; fi
    if screen "$s" | grep -qF "trip 99.0" && screen "$s" | grep -qF "park: monitor only"; then
        pass "$1x$2: alert and message both visible"
    else
        fail "$1x$2: alert and message not both visible"
    fi
    tm send-keys -t "$s" q
    expect "$s" "JTUNE-EXIT=0" "$1x$2: quits"
done

# ---- the fan on a live board: nvfancontrol, then the kernel's governor ----
mkdir -p "$T/root" "$T/state"
"$SIM" --root "$T/root" --seed 7 --ready-fd 3 3>"$T/ready" 2>"$T/sim.log" &
SIM_PID=$!
end=$(($(date +%s) + 20))
while [ ! -s "$T/ready" ] && [ "$(date +%s)" -le "$end" ]; do sleep 0.1; done
[ -s "$T/ready" ] || { echo "FAIL: jtune-sim did not build its tree"; cat "$T/sim.log"; exit 1; }
UNIT="$T/root/run/jtune-sim/nvfancontrol.service"
TJ=$(zone_dir "$T/root" tj-thermal)
start fan 120 40 "$JTUNE --root $T/root --state-dir $T/state"
expect fan "Jetson Orin Nano" "the fan session starts"
if ! wait_for fan "helper connected" 10; then
    echo "SKIP: no helper in this session ($(row fan 2))"
    exit 77
fi
expect fan "nvfancontrol:quiet" "the fan panel names nvfancontrol's profile"
tm send-keys -t fan ]
expect fan "nvfancontrol drives the fan: stop it with \`sudo systemctl stop nvfancontrol\`" \
    "] while nvfancontrol runs says what to run"
[ "$(cat "$TJ/policy")" = step_wise ] && pass "nothing was changed" || fail "policy $(cat "$TJ/policy")"
echo stop >"$UNIT"
expect fan "kernel" "stopped: the kernel's governor drives the fan"
tm send-keys -t fan ]
expect fan "set by hand (a hands the fan back)" "] takes the fan once nvfancontrol is stopped"
[ "$(cat "$TJ/policy")" = user_space ] && pass "the tj zone's policy is user_space" \
    || fail "tj policy $(cat "$TJ/policy")"
echo start >"$UNIT"
expect fan "did not hold" "nvfancontrol started again: the footer says the PWM did not hold"
echo stop >"$UNIT"
tm send-keys -t fan a
expect fan "fan automatic: done" "a hands the fan back"
[ "$(cat "$TJ/policy")" = step_wise ] && pass "the governor has the fan again" \
    || fail "tj policy after a: $(cat "$TJ/policy")"
# nvfancontrol was stopped again just before a: once the simulator has ended it and jtune has
# seen that (it looks again every 2 s), ] takes the fan; until then ] is refused, as it must be
deadline=$(($(date +%s) + 20)) # (wait_for sets its own "end")
took=0
while [ "$(date +%s)" -le "$deadline" ]; do
    tm send-keys -t fan ]
    if wait_for fan "set by hand" 2; then took=1; break; fi
done
[ "$took" = 1 ] && pass "] takes it again" || { fail "] takes it again: 'set by hand' not on screen"; screen fan; }
tm send-keys -t fan q
expect fan "Keep: the changes stay" "q after a fan change asks keep or restore"
tm send-keys -t fan r
expect fan "JTUNE-EXIT=0" "restored and quit"
[ "$(cat "$TJ/policy")" = step_wise ] && pass "after restore the fan is automatic" \
    || fail "tj policy after quit: $(cat "$TJ/policy")"

[ "$fails" = 0 ] && { echo "PASS"; exit 0; }
echo "$fails check(s) failed"
exit 1
