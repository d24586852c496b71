# SPDX-License-Identifier: MIT
# The tmux side of the UI tests (sourced, not run; brings tests/lib/base.sh): a private tmux
# server per test (tmux -L), ended at exit with every process its panes started; panes of a
# given size running a command whose pid and exit status are recorded; keys; captures; waits
# with deadlines and checks that show the pane when they fail.
#
#   tm_start NAME COLS ROWS CMD [DIR]  CMD (run by sh, in DIR, default $T) in a new session;
#                                      its pid is in $T/NAME.pid while it runs; when it ends
#                                      the pane prints JTUNE-EXIT=<status>, saves "stty -a" in
#                                      $T/NAME.stty and prints PROMPT-BACK. Environment: export
#                                      it before the first tm_start, or "env VAR=VALUE CMD".
#   keys NAME KEY...                   tmux send-keys
#   screen NAME                        the pane's text (TM_JOIN=1: wrapped rows joined)
#   wait_for / wait_gone NAME TEXT [S] poll until the fixed TEXT is on / off the pane
#   wait_re NAME REGEX [S]             poll until a line matches the extended REGEX
#   expect / expect_gone NAME TEXT WHAT [S], expect_re NAME REGEX WHAT [S]: the same as a
#                                      check: pass WHAT, or fail with the pane shown
#   quit NAME                          q, Restore when asked, and the exit awaited
#   tm_stop NAME                       end the pane's program and close the session
#   tm_dump NAME                       show the pane (fail -s / die -s do)
# Waits default to TM_WAIT seconds (15). Exits 77 (skipped) when tmux is not installed.
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: tmux is not installed (Debian package tmux)"
    exit 77
fi
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/base.sh"
[ -z "${_jt_tmux:-}" ] || return 0
_jt_tmux="jtune-$TEST_NAME-$$"
TM_WAIT=${TM_WAIT:-15}
TM_JOIN=${TM_JOIN:-}

# exit-empty off: the server stays up between one session and the next (it is ended at exit);
# a server whose last session ended exits, and a new-session racing that exit failed with
# "server exited unexpectedly"
cat >"$T/tmux.conf" <<CONF
set -s exit-empty off
set -g default-terminal "tmux-256color"
set -g status off
set -g remain-on-exit on
CONF
infocmp tmux-256color >/dev/null 2>&1 || sed -i 's/tmux-256color/screen/' "$T/tmux.conf"

tm() { tmux -u -L "$_jt_tmux" -f "$T/tmux.conf" "$@"; }

tm_start() {
    printf 'echo $$ >"%s/%s.pid"\nexec %s\n' "$T" "$1" "$4" >"$T/$1.run"
    tm new-session -d -s "$1" -x "$2" -y "$3" -c "${5:-$T}" "sh $T/$1.run; echo JTUNE-EXIT=\$?;
        rm -f $T/$1.pid; stty -a >$T/$1.stty; echo PROMPT-BACK; sleep 600"
}

keys() {
    _jt_keys_s=$1
    shift
    tm send-keys -t "$_jt_keys_s" "$@"
}

screen() {
    if [ -n "$TM_JOIN" ]; then tm capture-pane -p -J -t "$1" 2>/dev/null; else
        tm capture-pane -p -t "$1" 2>/dev/null; fi
}

tm_dump() {
    echo "--- screen of $1:"
    screen "$1"
    echo "---"
}

_tm_has() { screen "$1" | grep -qF -- "$2"; }
_tm_hasnt() { ! _tm_has "$@"; }
_tm_has_re() { screen "$1" | grep -qE -- "$2"; }

wait_for() { poll "${3:-$TM_WAIT}" _tm_has "$1" "$2"; }
wait_gone() { poll "${3:-$TM_WAIT}" _tm_hasnt "$1" "$2"; }
wait_re() { poll "${3:-$TM_WAIT}" _tm_has_re "$1" "$2"; }

expect() {
    if wait_for "$1" "$2" "${4:-}"; then pass "$3"; else fail -s "$1" "$3: '$2' not on screen"; fi
}
expect_gone() {
    if wait_gone "$1" "$2" "${4:-}"; then pass "$3"; else
        fail -s "$1" "$3: '$2' still on screen"; fi
}
expect_re() {
    if wait_re "$1" "$2" "${4:-}"; then pass "$3"; else fail -s "$1" "$3: no line matches '$2'"; fi
}

quit() {
    keys "$1" q
    ! wait_for "$1" "Keep: the changes stay" 2 || keys "$1" r
    wait_for "$1" "JTUNE-EXIT=" 10 || fail -s "$1" "$1 did not quit"
}

tm_stop() {
    [ ! -s "$T/$1.pid" ] || stop_pid "$(cat "$T/$1.pid")"
    rm -f "$T/$1.pid"
    tm kill-session -t "$1" >/dev/null 2>&1 || true
}
