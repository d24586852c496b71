#!/bin/sh
# SPDX-License-Identifier: MIT
# probe.sh BUILD_DIR TARGET ok|fail [TEXT]: build one layering probe of the build tree; with
# "ok" it must build, with "fail" it must fail and say TEXT (so that it fails for the reason
# the probe is about, not for another one).
set -u
b=$1 target=$2 want=$3 text=${4:-}
out=$(cmake --build "$b" --target "$target" 2>&1)
rc=$?
if [ "$want" = ok ]; then
    [ $rc -eq 0 ] && { echo "$target builds, as it should"; exit 0; }
    printf '%s\n' "$out"
    echo "FAIL: $target should build (the probes' control)"
    exit 1
fi
if [ $rc -eq 0 ]; then
    echo "FAIL: $target built: the layering is not enforced"
    exit 1
fi
if ! printf '%s\n' "$out" | grep -F -- "$text" >/dev/null; then
    printf '%s\n' "$out"
    echo "FAIL: $target failed, but not with: $text"
    exit 1
fi
echo "$target fails with: $(printf '%s\n' "$out" | grep -F -m1 -- "$text")"
