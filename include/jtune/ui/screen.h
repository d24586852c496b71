/* SPDX-License-Identifier: MIT */
/* screen: one frame - header, the page (overview or a panel page) laid out by layout.c,
 * the footer (page tabs, key hints, messages) and an overlay (help, picker, confirm). */
#ifndef JTUNE_UI_SCREEN_H
#define JTUNE_UI_SCREEN_H

#include "jtune/ui/actions.h"
#include "jtune/ui/auditview.h"
#include "jtune/ui/draw.h"
#include "jtune/ui/graph.h"
#include "jtune/ui/infoview.h"
#include "jtune/ui/keymap.h"
#include "jtune/ui/layout.h"
#include "jtune/ui/procview.h"
#include "jtune/ui/profview.h"
#include "jtune/ui/uimodel.h"
#include "jtune/ui/widgets.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UI_MAX_CHANGES 12

typedef enum {
    OVERLAY_NONE,
    OVERLAY_HELP,
    OVERLAY_PICKER,
    OVERLAY_CONFIRM,
    OVERLAY_WORKLOAD, /* the workload page (wlpage.h) over the body */
    OVERLAY_PREVIEW,  /* a profile's changes before applying it */
    OVERLAY_AUDIT,    /* the audit page, over the whole page area */
    OVERLAY_PROCS,    /* the processes and interrupts page (procview.h) */
    OVERLAY_INFO,     /* the board information page, over the whole page area */
} Overlay;

/* What the last frame painted, per widget (screen_draw with UiState.partial): a widget whose
 * signature (draw.h's Canvas.sig), place and glyphs are those of the last frame is not
 * painted again, and graphs append their new columns. */
typedef struct {
    Slot slot;       /* the slot the entry is for */
    uint64_t table;  /* signature of the slot's table (0: none yet) */
    bool busy;       /* the table changed in the last frame ... */
    uint64_t sample; /* ... of sample n: after a new sample, painted and signed in one pass */
    GraphCache graph;
} SlotCache;

typedef struct {
    bool valid;
    uint64_t key;          /* size, page, overlay, message, palette, glyphs of the frame */
    uint64_t header[2];    /* header rows */
    uint64_t footer, gaps; /* footer (tabs, key bar, message); uncovered body cells */
    SlotCache slots[LAYOUT_MAX_SLOTS];
} ScreenCache;

typedef struct {
    int page;     /* 0 overview, i >= 1: the page of panels[i - 1] */
    int n_panels; /* enabled panels, in order */
    PanelId panels[PANEL_COUNT];
    int sel[PANEL_COUNT];     /* selected row per panel (its page) */
    int sel_col[PANEL_COUNT]; /* selected column per panel (cpuidle state) */
    char message[512];        /* footer message ("" none): wrapped, never cut */
    bool message_error;
    Overlay overlay;
    HelpView help;
    Picker picker;
    Confirm confirm;
    ProfView preview;
    AuditView audit;
    ProcView procs;
    InfoView info;
    int overlay_rows; /* rows the open picker/help shows (for paging keys) */
    int wl_sel;       /* the workload page's selected workload */
    int n_changes;    /* changes made in this session (the quit and undo dialogs list them) */
    char changes[UI_MAX_CHANGES][64];
    /* paint only the widgets whose cells changed since the last frame (the window must
     * keep what that frame painted: after anything else paints or erases it, call
     * screen_invalidate); false: every frame paints every cell */
    bool partial;
    ScreenCache cache;
} UiState;

/* Note a change made in this session ("park cpu5") for the quit and undo dialogs; the
 * same change made twice is listed once, the oldest dropped when the list is full. */
void screen_note_change(UiState *st, const char *what);

/* "park cpu5, cluster 0 governor powersave" (or "none"): the changes for a dialog. */
void screen_format_changes(const UiState *st, char *out, size_t outsz);

/* Everything a frame needs besides the state. */
typedef struct {
    WINDOW *win;
    const Palette *pal;
    const Glyphs *glyphs;
    const UiModel *model;
    const UiActions *actions;
    const Keymap *keymap;
} ScreenCtx;

/* Paint one frame into ctx->win (cols x rows) and return its layout in out (may be NULL).
 * Nothing is cleared wholesale: every cell of the frame is painted, so ncurses sends only
 * what changed. */
void screen_draw(const ScreenCtx *ctx, UiState *st, int cols, int rows, Layout *out);

/* Forget what the last frame painted: the next screen_draw paints every cell (a full
 * redraw, the same cells as a partial one). */
void screen_invalidate(UiState *st);

/* The panel shown on the current page, or -1 on the overview. */
int screen_page_panel(const UiState *st);

#endif
