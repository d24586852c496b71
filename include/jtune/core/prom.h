/* SPDX-License-Identifier: MIT */
/* prom: the Prometheus text exposition format (node_exporter textfile collector) for one
 * sample. Metric names follow Prometheus conventions (base units, _total for counters); every
 * series carries a `board` label so a fleet's boards stay apart. Unknown values are omitted,
 * never exported as zero. Pure: formats into a caller buffer. */
#ifndef JTUNE_CORE_PROM_H
#define JTUNE_CORE_PROM_H

#include "jtune/core/sample.h"

#include <stddef.h>

typedef struct {
    const double *rail_j; /* session energy per rail (indexed like inv->rails), or NULL */
    bool input_j_ok;
    double input_j;      /* session energy of the board input (or sum of rails) */
    const char *version; /* jtune version for jtune_build_info */
} PromExtra;

/* Format every metric of s into buf. Returns the length, or -ERANGE if buf is too small. */
int prom_format(const Inventory *inv, const Sample *s, const PromExtra *extra, char *buf,
                size_t bufsz);

/* Copy src into dst as a Prometheus label value (escape \, " and newline). Returns 0 or -ERANGE. */
int prom_label_escape(const char *src, char *dst, size_t dstsz);

#endif
