#!/bin/sh
# SPDX-License-Identifier: MIT
# jtune plot end to end: a live recording, a hand-made workload CSV with batch markers and a
# tegrastats log become SVG files that xmllint accepts, with the expected charts and series.
. "$JTUNE_SOURCE_DIR/tests/record/common.sh"
command -v xmllint >/dev/null || { echo "xmllint not found (Debian package libxml2-utils): skipped"; exit 77; }

start_sim 4
"$JTUNE" --headless --root "$T/root" --interval 20 --count 30 --log "$T/live.csv" \
    2>/dev/null || die "headless recording"
"$JTUNE" plot "$T/live.csv" -o "$T/live.svg" || die "plot of the live recording"
"$JTUNE" plot "$JTUNE_SOURCE_DIR/tests/record/batch-run.csv" -o "$T/batch.svg" \
    --metrics power,temp,gpu 2>"$T/notes" || die "plot of the workload CSV"
"$JTUNE" plot "$JTUNE_SOURCE_DIR/tests/fixtures/tegrastats-samples.txt" -o "$T/ts.svg" \
    2>/dev/null || die "plot of a tegrastats log"
for f in live batch ts; do
    xmllint --noout "$T/$f.svg" || die "$f.svg is not well-formed XML"
done

has() { grep -q -- "$2" "$T/$1.svg" || die "$1.svg lacks $2"; }
count() { grep -o -- "$2" "$T/$1.svg" | wc -l; }
# the live board: every chart of the default groups, every rail and zone by name
for t in 'Power (W)' 'Temperature (' 'CPU load (%)' 'CPU frequency (MHz)' 'GPU load (%)' \
         'GPU frequency (MHz)' 'EMC utilisation (%)'; do
    has live ">$t"
done
for s in VDD_IN VDD_CPU_GPU_CV VDD_SOC tj cpu cpu0 cpu5 'all cores' cpu0-3 cpu4-5 GPU EMC; do
    has live "<title>$s</title>"
done
# the workload run: three charts (power, temperature, GPU load and frequency = 4), and one
# marker per batch start in each
[ "$(count batch '<g class="chart">')" -eq 4 ] || die "batch.svg: expected 4 charts"
[ "$(count batch '>batch 1</text>')" -eq 4 ] || die "batch.svg: batch 1 marker per chart"
[ "$(count batch '>batch 2</text>')" -eq 4 ] || die "batch.svg: batch 2 marker per chart"
[ "$(count batch 'stroke-dasharray')" -eq 8 ] || die "batch.svg: markers elsewhere"
has batch '<title>VDD_CPU_GPU_CV</title>'
# the tegrastats log: rails of several boards
has ts '<title>POM_5V_IN</title>'
has ts '<title>VDD_GPU_SOC</title>'
# a window and a bad group name
"$JTUNE" plot "$JTUNE_SOURCE_DIR/tests/record/batch-run.csv" -o "$T/win.svg" \
    --from 1 --to 2.5 --metrics power 2>/dev/null || die "plot with a window"
[ "$(count win '>batch 2</text>')" -eq 0 ] || die "win.svg: batch 2 is outside the window"
[ "$(count win '>batch 1</text>')" -eq 1 ] || die "win.svg: batch 1 starts inside the window"
set +e
"$JTUNE" plot "$T/live.csv" -o "$T/x.svg" --metrics power,volts 2>"$T/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || die "a bad --metrics exits 2, not $rc"
grep -q "unknown group 'volts'" "$T/err" || die "bad --metrics message"
[ ! -e "$T/x.svg" ] || die "nothing is written on a usage error"
echo "ok: 4 SVG files well-formed with the expected charts, series and markers"
