/* SPDX-License-Identifier: MIT */
/* synth: synthetic Inventories and Samples for unit tests of the sample pipeline
 * (schema, log formats, statistics). Test-only code. */
#ifndef JTUNE_TEST_SYNTH_H
#define JTUNE_TEST_SYNTH_H

#include "jtune/core/sample.h"

/* An Orin Nano Super-like inventory: 6 cores in 2 clusters, GPU, EMC, 5 engines,
 * rails VDD_IN (input), VDD_CPU_GPU_CV, VDD_SOC plus two "NC" channels, 9 zones,
 * 2 idle states, hwmon fan, 2 radios, 4 nvpmodel modes. */
void synth_inventory(Inventory *inv);

/* Sample number k of a made-up run on inv: every field known with values that change
 * with k, except a few that are unknown on purpose (cv zones, EMC rate on odd k). */
void synth_sample(const Inventory *inv, int k, Sample *s);

#endif
