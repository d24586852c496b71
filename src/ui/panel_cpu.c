/* SPDX-License-Identifier: MIT */
/* panel_cpu: one row per core grouped by cluster (cpufreq policy): utilisation bar, current
 * frequency, online or parked; each cluster row shows its governor and min-max cap. */
#include "jtune/ui/panels.h"

#include "jtune/core/parse.h"
#include "jtune/ui/derive.h"
#include "jtune/core/fmt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    int8_t cluster; /* policy index, or -1 for "other"; meaningful for both kinds */
    int8_t cpu;     /* core index, -1 for the cluster row */
} Item;

#define MAX_ITEMS (JT_MAX_POLICIES + 1 + JT_MAX_CPUS)

/* Cluster rows, each followed by its cores; cores without a policy come last. */
static int items_of(const Inventory *inv, Item *out) {
    int n = 0, ncpu = inv->cpu.n_cpus < JT_MAX_CPUS ? inv->cpu.n_cpus : JT_MAX_CPUS;
    for (int p = 0; p <= inv->cpu.n_policies && p <= JT_MAX_POLICIES; p++) {
        int pol = p < inv->cpu.n_policies ? p : -1; /* the last round collects orphans */
        int first = n;
        out[n++] = (Item){(int8_t)pol, -1};
        for (int c = 0; c < ncpu; c++) {
            if (inv->cpu.policy_of[c] == pol ||
                (pol == -1 &&
                 (inv->cpu.policy_of[c] < 0 || inv->cpu.policy_of[c] >= inv->cpu.n_policies))) {
                out[n++] = (Item){(int8_t)pol, (int8_t)c};
            }
        }
        if (pol == -1 && n == first + 1) {
            n = first; /* no orphan cores: no "other" row */
        }
    }
    return n;
}

/* Cores with a history graph of their own (the CPU page, room permitting). */
static int n_cores(const UiModel *m) {
    return m->inv->cpu.n_cpus < JT_MAX_CPUS ? m->inv->cpu.n_cpus : JT_MAX_CPUS;
}

static void size(const UiModel *m, bool page, PanelSize *out) {
    Item it[MAX_ITEMS];
    int n = items_of(m->inv, it);
    *out = (PanelSize){.min_rows = 3,
                       .pref_rows = 1 + n + (page ? 1 : 0),
                       .grows = !page,
                       .n_graphs = page ? 2 + n_cores(m) : 0};
    out->pref_rows = out->pref_rows < out->min_rows ? out->min_rows : out->pref_rows;
}

static void cluster_row(const Canvas *c, int y, const UiModel *m, int pol, bool page) {
    const Inventory *inv = m->inv;
    draw_blank(c, y, 0, ROLE_NORMAL);
    if (pol < 0) {
        draw_text(c, y, page ? 2 : 0, ROLE_LABEL, "other cores");
        return;
    }
    const PolicyInfo *pi = &inv->cpu.policies[pol];
    const PolicySample *ps = &m->cur.policy[pol];
    char cpus[32] = "?", cap[32], hw[32];
    format_cpulist(pi->cpus, cpus, sizeof cpus);
    fmt_range_khz(ps->min_khz, ps->max_khz, cap, sizeof cap);
    int x = page ? 2 : 0;
    if (page) {
        x += draw_textf(c, y, x, ROLE_LABEL, "cluster %d (cpu%s)  ", pol, cpus);
    } else {
        x += draw_textf(c, y, x, ROLE_LABEL, "cluster %d %s ", pol, c->g->dot);
    }
    x += draw_text(c, y, x, ps->governor_ok ? ROLE_VALUE : ROLE_NA,
                   ps->governor_ok ? ps->governor : FMT_NA);
    x += draw_text(c, y, x, ROLE_LABEL, page ? "  cap " : " ");
    x += draw_text(c, y, x, ps->max_khz.ok ? ROLE_VALUE : ROLE_NA, cap);
    if (page) {
        fmt_range_khz(pi->cpuinfo_min_khz, pi->cpuinfo_max_khz, hw, sizeof hw);
        draw_textf(c, y, x, ROLE_LABEL, "  (hardware %s, %d steps)", hw, pi->n_freqs);
    }
}

