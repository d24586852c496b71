/* livesrc: the live board as the UI's sample source, plus what a session adds to each
 * sample it takes: the recording (the record key, or --log FILE from the start) and the
 * fleet metrics file (--prom-textfile, rewritten after every sample). Problems while
 * writing end the recording (or are retried, for the metrics) and are printed at exit. */
#ifndef JTUNE_APP_LIVESRC_H
#define JTUNE_APP_LIVESRC_H

#include "jtune/app/recorder.h"
#include "jtune/platform/sampler.h"
#include "jtune/ui/ui.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct LiveSource LiveSource;

typedef struct {
    RecorderConfig rec;    /* path NULL: a new jtune-DATE-TIME file per recording */
    bool record_at_start;  /* --log FILE: record from the first sample */
    const char *prom_path; /* --prom-textfile PATH, or NULL */
} LiveConfig;

/* Wrap the open sampler sp (borrowed). Checks the metrics path (not the log: it is created
 * once the interval is known, see livesrc_settings). 0, or -errno with the reason in err. */
int livesrc_open(LiveSource **out, Sampler *sp, const LiveConfig *c, char *err, size_t errsz);

/* The session's interval (for the log's metadata and the energy counters); starts the
 * recording asked for at start. 0, or -errno with the reason in err. */
int livesrc_settings(LiveSource *ls, int interval_ms, char *err, size_t errsz);

/* The UiSource taking samples through ls. */
UiSource livesrc_source(LiveSource *ls);

/* Start (a new file) or stop recording. 0 or -errno. */
int livesrc_record(LiveSource *ls, bool on);

/* Recording now? */
bool livesrc_recording(const LiveSource *ls);

/* The file being (or last) recorded, or NULL. */
const char *livesrc_record_path(const LiveSource *ls);

/* Stop recording, remove the metrics file, print what went wrong during the session on
 * stderr, free. Returns 0, or 1 when a recording failed. NULL is ignored. */
int livesrc_close(LiveSource *ls);

#endif
