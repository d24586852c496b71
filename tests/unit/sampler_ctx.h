/* SPDX-License-Identifier: MIT */
/* Shared setup for the sampler tests: a fixture root, a sampler on it and a fake
 * monotonic clock that the test steps by hand (no sleeps, exact intervals). */
#ifndef JTUNE_TEST_SAMPLER_CTX_H
#define JTUNE_TEST_SAMPLER_CTX_H

#include <stdint.h>
#include <stdlib.h>

#include "fixture.h"
#include "jtune/platform/sampler.h"

typedef struct {
    Fixture fx;
    Sampler *s;
    int64_t now_ns;
    Sample a, b; /* two samples: previous and current */
} SCtx;

static inline int64_t sctx_clock(void *p) {
    return ((SCtx *)p)->now_ns;
}

/* Load tree (no sampler yet: the test may change the tree first). */
static inline SCtx *sctx_load(const char *tree) {
    SCtx *c = calloc(1, sizeof *c);
    assert_non_null(c);
    assert_int_equal(fixture_load(&c->fx, tree), 0);
    c->now_ns = 1000000000;
    return c;
}

/* Open a sampler with rescan_ms on the loaded tree and install the fake clock. */
static inline void sctx_open(SCtx *c, int rescan_ms, bool rails_only) {
    SamplerConfig cfg = {.rails_only = rails_only, .rescan_ms = rescan_ms};
    assert_int_equal(sampler_open(&c->s, c->fx.root, &cfg), 0);
    sampler_set_clock(c->s, sctx_clock, c);
}

/* Load tree and open a sampler on it. */
static inline SCtx *sctx_new(const char *tree, int rescan_ms, bool rails_only) {
    SCtx *c = sctx_load(tree);
    sctx_open(c, rescan_ms, rails_only);
    return c;
}

static inline void sctx_free(SCtx *c) {
    sampler_close(c->s);
    fixture_cleanup(&c->fx);
    free(c);
}

/* Advance the clock by ms and take a sample into c->b (the previous one moves to c->a). */
static inline void sctx_step(SCtx *c, int64_t ms) {
    c->a = c->b;
    c->now_ns += ms * 1000000;
    assert_int_equal(sampler_take(c->s, &c->b), 0);
}

/* The sampler's default settings period (SamplerConfig.settings_ms = 0): an outside change
 * to a setting (a governor, a cap, a switch) is seen at the first sample this long after
 * the last time settings were read. */
#define SCTX_SETTINGS_MS 5000

/* Step past the settings period, so that a setting changed in the tree is read. */
static inline void sctx_step_settings(SCtx *c) {
    sctx_step(c, SCTX_SETTINGS_MS);
}

static inline const Inventory *sctx_inv(SCtx *c) {
    return sampler_inventory(c->s);
}

/* Assert a Val is known and equals v. */
#define assert_val(x, want)                                                                        \
    do {                                                                                           \
        Val v_ = (x);                                                                              \
        assert_true(v_.ok);                                                                        \
        assert_int_equal(v_.v, (want));                                                            \
    } while (0)

#define assert_na(x) assert_false((x).ok)

#endif
