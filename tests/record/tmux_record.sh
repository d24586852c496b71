#!/bin/sh
# SPDX-License-Identifier: MIT
# Recording from the monitor (the real UI in tmux on the live simulator):
#  - --log FILE records from the start (REC in the header); killed with SIGKILL, the file
#    has whole rows only (jtune import reads every one, no cut line) and its last row is at
#    most one interval older than the kill;
#  - the record key starts a new jtune-DATE-TIME.csv in the current directory (named in the
#    footer) and stops it; a second recording started with the key, then SIGKILL: whole rows;
#  - --prom-textfile: the metrics file is there while the monitor runs (promtool accepts
#    it) and gone after q;
#  - in a locale with decimal commas (de_DE, built with localedef when the machine can), the
#    monitor still writes '.' decimals in its metrics and its log.
. "$JTUNE_SOURCE_DIR/tests/record/common.sh"
need_tmux
start_sim 6
IV=500     # interval in ms
SLACK=400  # scheduling noise allowed on top of one interval
ok() { echo "ok: $*"; }

# check_whole FILE KILL_MS: every row parses, no cut line, last row fresh enough
check_whole() {
    tail -c 1 "$1" | od -c | grep -q '\\n' || fail "$1 does not end with a newline"
    "$JTUNE_BUILD_DIR/jtune" import "$1" -o "$SCRATCH/check.csv" 2>"$SCRATCH/import.err" ||
        fail "a row of $1 does not parse: $(cat "$SCRATCH/import.err")"
    ! grep -q warning "$SCRATCH/import.err" || fail "$1: $(cat "$SCRATCH/import.err")"
    last=$(awk -F, '!/^#/ && !/^seq/ { w = $2 } END { print w }' "$1")
    gap=$(($2 - last))
    echo "$(csv_rows "$1") rows; the last one $gap ms before the kill (interval $IV ms)"
    # a row may be stamped a few ms after the shell read its clock for the kill
    [ "$gap" -ge -$SLACK ] && [ "$gap" -le $((IV + SLACK)) ] ||
        fail "$1: the last row is $gap ms older than the kill"
}

# 1. --log FILE from the start, then SIGKILL
start_pane a 130 40 "$SCRATCH" \
    "$JTUNE_BUILD_DIR/jtune --root $SCRATCH/root --interval $IV --log $SCRATCH/ui.csv --prom-textfile $SCRATCH/board.prom"
wait_re a 'REC' || fail "no REC mark with --log"
wait_rows "$SCRATCH/ui.csv" 5 || fail "--log: fewer than 5 rows after 30 s"
# the metrics file, while the monitor runs
[ -s "$SCRATCH/board.prom" ] || fail "--prom-textfile: no metrics file while running"
grep -q '^jtune_rail_power_watts{board=' "$SCRATCH/board.prom" || fail "metrics lack rail power"
grep -q '^jtune_input_energy_joules_total{board=' "$SCRATCH/board.prom" || fail "metrics lack energy"
if command -v promtool >/dev/null 2>&1; then
    cp "$SCRATCH/board.prom" "$SCRATCH/snap.prom"
    promtool check metrics <"$SCRATCH/snap.prom" || fail "promtool rejects the monitor's metrics"
else
    echo "promtool not found (Debian package prometheus): format check skipped"
fi
ok "the monitor writes the metrics file"
# kill at 0.6 of an interval after a row lands (not right after one)
n=$(csv_rows "$SCRATCH/ui.csv")
wait_rows "$SCRATCH/ui.csv" $((n + 1)) || fail "no new row"
sleep 0.3
t=$(now_ms)
kill -9 "$(cat "$SCRATCH/a.pid")"
wait_re a 'JTUNE-EXIT=137' || fail "jtune did not die of SIGKILL"
check_whole "$SCRATCH/ui.csv" "$t"
ok "--log killed with SIGKILL: whole rows, at most one interval lost"

# 2. the record key: start, stop; start again, then SIGKILL
mkdir "$SCRATCH/cwd"
start_pane b 130 40 "$SCRATCH/cwd" \
    "$JTUNE_BUILD_DIR/jtune --root $SCRATCH/root --interval $IV --prom-textfile $SCRATCH/b.prom"
