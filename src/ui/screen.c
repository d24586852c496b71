/* SPDX-License-Identifier: MIT */
/* screen: header, pages, footer and overlays for one frame. */
#include "jtune/ui/screen.h"

#include "jtune/ui/derive.h"
#include "jtune/core/fmt.h"
#include "jtune/core/hash.h"
#include "jtune/ui/panels.h"

#include <stdio.h>
#include <string.h>

void screen_note_change(UiState *st, const char *what) {
    for (int i = 0; i < st->n_changes; i++) {
        if (strcmp(st->changes[i], what) == 0) {
            return;
        }
    }
    if (st->n_changes == UI_MAX_CHANGES) {
        memmove(st->changes[0], st->changes[1], sizeof st->changes[0] * (UI_MAX_CHANGES - 1));
        st->n_changes--;
    }
    snprintf(st->changes[st->n_changes++], sizeof st->changes[0], "%s", what);
}

void screen_format_changes(const UiState *st, char *out, size_t outsz) {
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < st->n_changes && len < outsz; i++) {
        int n = snprintf(out + len, outsz - len, "%s%s", i ? ", " : "", st->changes[i]);
        len += n > 0 ? (size_t)n : 0;
    }
    if (st->n_changes == 0) {
        snprintf(out, outsz, "none in this session");
    }
}

int screen_page_panel(const UiState *st) {
    return st->page >= 1 && st->page <= st->n_panels ? (int)st->panels[st->page - 1] : -1;
}

static void screen_request(const UiState *st, const UiModel *m, int cols, int rows,
                           LayoutReq *out) {
    memset(out, 0, sizeof *out);
    out->cols = cols;
    out->rows = rows;
    out->page = st->page >= 0 && st->page <= st->n_panels ? st->page : 0;
    out->n_panels = st->n_panels;
    memcpy(out->panels, st->panels, sizeof out->panels);
    for (int i = 0; i < st->n_panels; i++) {
        PanelId p = st->panels[i];
        panel_get(p)->size(m, out->page != 0, &out->size[p]);
    }
}

/* ---- header ---- */

static int seg(const Canvas *c, int x, Role role, const char *s) {
    return x + draw_text(c, 0, x, role, s);
}

/* Alerts (throttling, a zone near a passive or critical trip) as one text; its width. */
static int alerts_text(const Canvas *c, const UiModel *m, char *text, size_t n) {
    Alert al[4];
    int k = derive_alerts(m->inv, &m->cur, m->unit, m->utf8, al, 4);
    size_t len = 0;
    text[0] = '\0';
    for (int i = 0; i < k && len < n; i++) {
        len += (size_t)snprintf(text + len, n - len, " %s %s ", c->g->warn, al[i].text);
    }
    return k > 0 ? draw_width(text) : 0;
}

/* Identity and power state, and the alerts in their own place at the right (the status row
 * below is never covered); a compact wording when the full one does not fit beside them. */
static void header_row0(const Canvas *c, const UiModel *m) {
    const Identity *id = &m->inv->id;
    char alerts[300];
    int aw = alerts_text(c, m, alerts, sizeof alerts);
    aw = aw > c->r.w ? c->r.w : aw;
    int room = c->r.w - aw;
    char mode[32], text[256] = "";
    derive_mode_name(m->inv, m->cur.nvp_mode, mode, sizeof mode);
    Val pin = m->cur.clocks_pinned;
    const char *clk = !pin.ok ? FMT_NA : pin.v ? "pinned" : "dynamic";
    for (int compact = 0; compact < 2; compact++) {
        char board[96], rel[64];
        derive_board_name(m->inv, compact, board, sizeof board);
        if (!id->l4t[0]) {
            snprintf(rel, sizeof rel, "L4T n/a");
        } else if (!id->jetpack[0]) {
            snprintf(rel, sizeof rel, "L4T %s", id->l4t);
        } else {
            snprintf(rel, sizeof rel, "L4T %s (%s %s)", id->l4t, compact ? "JP" : "JetPack",
                     id->jetpack);
        }
        snprintf(text, sizeof text, "jtune  %s  %s  mode %s  clocks %s", board, rel, mode, clk);
        if (draw_width(text) + 2 <= room) {
            break;
        }
    }
    Canvas ident = canvas_sub(c, (Rect){0, 0, room, 1});
    seg(&ident, 1, ROLE_HEADER, text);
    if (aw > 0) {
        draw_text_right(c, 0, c->r.w - 1, ROLE_HEADER_ALERT, alerts);
    }
}

