# SPDX-License-Identifier: MIT
# The full-screen UI end to end: tests/ui/tmux_ui.sh drives the real jtune in tmux
# (overview, every page, resizes, help, keys, quit, terminal restored after q, SIGTERM and
# SIGABRT). Reported as skipped when tmux is not installed.
add_test(NAME ui_tmux COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ui/tmux_ui.sh)
set_tests_properties(ui_tmux PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 300)
# The issue-19 walk-through (tests/ui/tmux_learn.sh): key bars, help, wrapped messages, Keep
# and --restore, headings and "... N more", NO_COLOR/vt100, pickers, duty cycle, --interval.
add_test(NAME ui_learn COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ui/tmux_learn.sh)
set_tests_properties(ui_learn PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 300)
# Screen sweep (tests/ui/tmux_sweep.sh): 80x24 to 300x100, every page: nothing outside the
# pane, every overview panel shown, no word cut without an ellipsis.
add_test(NAME ui_sweep COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ui/tmux_sweep.sh)
set_tests_properties(ui_sweep PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 300)
# Partial repaint (tests/ui/tmux_redraw.sh): after refreshes, the paused screen equals what
# C-l (a full redraw from blank) paints, colours and attributes included.
add_test(NAME ui_redraw COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ui/tmux_redraw.sh)
set_tests_properties(ui_redraw PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 300)
# Big screens (tests/ui/tmux_bigscreen.sh): per-core and per-zone history at 200x60, time
# axes, overview graphs capped and shared out; none squeezed in at 80x24.
add_test(NAME ui_bigscreen COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ui/tmux_bigscreen.sh)
set_tests_properties(ui_bigscreen PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 120)
# Fan keys and alerts (tests/ui/tmux_fan_alert.sh): alerts beside, never over, the status row
# at 80x24 and 120x40; the fan refused while nvfancontrol runs, held once it is stopped, "did
# not hold" when it starts again, handed back by a and by restore on quit.
add_test(NAME ui_fan_alert COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ui/tmux_fan_alert.sh)
set_tests_properties(ui_fan_alert PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 300)
# The board information page (tests/ui/tmux_info.sh): B opens it, versions and addresses of
# the simulated board, the serial redacted until s.
add_test(NAME ui_info COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ui/tmux_info.sh)
set_tests_properties(ui_info PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 300)
# The max-clocks key (tests/ui/tmux_maxclocks.sh): M previews and applies jetson_clocks-style
# pinning through the helper, U undoes it.
add_test(NAME ui_maxclocks COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ui/tmux_maxclocks.sh)
set_tests_properties(ui_maxclocks PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 300)
# The GPU switches (tests/ui/tmux_gpu_switches.sh): L and D turn rail-gating and 3D scaling
# through the helper, the GPU page shows it, U undoes both.
add_test(NAME ui_gpu_switches COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ui/tmux_gpu_switches.sh)
set_tests_properties(ui_gpu_switches PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}"
                     SKIP_RETURN_CODE 77 TIMEOUT 120)
# The display rate (tests/ui/tmux_display.sh): at --interval 100 with a longer
# --display-interval the screen holds its values while the log takes every sample; a key
# paints the newest at once; at 1 s nothing is held back.
add_test(NAME ui_display COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ui/tmux_display.sh)
set_tests_properties(ui_display PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 180)
