/* SPDX-License-Identifier: MIT */
/* hash: FNV-1a, 64 bits, eight bytes a step. */
#include "jtune/core/hash.h"

#include <string.h>

#define FNV_PRIME 0x100000001b3ULL

uint64_t hash_fold(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (; n >= 8; b += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, b, sizeof w);
        h = (h ^ w) * FNV_PRIME;
        h ^= h >> 29; /* each step a bijection: one changed word always changes h */
    }
    for (; n > 0; b++, n--) {
        h = (h ^ *b) * FNV_PRIME;
    }
    return h;
}