static void header_row1(const Canvas *c, const ScreenCtx *ctx) {
    const UiModel *m = ctx->model;
    const UiActions *a = ctx->actions;
    char up[24], iv[24];
    fmt_duration_ms(m->cur.uptime_ms, up, sizeof up);
    fmt_interval_ms(m->interval_ms, iv, sizeof iv);
    const char *tuning = a && a->tuning_status ? a->tuning_status(a->ctx) : NULL;
    int x = seg(c, 1, ROLE_HEADER, "up ");
    x = seg(c, x, ROLE_HEADER, up);
    x = seg(c, x, ROLE_HEADER, "  every ");
    x = seg(c, x, ROLE_HEADER, iv);
    if (m->display_ms > m->interval_ms) { /* the display rate holds values back */
        char shown[24];
        fmt_interval_ms(m->display_ms, shown, sizeof shown);
        x = seg(c, x, ROLE_HEADER, ", screen ");
        x = seg(c, x, ROLE_HEADER, shown);
    }
    x = seg(c, x, ROLE_HEADER, "  ");
    x = seg(c, x, ROLE_HEADER, tuning ? tuning : "monitor only");
    if (a && a->recording && a->recording(a->ctx)) {
        x = seg(c, x, ROLE_HEADER, "  ");
        x = seg(c, x, ROLE_HEADER_ALERT, c->g->rec);
        x = seg(c, x, ROLE_HEADER_ALERT, " REC");
    }
    if (m->paused) {
        x = seg(c, x, ROLE_HEADER, "  ");
        seg(c, x, ROLE_HEADER_ALERT, " PAUSED ");
    }
}

/* ---- footer ---- */

/* Page tabs in style 0 (full names), 1 (short names) or 2 (numbers, the current page
 * named); painted when paint. Returns the width. */
static int tabs(const Canvas *f, const UiState *st, int style, bool paint) {
    static const char *const short_names[PANEL_COUNT] = {
        [PANEL_CPU] = "CPU",   [PANEL_GPU] = "GPU",      [PANEL_EMC] = "EMC",
        [PANEL_POWER] = "Pwr", [PANEL_THERMAL] = "Temp", [PANEL_IDLE] = "Idle",
        [PANEL_FAN] = "Fan",   [PANEL_MEM] = "Mem",      [PANEL_RADIO] = "Rad",
    };
    int x = 0;
    for (int p = 0; p <= st->n_panels; p++) {
        bool cur = p == st->page;
        const char *name;
        if (p == 0) {
            name = style == 0 || (style == 2 && cur) ? "Overview" : style == 1 ? "All" : "";
        } else {
            PanelId id = st->panels[p - 1];
            name = style == 0 || (style == 2 && cur) ? panel_get(id)->tab
                   : style == 1                      ? short_names[id]
                                                     : "";
        }
        char tab[32];
        snprintf(tab, sizeof tab, " %d%s%s ", (p + 1) % 10, *name ? " " : "", name);
        if (paint) {
            draw_text(f, 0, x, cur ? ROLE_TAB_ACTIVE : ROLE_TAB, tab);
        }
        x += draw_width(tab);
    }
    return x;
}

/* The page's key bar (htop's): "p park  g governor ..." - whole items only, the most
 * useful first; keys of actions this session cannot do are dimmed. */
static void key_bar(const ScreenCtx *ctx, const Canvas *f, const UiState *st) {
    KeyHint h[24];
    int panel = screen_page_panel(st);
    int n = keymap_bar(ctx->keymap, panel, h, 24);
    int x = 1;
    for (int i = 0; i < n; i++) {
        bool ok = actions_available(ctx->actions, h[i].action);
        if (!ok && keymap_info(h[i].action)->group == AG_RECORD) {
            continue; /* replay keys outside a replay, recording where it cannot be */
        }
        int w = draw_width(h[i].key) + 1 + draw_width(h[i].label);
        if (x + w > f->r.w - 1) {
            break;
        }
        draw_text(f, 0, x, ok ? ROLE_TAB_ACTIVE : ROLE_NA, h[i].key);
        draw_text(f, 0, x + draw_width(h[i].key) + 1, ok ? ROLE_FOOTER : ROLE_NA, h[i].label);
        x += w + 2;
    }
}

