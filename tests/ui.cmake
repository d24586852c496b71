# SPDX-License-Identifier: MIT
# The full-screen UI end to end, the real jtune in tmux (tests/ui/*.sh on tests/lib/tmux.sh and
# tests/lib/simfixture.sh); each is reported as skipped when tmux is not installed:
# ui_tmux (tmux_ui.sh): overview, every page, resizes, help, keys, quit, terminal restored
#   after q, SIGTERM and SIGABRT.
# ui_learn (tmux_learn.sh): the issue-19 walk-through: key bars, help, wrapped messages, Keep
#   and --restore, headings and "... N more", NO_COLOR/vt100, pickers, duty cycle, --interval.
# ui_sweep (tmux_sweep.sh): 80x24 to 300x100, every page: nothing outside the pane, every
#   overview panel shown, no word cut without an ellipsis.
# ui_redraw (tmux_redraw.sh): after refreshes, the paused screen equals what C-l (a full
#   redraw from blank) paints.
# ui_bigscreen (tmux_bigscreen.sh): per-core and per-zone history at 200x60, time axes,
#   overview graphs capped and shared out; none squeezed in at 80x24.
# ui_fan_alert (tmux_fan_alert.sh): alerts beside, never over, the status row at 80x24 and
#   120x40; the fan refused while nvfancontrol runs, held once it is stopped, "did not hold"
#   when it starts again, handed back by a and by restore on quit.
# ui_info (tmux_info.sh): B opens the board information page, versions and addresses of the
#   simulated board, the serial redacted until s.
# ui_maxclocks (tmux_maxclocks.sh): M previews and applies jetson_clocks-style pinning
#   through the helper, U undoes it.
# ui_gpu_switches (tmux_gpu_switches.sh): L and D turn rail-gating and 3D scaling through the
#   helper, the GPU page shows it, U undoes both.
jtune_tmux_test(ui_tmux ui/tmux_ui.sh)
jtune_tmux_test(ui_learn ui/tmux_learn.sh)
jtune_tmux_test(ui_sweep ui/tmux_sweep.sh)
jtune_tmux_test(ui_redraw ui/tmux_redraw.sh)
jtune_tmux_test(ui_bigscreen ui/tmux_bigscreen.sh TIMEOUT 120)
jtune_tmux_test(ui_fan_alert ui/tmux_fan_alert.sh)
jtune_tmux_test(ui_info ui/tmux_info.sh)
jtune_tmux_test(ui_maxclocks ui/tmux_maxclocks.sh)
jtune_tmux_test(ui_gpu_switches ui/tmux_gpu_switches.sh TIMEOUT 120)
# ui_tmux_lib (tests/lib/selftest.sh): the library itself: waits keep to their deadline and
#   the caller's variables, a failed check shows the pane, nothing started outlives the test.
jtune_tmux_test(ui_tmux_lib lib/selftest.sh TIMEOUT 60)
