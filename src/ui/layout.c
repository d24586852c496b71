/* SPDX-License-Identifier: MIT */
/* layout: pure placement of panels and graphs (see layout.h for the rules). */
#include "jtune/ui/layout.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

bool rect_empty(Rect r) {
    return r.w <= 0 || r.h <= 0;
}

bool rect_overlap(Rect a, Rect b) {
    if (rect_empty(a) || rect_empty(b)) {
        return false;
    }
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool rect_inside(Rect r, Rect o) {
    return r.x >= o.x && r.y >= o.y && r.x + r.w <= o.x + o.w && r.y + r.h <= o.y + o.h;
}

static int overview_columns(int width, int n_panels) {
    int c = width >= 240 ? 4 : width >= 160 ? 3 : 2;
    return n_panels < c ? (n_panels > 0 ? n_panels : 1) : c;
}

/* Balanced contiguous partition of h[0..n) into k groups (k <= n): minimise the tallest
 * group. first[g] gets the index of group g's first panel. */
static void partition(const int *h, int n, int k, int *first) {
    int best[PANEL_COUNT + 1][PANEL_COUNT + 1]; /* best[g][i]: g groups over h[0..i) */
    int cut[PANEL_COUNT + 1][PANEL_COUNT + 1];
    int pre[PANEL_COUNT + 1] = {0};
    for (int i = 0; i < n; i++) {
        pre[i + 1] = pre[i] + h[i];
    }
    for (int i = 0; i <= n; i++) {
        best[1][i] = pre[i];
        cut[1][i] = 0;
    }
    for (int g = 2; g <= k; g++) {
        for (int i = 0; i <= n; i++) {
            best[g][i] = INT_MAX;
            cut[g][i] = i;
            for (int j = g - 1; j < i; j++) { /* the last group is h[j..i), non-empty */
                int tall = best[g - 1][j] > pre[i] - pre[j] ? best[g - 1][j] : pre[i] - pre[j];
                if (tall < best[g][i]) {
                    best[g][i] = tall;
                    cut[g][i] = j;
                }
            }
        }
    }
    int i = n;
    for (int g = k; g >= 1; g--) {
        first[g - 1] = g == 1 ? 0 : cut[g][i];
        i = first[g - 1];
    }
}

/* Heights for the panels of one column: shrink to fit, drop from the end when even the
 * minimums do not fit, hand spare rows to panels that grow. Returns how many fit. */
static int fit_column(const LayoutReq *req, const PanelId *ids, int n, int avail, int *h) {
    int sum_min = 0;
    int fit = 0;
    for (; fit < n; fit++) {
        int m = req->size[ids[fit]].min_rows;
        if (sum_min + m > avail) {
            break;
        }
        sum_min += m;
    }
    int sum = 0, growers = 0;
    for (int i = 0; i < fit; i++) {
        h[i] = req->size[ids[i]].pref_rows;
        sum += h[i];
        growers += req->size[ids[i]].grows;
    }
    while (fit > 0 && sum > avail) { /* take a row from the panel with the most to spare */
        int pick = 0;
        for (int i = 1; i < fit; i++) {
            if (h[i] - req->size[ids[i]].min_rows > h[pick] - req->size[ids[pick]].min_rows) {
                pick = i;
            }
        }
        h[pick]--;
        sum--;
    }
    /* spare rows one at a time, round robin, to panels that grow, each up to its cap */
    int spare = avail - sum;
    for (bool gave = true; spare > 0 && growers > 0 && gave;) {
        gave = false;
        for (int i = 0; i < fit && spare > 0; i++) {
            const PanelSize *s = &req->size[ids[i]];
            if (s->grows && h[i] < s->pref_rows + LAYOUT_GROW_MAX) {
                h[i]++;
                spare--;
                gave = true;
            }
        }
    }
    return fit;
}

static void add_slot(Layout *out, SlotKind kind, PanelId p, int graph, Rect r) {
    if (out->n < LAYOUT_MAX_SLOTS && !rect_empty(r)) {
        out->slots[out->n++] = (Slot){.kind = kind, .panel = p, .graph = graph, .r = r};
    }
}

static void layout_overview(const LayoutReq *req, Layout *out) {
    Rect b = out->body;
    int n = req->n_panels;
    int k = overview_columns(b.w, n);
    int pref[PANEL_COUNT], first[PANEL_COUNT + 1];
    for (int i = 0; i < n; i++) {
        pref[i] = req->size[req->panels[i]].pref_rows;
    }
    partition(pref, n, k, first);
    first[k] = n;
    int colw = (b.w - (k - 1)) / k, extra = (b.w - (k - 1)) % k;
    int x = b.x;
    for (int c = 0; c < k; c++) {
        int w = colw + (c < extra ? 1 : 0);
        int cnt = first[c + 1] - first[c];
        int h[PANEL_COUNT];
        int fit = fit_column(req, &req->panels[first[c]], cnt, b.h, h);
        out->hidden += cnt - fit;
        int y = b.y;
        for (int i = 0; i < fit; i++) {
            add_slot(out, SLOT_PANEL, req->panels[first[c] + i], 0, (Rect){x, y, w, h[i]});
            y += h[i];
        }
        x += w + 1;
    }
}

/* Columns of a page's grid of ng graphs on a body w cells wide. */
static int graph_columns(int w, int ng) {
    return (w >= 240 && ng >= 3) ? 3 : (w >= 160 && ng >= 2) ? 2 : 1;
}

/* Graphs of a page in r: a grid of graph_columns columns, rows shared out evenly. */
static void layout_graphs(Layout *out, PanelId p, int ng, Rect r) {
    int gcols = graph_columns(r.w, ng);
    int grows = (ng + gcols - 1) / gcols;
    int rowh = r.h / grows, rowx = r.h % grows;
    int y = r.y;
    int g = 0;
    for (int row = 0; row < grows; row++) {
        int h = rowh + (row < rowx ? 1 : 0);
        int in_row = ng - g < gcols ? ng - g : gcols;
        int w = (r.w - (in_row - 1)) / in_row, wx = (r.w - (in_row - 1)) % in_row;
        int x = r.x;
        for (int c = 0; c < in_row; c++, g++) {
            int cw = w + (c < wx ? 1 : 0);
            add_slot(out, SLOT_GRAPH, p, g, (Rect){x, y, cw, h});
            x += cw + 1;
        }
        y += h;
    }
}

static void layout_page(const LayoutReq *req, Layout *out) {
    Rect b = out->body;
    PanelId p = req->panels[req->page - 1];
    const PanelSize *s = &req->size[p];
    int table = s->pref_rows < b.h ? s->pref_rows : b.h;
    int room = b.h - table;
    int ng = s->n_graphs < LAYOUT_MAX_GRAPHS ? s->n_graphs : LAYOUT_MAX_GRAPHS;
    while (ng > 0 &&
           room / ((ng + graph_columns(b.w, ng) - 1) / graph_columns(b.w, ng)) < LAYOUT_GRAPH_MIN) {
        ng--; /* fewer graphs, each readable */
    }
    if (ng == 0) {
        add_slot(out, SLOT_PANEL, p, 0, b); /* the table scrolls in the whole body */
        return;
    }
    add_slot(out, SLOT_PANEL, p, 0, (Rect){b.x, b.y, b.w, table});
    layout_graphs(out, p, ng, (Rect){b.x, b.y + table, b.w, room});
}

static int check_request(const LayoutReq *req) {
    if (req->cols < 0 || req->rows < 0 || req->n_panels < 0 || req->n_panels > PANEL_COUNT ||
        req->page < 0 || req->page > req->n_panels) {
        return -EINVAL;
    }
    bool seen[PANEL_COUNT] = {false};
    for (int i = 0; i < req->n_panels; i++) {
        PanelId p = req->panels[i];
        if ((unsigned)p >= PANEL_COUNT || seen[p]) {
            return -EINVAL;
        }
        seen[p] = true;
        const PanelSize *s = &req->size[p];
        if (s->min_rows < 2 || s->pref_rows < s->min_rows || s->n_graphs < 0) {
            return -EINVAL;
        }
    }
    return 0;
}

int layout_compute(const LayoutReq *req, Layout *out) {
    memset(out, 0, sizeof *out);
    int rc = check_request(req);
    if (rc < 0) {
        out->too_small = true;
        return rc;
    }
    out->screen = (Rect){0, 0, req->cols, req->rows};
    if (req->cols < LAYOUT_MIN_COLS || req->rows < LAYOUT_MIN_ROWS) {
        out->too_small = true;
        return 0;
    }
    out->header = (Rect){0, 0, req->cols, LAYOUT_HEADER_ROWS};
    out->footer = (Rect){0, req->rows - LAYOUT_FOOTER_ROWS, req->cols, LAYOUT_FOOTER_ROWS};
    out->body = (Rect){0, LAYOUT_HEADER_ROWS, req->cols,
                       req->rows - LAYOUT_HEADER_ROWS - LAYOUT_FOOTER_ROWS};
    if (req->n_panels == 0) {
        return 0;
    }
    if (req->page == 0) {
        layout_overview(req, out);
    } else {
        layout_page(req, out);
    }
    return 0;
}
