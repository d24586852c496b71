#!/bin/sh
# SPDX-License-Identifier: MIT
# programs.sh BUILD_DIR NM READELF: what each program links, checked on the programs built:
# jtune-helper holds no code of the INI parsers (conf) or the UI and needs neither libinih
# nor ncurses; jtune holds no code of the helper area.
set -u
b=$1 nm=$2 readelf=$3
fail=0
defined() { "$nm" -g --defined-only "$1" 2>/dev/null | awk '$2 == "T" { print $3 }' | sort -u; }
# absent PROGRAM LIB: no function of LIB is in PROGRAM
absent() {
    both=$(defined "$b/$2" | comm -12 - "$tmp/$1.syms")
    n=$(defined "$b/$2" | wc -l)
    if [ "$n" -eq 0 ]; then
        echo "FAIL: $2 has no functions: the check would prove nothing"
        fail=1
    elif [ -n "$both" ]; then
        echo "FAIL: $1 holds code of $2: $(echo $both | cut -c1-200)"
        fail=1
    else
        echo "ok: $1 holds none of the $n functions of $2"
    fi
}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for p in jtune jtune-helper; do
    "$nm" --defined-only "$b/$p" | awk '{ print $3 }' | sort -u > "$tmp/$p.syms"
    [ -s "$tmp/$p.syms" ] || { echo "FAIL: no symbols in $b/$p (stripped?)"; exit 1; }
done
absent jtune-helper libjt_conf.a
absent jtune-helper libjt_ui.a
absent jtune libjt_helper.a
needed=$("$readelf" -d "$b/jtune-helper" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
case "$needed" in
*libinih* | *ncurses* | *tinfo*) echo "FAIL: jtune-helper needs $needed"; fail=1 ;;
*libcap*) echo "ok: jtune-helper needs only $needed" ;;
*) echo "FAIL: jtune-helper's libraries not read ($needed)"; fail=1 ;;
esac
exit $fail
