#!/bin/sh
# SPDX-License-Identifier: MIT
# emu_view.sh BUILD EMULATOR PROGRAM...: make BUILD/emu-view, the build directory as a test of
# an emulated (cross) build sees it: every entry of BUILD linked, and each PROGRAM replaced by
# a wrapper that runs BUILD/PROGRAM in EMULATOR (no binfmt_misc needed).
set -eu
build=$1 emu=$2
shift 2
view=$build/emu-view
rm -rf "$view"
mkdir -p "$view"
for e in "$build"/* "$build"/.[!.]*; do
    [ -e "$e" ] || continue
    name=${e##*/}
    [ "$name" = emu-view ] && continue
    ln -s "$e" "$view/$name"
done
for p in "$@"; do
    rm -f "$view/$p"
    printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$emu" "$build/$p" > "$view/$p"
    chmod 755 "$view/$p"
done
echo "emu-view: $# programs run through $emu"
