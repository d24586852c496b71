/* SPDX-License-Identifier: MIT */
/* procview: the processes page - who keeps the board awake - and its interrupts view.
 *
 * Processes: PID, state, CPU %, wakeups/s (voluntary context switches per second: see
 * core/procs.h), RSS, GPU memory (nvmap iovmm clients; n/a with the reason where it cannot be
 * read) and the command, sorted by any column, filtered by name. Interrupts ("i"): the busiest
 * IRQs by rate, and each core's local timer and IPI rates.
 *
 * Keys (while the page is open): w c m g s p n sort by wakeups, CPU, RSS (memory), GPU
 * memory, state, PID, command - the same key again reverses; < and > move the sort column; r
 * reverses; / types a filter (Enter keeps it, Esc clears it); i switches processes and
 * interrupts; arrows, PgUp/PgDn, Home/End scroll; Esc, q or o close.
 * The key handler is pure (tested without a terminal).
 */
#ifndef JTUNE_UI_PROCVIEW_H
#define JTUNE_UI_PROCVIEW_H

#include "jtune/core/procs.h"
#include "jtune/ui/draw.h"
#include "jtune/ui/keymap.h"

#include <stdbool.h>

#define PROCVIEW_FILTER 32

typedef struct {
    ProcSort sort;
    bool asc;     /* smallest first (the default for each key is its natural order) */
    bool irqs;    /* the interrupts view */
    bool editing; /* the "/" prompt takes keys */
    char filter[PROCVIEW_FILTER];
    int top; /* first row shown */
} ProcView;

typedef enum { PROCV_NONE, PROCV_MOVED, PROCV_CLOSE } ProcViewCmd;

/* Sorted by wakeups, largest first, no filter, the processes view. */
void procview_init(ProcView *v);

/* Handle k (rows: data rows visible, for paging). PROCV_NONE: not the page's key. */
ProcViewCmd procview_key(ProcView *v, KeyCode k, int rows);

/* Paint the page into c (every cell) from the tables (either may be NULL: not read, said
 * so). Returns the data rows shown. */
int procview_draw(const Canvas *c, ProcView *v, const ProcTable *pt, const IrqTable *it);

/* One line for the overview: "Top wakeups/s ...  gnome-shell 118.0  Xorg 60.0" (the busiest
 * first, whole entries only, at most width columns) into out; false when nothing to show. */
bool procview_top_line(const ProcTable *pt, int width, char *out, size_t outsz);

#endif
