/* SPDX-License-Identifier: MIT */
/* summary: key-metric statistics and energy of a run, and their text report. */
#include "jtune/core/summary.h"
#include "jtune/core/textbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void track(RunSummary *r, int col) {
    if (col >= 0 && r->n_metrics < SUMMARY_MAX_METRICS) {
        r->col[r->n_metrics++] = col;
    }
}

/* The key columns, in report order. */
static void pick_metrics(RunSummary *r, const Inventory *inv) {
    const Schema *sc = r->sc;
    track(r, schema_find_field(sc, SF_INPUT_MW, -1, -1));
    for (int i = 0; i < inv->n_rails && i < JT_MAX_RAILS; i++) {
        track(r, schema_find_field(sc, SF_RAIL_MW, i, -1));
    }
    for (int z = 0; z < inv->n_zones && z < JT_MAX_ZONES; z++) {
        track(r, schema_find_field(sc, SF_ZONE_MC, z, -1));
    }
    track(r, schema_find_field(sc, SF_CPU_TOTAL_LOAD, -1, -1));
    for (int p = 0; p < inv->cpu.n_policies && p < JT_MAX_POLICIES; p++) {
        /* every core of a cluster runs at the policy's clock: its first core stands for it */
        track(r, schema_find_field(sc, SF_CPU_FREQ, inv->cpu.policies[p].first_cpu, -1));
    }
    track(r, schema_find_field(sc, SF_GPU_LOAD, -1, -1));
    track(r, schema_find_field(sc, SF_GPU_FREQ, -1, -1));
    track(r, schema_find_field(sc, SF_EMC_UTIL, -1, -1));
    track(r, schema_find_field(sc, SF_EMC_FREQ, -1, -1));
    track(r, schema_find_field(sc, SF_MEM_USED, -1, -1));
    track(r, schema_find_field(sc, SF_FAN_RPM, -1, -1));
}

/* The rail's unique column label ("rail_NC_2_mw" -> "NC_2"): two "NC" channels differ. */
static void rail_label(RunSummary *r, const Inventory *inv, int i) {
    int c = schema_find_field(r->sc, SF_RAIL_MW, i, -1);
    const char *name = c >= 0 ? r->sc->col[c].name : NULL;
    size_t n = name ? strlen(name) : 0;
    if (n > 8 && strncmp(name, "rail_", 5) == 0 && strcmp(name + n - 3, "_mw") == 0) {
        snprintf(r->rail_label[i], sizeof r->rail_label[i], "%.*s", (int)(n - 8), name + 5);
    } else {
        snprintf(r->rail_label[i], sizeof r->rail_label[i], "%s", inv->rails[i].label);
    }
}

int summary_init(RunSummary *r, const Inventory *inv, const Schema *sc, int interval_ms) {
    memset(r, 0, sizeof *r);
    r->sc = sc;
    r->interval_ms = interval_ms;
    pick_metrics(r, inv);
    int rc = stats_init(&r->stats, r->n_metrics ? r->n_metrics : 1, 1);
    if (rc) {
        return rc;
    }
    for (int m = 0; m < r->n_metrics; m++) {
        stats_track(&r->stats, m, r->col[m]);
    }
    energy_meter_init(&r->energy, inv, energy_gap_limit_ns((int64_t)interval_ms * 1000000));
    for (int i = 0; i < inv->n_rails && i < JT_MAX_RAILS; i++) {
        rail_label(r, inv, i);
    }
    return 0;
}

void summary_free(RunSummary *r) {
    if (r) {
        stats_free(&r->stats);
    }
}

void summary_add(RunSummary *r, const Sample *s) {
    stats_push_sample(&r->stats, r->sc, s);
    energy_meter_add(&r->energy, s);
    if (r->n_samples == 0) {
        r->first_ns = s->mono_ns;
    }
    r->last_ns = s->mono_ns;
    r->n_samples++;
}

double summary_duration_s(const RunSummary *r) {
    return r->n_samples > 1 ? (double)(r->last_ns - r->first_ns) / 1e9 : 0.0;
}

typedef struct {
    char *p;
    size_t cap;
    size_t len;
    bool full;
} Txt;

static void txt(Txt *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void txt(Txt *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    textbuf_vappend(t->p, t->cap, &t->len, &t->full, fmt, ap);
    va_end(ap);
}

static const char *num(Val v, int decimals, char *b) {
    if (!v.ok) {
        return "n/a";
    }
    schema_format_num(v.v, decimals, b);
    return b;
}

static void metric_line(Txt *t, const RunSummary *r, int m) {
    const SchemaCol *c = &r->sc->col[r->col[m]];
    const StatAcc *a = stats_session(&r->stats, m);
    char b1[32], b2[32], b3[32];
    txt(t, "  %-28s %14s %14s %14s  %s\n", c->name, num(stats_acc_min(a), c->decimals, b1),
        num(stats_acc_avg(a), c->decimals, b2), num(stats_acc_max(a), c->decimals, b3), c->unit);
}

/* Zones are listed hottest first (session max), at most SUMMARY_HOT_ZONES of them. */
static void zone_lines(Txt *t, const RunSummary *r) {
    bool used[SUMMARY_MAX_METRICS] = {false};
    for (int k = 0; k < SUMMARY_HOT_ZONES; k++) {
        int best = -1;
        for (int m = 0; m < r->n_metrics; m++) {
            const StatAcc *a = stats_session(&r->stats, m);
            if (used[m] || r->sc->col[r->col[m]].group != SG_ZONE || a->count == 0) {
                continue;
            }
            if (best < 0 || a->max > stats_session(&r->stats, best)->max) {
                best = m;
            }
        }
        if (best < 0) {
            return;
        }
        used[best] = true;
        metric_line(t, r, best);
    }
}

static void energy_line(Txt *t, const char *label, const EnergyAcc *e) {
    Val avg = energy_avg_mw(e);
    char gaps[32] = "";
    if (e->n_restarts) {
        snprintf(gaps, sizeof gaps, "  (%lld gaps)", (long long)e->n_restarts);
    }
    if (!avg.ok) {
        txt(t, "  %-28s %14s %14s %10s\n", label, "n/a", "n/a", "n/a");
        return;
    }
    txt(t, "  %-28s %14.3f %14.6f %10.3f%s\n", label, energy_j(e), energy_wh(e),
        (double)avg.v / 1000.0, gaps);
}

int summary_format(const RunSummary *r, char *buf, size_t n) {
    if (n == 0) {
        return -ENOSPC;
    }
    Txt t = {buf, n, 0, false};
    buf[0] = '\0';
    txt(&t, "jtune: %lld samples over %.3f s (interval %d ms)\n", (long long)r->n_samples,
        summary_duration_s(r), r->interval_ms);
    txt(&t, "  %-28s %14s %14s %14s  %s\n", "metric", "min", "avg", "max", "unit");
    for (int m = 0; m < r->n_metrics; m++) {
        if (r->sc->col[r->col[m]].group != SG_ZONE) {
            metric_line(&t, r, m);
        }
        if (m + 1 < r->n_metrics && r->sc->col[r->col[m + 1]].group == SG_ZONE &&
            r->sc->col[r->col[m]].group != SG_ZONE) {
            zone_lines(&t, r);
        }
    }
    txt(&t, "  %-28s %14s %14s %10s\n", "energy", "J", "Wh", "avg W");
    for (int i = 0; i < r->energy.n_rails; i++) {
        energy_line(&t, r->rail_label[i], &r->energy.rail[i]);
    }
    energy_line(&t, "board_total", &r->energy.input);
    return t.full ? -ENOSPC : (int)t.len;
}
