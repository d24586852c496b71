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
set -u

BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
JTUNE=$BUILD/jtune
SIM=$BUILD/jtune-sim
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
[ -x "$JTUNE" ] || { echo "FAIL: $JTUNE missing"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-learn-XXXXXX")
SOCK="jtune-learn-$$"
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
screen() { tm capture-pane -p -t "$1" 2>/dev/null; }
wait_for() { # wait_for SESSION TEXT [SECONDS]
    end=$(($(date +%s) + ${3:-10}))
    while [ "$(date +%s)" -le "$end" ]; do
        screen "$1" | grep -qF -- "$2" && return 0
        sleep 0.1
    done
    return 1
}
# joined SESSION TEXT: TEXT is on the screen, maybe wrapped over rows (rows joined by a space).
joined() {
    end=$(($(date +%s) + 10))
    while [ "$(date +%s)" -le "$end" ]; do
        screen "$1" | sed 's/[│ ]*$//; s/^[│ ]*//' | tr '\n' ' ' | tr -s ' ' | grep -qF -- "$2" &&
            return 0
        sleep 0.1
    done
    return 1
}
expect() { # expect SESSION TEXT WHAT
    if wait_for "$1" "$2"; then pass "$3"; else fail "$3: '$2' not on screen"; screen "$1"; fi
}

cat >"$T/tmux.conf" <<CONF
set -g default-terminal "tmux-256color"
set -g status off
set -g remain-on-exit on
CONF
infocmp tmux-256color >/dev/null 2>&1 || sed -i 's/tmux-256color/screen/' "$T/tmux.conf"
start() { # start SESSION COLS ROWS CMD
    tm -f "$T/tmux.conf" new-session -d -s "$1" -x "$2" -y "$3" -c "$T" \
        "sh -c 'exec $4'; echo JTUNE-EXIT=\$?; sleep 600"
}
quit() { # quit SESSION: q (answering Restore when asked), then wait for the exit
    tm send-keys -t "$1" q
    wait_for "$1" "Keep: the changes stay" 2 && tm send-keys -t "$1" r
    wait_for "$1" "JTUNE-EXIT=" 10 || fail "$1 did not quit"
}

CMD="$JTUNE --demo"

# ---- 1. every page shows its keys; the help names every page and lists every key ----
start keys 120 40 "$CMD"
expect keys "VDD_IN" "the monitor is up"
bar() { # bar PAGE-KEY TEXT WHAT
    tm send-keys -t keys "$1"
    if wait_for keys "$2"; then pass "key bar: $3"; else fail "key bar: $3: '$2' missing"; screen keys | tail -3; fi
}
bar 1 "A audit  w workload" "the overview offers the audit and the workload page"
bar 2 "p park  g governor  c max  n min" "CPU page"
bar 3 "G GPU cap" "GPU page"
bar 4 "E EMC cap" "EMC page"
bar 5 "m power mode  P profiles" "Power page"
bar 7 "i toggle  I all cores" "cpuidle page"
bar 8 "] faster  [ slower  a auto" "Fan page"
bar 0 "r block/unblock" "Radios page"
tm send-keys -t keys 1 '?'
expect keys "page 2: CPU (cores, governors, caps)" "help names page 2"
expect keys "page 10: Radios" "help names page 10"
tm send-keys -t keys End
expect keys "Workload page (w)" "help lists the workload page's keys"
expect keys "apply the selected check's fix" "help lists the audit's keys"
tm send-keys -t keys Escape

# ---- 5. pickers: governors chosen, CPU minimum, cpuidle on every core, descriptions ----
tm send-keys -t keys 2 g
expect keys "schedutil (current)" "g opens a governor picker on the current governor"
tm send-keys -t keys Escape n
expect keys "CPU minimum, cluster 0" "n picks the CPU minimum"
tm send-keys -t keys End Enter
expect keys "CPU minimum, cluster 0 115 MHz: done" "the CPU minimum goes down"
tm send-keys -t keys 7 Right I
expect keys "on every core: done" "I toggles a cpuidle state on every core at once"
tm send-keys -t keys P
expect keys "Low power:" "the profile picker shows each profile's description"
tm send-keys -t keys Escape

# ---- 4. headed CPU columns ----
tm send-keys -t keys 2
expect keys "total   user system iowait    irq      freq" "the CPU page heads its columns"

# ---- 3. the quit dialog lists the changes; Keep keeps the journal for --restore ----
tm send-keys -t keys Escape q
expect keys "Changed in this session: CPU minimum, cluster 0 115 MHz" "quit lists the changes"
joined keys "Keep: the changes stay, and 'jtune --restore' can still undo them later." &&
    pass "quit says what Keep keeps" || fail "quit does not say what Keep keeps"
tm send-keys -t keys r
expect keys "JTUNE-EXIT=0" "restore and quit"

# Keep, then --restore in a later run (own simulator and state directory)
mkdir -p "$T/root" "$T/state"
"$SIM" --root "$T/root" --seed 3 --ready-fd 3 3>"$T/ready" 2>"$T/sim.log" &
SIM_PID=$!
end=$(($(date +%s) + 20))
while [ ! -s "$T/ready" ] && [ "$(date +%s)" -le "$end" ]; do sleep 0.1; done
ONLINE="$T/root/sys/devices/system/cpu/cpu5/online"
ROOTCMD="$JTUNE --root $T/root --state-dir $T/state"
start keep 120 40 "$ROOTCMD"
expect keep "helper connected" "a session on our own simulator"
tm send-keys -t keep 2 Down Down Down Down Down p
expect keep "park cpu5: done" "cpu5 parked"
tm send-keys -t keep U
expect keep "Changed in this session: park cpu5" "the undo dialog lists the change"
tm send-keys -t keep n q
expect keep "Keep: the changes stay" "quit asks"
tm send-keys -t keep k
expect keep "JTUNE-EXIT=0" "Keep quits"
[ "$(cat "$ONLINE")" = 0 ] && pass "Keep leaves cpu5 parked" || fail "cpu5 not parked after Keep"
out=$($ROOTCMD --restore 2>&1)
case "$out" in
*"restored 1 setting"*) pass "--restore undoes a kept session ($out)" ;;
*) fail "--restore after Keep: $out" ;;
esac
[ "$(cat "$ONLINE")" = 1 ] && pass "cpu5 is back online" || fail "cpu5 still parked after --restore"

