/* SPDX-License-Identifier: MIT */
/* draw: palette, glyphs and clipped painting primitives. */
#include "jtune/ui/draw.h"

#include "jtune/core/hash.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define TEXT_MAX 512

/* ---- palette ---- */

static attr_t curses_attrs(unsigned a) {
    attr_t out = A_NORMAL;
    out |= (a & TATTR_BOLD) ? A_BOLD : 0;
    out |= (a & TATTR_DIM) ? A_DIM : 0;
    out |= (a & TATTR_UNDERLINE) ? A_UNDERLINE : 0;
    out |= (a & TATTR_REVERSE) ? A_REVERSE : 0;
    out |= (a & TATTR_BLINK) ? A_BLINK : 0;
#ifdef A_ITALIC
    out |= (a & TATTR_ITALIC) ? A_ITALIC : 0;
#endif
    return out;
}

void palette_init(Palette *p, const Theme *t, bool color) {
    memset(p, 0, sizeof *p);
    p->color = color && has_colors() && COLORS >= 8 && COLOR_PAIRS > ROLE_COUNT;
    for (int r = 0; r < ROLE_COUNT; r++) {
        const Style *st = &t->style[r];
        p->attr[r] = curses_attrs(st->attrs);
        if (!p->color) {
            continue;
        }
        short fg = (short)color_nearest(st->fg, COLORS);
        short bg = (short)color_nearest(st->bg, COLORS);
        /* pair numbers start at 1 (0 is the terminal default and cannot be changed) */
        if (init_pair((short)(r + 1), fg, bg) == OK) {
            p->pair[r] = (short)(r + 1);
        }
    }
}

/* ---- glyphs ---- */

static const Glyphs utf8_glyphs = {
    .utf8 = true,
    .hrule = "\u2500",
    .vrule = "\u2502",
    .dot = "\u00b7",
    .ellipsis = "\u2026",
    .rec = "\u25cf",
    .warn = "\u25b2",
    .sel = "\u25b6",
    .bar_empty = "\u2591",
    .bar_part = {" ", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589",
                 "\u2588"},
    .graph_lvl = {" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587",
                  "\u2588"},
};

static const Glyphs ascii_glyphs = {
    .utf8 = false,
    .hrule = "-",
    .vrule = "|",
    .dot = ".",
    .ellipsis = "~",
    .rec = "*",
    .warn = "!",
    .sel = ">",
    .bar_empty = ".",
    .bar_part = {".", ".", ".", ".", "#", "#", "#", "#", "#"},
    .graph_lvl = {" ", ".", ".", ".", ":", ":", ":", ":", "#"},
};

const Glyphs *glyphs_get(bool utf8) {
    return utf8 ? &utf8_glyphs : &ascii_glyphs;
}

/* ---- canvas ---- */

Canvas canvas_sub(const Canvas *c, Rect r) {
    Canvas s = *c;
    int x0 = c->r.x + (r.x < 0 ? 0 : r.x), y0 = c->r.y + (r.y < 0 ? 0 : r.y);
    int x1 = c->r.x + r.x + r.w, y1 = c->r.y + r.y + r.h;
    x1 = x1 > c->r.x + c->r.w ? c->r.x + c->r.w : x1;
    y1 = y1 > c->r.y + c->r.h ? c->r.y + c->r.h : y1;
    s.r = (Rect){x0, y0, x1 > x0 ? x1 - x0 : 0, y1 > y0 ? y1 - y0 : 0};
    return s;
}

/* Fold n bytes into the signature. */
static void sig_add(uint64_t *sig, const void *p, size_t n) {
    *sig = hash_fold(*sig, p, n);
}

/* What one painting call would paint, folded into c->sig: kind, cell, role, characters. */
static void sig_paint(const Canvas *c, int kind, int y, int x, Role role, const void *p, size_t n) {
    int head[4] = {kind, c->r.y + y, c->r.x + x, (int)role};
    sig_add(c->sig, head, sizeof head);
    sig_add(c->sig, p, n);
}

static void set_role(const Canvas *c, Role role) {
    wattr_set(c->win, c->pal->attr[role], c->pal->pair[role], NULL);
}

void draw_blank(const Canvas *c, int y, int x, Role role) {
    if (y < 0 || y >= c->r.h || x >= c->r.w) {
        return;
    }
    x = x < 0 ? 0 : x;
    if (c->sig) {
        int w = c->r.w - x;
        sig_paint(c, 1, y, x, role, &w, sizeof w);
        if (!c->sig_paints) {
            return;
        }
    }
    /* whline takes its attributes from the character, except that ncurses renders a blank
     * without attributes (the mono theme's normal) in the window's current ones: set those
     * too, or the last role painted (a reversed footer) leaks into the blanks */
    set_role(c, role);
    chtype blank = ' ' | c->pal->attr[role] | (chtype)COLOR_PAIR(c->pal->pair[role]);
    mvwhline(c->win, c->r.y + y, c->r.x + x, blank, c->r.w - x);
}

