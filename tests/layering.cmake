# SPDX-License-Identifier: MIT
# The layering is the build's, not a convention. Probes built on demand, as tests:
#  - layering_ok / layering_link_ok: code at core's level with a core header builds, and the
#    probe calling into the UI links when the UI is linked too (the probes themselves work);
#  - layering_include: the same code including a UI header does not compile;
#  - layering_link: core's objects plus one calling into the UI, linked closed as every area
#    is (jt_AREA_closed), do not link.
set(_probe ${CMAKE_CURRENT_SOURCE_DIR}/layering)
add_library(layering_probe_ok STATIC EXCLUDE_FROM_ALL ${_probe}/probe_ok.c)
target_link_libraries(layering_probe_ok PRIVATE jt_core)
add_library(layering_probe_include STATIC EXCLUDE_FROM_ALL ${_probe}/probe_include.c)
target_link_libraries(layering_probe_include PRIVATE jt_core)
add_library(layering_probe_call STATIC EXCLUDE_FROM_ALL ${_probe}/probe_call.c)
target_link_libraries(layering_probe_call PUBLIC jt_core)
add_executable(layering_probe_link EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/cmake/area_closed.c)
target_link_libraries(layering_probe_link PRIVATE -Wl,--whole-archive layering_probe_call
                      -Wl,--no-whole-archive)
add_executable(layering_probe_link_ok EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/cmake/area_closed.c)
target_link_libraries(layering_probe_link_ok PRIVATE -Wl,--whole-archive layering_probe_call
                      -Wl,--no-whole-archive jt_ui)

set(_probe_sh sh ${_probe}/probe.sh ${CMAKE_BINARY_DIR})
add_test(NAME layering_ok COMMAND ${_probe_sh} layering_probe_ok ok)
add_test(NAME layering_link_ok COMMAND ${_probe_sh} layering_probe_link_ok ok)
add_test(NAME layering_include COMMAND ${_probe_sh} layering_probe_include fail "jtune/ui/graph.h")
add_test(NAME layering_link COMMAND ${_probe_sh} layering_probe_link fail "graph_nice_ceil")
# one build at a time in the build tree
set_tests_properties(layering_ok layering_link_ok layering_include layering_link PROPERTIES
                     RESOURCE_LOCK build_tree TIMEOUT 300)

# What the programs hold: the helper no INI parser, UI or libinih; the UI no helper code.
add_test(NAME layering_programs COMMAND sh ${_probe}/programs.sh ${CMAKE_BINARY_DIR}
         ${CMAKE_NM} ${CMAKE_READELF})
