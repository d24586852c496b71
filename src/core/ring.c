/* SPDX-License-Identifier: MIT */
/* ring: fixed-capacity Sample history; all allocation happens in ring_init. */
#include "jtune/core/ring.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int ring_init(SampleRing *r, size_t capacity) {
    memset(r, 0, sizeof *r);
    if (capacity == 0 || capacity > SIZE_MAX / sizeof(Sample)) {
        return -EINVAL;
    }
    r->slot = calloc(capacity, sizeof(Sample));
    if (!r->slot) {
        return -ENOMEM;
    }
    r->cap = capacity;
    return 0;
}

void ring_free(SampleRing *r) {
    if (!r) {
        return;
    }
    free(r->slot);
    memset(r, 0, sizeof *r);
}

void ring_clear(SampleRing *r) {
    r->head = 0;
    r->len = 0;
    r->pushed = 0;
}

Sample *ring_push_slot(SampleRing *r) {
    Sample *s = &r->slot[r->head];
    r->head = r->head + 1 == r->cap ? 0 : r->head + 1;
    if (r->len < r->cap) {
        r->len++;
    }
    r->pushed++;
    return s;
}

void ring_push(SampleRing *r, const Sample *s) {
    memcpy(ring_push_slot(r), s, sizeof *s);
}

const Sample *ring_newest(const SampleRing *r, size_t i) {
    if (i >= r->len) {
        return NULL;
    }
    /* head is one past the newest; step back i + 1 slots modulo cap */
    size_t back = i + 1;
    size_t idx = r->head >= back ? r->head - back : r->head + r->cap - back;
    return &r->slot[idx];
}

const Sample *ring_oldest(const SampleRing *r, size_t i) {
    if (i >= r->len) {
        return NULL;
    }
    return ring_newest(r, r->len - 1 - i);
}

size_t ring_len(const SampleRing *r) {
    return r->len;
}

size_t ring_cap(const SampleRing *r) {
    return r->cap;
}
