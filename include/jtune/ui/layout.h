/* SPDX-License-Identifier: MIT */
/* layout: terminal size + enabled panels -> rectangles. PURE: no curses, no I/O.
 *
 * Screen: a 2-row header, the body, a 2-row footer (the page's key bar or a message, then
 * the page tabs).
 * Overview page: the enabled panels in order, packed column by column (2 columns up to
 * 159 cells wide, 3 up to 239, then 4), columns balanced; when the body is short, panels
 * shrink towards their minimum and the ones that still do not fit are left off (counted
 * in Layout.hidden). Spare rows go to panels that can grow (they draw a history graph), a
 * row at a time in turn, at most LAYOUT_GROW_MAX each.
 * A panel page: the panel's table on top, its history graphs below (two side by side when
 * 160+ cells wide, three when 240+ and there are three or more); graphs that cannot get
 * LAYOUT_GRAPH_MIN rows are left off from the last. Below 80x24 the layout reports
 * too_small and has no slots.
 */
#ifndef JTUNE_UI_LAYOUT_H
#define JTUNE_UI_LAYOUT_H

#include "jtune/conf/config.h"

#include <stdbool.h>

#define LAYOUT_MIN_COLS    80
#define LAYOUT_MIN_ROWS    24
#define LAYOUT_HEADER_ROWS 2
#define LAYOUT_FOOTER_ROWS 2
#define LAYOUT_MAX_SLOTS   32
#define LAYOUT_GRAPH_MIN   4  /* rows of the smallest graph: title + 3 plot rows */
#define LAYOUT_MAX_GRAPHS  24 /* graphs of one page */
#define LAYOUT_GROW_MAX    16 /* overview: rows a growing panel takes beyond its table */

typedef struct {
    int x, y, w, h;
} Rect;

/* What a panel wants, in rows including its title row. */
typedef struct {
    int min_rows;  /* >= 2: the title and the first row */
    int pref_rows; /* every row shown */
    bool grows;    /* overview: spare rows become a small history graph */
    int n_graphs;  /* page: history graphs under the table (0..LAYOUT_MAX_GRAPHS) */
} PanelSize;

typedef struct {
    int cols, rows; /* terminal size */
    int page;       /* 0 overview, i >= 1: the page of panels[i - 1] */
    int n_panels;   /* enabled panels, in display order */
    PanelId panels[PANEL_COUNT];
    PanelSize size[PANEL_COUNT]; /* indexed by PanelId, sized for this page */
} LayoutReq;

typedef enum { SLOT_PANEL, SLOT_GRAPH } SlotKind;

typedef struct {
    SlotKind kind;
    PanelId panel;
    int graph; /* SLOT_GRAPH: the panel's graph number */
    Rect r;
} Slot;

typedef struct {
    bool too_small; /* below LAYOUT_MIN_COLS x LAYOUT_MIN_ROWS: no slots */
    Rect screen, header, body, footer;
    int n;
    Slot slots[LAYOUT_MAX_SLOTS];
    int hidden; /* overview: enabled panels left off for want of room */
} Layout;

/* Compute the layout of req into out (always fully written). 0, or -EINVAL for a request
 * that makes no sense (negative size, page out of range, a panel listed twice). */
int layout_compute(const LayoutReq *req, Layout *out);

/* True when a and b share at least one cell. */
bool rect_overlap(Rect a, Rect b);

/* True when r lies entirely inside outer. */
bool rect_inside(Rect r, Rect outer);

/* True when r has no cell. */
bool rect_empty(Rect r);

#endif
