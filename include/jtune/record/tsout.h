/* SPDX-License-Identifier: MIT */
/* tsout: samples as tegrastats lines (JetPack 6 style, core/tegrastats.h formats them) with
 * each rail's running session average, as tegrastats prints "cur/avg". The average covers
 * the lines printed so far, so it can be checked from the output alone. */
#ifndef JTUNE_RECORD_TSOUT_H
#define JTUNE_RECORD_TSOUT_H

#include "jtune/core/sample.h"
#include "jtune/core/stats.h"

#include <stdbool.h>
#include <stddef.h>

#define TSOUT_LINE 4096 /* always enough for one line */

typedef struct {
    StatAcc rail[JT_MAX_RAILS]; /* power of each rail over the lines printed */
    long lines;
} TsOut;

/* Start a session (no averages yet). */
void tsout_init(TsOut *t);

/* False while the sample cannot be written faithfully: tegrastats has no way to say
 * "unknown", so a sample whose CPU load is not known yet (the first one: load needs two
 * readings) is not printed rather than printed as 0%. */
bool tsout_ready(const Inventory *inv, const Sample *s);

/* Fold s into the averages and format its line (with '\n') into buf. Returns the length,
 * or -ERANGE when buf is too small (TSOUT_LINE always suffices). */
int tsout_format(TsOut *t, const Inventory *inv, const Sample *s, char *buf, size_t n);

#endif
