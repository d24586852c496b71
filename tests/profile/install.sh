#!/bin/sh
# profile_install: "cmake --install" puts every shipped profile (one folder per board family)
# where jtune looks for it, and the boot-time unit where systemd looks for it, unchanged.
set -eu
build=${1:?usage: install.sh BUILD_DIR}
src=${JTUNE_SOURCE_DIR:?}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT INT TERM HUP

fail() {
    echo "profile_install: $*" >&2
    exit 1
}

cmake --install "$build" --prefix "$dest/usr" >/dev/null

n=0
for f in "$src"/config/profiles/*/*.ini; do
    rel=${f#"$src"/config/profiles/}
    cmp -s "$f" "$dest/usr/share/jtune/profiles/$rel" || fail "not installed: profiles/$rel"
    n=$((n + 1))
done
[ "$n" -ge 18 ] || fail "only $n profiles shipped (cruise, burst, stock for 6 families)"

unit="$dest/usr/lib/systemd/system/jtune-profile@.service"
cmp -s "$src/config/systemd/jtune-profile@.service" "$unit" || fail "not installed: $unit"
for line in 'Type=oneshot' 'RemainAfterExit=yes' 'ExecStart=jtune --apply-profile %i' \
    'ExecStop=jtune --restore' 'WantedBy=multi-user.target'; do
    grep -qxF "$line" "$unit" || fail "the unit lacks '$line'"
done
echo "profile_install: $n profiles and jtune-profile@.service installed"
