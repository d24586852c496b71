/* SPDX-License-Identifier: MIT */
/* config: the user settings of jtune (jtune.ini) - model, defaults and a strict parser.
 *
 * Pure: the caller hands in the text and the file name (for "file:line: msg" diagnostics);
 * finding and reading the file is someone else's job. Keys are described by a table
 * (config_keys), so a new key is one row there plus a field here. Sections:
 *   [ui]          interval_ms, start_page, panels, temp_unit, graph_history, theme, color, glyphs
 *   [procs]       enabled
 *   [keys]        ACTION = KEY[, KEY...]   (kept raw here; the UI keymap validates them)
 *   [workload.*]  handed to ConfigHooks.section (no warning) when a hook is installed
 * Unknown sections and keys warn; a bad value is an error and the key keeps its default.
 */
#ifndef JTUNE_CONF_CONFIG_H
#define JTUNE_CONF_CONFIG_H

#include "jtune/core/diag.h"
#include "jtune/core/fmt.h"

#include <stdbool.h>
#include <stddef.h>

/* The subjects the UI shows, each a panel on the overview and a page of its own. */
typedef enum {
    PANEL_CPU,
    PANEL_GPU,
    PANEL_EMC,
    PANEL_POWER,
    PANEL_THERMAL,
    PANEL_IDLE,
    PANEL_FAN,
    PANEL_MEM,
    PANEL_RADIO,
    PANEL_COUNT
} PanelId;

typedef enum { COLOR_MODE_AUTO, COLOR_MODE_ALWAYS, COLOR_MODE_NEVER } ColorMode;
typedef enum { GLYPHS_AUTO, GLYPHS_UNICODE, GLYPHS_ASCII } GlyphMode;

#define CONFIG_MAX_BINDS 96
#define CONFIG_PATH_LEN  256

/* One "[keys] action = keys" line, validated later by the keymap. */
typedef struct {
    char action[32];
    char keys[64];
    int line;
} ConfigBind;

typedef struct {
    int interval_ms; /* [ui] interval_ms: sampling interval */
    int start_page;  /* [ui] start_page: -1 overview, else a PanelId */
    int n_panels;    /* [ui] panels: enabled panels, in display order */
    PanelId panels[PANEL_COUNT];
    TempUnit temp_unit;          /* [ui] temp_unit: C or F */
    int graph_history;           /* [ui] graph_history: samples kept for graphs */
    char theme[CONFIG_PATH_LEN]; /* [ui] theme: a name or a path */
    ColorMode color;             /* [ui] color: auto, always, never */
    GlyphMode glyphs;            /* [ui] glyphs: auto, unicode, ascii */
    int procs;                   /* [procs] enabled: 1 read processes and interrupts, 0 not */
    int n_binds;                 /* [keys] */
    ConfigBind binds[CONFIG_MAX_BINDS];
    char path[CONFIG_PATH_LEN]; /* the file these settings came from ("" = built-in) */
} Config;

/* Hook for sections the config does not own (e.g. "[workload.NAME]"): called for every key
 * of a section that starts with prefix. Return 1 to accept, 0 for a bad line (the hook
 * explains why in d, with file and line). */
typedef int (*ConfigSectionFn)(void *user, const char *section, const char *key, const char *value,
                               const char *file, int line, Diag *d);

typedef struct {
    const char *prefix; /* "workload." */
    ConfigSectionFn fn;
    void *user;
} ConfigHook;

#define CONFIG_MAX_HOOKS 4

typedef struct {
    int n;
    ConfigHook hooks[CONFIG_MAX_HOOKS];
} ConfigHooks;

/* How one key is stored and checked (for the parser, the docs and the tests). */
typedef enum { CK_INT, CK_ENUM, CK_STR, CK_PANELS, CK_PAGE } ConfigKind;

typedef struct {
    const char *section;
    const char *key;
    ConfigKind kind;
    size_t off;               /* offsetof(Config, field) */
    size_t size;              /* CK_STR: buffer size */
    long lo, hi;              /* CK_INT: inclusive range */
    const char *const *names; /* CK_ENUM: value names, NULL-terminated, index = value */
    const char *help;         /* one line for the documentation */
} ConfigKey;

/* Fill c with the built-in defaults (every panel, overview first, 1000 ms, ...). */
void config_defaults(Config *c);

/* Parse INI text named file (for messages) over c: present keys overwrite, absent keys
 * keep their value, a bad value keeps the old one and records "file:line: ..." in d.
 * hooks may be NULL. Returns 0, -EINVAL when any line was in error, -ENOMEM. */
int config_parse(Config *c, const char *text, const char *file, const ConfigHooks *hooks, Diag *d);

/* Record an error for every line of INI text that is not blank, a comment, a
 * [section] or key = value (inih itself reports only the first). 0 or -EINVAL. */
int config_check_syntax(const char *text, const char *file, Diag *d);

/* The key table (borrowed, static); *n gets its length. */
const ConfigKey *config_keys(size_t *n);

/* Panel name used in config files and the UI ("cpu", "cpuidle", ...). */
const char *config_panel_name(PanelId p);

/* Panel by name (case-insensitive). 0 or -EINVAL. */
int config_panel_parse(const char *name, PanelId *out);

/* Parse a panel list ("cpu, gpu power"): names separated by commas and/or blanks, no
 * duplicates, at least one. 0, or -EINVAL with a reason in why. */
int config_panels_parse(const char *s, PanelId *out, int *n, char *why, size_t whysz);

#endif
