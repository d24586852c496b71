/* SPDX-License-Identifier: MIT */
/* graph: jump-scrolling filled history graphs. */
#include "jtune/ui/graph.h"

#include <stdio.h>
#include <string.h>

#define AXIS_W 9 /* "1020 MHz " */

uint64_t graph_window_start(uint64_t pushed, int width) {
    if (width < 1 || pushed <= (uint64_t)width) {
        return 0;
    }
    uint64_t step = (uint64_t)(width / 4 > 1 ? width / 4 : 1);
    return (pushed - (uint64_t)width + step - 1) / step * step;
}

int64_t graph_nice_ceil(int64_t v) {
    if (v <= 1) {
        return 1;
    }
    int64_t mag = 1;
    while (mag <= INT64_MAX / 10 && mag * 10 < v) {
        mag *= 10;
    }
    /* candidates within this decade: 1, 2, 2.5, 5, 10 times mag */
    static const int64_t num[] = {10, 20, 25, 50, 100};
    for (size_t i = 0; i < sizeof num / sizeof num[0]; i++) {
        int64_t c = mag * num[i] / 10;
        if (c >= v) {
            return c;
        }
    }
    return mag * 10;
}

int graph_cell_fill(int64_t h8, int row) {
    int64_t f = h8 - (int64_t)row * 8;
    return f < 0 ? 0 : f > 8 ? 8 : (int)f;
}

/* Value of the sample at absolute index abs, unknown when it is outside the history. */
static Val point(const Series *s, uint64_t abs) {
    if (abs >= s->pushed) {
        return val_na();
    }
    uint64_t age = s->pushed - 1 - abs;
    return age < (uint64_t)s->len ? series_get(s, (int)age) : val_na();
}

/* True when some point of the window is known. */
static bool any_known(const Series *s, uint64_t start, int width) {
    for (int x = 0; x < width; x++) {
        if (point(s, start + (uint64_t)x).ok) {
            return true;
        }
    }
    return false;
}

static void scale_of(const GraphSpec *g, uint64_t start, int width, int64_t *lo, int64_t *hi) {
    *lo = g->lo;
    *hi = g->hi;
    if (g->hi > g->lo) {
        return;
    }
    int64_t top = 0;
    for (int x = 0; x < width; x++) {
        Val v = point(g->s, start + (uint64_t)x);
        top = v.ok && v.v > top ? v.v : top;
    }
    *lo = 0;
    *hi = graph_nice_ceil(top);
}

static void plot_column(const Canvas *c, const GraphSpec *g, int x, int y0, int rows, Val v,
                        int64_t lo, int64_t hi) {
    int64_t h8 = 0;
    if (v.ok) {
        int64_t d = v.v < lo ? 0 : v.v > hi ? hi - lo : v.v - lo;
        h8 = (d * rows * 8 + (hi - lo) / 2) / (hi - lo);
        h8 = h8 == 0 && v.v > lo ? 1 : h8;
    }
    for (int r = 0; r < rows; r++) {
        int fill = graph_cell_fill(h8, r);
        draw_text(c, y0 + rows - 1 - r, x, fill ? g->role : ROLE_NORMAL, c->g->graph_lvl[fill]);
    }
}

int graph_time_step_s(int interval_ms, int min_cols, int *cols) {
    static const int steps[] = {1,   2,   5,    10,   15,   30,    60,    120,  300,
                                600, 900, 1800, 3600, 7200, 14400, 28800, 86400};
    int n = (int)(sizeof steps / sizeof steps[0]);
    interval_ms = interval_ms > 0 ? interval_ms : 1000;
    for (int i = 0; i < n; i++) {
        int64_t c = ((int64_t)steps[i] * 1000 + interval_ms / 2) / interval_ms;
        if (c >= min_cols || i == n - 1) {
            *cols = c > 0 ? (int)c : 1;
            return steps[i];
        }
    }
    *cols = 1;
    return 1;
}

