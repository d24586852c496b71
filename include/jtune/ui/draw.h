/* SPDX-License-Identifier: MIT */
/* draw: painting on an ncurses window - the palette (theme roles -> colour pairs and
 * attributes), glyph sets (Unicode blocks or ASCII), and clipped primitives on a Canvas.
 *
 * Every primitive clips to its canvas, so a widget can never paint outside its rectangle.
 * Nothing here clears the screen: widgets repaint their own cells and ncurses sends only
 * the cells that changed.
 */
#ifndef JTUNE_UI_DRAW_H
#define JTUNE_UI_DRAW_H

#include "jtune/core/sample.h"
#include "jtune/ui/layout.h"
#include "jtune/ui/theme.h"

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    attr_t attr[ROLE_COUNT];
    short pair[ROLE_COUNT];
    bool color; /* colours are in use */
} Palette;

/* Map t onto the terminal: one colour pair per role when color is true and the terminal
 * has enough pairs (otherwise attributes only). Needs an initialised screen. */
void palette_init(Palette *p, const Theme *t, bool color);

typedef struct {
    bool utf8;
    const char *hrule, *vrule, *dot, *ellipsis, *rec, *warn, *sel;
    const char *bar_empty;
    const char *bar_part[9];  /* 0 empty .. 8 full (eighths of a cell, left to right) */
    const char *graph_lvl[9]; /* 0 empty .. 8 full (eighths of a cell, bottom up) */
} Glyphs;

/* The glyph set: Unicode blocks or plain ASCII (serial consoles, non-UTF-8 locales). */
const Glyphs *glyphs_get(bool utf8);

typedef struct {
    WINDOW *win;
    Rect r; /* the area, in the window's coordinates */
    const Palette *pal;
    const Glyphs *g;
    /* when set, the primitives paint nothing and fold what they would paint (cells, roles,
     * text) into *sig instead: a widget's signature, to skip its repaint when unchanged */
    uint64_t *sig;
    bool sig_paints; /* with sig: paint as well (a widget likely to have changed: one pass) */
} Canvas;

/* A canvas for the sub-rectangle r (relative to c's area), clipped to c. */
Canvas canvas_sub(const Canvas *c, Rect r);

/* Paint every cell of the canvas blank in role. */
void draw_clear(const Canvas *c, Role role);

/* Paint row y blank in role from column x to the right edge. */
void draw_blank(const Canvas *c, int y, int x, Role role);

/* UTF-8 text at (y, x), clipped at the right edge. Returns the columns painted. In ASCII
 * mode every non-ASCII character is painted as '?'. */
int draw_text(const Canvas *c, int y, int x, Role role, const char *s);

/* Text right-aligned so that its last column is right_x - 1. Returns its start column. */
int draw_text_right(const Canvas *c, int y, int right_x, Role role, const char *s);

/* printf into draw_text (at most 255 bytes). */
int draw_textf(const Canvas *c, int y, int x, Role role, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Word-wrap the UTF-8 text s into lines of at most w columns (a word longer than w is
 * split; '\n' breaks a line). Returns the line count (at most max; the last line holds the rest,
 * cut). */
int draw_wrap(const char *s, int w, char lines[][256], int max);

/* Columns the UTF-8 string s takes (one per code point). */
int draw_width(const char *s);

/* A panel title row: "TITLE ───── right ─" (right may be NULL). */
void draw_title(const Canvas *c, int y, const char *title, const char *right, Role right_role);

/* A horizontal bar of w cells at (y, x) filled to value/max (clamped), with eighth-cell
 * resolution in Unicode. Cells are coloured by position: bar.low up to 60 %, bar.mid up
 * to 85 %, bar.high beyond. An unknown value paints an empty bar. */
void draw_bar(const Canvas *c, int y, int x, int w, Val value, int64_t max);

/* A progress bar: like draw_bar, but every filled cell in bar.low (being done is not a
 * warning). */
void draw_progress(const Canvas *c, int y, int x, int w, Val value, int64_t max);

#endif
