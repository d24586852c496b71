#!/bin/sh
# SPDX-License-Identifier: MIT
# config/yocto/jtune_git.bb checked as far as it can be without bitbake:
# - statements parse (assignments with a quoted value, inherit, functions closed);
# - the classes, DEPENDS, the CMake options (and that CMakeLists.txt still has them), the users
#   and groups (the account main_helper.c runs as, the group of the README), the unit (it
#   exists in config/systemd), the license checksum (md5 of LICENSE);
# - the helper's file capabilities equal the README's setcap line (and docs/helper.md's) and
#   include every capability the helper keeps (include/jtune/helper/helper.h);
# - FILES: every file "cmake --install --prefix /usr" installs (DESTDIR) is packaged, /usr/bin
#   mapped to ${bindir} and so on (man pages by ${PN}-doc's default ${mandir}), and every
#   FILES:${PN} entry names something installed.
# Exit 0 pass, 1 fail.
set -u
SRC=${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}
BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
R=$SRC/config/yocto/jtune_git.bb
T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-yocto-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
[ -f "$R" ] || { echo "FAIL: $R missing"; exit 1; }

# Statements: continuation lines joined, comments dropped; function bodies to $T/func.NAME.
awk -v dir="$T" '
/^[ \t]*#/ && !infn { next }
infn { print > (dir "/func." infn); if ($0 ~ /^}[ \t]*$/) infn = ""; next }
/^(python )?[A-Za-z0-9_:${}.-]* *\(\) *\{[ \t]*$/ {
    n = $0; sub(/ *\(\).*/, "", n); sub(/^python */, "", n); if (n == "") n = "anon"
    gsub(/[^A-Za-z0-9_.-]/, "_", n); infn = n; print "FUNC " n; next }
{ line = line $0 }
/\\$/ { sub(/\\$/, " ", line); next }
{ if (line !~ /^[ \t]*$/) print line; line = "" }
END { if (infn != "") print "UNCLOSED " infn }
' "$R" >"$T/stmts"
grep '^UNCLOSED' "$T/stmts" && fail "a function is not closed"
bad=$(grep -v '^FUNC ' "$T/stmts" | grep -Ev '^inherit [a-z0-9 _-]+$' |
    grep -Ev '^[A-Za-z0-9_:${}.-]+(\[[a-z-]+\])? *(=|\?=|\?\?=|:=|\+=|=\+|\.=|=\.) *"[^"]*" *$')
[ -z "$bad" ] || fail "statements that do not parse: $bad"

# value NAME: the value of the first assignment to NAME, blanks squeezed
value() {
    awk -v n="$1" '{ i = index($0, "=") } i > 1 {
        k = substr($0, 1, i - 1); sub(/[ \t]*[?:+.]*$/, "", k)
        if (k == n) { v = substr($0, i + 1); sub(/^[ \t]*"/, "", v); sub(/"[ \t]*$/, "", v)
                      gsub(/[ \t]+/, " ", v); sub(/^ /, "", v); sub(/ $/, "", v); print v; exit } }' "$T/stmts"
}
need() { # NAME WORD...: NAME is set and its value has every WORD
    v=$(value "$1")
    [ -n "$v" ] || { fail "$1 is not set"; return; }
    n=$1
    shift
    for w in "$@"; do
        case " $v " in *" $w "*) ;; *) fail "$n lacks '$w' (is: $v)" ;; esac
    done
}

inherits=$(sed -n 's/^inherit //p' "$T/stmts" | tr '\n' ' ')
for c in cmake pkgconfig systemd useradd; do
    case " $inherits " in *" $c "*) ;; *) fail "inherit lacks $c" ;; esac
done
for v in SUMMARY LICENSE SRC_URI PV; do need "$v"; done
need DEPENDS ncurses libinih libcap
need EXTRA_OECMAKE -DJTUNE_CUDA=OFF -DJTUNE_TESTS=OFF
for o in $(value EXTRA_OECMAKE); do
    opt=${o#-D}
    opt=${opt%%=*}
    cat "$SRC/CMakeLists.txt" "$SRC"/cmake/*.cmake | grep -Eq "(option|set)\($opt " || fail "EXTRA_OECMAKE: $opt is not an option of the CMake project"
done
need USERADD_PACKAGES '${PN}'
need 'GROUPADD_PARAM:${PN}' --system jtune
need 'USERADD_PARAM:${PN}' --system jtune-helper
grep -q '#define HELPER_USER *"jtune-helper"' "$SRC/src/helper/main_helper.c" ||
    fail "main_helper.c no longer runs the helper as jtune-helper (USERADD_PARAM)"
need RDEPENDS:'${PN}' libcap-bin
need PACKAGE_WRITE_DEPS libcap-native
need SYSTEMD_AUTO_ENABLE disable
for u in $(value 'SYSTEMD_SERVICE:${PN}'); do
    [ -f "$SRC/config/systemd/$u.in" ] || fail "SYSTEMD_SERVICE: no config/systemd/$u.in"
done
[ -n "$(value 'SYSTEMD_SERVICE:${PN}')" ] || fail 'SYSTEMD_SERVICE:${PN} is not set'
lic=$(value LIC_FILES_CHKSUM)
md5=$(md5sum "$SRC/LICENSE" | cut -d' ' -f1)
[ "$lic" = "file://LICENSE;md5=$md5" ] || fail "LIC_FILES_CHKSUM is '$lic', LICENSE has md5 $md5"
[ "$fails" -eq 0 ] && pass "statements parse; classes, DEPENDS, CMake options, users, unit, license"

# Capabilities
caps=$(value JTUNE_HELPER_CAPS)
readme=$(grep -o 'setcap [^ ]* "\$H"' "$SRC/README.md" | head -n 1 | cut -d' ' -f2)
helpdoc=$(grep -o 'setcap [^ ]* "\$H"' "$SRC/docs/helper.md" | head -n 1 | cut -d' ' -f2)
[ -n "$readme" ] || fail "no setcap line in README.md"
[ "$caps" = "$readme" ] || fail "recipe caps '$caps' differ from the README's setcap '$readme'"
[ "$caps" = "$helpdoc" ] || fail "recipe caps '$caps' differ from docs/helper.md's setcap '$helpdoc'"
for c in $(sed -n 's/^#define HELPER_CAP_\([A-Z_]*\) .*/\1/p' "$SRC/include/jtune/helper/helper.h" |
    tr 'A-Z' 'a-z'); do
    case ",${caps%+*}," in *",cap_$c,"*) ;; *) fail "caps lack cap_$c, which the helper keeps" ;; esac
