#!/bin/sh
# SPDX-License-Identifier: MIT
# paced: the real program at 1 kHz, rails-only, logging CSV for a while, once to the disk
# (TMPDIR) and once to tmpfs (/dev/shm): the share of samples taken within 1 ms of their
# schedule (first sample + k * 1 ms, from the log's mono_us column) and the worst lateness.
# Then both again with --realtime (SCHED_FIFO) where this user may use it, and bench_paced:
# the same loop at 1 kHz and 2 kHz, the log written by the writer thread, side by side inline
# on the sampling path (as before the thread) and, where allowed, under SCHED_FIFO.
#   JTUNE_BUILD_DIR=build [JTUNE_BENCH_LOAD=N] sh tests/bench/paced.sh [SECONDS]  (default 30)
# JTUNE_BENCH_LOAD=N keeps N busy shell loops running through every run (a loaded board).
# Prints figures; asserts nothing about time. Every process it starts has ended when it ends.
set -u
B=${JTUNE_BUILD_DIR:-build}
secs=${1:-30}
work=$(mktemp -d "${TMPDIR:-/tmp}/jtune-paced-XXXXXX") || exit 1
shm=""
hogs=""
trap 'for h in $hogs; do kill "$h" 2>/dev/null; done; rm -rf "$work" ${shm:+"$shm"}' EXIT
trap 'exit 130' INT TERM
"$B/jtune-sim" --once --board orin-nano-super --root "$work/sim" >/dev/null 2>&1 || {
    echo "paced: cannot build the simulated tree" >&2
    exit 1
}
[ -d /dev/shm ] && [ -w /dev/shm ] && shm=$(mktemp -d /dev/shm/jtune-paced-XXXXXX)

# run LABEL DIR [JTUNE_OPTION...]: one paced run logging to DIR, then its figures
run() {
    label=$1
    log="$2/rails.csv"
    shift 2
    if ! "$B/jtune" --headless --root "$work/sim" --rails-only --interval 1 --duration "$secs" \
        --log "$log" "$@" 2>"$work/err"; then
        echo "  $label: jtune failed: $(cat "$work/err")"
        return
    fi
    grep -v '^#' "$log" | awk -F, -v label="$label" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == "mono_us") c = i; next }
        c {
            k = NR - 2
            if (k == 0) t0 = $c
            late = $c - (t0 + k * 1000)
            n++; if (late <= 1000) ok++; if (late > worst) worst = late
        }
        END {
            if (!n) { print "  " label ": no rows"; exit }
            printf "  %s: %d samples, %.3f %% within 1 ms of schedule, worst %.1f ms late\n",
                label, n, 100 * ok / n, worst / 1000
        }'
    rm -f "$log"
}

load=${JTUNE_BENCH_LOAD:-0}
i=0
while [ "$i" -lt "$load" ]; do
    sh -c 'while :; do :; done' &
    hogs="$hogs $!"
    i=$((i + 1))
done
echo "jtune --headless --rails-only --interval 1 --duration $secs --log FILE" \
    "(load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cpus; $load busy loops beside it)"
disk="disk ($(df -P "$work" | awk 'NR==2 { print $1 }'))"
run "$disk" "$work"
if [ -n "$shm" ]; then
    run "tmpfs (/dev/shm)" "$shm"
else
    echo "  tmpfs: /dev/shm not writable, skipped"
fi
rt=""
if "$B/jtune" --headless --realtime --root "$work/sim" --rails-only --count 1 \
    >/dev/null 2>"$work/err"; then
    rt=--realtime
    run "$disk, --realtime" "$work" --realtime
    [ -n "$shm" ] && run "tmpfs (/dev/shm), --realtime" "$shm" --realtime
else
    echo "  --realtime: not allowed here: $(head -1 "$work/err")"
fi

if [ -x "$B/tests/bench_paced" ]; then
    echo "bench_paced: rails-only, CSV log, writer thread, inline writes${rt:+, SCHED_FIFO} (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    for hz in 1000 2000; do
        for dir in "$work" ${shm:+"$shm"}; do
            where=disk
            [ "$dir" = "$shm" ] && where=tmpfs
            for mode in "" --inline $rt; do
                printf '  %s' "$where"
                "$B/tests/bench_paced" --root "$work/sim" --log "$dir/paced.csv" --hz "$hz" \
                    --seconds "$secs" $mode
                rm -f "$dir/paced.csv"
            done
        done
    done
fi
