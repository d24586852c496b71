/* SPDX-License-Identifier: MIT */
/* panel_fan, panel_mem, panel_radio: fan PWM/RPM/control, memory (RAM, GPU NvMap, cache,
 * swap, zram, CMA), and rfkill radios. */
#include "jtune/ui/panels.h"

#include "jtune/core/fmt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int no_rows(const UiModel *m) {
    (void)m;
    return 0;
}

static int no_graph(const UiModel *m, int i, GraphSpec *out) {
    (void)m, (void)i, (void)out;
    return -ENOENT;
}

/* ---- fan ---- */

static void fan_size(const UiModel *m, bool page, PanelSize *out) {
    bool fan = m->inv->fan.kind != FAN_NONE;
    *out = (PanelSize){.min_rows = 2,
                       .pref_rows = page && fan ? 4 : 2,
                       .grows = !page && fan,
                       .n_graphs = page && fan ? 2 : 0};
}

/* The page's extra rows: raw PWM and tachometer, nvfancontrol profiles. */
static int fan_page_rows(const Canvas *c, int y, const UiModel *m) {
    const FanInfo *fi = &m->inv->fan;
    const FanSample *f = &m->cur.fan;
    if (y < c->r.h) {
        draw_blank(c, y, 0, ROLE_NORMAL);
        char raw[16] = FMT_NA;
        if (f->pwm.ok) {
            snprintf(raw, sizeof raw, "%lld/255", (long long)f->pwm.v);
        }
        int x = draw_text(c, y, 0, ROLE_LABEL, "raw PWM ");
        x += draw_text(c, y, x, f->pwm.ok ? ROLE_VALUE : ROLE_NA, raw);
        draw_textf(c, y++, x, ROLE_LABEL, "   %s",
                   fi->rpm_path[0] ? "tachometer present" : "no tachometer");
    }
    if (y < c->r.h) {
        draw_blank(c, y, 0, ROLE_NORMAL);
        int x = draw_text(c, y, 0, ROLE_LABEL, "profiles ");
        for (int i = 0; i < fi->n_profiles && i < JT_MAX_PROFILES; i++) {
            bool dflt = strcmp(fi->profiles[i], fi->default_profile) == 0;
            x += draw_textf(c, y, x, dflt ? ROLE_VALUE : ROLE_NORMAL, "%s%s ", fi->profiles[i],
                            dflt ? " (default)" : "");
        }
        if (fi->n_profiles == 0) {
            draw_text(c, y, x, ROLE_NA, "none (no nvfancontrol.conf)");
        }
        y++;
    }
    return y;
}

static void fan_draw(const Canvas *c, const UiModel *m, const PanelView *v) {
    const FanInfo *fi = &m->inv->fan;
    const FanSample *f = &m->cur.fan;
    char pct[16], rpm[16];
    fmt_pct10(f->pwm_pct10, pct, sizeof pct);
    fmt_rpm(f->rpm, rpm, sizeof rpm);
    draw_title(c, 0, "Fan", fi->kind != FAN_NONE ? pct : NULL, ROLE_VALUE);
    int y = 1;
    draw_blank(c, y, 0, ROLE_NORMAL);
    if (fi->kind == FAN_NONE) {
        draw_text(c, y++, 0, ROLE_NA, "no fan found");
    } else {
        const char *ctl = f->control_ok ? f->control : FMT_NA;
        int ctlw = draw_width(ctl) + 2;
        ctlw = ctlw > 24 ? 24 : ctlw;
        int x = panel_cell(c, y, 0, 4, ROLE_LABEL, "PWM", false);
        int barw = c->r.w - x - 5 - 10 - ctlw - 1;
        if (barw >= 4) {
            draw_bar(c, y, x, barw, f->pwm_pct10, 1000);
            x += barw + 1;
        }
        x = panel_cell(c, y, x, 5, f->pwm_pct10.ok ? ROLE_VALUE : ROLE_NA, pct, true);
        x = panel_cell(c, y, x, 10, f->rpm.ok ? ROLE_VALUE : ROLE_NA, rpm, true);
        panel_cell(c, y++, x + 2, ctlw - 2, f->control_ok ? ROLE_NORMAL : ROLE_NA, ctl, false);
        if (v->page) {
            y = fan_page_rows(c, y, m);
        }
    }
    for (; y < c->r.h; y++) {
        draw_blank(c, y, 0, ROLE_NORMAL);
    }
}

