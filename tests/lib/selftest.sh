#!/bin/sh
# SPDX-License-Identifier: MIT
# The tmux test library itself (tests/lib/tmux.sh, base.sh): a wait finds its text, times out
# at its deadline and leaves the caller's variables alone (an earlier wait_for set "end"); a
# failed check says what failed and shows the pane, and the test exits 1; at exit the tmux
# server, the programs of the panes and a tracked background process have ended and the
# scratch directory is gone. Exit 0 pass, 1 fail, 77 skip (no tmux).
set -u
: "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}"
LIB=$JTUNE_SOURCE_DIR/tests/lib

case ${1:-} in
inner) # a test using the library; writes what it started to $2
    . "$LIB/tmux.sh"
    end=mine i=mine n=mine
    tm_start p 60 10 "sh -c 'echo READY-\$((6 * 7)); exec sleep 300'"
    expect p READY-42 "the pane's text is seen" 5
    if wait_for p NEVER-SHOWN 1; then fail "wait_for found a text that is not there"; else
        pass "wait_for times out"; fi
    expect_gone p NEVER-SHOWN "wait_gone: a text that is not there" 1
    [ "$end $i $n" = "mine mine mine" ] && pass "the waits leave the caller's variables" ||
        fail "the waits changed the caller's variables: $end $i $n"
    sleep 300 &
    track_pid bg $!
    echo "$T $(cat "$T/p.pid") $! ${_jt_tmux:?}" >"$2"
    [ "${3:-}" = fail ] && expect p "NEVER-SHOWN" "a text that is not there" 1
    finish "library checks"
    ;;
esac

if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: tmux is not installed (Debian package tmux)"
    exit 77
fi
OUT=$(mktemp "${TMPDIR:-/tmp}/jtune-selftest-XXXXXX")
trap 'rm -f "$OUT" "$OUT.log"' EXIT
trap 'exit 130' INT TERM
fails=0
check() { # check WHAT COMMAND...
    if "$@"; then echo "ok: $WHAT"; else echo "FAIL: $WHAT"; fails=$((fails + 1)); fi
}
ended() { # ended: what the inner test started is gone
    read -r t pane bg sock <"$OUT"
    sleep 0.2
    [ ! -e "$t" ] && ! kill -0 "$pane" 2>/dev/null && ! kill -0 "$bg" 2>/dev/null &&
        ! tmux -L "$sock" has-session 2>/dev/null
}

sh "$0" inner "$OUT" >"$OUT.log" 2>&1
rc=$?
WHAT="a passing test exits 0 ($(tail -1 "$OUT.log"))" check [ "$rc" = 0 ]
[ "$rc" = 0 ] || cat "$OUT.log"
WHAT="at exit the server, the pane's program, a tracked process and \$T are gone" check ended

sh "$0" inner "$OUT" fail >"$OUT.log" 2>&1
rc=$?
WHAT="a failed check makes the test exit 1" check [ "$rc" = 1 ]
WHAT="it says what failed" check \
    grep -qF "FAIL: a text that is not there: 'NEVER-SHOWN' not on screen" "$OUT.log"
WHAT="and shows the pane" check grep -qxF -- "--- screen of p:" "$OUT.log"
WHAT="the pane shown is the program's" check grep -qx "READY-42" "$OUT.log"
WHAT="after a failure too, everything started is gone" check ended
[ "$fails" = 0 ] || { cat "$OUT.log"; echo "$fails check(s) failed"; exit 1; }
echo "all library checks passed"
