/* SPDX-License-Identifier: MIT */
/* series: a ring of int32 points. */
#include "jtune/ui/series.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

int series_init(Series *s, int cap) {
    *s = (Series){0};
    if (cap < 1) {
        return -EINVAL;
    }
    s->cap = cap;
    return 0;
}

/* The storage, every point unknown, allocated at the first known point: false when that
 * allocation failed. */
static bool storage_get(Series *s) {
    if (s->v) {
        return true;
    }
    s->v = malloc((size_t)s->cap * sizeof *s->v);
    if (!s->v) {
        return false;
    }
    for (int i = 0; i < s->cap; i++) {
        s->v[i] = SERIES_NA;
    }
    return true;
}

void series_free(Series *s) {
    if (s) {
        free(s->v);
        *s = (Series){0};
    }
}

void series_clear(Series *s) {
    s->len = 0;
    s->head = 0;
    s->pushed = 0;
    s->gen++;
}

void series_push(Series *s, Val v) {
    if (s->cap == 0) {
        return;
    }
    if (v.ok && storage_get(s)) {
        s->v[s->head] = v.v > INT32_MAX    ? INT32_MAX
                        : v.v <= INT32_MIN ? INT32_MIN + 1
                                           : (int32_t)v.v;
    } else if (s->v) {
        s->v[s->head] = SERIES_NA;
    }
    s->head = (s->head + 1) % s->cap;
    if (s->len < s->cap) {
        s->len++;
    }
    s->pushed++;
}

Val series_get(const Series *s, int age) {
    if (age < 0 || age >= s->len) {
        return val_na();
    }
    if (!s->v) {
        return val_na();
    }
    int32_t x = s->v[(s->head - 1 - age + 2 * s->cap) % s->cap];
    return x == SERIES_NA ? val_na() : val_of(x);
}

Val series_max(const Series *s, int n) {
    Val best = val_na();
    for (int i = 0; i < n && i < s->len; i++) {
        Val v = series_get(s, i);
        if (v.ok && (!best.ok || v.v > best.v)) {
            best = v;
        }
    }
    return best;
}