# ---- 2. a message is wrapped, never cut before its fix ----
start msg 80 24 "$CMD --monitor-only"
expect msg "VDD_IN" "a monitor-only session at 80x24"
tm send-keys -t msg 2 p
joined msg "park: monitor only: --monitor-only was given; run without --monitor-only to tune" &&
    pass "the message keeps its fix at 80 columns" || { fail "message cut at 80 columns"; screen msg | tail -4; }
tm send-keys -t msg q

# ---- 4. "... N more" where rows do not fit (AGX Orin, 12 cores, at 80x24) ----
start agx 80 24 "$CMD --board agx-orin"
expect agx "8 more cores on its page" "the overview counts the cores it cannot show"
tm send-keys -t agx m
expect agx "needs a reboot" "the nvpmodel picker marks modes that need a reboot"
tm send-keys -t agx Escape
quit agx

# ---- 6. NO_COLOR: no reverse video in the body; vt100: the cursor is parked ----
start mono 100 30 "env NO_COLOR=1 $CMD"
if wait_for mono "VDD_IN"; then
    sleep 1
    rev=$(tm capture-pane -e -p -t mono | sed -n '3,28p' | grep -c "$(printf '\033')\\[[0-9;]*[;[]7[;m]")
    [ "$rev" = 0 ] && pass "NO_COLOR: no reverse video in the body" ||
        { fail "NO_COLOR: $rev body rows with reverse video"; tm capture-pane -e -p -t mono | sed -n '3,28p' | cat -v | grep "7m" | head -3; }
fi
quit mono
start vt 100 30 "env TERM=vt100 $CMD"
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
start wl 120 40 "$CMD"
expect wl "VDD_IN" "workload session up"
tm send-keys -t wl w
if wait_for wl "duty " 5; then
    screen wl | grep -qE "idle, duty [0-9]+%" && pass "the workload page gives the duty cycle" ||
        fail "duty cycle format"
else
    screen wl | grep -q "no workloads" && echo "note: no timed workloads in this build" ||
        fail "the workload page gives no duty cycle"
fi
tm send-keys -t wl Escape
quit wl
out=$($JTUNE --demo --interval 10 2>&1 </dev/null)
rc=$?
case "$rc:$out" in
2:*"50..60000"*) pass "--interval 10 is refused with the monitor's range" ;;
*) fail "--interval 10: status $rc: $out" ;;
esac

[ "$fails" -eq 0 ] && { echo "all checks passed"; exit 0; }
echo "$fails check(s) failed"
exit 1
