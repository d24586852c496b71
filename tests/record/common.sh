# SPDX-License-Identifier: MIT
# Shared by the recording scripts: a scratch directory removed on exit, the built programs,
# a live simulated board. Sourced, not run.
set -eu
: "${JTUNE_BUILD_DIR:?}" "${JTUNE_SOURCE_DIR:?}"
JTUNE="$JTUNE_BUILD_DIR/jtune"
SIM="$JTUNE_BUILD_DIR/jtune-sim"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/jtune-record-test.XXXXXX")
SIM_PID=
cleanup() {
    if [ -n "$SIM_PID" ]; then
        kill "$SIM_PID" 2>/dev/null || true
        wait "$SIM_PID" 2>/dev/null || true
    fi
    rm -rf "$SCRATCH"
}
trap cleanup EXIT INT TERM

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# Start the simulator on $SCRATCH/root and wait until its tree is complete (--ready-fd).
start_sim() {
    mkfifo "$SCRATCH/ready"
    "$SIM" --root "$SCRATCH/root" --seed "${1:-1}" --hz 50 --ready-fd 3 3>"$SCRATCH/ready" \
        2>/dev/null &
    SIM_PID=$!
    timeout 30 head -c 1 "$SCRATCH/ready" >/dev/null || fail "jtune-sim did not get ready"
}

# ---- tmux: a private server per script (tmux -L), polled with deadlines ----
TMUX_SOCK="jtune-record-$$"
tm() { tmux -u -L "$TMUX_SOCK" "$@"; }
need_tmux() {
    command -v tmux >/dev/null 2>&1 || { echo "tmux not found (Debian package tmux): skipped"; exit 77; }
    export LANG=C.UTF-8 LC_ALL=C.UTF-8
    cat >"$SCRATCH/tmux.conf" <<CONF
set -g default-terminal "tmux-256color"
set -g status off
set -g remain-on-exit on
CONF
    infocmp tmux-256color >/dev/null 2>&1 || sed -i 's/tmux-256color/screen/' "$SCRATCH/tmux.conf"
    trap 'tm kill-server >/dev/null 2>&1; cleanup' EXIT INT TERM
}

# start_pane NAME COLS ROWS DIR CMD: CMD runs in DIR; its pid goes to $SCRATCH/NAME.pid and
# its exit status is printed as JTUNE-EXIT=N when it ends.
start_pane() {
    tm -f "$SCRATCH/tmux.conf" new-session -d -s "$1" -x "$2" -y "$3" \
        "cd '$4' && sh -c 'echo \$\$ > $SCRATCH/$1.pid; exec $5'; echo JTUNE-EXIT=\$?; sleep 600"
}

screen_of() { tm capture-pane -pJ -t "$1" 2>/dev/null; }

# wait_re NAME REGEX [SECONDS]: poll the pane until a line matches (extended regex).
wait_re() {
    end=$(($(date +%s) + ${3:-15}))
    while [ "$(date +%s)" -le "$end" ]; do
        screen_of "$1" | grep -qE -- "$2" && return 0
        sleep 0.1
    done
    echo "--- screen of $1:" >&2
    screen_of "$1" >&2
    return 1
}

# Data rows in a jtune CSV (lines after the header row).
csv_rows() { awk '!/^#/ { n++ } END { print (n > 0 ? n - 1 : 0) }' "$1" 2>/dev/null || echo 0; }

# wait_rows FILE N [SECONDS]
wait_rows() {
    end=$(($(date +%s) + ${3:-30}))
    while [ "$(date +%s)" -le "$end" ]; do
        [ "$(csv_rows "$1")" -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

now_ms() { date +%s%3N; }
