/* SPDX-License-Identifier: MIT */
/* profview: the profile preview dialog. */
#include "jtune/ui/profview.h"

#include <stdio.h>
#include <string.h>

void profview_init(ProfView *v, const char *name) {
    memset(v, 0, sizeof *v);
    snprintf(v->name, sizeof v->name, "%s", name);
}

static void scroll_clamp(ProfView *v, int rows) {
    int body = v->n > 1 ? v->n - 1 : 0;
    int max_top = body > rows ? body - rows : 0;
    v->top = v->top < 0 ? 0 : v->top > max_top ? max_top : v->top;
}

WidgetResult profview_key(ProfView *v, KeyCode k, int rows) {
    int page = rows > 1 ? rows - 1 : 1;
    switch (k) {
    case KEYC_ENTER:
    case 'a':
    case 'y': return WIDGET_DONE;
    case KEYC_ESC:
    case 'n':
    case 'q': return WIDGET_CANCEL;
    case KEYC_UP:
    case 'k': v->top--; break;
    case KEYC_DOWN:
    case 'j': v->top++; break;
    case KEYC_PGUP: v->top -= page; break;
    case KEYC_PGDN: v->top += page; break;
    case KEYC_HOME: v->top = 0; break;
    case KEYC_END: v->top = v->n; break;
    default: return WIDGET_OPEN;
    }
    scroll_clamp(v, rows);
    return WIDGET_OPEN;
}

int profview_draw(const Canvas *c, ProfView *v) {
    int w = 40;
    for (int i = 0; i < v->n; i++) {
        int lw = draw_width(v->lines[i]) + 6;
        w = lw > w ? lw : w;
    }
    int body = v->n > 1 ? v->n - 1 : 1;
    int h = body + 5; /* frame, heading, blank, keys */
    w = w > c->r.w ? c->r.w : w;
    h = h > c->r.h ? c->r.h : h;
    char title[UI_CHOICE_LEN + 16];
    snprintf(title, sizeof title, "Profile %s", v->name);
    Canvas in = widget_box(c, (Rect){(c->r.w - w) / 2, (c->r.h - h) / 2, w, h}, title);
    int rows = in.r.h - 3;
    rows = rows < 1 ? 1 : rows;
    scroll_clamp(v, rows);
    draw_text(&in, 0, 0, ROLE_DIALOG, v->n ? v->lines[0] : "");
    for (int r = 0; r < rows; r++) {
        int i = 1 + v->top + r;
        draw_blank(&in, 1 + r, 0, ROLE_DIALOG);
        if (i < v->n) {
            draw_text(&in, 1 + r, 0, ROLE_DIALOG, v->lines[i]);
        }
    }
    bool more = 1 + v->top + rows < v->n;
    draw_textf(&in, in.r.h - 1, 0, ROLE_DIALOG_SELECTED, " enter: apply  esc: cancel%s ",
               more ? "  (more: down)" : "");
    return rows;
}
