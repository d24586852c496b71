/* SPDX-License-Identifier: MIT */
/* keymap: every action of the UI, its default keys and its help text, in ONE table.
 * The help overlay and docs/ui.md's key list are generated from that table, so they cannot
 * drift from what the keys do. Pure: key codes are jtune's own (KeyCode), not ncurses'.
 */
#ifndef JTUNE_UI_KEYMAP_H
#define JTUNE_UI_KEYMAP_H

#include "jtune/conf/config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A key: a Unicode code point (control keys are 1..31, Tab is 9, Esc 27), or a special key
 * at KEYC_SPECIAL and above. */
typedef int32_t KeyCode;

#define KEYC_SPECIAL 0x110000
#define KEYC_F(n)    (KEYC_SPECIAL + (n)) /* F1..F24 */
enum {
    KEYC_UP = KEYC_SPECIAL + 64,
    KEYC_DOWN,
    KEYC_LEFT,
    KEYC_RIGHT,
    KEYC_HOME,
    KEYC_END,
    KEYC_PGUP,
    KEYC_PGDN,
    KEYC_BTAB, /* shift-tab */
    KEYC_ENTER,
    KEYC_BACKSPACE,
    KEYC_DELETE,
    KEYC_RESIZE, /* not bindable: the terminal changed size */
};
#define KEYC_ESC 27
#define KEYC_TAB 9

typedef enum {
    ACT_NONE = 0,
    /* general */
    ACT_HELP,
    ACT_QUIT,
    ACT_PAUSE,
    ACT_INTERVAL_UP,
    ACT_INTERVAL_DOWN,
    ACT_REDRAW,
    /* pages and selection */
    ACT_PAGE_NEXT,
    ACT_PAGE_PREV,
    ACT_PAGE_1,
    ACT_PAGE_2,
    ACT_PAGE_3,
    ACT_PAGE_4,
    ACT_PAGE_5,
    ACT_PAGE_6,
    ACT_PAGE_7,
    ACT_PAGE_8,
    ACT_PAGE_9,
    ACT_PAGE_10,
    ACT_UP,
    ACT_DOWN,
    ACT_LEFT,
    ACT_RIGHT,
    ACT_AUDIT,
    ACT_PROCS,
    ACT_INFO,
    /* tuning (through the helper) */
    ACT_PARK,
    ACT_GOVERNOR,
    ACT_CPU_CAP,
    ACT_CPU_MIN,
    ACT_GPU_CAP,
    ACT_GPU_RAILGATE,
    ACT_GPU_3D,
    ACT_EMC_CAP,
    ACT_IDLE_TOGGLE,
    ACT_IDLE_ALL,
    ACT_FAN_UP,
    ACT_FAN_DOWN,
    ACT_FAN_AUTO,
    ACT_RADIO_TOGGLE,
    ACT_NVP_MODE,
    ACT_UNDO_ALL,
    ACT_PROFILES,
    ACT_MAX_CLOCKS,
    /* recording, workloads, replay */
    ACT_RECORD,
    ACT_WORKLOAD,
    ACT_REPLAY_BACK,
    ACT_REPLAY_FWD,
    ACT_REPLAY_SPEED,
    ACT_REPLAY_GOTO,
    ACT_COUNT
} ActionId;

typedef enum { AG_GENERAL, AG_PAGES, AG_TUNING, AG_RECORD, AG_COUNT } ActionGroup;

#define KEYMAP_MAX_KEYS 4

typedef struct {
    const char *name; /* config name: "quit", "page_next", "cpu_cap" */
    ActionGroup group;
    const char *help;                  /* one line for the help overlay */
    KeyCode defaults[KEYMAP_MAX_KEYS]; /* 0-terminated when shorter */
} ActionInfo;

typedef struct {
    int n;
    KeyCode keys[KEYMAP_MAX_KEYS];
} Binding;

typedef struct {
    Binding bind[ACT_COUNT];
} Keymap;

/* The table row of an action (ACT_NONE < a < ACT_COUNT), or NULL. */
const ActionInfo *keymap_info(ActionId a);

/* Action by config name. 0 or -EINVAL. */
int keymap_action_parse(const char *name, ActionId *out);

/* Fill km with the default bindings. */
void keymap_defaults(Keymap *km);

/* The action bound to k, or ACT_NONE. */
ActionId keymap_lookup(const Keymap *km, KeyCode k);

/* Key from its name: one character ("q", "?", "é"), "space", "comma", "semicolon", "tab",
 * "shift-tab", "enter", "esc", "backspace", "delete", "up", "down", "left", "right",
 * "home", "end", "pgup", "pgdn", "F1".."F24", "C-a".."C-z" (control). 0 or -EINVAL. */
int keymap_key_parse(const char *s, KeyCode *out);

/* Name of k as keymap_key_parse reads it (UTF-8), into out. Returns the length or -ERANGE. */
int keymap_key_format(KeyCode k, char *out, size_t outsz);

/* The keys of a as "?, F1" (or "" when unbound). Returns the length or -ERANGE. */
int keymap_keys_format(const Keymap *km, ActionId a, char *out, size_t outsz);

/* Apply the [keys] overrides of c: each line replaces every key of its action ("none"
 * unbinds it); a key taken from another action is removed there with a warning. Bad
 * action names or keys are "file:line" errors and leave that action as it was.
 * Returns 0 or -EINVAL when any line was bad. */
int keymap_apply(Keymap *km, const Config *c, Diag *d);

/* One line of the generated help: a group heading, or keys + text. */
typedef struct {
    bool heading;
    ActionId action; /* ACT_NONE for a heading */
    char keys[40];
    char text[96];
} HelpLine;

/* One item of a page's key bar: the action's first key and a short label. */
typedef struct {
    ActionId action;
    char key[16];
    const char *label; /* static: "park", "governor" */
    bool page_only;    /* a key of this page (not one of every page) */
} KeyHint;

/* The key bar of a page, most useful first (a short screen shows a prefix): panel is a
 * PanelId, or -1 for the overview. Unbound actions are left out. Returns the count. */
int keymap_bar(const Keymap *km, int panel, KeyHint *out, int max);

/* The keys of a page or overlay that are not in the keymap (fixed: the workload page,
 * the audit, pickers, dialogs): one HelpLine each, under headings. Returns the count. */
int keymap_fixed_help(HelpLine *out, int max);

/* Generate the help: every action in table order under its group heading; actions without
 * a key are listed as "(unbound)". Returns the line count (at most max). */
int keymap_help(const Keymap *km, HelpLine *out, int max);

#endif
