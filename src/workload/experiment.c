/* SPDX-License-Identifier: MIT */
/* experiment: A/B runs, pooled statistics, Welch's test, reports (see experiment.h). */
#include "jtune/workload/experiment.h"
#include "jtune/core/textbuf.h"

#include "jtune/workload/wlreport.h"
#include "jtune/workload/wlrun.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(ExpResult *res, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(ExpResult *res, int rc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->error, sizeof res->error, fmt, ap);
    va_end(ap);
    return rc;
}

/* One run of the workload on the side in force; its batches join the side. */
static int one_run(const ExpOpts *o, const Inventory *inv, ExpSide *side, int run, int idx,
                   ExpResult *res) {
    WlRunOpts ro = {.def = o->def,
                    .demand_file = o->demand_file,
                    .interval_ms = o->interval_ms,
                    .out_fd = -1,
                    .no_cgroup = o->no_cgroup};
    WlRun *r;
    char err[320];
    if (wlrun_create(&r, &ro, inv, err, sizeof err)) {
        return fail(res, -EINVAL, "%s", err);
    }
    WlLoop lp = {o->sampler, o->interval_ms, o->on_sample, o->user, o->stop};
    Sample *s = malloc(sizeof *s);
    int rc = s ? wlloop_run(r, &lp, s) : -ENOMEM;
    free(s);
    const BatchTotals *t = wlrun_totals(r);
    if (rc == 0 && !(o->stop && *o->stop)) {
        /* only whole runs count: a stopped run would bias its side */
        wstat_merge(&side->j, &t->j);
        wstat_merge(&side->s, &t->s);
        wstat_merge(&side->w, &t->w);
        wstat_merge(&side->net_j, &t->net_j);
        if (t->j.n > 0) {
            wstat_add(&side->run_j, t->j.mean);
        }
        side->runs++;
        if (o->on_run) {
            o->on_run(o->user, run, idx, t);
        }
    } else if (rc == -EIO) {
        fail(res, rc, "%s", wlrun_error(r));
    } else if (rc && rc != -ECANCELED) {
        fail(res, rc, "sampling failed: %s", strerror(-rc));
    } else if (rc) {
        fail(res, rc, "the sample log could not be written");
    }
    wlrun_destroy(r);
    return rc;
}

/* Apply a side, settle, run. 0, -EINTR when stopped, or -errno (res->error). */
static int side_run(const ExpOpts *o, const Inventory *inv, int run, int idx, ExpResult *res) {
    char err[320];
    int rc = o->tuner.apply(o->tuner.ctx, idx, err, sizeof err);
    if (rc < 0) {
        return fail(res, rc, "cannot apply side %c: %s", 'A' + idx, err);
    }
    Sample *s = malloc(sizeof *s);
    WlLoop lp = {o->sampler, o->interval_ms, o->on_sample, o->user, o->stop};
    rc = s ? wlloop_idle(&lp, o->settle_ms, s) : -ENOMEM;
    free(s);
    if (rc == -EINTR) {
        return rc;
    }
    if (rc < 0) {
        return fail(res, rc, "sampling failed: %s", strerror(-rc));
    }
    rc = one_run(o, inv, &res->side[idx], run, idx, res);
    return o->stop && *o->stop ? -EINTR : rc;
}

int experiment_run(const ExpOpts *o, const Inventory *inv, ExpResult *res) {
    memset(res, 0, sizeof res[0]);
    for (int i = 0; i < 2; i++) {
        wstat_init(&res->side[i].j);
        wstat_init(&res->side[i].s);
        wstat_init(&res->side[i].w);
        wstat_init(&res->side[i].net_j);
        wstat_init(&res->side[i].run_j);
    }
    int rc = 0;
    for (int run = 1; run <= o->repeats && rc == 0; run++) {
        for (int idx = 0; idx < 2 && rc == 0; idx++) {
            rc = side_run(o, inv, run, idx, res);
        }
    }
    res->stopped = rc == -EINTR;
    char err[320];
    int rr = o->tuner.restore(o->tuner.ctx, err, sizeof err);
    res->restored = rr == 0;
    if (rr < 0 && !res->error[0]) {
        fail(res, rr, "cannot restore the original settings: %s", err);
    }
    experiment_analyse(res, EXP_ALPHA);
    if (res->stopped) {
        return 0;
    }
    return rc < 0 ? rc : rr;
}

void experiment_analyse(ExpResult *r, double alpha) {
    const ExpSide *a = &r->side[0], *b = &r->side[1];
    wstat_welch(&a->j, &b->j, alpha, &r->j);
    wstat_welch(&a->s, &b->s, alpha, &r->s);
    wstat_welch(&a->w, &b->w, alpha, &r->w);
    wstat_welch(&a->net_j, &b->net_j, alpha, &r->net_j);
    wstat_welch(&a->run_j, &b->run_j, alpha, &r->run_j);
}

typedef struct {
    const char *name;  /* CSV */
    const char *label; /* table */
    const char *unit;
    size_t off;     /* offsetof(ExpSide, stat) */
    size_t woff;    /* offsetof(ExpResult, welch) */
    const char *na; /* the verdict without enough values */
} Metric;

#define NA_BATCHES "n/a (fewer than 2 batches)"