/* Columns right of the load bar: total load, then (a wide page) its user / system / iowait /
 * irq shares, then the frequency. Each is headed on the page. */
#define COL_TOTAL 6
#define COL_SPLIT 7
#define COL_FREQ  10
static const char *const split_names[4] = {"user", "system", "iowait", "irq"};

static bool has_split(const Canvas *c, bool page) {
    return page && c->r.w >= 100;
}

/* Width of the load bar that starts at x. */
static int bar_width(const Canvas *c, int x, bool page) {
    int right = COL_TOTAL + COL_FREQ + (has_split(c, page) ? 4 * COL_SPLIT : 0);
    return c->r.w - x - right - 1;
}

/* The page's heading row, aligned with core_row's columns. */
static void heading(const Canvas *c, int y) {
    draw_blank(c, y, 0, ROLE_NORMAL);
    draw_text(c, y, 2, ROLE_LABEL, "core");
    draw_text(c, y, 8, ROLE_LABEL, "state");
    int x = 16, barw = bar_width(c, x, true);
    if (barw >= 4) {
        draw_text(c, y, x, ROLE_LABEL, "load");
        x += barw + 1;
    }
    x = panel_cell(c, y, x, COL_TOTAL, ROLE_LABEL, "total", true);
    for (int i = 0; i < 4 && has_split(c, true); i++) {
        x = panel_cell(c, y, x, COL_SPLIT, ROLE_LABEL, split_names[i], true);
    }
    panel_cell(c, y, x, COL_FREQ, ROLE_LABEL, "freq", true);
}

static void core_row(const Canvas *c, int y, const UiModel *m, int cpu, const PanelView *v) {
    const CoreSample *cs = &m->cur.cpu[cpu];
    char name[8], pct[16], freq[16];
    snprintf(name, sizeof name, "cpu%d", cpu);
    draw_blank(c, y, 0, ROLE_NORMAL);
    int x = panel_row_name(c, y, 6, name, v->page && v->sel == cpu, v->page);
    bool parked = cs->online.ok && cs->online.v == 0;
    if (v->page) {
        x = panel_cell(c, y, x, 8, parked ? ROLE_STATE_OFF : ROLE_STATE_ON,
                       !cs->online.ok ? FMT_NA
                       : parked       ? "parked"
                                      : "online",
                       false);
    } else if (parked) {
        draw_text(c, y, x, ROLE_STATE_OFF, "parked");
        return;
    }
    fmt_pct10(cs->util_pct10, pct, sizeof pct);
    fmt_khz(cs->freq_khz, freq, sizeof freq);
    int barw = bar_width(c, x, v->page);
    if (barw >= 4) {
        draw_bar(c, y, x, barw, parked ? val_na() : cs->util_pct10, 1000);
        x += barw + 1;
    }
    x = panel_cell(c, y, x, COL_TOTAL, cs->util_pct10.ok ? ROLE_VALUE : ROLE_NA, pct, true);
    const Val split[4] = {cs->user_pct10, cs->system_pct10, cs->iowait_pct10, cs->irq_pct10};
    for (int i = 0; i < 4 && has_split(c, v->page); i++) {
        char b[16];
        fmt_pct10(split[i], b, sizeof b);
        x = panel_cell(c, y, x, COL_SPLIT, split[i].ok ? ROLE_VALUE : ROLE_NA, b, true);
    }
    panel_cell(c, y, x, COL_FREQ, cs->freq_khz.ok ? ROLE_VALUE : ROLE_NA, freq, true);
}

