/* SPDX-License-Identifier: MIT */
/* ui: the main loop - sample on schedule, wait for keys until the next deadline, redraw
 * after a sample, a key or a resize. */
#include "jtune/ui/ui.h"

#include "jtune/platform/systime.h"

#include "jtune/ui/panels.h"
#include "jtune/ui/term.h"
#include "ui_loop.h"

#include <curses.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t ui_now_ns(void) {
    return systime_mono_ns();
}

void ui_message(UiLoop *L, bool error, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(L->st.message, sizeof L->st.message, fmt, ap);
    va_end(ap);
    L->st.message_error = error;
    L->message_until_ns = ui_now_ns() + (int64_t)UI_MESSAGE_MS * 1000000;
    L->dirty = true;
}

void ui_sample_soon(UiLoop *L) {
    L->next_due_ns = ui_now_ns();
}

void ui_clamp_selection(UiLoop *L) {
    for (int p = 0; p < PANEL_COUNT; p++) {
        const PanelDef *def = panel_get((PanelId)p);
        int rows = def->rows(&L->model), cols = def->cols(&L->model);
        int *sel = &L->st.sel[p], *col = &L->st.sel_col[p];
        *sel = *sel >= rows ? rows - 1 : *sel;
        *sel = *sel < 0 ? 0 : *sel;
        *col = *col >= cols ? cols - 1 : *col;
        *col = *col < 0 ? 0 : *col;
    }
}

/* After a jump: the session energy goes on from the rows before the play head. */
static void seed_energy(UiLoop *L) {
    const UiSource *src = &L->setup->source;
    EnergyMeter base; /* ~2 KiB, once per jump */
    if (src->energy_before && src->energy_before(src->ctx, &base)) {
        uimodel_seed_energy(&L->model, &base);
    }
}

static int take_sample(UiLoop *L) {
    int rc = L->setup->source.take(L->setup->source.ctx, &L->sample);
    if (rc < 0) {
        return rc;
    }
    if (rc == 1) {
        uimodel_reset(&L->model); /* a replay jumped: the graphs start over */
        seed_energy(L);
    }
    uimodel_update(&L->model, &L->sample);
    ui_fan_watch(L);
    ui_procs_update(L);
    ui_clamp_selection(L);
    if (L->st.overlay == OVERLAY_AUDIT) {
        ui_audit_refresh(L); /* the checklist is live */
    }
    L->fresh = true;
    return 0;
}

static void paint(UiLoop *L) {
    ScreenCtx ctx = {.win = stdscr,
                     .pal = &L->pal,
                     .glyphs = L->glyphs,
                     .model = &L->model,
                     .actions = L->acts,
                     .keymap = L->setup->keymap};
    if (L->repaint) {
        /* from blank cells: every widget paints again, and the terminal gets every cell */
        werase(stdscr);
        screen_invalidate(&L->st);
        clearok(curscr, TRUE);
        L->repaint = false;
    }
    screen_draw(&ctx, &L->st, L->cols, L->rows, NULL);
    wmove(stdscr, L->rows > 0 ? L->rows - 1 : 0, 0); /* where a visible cursor rests */
    wnoutrefresh(stdscr);
    doupdate();
    L->dirty = false;
    L->fresh = false;
}

/* The display rate: true when a fresh sample is due on screen now. Samples come faster
 * than the display interval only at short intervals; the paints then keep to a grid of
 * display intervals (no drift), and a paint for a key or a resize does not move it. */
static bool paint_due(UiLoop *L) {
    if (!L->fresh) {
        return false;
    }
    int64_t display_ns = (int64_t)L->model.display_ms * 1000000;
    if (L->model.display_ms <= L->model.interval_ms || L->now_ns >= L->next_paint_ns) {
        L->next_paint_ns += display_ns;
        if (L->next_paint_ns <= L->now_ns) {
            L->next_paint_ns = L->now_ns + display_ns;
        }
        return true;
    }
    return false;
}

/* Milliseconds to wait for a key: until the next sample, the message's expiry or the
 * running workload's next timed step. */
static int wait_ms(const UiLoop *L) {
    int64_t until = L->model.paused && !L->setup->source.due_ns ? INT64_MAX : L->next_due_ns;
    if (L->st.message[0] && L->message_until_ns < until) {
        until = L->message_until_ns;
    }
    if (L->fresh && L->next_paint_ns < until) {
        until = L->next_paint_ns; /* a sample waiting for the display rate */
    }
    if (L->acts->workload_next_ns) {
        int64_t w = L->acts->workload_next_ns(L->acts->workload_ctx);
        until = w < until ? w : until;
    }
    if (until == INT64_MAX) {
        return -1;
    }
    int64_t ms = (until - L->now_ns + 999999) / 1000000;
    return ms < 0 ? 0 : ms > 60000 ? 60000 : (int)ms;
}

/* A replay source: every sample due by now, in order, then its next due time. The batch is
 * bounded so keys stay responsive when a dense log plays at x16. */
