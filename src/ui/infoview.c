/* SPDX-License-Identifier: MIT */
/* infoview: the board information page - key handling (pure) and drawing. */
#include "jtune/ui/infoview.h"

#include <stdio.h>
#include <string.h>

void infoview_init(InfoView *v, bool keep_serial) {
    memset(v, 0, sizeof *v);
    v->keep_serial = keep_serial;
}

static void clamp(InfoView *v, int rows) {
    int last = v->n_lines - (rows < 1 ? 1 : rows);
    v->top = v->top > last ? last : v->top;
    v->top = v->top < 0 ? 0 : v->top;
}

InfoViewCmd infoview_key(InfoView *v, KeyCode k, int rows) {
    int page = rows > 1 ? rows - 1 : 1;
    switch (k) {
    case KEYC_UP:
    case 'k': v->top--; break;
    case KEYC_DOWN:
    case 'j': v->top++; break;
    case KEYC_PGUP: v->top -= page; break;
    case KEYC_PGDN: v->top += page; break;
    case KEYC_HOME: v->top = 0; break;
    case KEYC_END: v->top = v->n_lines; break;
    case 's': v->keep_serial = !v->keep_serial; break;
    case 'r': return IV_REREAD;
    case KEYC_ESC:
    case 'q':
    case 'B': return IV_CLOSE;
    default: return IV_NONE;
    }
    clamp(v, rows);
    return IV_MOVED;
}

/* One "key:   value" line: the key as a label, the value (n/a dimmed). */
static void draw_line(const Canvas *c, int y, const char *line) {
    draw_blank(c, y, 0, ROLE_NORMAL);
    const char *colon = strchr(line, ':');
    if (!colon) {
        draw_text(c, y, 2, ROLE_VALUE, line);
        return;
    }
    char key[32];
    snprintf(key, sizeof key, "%.*s", (int)(colon - line), line);
    draw_text(c, y, 2, ROLE_LABEL, key);
    const char *val = colon + 1;
    while (*val == ' ') {
        val++;
    }
    draw_text(c, y, 16, strncmp(val, "n/a", 3) == 0 ? ROLE_NA : ROLE_VALUE, val);
}

int infoview_draw(const Canvas *c, InfoView *v) {
    draw_title(c, 0, "Board information", "jtune --info", ROLE_VALUE);
    int rows = c->r.h - 2;
    rows = rows < 1 ? 1 : rows;
    char *lines[64];
    int n = 0;
    if (v->have) {
        sysinfo_format(&v->si, v->keep_serial, v->text, sizeof v->text);
        for (char *p = v->text; *p && n < 64;) {
            lines[n++] = p;
            char *nl = strchr(p, '\n');
            if (!nl) {
                break;
            }
            *nl = '\0';
            p = nl + 1;
        }
    }
    v->n_lines = n;
    clamp(v, rows);
    for (int r = 0; r < rows; r++) {
        int i = v->top + r;
        if (i >= 0 && i < n) {
            draw_line(c, 1 + r, lines[i]);
        } else {
            draw_blank(c, 1 + r, 0, ROLE_NORMAL);
            if (r == 0 && !v->have) {
                draw_text(c, 1, 2, ROLE_NA, v->status[0] ? v->status : "reading the board...");
            }
        }
    }
    if (c->r.h >= 2) {
        draw_blank(c, c->r.h - 1, 0, ROLE_NORMAL);
        draw_text(c, c->r.h - 1, 0, ROLE_LABEL,
                  v->keep_serial ? "up/down scroll  s hide serial  r reread  B or esc close"
                                 : "up/down scroll  s show serial  r reread  B or esc close");
    }
    return rows;
}
