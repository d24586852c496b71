/* SPDX-License-Identifier: MIT */
/* ui: the full-screen monitor - main loop, page switching, selection, tuning keys.
 *
 * The loop samples on schedule (source.take), waits for input with a timeout until the
 * next deadline (or a message's expiry), and redraws after a sample, a key or a resize.
 * The terminal is always given back, also on SIGINT/SIGTERM/SIGHUP (see term.h). */
#ifndef JTUNE_UI_UI_H
#define JTUNE_UI_UI_H

#include "jtune/conf/config.h"
#include "jtune/core/energy.h"
#include "jtune/core/procs.h"
#include "jtune/core/sample.h"
#include "jtune/ui/actions.h"
#include "jtune/ui/keymap.h"
#include "jtune/ui/theme.h"

#include <stdbool.h>

/* Where samples come from: the live sampler, or a recording being replayed.
 * A live source is taken every interval. A replay source sets due_ns: the loop then takes
 * every sample that is due (in order, before painting) and waits until the next one; take
 * returns 1 instead of 0 when the sample follows a jump (seek, step back), so the graphs
 * start over from it; the session energy starts from energy_before when the source has it
 * (the energy of every row before that sample), else from nothing. */
typedef struct {
    void *ctx;
    const Inventory *(*inventory)(void *ctx); /* borrowed; may change in place */
    int (*take)(void *ctx, Sample *out);      /* 0 or 1 (see above), or -errno: fatal */
    /* replay only (NULL for the live board): */
    int64_t (*due_ns)(void *ctx, int64_t now_ns); /* when take has the next sample;
                                                     INT64_MAX: nothing until a key */
    bool (*pause)(void *ctx, int64_t now_ns);     /* the pause key; true: now paused */
    /* may be NULL; after take returned 1: the energy of the rows before that sample into
       out (an energy_meter_init'ed meter fed those rows); false: unknown */
    bool (*energy_before)(void *ctx, EnergyMeter *out);
    /* may be NULL (then the page shows what the Sample carries: a recording's top lists):
       the process and interrupt tables of the last sample taken (borrowed; NULL: not read) */
    void (*procs)(void *ctx, const ProcTable **pt, const IrqTable **it);
} UiSource;

typedef struct {
    UiSource source;
    const UiActions *actions; /* NULL: monitor only */
    const Theme *theme;
    const Theme *mono_theme; /* used instead when colours are off (NULL: theme stripped) */
    bool color;              /* colours wanted (false for NO_COLOR, --no-color, never) */
    GlyphMode glyphs;
    const Keymap *keymap;
    int interval_ms;
    int history; /* points per graph */
    TempUnit unit;
    int n_panels;
    PanelId panels[PANEL_COUNT];
    int start_page;      /* 0 overview, i: the page of panels[i - 1] */
    const char *message; /* shown in the footer at start (config problems), or NULL */
    bool message_error;
} UiSetup;

/* Run until the user quits or a quit signal arrives. 0, or -errno (-ENOTTY without a
 * terminal, -EIO when curses cannot start, or the source's error). */
int ui_run(const UiSetup *s);

#endif
