#!/bin/sh
# SPDX-License-Identifier: MIT
# Zero-warning builds, each with -Werror: gcc and clang at every CMake build type, and the
# distribution hardening flags (Debian's dpkg-buildflags with hardening=+all, which Ubuntu's
# gcc also applies by default, and _FORTIFY_SOURCE=3).
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc)

# build_variant NAME CMAKE_ARGS...: configure and build in build-ci-NAME; fail on any warning.
build_variant() {
    name=$1
    shift
    dir=build-ci-$name
    rm -rf "$dir"
    if ! { cmake -S . -B "$dir" -DJTUNE_WERROR=ON -DJTUNE_CUDA=OFF "$@" &&
        cmake --build "$dir" -j"$jobs"; } >"$dir.log" 2>&1; then
        tail -n 60 "$dir.log"
        echo "variant $name: build failed" >&2
        exit 1
    fi
    if grep -n "warning:" "$dir.log"; then
        echo "variant $name: warnings" >&2
        exit 1
    fi
    echo "variant $name: built with -Werror, 0 warnings (${CC:-cc} $*)"
    rm -rf "$dir" "$dir.log"
}

(CC=gcc && export CC && build_variant gcc-release -DCMAKE_BUILD_TYPE=Release)
(CC=gcc && export CC && build_variant gcc-minsizerel -DCMAKE_BUILD_TYPE=MinSizeRel -DJTUNE_TESTS=OFF)
(CC=clang && export CC && build_variant clang-debug -DCMAKE_BUILD_TYPE=Debug)
(CC=clang && export CC && build_variant clang-release -DCMAKE_BUILD_TYPE=Release -DJTUNE_TESTS=OFF)
(
    eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
    CC=gcc CFLAGS="$CFLAGS $CPPFLAGS"
    export CC CFLAGS LDFLAGS
    build_variant hardened -DCMAKE_BUILD_TYPE=RelWithDebInfo
)
(
    eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
    CC=gcc CFLAGS="$CFLAGS $CPPFLAGS -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3"
    export CC CFLAGS LDFLAGS
    build_variant hardened-fortify3 -DCMAKE_BUILD_TYPE=Release -DJTUNE_TESTS=OFF
)
