#!/bin/sh
# SPDX-License-Identifier: MIT
# The processes page end to end: the real jtune in tmux on simulated boards.
# o opens it; each sort key (w c m g s p n) orders the rows by its column (checked on the
# screen); / filters by name; i shows the interrupts and per-core timer/IPI rates; demand
# written to the simulator starts a worker that appears and is removed when it exits; a
# JetPack 6 board says why GPU memory is n/a; the overview shows the top wakeups when there
# is room; --no-procs turns it off; a replay of a recording shows its top processes.
# Exit 0 pass, 1 fail, 77 skip (no tmux). Every wait polls capture-pane with a deadline.
. "${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}/tests/lib/tmux.sh"
. "$JTUNE_SOURCE_DIR/tests/lib/simfixture.sh"

# The data rows of the page: the lines after the heading (PID ... COMMAND) up to a blank.
rows() {
    screen "$1" | awk '/PID.*COMMAND/ {on = 1; next} on && /^ *$/ {exit} on && /^ *[0-9]+ / {print}'
}
# kib VALUE: "512K", "60M", "1.5G" or "n/a" in KiB (n/a: -1, last in every order)
to_kib() { awk -v v="$1" 'BEGIN {
    n = v + 0; u = substr(v, length(v));
    if (v == "n/a") print -1; else if (u == "G") print n * 1048576;
    else if (u == "M") print n * 1024; else print n }'; }

# sorted SESSION FIELD ORDER: the rows' FIELD is in ORDER (num-desc, num-asc, kib-desc,
# str-asc; cmd-asc: the field and the rest of the line, case-insensitive)
sorted() {
    # the field and everything after it (a command has blanks), lower-cased as strcasecmp does
    if [ "$3" = cmd-asc ]; then
        rows "$1" | awk -v f="$2" '{s = $f; for (i = f + 1; i <= NF; i++) s = s " " $i
                                    print tolower(s)}' >"$T/col"
    else
        rows "$1" | awk -v f="$2" '{print $f}' >"$T/col"
    fi
    [ -s "$T/col" ] || return 1
    case $3 in
    num-desc) awk 'NR > 1 && $1 + 0 > prev + 0 && $1 != "n/a" && prev != "n/a" {bad = 1}
                   {prev = $1} END {exit bad}' "$T/col" ;;
    num-asc) awk 'NR > 1 && $1 + 0 < prev + 0 {bad = 1} {prev = $1} END {exit bad}' "$T/col" ;;
    str-asc | cmd-asc) LC_ALL=C awk 'NR > 1 && $0 < prev {bad = 1} {prev = $0} END {exit bad}' "$T/col" ;;
    kib-desc)
        : >"$T/kib"
        while read -r v; do to_kib "$v" >>"$T/kib"; done <"$T/col"
        awk 'NR > 1 && $1 > prev {bad = 1} {prev = $1} END {exit bad}' "$T/kib" ;;
    esac
}

# check_sort SESSION KEY HEADING FIELD ORDER
check_sort() {
    before=$(rows "$1" | awk '{print $1}' | tr '\n' ' ')
    keys "$1" "$2"
    if ! wait_for "$1" "$3" 5; then fail -s "$1" "sort $2: heading '$3' not marked"; return; fi
    sleep 0.3
    if sorted "$1" "$4" "$5"; then pass "sort $2: rows ordered by $3"; else
        fail -s "$1" "sort $2: rows not ordered by $3 ($5)"; fi
    after=$(rows "$1" | awk '{print $1}' | tr '\n' ' ')
    [ "$before" != "$after" ] && pass "sort $2: the order changed" ||
        fail "sort $2: the order did not change ($after)"
}

