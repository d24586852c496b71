/* SPDX-License-Identifier: MIT */
/* svgplot: stacked time-series charts as a self-contained SVG document. */
#include "jtune/core/svgplot.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A colour-blind friendly palette (Okabe-Ito), then a few more. */
static const char *const palette[] = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
    "#7F7F7F", "#8C564B", "#17BECF", "#BCBD22", "#9467BD", "#2CA02C", "#D62728", "#1F77B4"};

typedef struct {
    char *p;
    size_t len, cap;
    bool oom;
} Buf;

__attribute__((format(printf, 2, 3))) static void put(Buf *b, const char *fmt, ...) {
    if (b->oom) {
        return;
    }
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = true;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap * 2 + (size_t)n;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
}

/* Text content and attribute values: escape the five XML specials. */
static void put_text(Buf *b, const char *s) {
    for (; s && *s; s++) {
        switch (*s) {
        case '<': put(b, "&lt;"); break;
        case '>': put(b, "&gt;"); break;
        case '&': put(b, "&amp;"); break;
        case '"': put(b, "&quot;"); break;
        case '\'': put(b, "&apos;"); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t') {
                put(b, "%c", *s);
            }
        }
    }
}

int svgplot_ticks(double lo, double hi, int max, double *ticks) {
    if (!(hi > lo) || max < 2 || !isfinite(lo) || !isfinite(hi)) {
        return 0;
    }
    double raw = (hi - lo) / (max - 1);
    double mag = pow(10, floor(log10(raw)));
    double step = mag;
    static const double mult[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
        step = mult[i] * mag;
        if ((hi - lo) / step <= max - 1) {
            break;
        }
    }
    /* the k-th tick from the first multiple of step: counted, not accumulated (no drift) */
    double first = ceil(lo / step - 1e-9);
    int n = 0;
    for (int k = 0; n < max; k++) {
        double t = (first + k) * step;
        if (t > hi + step * 1e-9) {
            break;
        }
        ticks[n++] = fabs(t) < step * 1e-9 ? 0 : t;
    }
    return n;
}

typedef struct {
    double x0, y0, w, h;   /* plot area in px */
    double t0, t1, v0, v1; /* data window */
} Frame;

static double fx(const Frame *f, double t) {
    return f->x0 + (t - f->t0) / (f->t1 - f->t0) * f->w;
}

static double fy(const Frame *f, double v) {
    return f->y0 + f->h - (v - f->v0) / (f->v1 - f->v0) * f->h;
}

static void value_range(const PlotChart *c, double t0, double t1, double *lo, double *hi) {
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int s = 0; s < c->n_series; s++) {
        const PlotSeries *ps = &c->series[s];
        for (size_t i = 0; i < ps->n; i++) {
            if (isfinite(ps->v[i]) && ps->t_s[i] >= t0 && ps->t_s[i] <= t1) {
                *lo = fmin(*lo, ps->v[i]);
                *hi = fmax(*hi, ps->v[i]);
            }
        }
    }
    if (!isfinite(*lo)) {
        *lo = 0;
        *hi = 1;
    }
    if (*lo > 0 && *lo < (*hi) * 0.5) {
        *lo = 0; /* anchor at zero unless the data sits far above it */
    }
    if (*hi - *lo < 1e-9) {
        *hi = *lo + (fabs(*lo) > 1 ? fabs(*lo) * 0.1 : 1);
    }
    double pad = (*hi - *lo) * 0.05;
    *hi += pad;
    if (*lo != 0) {
        *lo -= pad;
    }
}

static void fmt_num(char *out, size_t n, double v) {
    if (fabs(v) >= 100 || v == floor(v)) {
        snprintf(out, n, "%.0f", v);
    } else if (fabs(v) >= 10) {
        snprintf(out, n, "%.1f", v);
    } else {
        snprintf(out, n, "%.2f", v);
    }
}

