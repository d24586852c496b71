/* SPDX-License-Identifier: MIT */
/* panel_gpu and panel_emc: GPU load, frequency with its cap, governor, railgate, engines;
 * EMC (memory controller) frequency, utilisation and nvpmodel cap. */
#include "jtune/ui/panels.h"

#include "jtune/core/fmt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* ---- GPU ---- */

static void gpu_size(const UiModel *m, bool page, PanelSize *out) {
    int rows = !m->inv->gpu.present ? 1 : page ? 3 + (m->inv->n_engines > 0) : 2;
    *out = (PanelSize){.min_rows = 2,
                       .pref_rows = 1 + rows,
                       .grows = !page,
                       .n_graphs = page && m->inv->gpu.present ? 2 : 0};
}

/* "load ████░░ 45%  612 MHz" */
static void load_row(const Canvas *c, int y, const char *label, Val pm, Val freq_hz, int64_t max) {
    char pct[16], freq[16];
    fmt_pct10(pm, pct, sizeof pct);
    fmt_hz(freq_hz, freq, sizeof freq);
    draw_blank(c, y, 0, ROLE_NORMAL);
    int x = panel_cell(c, y, 0, 6, ROLE_LABEL, label, false);
    int barw = c->r.w - x - 5 - 10 - 1;
    if (barw >= 4) {
        draw_bar(c, y, x, barw, pm, max);
        x += barw + 1;
    }
    x = panel_cell(c, y, x, 5, pm.ok ? ROLE_VALUE : ROLE_NA, pct, true);
    panel_cell(c, y, x, 10, freq_hz.ok ? ROLE_VALUE : ROLE_NA, freq, true);
}

static void gpu_caps_row(const Canvas *c, int y, const UiModel *m, bool page) {
    const GpuSample *g = &m->cur.gpu;
    char cap[32];
    fmt_range_hz(g->min_hz, g->max_hz, cap, sizeof cap);
    draw_blank(c, y, 0, ROLE_NORMAL);
    int x = draw_text(c, y, 0, ROLE_LABEL, "cap ");
    x += draw_text(c, y, x, g->max_hz.ok ? ROLE_VALUE : ROLE_NA, cap);
    x += draw_text(c, y, x, ROLE_LABEL, "  ");
    x += draw_text(c, y, x, g->governor_ok ? ROLE_VALUE : ROLE_NA,
                   g->governor_ok ? g->governor : FMT_NA);
    x += draw_text(c, y, x, ROLE_LABEL, page ? "  railgate " : "  rg ");
    const char *rg = !g->railgate.ok ? FMT_NA : g->railgate.v ? "on" : "off";
    x += draw_text(c, y, x, g->railgate.ok ? ROLE_VALUE : ROLE_NA, rg);
    if (page && m->inv->gpu.has_3d_scaling) {
        x += draw_text(c, y, x, ROLE_LABEL, "  3D scaling ");
        const char *s3 = !g->scaling_3d.ok ? FMT_NA : g->scaling_3d.v ? "on" : "off";
        x += draw_text(c, y, x, g->scaling_3d.ok ? ROLE_VALUE : ROLE_NA, s3);
    }
    if (page && g->tpc_pg_mask.ok) {
        draw_textf(c, y, x, ROLE_LABEL, "  TPC power-gating mask 0x%llx",
                   (unsigned long long)g->tpc_pg_mask.v);
    }
}

static void engines_row(const Canvas *c, int y, const UiModel *m) {
    draw_blank(c, y, 0, ROLE_NORMAL);
    int x = draw_text(c, y, 0, ROLE_LABEL, "engines ");
    for (int i = 0; i < m->inv->n_engines && i < JT_MAX_ENGINES && x < c->r.w; i++) {
        const EngineSample *e = &m->cur.engine[i];
        char f[24];
        fmt_engine(e->on, e->freq_hz, f, sizeof f);
        bool off = e->on.ok && !e->on.v;
        x += draw_textf(c, y, x, ROLE_LABEL, "%s ", m->inv->engines[i].name);
        x += draw_text(c, y, x, off || !e->freq_hz.ok ? ROLE_NA : ROLE_VALUE, f);
        x += draw_text(c, y, x, ROLE_LABEL, "  ");
    }
}

