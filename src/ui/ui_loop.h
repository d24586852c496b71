/* SPDX-License-Identifier: MIT */
/* ui_loop: state shared by the main loop (ui.c) and the key handling (ui_keys.c).
 * Private to src/ui. */
#ifndef JTUNE_UI_UI_LOOP_H
#define JTUNE_UI_UI_LOOP_H

#include "jtune/ui/draw.h"
#include "jtune/ui/uimodel.h"
#include "jtune/ui/screen.h"
#include "jtune/ui/ui.h"

#include <stdbool.h>
#include <stdint.h>

#define UI_MESSAGE_MS   8000
#define UI_REPLAY_BATCH 20000 /* replay samples taken in at most per turn of the loop */

typedef struct {
    const UiSetup *setup;
    const UiActions *acts; /* never NULL (an empty set when the setup has none) */
    UiModel model;
    UiState st;
    Palette pal;
    const Glyphs *glyphs;
    Sample sample;   /* sampler output buffer */
    ProcTable *ptab; /* the tables built from a sample when the source has none (replay) */
    IrqTable *itab;
    int cols, rows;
    int64_t now_ns;
    int64_t next_due_ns; /* next sample */
    int64_t message_until_ns;
    int fan_watch_pwm;          /* a PWM just set by hand, checked on the following samples */
    int64_t fan_watch_until_ns; /* until then (0: nothing to check) */
    int fan_watch_seen;         /* samples checked so far */
    int64_t next_paint_ns;      /* when a fresh sample may be painted (the display rate) */
    bool quit;
    bool fresh;   /* a sample came since the last frame: paint at next_paint_ns */
    bool dirty;   /* a frame must be painted now (a key, a resize, a message) */
    bool repaint; /* the whole terminal must be repainted (C-l) */
} UiLoop;

/* The monotonic clock in ns. */
int64_t ui_now_ns(void);

/* Show a footer message for UI_MESSAGE_MS (or until the next key). */
void ui_message(UiLoop *L, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* After a PWM set by hand: on the following samples, say so when it did not hold (who
 * rewrites it and what to do). Call after every sample. */
void ui_fan_watch(UiLoop *L);

/* Handle one key (overlays first, then the keymap). */
void ui_handle_key(UiLoop *L, KeyCode k);

/* Sample at once (after a change, or on resume). */
void ui_sample_soon(UiLoop *L);

/* Clamp the selections of every panel to its rows/columns. */
void ui_clamp_selection(UiLoop *L);

/* ---- profiles and the audit page (ui_prof.c) ---- */

/* Open the preview of profile name (false when there is no preview hook: ask plainly). */
bool ui_profile_preview(UiLoop *L, const char *name);

/* Apply profile name and say how it went. */
void ui_profile_apply(UiLoop *L, const char *name);

/* Keys of the open preview (always taken). */
bool ui_preview_key(UiLoop *L, KeyCode k);

/* Open the audit page (runs the audit), refresh it (after each sample), its keys (false:
 * not the page's, handle it as usual). */
void ui_audit_open(UiLoop *L);
void ui_audit_refresh(UiLoop *L);
bool ui_audit_key(UiLoop *L, KeyCode k);

/* ---- the processes page (ui_keys.c) ---- */

/* Point the model at the process and interrupt tables of the newest sample. */
void ui_procs_update(UiLoop *L);
/* ---- the board information page (ui_info.c) ---- */

/* Open the page (reads the board through UiActions.info_read) and its keys (false: not the
 * page's, handle it as usual). */
void ui_info_open(UiLoop *L);
bool ui_info_key(UiLoop *L, KeyCode k);

#endif
