/* SPDX-License-Identifier: MIT */
/* stats: session and sliding-window min/avg/max with unknown values skipped. */
#include "jtune/core/stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

StatAcc stats_acc_empty(void) {
    return (StatAcc){0, INT64_MAX, INT64_MIN, 0.0};
}

void stats_acc_add(StatAcc *a, Val v) {
    if (!v.ok) {
        return;
    }
    a->count++;
    a->sum += (double)v.v;
    if (v.v < a->min) {
        a->min = v.v;
    }
    if (v.v > a->max) {
        a->max = v.v;
    }
}

double stats_acc_mean(const StatAcc *a) {
    return a->count ? a->sum / (double)a->count : 0.0;
}

Val stats_acc_avg(const StatAcc *a) {
    if (a->count == 0) {
        return val_na();
    }
    return val_of((int64_t)llround(stats_acc_mean(a)));
}

Val stats_acc_min(const StatAcc *a) {
    return a->count ? val_of(a->min) : val_na();
}

Val stats_acc_max(const StatAcc *a) {
    return a->count ? val_of(a->max) : val_na();
}

int stats_init(Stats *st, int n_metrics, int window) {
    memset(st, 0, sizeof *st);
    if (n_metrics < 1 || window < 1 ||
        (size_t)window > SIZE_MAX / sizeof(Val) / (size_t)n_metrics) {
        return -EINVAL;
    }
    st->col = malloc((size_t)n_metrics * sizeof *st->col);
    st->session = malloc((size_t)n_metrics * sizeof *st->session);
    st->win = malloc((size_t)n_metrics * (size_t)window * sizeof *st->win);
    if (!st->col || !st->session || !st->win) {
        stats_free(st);
        return -ENOMEM;
    }
    st->n_metrics = n_metrics;
    st->window = window;
    for (int m = 0; m < n_metrics; m++) {
        st->col[m] = -1;
    }
    stats_reset(st);
    return 0;
}

void stats_free(Stats *st) {
    if (!st) {
        return;
    }
    free(st->col);
    free(st->session);
    free(st->win);
    memset(st, 0, sizeof *st);
}

void stats_reset(Stats *st) {
    for (int m = 0; m < st->n_metrics; m++) {
        st->session[m] = stats_acc_empty();
    }
    st->head = 0;
    st->filled = 0;
    st->pushes = 0;
}

void stats_track(Stats *st, int m, int col) {
    if (m >= 0 && m < st->n_metrics) {
        st->col[m] = col;
    }
}

/* The window slot the next push fills, advancing the ring. */
static Val *next_slot(Stats *st) {
    Val *slot = &st->win[(size_t)st->head * (size_t)st->n_metrics];
    st->head = st->head + 1 == st->window ? 0 : st->head + 1;
    if (st->filled < st->window) {
        st->filled++;
    }
    st->pushes++;
    return slot;
}

void stats_push(Stats *st, const Val *vals) {
    Val *slot = next_slot(st);
    for (int m = 0; m < st->n_metrics; m++) {
        slot[m] = vals[m];
        stats_acc_add(&st->session[m], vals[m]);
    }
}

void stats_push_sample(Stats *st, const Schema *sc, const Sample *s) {
    Val *slot = next_slot(st);
    for (int m = 0; m < st->n_metrics; m++) {
        int c = st->col[m];
        Val v = (c >= 0 && c < sc->n) ? schema_get(&sc->col[c], s) : val_na();
        slot[m] = v;
        stats_acc_add(&st->session[m], v);
    }
}

const StatAcc *stats_session(const Stats *st, int m) {
    return &st->session[m];
}

StatAcc stats_window(const Stats *st, int m) {
    StatAcc a = stats_acc_empty();
    for (int i = 0; i < st->filled; i++) {
        stats_acc_add(&a, st->win[(size_t)i * (size_t)st->n_metrics + (size_t)m]);
    }
    return a;
}
