# SPDX-License-Identifier: MIT
# Install layout. Programs find their data and helper relative to their own location
# (platform/selfpath.h), and the systemd unit is written at install time with the prefix in
# force then, so `cmake --install build --prefix P` and DESTDIR installs work whatever prefix
# was configured.
install(TARGETS jtune RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET jtune-sim)
  install(TARGETS jtune-sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
if(TARGET jtune-helper)
  # Installed 0755 without capabilities (then it serves root and simulated boards only);
  # the package's postinst or the README's setcap line makes it root:jtune 0750 first and
  # then gives it its file capabilities.
  install(TARGETS jtune-helper RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/jtune)
endif()
install(DIRECTORY themes/ DESTINATION ${CMAKE_INSTALL_DATADIR}/jtune/themes
        FILES_MATCHING PATTERN "*.theme")
install(DIRECTORY config/boards/ DESTINATION ${CMAKE_INSTALL_DATADIR}/jtune/boards
        FILES_MATCHING PATTERN "*.ini")
install(DIRECTORY config/profiles/ DESTINATION ${CMAKE_INSTALL_DATADIR}/jtune/profiles
        FILES_MATCHING PATTERN "*.ini")
if(EXISTS ${CMAKE_SOURCE_DIR}/config/jtune.ini)
  install(FILES config/jtune.ini DESTINATION ${JTUNE_SYSCONFDIR})
endif()

# systemd directories: from systemd's pkg-config file where it is installed, else under the
# prefix (systemd also reads /usr/local/lib/systemd/system). Override with -DJTUNE_SYSTEMD_*.
set(_unitdir lib/systemd/system)
set(_sysusersdir lib/sysusers.d)
set(_tmpfilesdir lib/tmpfiles.d)
if(PKG_CONFIG_FOUND)
  pkg_get_variable(_pc_unitdir systemd systemdsystemunitdir)
  pkg_get_variable(_pc_sysusersdir systemd sysusersdir)
  pkg_get_variable(_pc_tmpfilesdir systemd tmpfilesdir)
  foreach(_d unitdir sysusersdir tmpfilesdir)
    if(_pc_${_d})
      set(_${_d} "${_pc_${_d}}")
    endif()
  endforeach()
endif()
set(JTUNE_SYSTEMD_UNITDIR "${_unitdir}" CACHE PATH "Where systemd units are installed")
set(JTUNE_SYSUSERSDIR "${_sysusersdir}" CACHE PATH "Where sysusers.d files are installed")
set(JTUNE_TMPFILESDIR "${_tmpfilesdir}" CACHE PATH "Where tmpfiles.d files are installed")

# Units name jtune by the absolute path it is installed at: written at install time.
file(GLOB _units CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/config/systemd/*.in)
foreach(_unit IN LISTS _units)
  get_filename_component(_name "${_unit}" NAME)
  string(REGEX REPLACE "\\.in$" "" _name "${_name}")
  install(CODE "
    if(IS_ABSOLUTE \"${CMAKE_INSTALL_BINDIR}\")
      set(JTUNE_BINDIR_FULL \"${CMAKE_INSTALL_BINDIR}\")
    else()
      set(JTUNE_BINDIR_FULL \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
    endif()
    configure_file(\"${_unit}\" \"${CMAKE_BINARY_DIR}/systemd/${_name}\" @ONLY)")
  install(FILES "${CMAKE_BINARY_DIR}/systemd/${_name}" DESTINATION ${JTUNE_SYSTEMD_UNITDIR})
endforeach()
foreach(_kind sysusers tmpfiles)
  if(EXISTS ${CMAKE_SOURCE_DIR}/config/${_kind}.d/jtune.conf)
    string(TOUPPER ${_kind} _K)
    install(FILES config/${_kind}.d/jtune.conf DESTINATION ${JTUNE_${_K}DIR})
  endif()
endforeach()

# Manual pages (config/man/NAME.SECTION), installed gzip -9n compressed as Debian wants
# (plain where gzip is missing).
find_program(JTUNE_GZIP gzip)
file(GLOB _man_pages CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/config/man/*.[18])
set(_man_out)
foreach(_page IN LISTS _man_pages)
  get_filename_component(_name "${_page}" NAME)
  string(REGEX REPLACE "^.*\\.([18])$" "\\1" _section "${_name}")
  if(JTUNE_GZIP)
    set(_gz ${CMAKE_BINARY_DIR}/man/${_name}.gz)
    file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/man)
    add_custom_command(OUTPUT ${_gz} COMMAND ${JTUNE_GZIP} -9nc ${_page} > ${_gz}
                       DEPENDS ${_page})
    list(APPEND _man_out ${_gz})
    install(FILES ${_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${_section})
  else()
    install(FILES ${_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${_section})
  endif()
endforeach()
if(_man_out)
  add_custom_target(jtune_manpages ALL DEPENDS ${_man_out})
endif()

# Shell completion (config/completion).
install(FILES config/completion/jtune.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME jtune)
install(FILES config/completion/jtune-sim.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME jtune-sim)
install(FILES config/completion/_jtune config/completion/_jtune-sim
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
