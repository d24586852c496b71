/* SPDX-License-Identifier: MIT */
/* emc: external memory controller clock, utilisation and nvpmodel cap.
 *
 * Rate: debugfs BPMP clk/emc/rate (Orin, Xavier), else the legacy common-clock debugfs
 * (Nano: clk/override.emc/clk_rate, clk/emc/clk_rate). debugfs is root-only: without root
 * the rate is unknown and Inventory.emc.rate_errno keeps why (EACCES; ENOENT without
 * debugfs). Utilisation: cactmon (JP6, debugfs) or actmon (JP5/JP4) mc_all, scaled with
 * jtop's convention util% = mc_all / rate_kHz. Cap: JP6 nvpmodel_clk_cap/emc or JP5
 * nvpmodel_emc_cap/emc_iso_cap.
 */
#ifndef JTUNE_PLATFORM_JETSON_EMC_H
#define JTUNE_PLATFORM_JETSON_EMC_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stdint.h>

typedef struct {
    AttrId rate, util, cap;
} EmcAttrs;

/* Fill inv->emc and register what is readable. Always 0. */
int emc_probe(Sysfs *fs, Inventory *inv, EmcAttrs *a);

/* Read out->emc. No allocation. */
void emc_read(Sysfs *fs, const Inventory *inv, const EmcAttrs *a, Sample *out);

/* Utilisation in tenths of a percent (0..1000) from an actmon mc_all value and the EMC
 * rate in Hz; -1 when rate_hz < 1000 or mc_all < 0. Pure. */
int64_t emc_util_pct10(int64_t mc_all, int64_t rate_hz);

#endif
