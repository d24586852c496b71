# SPDX-License-Identifier: MIT
# The processes page end to end (tests/ui/tmux_procs.sh): sorting by every column, the
# filter, interrupts, workers that come and go with demand, the GPU memory n/a reason,
# --no-procs, the overview's top wakeups and a replay. Skipped when tmux is not installed.
add_test(NAME ui_procs COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ui/tmux_procs.sh)
set_tests_properties(ui_procs PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 300)