static const Metric metrics[] = {
    {"j_per_batch", "energy/batch", "J", offsetof(ExpSide, j), offsetof(ExpResult, j), NA_BATCHES},
    {"net_j_per_batch", "net energy", "J", offsetof(ExpSide, net_j), offsetof(ExpResult, net_j),
     NA_BATCHES},
    {"s_per_batch", "time/batch", "s", offsetof(ExpSide, s), offsetof(ExpResult, s), NA_BATCHES},
    {"avg_w", "power", "W", offsetof(ExpSide, w), offsetof(ExpResult, w), NA_BATCHES},
    {"j_per_batch_by_run", "energy (runs)", "J", offsetof(ExpSide, run_j),
     offsetof(ExpResult, run_j), "n/a (fewer than 2 runs)"},
};

#define N_METRICS (sizeof metrics / sizeof metrics[0])

static const WStat *stat_of(const ExpResult *r, int side, const Metric *m) {
    return (const WStat *)(const void *)((const char *)&r->side[side] + m->off);
}

static const WelchResult *welch_of(const ExpResult *r, const Metric *m) {
    return (const WelchResult *)(const void *)((const char *)r + m->woff);
}

static double ratio(const WStat *a, const WStat *b) {
    return a->n > 0 && b->n > 0 && a->mean != 0 ? b->mean / a->mean : NAN;
}

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

static const char *verdict(const WelchResult *w, const Metric *m) {
    if (isnan(w->p)) {
        return m->na;
    }
    return w->significant ? "significant" : "not significant";
}

int experiment_format_table(const ExpResult *r, const char *workload, const char *a, const char *b,
                            char *buf, size_t n) {
    Out o = {buf, n, 0, false};
    put(&o, "experiment: workload %s, %d+%d runs (A then B, alternating)%s\n", workload,
        r->side[0].runs, r->side[1].runs, r->stopped ? ", stopped early" : "");
    put(&o, "  A: %s\n  B: %s\n", a, b);
    /* the +/- sign is 2 bytes in UTF-8 but one column on screen: pad one byte more */
    put(&o, "  %-13s %-25s %-25s %7s %9s  %s\n", "per batch", "A (mean \xc2\xb1 95% CI)",
        "B (mean \xc2\xb1 95% CI)", "B/A", "p", "B vs A (Welch, alpha 0.05)");
    for (size_t i = 0; i < N_METRICS; i++) {
        const Metric *m = &metrics[i];
        const WStat *sa = stat_of(r, 0, m), *sb = stat_of(r, 1, m);
        char ca[48], cb[48], pa[64], pb[64], rt[16], pv[16];
        snprintf(pa, sizeof pa, "%s %s",
                 wlreport_mean_ci(sa->mean, wstat_ci95(sa), sa->n, 3, ca, sizeof ca), m->unit);
        snprintf(pb, sizeof pb, "%s %s",
                 wlreport_mean_ci(sb->mean, wstat_ci95(sb), sb->n, 3, cb, sizeof cb), m->unit);
        double q = ratio(sa, sb);
        snprintf(rt, sizeof rt, isnan(q) ? "n/a" : "%.3f", q);
        const WelchResult *w = welch_of(r, m);
        snprintf(pv, sizeof pv, isnan(w->p) ? "n/a" : "%.2g", w->p);
        put(&o, "  %-13s %-*s %-*s %7s %9s  %s\n", m->label, 24 + (strstr(pa, "\xc2") ? 1 : 0), pa,
            24 + (strstr(pb, "\xc2") ? 1 : 0), pb, rt, pv, verdict(w, m));
    }
    put(&o, "  batches       %-24lld %lld\n", (long long)r->side[0].j.n, (long long)r->side[1].j.n);
    return o.full ? -ENOSPC : (int)o.len;
}

/* A double for CSV: empty when unknown. */
static void num(Out *o, double v, bool comma) {
    if (isfinite(v)) {
        put(o, comma ? ",%.6g" : "%.6g", v);
    } else {
        put(o, comma ? "," : "");
    }
}

int experiment_format_csv(const ExpResult *r, char *buf, size_t n) {
    Out o = {buf, n, 0, false};
    put(&o, "metric,a_mean,a_ci95,a_n,b_mean,b_ci95,b_n,ratio_b_a,t,df,p,significant\n");
    for (size_t i = 0; i < N_METRICS; i++) {
        const Metric *m = &metrics[i];
        const WStat *sa = stat_of(r, 0, m), *sb = stat_of(r, 1, m);
        const WelchResult *w = welch_of(r, m);
        put(&o, "%s", m->name);
        num(&o, sa->n ? sa->mean : NAN, true);
        num(&o, wstat_ci95(sa), true);
        put(&o, ",%lld", (long long)sa->n);
        num(&o, sb->n ? sb->mean : NAN, true);
        num(&o, wstat_ci95(sb), true);
        put(&o, ",%lld", (long long)sb->n);
        num(&o, ratio(sa, sb), true);
        num(&o, w->t, true);
        num(&o, w->df, true);
        num(&o, w->p, true);
        put(&o, ",%s\n", isnan(w->p) ? "" : (w->significant ? "1" : "0"));
    }
    return o.full ? -ENOSPC : (int)o.len;
}
