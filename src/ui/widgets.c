/* SPDX-License-Identifier: MIT */
/* widgets: picker, confirm dialog and help overlay. */
#include "jtune/ui/widgets.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

Canvas widget_box(const Canvas *c, Rect r, const char *title) {
    Canvas b = canvas_sub(c, r);
    draw_clear(&b, ROLE_DIALOG);
    const Glyphs *g = b.g;
    const char *tl = g->utf8 ? "\u256d" : "+", *tr = g->utf8 ? "\u256e" : "+";
    const char *bl = g->utf8 ? "\u2570" : "+", *br = g->utf8 ? "\u256f" : "+";
    for (int x = 1; x < b.r.w - 1; x++) {
        draw_text(&b, 0, x, ROLE_DIALOG, g->hrule);
        draw_text(&b, b.r.h - 1, x, ROLE_DIALOG, g->hrule);
    }
    for (int y = 1; y < b.r.h - 1; y++) {
        draw_text(&b, y, 0, ROLE_DIALOG, g->vrule);
        draw_text(&b, y, b.r.w - 1, ROLE_DIALOG, g->vrule);
    }
    draw_text(&b, 0, 0, ROLE_DIALOG, tl);
    draw_text(&b, 0, b.r.w - 1, ROLE_DIALOG, tr);
    draw_text(&b, b.r.h - 1, 0, ROLE_DIALOG, bl);
    draw_text(&b, b.r.h - 1, b.r.w - 1, ROLE_DIALOG, br);
    if (title && *title) {
        draw_textf(&b, 0, 2, ROLE_DIALOG_TITLE, " %s ", title);
    }
    return canvas_sub(&b, (Rect){2, 1, b.r.w - 4, b.r.h - 2});
}

/* A w x h box centred in c (clamped to c). */
static Rect centred(const Canvas *c, int w, int h) {
    w = w > c->r.w ? c->r.w : w;
    h = h > c->r.h ? c->r.h : h;
    return (Rect){(c->r.w - w) / 2, (c->r.h - h) / 2, w, h};
}

/* ---- picker ---- */

void picker_init(Picker *p, const char *title, int tag) {
    memset(p, 0, sizeof *p);
    snprintf(p->title, sizeof p->title, "%s", title);
    p->tag = tag;
}

int picker_add(Picker *p, const char *item, int64_t value) {
    if (p->n >= UI_MAX_CHOICES) {
        return -ENOSPC;
    }
    snprintf(p->items[p->n], sizeof p->items[0], "%s", item);
    p->values[p->n++] = value;
    return 0;
}

void picker_note(Picker *p, const char *note) {
    if (p->n > 0) {
        snprintf(p->notes[p->n - 1], sizeof p->notes[0], "%s", note);
    }
}

void picker_select_value(Picker *p, int64_t value) {
    for (int i = 0; i < p->n; i++) {
        if (p->values[i] == value) {
            p->sel = i;
            return;
        }
    }
}

static void picker_clamp(Picker *p, int rows) {
    p->sel = p->sel < 0 ? 0 : p->sel >= p->n ? p->n - 1 : p->sel;
    p->sel = p->sel < 0 ? 0 : p->sel;
    rows = rows < 1 ? 1 : rows;
    if (p->sel < p->top) {
        p->top = p->sel;
    } else if (p->sel >= p->top + rows) {
        p->top = p->sel - rows + 1;
    }
}

WidgetResult picker_key(Picker *p, KeyCode k, int rows) {
    switch (k) {
    case KEYC_UP:
    case 'k': p->sel--; break;
    case KEYC_DOWN:
    case 'j': p->sel++; break;
    case KEYC_PGUP: p->sel -= rows > 1 ? rows - 1 : 1; break;
    case KEYC_PGDN: p->sel += rows > 1 ? rows - 1 : 1; break;
    case KEYC_HOME: p->sel = 0; break;
    case KEYC_END: p->sel = p->n - 1; break;
    case KEYC_ENTER:
    case ' ': return p->n > 0 ? WIDGET_DONE : WIDGET_CANCEL;
    case KEYC_ESC:
    case 'q': return WIDGET_CANCEL;
    default: return WIDGET_OPEN;
    }
    picker_clamp(p, rows);
    return WIDGET_OPEN;
}

