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

void graph_draw(const Canvas *c, const GraphSpec *g) {
    int y0 = g->no_title ? 0 : 1;
    int rows = c->r.h - y0;
    int axis = c->r.w > 3 * AXIS_W ? AXIS_W : 0;
    int width = c->r.w - axis;
    if (rows < 1 || width < 1) {
        return;
    }
    uint64_t start = graph_window_start(g->s->pushed, width);
    int64_t lo, hi;
    scale_of(g, start, width, &lo, &hi);
    char now[32] = "n/a", top[32], bottom[32];
    Val last = series_get(g->s, 0);
    if (last.ok) {
        g->fmt(last.v, g->ctx, now, sizeof now);
    }
    g->fmt(hi, g->ctx, top, sizeof top);
    g->fmt(lo, g->ctx, bottom, sizeof bottom);
    if (!g->no_title) {
        draw_title(c, 0, g->title, now, last.ok ? ROLE_VALUE : ROLE_NA);
    }
    for (int y = y0; y < c->r.h; y++) {
        draw_blank(c, y, 0, ROLE_NORMAL);
    }
    if (!any_known(g->s, start, width)) {
        draw_text(c, y0 + (rows - 1) / 2, axis + 1, ROLE_NA, "no data (n/a)");
        if (g->no_title && rows > 1) {
            draw_text(c, y0, axis + 1, ROLE_LABEL, g->title);
        }
        return;
    }
    if (axis) {
        draw_text(c, y0, 0, ROLE_GRAPH_AXIS, top);
        if (rows > 1) {
            draw_text(c, c->r.h - 1, 0, ROLE_GRAPH_AXIS, bottom);
        }
        if (g->no_title && rows > 2) {
            draw_text(c, y0 + 1, 0, ROLE_LABEL, g->title);
        }
    }
    for (int x = 0; x < width; x++) {
        plot_column(c, g, axis + x, y0, rows, point(g->s, start + (uint64_t)x), lo, hi);
    }
}
