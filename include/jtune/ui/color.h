/* SPDX-License-Identifier: MIT */
/* color: colour specs of theme files and their mapping to what a terminal has. PURE.
 *
 * A spec is "default" (the terminal's own colour), a 256-colour index ("208"), a name
 * ("red", "bright-blue", "grey") or true colour ("#ff8700"). jtune never redefines the
 * terminal's palette: true colour goes to the nearest of the terminal's 256, 16 or 8
 * colours, judged on the standard xterm palette.
 */
#ifndef JTUNE_UI_COLOR_H
#define JTUNE_UI_COLOR_H

#include <stdbool.h>
#include <stdint.h>

typedef enum { CLR_DEFAULT, CLR_INDEX, CLR_RGB } ColorKind;

typedef struct {
    uint8_t kind;    /* ColorKind */
    uint8_t index;   /* CLR_INDEX */
    uint8_t r, g, b; /* CLR_RGB */
} ColorSpec;

/* Parse a colour word (case-insensitive). 0 or -EINVAL. */
int color_parse(const char *s, ColorSpec *out);

/* The xterm RGB of palette entry idx (0..255) into rgb[3]. */
void color_index_rgb(int idx, uint8_t rgb[3]);

/* The terminal colour for c on a terminal with ncolors colours (8, 16, 88, 256...):
 * -1 for the default colour, else an index below ncolors (256 when ncolors > 256). */
int color_nearest(ColorSpec c, int ncolors);

#endif
