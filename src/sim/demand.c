/* SPDX-License-Identifier: MIT */
/* demand: parse and format the workload demand file (see demand.h). */
#include "jtune/sim/demand.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A percentage word: 0..100, decimals allowed. */
static bool parse_pct(StrView w, double *out) {
    char buf[32];
    if (strview_copy(w, buf, sizeof buf) < 0) {
        return false;
    }
    char *end;
    errno = 0;
    double d = strtod(buf, &end);
    if (end == buf || *end || errno || !isfinite(d) || d < 0 || d > 100) {
        return false;
    }
    *out = d;
    return true;
}

static bool parse_line(const char *line, size_t n, SimDemand *d) {
    StrView w[4];
    size_t nw = 0;
    if (parse_words(line, n, w, 4, &nw) < 0) {
        return false;
    }
    double pct;
    if (nw == 3 && strview_eq(w[0], "cpu")) {
        uint64_t mask = 0;
        if (parse_cpulist(w[1].p, w[1].n, &mask) < 0 || mask == 0 || !parse_pct(w[2], &pct)) {
            return false;
        }
        for (int c = 0; c < SIMDEMAND_MAX_CPUS; c++) {
            if (mask & (UINT64_C(1) << c)) {
                d->cpu_pct[c] = pct;
            }
        }
        return true;
    }
    if (nw == 2 && (strview_eq(w[0], "gpu") || strview_eq(w[0], "emc")) && parse_pct(w[1], &pct)) {
        *(strview_eq(w[0], "gpu") ? &d->gpu_pct : &d->emc_pct) = pct;
        return true;
    }
    return false;
}

int simdemand_parse(const char *text, SimDemand *d, int *bad_line) {
    memset(d, 0, sizeof *d);
    int bad = 0;
    int lineno = 0;
    if (bad_line) {
        *bad_line = 0;
    }
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        const char *hash = memchr(p, '#', n);
        size_t keep = hash ? (size_t)(hash - p) : n;
        lineno++;
        StrView v = parse_first_line(p, keep);
        if (v.n > 0 && !parse_line(v.p, v.n, d)) {
            if (bad++ == 0 && bad_line) {
                *bad_line = lineno;
            }
        }
        p = nl ? nl + 1 : p + n;
    }
    return bad;
}

int simdemand_format(const SimDemand *d, int n_cpus, char *out, size_t outsz) {
    size_t used = 0;
    bool done[SIMDEMAND_MAX_CPUS] = {false};
    if (outsz == 0) {
        return -ERANGE;
    }
    out[0] = '\0';
    n_cpus = n_cpus > SIMDEMAND_MAX_CPUS ? SIMDEMAND_MAX_CPUS : n_cpus;
    for (int c = 0; c < n_cpus; c++) {
        if (done[c] || d->cpu_pct[c] <= 0) {
            continue;
        }
        uint64_t mask = 0;
        for (int k = c; k < n_cpus; k++) {
            if (!done[k] && d->cpu_pct[k] == d->cpu_pct[c]) {
                mask |= UINT64_C(1) << k;
                done[k] = true;
            }
        }
        char list[128];
        if (format_cpulist(mask, list, sizeof list) < 0) {
            return -ERANGE;
        }
        int w = snprintf(out + used, outsz - used, "cpu %s %g\n", list, d->cpu_pct[c]);
        if (w < 0 || (size_t)w >= outsz - used) {
            return -ERANGE;
        }
        used += (size_t)w;
    }
    const char *names[2] = {"gpu", "emc"};
    const double vals[2] = {d->gpu_pct, d->emc_pct};
    for (int i = 0; i < 2; i++) {
        if (vals[i] <= 0) {
            continue;
        }
        int w = snprintf(out + used, outsz - used, "%s %g\n", names[i], vals[i]);
        if (w < 0 || (size_t)w >= outsz - used) {
            return -ERANGE;
        }
        used += (size_t)w;
    }
    return (int)used;
}
