# SPDX-License-Identifier: MIT
# The live simulated board of the tests (sourced, not run; brings tests/lib/base.sh; source
# tests/lib/tmux.sh first for sim_jtune): jtune-sim builds a board tree under $T and animates
# it in the background until the test ends; jtune runs on it in a tmux pane.
#
#   sim_start NAME [SIM-ARGS...]  tree $T/NAME (--board, --seed, --hz ... as jtune-sim takes
#                                 them), animated; returns once the tree is complete; sets
#                                 SIM_ROOT=$T/NAME. Ended at exit, or by sim_stop NAME.
#   sim_once NAME [SIM-ARGS...]   a still tree $T/NAME (jtune-sim --once); sets SIM_ROOT
#   sim_stop NAME                 end that simulator
#   sim_or_demo [SIM-ARGS...]     BOARD="--demo" when this build has it, else a simulator
#                                 started on $T/root and BOARD="--root $T/root"
#   sim_jtune NAME COLS ROWS helper|monitor [JTUNE-ARGS...]: jtune on $SIM_ROOT in a tmux pane
#                                 (tm_start), with its helper (journal in $T/state) or
#                                 --monitor-only
#   file_is REL VALUE WHAT        check: $SIM_ROOT/REL reads VALUE (polled, 10 s)
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/base.sh"
SIM_ROOT=${SIM_ROOT:-}

sim_start() {
    _jt_sim=$1
    shift
    [ -x "$SIM" ] || die "$SIM is not built"
    mkdir -p "$T/$_jt_sim"
    "$SIM" --root "$T/$_jt_sim" "$@" --ready-fd 3 3>"$T/$_jt_sim.ready" 2>"$T/$_jt_sim.log" &
    track_pid "$_jt_sim.sim" $!
    SIM_ROOT=$T/$_jt_sim
    if ! poll 30 test -s "$T/$_jt_sim.ready"; then
        cat "$T/$_jt_sim.log"
        die "jtune-sim did not build its tree $T/$_jt_sim ($*)"
    fi
}

sim_once() {
    _jt_sim=$1
    shift
    [ -x "$SIM" ] || die "$SIM is not built"
    "$SIM" --root "$T/$_jt_sim" --once "$@" 2>"$T/$_jt_sim.log" ||
        { cat "$T/$_jt_sim.log"; die "jtune-sim --once $*"; }
    SIM_ROOT=$T/$_jt_sim
}

sim_stop() {
    [ ! -s "$T/$1.sim.pid" ] || stop_pid "$(cat "$T/$1.sim.pid")"
    rm -f "$T/$1.sim.pid"
}

sim_or_demo() {
    if "$JTUNE" --demo --headless --count 1 >/dev/null 2>&1; then
        BOARD="--demo"
    else
        sim_start root "$@"
        BOARD="--root $SIM_ROOT"
    fi
}

sim_jtune() {
    _jt_sim=$4
    case $_jt_sim in
    helper) _jt_sim="--state-dir $T/state" ;;
    monitor) _jt_sim="--monitor-only" ;;
    *) die "sim_jtune: helper or monitor, not '$_jt_sim'" ;;
    esac
    tm_start "$1" "$2" "$3" "$JTUNE --root $SIM_ROOT $_jt_sim $(shift 4; echo "$*")"
}

_jt_file_is() { [ "$(cat "$SIM_ROOT/$1" 2>/dev/null)" = "$2" ]; }
file_is() {
    if poll 10 _jt_file_is "$1" "$2"; then pass "$3"; else
        fail "$3: $1 reads '$(cat "$SIM_ROOT/$1" 2>/dev/null)', expected '$2'"; fi
}
