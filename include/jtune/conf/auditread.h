/* SPDX-License-Identifier: MIT */
/* auditread: gather the low-power audit's evidence under the root (see core/audit.h).
 *
 * Read (root-relative, all world-readable on a board except the debugfs lock):
 *   etc/systemd/system/default.target          link: the boot target
 *   etc/systemd/system/display-manager.service link: the display manager
 *   etc/systemd/system/<*.wants>/<unit>          enabled units (cups, avahi-daemon, ...)
 *   etc/systemd/journald.conf, journald.conf.d/ Storage=, SystemMaxUse=
 *   etc/NetworkManager/NetworkManager.conf, usr/lib/NetworkManager/conf.d/NAME.conf,
 *   etc/NetworkManager/conf.d/NAME.conf          [connection] wifi.powersave (last one wins)
 *   sys/class/net/<wired>/device/power/wakeup  "enabled" while Wake-on-LAN is armed (r8169
 *                                              sets the device's wakeup flag with WoL)
 *   proc/mounts                                the root filesystem's options
 *   sys/module/usbcore/parameters/autosuspend  seconds before a USB device may suspend; -1
 *                                              turns USB autosuspend off for every device
 *   sys/kernel/debug/bpmp/debug/clk/emc/mrq_rate_locked   jetson_clocks' EMC lock
 * Cold path; missing files leave their evidence unknown (the item becomes n/a), never an
 * error.
 */
#ifndef JTUNE_CONF_AUDITREAD_H
#define JTUNE_CONF_AUDITREAD_H

#include "jtune/core/audit.h"
#include "jtune/platform/sysfs.h"

#include <stddef.h>

/* Fill every field of e except e->b (left as it was). Always 0. */
int auditread_collect(Sysfs *fs, AuditEvidence *e);

/* The last "wifi.powersave" of a [connection] section in NetworkManager conf text, or -1.
 * Pure. */
int auditread_parse_nm(const char *text);

/* Storage= and SystemMaxUse= of journald conf text into e (later files override). Pure. */
void auditread_parse_journald(const char *text, AuditEvidence *e);

#endif
