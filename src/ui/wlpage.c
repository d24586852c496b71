/* SPDX-License-Identifier: MIT */
/* wlpage: drawing and keys of the workload page (see wlpage.h). */
#include "jtune/ui/wlpage.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define DETAIL_ROWS 8 /* progress, energy, power, history, output, message, hint, gap */

WlPageKey wlpage_key(KeyCode k, int *sel, int n) {
    switch (k) {
    case KEYC_UP:
    case 'k': *sel = *sel > 0 ? *sel - 1 : 0; break;
    case KEYC_DOWN:
    case 'j': *sel = *sel + 1 < n ? *sel + 1 : *sel; break;
    case KEYC_HOME: *sel = 0; break;
    case KEYC_END: *sel = n > 0 ? n - 1 : 0; break;
    case KEYC_ENTER:
    case '\n':
    case '\r': return WLPAGE_START;
    case 's': return WLPAGE_STOP;
    case KEYC_ESC:
    case 'w': return WLPAGE_CLOSE;
    default: return WLPAGE_PASS;
    }
    return WLPAGE_MOVED;
}

const char *wlpage_format_eta(int64_t ms, char *out, size_t outsz) {
    int64_t s = (ms + 999) / 1000;
    if (s >= 3600) {
        snprintf(out, outsz, "%lld h %02lld m", (long long)(s / 3600), (long long)(s % 3600 / 60));
    } else if (s >= 60) {
        snprintf(out, outsz, "%lld m %02lld s", (long long)(s / 60), (long long)(s % 60));
    } else {
        snprintf(out, outsz, "%lld s", (long long)s);
    }
    return out;
}

/* The list of workloads in rows [y, y + rows). */
static void draw_list(const Canvas *c, int y, int rows, const WlPageView *v, int sel) {
    draw_text(c, y, 2, ROLE_LABEL, "workload");
    draw_text(c, y, 22, ROLE_LABEL, "batches");
    int first = sel >= rows - 1 ? sel - (rows - 2) : 0;
    for (int r = 1; r < rows; r++) {
        int i = first + r - 1;
        if (i >= v->n) {
            break;
        }
        bool s = i == sel;
        Role role = s ? ROLE_SELECTED : (v->runnable[i] ? ROLE_VALUE : ROLE_NA);
        draw_blank(c, y + r, 0, s ? ROLE_SELECTED : ROLE_NORMAL);
        draw_text(c, y + r, 0, role, s ? c->g->sel : " ");
        draw_text(c, y + r, 2, role, v->name[i]);
        draw_text(c, y + r, 22, role, v->desc[i]);
        if (i == v->running) {
            draw_text_right(c, y + r, c->r.w, ROLE_STATE_ON, "running ");
        }
    }
    if (v->n == 0) {
        draw_text(c, y + 1, 2, ROLE_NA, "no workloads");
    }
}

static void draw_run(const Canvas *c, int y, const WlPageView *v) {
    int x = draw_textf(c, y, 0, ROLE_TITLE, " %s: ", v->run_name);
    x += 1 + draw_text(c, y, x + 1, ROLE_VALUE, v->state);
    int bar_w = c->r.w - x - 26;
    if (bar_w >= 10 && v->batches > 0) {
        draw_progress(c, y, x + 2, bar_w, val_of(v->done), v->batches);
        draw_textf(c, y, x + 3 + bar_w, ROLE_VALUE, "%3d%%", 100 * v->done / v->batches);
    }
    char eta[32];
    if (v->eta_ms > 0) {
        draw_textf(c, y, c->r.w - 16, ROLE_LABEL, "ETA %s",
                   wlpage_format_eta(v->eta_ms, eta, sizeof eta));
    }
}

static void value_or_na(const Canvas *c, int y, int x, double v, const char *fmt) {
    if (isfinite(v)) {
        draw_textf(c, y, x, ROLE_VALUE, fmt, v);
    } else {
        draw_text(c, y, x, ROLE_NA, "n/a");
    }
}