static int fan_graph(const UiModel *m, int i, GraphSpec *out) {
    switch (i) {
    case 0:
        *out = (GraphSpec){&m->series[SER_FAN_PWM], "Fan PWM", ROLE_GRAPH_FAN, 0, 1000,
                           panel_fmt_pct10,         m,         false,          0};
        return 0;
    case 1:
        *out = (GraphSpec){&m->series[SER_FAN_RPM], "Fan speed", ROLE_GRAPH_FAN, 0, 0,
                           panel_fmt_rpm,           m,           false,          0};
        return 0;
    default: return -ENOENT;
    }
}

const PanelDef panel_fan = {PANEL_FAN, "Fan",   "Fan",   fan_size,
                            fan_draw,  no_rows, no_rows, fan_graph};

/* ---- memory ---- */

static void mem_size(const UiModel *m, bool page, PanelSize *out) {
    (void)m;
    *out = (PanelSize){.min_rows = 2, .pref_rows = 5, .grows = !page, .n_graphs = page ? 1 : 0};
}

/* "label used/total" pair, e.g. "swap 0 KiB/3.72 GiB". Returns the new x. */
static int used_of(const Canvas *c, int y, int x, const char *label, Val used, Val total) {
    char u[16], t[16];
    fmt_kib(used, u, sizeof u);
    fmt_kib(total, t, sizeof t);
    x += draw_text(c, y, x, ROLE_LABEL, label);
    if (!used.ok && !total.ok) {
        return x + draw_text(c, y, x, ROLE_NA, FMT_NA);
    }
    x += draw_text(c, y, x, used.ok ? ROLE_VALUE : ROLE_NA, u);
    x += draw_text(c, y, x, ROLE_LABEL, "/");
    x += draw_text(c, y, x, total.ok ? ROLE_NORMAL : ROLE_NA, t);
    return x;
}

static int kib_field(const Canvas *c, int y, int x, const char *label, Val v) {
    char b[16];
    fmt_kib(v, b, sizeof b);
    x += draw_text(c, y, x, ROLE_LABEL, label);
    x += draw_text(c, y, x, v.ok ? ROLE_VALUE : ROLE_NA, b);
    return x;
}

static Val diff(Val a, Val b) {
    return a.ok && b.ok ? val_of(a.v - b.v) : val_na();
}

static void mem_draw(const Canvas *c, const UiModel *m, const PanelView *v) {
    const MemSample *mem = &m->cur.mem;
    char pct[16] = "";
    if (mem->used_kib.ok && mem->total_kib.ok && mem->total_kib.v > 0) {
        fmt_pct10(val_of(mem->used_kib.v * 1000 / mem->total_kib.v), pct, sizeof pct);
    }
    draw_title(c, 0, "Memory", pct, ROLE_VALUE);
    int y = 1;
    for (int r = 1; r < c->r.h; r++) {
        draw_blank(c, r, 0, ROLE_NORMAL);
    }
    /* RAM: a bar, then used/total */
    int x = draw_text(c, y, 0, ROLE_LABEL, "RAM ");
    int barw = c->r.w - x - 22;
    if (barw >= 4) {
        draw_bar(c, y, x, barw, mem->used_kib, mem->total_kib.ok ? mem->total_kib.v : 0);
        x += barw + 1;
    }
    used_of(c, y++, x, "", mem->used_kib, mem->total_kib);
    x = kib_field(c, y, 0, "GPU (NvMap) ", mem->nvmap_kib);
    x = kib_field(c, y, x, "  cache ", mem->cached_kib);
    if (v->page) {
        x = kib_field(c, y, x, "  buffers ", mem->buffers_kib);
        x = kib_field(c, y, x, "  available ", mem->avail_kib);
        kib_field(c, y, x, "  free ", mem->free_kib);
    }
    y++;
    x = used_of(c, y, 0, "swap ", diff(mem->swap_total_kib, mem->swap_free_kib),
                mem->swap_total_kib);
    used_of(c, y++, x, "  zram ", mem->zram_used_kib, mem->zram_total_kib);
    x = used_of(c, y, 0, "CMA ", diff(mem->cma_total_kib, mem->cma_free_kib), mem->cma_total_kib);
    kib_field(c, y++, x, "  largest free block ", mem->lfb_kib);
}

