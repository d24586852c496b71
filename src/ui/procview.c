/* SPDX-License-Identifier: MIT */
/* procview: the processes and interrupts page - keys (pure) and drawing. */
#include "jtune/ui/procview.h"

#include "jtune/core/fmt.h"

#include <stdio.h>
#include <string.h>

#define HINT_ROWS 2 /* the GPU memory note and the key hints */

void procview_init(ProcView *v) {
    memset(v, 0, sizeof *v);
    v->sort = PSORT_WAKEUPS;
}

/* Names, PIDs and states read best A-Z; numbers largest first. */
static bool natural_asc(ProcSort k) {
    return k == PSORT_COMMAND || k == PSORT_PID || k == PSORT_STATE;
}

static void sort_by(ProcView *v, ProcSort k) {
    if (v->sort == k) {
        v->asc = !v->asc;
    } else {
        v->sort = k;
        v->asc = natural_asc(k);
    }
    v->top = 0;
}

static ProcViewCmd filter_key(ProcView *v, KeyCode k) {
    size_t n = strlen(v->filter);
    if (k == KEYC_ENTER) {
        v->editing = false;
    } else if (k == KEYC_ESC) {
        v->editing = false;
        v->filter[0] = '\0';
    } else if (k == KEYC_BACKSPACE || k == 127 || k == 8) {
        v->filter[n ? n - 1 : 0] = '\0';
    } else if (k >= 32 && k < 127 && n + 1 < sizeof v->filter) {
        v->filter[n] = (char)k;
        v->filter[n + 1] = '\0';
    }
    v->top = 0;
    return PROCV_MOVED; /* the prompt takes every key */
}

static ProcViewCmd sort_key(ProcView *v, KeyCode k) {
    static const struct {
        KeyCode key;
        ProcSort sort;
    } keys[] = {{'w', PSORT_WAKEUPS}, {'c', PSORT_CPU}, {'m', PSORT_RSS},    {'g', PSORT_GPU},
                {'s', PSORT_STATE},   {'p', PSORT_PID}, {'n', PSORT_COMMAND}};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (keys[i].key == k) {
            sort_by(v, keys[i].sort);
            return PROCV_MOVED;
        }
    }
    if (k == '<' || k == '>') {
        int d = k == '<' ? PSORT_COUNT - 1 : 1;
        v->sort = (ProcSort)((v->sort + d) % PSORT_COUNT);
        v->asc = natural_asc(v->sort);
        return PROCV_MOVED;
    }
    if (k == 'r') {
        v->asc = !v->asc;
        return PROCV_MOVED;
    }
    return PROCV_NONE;
}

ProcViewCmd procview_key(ProcView *v, KeyCode k, int rows) {
    if (v->editing) {
        return filter_key(v, k);
    }
    int page = rows > 1 ? rows - 1 : 1;
    switch (k) {
    case KEYC_UP:
    case 'k': v->top--; break;
    case KEYC_DOWN:
    case 'j': v->top++; break;
    case KEYC_PGUP: v->top -= page; break;
    case KEYC_PGDN: v->top += page; break;
    case KEYC_HOME: v->top = 0; break;
    case KEYC_END: v->top = PROCS_MAX; break; /* clamped when drawn */
    case '/':
        v->editing = true;
        v->irqs = false;
        break;
    case 'i':
        v->irqs = !v->irqs;
        v->top = 0;
        break;
    case KEYC_ESC:
    case 'q':
    case 'o': return PROCV_CLOSE;
    default: return v->irqs ? PROCV_NONE : sort_key(v, k);
    }
    v->top = v->top < 0 ? 0 : v->top;
    return PROCV_MOVED;
}

/* ---------------------------------------------------------------- drawing */

static void fmt_rate(Val v, char *out, size_t n) {
    if (!v.ok) {
        snprintf(out, n, "%s", FMT_NA);
    } else if (v.v >= 100000) {
        snprintf(out, n, "%lld", (long long)(v.v / 10));
    } else {
        snprintf(out, n, "%lld.%lld", (long long)(v.v / 10), (long long)(v.v % 10));
    }
}

static void pv_kib(Val v, char *out, size_t n) {
    if (!v.ok) {
        snprintf(out, n, "%s", FMT_NA);
    } else if (v.v >= (int64_t)10 * 1024 * 1024) {
        snprintf(out, n, "%.1fG", (double)v.v / (1024.0 * 1024.0));
    } else if (v.v >= (int64_t)10 * 1024) {
        snprintf(out, n, "%lldM", (long long)(v.v / 1024));
    } else {
        snprintf(out, n, "%lldK", (long long)v.v);
    }
}

typedef struct {
    ProcSort key;
    int w;
    bool right;
} Col;

