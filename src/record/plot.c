/* SPDX-License-Identifier: MIT */
/* plot: charts of a recording, decimated, with batch markers. See plot.h. */
#include "jtune/record/plot.h"

#include "jtune/core/parse.h"
#include "jtune/core/schema.h"
#include "jtune/core/svgplot.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHARTS 16
#define MAX_DEFS   (MAX_CHARTS * SVGPLOT_MAX_SERIES)

static const char *const group_names[PLOT_GROUPS] = {"power", "temp", "cpu", "gpu",
                                                     "emc",   "fan",  "mem"};

typedef struct {
    double vmin, vmax, tmin, tmax, tany;
    bool rows, known;
} Bucket;

typedef struct {
    int col;      /* schema column */
    double scale; /* shown value = raw / 10^decimals x scale */
    char name[48];
    int chart;
    Bucket *b;
    double *t, *v; /* emitted points */
    size_t n;
} Def;

typedef struct {
    const char *title, *unit;
    bool known; /* a known value inside the window */
} Chart;

typedef struct {
    Schema *sc;
    Chart chart[MAX_CHARTS];
    int n_charts;
    Def def[MAX_DEFS];
    int n_defs;
    size_t nb;     /* buckets per series */
    bool direct;   /* one bucket per row */
    size_t i0, i1; /* rows in the window */
    double t0, t1; /* the window in s */
    char *notes;
    size_t notesz;
} Plan;

static void note(Plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(Plan *p, const char *fmt, ...) {
    size_t used = strlen(p->notes);
    if (used + 1 >= p->notesz) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->notes + used, p->notesz - used, fmt, ap);
    va_end(ap);
}

const char *plot_group_name(PlotGroup g) {
    return g < PLOT_GROUPS ? group_names[g] : "?";
}

int plot_parse_groups(const char *list, unsigned *groups, char *err, size_t errsz) {
    unsigned mask = 0;
    const char *s = list;
    for (;;) {
        size_t n = strcspn(s, ",");
        int found = -1;
        for (int g = 0; g < PLOT_GROUPS; g++) {
            if (strlen(group_names[g]) == n && strncmp(s, group_names[g], n) == 0) {
                found = g;
            }
        }
        if (found < 0) {
            snprintf(err, errsz,
                     "--metrics: unknown group '%.*s' (choose from power, temp, cpu, gpu, emc, "
                     "fan, mem)",
                     (int)(n > 40 ? 40 : n), s);
            return -EINVAL;
        }
        mask |= 1u << found;
        if (s[n] == '\0') {
            break;
        }
        s += n + 1;
    }
    *groups = mask;
    return 0;
}

/* ------------------------------------------------------------------ the plan */

static int add_chart(Plan *p, const char *title, const char *unit) {
    if (p->n_charts == MAX_CHARTS) {
        return -1;
    }
    p->chart[p->n_charts] = (Chart){.title = title, .unit = unit};
    return p->n_charts++;
}

static void add_series(Plan *p, int chart, SchemaField f, int index, double scale,
                       const char *name) {
    int col = schema_find_field(p->sc, f, index, -1);
    if (chart < 0 || col < 0) {
        return;
    }
    int in_chart = 0;
    for (int i = 0; i < p->n_defs; i++) {
        in_chart += p->def[i].chart == chart;
    }
    if (in_chart == SVGPLOT_MAX_SERIES) {
        note(p, "%s: only the first %d series are drawn; ", p->chart[chart].title,
             SVGPLOT_MAX_SERIES);
        return;
    }
    Def *d = &p->def[p->n_defs++];
    memset(d, 0, sizeof *d);
    d->col = col;
    d->scale = scale;
    d->chart = chart;
    snprintf(d->name, sizeof d->name, "%s", name);
}

static void plan_power(Plan *p, const Inventory *inv) {
    int c = add_chart(p, "Power", "W");
    for (int i = 0; i < inv->n_rails; i++) {
        add_series(p, c, SF_RAIL_MW, i, 1e-3, inv->rails[i].label);
    }
    if (inv->total.kind == TOTAL_SUM) {
        char name[40];
        snprintf(name, sizeof name, "board total (sum of %d rails)", inv->total.n);
        add_series(p, c, SF_INPUT_MW, -1, 1e-3, name);
    }
    /* a log imported from tegrastats: its own averages and (JetPack 7) maxima */
    static const struct {
        unsigned col;
        SchemaField f;
        const char *title;
    } extra[] = {{LOGCOL_RAIL_AVG, SF_RAIL_AVG, "Power, tegrastats average"},
                 {LOGCOL_RAIL_MAX, SF_RAIL_MAX, "Power, tegrastats maximum"}};
    for (size_t k = 0; k < sizeof extra / sizeof extra[0]; k++) {
        if (inv->log_cols & extra[k].col) {
            c = add_chart(p, extra[k].title, "W");
            for (int i = 0; i < inv->n_rails; i++) {
                add_series(p, c, extra[k].f, i, 1e-3, inv->rails[i].label);
            }
        }
    }
}

