#!/bin/sh
# SPDX-License-Identifier: MIT
# Reproducible and relocatable: two builds of the same tree in different directories install
# byte-identical files, and no installed file names either build directory or the source.
# The CUDA burner is left out: nvcc names its device code after random temporary files.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd -P)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM HUP
for side in a b; do
    dir=$work/build-$side-$(printf '%s' "$side" | od -An -tx1 | tr -d ' \n')
    cmake -S . -B "$dir" -DJTUNE_WERROR=ON -DJTUNE_TESTS=OFF -DJTUNE_CUDA=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        >"$work/$side.log" 2>&1
    cmake --build "$dir" -j"$(nproc)" >>"$work/$side.log" 2>&1 || {
        tail -n 40 "$work/$side.log"
        exit 1
    }
    DESTDIR=$work/root-$side cmake --install "$dir" --prefix /usr >/dev/null
    for p in "$src/src/" "$src/include/" "$dir/"; do
        if grep -rlF "$p" "$work/root-$side"; then
            echo "repro: installed files name the build path $p" >&2
            exit 1
        fi
    done
done
if [ -n "$(diff -rq "$work/root-a" "$work/root-b")" ]; then
    diff -r "$work/root-a" "$work/root-b" | head -n 20
    echo "repro: two builds in different directories differ" >&2
    exit 1
fi
echo "repro: $(find "$work/root-a" -type f | wc -l) installed files identical across build directories, no build path"
