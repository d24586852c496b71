#!/bin/sh
# SPDX-License-Identifier: MIT
# Reads a program's --help text on stdin and prints what it offers, one per line:
#   opt --name    every option (long and short) of the usage lines and of the option list
#   cmd name      every subcommand (the first word after the program name in a usage line)
# Usage lines: from a line starting "Usage:"/"usage:" to the first line that does not start
# with a blank. Option-list lines start with blanks then '-'; only their option column (up to
# the first run of two blanks) counts, so options named in the explanations are not taken.
awk '
function opts(text,    t) {
    t = " " text
    while (match(t, /[ [(|,]--?[A-Za-z][A-Za-z0-9-]*/)) {
        print "opt " substr(t, RSTART + 1, RLENGTH - 1)
        t = substr(t, RSTART + RLENGTH)
    }
}
/^[Uu]sage:/ { in_usage = 1; sub(/^[Uu]sage:[ ]*/, ""); prog = $1
               if ($2 ~ /^[a-z][a-z0-9-]*$/) print "cmd " $2; opts($0); next }
in_usage && /^[ \t]/ {
    if ($1 == prog && $2 ~ /^[a-z][a-z0-9-]*$/) print "cmd " $2
    opts($0); next }
{ in_usage = 0 }
/^[ \t]+-/ { col = $0; sub(/^[ \t]+/, "", col); sub(/  .*/, "", col); opts(col) }
' | sort -u
