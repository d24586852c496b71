/* SPDX-License-Identifier: MIT */
/* ui_synth: a synthetic Orin Nano Super inventory and samples for UI tests (no sysfs). */
#ifndef JTUNE_TEST_UI_SYNTH_H
#define JTUNE_TEST_UI_SYNTH_H

#include "jtune/core/sample.h"

#include <stdint.h>

/* Fill inv like an Orin Nano Super on JetPack 6.2: 6 cores in 2 clusters, GPU, EMC,
 * 3 rails (VDD_IN input), 9 zones (cv0..2 power-gated), 2 idle states, fan, 2 radios,
 * 3 nvpmodel modes. */
void uisynth_inventory(Inventory *inv);

/* A plausible sample number seq (values move with seq), at mono time seq * interval.
 * cv0..2 temperatures and the EMC rate are unknown, as without root. */
void uisynth_sample(const Inventory *inv, uint64_t seq, int interval_ms, Sample *s);

#endif