static void plan_temp(Plan *p, const Inventory *inv) {
    int c = add_chart(p, "Temperature",
                      "\xc2\xb0"
                      "C");
    for (int i = 0; i < inv->n_zones; i++) {
        add_series(p, c, SF_ZONE_MC, i, 1e-3,
                   inv->zones[i].name[0] ? inv->zones[i].name : inv->zones[i].type);
    }
    if (inv->log_cols & LOGCOL_ZONE_MAX) { /* JetPack 7 tegrastats: "cur/maxC" */
        c = add_chart(p, "Temperature, tegrastats maximum",
                      "\xc2\xb0"
                      "C");
        for (int i = 0; i < inv->n_zones; i++) {
            add_series(p, c, SF_ZONE_MAX, i, 1e-3,
                       inv->zones[i].name[0] ? inv->zones[i].name : inv->zones[i].type);
        }
    }
}

static void plan_cpu(Plan *p, const Inventory *inv) {
    char name[48];
    int c = add_chart(p, "CPU load", "%");
    add_series(p, c, SF_CPU_TOTAL_LOAD, -1, 1, "all cores");
    for (int i = 0; i < inv->cpu.n_cpus; i++) {
        snprintf(name, sizeof name, "cpu%d", i);
        add_series(p, c, SF_CPU_LOAD, i, 1, name);
    }
    c = add_chart(p, "CPU frequency", "MHz");
    for (int k = 0; k < inv->cpu.n_policies; k++) {
        const PolicyInfo *pi = &inv->cpu.policies[k];
        char list[32];
        if (format_cpulist(pi->cpus, list, sizeof list) < 0) {
            snprintf(list, sizeof list, "%d", pi->first_cpu);
        }
        snprintf(name, sizeof name, "cpu%s", list);
        add_series(p, c, SF_CPU_FREQ, pi->first_cpu, 1e-3, name);
    }
    if (inv->cpu.n_policies == 0) { /* no cluster table (a tegrastats log): every core */
        for (int i = 0; i < inv->cpu.n_cpus; i++) {
            snprintf(name, sizeof name, "cpu%d", i);
            add_series(p, c, SF_CPU_FREQ, i, 1e-3, name);
        }
    }
}

static void plan_groups(Plan *p, const Inventory *inv, unsigned groups) {
    if (groups & (1u << PLOT_POWER)) {
        plan_power(p, inv);
    }
    if (groups & (1u << PLOT_TEMP)) {
        plan_temp(p, inv);
    }
    if (groups & (1u << PLOT_CPU)) {
        plan_cpu(p, inv);
    }
    if (groups & (1u << PLOT_GPU)) {
        int c = add_chart(p, "GPU load", "%");
        add_series(p, c, SF_GPU_LOAD, -1, 1, "GPU");
        add_series(p, c, SF_GPU2_LOAD, -1, 1, "GR3D2");
        c = add_chart(p, "GPU frequency", "MHz");
        add_series(p, c, SF_GPU_FREQ, -1, 1e-6, "GPU");
        add_series(p, c, SF_GPU2_FREQ, -1, 1e-6, "GR3D2");
    }
    if (groups & (1u << PLOT_EMC)) {
        add_series(p, add_chart(p, "EMC utilisation", "%"), SF_EMC_UTIL, -1, 1, "EMC");
        add_series(p, add_chart(p, "EMC frequency", "MHz"), SF_EMC_FREQ, -1, 1e-6, "EMC");
    }
    if (groups & (1u << PLOT_FAN)) {
        add_series(p, add_chart(p, "Fan PWM", "%"), SF_FAN_PWM_PCT, -1, 1, "PWM");
        add_series(p, add_chart(p, "Fan speed", "rpm"), SF_FAN_RPM, -1, 1, "fan");
    }
    if (groups & (1u << PLOT_MEM)) {
        int c = add_chart(p, "Memory", "MiB");
        add_series(p, c, SF_MEM_USED, -1, 1.0 / 1024, "used");
        add_series(p, c, SF_MEM_NVMAP, -1, 1.0 / 1024, "GPU (NvMap)");
    }
}

/* ------------------------------------------------------------------ the data */

