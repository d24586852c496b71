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
TM_JOIN=1
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/record/common.sh"
start_sim 6
IV=500     # interval in ms
SLACK=400  # scheduling noise allowed on top of one interval

# check_whole FILE KILL_MS: every row parses, no cut line, last row fresh enough
check_whole() {
    tail -c 1 "$1" | od -c | grep -q '\\n' || die "$1 does not end with a newline"
    "$JTUNE" import "$1" -o "$T/check.csv" 2>"$T/import.err" ||
        die "a row of $1 does not parse: $(cat "$T/import.err")"
    ! grep -q warning "$T/import.err" || die "$1: $(cat "$T/import.err")"
    last=$(awk -F, '!/^#/ && !/^seq/ { w = $2 } END { print w }' "$1")
    gap=$(($2 - last))
    echo "$(csv_rows "$1") rows; the last one $gap ms before the kill (interval $IV ms)"
    # a row may be stamped a few ms after the shell read its clock for the kill
    [ "$gap" -ge -$SLACK ] && [ "$gap" -le $((IV + SLACK)) ] ||
        die "$1: the last row is $gap ms older than the kill"
}

# kill_check SESSION FILE: SIGKILL the session's jtune 0.6 of an interval after a row lands
# (not right after one), then check_whole
kill_check() {
    n=$(csv_rows "$2")
    wait_rows "$2" $((n + 1)) || die "no new row"
    sleep 0.3
    t=$(now_ms)
    kill -9 "$(cat "$T/$1.pid")"
    wait_re "$1" 'JTUNE-EXIT=137' || die -s "$1" "jtune did not die of SIGKILL"
    check_whole "$2" "$t"
}

# 1. --log FILE from the start, then SIGKILL
tm_start a 130 40 "$JTUNE --root $T/root --interval $IV --log $T/ui.csv --prom-textfile $T/board.prom"
wait_re a 'REC' || die -s a "no REC mark with --log"
wait_rows "$T/ui.csv" 5 || die "--log: fewer than 5 rows after 30 s"
# the metrics file, while the monitor runs
[ -s "$T/board.prom" ] || die "--prom-textfile: no metrics file while running"
grep -q '^jtune_rail_power_watts{board=' "$T/board.prom" || die "metrics lack rail power"
grep -q '^jtune_input_energy_joules_total{board=' "$T/board.prom" || die "metrics lack energy"
if command -v promtool >/dev/null 2>&1; then
    cp "$T/board.prom" "$T/snap.prom"
    promtool check metrics <"$T/snap.prom" || die "promtool rejects the monitor's metrics"
else
    echo "promtool not found (Debian package prometheus): format check skipped"
fi
pass "the monitor writes the metrics file"
kill_check a "$T/ui.csv"
pass "--log killed with SIGKILL: whole rows, at most one interval lost"

# 2. the record key: start, stop; start again, then SIGKILL
mkdir "$T/cwd"
tm_start b 130 40 "$JTUNE --root $T/root --interval $IV --prom-textfile $T/b.prom" "$T/cwd"
wait_re b 'monitor only|helper connected' || die -s b "the monitor does not start"
! screen b | sed -n 2p | grep -q REC || die -s b "REC shown before recording"
keys b R
wait_re b 'recording to jtune-[0-9]{8}-[0-9]{6}\.csv' || die -s b "the record key names no file"
wait_re b 'REC' || die -s b "no REC mark after the record key"
f1=$(ls "$T"/cwd/jtune-*.csv)
wait_rows "$f1" 3 || die "the record key: fewer than 3 rows"
keys b R
wait_re b 'recording stopped' || die -s b "the record key does not stop"
n1=$(csv_rows "$f1")
sleep 1.2
[ "$(csv_rows "$f1")" -eq "$n1" ] || die "rows still added after the recording stopped"
"$JTUNE" import "$f1" -o "$T/f1.csv" 2>/dev/null || die "$f1 does not parse"
pass "the record key starts and stops a recording ($n1 rows)"
keys b R # at once: in the same second the name gets -1, never the same file
wait_re b 'REC' || die -s b "no REC mark for the second recording"
f2=$(ls "$T"/cwd/jtune-*.csv | grep -v "^$f1\$")
[ -n "$f2" ] || die "the second recording has no file of its own"
[ "$(csv_rows "$f1")" -eq "$n1" ] || die "the second recording overwrote the first"
wait_rows "$f2" 4 || die "the second recording: fewer than 4 rows"
kill_check b "$f2"
pass "record key, SIGKILL: whole rows, at most one interval lost"

# 3. q removes the metrics file
tm_start c 130 40 "$JTUNE --root $T/root --interval 200 --prom-textfile $T/c.prom"
wait_re c 'monitor only|helper connected' || die -s c "the monitor does not start"
poll 15 test -s "$T/c.prom" || die "no metrics file"
keys c q
wait_re c 'JTUNE-EXIT=0' || die -s c "q does not end with status 0"
[ ! -e "$T/c.prom" ] || die "the metrics file is left behind after q"
pass "q removes the metrics file"

# 4. a decimal-comma locale changes nothing in the files (only LC_CTYPE follows the user)
mkdir -p "$T/locale"
if command -v localedef >/dev/null 2>&1 && [ -e /usr/share/i18n/locales/de_DE ] &&
    localedef -i de_DE -f UTF-8 "$T/locale/de_DE.UTF-8" >/dev/null 2>&1; then
    tm_start d 130 40 "env LOCPATH=$T/locale LC_ALL=de_DE.UTF-8 $JTUNE --root $T/root --interval 200 --log $T/de.csv --prom-textfile $T/de.prom"
    wait_re d '°C' || die -s d "de_DE: the monitor does not start (or shows no degree sign)"
    wait_rows "$T/de.csv" 3 || die "de_DE: no rows recorded"
    grep -qE '^jtune_rail_power_watts\{[^}]*\} [0-9]+\.[0-9]+$' "$T/de.prom" ||
        die "de_DE: metrics without '.' decimals: $(grep rail_power "$T/de.prom")"
    ! grep -vE '^#' "$T/de.prom" | grep -qE '\} [0-9]+,[0-9]' ||
        die "de_DE: a metric with a decimal comma"
    awk -F, '!/^#/ && !/^seq/ { print NF }' "$T/de.csv" | sort -u | wc -l | grep -qx 1 ||
        die "de_DE: rows with differing field counts (decimal commas?)"
    grep -qE '^[0-9]+,[0-9]+,.*,[0-9]+\.[0-9],' "$T/de.csv" || die "de_DE: no '.' decimal in the log"
    keys d q
    wait_re d 'JTUNE-EXIT=0' || die -s d "de_DE: q does not end with status 0"
    pass "a decimal-comma locale: '.' decimals in the metrics and the log"
else
    echo "no de_DE locale can be built here (localedef, /usr/share/i18n/locales): locale check skipped"
fi
