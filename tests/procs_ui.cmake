# SPDX-License-Identifier: MIT
# The processes page end to end (tests/ui/tmux_procs.sh): sorting by every column, the
# filter, interrupts, workers that come and go with demand, the GPU memory n/a reason,
# --no-procs, the overview's top wakeups and a replay. Skipped when tmux is not installed.
jtune_tmux_test(ui_procs ui/tmux_procs.sh)
