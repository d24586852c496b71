#!/bin/sh
# SPDX-License-Identifier: MIT
# Build the libFuzzer targets with clang and run them for a while each:
#   tests/fuzz/run.sh [TARGET|all] [SECONDS]     (default: all, 600 s per target)
# TARGET is one of: request journal session journal_io nvpconf. The build goes to
# $JTUNE_FUZZ_BUILD (default build-fuzz); the corpus grows in <build>/tests/fuzz_TARGET_corpus
# and crashing inputs land in <build>/tests/fuzz_TARGET_crashes/. Needs clang with libFuzzer
# (Debian: clang libclang-rt-14-dev). Ends non-zero when any target found a crash.
set -eu
cd "$(dirname "$0")/../.."
which=${1:-all}
secs=${2:-600}
build=${JTUNE_FUZZ_BUILD:-build-fuzz}
all="request journal session journal_io nvpconf"
[ "$which" = all ] && targets=$all || targets=$which
for t in $targets; do
    case " $all " in *" $t "*) ;; *) echo "unknown target $t (one of: $all)" >&2; exit 2 ;; esac
done
[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" >/dev/null
for t in $targets; do
    cmake --build "$build" --target "fuzz_$t" >/dev/null
done
max_len() {
    case $1 in session) echo 384 ;; journal_io) echo 1024 ;; nvpconf) echo 4096 ;; *) echo 256 ;; esac
}
failed=0
for t in $targets; do
    corpus=$build/tests/fuzz_${t}_corpus
    crashes=$build/tests/fuzz_${t}_crashes
    mkdir -p "$corpus" "$crashes"
    echo "=== fuzz_$t for $secs s"
    if ! "$build/tests/fuzz_$t" -max_total_time="$secs" -max_len="$(max_len "$t")" \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "tests/fuzz/seeds_$t" \
        2>"$build/tests/fuzz_$t.log"; then
        failed=1
    fi
    grep -E '^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY' \
        "$build/tests/fuzz_$t.log" | tail -n 6
    grep -E '^#[0-9]+' "$build/tests/fuzz_$t.log" | tail -n 1
    echo "crashes: $(find "$crashes" -type f | wc -l) (in $crashes)"
done
exit $failed
