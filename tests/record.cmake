# SPDX-License-Identifier: MIT
# Recording tools end to end (scripts under tests/record/): plots that xmllint accepts with
# the expected charts and markers and that headless Chromium renders; replay driven in tmux
# (play, pause, steps, go to, values of known rows; governors and trip points of a recorded
# session); recording from the monitor (--log, the
# record key, SIGKILL) and its metrics file. A missing tool is an honest skip (exit 77) with
# a message saying which.
foreach(t svg_xml svg_browser)
  jtune_script_test(record_${t} record/${t}.sh TIMEOUT 240)
endforeach()
foreach(t tmux_replay tmux_record tmux_replay_state)
  jtune_tmux_test(record_${t} record/${t}.sh TIMEOUT 240)
endforeach()