void graph_format_ago(int64_t s, char *out, size_t outsz) {
    if (s <= 0) {
        snprintf(out, outsz, "now");
    } else if (s < 60) {
        snprintf(out, outsz, "-%llds", (long long)s);
    } else if (s < 3600) {
        snprintf(out, outsz, s % 60 ? "-%lldm%llds" : "-%lldm", (long long)(s / 60),
                 (long long)(s % 60));
    } else {
        snprintf(out, outsz, s % 3600 ? "-%lldh%lldm" : "-%lldh", (long long)(s / 3600),
                 (long long)(s % 3600 / 60));
    }
}

/* Where and on what scale a graph paints on its canvas. */
typedef struct {
    int y0, rows, axis, width;
    int time_y; /* the time axis row, or -1 */
    uint64_t start;
    int64_t lo, hi;
    bool known; /* some point of the window is known */
} Frame;

/* The frame of g on c; false when there is no room for a plot. */
static bool frame_of(const Canvas *c, const GraphSpec *g, Frame *f) {
    f->y0 = g->no_title ? 0 : 1;
    f->rows = c->r.h - f->y0;
    f->time_y = -1;
    if (g->interval_ms > 0 && !g->no_title && f->rows >= 6) {
        f->rows--;
        f->time_y = c->r.h - 1;
    }
    f->axis = c->r.w > 3 * AXIS_W ? AXIS_W : 0;
    f->width = c->r.w - f->axis;
    if (f->rows < 1 || f->width < 1) {
        return false;
    }
    f->start = graph_window_start(g->s->pushed, f->width);
    scale_of(g, f->start, f->width, &f->lo, &f->hi);
    f->known = any_known(g->s, f->start, f->width);
    return true;
}

/* The title row: the title and the newest value. */
static void paint_title(const Canvas *c, const GraphSpec *g) {
    if (g->no_title) {
        return;
    }
    char now[32] = "n/a";
    Val last = series_get(g->s, 0);
    if (last.ok) {
        g->fmt(last.v, g->ctx, now, sizeof now);
    }
    draw_title(c, 0, g->title, now, last.ok ? ROLE_VALUE : ROLE_NA);
}

/* Everything of the plot but its columns: blanks, the scale (or "no data"). */
static void paint_frame(const Canvas *c, const GraphSpec *g, const Frame *f) {
    for (int y = f->y0; y < f->y0 + f->rows; y++) {
        draw_blank(c, y, 0, ROLE_NORMAL);
    }
    if (!f->known) {
        draw_text(c, f->y0 + (f->rows - 1) / 2, f->axis + 1, ROLE_NA, "no data (n/a)");
        if (g->no_title && f->rows > 1) {
            draw_text(c, f->y0, f->axis + 1, ROLE_LABEL, g->title);
        }
        return;
    }
    if (f->axis) {
        char top[32], bottom[32];
        g->fmt(f->hi, g->ctx, top, sizeof top);
        g->fmt(f->lo, g->ctx, bottom, sizeof bottom);
        draw_text(c, f->y0, 0, ROLE_GRAPH_AXIS, top);
        if (f->rows > 1) {
            draw_text(c, f->y0 + f->rows - 1, 0, ROLE_GRAPH_AXIS, bottom);
        }
        if (g->no_title && f->rows > 2) {
            draw_text(c, f->y0 + 1, 0, ROLE_LABEL, g->title);
        }
    }
}

/* The time axis: a label ending at every tick column, "now" at the newest point, ticks a
 * round number of seconds apart going back from it. */
static void paint_time(const Canvas *c, const GraphSpec *g, const Frame *f) {
    if (f->time_y < 0) {
        return;
    }
    draw_blank(c, f->time_y, 0, ROLE_NORMAL);
    if (!f->known || g->s->pushed == 0) {
        return;
    }
    int cols;
    int step = graph_time_step_s(g->interval_ms, 10, &cols);
    int newest = (int)(g->s->pushed - 1 - f->start);
    for (int k = 0; newest - k * cols >= 0; k++) {
        char label[24];
        graph_format_ago((int64_t)k * step, label, sizeof label);
        int end = f->axis + newest - k * cols; /* the label's last cell is the tick */
        int x = end - draw_width(label) + 1;
        if (x >= 0) {
            draw_text(c, f->time_y, x, ROLE_GRAPH_AXIS, label);
        }
    }
}

