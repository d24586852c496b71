/* SPDX-License-Identifier: MIT */
/* svgplot: render time-series charts as one self-contained SVG document (no dependency, no
 * script, no external reference). One chart per group, stacked vertically, each with axes,
 * ticks, units, a legend and optional vertical markers (workload batch starts). Pure: the
 * caller hands in the data and gets a heap string back. */
#ifndef JTUNE_CORE_SVGPLOT_H
#define JTUNE_CORE_SVGPLOT_H

#include <stddef.h>

#define SVGPLOT_MAX_SERIES 16

typedef struct {
    const char *name;  /* legend text */
    const double *t_s; /* seconds from the start of the recording, ascending */
    const double *v;   /* values; NAN = unknown (the line breaks there) */
    size_t n;
} PlotSeries;

typedef struct {
    const char *title; /* "Power", "Temperature" */
    const char *unit;  /* "W", "°C", "%", "MHz" (shown on the value axis) */
    int n_series;
    PlotSeries series[SVGPLOT_MAX_SERIES];
} PlotChart;

typedef struct {
    double t_s;
    const char *label; /* "b1" ... (may be NULL) */
} PlotMarker;

typedef struct {
    const char *title;   /* document title (board, file) */
    double t0_s, t1_s;   /* time window; t1 <= t0 means "fit the data" */
    int width_px;        /* 0 = 960 */
    int chart_height_px; /* 0 = 260 */
} PlotLayout;

/* Render the charts into a new NUL-terminated string (*out, caller frees). Series with no
 * known point inside the window are listed in the legend as "(no data)". Returns the length,
 * -EINVAL for bad input, -ENOMEM. */
long svgplot_render(const PlotLayout *layout, const PlotChart *charts, int n_charts,
                    const PlotMarker *markers, int n_markers, char **out);

/* "Nice" axis ticks for [lo, hi]: fills up to max ticks, returns the count. */
int svgplot_ticks(double lo, double hi, int max, double *ticks);

#endif
