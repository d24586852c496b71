# SPDX-License-Identifier: MIT
# The base of every script-driven test (sourced, not run; tests/lib/tmux.sh and
# tests/lib/simfixture.sh source it): the built programs ($JTUNE, $SIM), a scratch directory
# $T, check counting (pass, fail, die, finish), polling with a deadline (poll), and a cleanup
# at exit that ends every process the test started and removes $T.
#
# Set TEST_NAME before sourcing (default: the script's name). A process whose pid is in a file
# $T/*.pid (panes, simulators, track_pid) is ended at exit, then waited for. The functions keep
# their working variables under a _jt prefix or in a subshell, so a caller's variables are
# never overwritten (an earlier wait_for set the caller's "end").
[ -z "${_jt_base:-}" ] || return 0
_jt_base=1
set -u
: "${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}" "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}"
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}
BUILD=$JTUNE_BUILD_DIR
JTUNE=$BUILD/jtune
SIM=$BUILD/jtune-sim
[ -x "$JTUNE" ] || { echo "FAIL: $JTUNE is not built"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-$TEST_NAME-XXXXXX")
# UTF-8, and no configuration or state of the user running the tests
export LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_CONFIG_HOME="$T/xdg-config" XDG_STATE_HOME="$T/xdg-state"

fails=0
checks=0
# pass WHAT: one check passed.
pass() {
    checks=$((checks + 1))
    echo "ok: $*"
}
# fail [-s SESSION] WHAT: one check failed (the test goes on); -s shows that tmux pane.
fail() {
    _jt_fail_s=""
    [ "$1" = -s ] && { _jt_fail_s=$2; shift 2; }
    checks=$((checks + 1))
    fails=$((fails + 1))
    echo "FAIL: $*"
    [ -z "$_jt_fail_s" ] || tm_dump "$_jt_fail_s"
    return 0
}
# die [-s SESSION] WHAT: a failure the test cannot go on from; exits 1.
die() {
    fail "$@"
    exit 1
}
# finish WHAT: the verdict ("all N WHAT passed", else how many failed) and the exit status.
finish() {
    [ "$fails" -eq 0 ] && { echo "all $checks $1 passed"; exit 0; }
    echo "$fails of $checks $1 failed"
    exit 1
}

# poll SECONDS COMMAND [ARG...]: run COMMAND every 0.1 s until it succeeds (status 0) or
# SECONDS have passed (status 1). Runs in a subshell: COMMAND cannot change the caller's state.
poll() (
    end=$(($(date +%s) + $1))
    shift
    while :; do
        "$@" && exit 0
        [ "$(date +%s)" -le "$end" ] || exit 1
        sleep 0.1
    done
)

# track_pid NAME PID: end PID at exit (its pid file is $T/NAME.pid).
track_pid() { echo "$2" >"$T/$1.pid"; }

# stop_pid PID: SIGTERM, up to 3 s to end, then SIGKILL; reaped when it is our child.
stop_pid() {
    [ -n "$1" ] && kill "$1" 2>/dev/null || return 0
    poll 3 _jt_gone "$1" || kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
_jt_gone() { ! kill -0 "$1" 2>/dev/null; }

_jt_cleanup() {
    [ -z "${_jt_tmux:-}" ] || tm kill-server >/dev/null 2>&1 || true
    for _jt_f in "$T"/*.pid; do
        [ -s "$_jt_f" ] && stop_pid "$(cat "$_jt_f")"
    done
    rm -rf "$T"
}
trap '_jt_cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
