/* SPDX-License-Identifier: MIT */
/* ring: fixed-capacity history of Samples (UI graphs, replay windows).
 *
 * The storage is allocated once by ring_init(); pushing never allocates: when the ring
 * is full a push overwrites the oldest sample. Samples are plain data (no pointers), so
 * a slot is filled by copy or in place (ring_push_slot).
 */
#ifndef JTUNE_CORE_RING_H
#define JTUNE_CORE_RING_H

#include <stddef.h>

#include "jtune/core/sample.h"

typedef struct {
    Sample *slot;    /* capacity slots (owned) */
    size_t cap;      /* capacity, fixed at init */
    size_t head;     /* index of the slot the next push fills */
    size_t len;      /* valid samples, 0..cap */
    uint64_t pushed; /* samples pushed since init or the last clear */
} SampleRing;

/* Allocate room for capacity samples (>= 1). 0, -EINVAL or -ENOMEM. */
int ring_init(SampleRing *r, size_t capacity);

/* Free the storage; the ring becomes empty with capacity 0. NULL-safe. */
void ring_free(SampleRing *r);

/* Forget every sample (keeps the storage). */
void ring_clear(SampleRing *r);

/* Copy s in as the newest sample, overwriting the oldest when full. */
void ring_push(SampleRing *r, const Sample *s);

/* The slot the next sample goes into, already counted as the newest; the caller fills
 * it in place (saves a copy per sample). Its old content is unspecified. */
Sample *ring_push_slot(SampleRing *r);

/* The i-th newest sample (0 = newest), or NULL when i >= ring_len(). */
const Sample *ring_newest(const SampleRing *r, size_t i);

/* The i-th oldest sample (0 = oldest kept), or NULL when i >= ring_len(). */
const Sample *ring_oldest(const SampleRing *r, size_t i);

/* Number of samples held. */
size_t ring_len(const SampleRing *r);

/* Capacity fixed at init. */
size_t ring_cap(const SampleRing *r);

#endif