static void draw_axes(Buf *b, const Frame *f, const PlotChart *c) {
    double ticks[12];
    char num[32];
    put(b,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#ffffff\" "
        "stroke=\"#444444\"/>\n",
        f->x0, f->y0, f->w, f->h);
    int nv = svgplot_ticks(f->v0, f->v1, 6, ticks);
    for (int i = 0; i < nv; i++) {
        double y = fy(f, ticks[i]);
        fmt_num(num, sizeof num, ticks[i]);
        put(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n",
            f->x0, y, f->x0 + f->w, y);
        put(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>\n",
            f->x0 - 6, y + 4, num);
    }
    int nt = svgplot_ticks(f->t0, f->t1, 8, ticks);
    for (int i = 0; i < nt; i++) {
        double x = fx(f, ticks[i]);
        fmt_num(num, sizeof num, ticks[i]);
        put(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eeeeee\"/>\n", x,
            f->y0, x, f->y0 + f->h);
        put(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">%s</text>\n", x,
            f->y0 + f->h + 16, num);
    }
    put(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">time (s)</text>\n",
        f->x0 + f->w / 2, f->y0 + f->h + 32);
    put(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" font-weight=\"bold\">", f->x0, f->y0 - 10);
    put_text(b, c->title);
    put(b, " (");
    put_text(b, c->unit);
    put(b, ")</text>\n");
    put(b,
        "<text transform=\"translate(%.1f,%.1f) rotate(-90)\" text-anchor=\"middle\" "
        "font-size=\"11\">",
        f->x0 - 48, f->y0 + f->h / 2);
    put_text(b, c->unit);
    put(b, "</text>\n");
}

static bool in_window(const Frame *f, const PlotSeries *s, size_t i) {
    return isfinite(s->v[i]) && s->t_s[i] >= f->t0 && s->t_s[i] <= f->t1;
}

/* One polyline per run of known points inside the window (a dot for a run of one, which a
 * polyline would not show), grouped under the series name (a tooltip in browsers).
 * Returns the points drawn. */
static size_t draw_series(Buf *b, const Frame *f, const PlotSeries *s, const char *color) {
    size_t drawn = 0;
    put(b, "<g class=\"series\"><title>");
    put_text(b, s->name);
    put(b, "</title>\n");
    for (size_t i = 0; i < s->n;) {
        if (!in_window(f, s, i)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < s->n && in_window(f, s, j)) {
            j++;
        }
        if (j - i == 1) {
            put(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\"/>\n", fx(f, s->t_s[i]),
                fy(f, s->v[i]), color);
        } else {
            put(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"", color);
            for (size_t k = i; k < j; k++) {
                put(b, "%.1f,%.1f ", fx(f, s->t_s[k]), fy(f, s->v[k]));
            }
            put(b, "\"/>\n");
        }
        drawn += j - i;
        i = j;
    }
    put(b, "</g>\n");
    return drawn;
}

static void draw_legend(Buf *b, const Frame *f, const PlotChart *c, const size_t *drawn) {
    double x = f->x0 + f->w + 12;
    for (int s = 0; s < c->n_series; s++) {
        double y = f->y0 + 8 + s * 16;
        const char *color = palette[s % (sizeof palette / sizeof palette[0])];
        put(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"4\" fill=\"%s\"/>\n", x, y - 4,
            color);
        put(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">", x + 16, y);
        put_text(b, c->series[s].name);
        if (drawn[s] == 0) {
            put(b, " (no data)");
        }
        put(b, "</text>\n");
    }
}

static void draw_markers(Buf *b, const Frame *f, const PlotMarker *m, int n) {
    for (int i = 0; i < n; i++) {
        if (m[i].t_s < f->t0 || m[i].t_s > f->t1) {
            continue;
        }
        double x = fx(f, m[i].t_s);
        put(b,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888888\" "
            "stroke-dasharray=\"4,3\"/>\n",
            x, f->y0, x, f->y0 + f->h);
        if (m[i].label) {
            put(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"#555555\">", x + 2,
                f->y0 + 10);
            put_text(b, m[i].label);
            put(b, "</text>\n");
        }
    }
}

