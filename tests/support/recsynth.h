/* SPDX-License-Identifier: MIT */
/* recsynth: a Recording made in memory from synthetic Samples, as jtune writes a CSV log,
 * for tests of replay and of what reads recordings. Test-only code. */
#ifndef JTUNE_TEST_RECSYNTH_H
#define JTUNE_TEST_RECSYNTH_H

#include "jtune/record/recording.h"
#include "jtune/core/sample.h"

/* Row k's fields into s (cleared before, seq = k); the time fields are the filler's. */
typedef void (*RecSynthFill)(int k, Sample *s, void *ctx);

/* A CSV recording (interval 1000 ms, version 0.1.0) of n rows on inv, parsed back as
 * name. Fails the running test on any error; free with recording_free. */
Recording *recsynth_csv(const Inventory *inv, int n, RecSynthFill fill, void *ctx,
                        const char *name);

#endif
