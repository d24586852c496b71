/* SPDX-License-Identifier: MIT */
/* series: compact history of one metric for the graphs (4 bytes a point).
 *
 * Why not a ring of whole Samples? A Sample is about 9 KB: ten minutes of history at 1 Hz
 * would be 5.5 MB, most of the UI's memory budget, to draw a dozen lines. The UI keeps one
 * small ring per graphed metric instead. Storage is allocated once, at the first known
 * point: a series that never holds one (a rail, core or zone the board lacks: the model keeps
 * a series for every slot) costs no memory. PURE.
 */
#ifndef JTUNE_UI_SERIES_H
#define JTUNE_UI_SERIES_H

#include "jtune/core/sample.h"

#include <stdint.h>

typedef struct {
    int32_t *v; /* cap points (owned), NULL until the first known point; SERIES_NA marks an
                   unknown point */
    int cap;
    int len;         /* points held, 0..cap */
    int head;        /* slot the next push fills */
    uint64_t pushed; /* points pushed since init */
    uint64_t gen;    /* bumped by series_clear: a point's index names it within one gen */
} Series;

#define SERIES_NA INT32_MIN

/* An empty series of cap points (>= 1); its storage waits for the first known point.
 * 0 or -EINVAL. */
int series_init(Series *s, int cap);

/* Free the storage. NULL-safe; the series becomes empty. */
void series_free(Series *s);

/* Forget every point (keeps the storage). */
void series_clear(Series *s);

/* Append v (values are clamped to the int32 range; unknown stays unknown). The first known
 * point allocates the storage; when that fails, the point is kept as unknown. */
void series_push(Series *s, Val v);

/* The point `age` samples old (0 = newest); unknown when age >= len. */
Val series_get(const Series *s, int age);

/* Largest known value among the newest n points; unknown when none. */
Val series_max(const Series *s, int n);

#endif