static const Col PV_COLS[] = {{PSORT_PID, 7, true},     {PSORT_STATE, 2, false},
                              {PSORT_CPU, 6, true},     {PSORT_WAKEUPS, 8, true},
                              {PSORT_RSS, 7, true},     {PSORT_GPU, 8, true},
                              {PSORT_COMMAND, 0, false}};
#define PV_NCOLS (int)(sizeof PV_COLS / sizeof PV_COLS[0])

static void heading(const Canvas *c, int y, const ProcView *v) {
    draw_clear(
        &(Canvas){c->win, {c->r.x, c->r.y + y, c->r.w, 1}, c->pal, c->g, c->sig, c->sig_paints},
        ROLE_LABEL);
    int x = 0;
    for (int i = 0; i < PV_NCOLS; i++) {
        char h[24];
        bool cur = PV_COLS[i].key == v->sort;
        snprintf(h, sizeof h, "%s%s", procs_sort_name(PV_COLS[i].key),
                 cur ? (v->asc ? "^" : "v") : "");
        int w = PV_COLS[i].w ? PV_COLS[i].w : c->r.w - x;
        int at = PV_COLS[i].right ? x + w - draw_width(h) : x;
        draw_text(c, y, at < x ? x : at, cur ? ROLE_SELECTED : ROLE_LABEL, h);
        x += w + 1;
    }
}

static void row(const Canvas *c, int y, const ProcRow *r) {
    char cell[PV_NCOLS][PROCS_CMD + 8];
    snprintf(cell[0], sizeof cell[0], "%d", (int)r->pid);
    snprintf(cell[1], sizeof cell[1], "%c", r->state ? r->state : '?');
    fmt_rate(r->cpu_pct10, cell[2], sizeof cell[2]);
    fmt_rate(r->wakeups_ps10, cell[3], sizeof cell[3]);
    pv_kib(r->rss_kib, cell[4], sizeof cell[4]);
    pv_kib(r->gpu_kib, cell[5], sizeof cell[5]);
    snprintf(cell[6], sizeof cell[6], "%s", r->cmd[0] ? r->cmd : r->comm);
    draw_blank(c, y, 0, ROLE_NORMAL);
    int x = 0;
    for (int i = 0; i < PV_NCOLS; i++) {
        int w = PV_COLS[i].w ? PV_COLS[i].w : c->r.w - x;
        bool na = strcmp(cell[i], FMT_NA) == 0;
        Role role = na ? ROLE_NA : i == 6 ? ROLE_NORMAL : ROLE_VALUE;
        int at = PV_COLS[i].right ? x + w - draw_width(cell[i]) : x;
        draw_text(c, y, at < x ? x : at, role, cell[i]);
        x += w + 1;
    }
}

static int draw_procs(const Canvas *c, ProcView *v, const ProcTable *pt) {
    static int idx[PROCS_MAX];
    int n = procs_filter(pt, v->filter, idx);
    procs_sort(pt, v->sort, !v->asc, idx, n);
    char t[200];
    snprintf(t, sizeof t, "%d shown of %d%s", n, pt->total,
             pt->total > pt->n ? " (table full)" : "");
    draw_title(c, 0, "Processes", t, ROLE_LABEL);
    int y = 1;
    if (v->editing || v->filter[0]) {
        draw_blank(c, y, 0, ROLE_NORMAL);
        draw_textf(c, y++, 1, v->editing ? ROLE_SELECTED : ROLE_LABEL, "filter: %s%s", v->filter,
                   v->editing ? "_  (Enter keeps, Esc clears)" : "");
    }
    heading(c, y++, v);
    int rows = c->r.h - y - HINT_ROWS;
    rows = rows < 1 ? 1 : rows;
    v->top = v->top > n - rows ? (n - rows > 0 ? n - rows : 0) : v->top;
    for (int i = 0; i < rows && y < c->r.h - HINT_ROWS; i++, y++) {
        if (v->top + i < n) {
            row(c, y, &pt->rows[idx[v->top + i]]);
        } else {
            draw_blank(c, y, 0, ROLE_NORMAL);
        }
    }
    draw_blank(c, y, 0, ROLE_NORMAL);
    if (!pt->gpu_ok) {
        draw_textf(c, y, 1, ROLE_NA, "GPU MEM n/a: %s", pt->gpu_why);
    } else {
        draw_text(c, y, 1, ROLE_LABEL, "WAKE/s: voluntary context switches per second");
    }
    y++;
    draw_blank(c, y, 0, ROLE_FOOTER);
    draw_text(c, y, 1, ROLE_FOOTER,
              "w c m g s p n sort (again: reverse)  / filter  i interrupts  Esc close");
    return rows;
}