/* Plot columns [from, to) of the window. */
static void paint_columns(const Canvas *c, const GraphSpec *g, const Frame *f, int from, int to) {
    if (!f->known) {
        return;
    }
    for (int x = from < 0 ? 0 : from; x < to && x < f->width; x++) {
        plot_column(c, g, f->axis + x, f->y0, f->rows, point(g->s, f->start + (uint64_t)x), f->lo,
                    f->hi);
    }
}

typedef enum { PART_TITLE, PART_FRAME, PART_TIME } Part;

/* The signature of what paint would paint (draw.h's Canvas.sig). */
static uint64_t sig_of(const Canvas *c, const GraphSpec *g, const Frame *f, Part part) {
    uint64_t h = 14695981039346656037ULL;
    Canvas s = *c;
    s.sig = &h;
    switch (part) {
    case PART_TITLE: paint_title(&s, g); break;
    case PART_FRAME: paint_frame(&s, g, f); break;
    case PART_TIME: paint_time(&s, g, f); break;
    }
    return h;
}

/* True when gc's picture of g on c only lacks the points pushed since: the same place,
 * glyphs, series, window, scale and labels, and the new points still in the history. */
static bool cache_fits(const GraphCache *gc, const Canvas *c, const GraphSpec *g, const Frame *f,
                       uint64_t frame_sig) {
    const Series *s = g->s;
    return gc->valid && memcmp(&gc->r, &c->r, sizeof c->r) == 0 && gc->s == s &&
           gc->gen == s->gen && gc->glyphs == c->g && gc->pal == c->pal && gc->role == g->role &&
           gc->start == f->start && gc->lo == f->lo && gc->hi == f->hi &&
           gc->frame_sig == frame_sig && gc->drawn <= s->pushed &&
           s->pushed - f->start <= (uint64_t)s->len;
}

void graph_draw_cached(const Canvas *c, const GraphSpec *g, GraphCache *gc) {
    Frame f;
    if (!frame_of(c, g, &f)) {
        if (gc) {
            gc->valid = false;
        }
        return;
    }
    if (!gc) {
        paint_title(c, g);
        paint_frame(c, g, &f);
        paint_columns(c, g, &f, 0, f.width);
        paint_time(c, g, &f);
        return;
    }
    uint64_t title_sig = sig_of(c, g, &f, PART_TITLE), frame_sig = sig_of(c, g, &f, PART_FRAME);
    uint64_t time_sig = sig_of(c, g, &f, PART_TIME);
    if (cache_fits(gc, c, g, &f, frame_sig)) {
        if (title_sig != gc->title_sig) {
            paint_title(c, g);
        }
        if (time_sig != gc->time_sig) {
            paint_time(c, g, &f);
        }
        /* an append: only the columns of the points pushed since the last paint */
        paint_columns(c, g, &f, (int)(gc->drawn - f.start), (int)(g->s->pushed - f.start));
    } else {
        paint_title(c, g);
        paint_frame(c, g, &f);
        paint_columns(c, g, &f, 0, f.width);
        paint_time(c, g, &f);
    }
    *gc = (GraphCache){.valid = true,
                       .r = c->r,
                       .s = g->s,
                       .glyphs = c->g,
                       .pal = c->pal,
                       .role = g->role,
                       .gen = g->s->gen,
                       .start = f.start,
                       .drawn = g->s->pushed,
                       .lo = f.lo,
                       .hi = f.hi,
                       .title_sig = title_sig,
                       .frame_sig = frame_sig,
                       .time_sig = time_sig};
}

void graph_draw(const Canvas *c, const GraphSpec *g) {
    graph_draw_cached(c, g, NULL);
}
