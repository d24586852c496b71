/* SPDX-License-Identifier: MIT */
/* panel_power: every rail with V, A, W, session average W and session energy, then the
 * board input total; graphs of input power and of each other rail. */
#include "jtune/ui/panels.h"

#include "jtune/core/fmt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    bool amps, avg, energy, wh;
    int label_w;
} Cols;

static Cols cols_for(int w, bool page) {
    Cols k = {.amps = w >= 36, .avg = w >= 48, .energy = w >= 58, .wh = page && w >= 80};
    k.label_w = w >= 60 ? 16 : 14;
    return k;
}

static int n_rails(const UiModel *m) {
    return m->inv->n_rails < JT_MAX_RAILS ? m->inv->n_rails : JT_MAX_RAILS;
}

static void size(const UiModel *m, bool page, PanelSize *out) {
    int n = n_rails(m);
    int graphs = 1 + n - (m->inv->input_rail >= 0 ? 1 : 0);
    *out = (PanelSize){.min_rows = 3,
                       .pref_rows = 1 + 1 + n + 1,
                       .grows = !page,
                       .n_graphs =
                           page ? (graphs > LAYOUT_MAX_GRAPHS ? LAYOUT_MAX_GRAPHS : graphs) : 0};
}

static void heading(const Canvas *c, int y, Cols k) {
    draw_blank(c, y, 0, ROLE_NORMAL);
    int x = panel_cell(c, y, 0, k.label_w, ROLE_LABEL, "rail", false);
    x = panel_cell(c, y, x, 8, ROLE_LABEL, "V", true);
    if (k.amps) {
        x = panel_cell(c, y, x, 8, ROLE_LABEL, "A", true);
    }
    x = panel_cell(c, y, x, 9, ROLE_LABEL, "W", true);
    if (k.avg) {
        x = panel_cell(c, y, x, 9, ROLE_LABEL, "avg W", true);
    }
    if (k.energy) {
        panel_cell(c, y, x + 2, c->r.w - x - 2, ROLE_LABEL, "energy", false);
    }
}

/* One row: label, V, A, W, average, energy (the last two over the session). */
static void rail_row(const Canvas *c, int y, const UiModel *m, int rail, Cols k) {
    const RailSample *r = &m->cur.rail[rail];
    const RailInfo *ri = &m->inv->rails[rail];
    char v[16], a[16], w[16], avg[16], e[40];
    fmt_mv(r->mv, v, sizeof v);
    fmt_ma(r->ma, a, sizeof a);
    fmt_mw(r->mw, w, sizeof w);
    /* a log imported from tegrastats carries tegrastats' own average: show that one */
    Val av = r->avg_mw.ok ? r->avg_mw : uimodel_avg_mw(m, rail);
    Val en = uimodel_energy_mj(m, rail);
    fmt_mw(av, avg, sizeof avg);
    fmt_energy_mj(en, k.wh, e, sizeof e);
    draw_blank(c, y, 0, ROLE_NORMAL);
    int x =
        panel_cell(c, y, 0, k.label_w, ri->is_input ? ROLE_VALUE : ROLE_LABEL, ri->label, false);
    x = panel_cell(c, y, x, 8, r->mv.ok ? ROLE_NORMAL : ROLE_NA, v, true);
    if (k.amps) {
        x = panel_cell(c, y, x, 8, r->ma.ok ? ROLE_NORMAL : ROLE_NA, a, true);
    }
    x = panel_cell(c, y, x, 9, r->mw.ok ? ROLE_VALUE : ROLE_NA, w, true);
    if (k.avg) {
        x = panel_cell(c, y, x, 9, av.ok ? ROLE_NORMAL : ROLE_NA, avg, true);
    }
    if (k.energy) {
        panel_cell(c, y, x + 2, c->r.w - x - 2, en.ok ? ROLE_NORMAL : ROLE_NA, e, false);
    }
}

/* The board total (Inventory.total): the input rail's power, or a sum of named rails. */
static void total_row(const Canvas *c, int y, const UiModel *m, Cols k) {
    char w[16], avg[16], e[40], label[40];
    fmt_mw(m->cur.input_mw, w, sizeof w);
    Val av = uimodel_avg_mw(m, -1), en = uimodel_energy_mj(m, -1);
    fmt_mw(av, avg, sizeof avg);
    fmt_energy_mj(en, k.wh, e, sizeof e);
    int in = m->inv->input_rail;
    if (in >= 0) {
        snprintf(label, sizeof label, "board total = %s", m->inv->rails[in].label);
    } else {
        snprintf(label, sizeof label, "board total = sum of %d rails%s", m->inv->total.n,
                 m->inv->total.assumed ? "?" : "");
    }
    draw_blank(c, y, 0, ROLE_NORMAL);
    int x = panel_cell(c, y, 0, k.label_w + 8 + (k.amps ? 8 : 0), ROLE_TITLE, label, false);
    x = panel_cell(c, y, x, 9, m->cur.input_mw.ok ? ROLE_VALUE : ROLE_NA, w, true);
    if (k.avg) {
        x = panel_cell(c, y, x, 9, av.ok ? ROLE_NORMAL : ROLE_NA, avg, true);
    }
    if (k.energy) {
        panel_cell(c, y, x + 2, c->r.w - x - 2, en.ok ? ROLE_VALUE : ROLE_NA, e, false);
    }
}

static void draw(const Canvas *c, const UiModel *m, const PanelView *v) {
    char now[24];
    fmt_mw(m->cur.input_mw, now, sizeof now);
    draw_title(c, 0, "Power", now, m->cur.input_mw.ok ? ROLE_VALUE : ROLE_NA);
    Cols k = cols_for(c->r.w, v->page);
    int y = 1, n = n_rails(m);
    if (n == 0) {
        draw_blank(c, y, 0, ROLE_NORMAL);
        draw_text(c, y++, 0, ROLE_NA, "no power monitor (INA3221) found");
    } else {
        if (c->r.h >= n + 3) {
            heading(c, y++, k);
        }
        /* keep the total visible when rows are short: it is what people look at */
        int room = c->r.h - y - 1;
        for (int i = 0; i < n && i < room; i++) {
            rail_row(c, y++, m, i, k);
        }
        if (y < c->r.h) {
            total_row(c, y++, m, k);
        }
    }
    for (; y < c->r.h; y++) {
        draw_blank(c, y, 0, ROLE_NORMAL);
    }
}

static int no_rows(const UiModel *m) {
    (void)m;
    return 0;
}

static int graph(const UiModel *m, int i, GraphSpec *out) {
    if (i == 0) {
        *out = (GraphSpec){&m->series[SER_INPUT_MW],
                           "Board input power",
                           ROLE_GRAPH_POWER,
                           0,
                           0,
                           panel_fmt_mw,
                           m,
                           false,
                           0};
        return 0;
    }
    /* graph i >= 1: the i-th rail that is not the input */
    for (int r = 0, k = 0; r < n_rails(m); r++) {
        if (r == m->inv->input_rail) {
            continue;
        }
        if (++k == i) {
            *out = (GraphSpec){&m->series[SER_RAIL0 + r],
                               m->inv->rails[r].label,
                               ROLE_GRAPH_POWER,
                               0,
                               0,
                               panel_fmt_mw,
                               m,
                               false,
                               0};
            return 0;
        }
    }
    return -ENOENT;
}

const PanelDef panel_power = {PANEL_POWER, "Power", "Power", size, draw, no_rows, no_rows, graph};
