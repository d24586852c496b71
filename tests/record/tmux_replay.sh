#!/bin/sh
# SPDX-License-Identifier: MIT
# jtune replay in the real UI (tmux): a made-up recording whose board input power differs on
# every row plays; pause holds the row; one-row steps show exactly that row's value; "go to"
# reaches the peak of power and of temperature and the middle of the recording; the speed
# key changes the speed; tuning keys say why they do nothing; q quits with status 0; after a
# jump the session energy still covers every row from the start.
TM_JOIN=1
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/record/common.sh"

# 40 rows, 0.5 s apart. Row k (shown as "row k+1/40"): VDD_IN = 2000 + 50k mW, except the
# power peak at k = 12 (9870 mW); tj = 50.0 C + 0.1 k, except the peak at k = 30 (71.5 C).
REC="$T/replay.csv"
{
    printf '# jtune: 0.1.0\n# schema: 1\n# start: 2025-01-08T01:49:37.000Z\n'
    printf '# interval_ms: 500\n# model: Replay test board\n# rails: VDD_IN,VDD_SOC\n'
    printf '# input_rail: 0\n# zones: cpu=cpu-thermal,tj=tj-thermal\n'
    printf 'seq,wall_ms,mono_us,uptime_ms,rail_VDD_IN_mw,rail_VDD_SOC_mw,input_mw,temp_cpu_mc,temp_tj_mc\n'
    k=0
    while [ $k -lt 40 ]; do
        mw=$((2000 + 50 * k)); [ $k -eq 12 ] && mw=9870
        tj=$((50000 + 100 * k)); [ $k -eq 30 ] && tj=71500
        printf '%d,%d,%d,%d,%d,%d,%d,%d,%d\n' $k $((1736300977000 + 500 * k)) \
            $((1000000 + 500000 * k)) $((3600000 + 500 * k)) $mw 1000 $mw 45000 $tj
        k=$((k + 1))
    done
} >"$REC"

# watts K: the board input of row index K as the UI prints it ("2.05 W")
watts() {
    mw=$((2000 + 50 * $1)); [ "$1" -eq 12 ] && mw=9870
    printf '%d.%02d W' $((mw / 1000)) $((mw % 1000 / 10))
}
shown_row() { screen r | sed -n 's/.*row \([0-9]*\)\/40.*/\1/p' | head -1; }

tm_start r 130 40 "$JTUNE replay $REC"
wait_re r 'REPLAY > x1 ' || die -s r "replay does not start playing at x1"
wait_re r 'VDD_IN .* [0-9]\.[0-9][0-9] W' || die -s r "no board power on the overview"
pass "plays at x1"

# pause (once a few rows have played): the row holds still
wait_re r 'row ([4-9]|[1-3][0-9])/40' || die -s r "replay does not move on"
keys r Space
wait_re r 'REPLAY = x1 ' || die -s r "space does not pause"
a=$(shown_row); sleep 1.2; b=$(shown_row)
[ -n "$a" ] && [ "$a" = "$b" ] || die "paused, yet the row moved from $a to $b"
pass "pause holds row $a"

# one row forward and back: exactly that row's value on screen
keys r .
wait_re r "row $((a + 1))/40" || die -s r "'.' does not step one row forward"
wait_re r "VDD_IN .* $(watts "$a")" || die -s r "row $((a + 1)): VDD_IN is not $(watts "$a")"
keys r , ,
wait_re r "row $((a - 1))/40" || die -s r "',' does not step back"
wait_re r "VDD_IN .* $(watts $((a - 2)))" || die -s r "row $((a - 1)): VDD_IN is not $(watts $((a - 2)))"
pass "steps show the file's value of each row"

