/* SPDX-License-Identifier: MIT */
/* graph: a history graph of one Series (filled columns, eighth-cell resolution).
 *
 * Time runs left to right, one column per sample. The view jumps rather than scrolls:
 * once the plot is full it moves on by a quarter of its width at a time, so between jumps
 * each new sample changes one column and the terminal gets a few bytes, not a repaint.
 */
#ifndef JTUNE_UI_GRAPH_H
#define JTUNE_UI_GRAPH_H

#include "jtune/ui/draw.h"
#include "jtune/ui/series.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Formats a value of the series (in the series' unit) with its display unit; ctx is
 * GraphSpec.ctx (e.g. the model, for the temperature unit). */
typedef int (*GraphFmt)(int64_t v, const void *ctx, char *out, size_t outsz);

typedef struct {
    const Series *s;
    const char *title; /* "Input power" */
    Role role;         /* graph.power, ... */
    int64_t lo, hi;    /* fixed scale; hi <= lo: 0 .. a round number above the maximum */
    GraphFmt fmt;
    const void *ctx; /* handed to fmt */
    bool no_title;   /* overview mini graph: a one-line label inside the plot instead */
    int interval_ms; /* > 0 (and a title, and 5+ rows for the plot): a time axis row under
                        the plot, in time before the newest point ("-30s ... now") */
} GraphSpec;

/* Absolute index of the first sample shown in a plot `width` columns wide after `pushed`
 * samples (jumps by max(1, width / 4)). PURE. */
uint64_t graph_window_start(uint64_t pushed, int width);

/* The smallest "round" number (1, 2, 2.5, 5 x 10^k) >= v (>= 1). PURE. */
int64_t graph_nice_ceil(int64_t v);

/* Eighths of a cell filled in plot row `row` (0 = bottom) for a column that is h8 eighths
 * tall: 0..8. PURE. */
int graph_cell_fill(int64_t h8, int row);

/* Ticks of a time axis for points interval_ms apart: the seconds between ticks (a round
 * step at least min_cols columns apart); *cols gets the columns between ticks. PURE. */
int graph_time_step_s(int interval_ms, int min_cols, int *cols);

/* "-30s", "-2m", "-1h30m", "now" for s seconds before the newest point. PURE. */
void graph_format_ago(int64_t s, char *out, size_t outsz);

/* Paint the graph over the whole canvas: a title row (unless no_title), then the plot with
 * its scale on the left, then the time axis (GraphSpec.interval_ms). */
void graph_draw(const Canvas *c, const GraphSpec *g);

/* What a graph painted last (graph_draw_cached): enough to paint only what changed. */
typedef struct {
    bool valid;
    Rect r;
    const Series *s;
    const Glyphs *glyphs;
    const Palette *pal;
    Role role;
    uint64_t gen, start, drawn; /* series generation, window start, points painted */
    int64_t lo, hi;
    uint64_t title_sig, frame_sig; /* the title row; blanks, axis labels, "no data" */
    uint64_t time_sig;             /* the time axis row */
} GraphCache;

/* graph_draw, painting only what changed since the last call with gc: the new columns
 * (an append, between the jumps of the window) and the title row when its value changed;
 * everything when the size, scale, window, series or labels changed or gc is invalid.
 * The cells are those graph_draw would paint. gc NULL: graph_draw. */
void graph_draw_cached(const Canvas *c, const GraphSpec *g, GraphCache *gc);

#endif
