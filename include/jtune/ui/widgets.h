/* SPDX-License-Identifier: MIT */
/* widgets: the modal pieces of the UI toolkit - a picker (choose one value from a list:
 * frequencies, governors, nvpmodel modes, profiles), a confirm dialog ("apply profile?",
 * "keep changes or restore?") and the help overlay generated from the keymap.
 * Each has a pure key handler (state machine, unit-tested) and a draw function. */
#ifndef JTUNE_UI_WIDGETS_H
#define JTUNE_UI_WIDGETS_H

#include "jtune/ui/actions.h"
#include "jtune/ui/draw.h"
#include "jtune/ui/keymap.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum { WIDGET_OPEN, WIDGET_DONE, WIDGET_CANCEL } WidgetResult;

/* Paint a framed box with a title over r of c (blank inside, dialog role). Returns the
 * canvas of its inside. */
Canvas widget_box(const Canvas *c, Rect r, const char *title);

/* ---- picker ---- */

typedef struct {
    char title[64];
    int tag; /* what the choice is for (set by the caller) */
    int arg; /* and for which one (a policy index...) */
    int n;
    char items[UI_MAX_CHOICES][UI_CHOICE_LEN];
    int64_t values[UI_MAX_CHOICES];          /* a payload per item (a frequency, a mode id) */
    char notes[UI_MAX_CHOICES][UI_LINE_LEN]; /* shown after the item ("" none) */
    int sel;                                 /* highlighted item */
    int top;                                 /* first item shown */
} Picker;

/* Start an empty picker. */
void picker_init(Picker *p, const char *title, int tag);

/* Append an item. 0 or -ENOSPC when full. */
int picker_add(Picker *p, const char *item, int64_t value);

/* Set the note of the last item added (a description, "needs a reboot"). */
void picker_note(Picker *p, const char *note);

/* Move the highlight to the first item with this value (if any). */
void picker_select_value(Picker *p, int64_t value);

/* Handle a key: up/down/k/j/home/end/pgup/pgdn move, enter/space choose (DONE), esc/q
 * cancel (CANCEL); anything else is ignored (OPEN). rows = items visible. */
WidgetResult picker_key(Picker *p, KeyCode k, int rows);

/* The picker centred on c. Returns the number of item rows it shows. */
int picker_draw(const Canvas *c, Picker *p);

/* ---- confirm ---- */

#define CONFIRM_MAX 3

typedef struct {
    char title[64];
    char text[640];
    int tag;
    int n;
    char choices[CONFIRM_MAX][24]; /* "Keep", "Restore"; the first letter is a hotkey */
    int sel;
} Confirm;

/* Start a dialog with 1..CONFIRM_MAX choices (NULL-terminated list; extra ones dropped). */
void confirm_init(Confirm *d, const char *title, const char *text, int tag,
                  const char *const *choices);

/* left/right/tab move, enter/space choose, a choice's first letter chooses it, esc
 * cancels. */
WidgetResult confirm_key(Confirm *d, KeyCode k);

/* The dialog centred on c. */
void confirm_draw(const Canvas *c, const Confirm *d);

/* ---- help overlay ---- */

#define HELP_PAGES 10

typedef struct {
    int top;                    /* first line shown */
    char pages[HELP_PAGES][40]; /* what page i + 1 shows ("" no such page): help names them */
    int panel;                  /* the page it was opened on: a PanelId, -1 the overview */
    char here[40];              /* that page's name: its keys come first */
} HelpView;

/* Scroll keys (up/down/pgup/pgdn/home/end) scroll; help, esc and quit keys close it. */
WidgetResult help_key(HelpView *h, KeyCode k, const Keymap *km, int rows);

/* The help: every action of the keymap with its keys (GENERATED from the keymap table),
 * the pages by name, then the fixed keys of the workload page, the audit and the dialogs;
 * unavailable ones dimmed with their reason shown at the bottom. Returns visible rows. */
int help_draw(const Canvas *c, HelpView *h, const Keymap *km, const UiActions *acts);

#endif
