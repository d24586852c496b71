/* SPDX-License-Identifier: MIT */
/* experiment: an A/B power experiment - the same workload under two sets of settings,
 * alternated ABAB... (drift in temperature or background load hits both sides alike), with
 * a settle time after every change, the original state restored at the end whatever
 * happens (a failure, the stop flag). Each side's statistics pool the batches of its runs:
 * mean J/batch, s/batch and W with 95 % confidence intervals, and Welch's t-test of B
 * against A (alpha 0.05); J/batch is also compared with each run's mean as one value (runs
 * as the unit: fewer values, but independent ones).
 *
 * Settings are changed through an ExpTuner (the helper in jtune; a fake in tests), so the
 * engine itself never writes to the board.
 */
#ifndef JTUNE_WORKLOAD_EXPERIMENT_H
#define JTUNE_WORKLOAD_EXPERIMENT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "jtune/platform/sampler.h"
#include "jtune/workload/wlconf.h"
#include "jtune/workload/wlloop.h"
#include "jtune/workload/wstat.h"

#define EXP_ALPHA 0.05

typedef struct {
    /* Put side (0: A, 1: B) in force, starting from the original state. 0 or -errno (err). */
    int (*apply)(void *ctx, int side, char *err, size_t errsz);
    /* Put the original state back. 0 or -errno (err). */
    int (*restore)(void *ctx, char *err, size_t errsz);
    void *ctx;
} ExpTuner;

typedef struct {
    const WlDef *def;
    int repeats;   /* runs per side (>= 1) */
    int settle_ms; /* after each change, before the run */
    int interval_ms;
    const char *demand_file; /* a simulated board's demand file, or NULL */
    bool no_cgroup;
    Sampler *sampler;
    ExpTuner tuner;
    WlSampleFn on_sample; /* every sample (a log), may be NULL */
    void *user;
    /* after every run (progress), may be NULL: run number 1.., side, its totals */
    void (*on_run)(void *user, int run, int side, const BatchTotals *t);
    volatile sig_atomic_t *stop; /* non-zero: stop, restore, report what was measured */
} ExpOpts;

typedef struct {
    WStat j;     /* J per batch (board input), every batch of the side's runs */
    WStat s;     /* seconds per batch */
    WStat w;     /* average W per batch */
    WStat net_j; /* J per batch above each run's baseline */
    WStat run_j; /* each complete run's mean J per batch: the run as the unit */
    int runs;    /* completed runs */
} ExpSide;

typedef struct {
    ExpSide side[2];
    WelchResult j, s, w, net_j, run_j; /* B against A */
    bool stopped;                      /* the stop flag ended it early */
    bool restored;                     /* the original state was put back */
    char error[400];                   /* why it failed ("" when it did not) */
} ExpResult;

/* Run the experiment (the caller has set up the sampler and the tuner). 0, or -errno with
 * res->error set; res holds what was measured either way, analysed. */
int experiment_run(const ExpOpts *o, const Inventory *inv, ExpResult *res);

/* Welch's tests of B against A for every metric. */
void experiment_analyse(ExpResult *r, double alpha);

/* The report as a table: per metric A and B mean +- 95 % CI, B/A, p and the verdict.
 * Returns the length or -ENOSPC. */
int experiment_format_table(const ExpResult *r, const char *workload, const char *a, const char *b,
                            char *buf, size_t n);

/* The report as CSV: a header row and one row per metric
 * (metric,a_mean,a_ci95,a_n,b_mean,b_ci95,b_n,ratio_b_a,t,df,p,significant). */
int experiment_format_csv(const ExpResult *r, char *buf, size_t n);

#endif
