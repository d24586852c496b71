/* SPDX-License-Identifier: MIT */
/* panel_thermal: every zone with its temperature, nearest trip point and headroom,
 * coloured by headroom. panel_idle: cpuidle residency and entries/s, core x state. */
#include "jtune/ui/panels.h"

#include "jtune/ui/derive.h"
#include "jtune/core/fmt.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- thermal ---- */

static int n_zones(const UiModel *m) {
    return m->inv->n_zones < JT_MAX_ZONES ? m->inv->n_zones : JT_MAX_ZONES;
}

/* Zone of the k-th per-zone graph: zones that report a temperature (fixed-value ones, such
 * as PMIC-Die, have no history worth a graph). -1 when there is none. */
static int graphed_zone(const UiModel *m, int k) {
    for (int z = 0; z < n_zones(m); z++) {
        if (!m->inv->zones[z].fixed && k-- == 0) {
            return z;
        }
    }
    return -1;
}

static int n_graphed(const UiModel *m) {
    int n = 0;
    while (graphed_zone(m, n) >= 0) {
        n++;
    }
    return n;
}

static void th_size(const UiModel *m, bool page, PanelSize *out) {
    int n = n_zones(m);
    *out = (PanelSize){.min_rows = 3,
                       .pref_rows = 2 + (n ? n : 1),
                       .grows = !page && n,
                       .n_graphs = page && n ? 1 + n_graphed(m) : 0};
}

static Role heat_role(Heat h) {
    switch (h) {
    case HEAT_HOT: return ROLE_TEMP_HOT;
    case HEAT_WARM: return ROLE_TEMP_WARM;
    case HEAT_COOL: return ROLE_TEMP_COOL;
    default: return ROLE_NA;
    }
}

static void zone_row(const Canvas *c, int y, const UiModel *m, int z, bool page) {
    const ZoneInfo *zi = &m->inv->zones[z];
    Val t = m->cur.zone_mc[z];
    TripView tv;
    derive_trip(zi, t, &tv);
    char temp[24], trip[24], room[24];
    fmt_temp_mc(t, m->unit, m->utf8, temp, sizeof temp);
    fmt_temp_mc(tv.trip_mc, m->unit, m->utf8, trip, sizeof trip);
    fmt_dtemp_mc(tv.headroom_mc, m->unit, m->utf8, room, sizeof room);
    draw_blank(c, y, 0, ROLE_NORMAL);
    int x = panel_cell(c, y, 0, page ? 18 : 8, ROLE_LABEL,
                       page ? zi->type : (zi->name[0] ? zi->name : zi->type), false);
    x = panel_cell(c, y, x, 9, heat_role(tv.heat), temp, true);
    x = panel_cell(c, y, x, 10, tv.trip_mc.ok ? ROLE_NORMAL : ROLE_NA, trip, true);
    if (page) {
        x = panel_cell(c, y, x, 10, ROLE_LABEL, tv.trip >= 0 ? zi->trips[tv.trip].type : "", true);
    }
    panel_cell(c, y, x, 10, tv.headroom_mc.ok ? heat_role(tv.heat) : ROLE_NA, room, true);
}

/* Zone display order: discovery order, or (on the overview, where the table may be cut)
 * least headroom first so the zones that matter stay visible. */
static void zone_order(const UiModel *m, bool by_heat, int *order) {
    int n = n_zones(m);
    int64_t key[JT_MAX_ZONES];
    for (int z = 0; z < n; z++) {
        TripView tv;
        derive_trip(&m->inv->zones[z], m->cur.zone_mc[z], &tv);
        key[z] = !by_heat ? z : tv.headroom_mc.ok ? tv.headroom_mc.v : INT64_MAX / 2 + z;
        order[z] = z;
    }
    for (int i = 1; i < n; i++) { /* insertion sort: stable, n <= 24 */
        int o = order[i];
        int j = i;
        for (; j > 0 && key[order[j - 1]] > key[o]; j--) {
            order[j] = order[j - 1];
        }
        order[j] = o;
    }
}