static int set_window(Plan *p, const Recording *r, const PlotRequest *q, char *err, size_t errsz) {
    double span = (double)recording_span_ns(r) / 1e9;
    p->t0 = q->from_set ? q->from_s : 0;
    p->t1 = q->to_set ? q->to_s : span;
    if (q->to_set && q->from_set && !(p->t1 > p->t0)) {
        snprintf(err, errsz, "--to (%g s) must be after --from (%g s)", q->to_s, q->from_s);
        return -EINVAL;
    }
    int64_t a = (int64_t)llround(p->t0 * 1e9), b = (int64_t)llround(p->t1 * 1e9);
    size_t i0 = recording_find(r, a);
    if (r->n && r->rows[i0].t_ns < a) {
        i0++;
    }
    size_t i1 = recording_find(r, b);
    if (r->n == 0 || i0 >= r->n || r->rows[i1].t_ns < a || i1 < i0) {
        snprintf(err, errsz, "no rows between %g s and %g s (the recording covers 0 to %g s)",
                 p->t0, p->t1, span);
        return -EINVAL;
    }
    p->i0 = i0;
    p->i1 = i1;
    if (!q->to_set && !q->from_set) {
        p->t1 = p->t1 > p->t0 ? p->t1 : p->t0 + 1; /* one row: a one-second axis */
    }
    return 0;
}

static int alloc_buckets(Plan *p, int max_points) {
    size_t rows = p->i1 - p->i0 + 1;
    p->direct = rows <= (size_t)max_points;
    p->nb = p->direct ? rows : (size_t)max_points / 2;
    for (int i = 0; i < p->n_defs; i++) {
        Def *d = &p->def[i];
        d->b = calloc(p->nb, sizeof *d->b);
        d->t = malloc(2 * p->nb * sizeof *d->t);
        d->v = malloc(2 * p->nb * sizeof *d->v);
        if (!d->b || !d->t || !d->v) {
            return -ENOMEM;
        }
    }
    return 0;
}

static void bucket_add(Bucket *b, double t, Val raw, const SchemaCol *c, double scale) {
    b->rows = true;
    b->tany = t;
    if (!raw.ok) {
        return;
    }
    double v = (double)raw.v * scale;
    for (int k = 0; k < c->decimals; k++) {
        v /= 10;
    }
    if (!b->known || v < b->vmin) {
        b->vmin = v;
        b->tmin = t;
    }
    if (!b->known || v > b->vmax) {
        b->vmax = v;
        b->tmax = t;
    }
    b->known = true;
}

static int collect(Plan *p, const Recording *r) {
    Sample *s = malloc(sizeof *s);
    if (!s) {
        return -ENOMEM;
    }
    double w = p->t1 - p->t0;
    for (size_t i = p->i0; i <= p->i1; i++) {
        if (recording_sample(r, i, s) < 0) {
            free(s);
            return -EINVAL;
        }
        double t = (double)r->rows[i].t_ns / 1e9;
        size_t b = i - p->i0;
        if (!p->direct) {
            double x = w > 0 ? (t - p->t0) / w * (double)p->nb : 0;
            b = x <= 0 ? 0 : x >= (double)p->nb ? p->nb - 1 : (size_t)x;
        }
        for (int k = 0; k < p->n_defs; k++) {
            Def *d = &p->def[k];
            const SchemaCol *c = &p->sc->col[d->col];
            bucket_add(&d->b[b], t, schema_get(c, s), c, d->scale);
        }
    }
    free(s);
    return 0;
}

/* Buckets -> points: the low and the high of each bucket in time order; a bucket whose
 * rows are all unknown gives NAN, which breaks the line there. */
static void emit(Plan *p) {
    for (int k = 0; k < p->n_defs; k++) {
        Def *d = &p->def[k];
        d->n = 0;
        for (size_t i = 0; i < p->nb; i++) {
            const Bucket *b = &d->b[i];
            if (!b->rows) {
                continue;
            }
            if (!b->known) {
                d->t[d->n] = b->tany;
                d->v[d->n++] = NAN;
                continue;
            }
            p->chart[d->chart].known = true;
            bool min_first = b->tmin <= b->tmax;
            d->t[d->n] = min_first ? b->tmin : b->tmax;
            d->v[d->n++] = min_first ? b->vmin : b->vmax;
            if (b->tmin != b->tmax) {
                d->t[d->n] = min_first ? b->tmax : b->tmin;
                d->v[d->n++] = min_first ? b->vmax : b->vmin;
            }
        }
    }
}

/* A marker where a batch starts: the batch changes to K > 0 (compared with the row before,
 * also when that row is outside the window). *out is NULL when there are none. */
