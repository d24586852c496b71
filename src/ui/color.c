/* SPDX-License-Identifier: MIT */
/* color: colour words and nearest-colour mapping on the xterm palette. */
#include "jtune/ui/color.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* xterm's 16 base colours. */
static const uint8_t base16[16][3] = {
    {0, 0, 0},     {205, 0, 0},     {0, 205, 0},     {205, 205, 0},   {0, 0, 238}, {205, 0, 205},
    {0, 205, 205}, {229, 229, 229}, {127, 127, 127}, {255, 0, 0},     {0, 255, 0}, {255, 255, 0},
    {92, 92, 255}, {255, 0, 255},   {0, 255, 255},   {255, 255, 255},
};

static const struct {
    const char *name;
    uint8_t index;
} names[] = {
    {"black", 0},         {"red", 1},
    {"green", 2},         {"yellow", 3},
    {"blue", 4},          {"magenta", 5},
    {"cyan", 6},          {"white", 7},
    {"grey", 8},          {"gray", 8},
    {"bright-black", 8},  {"bright-red", 9},
    {"bright-green", 10}, {"bright-yellow", 11},
    {"bright-blue", 12},  {"bright-magenta", 13},
    {"bright-cyan", 14},  {"bright-white", 15},
};

static int parse_hex(const char *s, ColorSpec *out) {
    if (strlen(s) != 7) {
        return -EINVAL;
    }
    uint8_t v[3];
    for (int i = 0; i < 3; i++) {
        int hi = parse_hex_digit(s[1 + 2 * i]), lo = parse_hex_digit(s[2 + 2 * i]);
        if (hi < 0 || lo < 0) {
            return -EINVAL;
        }
        v[i] = (uint8_t)(hi * 16 + lo);
    }
    *out = (ColorSpec){.kind = CLR_RGB, .r = v[0], .g = v[1], .b = v[2]};
    return 0;
}

int color_parse(const char *s, ColorSpec *out) {
    if (s[0] == '#') {
        return parse_hex(s, out);
    }
    if (strcasecmp(s, "default") == 0) {
        *out = (ColorSpec){.kind = CLR_DEFAULT};
        return 0;
    }
    if (s[0] >= '0' && s[0] <= '9') {
        char *end;
        long v = strtol(s, &end, 10);
        if (*end != '\0' || v < 0 || v > 255 || strlen(s) > 3) {
            return -EINVAL;
        }
        *out = (ColorSpec){.kind = CLR_INDEX, .index = (uint8_t)v};
        return 0;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(s, names[i].name) == 0) {
            *out = (ColorSpec){.kind = CLR_INDEX, .index = names[i].index};
            return 0;
        }
    }
    return -EINVAL;
}

void color_index_rgb(int idx, uint8_t rgb[3]) {
    static const uint8_t level[6] = {0, 95, 135, 175, 215, 255};
    if (idx < 16) {
        memcpy(rgb, base16[idx < 0 ? 0 : idx], 3);
    } else if (idx < 232) {
        int i = idx - 16;
        rgb[0] = level[i / 36];
        rgb[1] = level[(i / 6) % 6];
        rgb[2] = level[i % 6];
    } else {
        uint8_t g = (uint8_t)(8 + 10 * ((idx > 255 ? 255 : idx) - 232));
        rgb[0] = rgb[1] = rgb[2] = g;
    }
}

/* "Redmean" weighted distance: cheap and closer to what the eye sees than plain RGB. */
static long distance(const uint8_t a[3], const uint8_t b[3]) {
    long rmean = ((long)a[0] + b[0]) / 2;
    long dr = (long)a[0] - b[0], dg = (long)a[1] - b[1], db = (long)a[2] - b[2];
    return (((512 + rmean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rmean) * db * db) >> 8);
}

int color_nearest(ColorSpec c, int ncolors) {
    if (c.kind == CLR_DEFAULT) {
        return -1;
    }
    int limit = ncolors > 256 ? 256 : ncolors < 8 ? 8 : ncolors;
    if (limit == 88) {
        limit = 16; /* an 88-colour cube is laid out differently: keep to the base colours */
    }
    if (c.kind == CLR_INDEX && c.index < limit) {
        return c.index;
    }
    uint8_t want[3];
    if (c.kind == CLR_INDEX) {
        color_index_rgb(c.index, want);
    } else {
        want[0] = c.r, want[1] = c.g, want[2] = c.b;
    }
    /* on 256 colours keep to the cube and the greys: users often retheme the first 16 */
    int from = limit == 256 ? 16 : 0;
    int best = from;
    long best_d = LONG_MAX;
    for (int i = from; i < limit; i++) {
        uint8_t rgb[3];
        color_index_rgb(i, rgb);
        long d = distance(want, rgb);
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    return best;
}
