#!/bin/sh
# SPDX-License-Identifier: MIT
# The workload page of the full-screen UI, end to end: the real jtune --demo in tmux.
# Opens the page (w), lists the built-ins, a configured workload and a broken one (with its
# reason, and no "unknown section" warning for [workload.*]), runs a short CPU burner to its
# end (progress, J/batch with its interval, the history), checks its output went to the
# state directory and not to the screen, stops a second run with s, and checks that quitting
# while a workload runs leaves no workload process behind.
# Exit 0 pass, 1 fail, 77 skip (no tmux). Every wait polls capture-pane with a deadline.
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
MARK="wlui-$$-$(date +%s)"
export XDG_STATE_HOME="$T/state"

# Processes of the marked workload (its environment carries MARK), still alive.
marked() {
    n=0
    for e in /proc/[0-9]*/environ; do
        { tr '\0' '\n' <"$e"; } 2>/dev/null | grep -qx "JTUNE_UI_MARK=$MARK" || continue
        st=$(sed 's/.*) //' "${e%environ}stat" 2>/dev/null | cut -c1)
        [ "$st" = Z ] || [ -z "$st" ] || n=$((n + 1))
    done
    echo "$n"
}
none_marked() { [ "$(marked)" -eq 0 ]; }
some_marked() { [ "$(marked)" -ge 1 ]; }

cat >"$T/jtune.ini" <<INI
[ui]
interval_ms = 100
[workload.cpu-gemm]
batches = 3
batch_ms = 700
idle_ms = 400
baseline_ms = 400
env = JTUNE_UI_MARK=$MARK
[workload.sleeper]
command = sh -c 'echo printed-by-the-workload; exec sleep 300'
batches = 2
baseline_ms = 0
env = JTUNE_UI_MARK=$MARK
[workload.broken]
command = x
batches = lots
INI

tm_start wl 120 36 "$JTUNE --demo --config $T/jtune.ini --log $T/rec.csv"
expect wl "Jetson Orin Nano" "the monitor runs" 20
if screen wl | grep -q "unknown section"; then
    fail "[workload.*] sections are reported as unknown"
else
    pass "no warning for [workload.*] sections"
fi

keys wl w
expect wl "energy per batch" "w opens the workload page"
expect wl "cpu-gemm            3 batches x 700 ms, 400 ms idle" "the configured built-in"
expect wl "gpu-gemm" "the CUDA built-in is listed"
expect wl "broken              has errors in $T/jtune.ini" "a broken workload says why"
expect wl "nothing run yet" "nothing has run"

keys wl Enter
expect wl "batch 1 of 3" "the run starts and reaches batch 1"
expect wl "done" "the run ends" 30
expect wl "(95% CI, 3 batches" "J/batch over the 3 batches"
expect wl "J/batch       " "the history row"
if screen wl | grep -qE 'energy/batch +[0-9]+\.[0-9]{3} ± [0-9]+\.[0-9]{3} J'; then
    pass "mean and interval shown"
else
    fail -s wl "no mean +- interval"
fi
[ -f "$T/state/jtune/workload-cpu-gemm.out" ] && pass "output file in XDG_STATE_HOME" \
    || fail "no output file in $T/state/jtune"
# the monitor's recording carries the batch numbers of the run: 1, 2 and 3 all appear
batches=$(awk -F, '/^#/ { next } !col { for (i = 1; i <= NF; i++) if ($i == "batch") col = i; next }
                   $col > 0 { seen[$col] = 1 } END { n = 0; for (b in seen) n++; print n }' "$T/rec.csv")
[ "$batches" = 3 ] && pass "the recording has the run's 3 batches in its batch column" \
    || fail "the recording shows $batches batch numbers, not 3"

# a second workload: its output goes to the file, never to the screen; s stops it
keys wl Down Down Down Down Enter # the fifth: after the 4 built-ins
expect wl "sleeper:" "the second workload starts"
poll 10 grep -q printed-by-the-workload "$T/state/jtune/workload-sleeper.out" 2>/dev/null \
    && pass "the workload's output is in its file" || fail "the workload's output is not in its file"
screen wl | grep -q printed-by-the-workload && fail "the workload's output is on the screen" \
    || pass "the workload's output is not on the screen"
some_marked && pass "the workload process runs" || fail "no workload process"
keys wl s
expect wl "stopped after 0 of 2 batches" "s stops it"
poll 10 none_marked && pass "no workload process left after s" || fail "a workload process is left"

# quitting while a workload runs ends it too
keys wl Enter
poll 10 some_marked && pass "started again" || fail "the workload did not start again"
keys wl q
expect wl "JTUNE-EXIT=0" "q quits" 15
poll 10 none_marked && pass "no workload process left after quitting" \
    || fail "a workload process outlived jtune"

finish "workload page checks"
