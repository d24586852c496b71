#!/bin/sh
# SPDX-License-Identifier: MIT
# jtune benchmarks: print figures (and a summary table the README can quote); nothing here
# asserts a timing. Run by `cmake --build build --target bench`, or alone:
#   JTUNE_BUILD_DIR=build sh tests/bench/run.sh
# Then runs every other benchmark program (build/tests/bench_*) without arguments and every
# other tests/bench/*.sh the same way.
set -u
B=${JTUNE_BUILD_DIR:-build}
S=${JTUNE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$B/tests
work=$(mktemp -d "${TMPDIR:-/tmp}/jtune-bench-XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
export TMPDIR="$work"
export JTUNE_BUILD_DIR="$B" JTUNE_SOURCE_DIR="$S"

btype=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$B/CMakeCache.txt" 2>/dev/null)
sanitize=$(sed -n 's/^JTUNE_SANITIZE:[A-Z]*=//p' "$B/CMakeCache.txt" 2>/dev/null)
echo "== jtune benchmarks (build type: ${btype:-unknown}; $(nproc) cpus; $(uname -m))"
[ "$btype" = Debug ] && echo "   note: a Debug build; figures of a RelWithDebInfo/Release build are the ones to quote"

# The board tree: the simulator's snapshot of an Orin Nano Super when the simulator is
# built, else the reference fixture tree.
root=""
src="fixture tests/fixtures/orin-nano-super.tree"
if [ -x "$B/jtune-sim" ] &&
    "$B/jtune-sim" --once --board orin-nano-super --root "$work/sim" >/dev/null 2>&1; then
    root="$work/sim"
    src="jtune-sim --once --board orin-nano-super"
fi
if [ -z "$root" ]; then
    root=$("$T/bench_sample" --make-fixture) || { echo "cannot build the fixture tree" >&2; exit 1; }
fi
echo "   board tree: $src"

get() { sed -n "s/^result $1 //p" "$2" | head -n 1; }

echo
"$T/bench_sample" --root "$root" --iters 3000 | tee "$work/sample.out" | grep -v '^result '

# Instructions per sample: two callgrind runs, the difference divided by the extra samples
# (removes start-up and probing).
ir_sample="n/a"
ir_floor="n/a"
if command -v valgrind >/dev/null 2>&1 && [ "$sanitize" != ON ]; then
    ir() {
        valgrind --tool=callgrind --callgrind-out-file="$work/cg.$1.$2" \
            "$T/bench_sample" --root "$root" --callgrind-"$1" "$2" >/dev/null 2>&1 &&
            sed -n 's/^summary: //p' "$work/cg.$1.$2"
    }
    a=$(ir sample 50) && b=$(ir sample 250) && ir_sample=$(((b - a) / 200))
    a=$(ir floor 50) && b=$(ir floor 250) && ir_floor=$(((b - a) / 200))
    echo "  instructions per sample (callgrind, user space): $ir_sample; floor pass: $ir_floor"
else
    echo "  instructions per sample: skipped (valgrind not installed, or a sanitizer build)"
fi

echo
"$T/bench_rails" --root "$root" --seconds 2 | tee "$work/rails.out" | grep -v '^result '

# The real program, paced: rails-only at 1 ms to a CSV log for 3 s.
echo
paced="n/a"
if "$B/jtune" --headless --root "$root" --rails-only --interval 1 --duration 3 \
    --log "$work/rails.csv" 2>"$work/headless.err"; then
    rows=$(grep -v '^#' "$work/rails.csv" | tail -n +2 | wc -l)
    secs=$(sed -n 's/^jtune: [0-9]* samples over \([0-9.]*\) s.*/\1/p' "$work/headless.err")
    paced=$(awk -v r="$rows" -v s="$secs" 'BEGIN { if (s > 0) printf "%.0f", (r - 1) / s; else print "n/a" }')
    echo "jtune --headless --rails-only --interval 1 --duration 3 --log FILE:"
    echo "  $rows rows over $secs s = $paced samples/s (target >= 1000)"
else
    echo "jtune --headless (paced 1 ms) failed:"
    cat "$work/headless.err"
fi

s=$work/sample.out
r=$work/rails.out
echo
echo "== summary (paste into README)"
echo "| figure | value | target |"
echo "|---|---|---|"
echo "| full sample, median wall time | $(get full_median_us "$s") us | |"
echo "| floor: pread of the same $(get files "$s") files, median | $(get floor_median_us "$s") us | |"
awk -v a="$(get full_median_us "$s")" -v b="$(get floor_median_us "$s")" \
    'BEGIN { if (b > 0) printf "| full sample / floor | %.2fx | <= 1.5x |\n", a / b }'
echo "| cold sample (after a 100 ms sleep) / cold floor, median | $(get cold_median_us "$s") / $(get cold_floor_median_us "$s") us | |"
awk -v a="$(get cold_median_us "$s")" -v b="$(get cold_floor_median_us "$s")" \
    'BEGIN { if (b > 0) printf "| cold sample / cold floor | %.2fx | <= 1.3x |\n", a / b }'
echo "| process CPU per pass at 1 Hz, sample / floor | $(get cpu_sample_us "$s") / $(get cpu_floor_us "$s") us | |"
echo "| instructions per full sample (user space) | $ir_sample | |"
echo "| instructions per floor pass (user space) | $ir_floor | |"
echo "| heap allocations per sample after the first | $(get allocs_per_sample "$s") | 0 |"
echo "| rails-only sample, median wall time | $(get rails_median_us "$s") us | |"
echo "| rails-only to CSV, paced at 1 ms (jtune --headless) | $paced samples/s | >= 1000 |"
echo "| rails-only to CSV, unpaced | $(get rails_unpaced_per_s "$r") samples/s | |"
echo "| full sample to CSV, unpaced | $(get full_unpaced_per_s "$r") samples/s | |"
echo "| format one full CSV row / JSONL row | $(get csv_row_ns "$r") / $(get jsonl_row_ns "$r") ns | |"

# Every other benchmark program built from tests/bench/bench_*.c.
for b in "$T"/bench_*; do
    [ -x "$b" ] || continue
    case "$(basename "$b")" in bench_sample | bench_rails) continue ;; esac
    echo
    echo "== $(basename "$b")"
    "$b" || echo "$(basename "$b") failed (status $?)"
done

# Every other benchmark script in this folder.
for f in "$S"/tests/bench/*.sh; do
    [ "$(basename "$f")" = run.sh ] && continue
    echo
    echo "== $(basename "$f")"
    sh "$f" || echo "$(basename "$f") failed (status $?)"
done
exit 0
