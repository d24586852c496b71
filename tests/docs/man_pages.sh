#!/bin/sh
# SPDX-License-Identifier: MIT
# The man pages config/man/jtune.1, jtune-sim.1 and jtune-helper.8: each renders with
# "man -l" without a single groff warning, has the sections a user looks for, carries the
# program's version, and names every option and subcommand its program's --help prints
# (jtune-sim: also those of "jtune-sim nvpmodel"). The help is read at test time, so an option
# added to a program without its page fails here.
# Warnings: "man --warnings=w" (groff -ww: every warning, also undefined macros, which
# groff's "all" leaves out) and "groff -man -ww -z".
# Exit 0 pass, 1 fail, 77 skip (man, package man-db, not installed).
set -u
SRC=${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}
BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
command -v man >/dev/null 2>&1 || { echo "SKIP: man is not installed (package man-db)"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-man-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

version=$("$BUILD/jtune" --version | sed -n 's/^jtune //p')
[ -n "$version" ] || fail "jtune --version printed no version"

# has FILE WORD: WORD occurs in FILE as a whole word (not inside --dry-run for --d...)
has() {
    grep -Eq -- "(^|[^A-Za-z0-9-])$(printf '%s' "$2" | sed 's/[.]/\\./g')([^A-Za-z0-9-]|\$)" "$1"
}

check_page() { # PROGRAM SECTION
    prog=$1 sect=$2 page=$SRC/config/man/$1.$2 before=$fails
    [ -f "$page" ] || { fail "$page missing"; return; }
    # render as a user would, warnings on; any diagnostic is a failure
    if ! LC_ALL=C MANWIDTH=80 man --warnings=w -l "$page" >"$T/$prog.txt" 2>"$T/$prog.err"; then
        fail "$prog.$sect: man -l failed: $(cat "$T/$prog.err")"
        return
    fi
    if [ -s "$T/$prog.err" ]; then
        fail "$prog.$sect: groff warnings:"
        sed 's/^/    /' "$T/$prog.err"
    fi
    if command -v groff >/dev/null 2>&1; then
        groff -man -ww -z "$page" >"$T/$prog.groff" 2>&1
        [ -s "$T/$prog.groff" ] && { fail "$prog.$sect: groff -ww:"; sed 's/^/    /' "$T/$prog.groff"; }
    fi
    # plain text: drop overstrike (bold/underline) in case the pager kept it
    sed 's/.\x08//g' "$T/$prog.txt" >"$T/$prog.plain"
    upper=$(printf '%s' "$prog" | tr a-z A-Z)
    head -n 1 "$T/$prog.plain" | grep -q "^$upper($sect)" || fail "$prog.$sect: title is not $upper($sect)"
    for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
        grep -q "^$s\$" "$T/$prog.plain" || fail "$prog.$sect: no $s section"
    done
    grep -q "^\.TH [^ ]* $sect [^ ]* \"jtune $version\"" "$page" ||
        fail "$prog.$sect: .TH does not say \"jtune $version\" (jtune --version)"
    "$BUILD/$prog" --help >"$T/$prog.help" 2>&1 || fail "$prog --help failed"
    [ "$prog" = jtune-sim ] && "$BUILD/jtune-sim" nvpmodel --help >>"$T/$prog.help" 2>&1
    sh "$SRC/tests/docs/helpopts.sh" <"$T/$prog.help" >"$T/$prog.offers"
    [ -s "$T/$prog.offers" ] || fail "$prog --help: no option found (helpopts.sh)"
    n=0
    while read -r kind word; do
        n=$((n + 1))
        case $kind in
        opt) has "$T/$prog.plain" "$word" || fail "$prog.$sect: option $word (from --help) is not documented" ;;
        cmd) grep -Eq "^ +$prog +$word( |\$)" "$T/$prog.plain" ||
                fail "$prog.$sect: subcommand '$word' (from --help) is not in the SYNOPSIS" ;;
        esac
    done <"$T/$prog.offers"
    [ "$fails" -eq "$before" ] || return
    echo "ok: $prog.$sect rendered without warnings, $n options and subcommands of --help documented"
}

check_page jtune 1
check_page jtune-sim 1
check_page jtune-helper 8
[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "PASS"
