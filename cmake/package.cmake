# SPDX-License-Identifier: MIT
# Debian package: `cpack -G DEB` in a build configured with -DCMAKE_INSTALL_PREFIX=/usr
# (README: Install). The maintainer scripts in config/debian/ create the jtune group and the
# helper's system user, give the helper its group, mode and file capabilities, and create
# the state directory.
set(CPACK_PACKAGE_NAME jtune)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "jtune")
set(CPACK_PACKAGE_CONTACT "jtune maintainers <jtune@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "terminal power monitor and tuner for NVIDIA Jetson boards")
set(CPACK_PACKAGE_DESCRIPTION_FILE ${CMAKE_SOURCE_DIR}/config/debian/description)
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
if(CMAKE_CROSSCOMPILING)
  # dpkg-shlibdeps cannot read foreign binaries reliably: the libraries by name
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6 (>= 2.31), libncursesw6 (>= 6.2), libtinfo6 (>= 6.2), libinih1 (>= 53), libcap2 (>= 1:2.32), libcap2-bin")
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
  endif()
else()
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcap2-bin")
endif()
if(IS_ABSOLUTE "${JTUNE_SYSUSERSDIR}")
  set(JTUNE_SYSUSERS_FULL "${JTUNE_SYSUSERSDIR}")
else()
  set(JTUNE_SYSUSERS_FULL "${CMAKE_INSTALL_PREFIX}/${JTUNE_SYSUSERSDIR}")
endif()
# (CONTROL_STRICT_PERMISSION below gives the maintainer scripts mode 0755)
configure_file(${CMAKE_SOURCE_DIR}/config/debian/postinst.in ${CMAKE_BINARY_DIR}/debian/postinst
               @ONLY)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_BINARY_DIR}/debian/postinst ${CMAKE_SOURCE_DIR}/config/debian/postrm
    ${CMAKE_BINARY_DIR}/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# /etc/jtune files are the administrator's: conffiles
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/debian)
file(WRITE ${CMAKE_BINARY_DIR}/debian/conffiles "${JTUNE_SYSCONFDIR}/jtune.ini\n")
# Debian's copyright and changelog files (gzip -9n: no name, no time, reproducible)
if(JTUNE_GZIP)
  execute_process(COMMAND ${JTUNE_GZIP} -9nc ${CMAKE_SOURCE_DIR}/config/debian/changelog
                  OUTPUT_FILE ${CMAKE_BINARY_DIR}/debian/changelog.gz)
  install(FILES ${CMAKE_BINARY_DIR}/debian/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()
install(FILES ${CMAKE_SOURCE_DIR}/config/debian/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
include(CPack)
