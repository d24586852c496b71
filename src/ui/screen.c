/* screen: header, pages, footer and overlays for one frame. */
#include "jtune/ui/screen.h"

#include "jtune/ui/derive.h"
#include "jtune/ui/fmt.h"
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

void screen_request(const UiState *st, const UiModel *m, int cols, int rows, LayoutReq *out) {
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

/* Identity and power state; a compact wording when the full one does not fit. */
static void header_row0(const Canvas *c, const UiModel *m) {
    const Identity *id = &m->inv->id;
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
        if (draw_width(text) + 2 <= c->r.w) {
            break;
        }
    }
    seg(c, 1, ROLE_HEADER, text);
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
    /* alerts right-aligned: they win over the items above when the row is short */
    Alert al[4];
    int n = derive_alerts(m->inv, &m->cur, m->unit, m->utf8, al, 4);
    char text[300] = "";
    size_t len = 0;
    for (int i = 0; i < n && len < sizeof text; i++) {
        len += (size_t)snprintf(text + len, sizeof text - len, " %s %s ", c->g->warn, al[i].text);
    }
    if (n > 0) {
        draw_text_right(c, 0, c->r.w - 1, ROLE_HEADER_ALERT, text);
    }
}

static void draw_header(const ScreenCtx *ctx, const Canvas *scr, Rect r) {
    Canvas row0 = canvas_sub(scr, (Rect){r.x, r.y, r.w, 1});
    Canvas row1 = canvas_sub(scr, (Rect){r.x, r.y + 1, r.w, 1});
    draw_clear(&row0, ROLE_HEADER);
    draw_clear(&row1, ROLE_HEADER);
    header_row0(&row0, ctx->model);
    header_row1(&row1, ctx);
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

static void draw_slot(const ScreenCtx *ctx, const Canvas *scr, const UiState *st,
                      const LayoutReq *req, const Slot *s) {
    const PanelDef *def = panel_get(s->panel);
    Canvas c = canvas_sub(scr, s->r);
    GraphSpec g;
    if (s->kind == SLOT_GRAPH) {
        if (def->graph(ctx->model, s->graph, &g) == 0) {
            graph_draw(&c, &g);
        } else {
            draw_clear(&c, ROLE_NORMAL);
        }
        return;
    }
    PanelView v = {
        .page = req->page != 0, .sel = st->sel[s->panel], .sel_col = st->sel_col[s->panel]};
    int pref = req->size[s->panel].pref_rows;
    /* overview: a panel given spare rows draws a mini history graph under its table */
    if (!v.page && s->r.h >= pref + 3 && def->graph(ctx->model, 0, &g) == 0) {
        Canvas table = canvas_sub(scr, (Rect){s->r.x, s->r.y, s->r.w, pref});
        Canvas mini = canvas_sub(scr, (Rect){s->r.x, s->r.y + pref, s->r.w, s->r.h - pref});
        def->draw(&table, ctx->model, &v);
        graph_draw(&mini, &g);
        return;
    }
    def->draw(&c, ctx->model, &v);
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
    case OVERLAY_INFO: st->overlay_rows = infoview_draw(body, &st->info); break;
    default: break;
    }
}

void screen_draw(const ScreenCtx *ctx, UiState *st, int cols, int rows, Layout *out) {
    Canvas scr = {.win = ctx->win, .r = {0, 0, cols, rows}, .pal = ctx->pal, .g = ctx->glyphs};
    LayoutReq req;
    Layout l;
    screen_request(st, ctx->model, cols, rows, &req);
    layout_compute(&req, &l);
    if (out) {
        *out = l;
    }
    if (l.too_small) {
        draw_too_small(&scr, cols, rows);
        return;
    }
    draw_header(ctx, &scr, l.header);
    clear_gaps(&scr, &l);
    for (int i = 0; i < l.n; i++) {
        draw_slot(ctx, &scr, st, &req, &l.slots[i]);
    }
    draw_footer(ctx, &scr, st, l.footer);
    Canvas body = canvas_sub(&scr, l.body);
    draw_overlay(ctx, &body, st);
}
