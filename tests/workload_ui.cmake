# SPDX-License-Identifier: MIT
# The UI's workload page end to end: tests/workload_ui.sh drives jtune --demo in tmux (list,
# start, progress and J/batch, output kept off the screen, stop, quit while running).
# Reported as skipped when tmux is not installed.
jtune_tmux_test(workload_ui workload_ui.sh)
