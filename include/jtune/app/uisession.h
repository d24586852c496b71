/* uisession: the full-screen UI with the user's settings - config file, keymap, theme,
 * colours, --page, --interval - on any sample source: the live board (mode_ui) or a
 * recording being replayed (mode_replay). Problems with the settings are shown in the footer
 * at start and printed on stderr at exit. */
#ifndef JTUNE_APP_UISESSION_H
#define JTUNE_APP_UISESSION_H

#include "jtune/app/options.h"
#include "jtune/ui/ui.h"

typedef struct {
    UiSource source;
    const UiActions *actions;
    int interval_ms; /* 0: --interval, else the config's */
    /* Called once the settings are read, before the screen starts (may be NULL) with the
     * sampling interval and the graph history in points. A non-zero return (a message
     * printed) ends the session with status 1 before the screen starts. */
    int (*on_settings)(void *ctx, int interval_ms, int history);
    void *ctx;
} UiSession;

/* Read the settings and run the UI until the user quits. Returns the exit status (0, or 1
 * with the reason printed: no terminal, unreadable --config, the source failed). */
int uisession_run(const Options *o, const UiSession *u);

#endif