static void draw_energy(const Canvas *c, int y, const WlPageView *v) {
    draw_text(c, y, 1, ROLE_LABEL, "energy/batch");
    if (v->j_n > 0) {
        int x = draw_textf(c, y, 15, ROLE_VALUE, "%.3f", v->j_mean);
        if (isfinite(v->j_ci)) {
            x += draw_textf(c, y, 15 + x, ROLE_VALUE, " %s %.3f", c->g->utf8 ? "\u00b1" : "+-",
                            v->j_ci);
        }
        draw_textf(c, y, 15 + x, ROLE_LABEL, " J (95%% CI, %lld batches, last %.3f J)",
                   (long long)v->j_n, v->j_last);
    } else {
        draw_text(c, y, 15, ROLE_NA, "n/a (no whole batch yet)");
    }
    draw_text(c, y + 1, 1, ROLE_LABEL, "net");
    value_or_na(c, y + 1, 15, v->net_mean, "%.3f J");
    draw_text(c, y + 1, 27, ROLE_LABEL, "power");
    value_or_na(c, y + 1, 34, v->w_mean, "%.2f W");
    draw_text(c, y + 1, 44, ROLE_LABEL, "baseline");
    value_or_na(c, y + 1, 54, v->baseline_mw.ok ? (double)v->baseline_mw.v / 1000 : NAN, "%.2f W");
    draw_text(c, y + 1, 63, ROLE_LABEL, "idle");
    value_or_na(c, y + 1, 69, v->idle_mw.ok ? (double)v->idle_mw.v / 1000 : NAN, "%.2f W");
}

/* J per batch as a one-row graph, scaled between its minimum and maximum. */
static void draw_history(const Canvas *c, int y, const WlPageView *v) {
    draw_text(c, y, 1, ROLE_LABEL, "J/batch");
    if (v->hist_n == 0) {
        draw_text(c, y, 15, ROLE_NA, "-");
        return;
    }
    double lo = v->hist_j[0], hi = v->hist_j[0];
    for (int i = 1; i < v->hist_n; i++) {
        lo = v->hist_j[i] < lo ? v->hist_j[i] : lo;
        hi = v->hist_j[i] > hi ? v->hist_j[i] : hi;
    }
    for (int i = 0; i < v->hist_n; i++) {
        int lvl = hi > lo ? 1 + (int)lround(7.0 * (v->hist_j[i] - lo) / (hi - lo)) : 4;
        draw_text(c, y, 15 + i, ROLE_GRAPH_POWER, c->g->graph_lvl[lvl]);
    }
    draw_textf(c, y, 17 + v->hist_n, ROLE_LABEL, "min %.3f  max %.3f J", lo, hi);
}

void wlpage_draw(const Canvas *c, const WlPageView *v, int sel) {
    draw_clear(c, ROLE_NORMAL);
    draw_title(c, 0, "Workload", "energy per batch", ROLE_LABEL);
    int detail = c->r.h >= DETAIL_ROWS + 4 ? DETAIL_ROWS : 0;
    draw_list(c, 1, c->r.h - 1 - detail, v, sel);
    if (!detail) {
        return; /* too short: the list only */
    }
    int y = c->r.h - DETAIL_ROWS + 1;
    if (v->have_run) {
        draw_run(c, y, v);
        draw_energy(c, y + 1, v);
        draw_history(c, y + 3, v);
        if (v->output[0]) {
            draw_textf(c, y + 4, 1, ROLE_LABEL, "output: %s", v->output);
        }
    } else {
        draw_text(c, y, 1, ROLE_LABEL, "nothing run yet: choose a workload and press enter");
    }
    if (v->message[0]) {
        draw_text(c, y + 5, 1, v->message_error ? ROLE_MESSAGE_ERROR : ROLE_MESSAGE, v->message);
    } else if (v->interval_ms > 200) {
        draw_textf(c, y + 5, 1, ROLE_LABEL,
                   "sampling every %d ms: press - to sample faster for finer energy per batch",
                   v->interval_ms);
    }
    draw_text(c, y + 6, 1, ROLE_LABEL, "enter: start   s: stop   up/down: choose   esc/w: back");
}
