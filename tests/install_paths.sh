#!/bin/sh
# SPDX-License-Identifier: MIT
# install_paths: an install under a prefix chosen at install time (not the configured one)
# works from where it lands: data, helper and boards are found relative to the programs, the
# unit names the final path, and no installed file carries a path of the build machine.
set -eu
build=${1:?usage: install_paths.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: install_paths.sh BUILD_DIR SOURCE_DIR}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT INT TERM HUP
fail() {
    echo "install_paths: $*" >&2
    exit 1
}
prefix=/opt/jtune-test
DESTDIR=$dest cmake --install "$build" --prefix "$prefix" >/dev/null
top=$dest$prefix
for f in bin/jtune bin/jtune-sim libexec/jtune/jtune-helper share/jtune/boards/orin-nano-super.ini \
    share/jtune/themes/default.theme; do
    [ -e "$top/$f" ] || fail "not installed under the install-time prefix: $f"
done
# the unit names jtune where it was installed, not where it was configured
unit=$(find "$dest" -name 'jtune-profile@.service' | head -n 1)
[ -n "$unit" ] || fail "no unit installed"
grep -qxF "ExecStart=$prefix/bin/jtune --apply-profile %i" "$unit" ||
    fail "the unit does not name $prefix/bin/jtune: $(grep ExecStart "$unit")"
# no path of the build machine in any installed file (a source or build file's path: the bare
# directory name alone may be as short as "/src")
b=$(cd "$build" && pwd -P)
paths="$src/src/ $src/include/ $src/tests/ $b/CMakeFiles/ $b/generated/"
if grep -q '^JTUNE_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
    # UBSan keeps each check's source location as the compiler was given it; such builds
    # are for testing only and are never installed
    echo "install_paths: sanitizer build: the build-path check is left to regular builds"
    paths=
fi
for p in $paths; do
    if grep -rlF "$p" "$dest" >/dev/null 2>&1; then
        fail "installed files carry the build path $p: $(grep -rlF "$p" "$dest" | head -n 3)"
    fi
done
# the installed programs find their data relative to themselves (out of the build tree); a
# cross build's test run starts them in its emulator
run() {
    if [ -n "${JTUNE_TEST_EMULATOR:-}" ]; then "$JTUNE_TEST_EMULATOR" "$@"; else "$@"; fi
}
run "$top/bin/jtune-sim" --list | grep -q orin-nano-super ||
    fail "the installed jtune-sim does not find its boards"
run "$top/bin/jtune" --help >/dev/null || fail "the installed jtune does not start"
echo "install_paths: installed under $prefix, no build path in $(find "$dest" -type f | wc -l) files"