int picker_draw(const Canvas *c, Picker *p) {
    int w = draw_width(p->title) + 8;
    w = w < 32 ? 32 : w; /* room for the key hint */
    int item_w = 0;
    for (int i = 0; i < p->n; i++) {
        int iw = draw_width(p->items[i]);
        item_w = iw > item_w ? iw : item_w;
    }
    for (int i = 0; i < p->n; i++) {
        int iw = item_w + (p->notes[i][0] ? 2 + draw_width(p->notes[i]) : 0) + 8;
        w = iw > w ? iw : w;
    }
    int h = (p->n < 1 ? 1 : p->n) + 3;
    Canvas in = widget_box(c, centred(c, w, h), p->title);
    int rows = in.r.h - 1;
    picker_clamp(p, rows);
    for (int r = 0; r < rows && p->top + r < p->n; r++) {
        int i = p->top + r;
        bool sel = i == p->sel;
        Role role = sel ? ROLE_DIALOG_SELECTED : ROLE_DIALOG;
        draw_blank(&in, r, 0, role);
        draw_text(&in, r, 0, role, sel ? c->g->sel : " ");
        draw_text(&in, r, 2, role, p->items[i]);
        if (p->notes[i][0]) {
            Canvas note = canvas_sub(&in, (Rect){4 + item_w, r, in.r.w - 4 - item_w, 1});
            draw_text(&note, 0, 0, sel ? role : ROLE_LABEL, p->notes[i]);
        }
    }
    if (p->n == 0) {
        draw_text(&in, 0, 0, ROLE_DIALOG, "(nothing to choose)");
    }
    draw_text(&in, in.r.h - 1, 0, ROLE_DIALOG, "enter: choose  esc: cancel");
    return rows;
}

/* ---- confirm ---- */

void confirm_init(Confirm *d, const char *title, const char *text, int tag,
                  const char *const *choices) {
    memset(d, 0, sizeof *d);
    snprintf(d->title, sizeof d->title, "%s", title);
    snprintf(d->text, sizeof d->text, "%s", text);
    d->tag = tag;
    for (int i = 0; choices && choices[i] && d->n < CONFIRM_MAX; i++) {
        snprintf(d->choices[d->n++], sizeof d->choices[0], "%s", choices[i]);
    }
}

WidgetResult confirm_key(Confirm *d, KeyCode k) {
    if (d->n == 0) {
        return WIDGET_CANCEL;
    }
    switch (k) {
    case KEYC_LEFT:
    case KEYC_BTAB: d->sel = (d->sel + d->n - 1) % d->n; return WIDGET_OPEN;
    case KEYC_RIGHT:
    case KEYC_TAB: d->sel = (d->sel + 1) % d->n; return WIDGET_OPEN;
    case KEYC_ENTER:
    case ' ': return WIDGET_DONE;
    case KEYC_ESC: return WIDGET_CANCEL;
    default: break;
    }
    for (int i = 0; i < d->n; i++) {
        if (k < 128 && tolower((int)k) == tolower((unsigned char)d->choices[i][0])) {
            d->sel = i;
            return WIDGET_DONE;
        }
    }
    return WIDGET_OPEN;
}

void confirm_draw(const Canvas *c, const Confirm *d) {
    int w = c->r.w - 8 < 72 ? c->r.w - 8 : 72;
    char lines[12][256];
    int n = draw_wrap(d->text, w - 4, lines, 12);
    Canvas in = widget_box(c, centred(c, w, n + 5), d->title);
    for (int i = 0; i < n; i++) {
        draw_text(&in, i, 0, ROLE_DIALOG, lines[i]);
    }
    int x = 0;
    for (int i = 0; i < d->n; i++) {
        Role role = i == d->sel ? ROLE_DIALOG_SELECTED : ROLE_DIALOG;
        x += draw_textf(&in, in.r.h - 1, x, role, "[ %s ]", d->choices[i]) + 2;
    }
}

/* ---- help ---- */

#define HELP_MAX 128

WidgetResult help_key(HelpView *h, KeyCode k, const Keymap *km, int rows) {
    ActionId a = keymap_lookup(km, k);
    if (k == KEYC_ESC || a == ACT_HELP || a == ACT_QUIT) {
        return WIDGET_CANCEL;
    }
    int step = rows > 1 ? rows - 1 : 1;
    switch (k) {
    case KEYC_UP:
    case 'k': h->top--; break;
    case KEYC_DOWN:
    case 'j': h->top++; break;
    case KEYC_PGUP: h->top -= step; break;
    case KEYC_PGDN:
    case ' ': h->top += step; break;
    case KEYC_HOME: h->top = 0; break;
    case KEYC_END: h->top = HELP_MAX; break;
    default: break;
    }
    h->top = h->top < 0 ? 0 : h->top;
    return WIDGET_OPEN;
}

