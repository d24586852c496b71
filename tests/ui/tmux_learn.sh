#!/bin/sh
# SPDX-License-Identifier: MIT
# A monitor people learn without the manual: the real jtune in tmux on simulated boards.
# Each page shows its own keys; the help names every page and lists the audit's and the
# workload page's keys; messages are wrapped, never cut before their fix; "Keep" on quit
# keeps the journal so that `jtune --restore` undoes the change later, and the dialog lists
# it; headed CPU columns, "... N more" where rows do not fit; no reverse video in the body
# with NO_COLOR; a parked cursor on vt100; pickers (governor, CPU minimum, cpuidle on every
# core, profile descriptions, nvpmodel modes that need a reboot); the workload duty cycle;
# --interval outside the monitor's range is refused.
#
# Exit 0 pass, 1 fail, 77 skip (no tmux). Every wait polls capture-pane with a deadline.
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/lib/simfixture.sh"

# joined SESSION TEXT: TEXT is on the screen, maybe wrapped over rows (rows joined by a space).
_joined() {
    screen "$1" | sed 's/[│ ]*$//; s/^[│ ]*//' | tr '\n' ' ' | tr -s ' ' | grep -qF -- "$2"
}
joined() { poll 10 _joined "$1" "$2"; }

CMD="$JTUNE --demo"

# ---- 1. every page shows its keys; the help names every page and lists every key ----
tm_start main 120 40 "$CMD"
expect main "VDD_IN" "the monitor is up"
bar() { # bar PAGE-KEY TEXT WHAT
    keys main "$1"
    expect main "$2" "key bar: $3"
}
bar 1 "A audit  w workload" "the overview offers the audit and the workload page"
bar 2 "p park  g governor  c max  n min" "CPU page"
bar 3 "G GPU cap" "GPU page"
bar 4 "E EMC cap" "EMC page"
bar 5 "m power mode  P profiles" "Power page"
bar 7 "i toggle  I all cores" "cpuidle page"
bar 8 "] faster  [ slower  a auto" "Fan page"
bar 0 "r block/unblock" "Radios page"
keys main 1 '?'
expect main "page 2: CPU (cores, governors, caps)" "help names page 2"
expect main "page 10: Radios" "help names page 10"
keys main End
expect main "Workload page (w)" "help lists the workload page's keys"
expect main "apply the selected check's fix" "help lists the audit's keys"
keys main Escape

# ---- 5. pickers: governors chosen, CPU minimum, cpuidle on every core, descriptions ----
keys main 2 g
expect main "schedutil (current)" "g opens a governor picker on the current governor"
keys main Escape n
expect main "CPU minimum, cluster 0" "n picks the CPU minimum"
keys main End Enter
expect main "CPU minimum, cluster 0 115 MHz: done" "the CPU minimum goes down"
keys main 7 Right I
expect main "on every core: done" "I toggles a cpuidle state on every core at once"
keys main P
expect main "Low power:" "the profile picker shows each profile's description"
keys main Escape

# ---- 4. headed CPU columns ----
keys main 2
expect main "total   user system iowait    irq      freq" "the CPU page heads its columns"

# ---- 3. the quit dialog lists the changes; Keep keeps the journal for --restore ----
keys main Escape q
expect main "Changed in this session: CPU minimum, cluster 0 115 MHz" "quit lists the changes"
joined main "Keep: the changes stay, and 'jtune --restore' can still undo them later." &&
    pass "quit says what Keep keeps" || fail "quit does not say what Keep keeps"
keys main r
expect main "JTUNE-EXIT=0" "restore and quit"

# Keep, then --restore in a later run (own simulator and state directory)
sim_start root --seed 3
ONLINE="$SIM_ROOT/sys/devices/system/cpu/cpu5/online"
ROOTCMD="$JTUNE --root $SIM_ROOT --state-dir $T/state"
sim_jtune keep 120 40 helper
expect keep "helper connected" "a session on our own simulator"
keys keep 2 Down Down Down Down Down p
expect keep "park cpu5: done" "cpu5 parked"
keys keep U
expect keep "Changed in this session: park cpu5" "the undo dialog lists the change"
keys keep n q
expect keep "Keep: the changes stay" "quit asks"
keys keep k
expect keep "JTUNE-EXIT=0" "Keep quits"
[ "$(cat "$ONLINE")" = 0 ] && pass "Keep leaves cpu5 parked" || fail "cpu5 not parked after Keep"
out=$($ROOTCMD --restore 2>&1)
case "$out" in
*"restored 1 setting"*) pass "--restore undoes a kept session ($out)" ;;
*) fail "--restore after Keep: $out" ;;
esac
[ "$(cat "$ONLINE")" = 1 ] && pass "cpu5 is back online" || fail "cpu5 still parked after --restore"

# ---- 2. a message is wrapped, never cut before its fix ----
tm_start msg 80 24 "$CMD --monitor-only"
expect msg "VDD_IN" "a monitor-only session at 80x24"
keys msg 2 p
joined msg "park: monitor only: --monitor-only was given; run without --monitor-only to tune" &&
    pass "the message keeps its fix at 80 columns" || fail -s msg "message cut at 80 columns"
keys msg q

# ---- 4. "... N more" where rows do not fit (AGX Orin, 12 cores, at 80x24) ----
tm_start agx 80 24 "$CMD --board agx-orin"
expect agx "8 more cores on its page" "the overview counts the cores it cannot show"
keys agx m
expect agx "needs a reboot" "the nvpmodel picker marks modes that need a reboot"
keys agx Escape
quit agx

# ---- 6. NO_COLOR: no reverse video in the body; vt100: the cursor is parked ----
tm_start mono 100 30 "env NO_COLOR=1 $CMD"
if wait_for mono "VDD_IN"; then
    sleep 1
    rev=$(tm capture-pane -e -p -t mono | sed -n '3,28p' | grep -c "$(printf '\033')\\[[0-9;]*[;[]7[;m]")
    [ "$rev" = 0 ] && pass "NO_COLOR: no reverse video in the body" ||
        { fail "NO_COLOR: $rev body rows with reverse video"; tm capture-pane -e -p -t mono | sed -n '3,28p' | cat -v | grep "7m" | head -3; }
fi
quit mono
tm_start vt 100 30 "env TERM=vt100 $CMD"
if wait_for vt "VDD_IN"; then
    sleep 1
    cur=$(tm display-message -p -t vt '#{cursor_flag} #{cursor_x} #{cursor_y}')
    case "$cur" in
    "0 "*) pass "vt100: cursor hidden" ;;
    "1 0 29") pass "vt100: the cursor rests in the bottom-left corner" ;;
    *) fail "vt100: cursor visible mid-screen ($cur)" ;;
    esac
fi
quit vt

# ---- 10. the workload duty cycle; --interval out of range ----
tm_start wl 120 40 "$CMD"
expect wl "VDD_IN" "workload session up"
keys wl w
if wait_for wl "duty " 5; then
    screen wl | grep -qE "idle, duty [0-9]+%" && pass "the workload page gives the duty cycle" ||
        fail "duty cycle format"
else
    screen wl | grep -q "no workloads" && echo "note: no timed workloads in this build" ||
        fail "the workload page gives no duty cycle"
fi
keys wl Escape
quit wl
out=$($JTUNE --demo --interval 10 2>&1 </dev/null)
rc=$?
case "$rc:$out" in
2:*"50..60000"*) pass "--interval 10 is refused with the monitor's range" ;;
*) fail "--interval 10: status $rc: $out" ;;
esac

finish checks
