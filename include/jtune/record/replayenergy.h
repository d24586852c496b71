/* SPDX-License-Identifier: MIT */
/* replayenergy: the session energy of a recording up to any row, as the monitor integrates
 * it when it plays the recording from the start - so that a seek or a step back keeps the
 * session totals (energy, average power) of every row before the play head.
 *
 * Meters are kept every REPLAYENERGY_STEP rows as they are first needed: the first seek far
 * ahead decodes the rows up to it once, every later one decodes fewer than
 * REPLAYENERGY_STEP rows. */
#ifndef JTUNE_RECORD_REPLAYENERGY_H
#define JTUNE_RECORD_REPLAYENERGY_H

#include "jtune/record/recording.h"
#include "jtune/core/energy.h"

#include <stddef.h>
#include <stdint.h>

#define REPLAYENERGY_STEP 2048

typedef struct {
    const Recording *rec; /* borrowed */
    int64_t max_gap_ns;   /* the viewer's bridge limit (energy_gap_limit_ns of its interval) */
    EnergyMeter *kept;    /* kept[k]: the meter after rows [0, k * REPLAYENERGY_STEP) */
    size_t n_kept;
    size_t cap;
} ReplayEnergy;

/* Start with no meter kept yet; nothing is decoded or allocated here. */
void replayenergy_init(ReplayEnergy *e, const Recording *rec, int64_t max_gap_ns);

/* The meter after feeding rows [0, row) (row <= rec->n) into out. 0, or -errno (-ENOMEM,
 * -EINVAL for a row past the end or a row that does not decode). */
int replayenergy_before(ReplayEnergy *e, size_t row, EnergyMeter *out);

/* Free the kept meters. */
void replayenergy_free(ReplayEnergy *e);

#endif
