/* SPDX-License-Identifier: MIT */
/* promsrc: metrics after every sample of a wrapped source. See promsrc.h. */
#include "jtune/app/uiwire/promsrc.h"

#include "jtune/record/promfile.h"
#include "jtune/core/energy.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct PromSource {
    UiSource inner;
    PromFile *pf;
    int64_t max_gap_ns;
    EnergyMeter energy; /* session energy for the counters */
    bool energy_ok;
    uint32_t generation;
    bool failing;
    char error[PATH_MAX + 64];
};

int promsrc_open(PromSource **out, UiSource inner, const char *path, int interval_ms, char *err,
                 size_t errsz) {
    *out = NULL;
    PromSource *ps = calloc(1, sizeof *ps);
    if (!ps) {
        snprintf(err, errsz, "out of memory");
        return -ENOMEM;
    }
    int rc = promfile_open(&ps->pf, path);
    if (rc == -EINVAL) {
        snprintf(err, errsz, "--prom-textfile '%s': the name must end in .prom", path);
    } else if (rc) {
        snprintf(err, errsz, "cannot write metrics '%s': %s", path, strerror(-rc));
    }
    if (rc) {
        free(ps);
        return rc;
    }
    ps->inner = inner;
    ps->max_gap_ns = energy_gap_limit_ns((int64_t)(interval_ms > 0 ? interval_ms : 1000) * 1000000);
    *out = ps;
    return 0;
}

static const Inventory *inventory(void *ctx) {
    PromSource *ps = ctx;
    return ps->inner.inventory(ps->inner.ctx);
}

static void export(PromSource *ps, const Sample *s) {
    const Inventory *inv = inventory(ps);
    if (!ps->energy_ok ||
        (inv->generation != ps->generation && inv->n_rails != ps->energy.n_rails)) {
        energy_meter_init(&ps->energy, inv, ps->max_gap_ns); /* first sample, or rails changed */
        ps->energy_ok = true;
    }
    ps->generation = inv->generation;
    energy_meter_add(&ps->energy, s);
    int rc = promfile_write(ps->pf, inv, s, &ps->energy);
    if (rc && !ps->failing) {
        snprintf(ps->error, sizeof ps->error, "cannot write metrics '%s': %s",
                 promfile_path(ps->pf), strerror(-rc));
    }
    ps->failing = rc != 0;
}

static int take(void *ctx, Sample *out) {
    PromSource *ps = ctx;
    int rc = ps->inner.take(ps->inner.ctx, out);
    if (rc >= 0) {
        export(ps, out);
    }
    return rc;
}

UiSource promsrc_source(PromSource *ps) {
    return (UiSource){.ctx = ps, .inventory = inventory, .take = take};
}

void promsrc_close(PromSource *ps) {
    if (!ps) {
        return;
    }
    if (ps->error[0]) {
        fprintf(stderr, "jtune: %s\n", ps->error);
    }
    promfile_close(ps->pf, true);
    free(ps);
}
