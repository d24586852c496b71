#!/bin/sh
# SPDX-License-Identifier: MIT
# Profiles and the audit page in the real monitor (tmux) on a live simulated Orin Nano Super,
# tuning through the real helper: A opens the audit (score, evidence), f fixes the selected
# item (the tree changes, the score goes up), P previews and applies cruise (the tree changes,
# the audit then names cruise as the profile in effect), and quitting with Restore puts the
# board back. Exit 0 pass, 1 fail, 77 skip (no tmux). Every wait polls with a deadline.
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/lib/simfixture.sh"

score() { screen ui | sed -n 's/.* \([0-9][0-9]*\)\/21 pass.*/\1/p' | head -1; }

sim_start root --seed 4
BT=$(grep -l '^bluetooth$' "$SIM_ROOT"/sys/class/rfkill/rfkill*/type | head -1)
BT=${BT#"$SIM_ROOT/"}
BT=${BT%/type}/soft

sim_jtune ui 120 40 helper
expect ui "helper connected" "the monitor runs with the helper"

keys ui A
expect ui "Low-power audit" "A opens the audit page"
expect ui "/21 pass" "the score is shown"
expect ui "default.target -> graphical.target" "evidence read from the tree"
expect ui "(stock in effect)" "a fresh board runs the stock profile"
before=$(score)

# Bluetooth blocked is item 12: move there and fix it through the helper
for _ in 1 2 3 4 5 6 7 8 9 10 11; do keys ui j; done
keys ui f
expect ui "fixed: radio.bluetooth=off" "f fixes the selected item"
file_is "$BT" 1 "the fix blocked the Bluetooth radio in the tree"
wait_for ui "hci0 blocked" || fail "the page did not refresh after the fix"
after=$(score)
[ -n "$before" ] && [ -n "$after" ] && [ "$after" -gt "$before" ] &&
    pass "the score went up ($before -> $after)" || fail "score $before -> $after"

# profiles: burst, cruise, stock - pick cruise, see the preview, apply it
keys ui Escape P
expect ui "Apply a profile" "P lists the profiles"
keys ui j Enter
expect ui "Profile cruise" "picking a profile opens its preview"
expect ui "nvpmodel mode                1 25W -> 0 15W" "the preview shows current -> new"
keys ui Enter
expect ui "profile cruise: " "the profile is applied"
file_is sys/devices/system/cpu/online 0-3 "cruise parked cpu4-5"
file_is var/lib/nvpmodel/status pmode:0000 "cruise switched to 15W"
keys ui A
expect ui "(cruise in effect)" "the audit knows cruise is in effect"

# quit and restore: every change of the session is put back
keys ui Escape q
expect ui "Changed in this session: audit fix" "quitting lists the audit fix"
expect ui "Keep: the changes stay" "quitting asks keep or restore"
keys ui r
expect ui "JTUNE-EXIT=0" "jtune exits with status 0"
file_is var/lib/nvpmodel/status pmode:0001 "restore put the mode back"
file_is sys/devices/system/cpu/online 0-5 "restore unparked the cores"
file_is "$BT" 0 "restore unblocked Bluetooth"

finish "profile/audit UI checks"