static void data_window(const PlotChart *charts, int n, double *t0, double *t1) {
    *t0 = INFINITY;
    *t1 = -INFINITY;
    for (int c = 0; c < n; c++) {
        for (int s = 0; s < charts[c].n_series; s++) {
            const PlotSeries *ps = &charts[c].series[s];
            if (ps->n > 0) {
                *t0 = fmin(*t0, ps->t_s[0]);
                *t1 = fmax(*t1, ps->t_s[ps->n - 1]);
            }
        }
    }
    if (!isfinite(*t0)) {
        *t0 = 0;
        *t1 = 1;
    }
    if (*t1 - *t0 < 1e-9) {
        *t1 = *t0 + 1;
    }
}

static int check_input(const PlotChart *charts, int n_charts, const PlotMarker *markers,
                       int n_markers) {
    if (n_charts < 1 || !charts || n_markers < 0 || (n_markers > 0 && !markers)) {
        return -EINVAL;
    }
    for (int c = 0; c < n_charts; c++) {
        if (charts[c].n_series < 0 || charts[c].n_series > SVGPLOT_MAX_SERIES) {
            return -EINVAL;
        }
        for (int s = 0; s < charts[c].n_series; s++) {
            const PlotSeries *ps = &charts[c].series[s];
            if (ps->n > 0 && (!ps->t_s || !ps->v)) {
                return -EINVAL;
            }
        }
    }
    return 0;
}

long svgplot_render(const PlotLayout *layout, const PlotChart *charts, int n_charts,
                    const PlotMarker *markers, int n_markers, char **out) {
    int rc = check_input(charts, n_charts, markers, n_markers);
    if (rc < 0) {
        return rc;
    }
    int width = layout && layout->width_px > 0 ? layout->width_px : 960;
    int ch = layout && layout->chart_height_px > 0 ? layout->chart_height_px : 260;
    double t0, t1;
    data_window(charts, n_charts, &t0, &t1);
    if (layout && layout->t1_s > layout->t0_s) {
        t0 = layout->t0_s;
        t1 = layout->t1_s;
    }
    Buf b = {.cap = 8192};
    b.p = malloc(b.cap);
    if (!b.p) {
        return -ENOMEM;
    }
    b.p[0] = '\0';
    int height = 40 + n_charts * (ch + 60);
    put(&b,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
        "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n",
        width, height, width, height);
    put(&b, "<title>");
    put_text(&b, layout && layout->title ? layout->title : "jtune");
    put(&b, "</title>\n<rect width=\"100%%\" height=\"100%%\" fill=\"#fafafa\"/>\n");
    const char *title = layout && layout->title ? layout->title : "jtune";
    /* a long title is squeezed into the page (about 9 px a character at 16 px bold), never
     * run off its edge */
    int room = width - 32;
    if ((int)strlen(title) * 9 > room) {
        put(&b,
            "<text x=\"16\" y=\"24\" font-size=\"16\" font-weight=\"bold\" "
            "textLength=\"%d\" lengthAdjust=\"spacingAndGlyphs\">",
            room);
    } else {
        put(&b, "<text x=\"16\" y=\"24\" font-size=\"16\" font-weight=\"bold\">");
    }
    put_text(&b, title);
    put(&b, "</text>\n");
    for (int c = 0; c < n_charts; c++) {
        Frame f = {.x0 = 72,
                   .y0 = 60 + c * (ch + 60),
                   .w = width - 72 - 190,
                   .h = ch - 20,
                   .t0 = t0,
                   .t1 = t1};
        value_range(&charts[c], t0, t1, &f.v0, &f.v1);
        put(&b, "<g class=\"chart\">\n");
        draw_axes(&b, &f, &charts[c]);
        draw_markers(&b, &f, markers, n_markers);
        size_t drawn[SVGPLOT_MAX_SERIES] = {0};
        for (int s = 0; s < charts[c].n_series; s++) {
            drawn[s] = draw_series(&b, &f, &charts[c].series[s],
                                   palette[s % (sizeof palette / sizeof palette[0])]);
        }
        draw_legend(&b, &f, &charts[c], drawn);
        put(&b, "</g>\n");
    }
    put(&b, "</svg>\n");
    if (b.oom) {
        free(b.p);
        return -ENOMEM;
    }
    *out = b.p;
    return (long)b.len;
}
