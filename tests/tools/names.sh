#!/bin/sh
# SPDX-License-Identifier: MIT
# names.sh BUILD_DIR [-v] [SOURCE_DIR]: how many exported functions do not match their file.
#
# For every library source src/<area>/[<sub>/]<m>.c of SOURCE_DIR (default: this tree; the
# programs' main_*.c left out), the global functions that its object
# BUILD_DIR/CMakeFiles/jt_<area>.dir/src/<area>/[<sub>/]<m>.c.o defines (nm -g --defined-only,
# type T) are counted. A function matches its file when its name
#   - is <m> or starts with "<m>_" (the module's own prefix), or
#   - starts with "<p>_" where the file is <p>_<part>.c (one part of module <p>: ui_keys.c,
#     board_check.c, panel_cpu.c), or
#   - starts with "<area><m>_" or "<area><p>_" (the area-qualified prefix: sim/board.c
#     exports simboard_*), or
#   - starts with "<a>_" for an accepted prefix <a> of the file (ALIASES below: a plural
#     module name whose functions use the singular, e.g. panels.c exports panel_*).
# Prints the totals; with -v first every mismatched name as "file: name".
set -eu
build=${1:?usage: names.sh BUILD_DIR [-v] [SOURCE_DIR]}
verbose=${2:-}
top=${3:-$(cd "$(dirname "$0")/../.." && pwd)}

ALIASES="panels:panel widgets:widget"

total=0
bad=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for c in $(cd "$top/src" && find . -mindepth 2 -name '*.c' ! -name 'main_*.c' | sort); do
    c=${c#./}
    area=${c%%/*}
    o="$build/CMakeFiles/jt_$area.dir/src/$c.o"
    [ -f "$o" ] || {
        echo "names.sh: no object for src/$c (build first)" >&2
        exit 1
    }
    m=$(basename "$c" .c)
    prefixes="$m $area$m $(printf '%s\n' $ALIASES | awk -F: -v m="$m" '$1 == m { print $2 }')"
    case "$m" in *_*) prefixes="$prefixes ${m%%_*} $area${m%%_*}" ;; esac
    for fn in $(nm -g --defined-only "$o" | awk '$2 == "T" { print $3 }'); do
        total=$((total + 1))
        ok=0
        for p in $prefixes; do
            case "$fn" in "$p" | "$p"_*) ok=1 ;; esac
        done
        if [ $ok = 0 ]; then
            bad=$((bad + 1))
            echo "$c: $fn" >>"$out"
        fi
    done
done
if [ "$verbose" = -v ]; then
    cat "$out"
fi
echo "exported functions: $total"
echo "not matching their file: $bad"