static void th_draw(const Canvas *c, const UiModel *m, const PanelView *v) {
    int hottest;
    Val mx = derive_temp_max_mc(m->inv, &m->cur, &hottest);
    char right[48] = "";
    if (mx.ok) {
        char t[24];
        fmt_temp_mc(mx, m->unit, m->utf8, t, sizeof t);
        snprintf(right, sizeof right, "max %s %s", m->inv->zones[hottest].name, t);
    }
    draw_title(c, 0, "Thermal", right, ROLE_VALUE);
    int y = 1, n = n_zones(m);
    draw_blank(c, y, 0, ROLE_NORMAL);
    if (n == 0) {
        draw_text(c, y++, 0, ROLE_NA, "no thermal zones found");
    } else {
        int x = panel_cell(c, y, 0, v->page ? 18 : 8, ROLE_LABEL, "zone", false);
        x = panel_cell(c, y, x, 9, ROLE_LABEL, "temp", true);
        x = panel_cell(c, y, x, 10, ROLE_LABEL, "trip", true);
        if (v->page) {
            x = panel_cell(c, y, x, 10, ROLE_LABEL, "type", true);
        }
        panel_cell(c, y++, x, 10, ROLE_LABEL, "headroom", true);
        int order[JT_MAX_ZONES];
        zone_order(m, !v->page && c->r.h - y < n, order); /* sort only when cut short */
        for (int i = 0; i < n && y < c->r.h; i++) {
            if (y == c->r.h - 1 && i < n - 1) {
                panel_more(c, y++, n - i);
                break;
            }
            zone_row(c, y++, m, order[i], v->page);
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

static int th_graph(const UiModel *m, int i, GraphSpec *out) {
    if (i == 0) {
        *out = (GraphSpec){&m->series[SER_TEMP_MAX],
                           "Hottest zone",
                           ROLE_GRAPH_TEMP,
                           0,
                           0,
                           panel_fmt_temp,
                           m,
                           false,
                           0};
        return 0;
    }
    int z = graphed_zone(m, i - 1);
    if (z < 0) {
        return -ENOENT;
    }
    static char titles[JT_MAX_ZONES][JT_NAME + 8]; /* GraphSpec borrows the title */
    const ZoneInfo *zi = &m->inv->zones[z];
    snprintf(titles[z], sizeof titles[z], "%s temperature", zi->name[0] ? zi->name : zi->type);
    *out = (GraphSpec){
        &m->series[SER_ZONE0 + z], titles[z], ROLE_GRAPH_TEMP, 0, 0, panel_fmt_temp, m, false, 0};
    return 0;
}

const PanelDef panel_thermal = {PANEL_THERMAL, "Thermal", "Thermal", th_size,
                                th_draw,       no_rows,   no_rows,   th_graph};

/* ---- cpuidle ---- */

static int n_states(const UiModel *m) {
    return m->inv->idle.n_states < JT_MAX_IDLE ? m->inv->idle.n_states : JT_MAX_IDLE;
}

static int n_cpus(const UiModel *m) {
    return m->inv->cpu.n_cpus < JT_MAX_CPUS ? m->inv->cpu.n_cpus : JT_MAX_CPUS;
}

static void idle_size(const UiModel *m, bool page, PanelSize *out) {
    int n = n_cpus(m);
    *out = (PanelSize){.min_rows = 3,
                       .pref_rows = 2 + (n ? n : 1) + (page ? 1 : 0),
                       .grows = false,
                       .n_graphs = 0};
}

/* Width of one state column: residency, and entries/s when there is room. */
static int state_w(const Canvas *c, int ns, bool *rate) {
    int avail = c->r.w - 8;
    int w = ns > 0 ? avail / ns : avail;
    *rate = w >= 15;
    return w > 22 ? 22 : w;
}

static void idle_heading(const Canvas *c, int y, const UiModel *m, int sw, bool page) {
    draw_blank(c, y, 0, ROLE_NORMAL);
    int x = panel_cell(c, y, 0, page ? 8 : 6, ROLE_LABEL, "core", false);
    for (int s = 0; s < n_states(m); s++) {
        const IdleStateInfo *si = &m->inv->idle.states[s];
        char h[48];
        if (page && si->residency_us.ok) {
            snprintf(h, sizeof h, "%s (>%lld us)", si->name, (long long)si->residency_us.v);
        } else {
            snprintf(h, sizeof h, "%s", si->name);
        }
        x = panel_cell(c, y, x, sw, ROLE_LABEL, h, false);
    }
}

static void idle_cell(const Canvas *c, int y, int x, int sw, bool rate, const IdleSample *is,
                      bool selected) {
    char res[16], ent[16];
    bool off = is->disabled.ok && is->disabled.v;
    fmt_pct10_1(is->residency_pct10, res, sizeof res);
    fmt_rate_ps10(is->entries_ps10, ent, sizeof ent);
    Role r = selected ? ROLE_SELECTED : is->residency_pct10.ok ? ROLE_VALUE : ROLE_NA;
    int end = panel_cell(c, y, x, 7, r, res, true);
    if (off) {
        panel_cell(c, y, end + 1, sw - 8, selected ? ROLE_SELECTED : ROLE_STATE_OFF, "disabled",
                   false);
    } else if (rate) {
        panel_cell(c, y, end, 8, selected ? ROLE_SELECTED : ROLE_NORMAL, ent, true);
    }
}

static void idle_row(const Canvas *c, int y, const UiModel *m, int cpu, const PanelView *v, int sw,
                     bool rate) {
    char name[8];
    snprintf(name, sizeof name, "cpu%d", cpu);
    draw_blank(c, y, 0, ROLE_NORMAL);
    int x = panel_row_name(c, y, 6, name, v->page && v->sel == cpu, v->page);
    const CoreSample *cs = &m->cur.cpu[cpu];
    if (cs->online.ok && cs->online.v == 0) {
        draw_text(c, y, x, ROLE_STATE_OFF, "parked");
        return;
    }
    for (int s = 0; s < n_states(m); s++, x += sw) {
        idle_cell(c, y, x, sw, rate, &m->cur.idle[cpu][s],
                  v->page && v->sel == cpu && v->sel_col == s);
    }
}

static void idle_draw(const Canvas *c, const UiModel *m, const PanelView *v) {
    draw_title(c, 0, "cpuidle", v->page ? "residency  entries/s" : NULL, ROLE_LABEL);
    int y = 1, ns = n_states(m), nc = n_cpus(m);
    if (ns == 0 || nc == 0) {
        draw_blank(c, y, 0, ROLE_NORMAL);
        draw_text(c, y++, 0, ROLE_NA, "no cpuidle states found");
    } else {
        bool rate;
        int sw = state_w(c, ns, &rate);
        idle_heading(c, y++, m, sw, v->page);
        if (v->page && y < c->r.h) {
            draw_blank(c, y, 0, ROLE_NORMAL);
            draw_text(c, y++, 2, ROLE_LABEL, "left/right pick a state, up/down a core");
        }
        int first = panel_first_row(nc, c->r.h - y, v->page ? v->sel : -1);
        for (int cpu = first; cpu < nc && y < c->r.h; cpu++) {
            if (!v->page && y == c->r.h - 1 && cpu < nc - 1) {
                panel_more(c, y++, nc - cpu);
                break;
            }
            idle_row(c, y++, m, cpu, v, sw, rate);
        }
    }
    for (; y < c->r.h; y++) {
        draw_blank(c, y, 0, ROLE_NORMAL);
    }
}

static int idle_rows(const UiModel *m) {
    return n_cpus(m);
}

static int idle_cols(const UiModel *m) {
    return n_states(m);
}

static int no_graph(const UiModel *m, int i, GraphSpec *out) {
    (void)m, (void)i, (void)out;
    return -ENOENT;
}

const PanelDef panel_idle = {PANEL_IDLE, "cpuidle", "Idle",    idle_size,
                             idle_draw,  idle_rows, idle_cols, no_graph};
