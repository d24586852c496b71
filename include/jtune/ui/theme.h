/* SPDX-License-Identifier: MIT */
/* theme: semantic roles (what a thing on screen IS) -> colours and attributes. PURE.
 *
 * Widgets only ever name a role ("bar.high", "temp.hot", "graph.power"); a theme file maps
 * roles to styles. File format (INI, libinih):
 *     [theme]
 *     name = solarized
 *     description = ...
 *     [roles]
 *     header    = bold black on #5f87af
 *     bar.high  = #ff5f5f
 *     selected  = reverse
 * A style is any of: a foreground colour, "on" + a background colour, and attributes
 * (bold, dim, underline, reverse, italic, blink, normal). Colours: see color.h.
 * Parsing starts from the built-in default theme, so a missing key keeps the default's
 * style for that role and a bad value is reported as "file:line: ..." and falls back.
 */
#ifndef JTUNE_UI_THEME_H
#define JTUNE_UI_THEME_H

#include "jtune/core/diag.h"
#include "jtune/ui/color.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    ROLE_NORMAL,
    ROLE_LABEL,
    ROLE_VALUE,
    ROLE_NA,
    ROLE_HEADER,
    ROLE_HEADER_ALERT,
    ROLE_TITLE,
    ROLE_BORDER,
    ROLE_TAB,
    ROLE_TAB_ACTIVE,
    ROLE_FOOTER,
    ROLE_MESSAGE,
    ROLE_MESSAGE_ERROR,
    ROLE_BAR_LOW,
    ROLE_BAR_MID,
    ROLE_BAR_HIGH,
    ROLE_BAR_EMPTY,
    ROLE_TEMP_COOL,
    ROLE_TEMP_WARM,
    ROLE_TEMP_HOT,
    ROLE_GRAPH_CPU,
    ROLE_GRAPH_GPU,
    ROLE_GRAPH_EMC,
    ROLE_GRAPH_POWER,
    ROLE_GRAPH_TEMP,
    ROLE_GRAPH_FAN,
    ROLE_GRAPH_MEM,
    ROLE_GRAPH_AXIS,
    ROLE_STATE_ON,
    ROLE_STATE_OFF,
    ROLE_SELECTED,
    ROLE_HELP_KEY,
    ROLE_HELP_HEADING,
    ROLE_DIALOG,
    ROLE_DIALOG_TITLE,
    ROLE_DIALOG_SELECTED,
    ROLE_COUNT
} Role;

/* Attribute bits of a Style (mapped to curses attributes by the palette). */
enum {
    TATTR_BOLD = 1 << 0,
    TATTR_DIM = 1 << 1,
    TATTR_UNDERLINE = 1 << 2,
    TATTR_REVERSE = 1 << 3,
    TATTR_ITALIC = 1 << 4,
    TATTR_BLINK = 1 << 5,
};

typedef struct {
    ColorSpec fg, bg;
    unsigned attrs; /* TATTR_* */
} Style;

typedef struct {
    char name[64];
    char description[128];
    Style style[ROLE_COUNT];
} Theme;

/* Role key as written in theme files ("bar.high"). */
const char *theme_role_name(Role r);

/* One line describing what the role colours (for docs and the theme files). */
const char *theme_role_help(Role r);

/* Role by key. 0 or -EINVAL. */
int theme_role_parse(const char *name, Role *out);

/* The built-in default theme (the same as themes/default.theme). */
void theme_default(Theme *t);

/* Parse a style ("bold #ff0000 on default"). 0, or -EINVAL with the reason in why. */
int theme_style_parse(const char *s, Style *out, char *why, size_t whysz);

/* Format a style back to theme-file syntax. Returns the length or -ERANGE. */
int theme_style_format(const Style *s, char *out, size_t outsz);

/* Parse theme text named file over t (call theme_default first for per-key fallback).
 * Unknown sections/roles warn; bad styles are errors and keep t's style for that role.
 * Returns 0, -EINVAL when any line was in error, or -ENOMEM. */
int theme_parse(Theme *t, const char *text, const char *file, Diag *d);

/* Strip every colour (NO_COLOR, --no-color, a terminal without colours): attributes stay. */
void theme_strip_colors(Theme *t);

#endif
