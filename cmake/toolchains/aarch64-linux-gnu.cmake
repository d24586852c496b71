# SPDX-License-Identifier: MIT
# Cross-compile for aarch64 (Jetson) with Debian's cross toolchain and multiarch arm64
# libraries (dpkg --add-architecture arm64; apt-get install gcc-aarch64-linux-gnu
# libncurses-dev:arm64 libinih-dev:arm64 libcap-dev:arm64 libcmocka-dev:arm64). Tests run under
# qemu-aarch64-static when it is installed (package qemu-user-static); no binfmt_misc needed.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
# pkg-config answers for the target's libraries, not the host's
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
find_program(JTUNE_QEMU_AARCH64 qemu-aarch64-static)
if(JTUNE_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${JTUNE_QEMU_AARCH64})
endif()