/* A message above the tabs, word-wrapped upwards over the body's last rows when it is
 * longer than a row: never cut before its end (where the fix is). */
static void draw_message(const Canvas *scr, const UiState *st, Rect footer) {
    Role role = st->message_error ? ROLE_MESSAGE_ERROR : ROLE_MESSAGE;
    char lines[8][256];
    int n = draw_wrap(st->message, footer.w - 2, lines, 8);
    for (int i = 0; i < n; i++) {
        Canvas row = canvas_sub(scr, (Rect){footer.x, footer.y - (n - 1) + i, footer.w, 1});
        draw_clear(&row, role);
        draw_text(&row, 0, 1, role, lines[i]);
    }
}

static void draw_footer(const ScreenCtx *ctx, const Canvas *scr, const UiState *st, Rect r) {
    Canvas bar = canvas_sub(scr, (Rect){r.x, r.y, r.w, 1});
    Canvas f = canvas_sub(scr, (Rect){r.x, r.y + 1, r.w, 1});
    draw_clear(&f, ROLE_FOOTER);
    /* tabs: full names when they fit, else short ones, else numbers with only the current
     * page named */
    int style = 0;
    while (style < 2 && tabs(&f, st, style, false) > f.r.w) {
        style++;
    }
    tabs(&f, st, style, true);
    if (st->message[0]) {
        draw_message(scr, st, (Rect){r.x, r.y, r.w, 1});
        return;
    }
    draw_clear(&bar, ROLE_FOOTER);
    key_bar(ctx, &bar, st);
}

/* ---- body ---- */

/* One widget to paint: the frame's context and the widget's rectangle. */
typedef struct {
    const ScreenCtx *ctx;
    const UiState *st;
    const LayoutReq *req;
    const Layout *l;
    const Slot *slot;
    Rect r;
} Job;

typedef void (*Painter)(const Canvas *scr, const Job *j);

/* Paint j with fn, unless what fn would paint (its signature, with its rectangle) is what
 * *last says it painted the last frame; *last is updated. last NULL: paint. */
static void paint_if_changed(const Canvas *scr, const Job *j, Painter fn, uint64_t *last) {
    if (!last) {
        fn(scr, j);
        return;
    }
    uint64_t h = hash_fold(HASH_SEED, &j->r, sizeof j->r);
    Canvas s = *scr;
    s.sig = &h;
    fn(&s, j);
    if (h != *last) {
        fn(scr, j);
        *last = h;
    }
}

/* A slot's table, as paint_if_changed paints it - except that a table that changed with
 * the last sample (a table of live values) most likely changed again with a new one: it
 * is then painted and signed in one pass instead of signed, then painted (ncurses sends
 * only the cells that differ). Without a new sample, an unchanged table is never painted. */
static void paint_table_cached(const Canvas *scr, const Job *j, Painter fn, SlotCache *sc) {
    uint64_t n = j->ctx->model->n_samples;
    bool fresh = n != sc->sample;
    uint64_t before = sc->table;
    if (sc->busy && fresh) {
        uint64_t h = hash_fold(HASH_SEED, &j->r, sizeof j->r);
        Canvas s = *scr;
        s.sig = &h;
        s.sig_paints = true;
        fn(&s, j);
        sc->table = h;
    } else {
        paint_if_changed(scr, j, fn, &sc->table);
    }
    if (fresh) {
        sc->busy = sc->table != before;
        sc->sample = n;
    }
}

/* A slot's table (or its blank when the panel has no such graph). */
static void paint_table(const Canvas *scr, const Job *j) {
    Canvas c = canvas_sub(scr, j->r);
    const Slot *s = j->slot;
    if (s->kind == SLOT_GRAPH) {
        draw_clear(&c, ROLE_NORMAL);
        return;
    }
    PanelView v = {.page = j->req->page != 0,
                   .sel = j->st->sel[s->panel],
                   .sel_col = j->st->sel_col[s->panel]};
    panel_get(s->panel)->draw(&c, j->ctx->model, &v);
}

/* A slot: a graph, or a table with (overview, spare rows) a mini history graph under it.
 * sc: what the slot painted last frame (NULL: paint everything). */