void draw_clear(const Canvas *c, Role role) {
    for (int y = 0; y < c->r.h; y++) {
        draw_blank(c, y, 0, role);
    }
}

/* Decode UTF-8 into at most max wide characters (invalid bytes become '?'; in ASCII mode
 * so does every non-ASCII character). Returns the count. */
static int decode(const char *s, bool utf8, wchar_t *out, int max) {
    const unsigned char *u = (const unsigned char *)s;
    int n = 0;
    while (*u && n < max) {
        wchar_t cp = '?';
        int len = *u < 0x80             ? 1
                  : (*u & 0xe0) == 0xc0 ? 2
                  : (*u & 0xf0) == 0xe0 ? 3
                  : (*u & 0xf8) == 0xf0 ? 4
                                        : 1;
        bool ok = true;
        for (int i = 1; i < len; i++) {
            ok = ok && (u[i] & 0xc0) == 0x80;
        }
        if (len == 1) {
            cp = *u < 0x80 && *u >= 0x20 ? (wchar_t)*u : '?';
        } else if (ok) {
            cp = (wchar_t)(*u & (0x7f >> len));
            for (int i = 1; i < len; i++) {
                cp = (cp << 6) | (u[i] & 0x3f);
            }
            cp = utf8 ? cp : '?';
        } else {
            len = 1;
        }
        out[n++] = cp;
        u += len;
    }
    return n;
}

int draw_width(const char *s) {
    int n = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        n += (*u & 0xc0) != 0x80;
    }
    return n;
}

/* True when s holds anything but blanks. */
static bool has_ink(const char *s) {
    return s[strspn(s, " ")] != '\0';
}

/* The rest of s after its first n code points. */
static const char *skip_chars(const char *s, int n) {
    for (; n > 0 && *s; n--) {
        do {
            s++;
        } while ((*s & 0xc0) == 0x80);
    }
    return s;
}

int draw_wrap(const char *s, int w, char lines[][256], int max) {
    int n = 0;
    w = w < 1 ? 1 : w;
    while (*s && n < max) {
        const char *p = s, *brk = NULL;
        int cols = 0;
        while (*p && *p != '\n' && cols < w) {
            brk = *p == ' ' ? p : brk;
            p = skip_chars(p, 1);
            cols++;
        }
        const char *end = !*p || *p == ' ' || *p == '\n' ? p : brk && brk > s ? brk : p;
        if (n == max - 1) {
            end = s + strcspn(s, "\n"); /* the last line takes the rest (marked as cut) */
        }
        int len = (int)(end - s) < 255 ? (int)(end - s) : 255;
        snprintf(lines[n++], 256, "%.*s", len, s);
        s = end;
        s += *s == '\n';
        while (*s == ' ') {
            s++;
        }
    }
    return n;
}

/* True when every character is printable ASCII (one column each). */
static bool all_ascii(const wchar_t *w, int n) {
    for (int i = 0; i < n; i++) {
        if (w[i] < 0x20 || w[i] > 0x7e) {
            return false;
        }
    }
    return true;
}

/* Paint n characters at window cell (wy, wx) in role (the window's attributes already set
 * to it). Printable ASCII, nearly everything a frame paints, is copied in as finished cells:
 * adding characters one by one costs a width lookup and a printable check each. Anything
 * else (wide, combining or unprintable characters) goes through ncurses' own handling. */
static void put_text(const Canvas *c, int wy, int wx, Role role, const wchar_t *w, int n) {
    if (!all_ascii(w, n)) {
        mvwaddnwstr(c->win, wy, wx, w, n);
        return;
    }
    cchar_t cells[TEXT_MAX];
    for (int i = 0; i < n; i++) {
        wchar_t one[2] = {w[i], L'\0'};
        if (setcchar(&cells[i], one, c->pal->attr[role], c->pal->pair[role], NULL) != OK) {
            mvwaddnwstr(c->win, wy, wx, w, n);
            return;
        }
    }
    mvwadd_wchnstr(c->win, wy, wx, cells, n);
}

int draw_text(const Canvas *c, int y, int x, Role role, const char *s) {
    if (y < 0 || y >= c->r.h || x >= c->r.w || x < 0) {
        return 0;
    }
    wchar_t buf[TEXT_MAX];
    int room = c->r.w - x < TEXT_MAX ? c->r.w - x : TEXT_MAX;
    int n = decode(s, c->g->utf8, buf, room);
    if (n == 0) {
        return 0;
    }
    if (n == room && has_ink(skip_chars(s, n))) {
        /* cut short: say so, never end on half a word */
        wchar_t e = '~'; /* kept when the theme's ellipsis is empty */
        decode(c->g->ellipsis, c->g->utf8, &e, 1);
        buf[n - 1] = e;
    }
    if (c->sig) {
        sig_paint(c, 2, y, x, role, buf, sizeof buf[0] * (size_t)n);
        if (!c->sig_paints) {
            return n;
        }
    }
    set_role(c, role);
    put_text(c, c->r.y + y, c->r.x + x, role, buf, n);
    return n;
}

