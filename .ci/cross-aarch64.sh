#!/bin/sh
# SPDX-License-Identifier: MIT
# aarch64, as on every Jetson: cross-build with Debian's aarch64 toolchain and arm64 libraries
# (-Werror, zero warnings), run the whole test suite under qemu-aarch64-static (no
# binfmt_misc), and build the arm64 package from a cross build made for shipping.
set -eu
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
dpkg --add-architecture arm64
apt-get update >/dev/null
apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
    qemu-user-static libncurses-dev:arm64 libinih-dev:arm64 libcap-dev:arm64 \
    libcmocka-dev:arm64 >/dev/null
tc=cmake/toolchains/aarch64-linux-gnu.cmake

# the test build: programs that start each other through the emulator (core/emuexec.h)
dir=build-aarch64
rm -rf "$dir"
cmake -S . -B "$dir" -DCMAKE_TOOLCHAIN_FILE=$tc -DJTUNE_WERROR=ON \
    -DJTUNE_EXEC_EMULATOR=/usr/bin/qemu-aarch64-static >"$dir.log" 2>&1
cmake --build "$dir" -j"$(nproc)" >>"$dir.log" 2>&1 || { tail -n 60 "$dir.log"; exit 1; }
if grep -n "warning:" "$dir.log"; then
    echo "aarch64: warnings" >&2
    exit 1
fi
file "$dir/jtune" | grep -q "ARM aarch64" || { echo "aarch64: not an aarch64 build" >&2; exit 1; }
echo "aarch64: cross build with -Werror, 0 warnings; tests under $(qemu-aarch64-static --version | head -n 1)"
(cd "$dir" && ctest --output-on-failure -j"$(nproc)")

# the shipping build: no emulator in it; the arm64 package
dir=build-aarch64-deb
rm -rf "$dir"
cmake -S . -B "$dir" -DCMAKE_TOOLCHAIN_FILE=$tc -DJTUNE_WERROR=ON -DJTUNE_TESTS=OFF \
    -DCMAKE_INSTALL_PREFIX=/usr >"$dir.log" 2>&1
cmake --build "$dir" -j"$(nproc)" >>"$dir.log" 2>&1 || { tail -n 60 "$dir.log"; exit 1; }
if grep -rlF qemu "$dir/jtune" "$dir/jtune-sim" "$dir/jtune-helper"; then
    echo "aarch64: the shipping build names the emulator" >&2
    exit 1
fi
(cd "$dir" && cpack -G DEB >/dev/null)
dpkg-deb --info "$dir"/jtune_*_arm64.deb | grep -q "Architecture: arm64"
echo "aarch64: $(ls "$dir"/jtune_*_arm64.deb)"
