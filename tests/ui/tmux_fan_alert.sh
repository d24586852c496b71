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
TM_JOIN=1 # a footer message may fill its row: wrapped rows joined
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/lib/simfixture.sh"
row() { tm capture-pane -p -t "$1" | sed -n "$2p"; } # SESSION N: the pane's row N

# zone_dir ROOT TYPE: the thermal_zoneN directory of a zone type
zone_dir() {
    for z in "$1"/sys/class/thermal/thermal_zone*; do
        [ "$(cat "$z/type")" = "$2" ] && { echo "$z"; return; }
    done
}

# ---- alerts: their own place, never over the status row ----
sim_once hot --seed 7
CPUZ=$(zone_dir "$SIM_ROOT" cpu-thermal)
[ -n "$CPUZ" ] || die "no cpu-thermal zone"
echo 97000 >"$CPUZ/temp" # passive trip at 99 C: 2 C of headroom
for size in "80 24" "120 40"; do
    set -- $size
    s="alert$1"
    sim_jtune "$s" "$1" "$2" monitor
    expect "$s" "trip 99.0" "$1x$2: the alert is shown"
    keys "$s" 2 p
    expect "$s" "park: monitor only" "$1x$2: a status message is shown"
    if row "$s" 1 | grep -qF "trip 99.0"; then pass "$1x$2: the alert is in the first row"; else
        fail -s "$s" "$1x$2: the alert is not in the first row"; fi
    if row "$s" 2 | grep -qF "monitor only"; then pass "$1x$2: the status row is whole"; else
        fail "$1x$2: the status row is covered: $(row "$s" 2)"; fi
    if screen "$s" | grep -qF "trip 99.0" && screen "$s" | grep -qF "park: monitor only"; then
        pass "$1x$2: alert and message both visible"
    else
        fail "$1x$2: alert and message not both visible"
    fi
    keys "$s" q
    expect "$s" "JTUNE-EXIT=0" "$1x$2: quits"
done

# ---- the fan on a live board: nvfancontrol, then the kernel's governor ----
sim_start root --seed 7
UNIT="$SIM_ROOT/run/jtune-sim/nvfancontrol.service"
TJ=$(zone_dir "$SIM_ROOT" tj-thermal)
sim_jtune fan 120 40 helper
expect fan "Jetson Orin Nano" "the fan session starts"
if ! wait_for fan "helper connected" 10; then
    echo "SKIP: no helper in this session ($(row fan 2))"
    exit 77
fi
expect fan "nvfancontrol:quiet" "the fan panel names nvfancontrol's profile"
keys fan ']'
expect fan "nvfancontrol drives the fan: stop it with \`sudo systemctl stop nvfancontrol\`" \
    "] while nvfancontrol runs says what to run"
[ "$(cat "$TJ/policy")" = step_wise ] && pass "nothing was changed" || fail "policy $(cat "$TJ/policy")"
echo stop >"$UNIT"
expect fan "kernel" "stopped: the kernel's governor drives the fan"
keys fan ']'
expect fan "set by hand (a hands the fan back)" "] takes the fan once nvfancontrol is stopped"
[ "$(cat "$TJ/policy")" = user_space ] && pass "the tj zone's policy is user_space" \
    || fail "tj policy $(cat "$TJ/policy")"
echo start >"$UNIT"
expect fan "did not hold" "nvfancontrol started again: the footer says the PWM did not hold"
echo stop >"$UNIT"
keys fan a
expect fan "fan automatic: done" "a hands the fan back"
[ "$(cat "$TJ/policy")" = step_wise ] && pass "the governor has the fan again" \
    || fail "tj policy after a: $(cat "$TJ/policy")"
# nvfancontrol was stopped again just before a: once the simulator has ended it and jtune has
# seen that (it looks again every 2 s), ] takes the fan; until then ] is refused, as it must be
press_until_held() {
    keys fan ']'
    wait_for fan "set by hand" 2
}
poll 20 press_until_held && pass "] takes it again" ||
    fail -s fan "] takes it again: 'set by hand' not on screen"
keys fan q
expect fan "Keep: the changes stay" "q after a fan change asks keep or restore"
keys fan r
expect fan "JTUNE-EXIT=0" "restored and quit"
[ "$(cat "$TJ/policy")" = step_wise ] && pass "after restore the fan is automatic" \
    || fail "tj policy after quit: $(cat "$TJ/policy")"

finish "fan and alert checks"
