#!/bin/sh
# SPDX-License-Identifier: MIT
# Recordings keep governors and trip points: a log recorded from the live simulator replays in
# the real UI (tmux) with each cluster's and the GPU's governor as the board had them and the
# thermal zones' trip points, never n/a.
. "$JTUNE_SOURCE_DIR/tests/record/common.sh"
need_tmux
start_sim 4
R="$SCRATCH/root"
"$JTUNE" --headless --root "$R" --count 3 --interval 100 --log "$SCRATCH/s.csv" >/dev/null ||
    fail "headless recording failed"
gov0=$(cat "$R/sys/devices/system/cpu/cpufreq/policy0/scaling_governor")
gpugov=$(cat "$R"/sys/class/devfreq/*.gpu/governor)
trip=$(cat "$R/sys/class/thermal/thermal_zone0/trip_point_0_temp")
trip_c=$(awk -v t="$trip" 'BEGIN { printf "%.1f", t / 1000 }')
[ -n "$gov0" ] && [ -n "$gpugov" ] && [ -n "$trip" ] || fail "the simulated tree lacks governors or trips"
kill "$SIM_PID" && wait "$SIM_PID" 2>/dev/null; SIM_PID=
rm -rf "$R" # replay reads the recording only

start_pane r 160 50 "$SCRATCH" "$JTUNE replay $SCRATCH/s.csv"
wait_re r 'REPLAY ' || fail "replay does not start"
tm send-keys -t r Space
wait_re r "cluster 0 · $gov0 " || fail "cluster 0's governor is not $gov0"
wait_re r "  $gpugov  " || fail "the GPU governor $gpugov is not shown"
if screen_of r | grep -qE 'cluster [0-9]+ · n/a'; then
    screen_of r >&2
    fail "a cluster's governor reads n/a"
fi
wait_re r "tj .*${trip_c}°C" || fail "the tj zone's trip point ${trip_c}°C is not shown"
echo "ok: replay shows governors $gov0 / $gpugov and trip ${trip_c}°C"
tm send-keys -t r q
wait_re r 'JTUNE-EXIT=0' || fail "q does not quit with status 0"