# ---- a JetPack 5 board: GPU memory readable ----
sim_start jp5 --board orin-nano --seed 9
sim_jtune main 140 45 monitor --interval 500
expect main "mode" "monitor started"
keys main o
expect main "Processes" "o opens the processes page"
expect main "WAKE/s" "the wakeups column"
expect main "gnome-shell" "simulated processes listed"
expect main "tmux new -s work" "the command line (arguments joined)"
expect main "[kthreadd]" "a kernel thread shown by its comm"
expect main "(sd-pam)" "a comm in parentheses"
expect main "WAKE/s: voluntary context switches per second" "the page says what a wakeup is"
expect main "24M" "GPU memory of Xorg (nvmap clients)" 5
# field numbers: 1 PID, 2 S, 3 CPU%, 4 WAKE/s, 5 RSS, 6 GPU MEM, 7 COMMAND
# the first sample has no rates yet (every WAKE/s n/a: the wakeup order is the PID order);
# wait for the second, so that sorting by PID visibly changes the order
unsorted() { ! sorted "$@"; }
poll 15 unsorted main 1 num-asc || true
check_sort main p "PID^" 1 num-asc
check_sort main w "WAKE/sv" 4 num-desc
check_sort main n "COMMAND^" 7 cmd-asc
check_sort main c "CPU%v" 3 num-desc
check_sort main m "RSSv" 5 kib-desc
check_sort main g "GPU MEMv" 6 kib-desc
check_sort main s "S^" 2 str-asc
keys main p p
wait_for main "PIDv" 5 && sorted main 1 num-desc && pass "the same key again reverses" ||
    fail -s main "p again did not reverse"

# filter
keys main / g n o m e
expect main "filter: gnome_" "/ opens the filter prompt"
keys main Enter
sleep 0.5
n=$(rows main | wc -l)
[ "$n" -eq 1 ] && rows main | grep -q gnome-shell && pass "the filter keeps only gnome-shell" ||
    fail -s main "filter: $n rows"
expect main "1 shown of" "the title counts the rows shown"
keys main / Escape
sleep 0.5
[ "$(rows main | wc -l)" -gt 5 ] && pass "Esc in the prompt clears the filter" ||
    fail -s main "filter not cleared"

# demand: a worker appears, then exits
printf 'cpu 3 90\n' >"$SIM_ROOT/run/jtune-sim/demand"
expect main "jtune-burn-cpu --core 3" "demand starts a worker process"
printf '\n' >"$SIM_ROOT/run/jtune-sim/demand"
expect_gone main "jtune-burn-cpu" "the exited worker is removed"

# interrupts
keys main i
expect main "Interrupts" "i shows the interrupts"
expect main "arch_timer" "the timer IRQ row"
expect main "timer/s" "per-core timer and IPI rates"
expect main "Rescheduling interrupts" "IPI rows"
keys main Escape
expect_gone main "Interrupts" "Esc closes the page" 5

# the overview's top wakeups (room at this size)
tm resize-window -t main -x 220 -y 70 2>/dev/null || tm resize-pane -t main -x 220 -y 70
expect main "Top wakeups/s" "the overview shows the top wakeups when there is room"
expect main "Web Content" "the top wakeups name processes by comm (with a blank)"
tm_stop main

# ---- a JetPack 6 board: GPU memory n/a, with the reason ----
sim_start jp6 --board orin-nano-super --seed 9
sim_jtune six 120 40 monitor --interval 500
expect six "mode" "JetPack 6 monitor started"
keys six o
expect six "GPU MEM n/a: no nvmap iovmm clients file" "n/a GPU memory says why"
tm_stop six

# ---- turned off ----
sim_jtune off 120 40 monitor --no-procs
expect off "mode" "--no-procs monitor started"
keys off o
expect off "processes are not read" "--no-procs: the page says they are off"
tm_stop off

# ---- a recording replays its top processes ----
"$JTUNE" --headless --root "$T/jp5" --interval 300 --count 4 --log "$T/run.csv" >/dev/null 2>&1 ||
    fail "headless recording failed"
grep -q "wake1_comm" "$T/run.csv" && pass "the recording has the top wakeups" ||
    fail "no wake1_comm column in the recording"
tm_start rep 140 40 "$JTUNE replay $T/run.csv"
expect rep "Web_Content" "replay overview or page shows a recorded process" 
keys rep o
expect rep "a recording carries the top 8 by wakeups only" "replay: the page says what it holds"
expect rep "WAKE/s" "replay: the processes page"
keys rep i
expect rep "arch_timer" "replay: the recorded interrupts"
tm_stop rep

finish "procs UI checks"
