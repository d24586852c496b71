/* SPDX-License-Identifier: MIT */
/* nvpmodel: the power mode table and the active mode, read from files (no subprocess).
 *
 * Names come from etc/nvpmodel.conf (NVIDIA's syntax, parsed by core/nvpconf: "< POWER_MODEL
 * ID=n NAME=s >" and "< PM_CONFIG DEFAULT=n >"); the active mode from var/lib/nvpmodel/status
 * ("pmode:0001"), which overrides the default. Without a status file the board runs the conf's
 * default mode (nvpmodel writes the file on its first change).
 */
#ifndef JTUNE_PLATFORM_JETSON_NVPMODEL_H
#define JTUNE_PLATFORM_JETSON_NVPMODEL_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    AttrId status;
} NvpAttrs;

/* Fill inv->nvp from the conf (present = false when it is missing or has no mode). 0. */
int nvpmodel_probe(Sysfs *fs, Inventory *inv, NvpAttrs *a);

/* The active mode id into out->nvp_mode. No allocation. */
void nvpmodel_read(Sysfs *fs, const Inventory *inv, const NvpAttrs *a, Sample *out);

/* Mode id from a status text ("pmode:0001 fmode:..." -> 1). 0 or -EINVAL. Pure. */
int nvpmodel_parse_status(const char *text, size_t len, int64_t *id);

#endif
