/* SPDX-License-Identifier: MIT */
/* knobstate: the board as profiles and the audit see it (a ProfBoard).
 *
 * The sampler already knows most of it (inventory: tables, governors, idle states, radios,
 * nvpmodel modes; sample: current limits, governors, online cores, idle states, fan, radios,
 * the nvpmodel mode). This adds what the sampler does not read: the USB devices and their
 * runtime PM control (sys/bus/usb/devices/<dev>/power/control), transparent hugepages
 * (sys/kernel/mm/transparent_hugepage/enabled), the vm sysctls (proc/sys/vm), and what each
 * nvpmodel mode would set (etc/nvpmodel.conf through core/nvpconf), rounded into the tables
 * the way the kernel rounds a write.
 *
 * Cold path (applying a profile, the audit page): reads files once, may allocate.
 */
#ifndef JTUNE_PLATFORM_JETSON_KNOBSTATE_H
#define JTUNE_PLATFORM_JETSON_KNOBSTATE_H

#include "jtune/core/nvpconf.h"
#include "jtune/core/profplan.h"
#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stddef.h>

/* Fill out from inv (borrowed: it must outlive out) and cur (copied) plus the files above.
 * Missing files leave their fields unknown. 0, or -ENOMEM. */
int knobstate_read(Sysfs *fs, const Inventory *inv, const Sample *cur, ProfBoard *out);

/* "always [madvise] never" -> the offered modes (bit per ProfThp) and the selected one.
 * A plain word (a simulated tree holds the word written) selects it and offers nothing
 * known (*choices 0). 0, or -EINVAL when no known word is found. Pure. */
int knobstate_parse_thp(const char *text, size_t len, unsigned *choices, int *current);

#endif
