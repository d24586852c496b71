#!/bin/sh
# SPDX-License-Identifier: MIT
# Recordings keep governors and trip points: a log recorded from the live simulator replays in
# the real UI (tmux) with each cluster's and the GPU's governor as the board had them and the
# thermal zones' trip points, never n/a.
TM_JOIN=1
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/record/common.sh"
start_sim 4
R="$T/root"
"$JTUNE" --headless --root "$R" --count 3 --interval 100 --log "$T/s.csv" >/dev/null ||
    die "headless recording failed"
gov0=$(cat "$R/sys/devices/system/cpu/cpufreq/policy0/scaling_governor")
gpugov=$(cat "$R"/sys/class/devfreq/*.gpu/governor)
trip=$(cat "$R/sys/class/thermal/thermal_zone0/trip_point_0_temp")
trip_c=$(awk -v t="$trip" 'BEGIN { printf "%.1f", t / 1000 }')
[ -n "$gov0" ] && [ -n "$gpugov" ] && [ -n "$trip" ] || die "the simulated tree lacks governors or trips"
sim_stop root
rm -rf "$R" # replay reads the recording only

tm_start r 160 50 "$JTUNE replay $T/s.csv"
wait_re r 'REPLAY ' || die -s r "replay does not start"
keys r Space
wait_re r "cluster 0 · $gov0 " || die -s r "cluster 0's governor is not $gov0"
wait_re r "  $gpugov  " || die -s r "the GPU governor $gpugov is not shown"
if screen r | grep -qE 'cluster [0-9]+ · n/a'; then
    die -s r "a cluster's governor reads n/a"
fi
wait_re r "tj .*${trip_c}°C" || die -s r "the tj zone's trip point ${trip_c}°C is not shown"
pass "replay shows governors $gov0 / $gpugov and trip ${trip_c}°C"
keys r q
wait_re r 'JTUNE-EXIT=0' || die -s r "q does not quit with status 0"