static void gpu_draw(const Canvas *c, const UiModel *m, const PanelView *v) {
    const GpuInfo *gi = &m->inv->gpu;
    const GpuSample *g = &m->cur.gpu;
    char right[32];
    fmt_pct10(g->load_pm, right, sizeof right);
    draw_title(c, 0, "GPU", gi->present ? right : NULL, g->load_pm.ok ? ROLE_VALUE : ROLE_NA);
    int y = 1;
    if (!gi->present) {
        draw_blank(c, y, 0, ROLE_NORMAL);
        draw_text(c, y++, 0, ROLE_NA, "no GPU devfreq node found");
    } else {
        load_row(c, y++, "load", g->load_pm, g->freq_hz, 1000);
        gpu_caps_row(c, y++, m, v->page);
        if (v->page) {
            draw_blank(c, y, 0, ROLE_NORMAL);
            char avail[32] = FMT_NA;
            if (gi->n_freqs > 0) {
                fmt_range_hz(val_of(gi->freqs_hz[0]), val_of(gi->freqs_hz[gi->n_freqs - 1]), avail,
                             sizeof avail);
            }
            draw_textf(c, y++, 0, ROLE_LABEL, "device %s  available %s (%d steps)", gi->name, avail,
                       gi->n_freqs);
            if (m->inv->n_engines > 0) {
                engines_row(c, y++, m);
            }
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

static int gpu_graph(const UiModel *m, int i, GraphSpec *out) {
    const GpuInfo *gi = &m->inv->gpu;
    int64_t top = gi->n_freqs > 0 ? gi->freqs_hz[gi->n_freqs - 1] / 1000 : 0;
    switch (i) {
    case 0:
        *out = (GraphSpec){&m->series[SER_GPU_LOAD], "GPU load", ROLE_GRAPH_GPU, 0, 1000,
                           panel_fmt_pct10,          m,          false,          0};
        return 0;
    case 1:
        *out = (GraphSpec){&m->series[SER_GPU_FREQ],
                           "GPU frequency",
                           ROLE_GRAPH_GPU,
                           0,
                           top,
                           panel_fmt_khz,
                           m,
                           false,
                           0};
        return 0;
    default: return -ENOENT;
    }
}

const PanelDef panel_gpu = {PANEL_GPU, "GPU",   "GPU",   gpu_size,
                            gpu_draw,  no_rows, no_rows, gpu_graph};

/* ---- EMC ---- */

static void emc_size(const UiModel *m, bool page, PanelSize *out) {
    int rows = page ? 3 : 1;
    *out = (PanelSize){.min_rows = 2,
                       .pref_rows = 1 + rows,
                       .grows = false,
                       .n_graphs = page && m->inv->emc.present ? 2 : 0};
}

/* Why the EMC rate is unknown, in words. */
static const char *rate_reason(const EmcInfo *e) {
    switch (e->rate_errno) {
    case EACCES:
    case EPERM: return "EMC rate needs root (debugfs)";
    case ENOENT: return "EMC rate: debugfs not mounted";
    default: return "EMC rate unreadable";
    }
}

static void emc_draw(const Canvas *c, const UiModel *m, const PanelView *v) {
    const EmcInfo *ei = &m->inv->emc;
    const EmcSample *e = &m->cur.emc;
    char freq[16], util[16], cap[16];
    fmt_hz(e->freq_hz, freq, sizeof freq);
    fmt_pct10(e->util_pct10, util, sizeof util);
    fmt_hz(e->cap_hz, cap, sizeof cap);
    draw_title(c, 0, "EMC", ei->present ? util : NULL, e->util_pct10.ok ? ROLE_VALUE : ROLE_NA);
    int y = 1;
    if (!ei->present) {
        draw_blank(c, y, 0, ROLE_NORMAL);
        draw_text(c, y++, 0, ROLE_NA, "no memory controller information");
    } else if (!v->page) {
        draw_blank(c, y, 0, ROLE_NORMAL);
        int x = draw_text(c, y, 0, ROLE_LABEL, "freq ");
        x += draw_text(c, y, x, e->freq_hz.ok ? ROLE_VALUE : ROLE_NA, freq);
        x += draw_text(c, y, x, ROLE_LABEL, "  util ");
        x += draw_text(c, y, x, e->util_pct10.ok ? ROLE_VALUE : ROLE_NA, util);
        x += draw_text(c, y, x, ROLE_LABEL, "  cap ");
        draw_text(c, y, x, e->cap_hz.ok ? ROLE_VALUE : ROLE_NA, cap);
        y++;
    } else {
        load_row(c, y++, "util", e->util_pct10, e->freq_hz, 1000);
        draw_blank(c, y, 0, ROLE_NORMAL);
        int x = draw_text(c, y, 0, ROLE_LABEL, "nvpmodel cap ");
        x += draw_text(c, y, x, e->cap_hz.ok ? ROLE_VALUE : ROLE_NA, cap);
        if (!e->freq_hz.ok && !ei->rate_readable) {
            draw_textf(c, y, x, ROLE_LABEL, "   (%s)", rate_reason(ei));
        }
        y++;
        char range[32];
        fmt_range_hz(ei->min_hz, ei->max_hz, range, sizeof range);
        draw_blank(c, y, 0, ROLE_NORMAL);
        draw_textf(c, y++, 0, ROLE_LABEL, "range %s  utilisation from %s", range,
                   ei->util_src == EMC_UTIL_ACTMON    ? "actmon"
                   : ei->util_src == EMC_UTIL_CACTMON ? "cactmon"
                                                      : "nowhere (n/a)");
    }
    for (; y < c->r.h; y++) {
        draw_blank(c, y, 0, ROLE_NORMAL);
    }
}

static int emc_graph(const UiModel *m, int i, GraphSpec *out) {
    const Val *mx = &m->inv->emc.max_hz;
    switch (i) {
    case 0:
        *out = (GraphSpec){&m->series[SER_EMC_UTIL],
                           "EMC utilisation",
                           ROLE_GRAPH_EMC,
                           0,
                           1000,
                           panel_fmt_pct10,
                           m,
                           false,
                           0};
        return 0;
    case 1:
        *out = (GraphSpec){&m->series[SER_EMC_FREQ],
                           "EMC frequency",
                           ROLE_GRAPH_EMC,
                           0,
                           mx->ok ? mx->v / 1000 : 0,
                           panel_fmt_khz,
                           m,
                           false,
                           0};
        return 0;
    default: return -ENOENT;
    }
}

const PanelDef panel_emc = {PANEL_EMC, "EMC",   "EMC",   emc_size,
                            emc_draw,  no_rows, no_rows, emc_graph};