static void help_line(const Canvas *in, int y, int x, int colw, const HelpLine *l,
                      const UiActions *acts, const HelpView *h) {
    Canvas col = canvas_sub(in, (Rect){x, y, colw, 1});
    draw_blank(&col, 0, 0, ROLE_DIALOG);
    if (l->heading) {
        draw_text(&col, 0, 0, ROLE_HELP_HEADING, l->text);
        return;
    }
    bool ok = l->action == ACT_NONE || actions_available(acts, l->action);
    char text[128];
    snprintf(text, sizeof text, "%s", l->text);
    if (l->action >= ACT_PAGE_1 && l->action <= ACT_PAGE_10) {
        int i = (int)(l->action - ACT_PAGE_1);
        ok = ok && h->pages[i][0];
        snprintf(text, sizeof text, "page %d: %s", i + 1, h->pages[i][0] ? h->pages[i] : "-");
    }
    Canvas keys = canvas_sub(&col, (Rect){1, 0, 13, 1});
    draw_text(&keys, 0, 0, ok ? ROLE_HELP_KEY : ROLE_NA, l->keys);
    Canvas txt = canvas_sub(&col, (Rect){15, 0, colw - 15, 1});
    draw_text(&txt, 0, 0, ok ? ROLE_DIALOG : ROLE_NA, text);
}

/* The keys of the page the help was opened on, first: no scrolling to find them. */
static int help_here(const HelpView *h, const Keymap *km, HelpLine *out, int max) {
    KeyHint k[24];
    int nk = keymap_bar(km, h->panel, k, 24), n = 0;
    for (int i = 0; i < nk && n + 1 < max; i++) {
        if (!k[i].page_only) {
            continue;
        }
        if (n == 0) {
            out[n] = (HelpLine){.heading = true, .action = ACT_NONE};
            snprintf(out[n].text, sizeof out[n].text, "This page: %s", h->here);
            n++;
        }
        out[n] = (HelpLine){.heading = false, .action = k[i].action};
        keymap_keys_format(km, k[i].action, out[n].keys, sizeof out[n].keys);
        snprintf(out[n].text, sizeof out[n].text, "%s", keymap_info(k[i].action)->help);
        n++;
    }
    return n;
}

int help_draw(const Canvas *c, HelpView *h, const Keymap *km, const UiActions *acts) {
    HelpLine lines[HELP_MAX];
    int n = help_here(h, km, lines, HELP_MAX);
    n += keymap_help(km, lines + n, HELP_MAX - n);
    n += keymap_fixed_help(lines + n, HELP_MAX - n);
    int rows_avail = c->r.h - 2 - 4;
    /* two columns only when each still holds a whole line */
    int ncol = (c->r.w - 4 >= 140 && n > rows_avail) ? 2 : 1;
    int w = c->r.w - 4 < 120 * ncol ? c->r.w - 4 : 120 * ncol;
    int per_col = (n + ncol - 1) / ncol;
    int rows = per_col < rows_avail ? per_col : rows_avail;
    Canvas in = widget_box(c, centred(c, w, rows + 4), "jtune keys");
    int colw = (in.r.w - (ncol - 1) * 2) / ncol;
    int max_top = per_col - rows;
    h->top = h->top > max_top ? max_top : h->top < 0 ? 0 : h->top;
    for (int col = 0; col < ncol; col++) {
        for (int r = 0; r < rows; r++) {
            int i = col * per_col + h->top + r;
            if (i < n && (col + 1) * per_col > i) {
                help_line(&in, r, col * (colw + 2), colw, &lines[i], acts, h);
            }
        }
    }
    const char *foot = max_top > 0 ? "up/down: scroll   ? or esc: close" : "? or esc: close";
    int y = in.r.h - 1;
    int x = draw_text(&in, y, 0, ROLE_DIALOG, foot);
    bool any_missing = false;
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        any_missing = any_missing || !actions_available(acts, (ActionId)a);
    }
    if (any_missing && in.r.w - x > 20) {
        draw_text(&in, y, x + 3, ROLE_NA, "dimmed: not available here");
    }
    return rows;
}
