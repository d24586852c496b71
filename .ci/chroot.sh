# SPDX-License-Identifier: MIT
# Shared by the chroot checks (sourced): make, enter and tear down a debootstrap chroot.
# chroot_make DIR SUITE [PACKAGES]: a minimal Debian SUITE in DIR (from the host's mirror).
chroot_make() {
    mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources \
        2>/dev/null | head -n 1)
    [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
    inc=${3:+--include=$3}
    debootstrap --variant=minbase $inc "$2" "$1" "$mirror" >"$1.log" 2>&1 || {
        tail -n 30 "$1.log"
        echo "debootstrap $2 failed" >&2
        return 1
    }
    cp /etc/resolv.conf "$1/etc/resolv.conf" 2>/dev/null || true
}
# chroot_mount DIR: /proc, /dev and /dev/pts inside (tmux and /proc/self need them).
chroot_mount() {
    mount -t proc proc "$1/proc"
    mount --rbind /dev "$1/dev"
    mount --make-rslave "$1/dev"
}
# chroot_umount DIR
chroot_umount() {
    umount -R "$1/dev" 2>/dev/null || umount -l "$1/dev" 2>/dev/null || true
    umount "$1/proc" 2>/dev/null || umount -l "$1/proc" 2>/dev/null || true
}