static void draw_slot(const Job *job, const Canvas *scr, SlotCache *sc) {
    const Slot *s = job->slot;
    const PanelDef *def = panel_get(s->panel);
    const UiModel *m = job->ctx->model;
    GraphCache *gc = sc ? &sc->graph : NULL;
    GraphSpec g;
    Job j = *job;
    j.r = s->r;
    Rect graph = {0, 0, 0, 0};
    if (s->kind == SLOT_GRAPH) {
        if (def->graph(m, s->graph, &g) == 0) {
            graph = s->r;
        }
    } else {
        int pref = job->req->size[s->panel].pref_rows;
        if (job->req->page == 0 && s->r.h >= pref + 3 && def->graph(m, 0, &g) == 0) {
            j.r.h = pref;
            graph = (Rect){s->r.x, s->r.y + pref, s->r.w, s->r.h - pref};
        }
    }
    if (graph.h > 0 && graph.y == s->r.y) {
        j.r.h = 0; /* the graph takes the whole slot */
    }
    if (j.r.h > 0 && sc) {
        paint_table_cached(scr, &j, paint_table, sc);
    } else if (j.r.h > 0) {
        paint_table(scr, &j);
    } else if (sc) {
        sc->table = 0;
    }
    if (graph.h > 0) {
        Canvas c = canvas_sub(scr, graph);
        g.interval_ms = m->interval_ms;
        graph_draw_cached(&c, &g, gc);
    } else if (gc) {
        gc->valid = false;
    }
}

