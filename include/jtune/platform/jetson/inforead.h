/* SPDX-License-Identifier: MIT */
/* inforead: gather the board information page's facts under the root (see core/sysinfo.h).
 *
 * Read (root-relative):
 *   identity as identity.h reads it; sys/firmware/devicetree/base/serial-number;
 *   proc/sys/kernel/osrelease (else the release in proc/version), proc/sys/kernel/hostname
 *   (else etc/hostname); usr/local/cuda/version.json or version.txt; var/lib/dpkg/status;
 *   proc/uptime; statvfs of the root directory itself.
 * Addresses: on the real "/" getifaddrs(3) (the kernel's own list). getifaddrs is not
 * root-relative, so under any other --root the files there stand in: proc/net/fib_trie's
 * LOCAL host entries matched to an interface through proc/net/route, and proc/net/if_inet6.
 * Cold path (once per call); a missing file leaves its field unknown, never an error.
 */
#ifndef JTUNE_PLATFORM_JETSON_INFOREAD_H
#define JTUNE_PLATFORM_JETSON_INFOREAD_H

#include "jtune/core/sysinfo.h"
#include "jtune/platform/sysfs.h"

/* Fill si (cleared first). 0, or -ENOMEM. */
int inforead_collect(Sysfs *fs, SysInfo *si);

#endif
