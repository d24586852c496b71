# SPDX-License-Identifier: MIT
# Shared by the recording scripts (sourced, not run): the test base and the live simulator
# (tests/lib/base.sh, tests/lib/simfixture.sh; the tmux scripts source tests/lib/tmux.sh
# first), and a jtune CSV's rows. These scripts stop at their first failure (set -e, die).
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/simfixture.sh"
set -e

# start_sim [SEED]: the simulator on $T/root (50 Hz), its tree complete.
start_sim() { sim_start root --seed "${1:-1}" --hz 50; }

# Data rows in a jtune CSV (lines after the header row).
csv_rows() { awk '!/^#/ { n++ } END { print (n > 0 ? n - 1 : 0) }' "$1" 2>/dev/null || echo 0; }

# wait_rows FILE N [SECONDS]
_rows_at_least() { [ "$(csv_rows "$1")" -ge "$2" ]; }
wait_rows() { poll "${3:-30}" _rows_at_least "$1" "$2"; }

now_ms() { date +%s%3N; }
