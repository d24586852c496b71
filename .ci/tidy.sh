#!/bin/sh
# SPDX-License-Identifier: MIT
# clang-tidy over every C file of src/ (the programs and their libraries, headers included
# through them) with the checks of .clang-tidy; any finding fails. Usage: sh .ci/tidy.sh [JOBS]
# (default: the number of CPUs). The build directory build-tidy only holds the compilation
# database: nothing is compiled.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=${1:-$(nproc)}
run=$(command -v run-clang-tidy || command -v run-clang-tidy-14 || true)
[ -n "$run" ] || { echo "run-clang-tidy not found: apt-get install clang-tidy" >&2; exit 1; }

# Tests and the CUDA kernel are left out of the database: tidy checks the shipped code.
cmake -S . -B build-tidy -DJTUNE_TESTS=OFF -DJTUNE_CUDA=OFF >/dev/null
log=build-tidy/tidy.log
# -Wno-unknown-warning-option: the database holds the build compiler's flags (gcc's
# -Wno-format-truncation); clang's own warnings are the clang build's business (variants.sh).
rc=0
"$run" -j "$jobs" -quiet -p build-tidy -extra-arg=-Wno-unknown-warning-option \
    "^$root/src/.*\.c\$" >"$log" 2>&1 || rc=$?
# Findings printed once each (a header's finding repeats in every file that includes it).
sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' | sort -u \
    >build-tidy/findings.txt || true
n=$(wc -l <build-tidy/findings.txt)
if [ "$n" -gt 0 ] || [ "$rc" -ne 0 ]; then
    cat build-tidy/findings.txt
    [ "$n" -gt 0 ] || sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -40
    echo "clang-tidy: $n finding(s), exit status $rc (full output: $log)" >&2
    exit 1
fi
echo "clang-tidy: no findings in $(grep -c '"file": "'"$root"'/src/.*\.c"' build-tidy/compile_commands.json) files"
