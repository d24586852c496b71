/* SPDX-License-Identifier: MIT */
/* uiapp: the full-screen UI with the user's settings - config file, keymap, theme (and the
 * mono theme for a terminal without colours), --page, --interval - on any sample source:
 * the live board (mode_ui) or a recording being replayed (mode_replay). Problems with the
 * settings are shown in the footer at start and printed on stderr at exit. */
#ifndef JTUNE_APP_UIWIRE_UIAPP_H
#define JTUNE_APP_UIWIRE_UIAPP_H

#include "jtune/app/options.h"
#include "jtune/conf/config.h"
#include "jtune/ui/ui.h"

typedef struct {
    UiSource source;
    const UiActions *actions;
    int interval_ms;                 /* 0: --interval, else the config's */
    const char *start_message;       /* footer at start when the settings are fine (NULL: none) */
    const ConfigHooks *config_hooks; /* extra config sections (workloads), or NULL */
    /* Called once the settings are read, before the screen starts (may be NULL), with the
     * sampling interval, the graph history in points and the settings' messages (to add
     * to): the place to open what needs them. A non-zero return (its message printed) ends
     * the run with that exit status. */
    int (*on_settings)(void *ctx, int interval_ms, int history, Diag *diag);
    /* Called before on_settings (may be NULL): whether processes and interrupts are read
     * ([procs] enabled and not --no-procs). */
    void (*set_procs)(void *ctx, bool on);
    void *ctx;
} UiAppSpec;

/* Read the settings and run the UI until the user quits. Returns the exit status (0; 1 with
 * the reason printed: no terminal, unreadable --config, the source failed; or on_settings'
 * status). */
int uiapp_run(const Options *o, const UiAppSpec *spec);

#endif
