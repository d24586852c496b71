/* SPDX-License-Identifier: MIT */
/* uiprofiles: the monitor's profiles and audit - the UiActions hooks that reach them
 * (prof_ctx), over a profile session (app/profiles.h) and the helper client.
 *
 * The list, the preview and the audit are always available (they only read the board);
 * applying a profile and the audit's fixes need the helper: without it those hooks stay NULL
 * and the screens explain how to enable tuning. Every change goes through the helper's
 * journal, so the monitor's undo and jtune --restore cover it. */
#ifndef JTUNE_APP_UIWIRE_UIPROFILES_H
#define JTUNE_APP_UIWIRE_UIPROFILES_H

#include "jtune/ipc/tune.h"
#include "jtune/ui/actions.h"

#include <stdbool.h>

typedef struct UiProfiles UiProfiles;

/* Profiles and the audit for the board under root (NULL: "/"; borrowed). The board is
 * opened at the first use of a hook (one that cannot open it says why in prof_message and
 * tries again next time). tune is borrowed (NULL or offline: read-only). *changed (changed
 * may be NULL) becomes true after every change applied, for the monitor's "keep or restore"
 * question on quit. 0 or -ENOMEM. */
int uiprofiles_open(UiProfiles **out, const char *root, TuneClient *tune, bool *changed);

/* Close. NULL is ignored. */
void uiprofiles_close(UiProfiles *p);

/* Set acts->prof_ctx and the profile and audit hooks (see above). p may be NULL: nothing
 * is set then. */
void uiprofiles_fill(UiActions *acts, UiProfiles *p);

#endif