static int mem_graph(const UiModel *m, int i, GraphSpec *out) {
    if (i != 0) {
        return -ENOENT;
    }
    const Val *t = &m->cur.mem.total_kib;
    *out = (GraphSpec){&m->series[SER_MEM_USED],
                       "RAM used",
                       ROLE_GRAPH_MEM,
                       0,
                       t->ok ? t->v / 1024 : 0,
                       panel_fmt_mib,
                       m,
                       false,
                       0};
    return 0;
}

const PanelDef panel_mem = {PANEL_MEM, "Memory", "Memory", mem_size,
                            mem_draw,  no_rows,  no_rows,  mem_graph};

/* ---- radios ---- */

static int n_radios(const UiModel *m) {
    return m->inv->n_radios < JT_MAX_RADIOS ? m->inv->n_radios : JT_MAX_RADIOS;
}

static void radio_size(const UiModel *m, bool page, PanelSize *out) {
    int n = n_radios(m);
    *out = (PanelSize){.min_rows = 2,
                       .pref_rows = 1 + (n ? n : 1) + (page ? 1 : 0),
                       .grows = false,
                       .n_graphs = 0};
}

static void radio_row(const Canvas *c, int y, const UiModel *m, int i, const PanelView *v) {
    const RadioInfo *ri = &m->inv->radios[i];
    const RadioSample *rs = &m->cur.radio[i];
    draw_blank(c, y, 0, ROLE_NORMAL);
    int x = panel_row_name(c, y, 8, ri->name, v->page && v->sel == i, v->page);
    x = panel_cell(c, y, x, 11, ROLE_NORMAL, ri->type, false);
    if (!rs->soft.ok && !rs->hard.ok) {
        draw_text(c, y, x, ROLE_NA, FMT_NA);
        return;
    }
    bool hard = rs->hard.ok && rs->hard.v, soft = rs->soft.ok && rs->soft.v;
    if (hard || soft) {
        draw_text(c, y, x, ROLE_STATE_OFF,
                  hard && soft ? "blocked (soft+hard)"
                  : hard       ? "blocked (hard)"
                               : "blocked (soft)");
    } else {
        draw_text(c, y, x, ROLE_STATE_ON, "on");
    }
}

static void radio_draw(const Canvas *c, const UiModel *m, const PanelView *v) {
    char right[16];
    snprintf(right, sizeof right, "%d", n_radios(m));
    draw_title(c, 0, "Radios", right, ROLE_LABEL);
    int y = 1, n = n_radios(m);
    if (n == 0) {
        draw_blank(c, y, 0, ROLE_NORMAL);
        draw_text(c, y++, 0, ROLE_NA, "no rfkill devices");
    } else {
        if (v->page) {
            draw_blank(c, y, 0, ROLE_NORMAL);
            draw_text(c, y++, 2, ROLE_LABEL, "device  type       state");
        }
        int first = panel_first_row(n, c->r.h - y, v->page ? v->sel : -1);
        for (int i = first; i < n && y < c->r.h; i++) {
            radio_row(c, y++, m, i, v);
        }
    }
    for (; y < c->r.h; y++) {
        draw_blank(c, y, 0, ROLE_NORMAL);
    }
}

static int radio_rows(const UiModel *m) {
    return n_radios(m);
}

const PanelDef panel_radio = {PANEL_RADIO, "Radios",   "Radios", radio_size,
                              radio_draw,  radio_rows, no_rows,  no_graph};
