#!/bin/sh
# SPDX-License-Identifier: MIT
# The oldest toolchain: build with -Werror and run the test suite in a Debian 11 (bullseye)
# chroot - gcc 10, CMake 3.18, glibc 2.31, the nearest to Ubuntu 20.04 (JetPack 5) that
# Debian's archive has. Usage: bullseye.sh [CHROOT_DIR] (made with debootstrap when absent).
set -eu
cd "$(dirname "$0")/.."
. .ci/chroot.sh
root=${1:-$(mktemp -d)/bullseye}
pkgs=cmake,make,gcc,libc6-dev,pkg-config,libncurses-dev,libinih-dev,libcap-dev,libcmocka-dev,tmux,locales,libxml2-utils,man-db,groff-base,bash-completion,zsh,procps
[ -x "$root/usr/bin/cmake" ] || chroot_make "$root" bullseye "$pkgs"
rm -rf "$root/src"
mkdir -p "$root/src"
git ls-files -z | xargs -0 tar -cf - | tar -xf - -C "$root/src"
chroot_mount "$root"
trap 'chroot_umount "$root"' EXIT INT TERM HUP
chroot "$root" sh -c 'gcc --version | head -n 1; cmake --version | head -n 1; ldd --version | head -n 1'
# the README's build and test steps, with -Werror, on the old toolchain (CMake < 3.20:
# ctest runs in the build directory, as the README's command does)
chroot "$root" env JTUNE_WERROR=ON LANG=C.UTF-8 sh -ec '
    cd /src
    cmake -S . -B build >/tmp/configure.log 2>&1 || { cat /tmp/configure.log; exit 1; }
    cmake --build build -j"$(nproc)" 2>&1 | tee /tmp/build.log | grep -E "warning:|error:" && exit 1
    [ -x build/jtune ] || { tail -n 40 /tmp/build.log; exit 1; }
    cd build && ctest --output-on-failure -j"$(nproc)"'
echo "bullseye: built with -Werror and passed the test suite"
