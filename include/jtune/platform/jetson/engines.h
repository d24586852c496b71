/* SPDX-License-Identifier: MIT */
/* engines: the fixed-function engines (VIC, NVDEC, NVJPG, NVJPG1, OFA, NVENC, DLA0/1, PVA0).
 *
 * Found as host1x devfreq nodes in sys/class/devfreq (15340000.vic, 15480000.nvdec,
 * 15380000.nvjpg, 15540000.nvjpg, 15a50000.ofa, 154c0000.nvenc, ...; a second node of the
 * same kind gets a "1" suffix, so the second nvjpg is NVJPG1). Boards without engine
 * devfreq nodes (JetPack 4) and DLA/PVA (no devfreq) use debugfs clocks
 * sys/kernel/debug/clk/<clk>/{clk_rate,clk_enable_count} (root only).
 *
 * "off" (EngineSample.on = 0), the first rule that can be evaluated wins:
 *   1. the engine's device runtime PM status (power/runtime_status) is "suspended";
 *   2. its debugfs clock enable count is 0 (root only);
 *   3. devfreq only: the clock sits at the lowest frequency of its table (host1x devfreq
 *      drops an idle engine to its floor; tegrastats prints such an engine as "off").
 */
#ifndef JTUNE_PLATFORM_JETSON_ENGINES_H
#define JTUNE_PLATFORM_JETSON_ENGINES_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stdint.h>

typedef struct {
    AttrId freq[JT_MAX_ENGINES];
    AttrId runtime[JT_MAX_ENGINES];   /* device power/runtime_status, -1 when none */
    AttrId enable[JT_MAX_ENGINES];    /* debugfs clk_enable_count, -1 when unreadable */
    int64_t floor_hz[JT_MAX_ENGINES]; /* lowest devfreq frequency, -1 unknown */
} EngineAttrs;

/* Fill inv->engines / n_engines (the GPU's devfreq node is skipped). Always 0. */
int engines_probe(Sysfs *fs, Inventory *inv, EngineAttrs *a);

/* Read out->engine[]. No allocation. */
void engines_read(Sysfs *fs, const Inventory *inv, const EngineAttrs *a, Sample *out);

/* Engine name of a devfreq node ("15340000.vic" -> "VIC", "15880000.nvdla0" -> "DLA0"),
 * or NULL when the node is not an engine. Pure. */
const char *engines_name_of(const char *devfreq_name);

#endif
