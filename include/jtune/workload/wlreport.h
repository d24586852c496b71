/* SPDX-License-Identifier: MIT */
/* wlreport: the text of a workload run - the per-batch CSV and the end-of-run summary.
 *
 * Per-batch CSV: "# key: value" lines (jtune version, workload, command, batches, board),
 * one header row, then one row per batch:
 *   batch,start_s,dur_ms,energy_mj,avg_mw,peak_mw,net_mj,interrupted,
 *   rail_<LABEL>_mj,rail_<LABEL>_avg_mw,rail_<LABEL>_peak_mw   (for every rail)
 * energy_mj/avg_mw/peak_mw are the board input; start_s counts from the start of the run
 * (the baseline); net_mj is the energy minus the baseline power over the batch; an unknown
 * value is an empty field. Pure: formats into caller buffers.
 */
#ifndef JTUNE_WORKLOAD_WLREPORT_H
#define JTUNE_WORKLOAD_WLREPORT_H

#include <stddef.h>
#include <stdint.h>

#include "jtune/core/sample.h"
#include "jtune/workload/batch.h"
#include "jtune/workload/wlconf.h"

/* Bytes that always suffice for a header or a row. */
#define WLREPORT_LINE_MAX 8192

/* The metadata lines and the header row. Returns the length or -ENOSPC. */
int wlreport_csv_header(const WlDef *d, const Inventory *inv, const char *version, char *buf,
                        size_t n);

/* One row for a finished batch phase (other phases: 0, nothing written). begin_ns is the
 * start of the run; baseline_mw the baseline power (unknown: net_mj empty). Returns the
 * length, 0, or -ENOSPC. */
int wlreport_csv_row(const PhaseRec *r, int64_t begin_ns, Val baseline_mw, char *buf, size_t n);

/* The summary: batches, J/batch, net J/batch, s/batch and W/batch with 95 % confidence
 * intervals, baseline and idle power, energy per rail, totals. Returns the length or
 * -ENOSPC (cut). */
int wlreport_summary(const WlDef *d, const BatchTotals *t, const Inventory *inv, char *buf,
                     size_t n);

/* "12.345 ± 0.067" for a mean and its CI half-width ("12.345" alone when the CI is
 * unknown, "n/a" when there is no mean), decimals after the point; returns out. */
const char *wlreport_mean_ci(double mean, double ci, int64_t count, int decimals, char *out,
                             size_t outsz);

#endif
