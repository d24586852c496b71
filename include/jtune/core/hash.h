/* SPDX-License-Identifier: MIT */
/* hash: an FNV-1a fold (64 bits, a word at a time) for signatures of what was painted or
 * parsed last time; the values are not FNV-1a's and not stable across builds or hosts. */
#ifndef JTUNE_CORE_HASH_H
#define JTUNE_CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The FNV-1a offset basis: where a fold starts. */
#define HASH_SEED 14695981039346656037ULL

/* Fold n bytes at p into h; returns the new hash. */
uint64_t hash_fold(uint64_t h, const void *p, size_t n);

#endif
