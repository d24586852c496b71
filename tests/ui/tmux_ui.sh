#!/bin/sh
# SPDX-License-Identifier: MIT
# UI end to end: the real jtune in a tmux pane on a simulated Orin Nano Super.
# Checks the overview (board, every rail, a temperature, the CPU rows), every page, resizes
# to 80x24, 200x60 and below the minimum, the help overlay, a tuning key without the
# helper, quitting, and that the terminal is given back (alternate screen left, tty modes
# restored, the shell prints again) - after q, after SIGTERM and after a crash (SIGABRT).
#
# Runs jtune --demo when this build has it, else jtune --root on a jtune-sim tree.
# Exit 0 pass, 1 fail, 77 skip (no tmux). Every wait polls capture-pane with a deadline.
set -u

BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
JTUNE=$BUILD/jtune
SIM=$BUILD/jtune-sim
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
[ -x "$JTUNE" ] || { echo "FAIL: $JTUNE missing"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-ui-XXXXXX")
SOCK="jtune-ui-$$"
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

# wait_for SESSION TEXT [SECONDS]: poll until TEXT (fixed string) is on the pane.
wait_for() {
    end=$(($(date +%s) + ${3:-10}))
    while [ "$(date +%s)" -le "$end" ]; do
        screen "$1" | grep -qF -- "$2" && return 0
        sleep 0.1
    done
    return 1
}

# wait_re SESSION REGEX [SECONDS]
wait_re() {
    end=$(($(date +%s) + ${3:-10}))
    while [ "$(date +%s)" -le "$end" ]; do
        screen "$1" | grep -qE -- "$2" && return 0
        sleep 0.1
    done
    return 1
}

# wait_wide SESSION MIN: poll until some line of the pane is at least MIN columns wide.
wait_wide() {
    end=$(($(date +%s) + 10))
    while [ "$(date +%s)" -le "$end" ]; do
        [ "$(screen "$1" | wc -L)" -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

expect() { # expect SESSION TEXT WHAT
    if wait_for "$1" "$2"; then pass "$3"; else fail "$3: '$2' not on screen"; screen "$1"; fi
}

# Our own simulator, for jtune --root (the crash check, and builds without --demo).
start_sim() {
    [ -n "$SIM_PID" ] && return 0
    [ -x "$SIM" ] || { echo "FAIL: $SIM missing"; exit 1; }
    mkdir -p "$T/root"
    "$SIM" --root "$T/root" --seed 7 --ready-fd 3 3>"$T/ready" 2>"$T/sim.log" &
    SIM_PID=$!
    end=$(($(date +%s) + 20))
    while [ ! -s "$T/ready" ] && [ "$(date +%s)" -le "$end" ]; do sleep 0.1; done
    [ -s "$T/ready" ] || { echo "FAIL: jtune-sim did not build its tree"; cat "$T/sim.log"; exit 1; }
}
ROOT_CMD="$JTUNE --root $T/root"

# The board: the demo when this build has one, else our own simulator.
if "$JTUNE" --demo --headless --count 1 >/dev/null 2>&1; then
    CMD="$JTUNE --demo"
    echo "running jtune --demo"
else
    start_sim
    CMD=$ROOT_CMD
    echo "running jtune --root (this build has no --demo)"
fi

cat >"$T/tmux.conf" <<CONF
set -g default-terminal "tmux-256color"
set -g status off
set -g remain-on-exit on
CONF
infocmp tmux-256color >/dev/null 2>&1 || sed -i 's/tmux-256color/screen/' "$T/tmux.conf"

# start SESSION COLS ROWS CMD: run CMD in a pane; afterwards the pane records the exit
# status and the tty modes and prints a marker, as a shell prompt would.
start() {
    tm -f "$T/tmux.conf" new-session -d -s "$1" -x "$2" -y "$3" -c "$T" \
        "sh -c 'echo \$\$ > $T/$1.pid; exec $4'; echo JTUNE-EXIT=\$?; stty -a > $T/$1.stty; echo PROMPT-BACK; sleep 600"
}

# restored SESSION WHAT: the terminal is back to normal after jtune ended.
restored() {
    if ! wait_for "$1" PROMPT-BACK 10; then
        fail "$2: the shell did not print after jtune ended"
        screen "$1"
        return
    fi
    alt=$(tm display-message -p -t "$1" '#{alternate_on}')
    [ "$alt" = 0 ] && pass "$2: alternate screen left" || fail "$2: still on the alternate screen"
    if grep -qE '(^| )-icanon|(^| )-echo( |$)' "$T/$1.stty"; then
        fail "$2: tty modes not restored: $(tr '\n' ' ' < "$T/$1.stty")"
    else
        pass "$2: tty modes restored (icanon, echo)"
    fi
    if screen "$1" | grep -q "Overview"; then
        fail "$2: jtune's screen is still shown"
    fi
    tm display-message -p -t "$1" '#{cursor_flag}' | grep -q 1 && pass "$2: cursor visible" \
        || fail "$2: cursor still hidden"
}

# ---- the main session: overview, pages, resize, help, keys, quit ----
start main 120 40 "$CMD"
expect main "Jetson Orin Nano" "overview shows the board"
for rail in VDD_IN VDD_CPU_GPU_CV VDD_SOC; do
    expect main "$rail" "overview shows rail $rail"
done
if wait_re main '[0-9]\.[0-9]°C'; then pass "overview shows a temperature"; else fail "no temperature"; fi
for c in 0 1 2 3 4 5; do
    if wait_re main "^cpu$c +.*MHz"; then pass "CPU row cpu$c"; else fail "CPU row cpu$c missing"; fi
done
expect main "1 Overview" "page tabs"

page() { # page KEY TEXT NAME
    tm send-keys -t main "$1"
    expect main "$2" "page $3"
}
page 2 "core  state" "2 CPU"
page 3 "GPU frequency" "3 GPU"
page 4 "EMC utilisation" "4 EMC"
page 5 "Board input power" "5 Power"
page 6 "Hottest zone" "6 Thermal"
page 7 "left/right pick a state" "7 cpuidle"
page 8 "Fan PWM" "8 Fan"
page 9 "RAM used" "9 Memory"
page 0 "device  type" "10 Radios"
page Tab "cluster 0" "Tab wraps to the overview"

# resizes: 80x24, 200x60, too small, back
tm resize-window -t main -x 80 -y 24
expect main "1 All" "80x24 re-laid out (compact tabs)"
width=$(screen main | wc -L)
[ "$width" -le 80 ] && pass "80x24: nothing wider than the pane" || fail "80x24: a line of $width"
lines=$(screen main | wc -l)
[ "$lines" -le 24 ] && pass "80x24: nothing taller than the pane" || fail "80x24: $lines lines"
expect main "VDD_IN" "80x24 still shows the power rails"
tm resize-window -t main -x 200 -y 60
if wait_wide main 190; then pass "200x60 re-laid out"; else fail "200x60 not re-laid out"; fi
expect main "1 Overview  2 CPU" "200x60 shows the full tab names"
if wait_re main "^cpu5 .*MHz"; then pass "200x60 shows the CPU rows"; else fail "200x60 CPU rows"; screen main | head -20; fi
tm resize-window -t main -x 70 -y 20
expect main "terminal too small: 70x20" "below 80x24: the too-small message"
tm resize-window -t main -x 120 -y 40
expect main "6 Thermal" "back to 120x40"

# help overlay, generated from the keymap
tm send-keys -t main 2 '?'
expect main "jtune keys" "help opens"
expect main "This page: CPU" "help starts with the keys of the page it was opened on"
expect main "park or unpark the selected core" "help lists the tuning keys"
tm send-keys -t main End
expect main "Low-power audit (A)" "help lists the audit's own keys"
# the replay keys sit above the last page of the help: scroll back up to them
n=0
while ! screen main | grep -qF "replay: one row back" && [ $n -lt 40 ]; do
    tm send-keys -t main Up
    sleep 0.05
    n=$((n + 1))
done
expect main "replay: one row back" "help lists the replay keys"
tm send-keys -t main Escape
if wait_for main "jtune keys" 1; then
    end=$(($(date +%s) + 5))
    while screen main | grep -qF "jtune keys" && [ "$(date +%s)" -le "$end" ]; do sleep 0.1; done
fi
screen main | grep -qF "jtune keys" && fail "help does not close" || pass "help closes"

# tuning through the helper: park the selected core
expect main "core  state" "back on the CPU page"
TUNED=0
if screen main | grep -q "helper connected"; then
    tm send-keys -t main Down Down Down Down Down p
    expect main "park cpu5: done" "p parks the selected core through the helper"
    if wait_re main "cpu5 +parked"; then pass "cpu5 shows parked"; else fail "cpu5 not parked"; fi
    TUNED=1
else
    echo "note: no helper in this session ($(screen main | sed -n 2p | tr -s ' '))"
fi

# pause, interval
tm send-keys -t main Space
expect main "PAUSED" "space pauses"
tm send-keys -t main Space '+'
expect main "sampling every 2 s" "+ lengthens the interval"

# recording: R starts a log in the current directory, the header says REC, R stops it
tm send-keys -t main R
expect main "recording to jtune-" "R starts recording"
expect main "REC" "the header shows the recording"
end=$(($(date +%s) + 15))
while [ "$(grep -vc '^#' "$T"/jtune-*.csv 2>/dev/null || echo 0)" -lt 3 ] &&
    [ "$(date +%s)" -le "$end" ]; do
    sleep 0.2
done
tm send-keys -t main R
expect main "recording stopped" "R stops recording"
log=$(ls "$T"/jtune-*.csv 2>/dev/null | head -1)
if [ -n "$log" ] && grep -q '^# ' "$log" && grep -q 'rail_VDD_IN_mw' "$log" &&
    [ "$(grep -vc '^#' "$log")" -ge 3 ]; then
    pass "the recording has its metadata, header row and samples"
else
    fail "recording file ${log:-missing}"
fi

# quit with q (after a change: keep or restore?)
tm send-keys -t main q
if [ "$TUNED" = 1 ]; then
    expect main "Changed in this session: park cpu5" "q after a change lists the change"
    expect main "Keep: the changes stay" "q after a change asks keep or restore"
    tm send-keys -t main r
fi
expect main "JTUNE-EXIT=0" "q quits with status 0"
restored main "after q"

# ---- without the helper, a tuning key says why and how to enable it ----
start mon 120 40 "$CMD --monitor-only"
expect mon "monitor only" "--monitor-only: the header says monitor only"
tm send-keys -t mon 2 p
expect mon "park: monitor only: --monitor-only was given" "a tuning key says why it cannot act"
expect mon "run without --monitor-only" "... and how to enable tuning"
tm send-keys -t mon 7 i
expect mon "idle_toggle: monitor only" "the cpuidle key too"
tm send-keys -t mon q
expect mon "JTUNE-EXIT=0" "monitor-only session quits without asking"

# ---- NO_COLOR and --no-color: attributes only, no colour escapes ----
nocolor() { # nocolor SESSION CMD WHAT
    start "$1" 100 30 "$2"
    if wait_for "$1" "VDD_IN"; then
        colours=$(tm capture-pane -e -p -t "$1" | grep -cE "$(printf '\033')\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;5;[0-9]+|48;5;[0-9]+)(;[0-9;]*)?m")
        if [ "$colours" = 0 ]; then pass "$3: no colour"; else fail "$3: $colours rows with colour"; fi
        tm capture-pane -e -p -t "$1" | grep -q "$(printf '\033')\\[[0-9;]*7[;m]" &&
            pass "$3: still reverse video (mono theme)" || fail "$3: no reverse video at all"
    else
        fail "$3: did not start"
    fi
    tm send-keys -t "$1" q
    wait_for "$1" "JTUNE-EXIT=0" || fail "$3: did not quit"
}
nocolor nocolor1 "env NO_COLOR=1 $CMD" "NO_COLOR=1"
nocolor nocolor2 "$CMD --no-color" "--no-color"
start colour 100 30 "$CMD"
if wait_for colour "VDD_IN"; then
    tm capture-pane -e -p -t colour | grep -qE "$(printf '\033')\\[[0-9;]*38;5;[0-9]+" &&
        pass "colours are used by default" || fail "no colours by default"
fi
tm send-keys -t colour q

# a terminal without colours (vt100): the mono theme's attributes, no colour
start vt100 100 30 "env TERM=vt100 $CMD"
if wait_for vt100 "VDD_IN"; then
    tm capture-pane -e -p -t vt100 | grep -q "$(printf '\033')\\[[0-9;]*7[;m]" &&
        pass "vt100: reverse video (mono theme)" || fail "vt100: no reverse video"
    if tm capture-pane -e -p -t vt100 | grep -qE "$(printf '\033')\\[[0-9;]*38;5;"; then
        fail "vt100: colours on a terminal without them"
    else
        pass "vt100: no colours"
    fi
else
    fail "vt100 session did not start"
fi
tm send-keys -t vt100 q

# ---- SIGTERM ends cleanly ----
start term 100 30 "$CMD"
expect term "VDD_IN" "second session up"
kill -TERM "$(cat "$T/term.pid")"
expect term "JTUNE-EXIT=0" "SIGTERM ends jtune with status 0"
restored term "after SIGTERM"

# ---- a crash (SIGABRT) gives the terminal back and still dies of the signal ----
# (on --root: a crashed demo could not stop its simulator)
start_sim
start crash 100 30 "$ROOT_CMD"
expect crash "VDD_IN" "third session up"
kill -ABRT "$(cat "$T/crash.pid")"
expect crash "JTUNE-EXIT=134" "SIGABRT is re-raised (status 134)"
restored crash "after SIGABRT"

[ "$fails" -eq 0 ] && { echo "all UI checks passed"; exit 0; }
echo "$fails UI check(s) failed"
exit 1
