/* SPDX-License-Identifier: MIT */
/* panels: one drawer per subject (CPU, GPU, EMC, power, thermal, cpuidle, fan, memory,
 * radios). Each says how many rows it wants, paints itself into a canvas from the model,
 * names its selectable rows and its history graphs. The same drawer serves the overview
 * (compact) and the subject's own page (every column, headings). */
#ifndef JTUNE_UI_PANELS_H
#define JTUNE_UI_PANELS_H

#include "jtune/ui/draw.h"
#include "jtune/ui/graph.h"
#include "jtune/ui/layout.h"
#include "jtune/ui/uimodel.h"

#include <stdbool.h>

typedef struct {
    bool page;   /* drawn on its own page: more columns, a heading row */
    int sel;     /* selected row (core, radio; -1 none) */
    int sel_col; /* selected column (cpuidle state) */
} PanelView;

typedef struct {
    PanelId id;
    const char *title; /* "CPU" */
    const char *tab;   /* page tab: "CPU", "Power" */
    /* Rows wanted (title row included) on the overview or on the page. */
    void (*size)(const UiModel *m, bool page, PanelSize *out);
    /* Paint every cell of c. */
    void (*draw)(const Canvas *c, const UiModel *m, const PanelView *v);
    /* Selectable rows and columns (0: none). */
    int (*rows)(const UiModel *m);
    int (*cols)(const UiModel *m);
    /* Graph i of the page (0 .. size().n_graphs - 1): 0, or -ENOENT. Graph 0 is also the
     * overview's mini graph when the panel grows. */
    int (*graph)(const UiModel *m, int i, GraphSpec *out);
} PanelDef;

/* The drawer of panel id (static). */
const PanelDef *panel_get(PanelId id);

/* ---- shared by the drawers ---- */

/* Paint s in a w-wide cell at (y, x): left- or right-aligned, clipped. Returns x + w. */
int panel_cell(const Canvas *c, int y, int x, int w, Role role, const char *s, bool right);

/* First row to show so that row sel (or the top when sel < 0) is visible. */
int panel_first_row(int n_rows, int visible, int sel);

/* Row marker and name cell of a selectable row ("▶ cpu0" selected, "  cpu1" not). */
int panel_row_name(const Canvas *c, int y, int w, const char *name, bool selected, bool page);

/* "+N more" in the label role on row y (a table cut short on the overview). */
void panel_more(const Canvas *c, int y, int hidden);

/* Graph value formatters (ctx: the UiModel). */
int panel_fmt_pct10(int64_t v, const void *ctx, char *out, size_t outsz);
int panel_fmt_khz(int64_t v, const void *ctx, char *out, size_t outsz);
int panel_fmt_mw(int64_t v, const void *ctx, char *out, size_t outsz);
int panel_fmt_temp(int64_t v, const void *ctx, char *out, size_t outsz);
int panel_fmt_rpm(int64_t v, const void *ctx, char *out, size_t outsz);
int panel_fmt_mib(int64_t v, const void *ctx, char *out, size_t outsz);

/* The panel drawers (defined one per file). */
extern const PanelDef panel_cpu, panel_gpu, panel_emc, panel_power, panel_thermal, panel_idle,
    panel_fan, panel_mem, panel_radio;

#endif
