install(TARGETS jtune RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET jtune-sim)
  install(TARGETS jtune-sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
if(TARGET jtune-helper)
  install(TARGETS jtune-helper RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/jtune
          PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE)
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
# Units name jtune by the absolute path it is configured to install at, as jtune names its helper.
set(JTUNE_BINDIR_FULL "${CMAKE_INSTALL_FULL_BINDIR}")
file(GLOB _units CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/config/systemd/*.in)
foreach(_unit IN LISTS _units)
  get_filename_component(_name "${_unit}" NAME)
  string(REGEX REPLACE "\\.in$" "" _name "${_name}")
  configure_file("${_unit}" "${CMAKE_BINARY_DIR}/systemd/${_name}" @ONLY)
  install(FILES "${CMAKE_BINARY_DIR}/systemd/${_name}" DESTINATION lib/systemd/system)
endforeach()
# Man pages and shell completion (config/man, config/completion).
install(FILES config/man/jtune.1 config/man/jtune-sim.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES config/man/jtune-helper.8 DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES config/completion/jtune.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME jtune)
install(FILES config/completion/jtune-sim.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME jtune-sim)
install(FILES config/completion/_jtune config/completion/_jtune-sim
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
