/* recorder: a recording of the samples a session takes - the UI's record key and --log -
 * in CSV, JSONL or tegrastats lines, through the LogWriter (whole rows, fsync every few
 * seconds, size rotation). The columns follow the board's inventory: when a re-probe
 * changes them (a power monitor vanishes), the file rotates (FILE.1 keeps the old columns)
 * and goes on with a new header, so every file stays readable on its own. */
#ifndef JTUNE_APP_RECORDER_H
#define JTUNE_APP_RECORDER_H

#include "jtune/app/options.h"
#include "jtune/core/sample.h"

#include <stddef.h>

typedef struct Recorder Recorder;

typedef struct {
    const char *path; /* NULL: jtune-YYYYMMDD-HHMMSS.csv (.jsonl, .txt) in the current dir */
    LogFormat format;
    long max_mb;     /* rotate at this size (0: never) */
    int interval_ms; /* written in the metadata */
} RecorderConfig;

/* Create the file and write its header for inv. 0, or -errno with the path tried in err. */
int recorder_start(Recorder **out, const RecorderConfig *c, const Inventory *inv, char *err,
                   size_t errsz);

/* Append s (taken on inv). 0 or -errno. */
int recorder_write(Recorder *r, const Inventory *inv, const Sample *s);

/* Sync, close and free. Returns 0 or the first error seen. NULL is ignored. */
int recorder_stop(Recorder *r);

/* The file being written (borrowed). */
const char *recorder_path(const Recorder *r);

#endif
