/* SPDX-License-Identifier: MIT */
/* summary: the end-of-run report of a recording - min/avg/max of the key metrics (board
 * input, every rail, the hottest zones, CPU and GPU load and clocks, EMC, memory) and the
 * energy of every rail and of the input in J and Wh. Fed sample by sample; formats into a
 * caller buffer. Pure: time comes from Sample.mono_ns.
 */
#ifndef JTUNE_CORE_SUMMARY_H
#define JTUNE_CORE_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "jtune/core/energy.h"
#include "jtune/core/sample.h"
#include "jtune/core/schema.h"
#include "jtune/core/stats.h"

#define SUMMARY_MAX_METRICS 64
#define SUMMARY_HOT_ZONES   4 /* zones listed, hottest (by session max) first */

typedef struct {
    const Schema *sc; /* borrowed: must outlive the summary */
    int n_metrics;
    int col[SUMMARY_MAX_METRICS]; /* schema column of each metric */
    Stats stats;
    EnergyMeter energy;
    char rail_label[JT_MAX_RAILS][JT_NAME];
    int interval_ms;
    int64_t n_samples;
    int64_t first_ns; /* mono_ns of the first and last sample */
    int64_t last_ns;
} RunSummary;

/* Track the key metrics of sc (built from inv); energy gaps longer than
 * energy_gap_limit_ns(interval) restart the integration. 0 or -ENOMEM. */
int summary_init(RunSummary *r, const Inventory *inv, const Schema *sc, int interval_ms);

/* Release the storage. NULL-safe. */
void summary_free(RunSummary *r);

/* Account for one sample. */
void summary_add(RunSummary *r, const Sample *s);

/* Seconds between the first and the last sample (0 with fewer than two). */
double summary_duration_s(const RunSummary *r);

/* The report: a header line, one line per metric with min/avg/max and unit ("n/a" when
 * never known), then energy per rail and input in J and Wh with the average power.
 * Returns the length or -ENOSPC (the text is cut then). */
int summary_format(const RunSummary *r, char *buf, size_t n);

#endif
