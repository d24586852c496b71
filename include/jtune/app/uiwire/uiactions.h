/* SPDX-License-Identifier: MIT */
/* uiactions: the monitor's side of the world - the sample source (the sampler, also feeding
 * the recorder) and the UiActions the screens call: tuning through the helper client
 * (jtune-helper, see ipc/tune.h), recording through uirecord. */
#ifndef JTUNE_APP_UIWIRE_UIACTIONS_H
#define JTUNE_APP_UIWIRE_UIACTIONS_H

#include "jtune/app/uiwire/uirecord.h"
#include "jtune/ipc/tune.h"
#include "jtune/platform/sampler.h"
#include "jtune/ui/actions.h"
#include "jtune/ui/ui.h"

#include <stdbool.h>

typedef struct {
    Sampler *sampler;
    TuneClient *tune; /* connected, or monitor-only (its status says why) */
    UiRecord *rec;
    bool changed;    /* changes are applied that the journal can undo */
    char error[256]; /* message of the last failed call */
} UiSession;

/* Fill acts for s: the tuning functions only while the helper is connected (else the screens
 * show tune_status(): why not, and how to enable it); recording always. */
void uiactions_fill(UiActions *acts, UiSession *s);

/* The UI's sample source over s: each sample is also a row of a running recording. */
UiSource uiactions_source(UiSession *s);

#endif
