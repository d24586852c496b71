/* SPDX-License-Identifier: MIT */
/* batch: energy attributed to the phases of a workload run - the idle baseline before the
 * launch, start-up, every batch, the idle time between batches, the tail - from the board
 * input rail and from every other rail, integrated on the monotonic clock (core/energy.h).
 *
 * Phase boundaries are timestamps (a "jtune-batch begin K" line read at t, a per-batch
 * command that exited at t). Each phase is an energy window [begin, end]: the segment
 * between two samples that straddles a boundary is split by linear interpolation, so
 * batches shorter than the sampling interval still get their share. A phase is complete
 * once a sample at or after its end has arrived; it is then handed to the emit callback.
 * A boundary earlier than the newest sample counts at that sample's time. Pure: no I/O,
 * time comes in the data.
 */
#ifndef JTUNE_WORKLOAD_BATCH_H
#define JTUNE_WORKLOAD_BATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "jtune/core/energy.h"
#include "jtune/core/sample.h"
#include "jtune/workload/wstat.h"

typedef enum {
    PH_NONE,     /* no phase open */
    PH_BASELINE, /* before the launch: the board at rest */
    PH_SETUP,    /* launched, before the first batch (program start-up) */
    PH_BATCH,    /* inside batch K */
    PH_IDLE,     /* between batch K and K + 1 */
    PH_TAIL,     /* after the last batch until the workload exited */
} PhaseKind;

/* A share of the coverage below which a phase's energy is unknown. */
#define BATCH_MIN_COVERAGE_PCT 95

/* Energy and power of one series over one phase. */
typedef struct {
    Val energy_uj;      /* microjoules; unknown when under BATCH_MIN_COVERAGE_PCT covered */
    Val avg_mw;         /* energy / duration, unknown with the energy */
    Val peak_mw;        /* highest sample inside the phase (unknown when none fell inside) */
    int64_t covered_ns; /* time the integral covers */
} PhaseEnergy;

/* One finished phase. */
typedef struct {
    PhaseKind kind;
    int batch;        /* PH_BATCH: K; PH_IDLE: the batch before; otherwise 0 */
    bool interrupted; /* set by the run, not the meter: a batch cut short by a stop or a
                         failure; its energy counts in the run's total, not per batch */
    int64_t begin_ns, end_ns;
    int n_rails;
    PhaseEnergy input;              /* Sample.input_mw: the board input */
    PhaseEnergy rail[JT_MAX_RAILS]; /* indexed like Inventory.rails */
} PhaseRec;

/* Receives every finished phase, in order. */
typedef void (*BatchEmitFn)(void *user, const PhaseRec *rec);

#define BATCH_PENDING 8 /* ended phases awaiting their closing sample */

typedef struct {
    PhaseKind kind;
    int batch;
    int64_t begin_ns, end_ns;
    EnergyMeter em;
} BatchPhase;

typedef struct {
    int n_rails;
    int64_t max_gap_ns;
    BatchEmitFn emit;
    void *user;
    bool have_sample;
    int64_t last_sample_ns;
    bool known[JT_MAX_RAILS + 1]; /* last known point per series (input last) */
    int64_t known_ns[JT_MAX_RAILS + 1];
    int64_t known_mw[JT_MAX_RAILS + 1];
    bool open;
    BatchPhase cur;
    int n_pending;
    BatchPhase pending[BATCH_PENDING];
} BatchMeter;

/* Start with no phase open. Segments longer than max_gap_ns are not bridged (energy.h).
 * emit receives each finished phase (borrowed for the call). */
void batch_init(BatchMeter *m, const Inventory *inv, int64_t max_gap_ns, BatchEmitFn emit,
                void *user);

/* End the open phase at t_ns and open kind (PH_NONE: none) there; batch numbers it. */
void batch_switch(BatchMeter *m, PhaseKind kind, int batch, int64_t t_ns);

/* Feed one sample (input_mw and rail[i].mw at mono_ns). Finishes the phases it closes. */
void batch_add(BatchMeter *m, const Sample *s);

/* End everything at t_ns and emit what is pending with the coverage it has (the run is
 * over; no closing sample will come). */
void batch_finish(BatchMeter *m, int64_t t_ns);

/* The open phase (PH_NONE when none) and its batch number. */
PhaseKind batch_phase(const BatchMeter *m, int *batch);

/* "baseline", "setup", "batch", "idle", "tail", "none". */
const char *batch_phase_name(PhaseKind k);

/* ---- per-run totals ---- */

#define BATCH_HISTORY 32 /* J per batch of the last batches, for the UI */

typedef struct {
    int n_rails;
    int batches;                      /* batch phases finished */
    int batches_known;                /* ... with a known input energy */
    int interrupted;                  /* batches cut short (not in the statistics) */
    WStat j;                          /* J per batch (input) */
    WStat s;                          /* seconds per batch */
    WStat w;                          /* average W per batch */
    WStat net_j;                      /* J per batch minus baseline power x duration */
    double batch_j[JT_MAX_RAILS + 1]; /* energy of the known batches per rail (input last) */
    double idle_j;                    /* between batches (known phases) */
    int64_t idle_ns;
    double base_j; /* baseline */
    int64_t base_ns;
    double total_j;   /* input energy of every known phase */
    int64_t total_ns; /* and their time */
    bool have_span;
    int64_t first_ns, last_ns; /* begin of the first phase, end of the last */
    int hist_n;                /* J per batch history, oldest first */
    double hist_j[BATCH_HISTORY];
} BatchTotals;

/* Start empty for n_rails rails. */
void batch_totals_init(BatchTotals *t, int n_rails);

/* Fold a finished phase in. */
void batch_totals_add(BatchTotals *t, const PhaseRec *r);

/* Average input power of the baseline / between batches, unknown when none was measured. */
Val batch_totals_baseline_mw(const BatchTotals *t);
Val batch_totals_idle_mw(const BatchTotals *t);

/* Energy of rail i (i == n_rails: the input) over the phase in J; NaN when unknown. */
double batch_rec_j(const PhaseRec *r, int i);

#endif
