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
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/lib/simfixture.sh"

_wide() { [ "$(screen "$1" | wc -L)" -ge "$2" ]; }
# wait_wide SESSION MIN: poll until some line of the pane is at least MIN columns wide.
wait_wide() { poll 10 _wide "$1" "$2"; }

# The board: the demo when this build has one, else our own simulator.
sim_or_demo --seed 7
CMD="$JTUNE $BOARD"
echo "running jtune $BOARD"

# restored SESSION WHAT: the terminal is back to normal after jtune ended (the pane prints
# PROMPT-BACK after saving the tty modes, as a shell prompt would).
restored() {
    if ! wait_for "$1" PROMPT-BACK 10; then
        fail -s "$1" "$2: the shell did not print after jtune ended"
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
tm_start main 120 40 "$CMD"
expect main "Jetson Orin Nano" "overview shows the board"
for rail in VDD_IN VDD_CPU_GPU_CV VDD_SOC; do
    expect main "$rail" "overview shows rail $rail"
done
expect_re main '[0-9]\.[0-9]°C' "overview shows a temperature"
for c in 0 1 2 3 4 5; do
    expect_re main "^cpu$c +.*MHz" "CPU row cpu$c"
done
expect main "1 Overview" "page tabs"

page() { # page KEY TEXT NAME
    keys main "$1"
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
if wait_wide main 190; then pass "200x60 re-laid out"; else fail -s main "200x60 not re-laid out"; fi
expect main "1 Overview  2 CPU" "200x60 shows the full tab names"
expect_re main "^cpu5 .*MHz" "200x60 shows the CPU rows"
tm resize-window -t main -x 70 -y 20
expect main "terminal too small: 70x20" "below 80x24: the too-small message"
tm resize-window -t main -x 120 -y 40
expect main "6 Thermal" "back to 120x40"

# help overlay, generated from the keymap
keys main 2 '?'
expect main "jtune keys" "help opens"
expect main "This page: CPU" "help starts with the keys of the page it was opened on"
expect main "park or unpark the selected core" "help lists the tuning keys"
keys main End
expect main "Low-power audit (A)" "help lists the audit's own keys"
# the replay keys sit above the last page of the help: scroll back up to them
n=0
while ! screen main | grep -qF "replay: one row back" && [ $n -lt 40 ]; do
    keys main Up
    sleep 0.05
    n=$((n + 1))
done
expect main "replay: one row back" "help lists the replay keys"
keys main Escape
expect_gone main "jtune keys" "help closes" 5

# tuning through the helper: park the selected core
expect main "core  state" "back on the CPU page"
TUNED=0
if screen main | grep -q "helper connected"; then
    keys main Down Down Down Down Down p
    expect main "park cpu5: done" "p parks the selected core through the helper"
    expect_re main "cpu5 +parked" "cpu5 shows parked"
    TUNED=1
else
    echo "note: no helper in this session ($(screen main | sed -n 2p | tr -s ' '))"
fi

# pause, interval
keys main Space
expect main "PAUSED" "space pauses"
keys main Space '+'
expect main "sampling every 2 s" "+ lengthens the interval"

# recording: R starts a log in the current directory, the header says REC, R stops it
keys main R
expect main "recording to jtune-" "R starts recording"
expect main "REC" "the header shows the recording"
rows3() { [ "$(grep -vc '^#' "$T"/jtune-*.csv 2>/dev/null || echo 0)" -ge 3 ]; }
poll 15 rows3
keys main R
expect main "recording stopped" "R stops recording"
log=$(ls "$T"/jtune-*.csv 2>/dev/null | head -1)
if [ -n "$log" ] && grep -q '^# ' "$log" && grep -q 'rail_VDD_IN_mw' "$log" &&
    [ "$(grep -vc '^#' "$log")" -ge 3 ]; then
    pass "the recording has its metadata, header row and samples"
else
    fail "recording file ${log:-missing}"
fi

# quit with q (after a change: keep or restore?)
keys main q
if [ "$TUNED" = 1 ]; then
    expect main "Changed in this session: park cpu5" "q after a change lists the change"
    expect main "Keep: the changes stay" "q after a change asks keep or restore"
    keys main r
fi
expect main "JTUNE-EXIT=0" "q quits with status 0"
restored main "after q"

# ---- without the helper, a tuning key says why and how to enable it ----
tm_start mon 120 40 "$CMD --monitor-only"
expect mon "monitor only" "--monitor-only: the header says monitor only"
keys mon 2 p
expect mon "park: monitor only: --monitor-only was given" "a tuning key says why it cannot act"
expect mon "run without --monitor-only" "... and how to enable tuning"
keys mon 7 i
expect mon "idle_toggle: monitor only" "the cpuidle key too"
keys mon q
expect mon "JTUNE-EXIT=0" "monitor-only session quits without asking"

# ---- NO_COLOR and --no-color: attributes only, no colour escapes ----
nocolor() { # nocolor SESSION CMD WHAT
    tm_start "$1" 100 30 "$2"
    if wait_for "$1" "VDD_IN"; then
        colours=$(tm capture-pane -e -p -t "$1" | grep -cE "$(printf '\033')\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;5;[0-9]+|48;5;[0-9]+)(;[0-9;]*)?m")
        if [ "$colours" = 0 ]; then pass "$3: no colour"; else fail "$3: $colours rows with colour"; fi
        tm capture-pane -e -p -t "$1" | grep -q "$(printf '\033')\\[[0-9;]*7[;m]" &&
            pass "$3: still reverse video (mono theme)" || fail "$3: no reverse video at all"
    else
        fail "$3: did not start"
    fi
    keys "$1" q
    wait_for "$1" "JTUNE-EXIT=0" || fail "$3: did not quit"
}
nocolor nocolor1 "env NO_COLOR=1 $CMD" "NO_COLOR=1"
nocolor nocolor2 "$CMD --no-color" "--no-color"
tm_start colour 100 30 "$CMD"
if wait_for colour "VDD_IN"; then
    tm capture-pane -e -p -t colour | grep -qE "$(printf '\033')\\[[0-9;]*38;5;[0-9]+" &&
        pass "colours are used by default" || fail "no colours by default"
fi
keys colour q

# a terminal without colours (vt100): the mono theme's attributes, no colour
tm_start vt100 100 30 "env TERM=vt100 $CMD"
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
keys vt100 q

# ---- SIGTERM ends cleanly ----
tm_start term 100 30 "$CMD"
expect term "VDD_IN" "second session up"
kill -TERM "$(cat "$T/term.pid")"
expect term "JTUNE-EXIT=0" "SIGTERM ends jtune with status 0"
restored term "after SIGTERM"

# ---- a crash (SIGABRT) gives the terminal back and still dies of the signal ----
# (on --root: a crashed demo could not stop its simulator)
[ -n "$SIM_ROOT" ] || sim_start root --seed 7
tm_start crash 100 30 "$JTUNE --root $SIM_ROOT"
expect crash "VDD_IN" "third session up"
kill -ABRT "$(cat "$T/crash.pid")"
expect crash "JTUNE-EXIT=134" "SIGABRT is re-raised (status 134)"
restored crash "after SIGABRT"

finish "UI checks"
