#!/bin/sh
# SPDX-License-Identifier: MIT
# Screen sweep: the real jtune --demo in tmux at sizes from 80x24 to 300x100, on the overview
# and every page. At each size: nothing wider or taller than the pane; the overview shows
# every enabled panel (they all fit from 80x24 up: hiding one is a layout slip); and no word
# is cut short without an ellipsis - every word (letters, no digits) must be a whole word
# seen on the 300x100 screens, one of the compact tab names, or end in "…".
# (The exact-fit rule of layout.c fit_column is swept in tests/unit/test_layout.c, where
# panel minimums can be made to fill a column exactly.)
#
# Exit 0 pass, 1 fail, 77 skip (no tmux).
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"

# The words of a screen, one a line: letters without digits, box and bar glyphs and
# punctuation taken off.
# (The overview's "Top wakeups/s" row lists process names that change from sample to sample;
# it shows whole entries only, so it is left out here.)
words() {
    grep -v '^ Top wakeups/s' "$1" | sed 's/[─│╭╮╰╯▶·█▉▊▋▌▍▎▏░▁▂▃▄▅▆▇▲●(),:;=+"]/ /g' | tr -s ' ' '\n' |
        sed "s/^['\\[]*//; s/[].']*\$//" | grep -v '[0-9]' | grep '[A-Za-z]' || true
}

SIZES=${SWEEP_SIZES:-"80x24 90x28 100x30 120x40 132x43 159x50 160x50 200x60 239x70 240x70 300x100"}
PAGES="1 2 3 4 5 6 7 8 9 0"
tm_start sw 300 100 "$JTUNE --demo --seed 5"
wait_for sw VDD_IN 20 || die -s sw "jtune did not start"

# shot COLSxROWS PAGE FILE: resize, show the page, capture once jtune has redrawn at the new
# size (the page tabs on the pane's last row, nothing wider than the pane), 5 s at most
redrawn() {
    screen sw >"$3"
    [ "$(sed -n "${1#*x}p" "$3" | grep -c ' 1 ')" = 1 ] && [ "$(wc -L <"$3")" -le "${1%x*}" ]
}
shot() {
    tm resize-window -t sw -x "${1%x*}" -y "${1#*x}"
    keys sw "$2"
    sleep 0.2
    poll 5 redrawn "$@" || true
}

# the dictionary: the whole words of every page at 300x100, and the compact tab names
printf '%s\n' All Pwr Temp Idle Mem Rad JP more its cores >"$T/dict"
for p in $PAGES; do
    shot 300x100 "$p" "$T/big"
    words "$T/big" >>"$T/dict"
done
sort -u -o "$T/dict" "$T/dict"

for size in $SIZES; do
    cols=${size%x*} rows=${size#*x}
    for p in $PAGES; do
        shot "$size" "$p" "$T/s"
        f0=$fails
        w=$(wc -L <"$T/s")
        [ "$w" -le "$cols" ] || fail "$size page $p: a line of $w columns"
        h=$(wc -l <"$T/s")
        [ "$h" -le "$rows" ] || fail "$size page $p: $h rows"
        if [ "$p" = 1 ]; then
            for title in CPU GPU EMC Power Thermal cpuidle Fan Memory Radios; do
                grep -q "\\(^\\| \\)$title ─" "$T/s" || fail "$size overview: the $title panel is hidden"
            done
        fi
        words "$T/s" | grep -v '…$' | sort -u | comm -23 - "$T/dict" >"$T/cut"
        if [ -s "$T/cut" ]; then
            fail "$size page $p: cut without an ellipsis: $(tr '\n' ' ' <"$T/cut")"
            grep -nF -f "$T/cut" "$T/s" | head -3
        fi
        [ "$fails" -ne "$f0" ] || pass "$size page $p"
    done
done
keys sw q

finish "screens"
