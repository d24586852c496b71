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
