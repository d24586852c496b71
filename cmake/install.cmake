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
file(GLOB _units CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/config/systemd/*)
if(_units)
  install(FILES ${_units} DESTINATION lib/systemd/system)
endif()
