/* SPDX-License-Identifier: MIT */
/* uirecord: the monitor's sample recorder - the R key and `jtune --log FILE` (which starts
 * recording at once). Rows go through a LogWriter (one write per row, fsync every few
 * seconds), fed by the UI's sample source, so every sample shown is a row written. When a
 * re-probe changes the columns, the file rotates (FILE.1) and goes on with a new header. */
#ifndef JTUNE_APP_UIWIRE_UIRECORD_H
#define JTUNE_APP_UIWIRE_UIRECORD_H

#include "jtune/core/logfmt.h"
#include "jtune/core/sample.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct UiRecord UiRecord;

/* A recorder for inv (borrowed) writing fmt; max_mb > 0 rotates the file at that size.
 * 0 or -ENOMEM. */
int uirecord_new(UiRecord **out, const Inventory *inv, LogFmt fmt, long max_mb);

/* Stop recording (closing the file) and free. NULL is ignored. Returns 0 or the close
 * error. */
int uirecord_free(UiRecord *r);

/* Start writing to path, or (NULL) to a new jtune-YYYYMMDD-HHMMSS.csv/.jsonl in the
 * current directory (-1, -2, ... added when that name exists: never overwritten), with
 * interval_ms in the header. 0, -EALREADY, or -errno (nothing open). */
int uirecord_start(UiRecord *r, const char *path, int interval_ms);

/* Stop and close. 0, or the first write/close error. */
int uirecord_stop(UiRecord *r);

/* Append s when recording. A write error stops the recording (kept for uirecord_error). */
void uirecord_row(UiRecord *r, const Sample *s);

/* True while recording. */
bool uirecord_active(const UiRecord *r);

/* The file being (or last) written; "" before the first start. */
const char *uirecord_path(const UiRecord *r);

/* The error that stopped the last recording (0 none). */
int uirecord_error(const UiRecord *r);

#endif
