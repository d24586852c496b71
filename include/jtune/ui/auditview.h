/* SPDX-License-Identifier: MIT */
/* auditview: the audit page - the low-power checklist, live, over the page area.
 *
 * One row per item: pass / FAIL / n/a, what it checks, the evidence read from the board.
 * Under the list, the selected item's fix: "f" applies it when jtune manages the knob
 * (through the helper, journaled), else the command to run is shown. "t" switches the
 * target (automatic: the intent of the profile in effect; low-power; performance). The
 * score counts the items that apply (n/a left out).
 *
 * The key handler is a pure state machine (tested without a terminal); the caller runs the
 * audit and the fixes (UiActions.audit_run / audit_fix) and refreshes the report after every
 * sample while the page is open.
 */
#ifndef JTUNE_UI_AUDITVIEW_H
#define JTUNE_UI_AUDITVIEW_H

#include "jtune/core/audit.h"
#include "jtune/ui/draw.h"
#include "jtune/ui/keymap.h"

#include <stdbool.h>

typedef struct {
    AuditReport rep;
    bool have;        /* rep holds a report */
    int target;       /* -1 automatic, else an AuditTarget */
    int sel;          /* selected item (an AuditId) */
    int top;          /* first item shown */
    char status[160]; /* outcome of the last fix ("" none) */
    bool status_error;
} AuditView;

typedef enum {
    AV_NONE,   /* key not for the page */
    AV_MOVED,  /* the selection moved */
    AV_FIX,    /* apply the selected item's fix */
    AV_TARGET, /* the target changed: run the audit again */
    AV_CLOSE,
} AuditViewCmd;

/* Start with no report, automatic target, the first item selected. */
void auditview_init(AuditView *v);

/* up/down/k/j/home/end/pgup/pgdn move; f/enter: AV_FIX; t: next target (AV_TARGET);
 * esc/q/A: AV_CLOSE. rows = items visible. */
AuditViewCmd auditview_key(AuditView *v, KeyCode k, int rows);

/* Paint the page into c (every cell). Returns the item rows shown. */
int auditview_draw(const Canvas *c, AuditView *v);

#endif
