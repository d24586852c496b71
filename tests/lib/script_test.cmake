# SPDX-License-Identifier: MIT
# Registration of the script-driven tests (tests/*.cmake use these).
#
# jtune_script_test(NAME SCRIPT [TIMEOUT S] [SHELL sh|bash] [LABELS L...] [ARGS A...]): run
# tests/SCRIPT with the tests' environment (JTUNE_TEST_ENV: source and build directories,
# sanitizer options); exit 77 reports the test as skipped (a missing tool, said in the output).
# TIMEOUT defaults to 300 s.
function(jtune_script_test name script)
  cmake_parse_arguments(PARSE_ARGV 2 _st "" "TIMEOUT;SHELL" "LABELS;ARGS")
  if(NOT _st_TIMEOUT)
    set(_st_TIMEOUT 300)
  endif()
  if(NOT _st_SHELL)
    set(_st_SHELL sh)
  endif()
  add_test(NAME ${name} COMMAND ${_st_SHELL} ${CMAKE_CURRENT_SOURCE_DIR}/${script} ${_st_ARGS})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                       TIMEOUT ${_st_TIMEOUT})
  if(_st_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${_st_LABELS}")
  endif()
endfunction()

# jtune_tmux_test(NAME SCRIPT [options of jtune_script_test]): a script that drives the real
# jtune in tmux through tests/lib/tmux.sh (label "tmux": ctest -L tmux runs them all);
# skipped (77) where tmux is not installed.
function(jtune_tmux_test name script)
  jtune_script_test(${name} ${script} ${ARGN} LABELS tmux)
endfunction()
