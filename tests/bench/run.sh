#!/bin/sh
# Run every benchmark program built from tests/bench/bench_*.c and print its figures.
# Benchmarks never fail on speed: machines are noisy; the numbers are for people.
set -u
build=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR is not set}
status=0
for b in "$build"/tests/bench_*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
    "$b" || status=1
done
exit $status
