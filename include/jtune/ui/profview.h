/* SPDX-License-Identifier: MIT */
/* profview: the profile preview dialog - every node a profile would change (current -> new),
 * scrollable, with Apply and Cancel. Opened after a profile is picked (the P key); the
 * caller fills the lines from UiActions.profile_preview and applies on WIDGET_DONE.
 * The key handler is a pure state machine. */
#ifndef JTUNE_UI_PROFVIEW_H
#define JTUNE_UI_PROFVIEW_H

#include "jtune/ui/actions.h"
#include "jtune/ui/draw.h"
#include "jtune/ui/keymap.h"
#include "jtune/ui/widgets.h"

#define PROFVIEW_LINES 64

typedef struct {
    char name[UI_CHOICE_LEN]; /* the profile */
    int n;
    char lines[PROFVIEW_LINES][UI_LINE_LEN]; /* lines[0] is the heading */
    int top;                                 /* first body line shown */
} ProfView;

/* Start a preview of name with no lines. */
void profview_init(ProfView *v, const char *name);

/* enter/a/y: WIDGET_DONE (apply); esc/n/q: WIDGET_CANCEL; up/down/pgup/pgdn/home/end
 * scroll. rows = body lines visible. */
WidgetResult profview_key(ProfView *v, KeyCode k, int rows);

/* The dialog centred on c. Returns the body lines shown. */
int profview_draw(const Canvas *c, ProfView *v);

#endif
