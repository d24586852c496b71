#!/bin/sh
# SPDX-License-Identifier: MIT
# profile_install: "cmake --install" puts every shipped profile (one folder per board family)
# where jtune looks for it, and the boot-time unit (naming jtune by its installed path) where
# systemd looks for it.
set -eu
build=${1:?usage: install.sh BUILD_DIR}
src=${JTUNE_SOURCE_DIR:?}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT INT TERM HUP

fail() {
    echo "profile_install: $*" >&2
    exit 1
}

DESTDIR=$dest cmake --install "$build" --prefix /usr >/dev/null
bindir=/usr/bin

n=0
for f in "$src"/config/profiles/*/*.ini; do
    rel=${f#"$src"/config/profiles/}
    cmp -s "$f" "$dest/usr/share/jtune/profiles/$rel" || fail "not installed: profiles/$rel"
    n=$((n + 1))
done
[ "$n" -ge 18 ] || fail "only $n profiles shipped (cruise, burst, stock for 6 families)"

# systemd's unit directory (pkg-config systemd) or, without it, lib/systemd/system
unit=$(find "$dest" -path '*/systemd/system/jtune-profile@.service' | head -n 1)
[ -n "$unit" ] && [ -f "$unit" ] || fail "not installed: jtune-profile@.service"
# The unit names jtune at the absolute path it is installed at.
for line in 'Type=oneshot' 'RemainAfterExit=yes' "ExecStart=$bindir/jtune --apply-profile %i" \
    "ExecStop=$bindir/jtune --restore" 'WantedBy=multi-user.target'; do
    grep -qxF "$line" "$unit" || fail "the unit lacks '$line'"
done
! grep -q '@[A-Z_]*@' "$unit" || fail "the unit keeps an unconfigured placeholder"
# Everything else is the source template, line for line.
sed -e "s|@JTUNE_BINDIR_FULL@|$bindir|g" "$src/config/systemd/jtune-profile@.service.in" |
    cmp -s - "$unit" || fail "the installed unit differs from its template"
echo "profile_install: $n profiles and jtune-profile@.service installed"
