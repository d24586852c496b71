#!/bin/sh
# SPDX-License-Identifier: MIT
# The Debian package: built with CPack, checked by lintian (no error or warning), installed
# with apt-get in a fresh Debian 12 chroot, where `jtune --demo` must start (seen in tmux).
# Usage: package.sh [CHROOT_DIR] (made with debootstrap when absent).
set -eu
cd "$(dirname "$0")/.."
. .ci/chroot.sh
root=${1:-$(mktemp -d)/bookworm}
dir=build-deb
rm -rf "$dir"
cmake -S . -B "$dir" -DJTUNE_WERROR=ON -DJTUNE_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$dir" -j"$(nproc)" >"$dir.log" 2>&1 || { tail -n 40 "$dir.log"; exit 1; }
(cd "$dir" && cpack -G DEB >/dev/null)
deb=$(ls "$dir"/jtune_*_amd64.deb)
echo "package: $deb"
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Depends\):/  &/p'
lintian --tag-display-limit 0 "$deb" >"$dir/lintian.txt" 2>&1 || true
if grep -E '^[EW]: ' "$dir/lintian.txt"; then
    echo "package: lintian reports errors or warnings" >&2
    exit 1
fi
echo "package: lintian clean"

[ -x "$root/usr/bin/apt-get" ] || chroot_make "$root" bookworm tmux,procps,ca-certificates
cp "$deb" "$root/tmp/"
chroot_mount "$root"
trap 'chroot_umount "$root"' EXIT INT TERM HUP
chroot "$root" sh -ec "export DEBIAN_FRONTEND=noninteractive
    apt-get update >/dev/null
    apt-get install -y /tmp/${deb##*/} >/tmp/install.log 2>&1 || { tail -n 30 /tmp/install.log; exit 1; }"
# what the postinst set up
chroot "$root" sh -ec '
    getent group jtune >/dev/null
    getent passwd jtune-helper >/dev/null
    h=/usr/libexec/jtune/jtune-helper
    [ "$(stat -c "%a %U %G" "$h")" = "750 root jtune" ]
    getcap "$h" | grep -q cap_dac_override
    dpkg-query -W -f="\${Conffiles}\n" jtune | grep -q /etc/jtune/jtune.ini
    man -w jtune >/dev/null 2>&1 || [ -f /usr/share/man/man1/jtune.1.gz ]'
echo "package: installed; group, helper account, helper mode and capabilities, conffiles in place"
chroot "$root" sh -ec '
    tmux kill-server 2>/dev/null || true
    TERM=xterm-256color tmux new-session -d -s demo -x 120 -y 40 "LANG=C.UTF-8 jtune --demo"
    ok=0
    for i in $(seq 1 60); do
        sleep 0.5
        if tmux capture-pane -p -t demo | grep -q "Orin Nano"; then ok=1; break; fi
    done
    tmux capture-pane -p -t demo | head -n 12
    tmux send-keys -t demo q
    sleep 1
    tmux send-keys -t demo r 2>/dev/null || true
    sleep 1
    tmux kill-server 2>/dev/null || true
    [ "$ok" = 1 ]'
echo "package: jtune --demo runs from the installed package"
