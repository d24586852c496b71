/* SPDX-License-Identifier: MIT */
/* tsout: tegrastats lines with running rail averages. See tsout.h. */
#include "jtune/record/tsout.h"

#include "jtune/core/tegrastats.h"

#include <errno.h>
#include <string.h>

void tsout_init(TsOut *t) {
    for (int i = 0; i < JT_MAX_RAILS; i++) {
        t->rail[i] = stats_acc_empty();
    }
    t->lines = 0;
}

bool tsout_ready(const Inventory *inv, const Sample *s) {
    for (int i = 0; i < inv->cpu.n_cpus; i++) {
        const CoreSample *c = &s->cpu[i];
        bool online = !c->online.ok || c->online.v != 0;
        if (online && !c->util_pct10.ok) {
            return false;
        }
    }
    return true;
}

int tsout_format(TsOut *t, const Inventory *inv, const Sample *s, char *buf, size_t n) {
    int64_t avg[JT_MAX_RAILS];
    for (int i = 0; i < inv->n_rails && i < JT_MAX_RAILS; i++) {
        stats_acc_add(&t->rail[i], s->rail[i].mw);
        Val a = stats_acc_avg(&t->rail[i]);
        avg[i] = a.ok ? a.v : 0; /* unused when the rail is unknown: it is not printed */
    }
    if (n < 2) {
        return -ERANGE;
    }
    int len = tegrastats_format(inv, s, avg, buf, n - 1);
    if (len < 0) {
        return len;
    }
    buf[len++] = '\n';
    buf[len] = '\0';
    t->lines++;
    return len;
}