static void draw_too_small(const Canvas *scr, int cols, int rows) {
    draw_clear(scr, ROLE_NORMAL);
    char a[80], b[80];
    snprintf(a, sizeof a, "terminal too small: %dx%d", cols, rows);
    snprintf(b, sizeof b, "jtune needs %dx%d  (q quits)", LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
    int y = rows / 2 - 1;
    draw_text(scr, y < 0 ? 0 : y, (cols - draw_width(a)) / 2 > 0 ? (cols - draw_width(a)) / 2 : 0,
              ROLE_TEMP_HOT, a);
    draw_text(scr, y + 1, (cols - draw_width(b)) / 2 > 0 ? (cols - draw_width(b)) / 2 : 0,
              ROLE_NORMAL, b);
}

/* Clear the cells of the body no slot covers (gaps between columns, spare rows), so a
 * resize or a page switch leaves nothing stale behind. */
static void clear_gaps(const Canvas *scr, const Layout *l) {
    enum { MAXW = 2048 };
    int w = l->body.w < MAXW ? l->body.w : MAXW;
    for (int y = l->body.y; y < l->body.y + l->body.h; y++) {
        unsigned char cov[MAXW] = {0};
        for (int i = 0; i < l->n; i++) {
            const Rect *r = &l->slots[i].r;
            if (y >= r->y && y < r->y + r->h) {
                for (int x = r->x; x < r->x + r->w && x < w; x++) {
                    cov[x] = 1;
                }
            }
        }
        for (int x = 0; x < w;) {
            int end = x;
            while (end < w && !cov[end]) {
                end++;
            }
            if (end > x) {
                Canvas gap = canvas_sub(scr, (Rect){l->body.x + x, y, end - x, 1});
                draw_clear(&gap, ROLE_NORMAL);
            }
            x = end + 1;
        }
    }
}

/* The workload page, from the view the app fills. */
static void draw_workload(const ScreenCtx *ctx, const Canvas *body, UiState *st) {
    WlPageView v;
    memset(&v, 0, sizeof v);
    v.running = -1;
    const UiActions *a = ctx->actions;
    if (a && a->workload_view && a->workload_view(a->workload_ctx, &v) < 0) {
        snprintf(v.message, sizeof v.message, "the workload runner is not available");
        v.message_error = true;
    }
    st->wl_sel = st->wl_sel >= v.n ? v.n - 1 : st->wl_sel;
    st->wl_sel = st->wl_sel < 0 ? 0 : st->wl_sel;
    wlpage_draw(body, &v, st->wl_sel);
}

/* What each page shows, for the help. */
static void help_pages(UiState *st) {
    static const char *const what[PANEL_COUNT] = {
        [PANEL_CPU] = "cores, governors, caps", [PANEL_GPU] = "load, frequency, cap",
        [PANEL_EMC] = "memory controller",      [PANEL_POWER] = "rails, board input",
        [PANEL_THERMAL] = "zones, trip points", [PANEL_IDLE] = "cpuidle states",
        [PANEL_FAN] = "PWM, speed, profile",    [PANEL_MEM] = "RAM, swap, CMA",
        [PANEL_RADIO] = "Wi-Fi, Bluetooth",
    };
    memset(st->help.pages, 0, sizeof st->help.pages);
    snprintf(st->help.pages[0], sizeof st->help.pages[0], "Overview (every panel)");
    for (int i = 0; i < st->n_panels && i + 1 < HELP_PAGES; i++) {
        PanelId p = st->panels[i];
        snprintf(st->help.pages[i + 1], sizeof st->help.pages[0], "%s (%s)", panel_get(p)->tab,
                 what[p] ? what[p] : "");
    }
    int page = st->page >= 0 && st->page < HELP_PAGES ? st->page : 0;
    st->help.panel = screen_page_panel(st);
    snprintf(st->help.here, sizeof st->help.here, "%s", st->help.pages[page]);
}

static void draw_overlay(const ScreenCtx *ctx, const Canvas *body, UiState *st) {
    switch (st->overlay) {
    case OVERLAY_HELP:
        help_pages(st);
        st->overlay_rows = help_draw(body, &st->help, ctx->keymap, ctx->actions);
        break;
    case OVERLAY_PICKER: st->overlay_rows = picker_draw(body, &st->picker); break;
    case OVERLAY_CONFIRM: confirm_draw(body, &st->confirm); break;
    case OVERLAY_WORKLOAD: draw_workload(ctx, body, st); break;
    case OVERLAY_PREVIEW: st->overlay_rows = profview_draw(body, &st->preview); break;
    case OVERLAY_AUDIT: st->overlay_rows = auditview_draw(body, &st->audit); break;
    case OVERLAY_PROCS:
        st->overlay_rows = procview_draw(body, &st->procs, ctx->model->procs, ctx->model->irqs);
        break;
    case OVERLAY_INFO: st->overlay_rows = infoview_draw(body, &st->info); break;
    default: break;
    }
}

void screen_invalidate(UiState *st) {
    st->cache.valid = false;
}

/* ---- the frame's widgets ---- */

static void paint_header0(const Canvas *scr, const Job *j) {
    Canvas row = canvas_sub(scr, (Rect){j->r.x, j->r.y, j->r.w, 1});
    draw_clear(&row, ROLE_HEADER);
    header_row0(&row, j->ctx->model);
}

static void paint_header1(const Canvas *scr, const Job *j) {
    Canvas row = canvas_sub(scr, (Rect){j->r.x, j->r.y + 1, j->r.w, 1});
    draw_clear(&row, ROLE_HEADER);
    header_row1(&row, j->ctx);
}

/* The gaps, when the layout's body or slots moved (they are blanks: nothing else shows). */
static void paint_gaps(const Canvas *scr, const Job *j, uint64_t *last) {
    uint64_t h = hash_fold(HASH_SEED, &j->l->body, sizeof j->l->body);
    for (int i = 0; i < j->l->n; i++) {
        h = hash_fold(h, &j->l->slots[i].r, sizeof j->l->slots[i].r);
    }
    if (!last || h != *last) {
        clear_gaps(scr, j->l);
    }
    if (last) {
        *last = h;
    }
}

static void paint_too_small(const Canvas *scr, const Job *j) {
    draw_too_small(scr, j->r.w, j->r.h);
}

static void paint_footer(const Canvas *scr, const Job *j) {
    draw_footer(j->ctx, scr, j->st, j->r);
}

/* What, when it changes, leaves no cell of the last frame worth keeping: the size, page,
 * overlay, message, palette and glyphs. */
static uint64_t frame_key(const ScreenCtx *ctx, const UiState *st, int cols, int rows) {
    struct {
        const void *win, *pal, *glyphs;
        int cols, rows, page, overlay;
    } k;
    memset(&k, 0, sizeof k); /* no stray padding bytes in the key */
    k.win = ctx->win;
    k.pal = ctx->pal;
    k.glyphs = ctx->glyphs;
    k.cols = cols;
    k.rows = rows;
    k.page = st->page;
    k.overlay = (int)st->overlay;
    uint64_t h = hash_fold(HASH_SEED, &k, sizeof k);
    h = hash_fold(h, ctx->pal, sizeof *ctx->pal);
    h = hash_fold(h, &st->message_error, sizeof st->message_error);
    return hash_fold(h, st->message, strlen(st->message));
}

/* The cache for this frame (NULL: paint every cell), reset when the last frame's cells
 * are not to be trusted. */
static ScreenCache *frame_cache(const ScreenCtx *ctx, UiState *st, int cols, int rows) {
    ScreenCache *c = &st->cache;
    /* an overlay paints over the body: frames with one are painted whole */
    bool use = st->partial && st->overlay == OVERLAY_NONE;
    uint64_t key = use ? frame_key(ctx, st, cols, rows) : 0;
    if (!use || !c->valid || c->key != key) {
        memset(c, 0, sizeof *c);
    }
    c->valid = use;
    c->key = key;
    return use ? c : NULL;
}

/* The slot's entry in the cache, reset when the slot is not the one it was. */
static SlotCache *slot_cache(ScreenCache *c, int i, const Slot *s) {
    if (!c) {
        return NULL;
    }
    SlotCache *sc = &c->slots[i];
    const Slot *o = &sc->slot;
    if (o->kind != s->kind || o->panel != s->panel || o->graph != s->graph ||
        memcmp(&o->r, &s->r, sizeof s->r) != 0) {
        memset(sc, 0, sizeof *sc);
        sc->slot = *s;
    }
    return sc;
}

/* The overview's "top wakeups" row: taken from the body only when every panel still fits
 * with one row less. Returns true (and the layout without that row) when it is shown. */
static bool wakeup_row(const ScreenCtx *ctx, const UiState *st, int cols, int rows, LayoutReq *req,
                       Layout *l, char *text, size_t textsz) {
    if (st->page != 0 || st->overlay != OVERLAY_NONE ||
        !procview_top_line(ctx->model->procs, cols - 2, text, textsz)) {
        return false;
    }
    LayoutReq r2;
    Layout l2;
    screen_request(st, ctx->model, cols, rows, &r2);
    r2.rows = rows - 1;
    if (layout_compute(&r2, &l2) != 0 || l2.too_small || l2.hidden > 0) {
        return false;
    }
    *req = r2;
    *l = l2;
    return true;
}

void screen_draw(const ScreenCtx *ctx, UiState *st, int cols, int rows, Layout *out) {
    Canvas scr = {.win = ctx->win, .r = {0, 0, cols, rows}, .pal = ctx->pal, .g = ctx->glyphs};
    LayoutReq req;
    Layout l;
    char top[512];
    screen_request(st, ctx->model, cols, rows, &req);
    layout_compute(&req, &l);
    bool strip = !l.too_small && wakeup_row(ctx, st, cols, rows, &req, &l, top, sizeof top);
    if (strip) { /* the layout was made one row short: the footer and body move back down */
        l.screen.h = rows;
        l.footer.y += 1;
        Canvas row = canvas_sub(&scr, (Rect){l.body.x, l.body.y + l.body.h, l.body.w, 1});
        draw_clear(&row, ROLE_LABEL);
        draw_text(&row, 0, 1, ROLE_LABEL, top);
    }
    if (out) {
        *out = l;
    }
    ScreenCache *c = frame_cache(ctx, st, cols, rows);
    Job j = {.ctx = ctx, .st = st, .req = &req, .l = &l, .r = scr.r};
    if (l.too_small) {
        paint_if_changed(&scr, &j, paint_too_small, c ? &c->gaps : NULL);
        return;
    }
    j.r = l.header;
    paint_if_changed(&scr, &j, paint_header0, c ? &c->header[0] : NULL);
    paint_if_changed(&scr, &j, paint_header1, c ? &c->header[1] : NULL);
    j.r = l.body;
    paint_gaps(&scr, &j, c ? &c->gaps : NULL);
    for (int i = 0; i < l.n; i++) {
        j.slot = &l.slots[i];
        draw_slot(&j, &scr, slot_cache(c, i, &l.slots[i]));
    }
    /* a message covers the body's last rows: painted over the slots in every frame */
    j.r = l.footer;
    paint_if_changed(&scr, &j, paint_footer, c && !st->message[0] ? &c->footer : NULL);
    Canvas body = canvas_sub(&scr, l.body);
    draw_overlay(ctx, &body, st);
}
