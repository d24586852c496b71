# SPDX-License-Identifier: MIT
# The UI's workload page end to end: tests/workload_ui.sh drives jtune --demo in tmux (list,
# start, progress and J/batch, output kept off the screen, stop, quit while running).
# Reported as skipped when tmux is not installed.
add_test(NAME workload_ui COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/workload_ui.sh)
set_tests_properties(workload_ui PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 300)