wait_re b 'monitor only|helper connected' || fail "the monitor does not start"
screen_of b | sed -n 2p | grep -q REC && fail "REC shown before recording"
tm send-keys -t b R
wait_re b 'recording to jtune-[0-9]{8}-[0-9]{6}\.csv' || fail "the record key names no file"
wait_re b 'REC' || fail "no REC mark after the record key"
f1=$(ls "$SCRATCH"/cwd/jtune-*.csv)
wait_rows "$f1" 3 || fail "the record key: fewer than 3 rows"
tm send-keys -t b R
wait_re b 'recording stopped' || fail "the record key does not stop"
n1=$(csv_rows "$f1")
sleep 1.2
[ "$(csv_rows "$f1")" -eq "$n1" ] || fail "rows still added after the recording stopped"
"$JTUNE_BUILD_DIR/jtune" import "$f1" -o "$SCRATCH/f1.csv" 2>/dev/null || fail "$f1 does not parse"
ok "the record key starts and stops a recording ($n1 rows)"
tm send-keys -t b R # at once: in the same second the name gets -1, never the same file
wait_re b 'REC' || fail "no REC mark for the second recording"
f2=$(ls "$SCRATCH"/cwd/jtune-*.csv | grep -v "^$f1\$")
[ -n "$f2" ] || fail "the second recording has no file of its own"
[ "$(csv_rows "$f1")" -eq "$n1" ] || fail "the second recording overwrote the first"
wait_rows "$f2" 4 || fail "the second recording: fewer than 4 rows"
n=$(csv_rows "$f2")
wait_rows "$f2" $((n + 1)) || fail "no new row"
sleep 0.3
t=$(now_ms)
kill -9 "$(cat "$SCRATCH/b.pid")"
wait_re b 'JTUNE-EXIT=137' || fail "jtune did not die of SIGKILL"
check_whole "$f2" "$t"
ok "record key, SIGKILL: whole rows, at most one interval lost"

# 3. q removes the metrics file
start_pane c 130 40 "$SCRATCH" \
    "$JTUNE_BUILD_DIR/jtune --root $SCRATCH/root --interval 200 --prom-textfile $SCRATCH/c.prom"
wait_re c 'monitor only|helper connected' || fail "the monitor does not start"
end=$(($(date +%s) + 15))
while [ ! -s "$SCRATCH/c.prom" ] && [ "$(date +%s)" -le "$end" ]; do sleep 0.1; done
[ -s "$SCRATCH/c.prom" ] || fail "no metrics file"
tm send-keys -t c q
wait_re c 'JTUNE-EXIT=0' || fail "q does not end with status 0"
[ ! -e "$SCRATCH/c.prom" ] || fail "the metrics file is left behind after q"
ok "q removes the metrics file"

# 4. a decimal-comma locale changes nothing in the files (only LC_CTYPE follows the user)
mkdir -p "$SCRATCH/locale"
if command -v localedef >/dev/null 2>&1 && [ -e /usr/share/i18n/locales/de_DE ] &&
    localedef -i de_DE -f UTF-8 "$SCRATCH/locale/de_DE.UTF-8" >/dev/null 2>&1; then
    start_pane d 130 40 "$SCRATCH" \
        "env LOCPATH=$SCRATCH/locale LC_ALL=de_DE.UTF-8 $JTUNE_BUILD_DIR/jtune --root $SCRATCH/root --interval 200 --log $SCRATCH/de.csv --prom-textfile $SCRATCH/de.prom"
    wait_re d '°C' || fail "de_DE: the monitor does not start (or shows no degree sign)"
    wait_rows "$SCRATCH/de.csv" 3 || fail "de_DE: no rows recorded"
    grep -qE '^jtune_rail_power_watts\{[^}]*\} [0-9]+\.[0-9]+$' "$SCRATCH/de.prom" ||
        fail "de_DE: metrics without '.' decimals: $(grep rail_power "$SCRATCH/de.prom")"
    ! grep -vE '^#' "$SCRATCH/de.prom" | grep -qE '\} [0-9]+,[0-9]' ||
        fail "de_DE: a metric with a decimal comma"
    awk -F, '!/^#/ && !/^seq/ { print NF }' "$SCRATCH/de.csv" | sort -u | wc -l | grep -qx 1 ||
        fail "de_DE: rows with differing field counts (decimal commas?)"
    grep -qE '^[0-9]+,[0-9]+,.*,[0-9]+\.[0-9],' "$SCRATCH/de.csv" || fail "de_DE: no '.' decimal in the log"
    tm send-keys -t d q
    wait_re d 'JTUNE-EXIT=0' || fail "de_DE: q does not end with status 0"
    ok "a decimal-comma locale: '.' decimals in the metrics and the log"
else
    echo "no de_DE locale can be built here (localedef, /usr/share/i18n/locales): locale check skipped"
fi