done
post=$(ls "$T"/func.pkg_postinst* 2>/dev/null | head -n 1)
if [ -z "$post" ]; then
    fail 'no pkg_postinst:${PN}'
elif ! grep -q 'setcap \${JTUNE_HELPER_CAPS} \$D\${libexecdir}/jtune/jtune-helper' "$post"; then
    fail 'pkg_postinst does not setcap ${JTUNE_HELPER_CAPS} $D${libexecdir}/jtune/jtune-helper'
fi
grep -q 'chown root:jtune ${D}${libexecdir}/jtune/jtune-helper' "$T"/func.do_install* ||
    fail "do_install:append does not give the helper to group jtune"
[ "$fails" -eq 0 ] && pass "capabilities $caps = README's setcap line, set in pkg_postinst"

# FILES against a real install
before=$fails
# always under DESTDIR: never into the real /usr
DESTDIR=$T/root cmake --install "$BUILD" --prefix /usr >"$T/install.log" 2>&1 </dev/null ||
    fail "cmake --install failed: $(tail -n 3 "$T/install.log")"
(cd "$T/root" 2>/dev/null && find . -type f | sed 's/^\.//' | sort) >"$T/installed"
[ -s "$T/installed" ] || fail "cmake --install installed nothing"
# /usr/... -> ${var}/... (longest prefix first)
map() {
    sed -e 's|^/usr/share/man/|${mandir}/|' -e 's|^/usr/share/doc/|${docdir}/|' \
        -e 's|^/usr/lib/systemd/system/|${systemd_system_unitdir}/|' \
        -e 's|^/lib/systemd/system/|${systemd_system_unitdir}/|' \
        -e 's|^/usr/lib/sysusers.d/|${nonarch_libdir}/sysusers.d/|' \
        -e 's|^/usr/lib/tmpfiles.d/|${nonarch_libdir}/tmpfiles.d/|' \
        -e 's|^/usr/share/|${datadir}/|' -e 's|^/usr/bin/|${bindir}/|' \
        -e 's|^/usr/sbin/|${sbindir}/|' -e 's|^/usr/libexec/|${libexecdir}/|' \
        -e 's|^/usr/include/|${includedir}/|' -e 's|^/usr/lib/|${libdir}/|' -e 's|^/etc/|${sysconfdir}/|'
}
map <"$T/installed" >"$T/mapped"
files=$(value 'FILES:${PN}')
[ -n "$files" ] || fail 'FILES:${PN} is not set'
doc='${mandir} ${docdir} ${infodir}' # FILES:${PN}-doc by default (bitbake.conf)
cuda_off=; case " $(value EXTRA_OECMAKE) " in *" -DJTUNE_CUDA=OFF "*) cuda_off=1 ;; esac
covered() { # PATH ENTRIES: PATH is an entry or lies under one
    p=$1
    shift
    for e in "$@"; do
        # shellcheck disable=SC2254
        case $p in "$e" | "$e"/*) return 0 ;; $e) return 0 ;; esac
    done
    return 1
}
n=0
while read -r f; do
    n=$((n + 1))
    [ -n "$cuda_off" ] && [ "$f" = '${bindir}/jtune-burn' ] && continue # CUDA burner: not built
    # shellcheck disable=SC2086
    covered "$f" $files $doc || fail "installed $f is in no package (FILES:\${PN})"
done <"$T/mapped"
for e in $files; do
    awk -v e="$e" '$0 == e || index($0, e "/") == 1 { found = 1 } END { exit !found }' "$T/mapped" ||
        fail "FILES:\${PN} entry $e matches nothing cmake installs"
done
for c in $(value 'CONFFILES:${PN}'); do
    grep -qxF "$c" "$T/mapped" || fail "CONFFILES entry $c is not installed"
done
[ "$fails" -eq "$before" ] && pass "FILES covers the $n files of cmake --install --prefix /usr, and no more"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "PASS (without bitbake: see config/yocto/README.md for what only bitbake checks)"
