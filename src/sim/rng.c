/* SPDX-License-Identifier: MIT */
/* rng: a small seeded generator (splitmix64) - the simulator's only source of randomness. */
#include "sim_internal.h"

void rng_seed(Rng *r, uint64_t seed) {
    r->s = seed ^ UINT64_C(0x6a09e667f3bcc909);
}

uint64_t rng_next(Rng *r) {
    uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

double rng_unit(Rng *r) {
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double rng_sym(Rng *r) {
    return rng_unit(r) * 2.0 - 1.0;
}
