/* SPDX-License-Identifier: MIT */
/* gpu: the integrated GPU's devfreq node and device files.
 *
 * Probe: scan sys/class/devfreq for a known GPU node name (17000000.gpu JP6,
 * 17000000.ga10b JP5 Orin, 17000000.gv11b Xavier, 17000000.gp10b TX2, 57000000.gpu Nano)
 * or a device/of_node/name in {gpu, ga10b, gv11b, gp10b}; resolve its device directory
 * (load, railgate_enable, tpc_pg_mask, enable_3d_scaling), falling back to the gpu.0
 * aliases (JP6 sys/devices/platform/gpu.0, JP5 sys/devices/gpu.0). A GPU that has not
 * registered with devfreq yet (early boot) is simply absent until a rescan finds it.
 */
#ifndef JTUNE_PLATFORM_JETSON_GPU_H
#define JTUNE_PLATFORM_JETSON_GPU_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stdbool.h>

typedef struct {
    AttrId cur, min, max, gov;
    AttrId load, railgate, tpc, scale3d;
} GpuAttrs;

/* Fill inv->gpu (present = false when there is no GPU node). Always 0. */
int gpu_probe(Sysfs *fs, Inventory *inv, GpuAttrs *a);

/* Read out->gpu. No allocation. */
void gpu_read(Sysfs *fs, const Inventory *inv, const GpuAttrs *a, Sample *out);

/* True when a devfreq node name is one of the known GPU names. Pure. */
bool gpu_is_known_name(const char *devfreq_name);

#endif
