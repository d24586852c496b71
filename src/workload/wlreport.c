/* SPDX-License-Identifier: MIT */
/* wlreport: per-batch CSV and run summary text (see wlreport.h). */
#include "jtune/workload/wlreport.h"

#include "jtune/core/boardtotal.h"
#include "jtune/core/textbuf.h"

#include "jtune/core/schema.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *buf;
    size_t n, len;
    bool full;
} Out;

static void put(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(Out *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    textbuf_vappend(o->buf, o->n, &o->len, &o->full, fmt, ap);
    va_end(ap);
}

static int done(const Out *o) {
    return o->full ? -ENOSPC : (int)o->len;
}

/* A Val scaled by 10^dec, or nothing when unknown, after a comma. */
static void field(Out *o, Val v, int dec) {
    char num[32];
    if (v.ok) {
        schema_format_num(v.v, dec, num);
        put(o, ",%s", num);
    } else {
        put(o, ",");
    }
}

int wlreport_csv_header(const WlDef *d, const Inventory *inv, const char *version, char *buf,
                        size_t n) {
    Out o = {buf, n, 0, false};
    char cmd[WORDS_BUF * 2];
    if (words_format(&d->command, cmd, sizeof cmd) < 0) {
        snprintf(cmd, sizeof cmd, "%s ...", words_get(&d->command, 0));
    }
    put(&o, "# jtune: %s\n# workload: %s\n# command: %s\n# batches: %d\n", version, d->name, cmd,
        d->batches);
    put(&o, "# model: %s\n", inv->id.model[0] ? inv->id.model : "unknown");
    put(&o, "batch,start_s,dur_ms,energy_mj,avg_mw,peak_mw,net_mj,interrupted");
    for (int i = 0; i < inv->n_rails && i < JT_MAX_RAILS; i++) {
        char label[SCHEMA_NAME];
        schema_sanitize(inv->rails[i].label, label, sizeof label);
        put(&o, ",rail_%s_mj,rail_%s_avg_mw,rail_%s_peak_mw", label, label, label);
    }
    put(&o, "\n");
    return done(&o);
}

int wlreport_csv_row(const PhaseRec *r, int64_t begin_ns, Val baseline_mw, char *buf, size_t n) {
    if (r->kind != PH_BATCH) {
        return 0;
    }
    Out o = {buf, n, 0, false};
    int64_t dur = r->end_ns - r->begin_ns;
    put(&o, "%d", r->batch);
    field(&o, val_of((r->begin_ns - begin_ns) / 1000000), 3); /* s, ms resolution */
    field(&o, val_of(dur / 1000), 3);                         /* ms, us resolution */
    field(&o, r->input.energy_uj, 3);
    field(&o, r->input.avg_mw, 0);
    field(&o, r->input.peak_mw, 0);
    Val net = val_na();
    if (r->input.energy_uj.ok && baseline_mw.ok) {
        net = val_of(r->input.energy_uj.v - llround((double)baseline_mw.v * (double)dur * 1e-6));
    }
    field(&o, net, 3);
    put(&o, ",%d", r->interrupted ? 1 : 0);
    for (int i = 0; i < r->n_rails; i++) {
        field(&o, r->rail[i].energy_uj, 3);
        field(&o, r->rail[i].avg_mw, 0);
        field(&o, r->rail[i].peak_mw, 0);
    }
    put(&o, "\n");
    return done(&o);
}

const char *wlreport_mean_ci(double mean, double ci, int64_t count, int decimals, char *out,
                             size_t outsz) {
    if (count <= 0 || !isfinite(mean)) {
        snprintf(out, outsz, "n/a");
    } else if (!isfinite(ci)) {
        snprintf(out, outsz, "%.*f", decimals, mean);
    } else {
        snprintf(out, outsz, "%.*f \xc2\xb1 %.*f", decimals, mean, decimals, ci);
    }
    return out;
}

/* One statistics line: label, mean ± CI, sd, min, max. */
static void stat_line(Out *o, const char *label, const WStat *s, int dec, const char *unit) {
    char mc[64];
    wlreport_mean_ci(s->mean, wstat_ci95(s), s->n, dec, mc, sizeof mc);
    put(o, "  %-14s %-22s %s", label, mc, unit);
    if (s->n >= 2) {
        put(o, "  (sd %.*f, min %.*f, max %.*f)", dec, wstat_sd(s), dec, s->min, dec, s->max);
    }
    put(o, "\n");
}

static void power_line(Out *o, const char *label, Val mw, double s) {
    if (mw.ok) {
        put(o, "  %-14s %.3f W over %.1f s\n", label, (double)mw.v / 1000.0, s);
    } else {
        put(o, "  %-14s n/a\n", label);
    }
}

int wlreport_summary(const WlDef *d, const BatchTotals *t, const Inventory *inv, char *buf,
                     size_t n) {
    Out o = {buf, n, 0, false};
    double span = t->have_span ? (double)(t->last_ns - t->first_ns) / 1e9 : 0;
    put(&o, "jtune: workload %s: %d of %d batches in %.1f s", d->name, t->batches, d->batches,
        span);
    if (t->interrupted) {
        put(&o, " (%d cut short, not counted)", t->interrupted);
    }
    put(&o, "\n");
    put(&o, "  per batch      mean \xc2\xb1 95%% CI\n");
    stat_line(&o, "energy", &t->j, 3, "J");
    stat_line(&o, "net energy", &t->net_j, 3, "J");
    stat_line(&o, "time", &t->s, 3, "s");
    stat_line(&o, "power", &t->w, 3, "W");
    power_line(&o, "baseline", batch_totals_baseline_mw(t), (double)t->base_ns / 1e9);
    power_line(&o, "idle between", batch_totals_idle_mw(t), (double)t->idle_ns / 1e9);
    if (t->batches_known) {
        put(&o, "  energy of the batches per rail:");
        for (int i = 0; i < t->n_rails && i < JT_MAX_RAILS; i++) {
            put(&o, " %s %.3f J%s", inv->rails[i].label, t->batch_j[i],
                i + 1 < t->n_rails ? "," : "");
        }
        char how[JT_MAX_RAILS * (JT_NAME + 3) + 32];
        put(&o, "%sboard total = %s: %.3f J\n", t->n_rails ? "; " : " ",
            boardtotal_describe(inv, how, sizeof how), t->batch_j[t->n_rails]);
    }
    put(&o, "  whole run      %.3f J over %.1f s\n", t->total_j, (double)t->total_ns / 1e9);
    return done(&o);
}