static int take_due(UiLoop *L) {
    const UiSource *src = &L->setup->source;
    for (int n = 0; n < UI_REPLAY_BATCH; n++) {
        int64_t due = src->due_ns(src->ctx, L->now_ns); /* paused: due after a jump only */
        if (due > L->now_ns) {
            L->next_due_ns = due;
            return 0;
        }
        int rc = take_sample(L);
        if (rc < 0) {
            return rc;
        }
    }
    L->next_due_ns = L->now_ns; /* more are due: go on after a look at the keys */
    return 0;
}

/* One turn of the loop. Returns 0, or the source's -errno. */
static int step(UiLoop *L) {
    int cols, rows;
    if (term_take_resize(&cols, &rows)) {
        L->cols = cols;
        L->rows = rows;
        L->dirty = true;
        /* the terminal may have reflowed or cleared what it showed: paint it all once */
        L->repaint = true;
    }
    L->now_ns = ui_now_ns();
    const UiActions *a = L->acts;
    if (a->workload_step && a->workload_step(a->workload_ctx, L->now_ns)) {
        L->dirty = L->dirty || L->st.overlay == OVERLAY_WORKLOAD;
    }
    if (L->setup->source.due_ns) {
        int rc = take_due(L);
        if (rc < 0) {
            return rc;
        }
    } else if (!L->model.paused && L->now_ns >= L->next_due_ns) {
        int rc = take_sample(L);
        if (rc < 0) {
            return rc;
        }
        int64_t iv = (int64_t)L->model.interval_ms * 1000000;
        L->next_due_ns += iv;
        if (L->next_due_ns <= L->now_ns) {
            L->next_due_ns = L->now_ns + iv; /* fell behind (suspended?): no burst */
        }
    }
    if (L->st.message[0] && L->now_ns >= L->message_until_ns) {
        L->st.message[0] = '\0';
        L->dirty = true;
    }
    if (paint_due(L) || L->dirty) {
        paint(L);
    }
    KeyCode k;
    int fds[2], n_fds = a->workload_fds ? a->workload_fds(a->workload_ctx, fds) : 0;
    if (term_wait_key(wait_ms(L), fds, n_fds, &k) == 1) {
        ui_handle_key(L, k);
    }
    return 0;
}

static int loop_init(UiLoop *L, const UiSetup *s, const TermInfo *ti) {
    static const UiActions none = {0};
    memset(L, 0, sizeof *L);
    L->setup = s;
    L->acts = s->actions ? s->actions : &none;
    int rc =
        uimodel_init(&L->model, s->source.inventory(s->source.ctx), s->history, s->interval_ms);
    if (rc < 0) {
        return rc;
    }
    L->model.unit = s->unit;
    L->model.display_ms = s->display_ms > 0 ? s->display_ms : UI_DISPLAY_MS;
    L->model.utf8 = s->glyphs == GLYPHS_UNICODE || (s->glyphs == GLYPHS_AUTO && ti->utf8);
    L->glyphs = glyphs_get(L->model.utf8);
    bool color = s->color && ti->color;
    /* no colours (a vt100, a serial console): the attributes-only theme, if there is one */
    palette_init(&L->pal, !color && s->mono_theme ? s->mono_theme : s->theme, color);
    L->cols = ti->cols;
    L->rows = ti->rows;
    auditview_init(&L->st.audit);
    /* JTUNE_FULL_REDRAW=1 paints every cell of every frame (to compare with the partial
     * repaint, which paints only the widgets that changed) */
    const char *full = getenv("JTUNE_FULL_REDRAW");
    L->st.partial = !(full && *full && strcmp(full, "0") != 0);
    procview_init(&L->st.procs);
    if (!s->source.procs) { /* a replay: the page shows what the samples carry */
        L->ptab = calloc(1, sizeof *L->ptab);
        L->itab = calloc(1, sizeof *L->itab);
        if (!L->ptab || !L->itab) {
            return -ENOMEM;
        }
    }
    infoview_init(&L->st.info, false); /* --keep-serial applies when the page first opens */
    L->st.n_panels = s->n_panels;
    memcpy(L->st.panels, s->panels, sizeof L->st.panels);
    L->st.page = s->start_page >= 0 && s->start_page <= s->n_panels ? s->start_page : 0;
    if (s->message && *s->message) {
        ui_message(L, s->message_error, "%s", s->message);
    }
    L->next_due_ns = ui_now_ns();
    L->dirty = true;
    return 0;
}

int ui_run(const UiSetup *s) {
    TermInfo ti;
    int rc = term_init(&ti);
    if (rc < 0) {
        return rc;
    }
    UiLoop *L = calloc(1, sizeof *L);
    rc = L ? loop_init(L, s, &ti) : -ENOMEM;
    for (int n = 0; rc == 0 && !L->quit && !term_quit_requested(); n++) {
        rc = step(L);
#ifdef __GLIBC__
        if (n == 1) {
            malloc_trim(0); /* start-up is over: hand back what the probes and parsers freed */
        }
#endif
    }
    term_done();
    if (L) {
        uimodel_free(&L->model);
        free(L->ptab);
        free(L->itab);
        free(L);
    }
    return rc;
}
