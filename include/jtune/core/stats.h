/* SPDX-License-Identifier: MIT */
/* stats: min / avg / max per metric over the whole session and over a sliding window.
 *
 * Values are fed sample by sample as Vals; unknown values are skipped (they count
 * neither as zero nor towards the number of samples). The window is the last
 * `window` pushes (known or not), so an unknown value ages out like any other.
 * Storage is allocated once at init; pushing never allocates.
 */
#ifndef JTUNE_CORE_STATS_H
#define JTUNE_CORE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "jtune/core/sample.h"
#include "jtune/core/schema.h"

/* A running summary of known values. Everything is undefined while count == 0. */
typedef struct {
    int64_t count; /* known values seen */
    int64_t min;
    int64_t max;
    double sum;
} StatAcc;

/* The empty summary. */
StatAcc stats_acc_empty(void);

/* Fold v into a (skipped when unknown). */
void stats_acc_add(StatAcc *a, Val v);

/* Mean of the known values, or unknown (ok = false) when there were none. The mean is
 * rounded to the nearest integer in the metric's own scale. */
Val stats_acc_avg(const StatAcc *a);

/* min / max as Vals (unknown when count == 0). */
Val stats_acc_min(const StatAcc *a);
Val stats_acc_max(const StatAcc *a);

/* Mean as a double (0 when count == 0: check count first). */
double stats_acc_mean(const StatAcc *a);

typedef struct {
    int n_metrics;
    int window;       /* window length in pushes (>= 1) */
    int *col;         /* schema column per metric (stats_track); -1 when pushed raw */
    StatAcc *session; /* n_metrics running summaries since init/reset */
    Val *win;         /* window ring: win[slot * n_metrics + m] */
    int head;         /* slot the next push fills */
    int filled;       /* slots in use, 0..window */
    int64_t pushes;
} Stats;

/* Allocate for n_metrics metrics and a window of `window` pushes. 0, -EINVAL, -ENOMEM. */
int stats_init(Stats *st, int n_metrics, int window);

/* Free the storage. NULL-safe. */
void stats_free(Stats *st);

/* Forget every value (session and window). */
void stats_reset(Stats *st);

/* Make metric m read schema column col when fed whole Samples. */
void stats_track(Stats *st, int m, int col);

/* Feed one value per metric (vals[0..n_metrics)). */
void stats_push(Stats *st, const Val *vals);

/* Feed a Sample: metric m gets schema_get(&sc->col[st->col[m]], s) (unknown when the
 * metric tracks no column). */
void stats_push_sample(Stats *st, const Schema *sc, const Sample *s);

/* Session summary of metric m (borrowed). */
const StatAcc *stats_session(const Stats *st, int m);

/* Summary of metric m over the window (computed on demand, O(window)). */
StatAcc stats_window(const Stats *st, int m);

#endif
