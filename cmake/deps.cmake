# SPDX-License-Identifier: MIT
# Every dependency is a Debian package found through pkg-config; a missing one
# stops the configure step with the name of the package to install.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: apt-get install pkg-config")
endif()

function(jtune_require var module debpkg)
  pkg_check_modules(${var} QUIET IMPORTED_TARGET ${module})
  if(NOT ${var}_FOUND)
    message(FATAL_ERROR "${module} not found: apt-get install ${debpkg}")
  endif()
endfunction()

jtune_require(NCURSESW ncursesw libncurses-dev)
jtune_require(INIH inih libinih-dev)
jtune_require(LIBCAP libcap libcap-dev)
if(JTUNE_TESTS)
  jtune_require(CMOCKA cmocka libcmocka-dev)
endif()