int draw_text_right(const Canvas *c, int y, int right_x, Role role, const char *s) {
    int x = right_x - draw_width(s);
    if (x < 0) {
        /* keep the end of the text visible: drop characters from its start, and say so */
        draw_text(c, y, 0, role, c->g->ellipsis);
        draw_text(c, y, 1, role, skip_chars(s, 1 - x));
        return 0;
    }
    draw_text(c, y, x, role, s);
    return x;
}

int draw_textf(const Canvas *c, int y, int x, Role role, const char *fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return draw_text(c, y, x, role, buf);
}

/* Paint glyph n times from (y, x) in role, clipped. */
static void repeat(const Canvas *c, int y, int x, int n, Role role, const char *glyph) {
    wchar_t wc;
    if (decode(glyph, c->g->utf8, &wc, 1) != 1 || y < 0 || y >= c->r.h) {
        return;
    }
    if (x < 0) {
        n += x;
        x = 0;
    }
    n = x + n > c->r.w ? c->r.w - x : n;
    if (n <= 0) {
        return;
    }
    n = n > TEXT_MAX ? TEXT_MAX : n;
    if (c->sig) {
        int run[2] = {n, (int)wc};
        sig_paint(c, 3, y, x, role, run, sizeof run);
        if (!c->sig_paints) {
            return;
        }
    }
    /* one cell copied n times: cheaper than adding n characters one by one (each a width
     * lookup and a printable check); the glyphs are all one column wide */
    wchar_t s[2] = {wc, L'\0'};
    cchar_t cell;
    set_role(c, role);
    if (setcchar(&cell, s, c->pal->attr[role], c->pal->pair[role], NULL) == OK) {
        mvwhline_set(c->win, c->r.y + y, c->r.x + x, &cell, n);
    }
}

void draw_title(const Canvas *c, int y, const char *title, const char *right, Role right_role) {
    int x = draw_text(c, y, 0, ROLE_TITLE, title);
    repeat(c, y, x, 1, ROLE_BORDER, " ");
    int end = c->r.w;
    if (right && *right && c->r.w - x > draw_width(right) + 4) {
        int rw = draw_width(right);
        repeat(c, y, end - 1, 1, ROLE_BORDER, c->g->hrule);
        repeat(c, y, end - 2, 1, ROLE_BORDER, " ");
        draw_text(c, y, end - 2 - rw, right_role, right);
        repeat(c, y, end - 3 - rw, 1, ROLE_BORDER, " ");
        end -= 3 + rw;
    }
    repeat(c, y, x + 1, end - x - 1, ROLE_BORDER, c->g->hrule);
}

static void bar(const Canvas *c, int y, int x, int w, Val value, int64_t max, bool progress);

static Role bar_role(int cell, int w) {
    int pos = (cell + 1) * 1000 / w; /* where this cell ends, per mille of the bar */
    return pos <= 600 ? ROLE_BAR_LOW : pos <= 850 ? ROLE_BAR_MID : ROLE_BAR_HIGH;
}

void draw_bar(const Canvas *c, int y, int x, int w, Val value, int64_t max) {
    bar(c, y, x, w, value, max, false);
}

void draw_progress(const Canvas *c, int y, int x, int w, Val value, int64_t max) {
    bar(c, y, x, w, value, max, true);
}

/* A bar coloured by position (a level: the far end is hot), or in one role (progress: the
 * far end is simply done). */
static void bar(const Canvas *c, int y, int x, int w, Val value, int64_t max, bool progress) {
    if (w <= 0 || max <= 0) {
        return;
    }
    int64_t v = value.ok ? value.v : 0;
    v = v < 0 ? 0 : v > max ? max : v;
    int64_t eighths = (v * w * 8 + max / 2) / max;
    if (value.ok && v > 0 && eighths == 0) {
        eighths = 1; /* something, however little, is not nothing */
    }
    /* runs of the same glyph and role are painted in one call */
    int i = 0;
    while (i < w) {
        int fill = (int)(eighths - (int64_t)i * 8);
        fill = fill < 0 ? 0 : fill > 8 ? 8 : fill;
        Role role = fill == 0 ? ROLE_BAR_EMPTY : progress ? ROLE_BAR_LOW : bar_role(i, w);
        const char *glyph = fill == 0 ? c->g->bar_empty : c->g->bar_part[fill];
        int run = 1;
        while (i + run < w && fill == 8 && eighths - (int64_t)(i + run) * 8 >= 8 &&
               (progress || bar_role(i + run, w) == role)) {
            run++;
        }
        if (fill == 0) {
            run = w - i;
        }
        repeat(c, y, x + i, run, role, glyph);
        i += run;
    }
}