static void title(const Canvas *c, const UiModel *m) {
    int online, known;
    derive_cores_online(m->inv, &m->cur, &online, &known);
    char pct[16], right[48];
    fmt_pct10(m->cur.cpu_total_pct10, pct, sizeof pct);
    if (known && online < m->inv->cpu.n_cpus) {
        snprintf(right, sizeof right, "%d/%d online %s %s", online, m->inv->cpu.n_cpus, c->g->dot,
                 pct);
    } else {
        snprintf(right, sizeof right, "%d cores %s %s", m->inv->cpu.n_cpus, c->g->dot, pct);
    }
    draw_title(c, 0, "CPU", right, ROLE_VALUE);
}

static void draw(const Canvas *c, const UiModel *m, const PanelView *v) {
    title(c, m);
    Item it[MAX_ITEMS];
    int n = items_of(m->inv, it);
    int y = 1;
    if (v->page && c->r.h > 2) {
        heading(c, y++);
    }
    int visible = c->r.h - y;
    int sel_item = 0;
    for (int i = 0; i < n; i++) {
        sel_item = it[i].cpu == v->sel && v->sel >= 0 ? i : sel_item;
    }
    /* rows that do not fit are counted on the last row, never left off silently */
    int shown = n > visible && visible > 1 ? visible - 1 : visible;
    int first = panel_first_row(n, shown, v->page ? sel_item : -1);
    for (int i = first; i < n && i < first + shown && y < c->r.h; i++, y++) {
        if (it[i].cpu < 0) {
            cluster_row(c, y, m, it[i].cluster, v->page);
        } else {
            core_row(c, y, m, it[i].cpu, v);
        }
    }
    if (shown < n && y < c->r.h) {
        int cores = 0;
        for (int i = 0; i < n; i++) {
            cores += (i < first || i >= first + shown) && it[i].cpu >= 0;
        }
        draw_blank(c, y, 0, ROLE_NORMAL);
        draw_textf(c, y++, v->page ? 2 : 0, ROLE_LABEL, "%s %d more core%s %s", c->g->ellipsis,
                   cores, cores == 1 ? "" : "s", v->page ? "(up/down scrolls)" : "on its page");
    }
    for (; y < c->r.h; y++) {
        draw_blank(c, y, 0, ROLE_NORMAL);
    }
}

static int rows(const UiModel *m) {
    return m->inv->cpu.n_cpus;
}

static int cols(const UiModel *m) {
    (void)m;
    return 0;
}

static int graph(const UiModel *m, int i, GraphSpec *out) {
    int64_t top = 0;
    for (int p = 0; p < m->inv->cpu.n_policies; p++) {
        const Val *mx = &m->inv->cpu.policies[p].cpuinfo_max_khz;
        top = mx->ok && mx->v > top ? mx->v : top;
    }
    switch (i) {
    case 0:
        *out = (GraphSpec){&m->series[SER_CPU_LOAD], "CPU load", ROLE_GRAPH_CPU, 0, 1000,
                           panel_fmt_pct10,          m,          false,          0};
        return 0;
    case 1:
        *out = (GraphSpec){&m->series[SER_CPU_FREQ],
                           "CPU frequency (mean of online cores)",
                           ROLE_GRAPH_CPU,
                           0,
                           top,
                           panel_fmt_khz,
                           m,
                           false,
                           0};
        return 0;
    default: break;
    }
    int core = i - 2;
    if (core < 0 || core >= n_cores(m)) {
        return -ENOENT;
    }
    static char titles[JT_MAX_CPUS][24]; /* GraphSpec borrows the title */
    snprintf(titles[core], sizeof titles[core], "cpu%d load", core);
    *out = (GraphSpec){&m->series[SER_CORE0 + core],
                       titles[core],
                       ROLE_GRAPH_CPU,
                       0,
                       1000,
                       panel_fmt_pct10,
                       m,
                       false,
                       0};
    return 0;
}

const PanelDef panel_cpu = {PANEL_CPU, "CPU", "CPU", size, draw, rows, cols, graph};