static void core_rows(const Canvas *c, int y0, int x, const IrqTable *it) {
    draw_text(c, y0, x, ROLE_LABEL, "core  timer/s    IPI/s");
    for (int k = 0; k < it->n_cpus && y0 + 1 + k < c->r.h - 1; k++) {
        char a[24], b[24];
        fmt_rate(it->timer_ps10[k], a, sizeof a);
        fmt_rate(it->ipi_ps10[k], b, sizeof b);
        draw_textf(c, y0 + 1 + k, x, ROLE_VALUE, "cpu%-2d %8s %8s", k, a, b);
    }
}

static int draw_irqs(const Canvas *c, ProcView *v, const IrqTable *it) {
    static int idx[IRQS_MAX];
    draw_clear(c, ROLE_NORMAL);
    draw_title(c, 0, "Interrupts", "busiest first", ROLE_LABEL);
    int n = 0;
    for (int i = 0; i < it->n; i++) {
        idx[n++] = i;
    }
    /* by rate, largest first (few rows: insertion sort) */
    for (int i = 1; i < n; i++) {
        int k = idx[i], j = i;
        Val a = it->rows[k].rate_ps10;
        while (j > 0 &&
               (a.ok ? a.v : -1) >
                   (it->rows[idx[j - 1]].rate_ps10.ok ? it->rows[idx[j - 1]].rate_ps10.v : -1)) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = k;
    }
    bool side = c->r.w >= 96;
    int list_w = side ? c->r.w - 28 : c->r.w;
    int rows = c->r.h - 3;
    if (!side) {
        rows -= it->n_cpus + 2;
    }
    rows = rows < 1 ? 1 : rows;
    v->top = v->top > n - rows ? (n - rows > 0 ? n - rows : 0) : v->top;
    draw_text(c, 1, 1, ROLE_LABEL, "    IRQ    rate/s  name");
    int y = 2;
    for (int i = 0; i < rows && v->top + i < n; i++, y++) {
        const IrqRow *r = &it->rows[idx[v->top + i]];
        char rate[24], line[160];
        fmt_rate(r->rate_ps10, rate, sizeof rate);
        snprintf(line, sizeof line, "%7s %9s  %s%s", r->label, rate, r->name,
                 r->timer ? "  [timer]"
                 : r->ipi ? "  [IPI]"
                          : "");
        Canvas lc = canvas_sub(c, (Rect){0, 0, list_w, c->r.h});
        draw_text(&lc, y, 1, r->rate_ps10.ok ? ROLE_VALUE : ROLE_NA, line);
    }
    core_rows(c, side ? 1 : y + 1, side ? list_w + 2 : 1, it);
    draw_blank(c, c->r.h - 1, 0, ROLE_FOOTER);
    draw_text(c, c->r.h - 1, 1, ROLE_FOOTER, "i processes  arrows scroll  Esc close");
    return rows;
}

int procview_draw(const Canvas *c, ProcView *v, const ProcTable *pt, const IrqTable *it) {
    if (v->irqs && it && it->have) {
        return draw_irqs(c, v, it);
    }
    if (!v->irqs && pt && pt->have) {
        return draw_procs(c, v, pt);
    }
    draw_clear(c, ROLE_NORMAL);
    draw_title(c, 0, v->irqs ? "Interrupts" : "Processes", NULL, ROLE_LABEL);
    const char *why = v->irqs             ? (it && it->why[0] ? it->why : "interrupts are not read")
                      : pt && pt->enabled ? "no sample yet"
                                          : "processes are not read (turned off: [procs] "
                                            "enabled = false or --no-procs; a replay of a "
                                            "recording without them)";
    draw_text(c, 2, 1, ROLE_NA, why);
    draw_text(c, c->r.h - 1, 1, ROLE_FOOTER, "i processes/interrupts  Esc close");
    return 1;
}

bool procview_top_line(const ProcTable *pt, int width, char *out, size_t outsz) {
    if (!pt || !pt->have || pt->n == 0) {
        return false;
    }
    static int idx[PROCS_MAX];
    int n = procs_filter(pt, "", idx);
    procs_sort(pt, PSORT_WAKEUPS, true, idx, n);
    size_t len = (size_t)snprintf(out, outsz, "Top wakeups/s (o: processes)");
    for (int i = 0; i < n && i < 8 && len < outsz; i++) {
        const ProcRow *r = &pt->rows[idx[i]];
        if (!r->wakeups_ps10.ok) {
            break;
        }
        char rate[24], item[64];
        fmt_rate(r->wakeups_ps10, rate, sizeof rate);
        /* a rate's room is fixed: one that changes width does not move the entries after it
         * (which would repaint the rest of the line every sample) */
        snprintf(item, sizeof item, "  %s %6s", r->comm, rate);
        if (draw_width(out) + draw_width(item) > width) {
            break; /* whole entries only: a name is never cut */
        }
        len += (size_t)snprintf(out + len, outsz - len, "%s", item);
    }
    return n > 0 && pt->rows[idx[0]].wakeups_ps10.ok;
}