# go to: the peak of board power (second-to-last choice), of temperature (last), the middle
keys r t
wait_re r 'Go to' || die -s r "t does not open the go-to list"
wait_re r 'peak board power 9\.87 W' || die -s r "go to lacks the power peak"
keys r End Up Enter
wait_re r 'row 13/40' || die -s r "go to the power peak: not row 13"
wait_re r 'VDD_IN .* 9\.87 W' || die -s r "the power peak does not show 9.87 W"
keys r t
wait_re r 'peak temperature 71\.5 C' || die -s r "go to lacks the temperature peak"
keys r End Enter
wait_re r 'row 31/40' || die -s r "go to the temperature peak: not row 31"
wait_re r '71\.5°C' || die -s r "the temperature peak does not show 71.5°C"
keys r t
wait_re r 'Go to' || die -s r "t does not open the go-to list again"
keys r Home Down Down Down Down Down Enter # 50 %: 9.75 s -> row index 19
wait_re r 'REPLAY = x1  00:09\.5/00:19\.5  row 20/40' || die -s r "go to 50 %: not row 20 at 9.5 s"
wait_re r "VDD_IN .* $(watts 19)" || die -s r "row 20: VDD_IN is not $(watts 19)"
pass "go to: power peak, temperature peak, a time"

# speed, then play on to the end
keys r s s s
wait_re r 'REPLAY = x8 ' || die -s r "s does not step the speed to x8"
keys r Space
wait_re r 'REPLAY = x8  00:19\.5/00:19\.5  row 40/40' 20 || die -s r "playing at x8 does not reach the end"
pass "x8 plays to the last row and stops there"

# tuning and recording keys explain themselves
keys r p
wait_re r 'park: this is a recording' || die -s r "a tuning key does not say why it does nothing"
keys r R
wait_re r 'record: this is a recording already' || die -s r "the record key does not explain"
pass "tuning keys disabled with a message"

keys r q
wait_re r 'JTUNE-EXIT=0' || die -s r "q does not end replay with status 0"
pass "quit"

# session energy after jumps: 200 rows 0.5 s apart, VDD_IN 2 W except 3 W on the last row,
# graphs holding 60 rows. Going to the power peak (the last row) shows the energy of the
# whole recording (99 s x 2 W + 0.5 s x 2.5 W = 199.25 J), not of the 60 rows the graphs
# restart with (about 60 J); one row back, 198 J.
LONG="$T/long.csv"
{
    printf '# jtune: 0.1.0\n# schema: 1\n# start: 2025-01-08T01:49:37.000Z\n'
    printf '# interval_ms: 500\n# model: Replay test board\n# rails: VDD_IN\n'
    printf '# input_rail: 0\n# zones: tj=tj-thermal\n'
    printf 'seq,wall_ms,mono_us,uptime_ms,rail_VDD_IN_mw,input_mw,temp_tj_mc\n'
    k=0
    while [ $k -lt 200 ]; do
        mw=2000; [ $k -eq 199 ] && mw=3000
        printf '%d,%d,%d,%d,%d,%d,%d\n' $k $((1736300977000 + 500 * k)) \
            $((1000000 + 500000 * k)) $((3600000 + 500 * k)) $mw $mw 50000
        k=$((k + 1))
    done
} >"$LONG"
printf '[ui]\ngraph_history = 60\n' >"$T/short.ini"
tm_start e 130 40 "$JTUNE replay $LONG --config $T/short.ini"
wait_re e 'REPLAY > x1 ' || die -s e "the long recording does not play"
keys e Space
wait_re e 'REPLAY = x1 ' || die -s e "space does not pause the long recording"
keys e t
wait_re e 'peak board power 3\.00 W' || die -s e "go to lacks the power peak of the long recording"
keys e End Up Enter
wait_re e 'row 200/200' || die -s e "go to the power peak: not row 200"
wait_re e 'VDD_IN .* 3\.00 W .* 199 J' || die -s e "after a jump the session energy is not 199 J"
keys e ,
wait_re e 'row 199/200' || die -s e "',' does not step back in the long recording"
wait_re e 'VDD_IN .* 2\.00 W .* 198 J' || die -s e "one row back the session energy is not 198 J"
keys e q
wait_re e 'JTUNE-EXIT=0' || die -s e "q does not end the long replay"
pass "the session energy covers the whole recording after jumps"

# a tegrastats log replays too (format told by content)
tm_start ts 130 40 "$JTUNE replay $JTUNE_SOURCE_DIR/tests/fixtures/tegrastats-samples.txt"
wait_re ts 'REPLAY > x1 .*row [0-9]+/8' || die -s ts "a tegrastats log does not replay"
wait_re ts 'POM_5V_IN|VDD_IN' || die -s ts "the tegrastats replay shows no rail"
keys ts q
wait_re ts 'JTUNE-EXIT=0' || die -s ts "q does not end the tegrastats replay"
pass "a tegrastats log replays"
