/* SPDX-License-Identifier: MIT */
/* energy: power integrated over time (trapezoid rule on the monotonic clock).
 *
 * An EnergyAcc integrates one power series (mW at monotonic ns). Between two known
 * samples the power is taken as linear. Unknown samples are bridged: the segment from
 * the previous known sample to the next one is integrated as long as it is no longer
 * than max_gap_ns; a longer gap restarts the integration at the next known sample
 * (nothing is invented for the gap). Samples whose time does not move forward are
 * ignored. An optional window [from_ns, to_ns] clips the integral (segments are cut with
 * linear interpolation), which gives the energy, average and peak power between two
 * timestamps (per workload batch). Pure: time comes in the data.
 */
#ifndef JTUNE_CORE_ENERGY_H
#define JTUNE_CORE_ENERGY_H

#include <stdbool.h>
#include <stdint.h>

#include "jtune/core/sample.h"

typedef struct {
    int64_t max_gap_ns; /* longest segment bridged between two known samples */
    int64_t from_ns;    /* integration window (INT64_MIN..INT64_MAX: everything) */
    int64_t to_ns;
    bool have_last;  /* a sample (known or not) has been seen */
    int64_t last_ns; /* its time: later samples must be newer */
    bool have_prev;  /* a known sample starts the current segment */
    int64_t prev_ns;
    int64_t prev_mw;
    bool unknown_since_prev; /* unknown samples arrived since the previous known one */
    double mw_ns;            /* integral in mW x ns (1e-12 J) */
    int64_t covered_ns;      /* time the integral covers */
    Val peak_mw;             /* highest known sample inside the window */
    int64_t n_known;         /* known samples inside the window */
    int64_t n_bridged;       /* segments integrated across unknown samples */
    int64_t n_restarts;      /* gaps longer than max_gap_ns (integration restarted) */
    int64_t n_ignored;       /* samples dropped for non-increasing time */
} EnergyAcc;

/* The default bridge limit for a sampling interval: 10 intervals, but not above 5 s
 * unless 3 intervals are longer than that (a slow log still bridges one lost sample). */
int64_t energy_gap_limit_ns(int64_t interval_ns);

/* Start empty, integrating everything, bridging segments up to max_gap_ns. */
void energy_init(EnergyAcc *e, int64_t max_gap_ns);

/* Clip the integral to [from_ns, to_ns] (call before feeding). */
void energy_set_window(EnergyAcc *e, int64_t from_ns, int64_t to_ns);

/* Feed the power mw measured at monotonic time t_ns. */
void energy_add(EnergyAcc *e, int64_t t_ns, Val mw);

/* Energy so far in joules / watt-hours. */
double energy_j(const EnergyAcc *e);
double energy_wh(const EnergyAcc *e);

/* Seconds the integral covers (gaps and the time outside the window excluded). */
double energy_covered_s(const EnergyAcc *e);

/* Average power over the covered time in mW, unknown when nothing was covered. */
Val energy_avg_mw(const EnergyAcc *e);

/* Energy of every rail and of the board input, fed whole Samples. */
typedef struct {
    int n_rails;
    EnergyAcc rail[JT_MAX_RAILS]; /* indexed like Inventory.rails */
    EnergyAcc input;              /* Sample.input_mw */
} EnergyMeter;

/* One accumulator per rail of inv plus the input, all with max_gap_ns. */
void energy_meter_init(EnergyMeter *m, const Inventory *inv, int64_t max_gap_ns);

/* Clip every accumulator to [from_ns, to_ns]. */
void energy_meter_set_window(EnergyMeter *m, int64_t from_ns, int64_t to_ns);

/* Feed s (rails[i].mw and input_mw at s->mono_ns). */
void energy_meter_add(EnergyMeter *m, const Sample *s);

#endif