static int batch_markers(const Plan *p, const Recording *r, PlotMarker **out, char **labels) {
    *out = NULL;
    *labels = NULL;
    if (!r->has_batch) {
        return 0;
    }
    int n = 0;
    for (size_t i = p->i0; i <= p->i1; i++) {
        int32_t prev = i > 0 ? r->rows[i - 1].batch : REC_UNKNOWN;
        int32_t b = r->rows[i].batch;
        n += b != REC_UNKNOWN && b > 0 && b != prev;
    }
    if (n == 0) {
        return 0;
    }
    PlotMarker *m = malloc((size_t)n * sizeof *m);
    char *lab = malloc((size_t)n * 24);
    if (!m || !lab) {
        free(m);
        free(lab);
        return -ENOMEM;
    }
    int k = 0;
    for (size_t i = p->i0; i <= p->i1; i++) {
        int32_t prev = i > 0 ? r->rows[i - 1].batch : REC_UNKNOWN;
        int32_t b = r->rows[i].batch;
        if (b != REC_UNKNOWN && b > 0 && b != prev) {
            char *label = lab + (size_t)k * 24;
            snprintf(label, 24, "batch %d", (int)b);
            m[k] = (PlotMarker){.t_s = (double)r->rows[i].t_ns / 1e9, .label = label};
            k++;
        }
    }
    *out = m;
    *labels = lab;
    return k;
}

/* ------------------------------------------------------------------ render */

static void plan_free(Plan *p) {
    for (int i = 0; i < p->n_defs; i++) {
        free(p->def[i].b);
        free(p->def[i].t);
        free(p->def[i].v);
    }
    free(p->sc);
}

/* The charts that have data, for svgplot (series point into the plan). */
static int make_charts(Plan *p, PlotChart *out) {
    int n = 0;
    for (int c = 0; c < p->n_charts; c++) {
        if (!p->chart[c].known) {
            note(p, "%s: no data; ", p->chart[c].title);
            continue;
        }
        PlotChart *pc = &out[n++];
        memset(pc, 0, sizeof *pc);
        pc->title = p->chart[c].title;
        pc->unit = p->chart[c].unit;
        for (int k = 0; k < p->n_defs; k++) {
            const Def *d = &p->def[k];
            if (d->chart == c) {
                pc->series[pc->n_series++] =
                    (PlotSeries){.name = d->name, .t_s = d->t, .v = d->v, .n = d->n};
            }
        }
    }
    size_t len = strlen(p->notes);
    if (len >= 2 && strcmp(p->notes + len - 2, "; ") == 0) {
        p->notes[len - 2] = '\0';
    }
    return n;
}

static int render(Plan *p, const Recording *r, const PlotRequest *q, char **svg, size_t *len) {
    PlotChart charts[MAX_CHARTS]; /* ~9 KiB */
    int n = make_charts(p, charts);
    if (n == 0) {
        return -ENODATA;
    }
    PlotMarker *m;
    char *labels;
    int nm = batch_markers(p, r, &m, &labels);
    if (nm < 0) {
        return nm;
    }
    PlotLayout lay = {.title = q->title ? q->title : "jtune", .t0_s = p->t0, .t1_s = p->t1};
    char *out = NULL;
    long rc = svgplot_render(&lay, charts, n, m, nm, &out);
    free(m);
    free(labels);
    if (rc < 0) {
        return (int)rc;
    }
    *svg = out;
    *len = (size_t)rc;
    return 0;
}

static int plot_plan(Plan *p, const Recording *r, const PlotRequest *q, char **svg, size_t *len,
                     char *err, size_t errsz) {
    p->sc = malloc(sizeof *p->sc);
    if (!p->sc) {
        return -ENOMEM;
    }
    if (schema_build(p->sc, &r->meta.inv, r->meta.rails_only ? SCHEMA_RAILS_ONLY : 0)) {
        snprintf(err, errsz, "%s: too many columns for one schema", r->path);
        return -EINVAL;
    }
    int rc = set_window(p, r, q, err, errsz);
    if (rc) {
        return rc;
    }
    plan_groups(p, &r->meta.inv, q->groups ? q->groups : PLOT_DEFAULT_GROUPS);
    int mp = q->max_points > 0 ? q->max_points : PLOT_MAX_POINTS;
    rc = alloc_buckets(p, mp < 16 ? 16 : mp);
    if (!rc) {
        rc = collect(p, r);
    }
    if (!rc) {
        emit(p);
        rc = render(p, r, q, svg, len);
    }
    return rc;
}

int plot_recording(const Recording *r, const PlotRequest *q, char **svg, size_t *len, char *err,
                   size_t errsz, char *notes, size_t notesz) {
    notes[0] = '\0';
    err[0] = '\0';
    Plan *p = calloc(1, sizeof *p); /* ~30 KiB of series tables */
    if (!p) {
        snprintf(err, errsz, "out of memory");
        return -ENOMEM;
    }
    p->notes = notes;
    p->notesz = notesz;
    int rc = plot_plan(p, r, q, svg, len, err, errsz);
    if (rc == -ENODATA) {
        snprintf(err, errsz, "%s: nothing to plot: no requested metric has data%s", r->path,
                 q->from_set || q->to_set ? " in that window" : "");
    } else if (rc == -ENOMEM) {
        snprintf(err, errsz, "out of memory");
    }
    plan_free(p);
    free(p);
    return rc;
}
