/* recording: a log file opened for replay, plotting or conversion - a jtune CSV or JSONL log,
 * or a tegrastats log - told apart by its content, not its name.
 *
 * The text is read once and every row is checked at load (a malformed row fails the load
 * with "file:line: message"); an index keeps, per row, where its line is, its time, the
 * board input power, the hottest temperature and the workload batch. Rows are decoded into
 * Samples on demand, so a day-long log costs its text plus ~48 bytes per row, not a Sample
 * (several KiB) per row.
 *
 * Times: our logs use the row's monotonic clock (mono_us); a tegrastats log uses the line
 * timestamps when every line has one (lines that share a second are spread evenly across
 * it), else one row per interval (RecOptions.interval_ms, default 1000 ms).
 * A last line without a newline that does not parse (a copy cut short) is dropped with a
 * warning; every other line must parse.
 */
#ifndef JTUNE_APP_RECORDING_H
#define JTUNE_APP_RECORDING_H

#include "jtune/core/logmeta.h"
#include "jtune/core/logparse.h"
#include "jtune/core/sample.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REC_MAX_BYTES ((size_t)2 << 30) /* larger files are refused (-EFBIG) */
#define REC_UNKNOWN   INT32_MIN         /* an unknown value in RecRow */

typedef enum { REC_CSV, REC_JSONL, REC_TEGRASTATS } RecFormat;

typedef struct {
    size_t off;          /* the row's line: text[off .. off + len) */
    uint32_t len;        /* without the newline */
    int32_t input_mw;    /* board input power, or REC_UNKNOWN */
    int64_t t_ns;        /* time since the first row, never decreasing */
    int64_t wall_ms;     /* realtime of the row (0 when the log has no clock) */
    int32_t temp_max_mc; /* hottest zone, or REC_UNKNOWN */
    int32_t batch;       /* workload batch (0 idle, K inside batch K), or REC_UNKNOWN */
} RecRow;

typedef struct {
    int interval_ms; /* tegrastats lines without timestamps: their spacing (0: 1000 ms) */
} RecOptions;

/* Read-only for callers. */
typedef struct {
    char path[PATH_MAX];
    RecFormat fmt;
    char *text; /* the whole file */
    size_t len;
    LogMeta meta;        /* our metadata, or one made for a tegrastats log (inventory from
                            every line, version "") */
    LogParser *parser;   /* our logs: decodes rows (NULL for tegrastats) */
    int interval_ms;     /* from the metadata, else estimated from the row times, else 1000 */
    bool has_batch;      /* the log has a batch column */
    bool has_timestamps; /* tegrastats: times come from the line timestamps */
    size_t n;            /* rows */
    RecRow *rows;
    int n_warnings;
    char warning[256]; /* the first warning ("" when none) */
} Recording;

/* Open and index path. 0, or -errno with "path[:line]: why" in err (-EINVAL for content
 * that is not a log we read, -EFBIG above REC_MAX_BYTES). opt may be NULL. */
int recording_load(Recording **out, const char *path, const RecOptions *opt, char *err,
                   size_t errsz);

/* The same for text already in memory (taken over: freed by recording_free, also on
 * error); name is used in messages. */
int recording_parse(Recording **out, const char *name, char *text, size_t len,
                    const RecOptions *opt, char *err, size_t errsz);

/* recording_load for a command: the error or the warnings go to stderr as "jtune: ...".
 * interval_ms as in RecOptions. 0 or -errno. */
int recording_open(Recording **out, const char *path, int interval_ms);

/* Free everything. NULL is ignored. */
void recording_free(Recording *r);

/* Decode row i into out (seq, times and every column the log has; the rest unknown).
 * 0, or -EINVAL when i is out of range. */
int recording_sample(const Recording *r, size_t i, Sample *out);

/* The last row whose time is <= t_ns (0 when t_ns is before the first row). */
size_t recording_find(const Recording *r, int64_t t_ns);

/* Duration from the first to the last row in ns (0 for fewer than two rows). */
int64_t recording_span_ns(const Recording *r);

/* "csv", "jsonl", "tegrastats". */
const char *recording_format_name(RecFormat f);

#endif
