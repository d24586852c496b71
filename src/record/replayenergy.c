/* SPDX-License-Identifier: MIT */
/* replayenergy: session energy of a recording up to a row, from meters kept every
 * REPLAYENERGY_STEP rows (see the header). */
#include "jtune/record/replayenergy.h"

#include <errno.h>
#include <stdlib.h>

void replayenergy_init(ReplayEnergy *e, const Recording *rec, int64_t max_gap_ns) {
    *e = (ReplayEnergy){.rec = rec, .max_gap_ns = max_gap_ns};
}

void replayenergy_free(ReplayEnergy *e) {
    free(e->kept);
    e->kept = NULL;
    e->n_kept = e->cap = 0;
}

/* Feed rows [from, to) into m. */
static int feed(const Recording *rec, size_t from, size_t to, EnergyMeter *m) {
    Sample s;
    for (size_t i = from; i < to; i++) {
        int rc = recording_sample(rec, i, &s);
        if (rc < 0) {
            return rc;
        }
        energy_meter_add(m, &s);
    }
    return 0;
}

/* Make kept[0..k] valid. */
static int keep_upto(ReplayEnergy *e, size_t k) {
    if (k < e->n_kept) {
        return 0;
    }
    if (k >= e->cap) {
        size_t cap = e->cap ? e->cap : 8;
        while (cap <= k) {
            cap *= 2;
        }
        EnergyMeter *p = realloc(e->kept, cap * sizeof *p);
        if (!p) {
            return -ENOMEM;
        }
        e->kept = p;
        e->cap = cap;
    }
    if (e->n_kept == 0) {
        energy_meter_init(&e->kept[0], &e->rec->meta.inv, e->max_gap_ns);
        e->n_kept = 1;
    }
    while (e->n_kept <= k) {
        size_t j = e->n_kept;
        e->kept[j] = e->kept[j - 1];
        int rc = feed(e->rec, (j - 1) * REPLAYENERGY_STEP, j * REPLAYENERGY_STEP, &e->kept[j]);
        if (rc < 0) {
            return rc;
        }
        e->n_kept++;
    }
    return 0;
}

int replayenergy_before(ReplayEnergy *e, size_t row, EnergyMeter *out) {
    if (row > e->rec->n) {
        return -EINVAL;
    }
    size_t k = row / REPLAYENERGY_STEP;
    int rc = keep_upto(e, k);
    if (rc < 0) {
        return rc;
    }
    *out = e->kept[k];
    return feed(e->rec, k * REPLAYENERGY_STEP, row, out);
}
