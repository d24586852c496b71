/* SPDX-License-Identifier: MIT */
/* recording: a log file opened for replay, plotting or conversion - a jtune CSV or JSONL log,
 * or a tegrastats log - told apart by its content, not its name.
 *
 * The file is read once in windows and every row is checked at load (a malformed row of
 * our logs fails the load with "file:line: message"); an index keeps, per row, where its
 * line is, its time, the board input power, the hottest temperature and the workload
 * batch. Rows are decoded into Samples on demand, re-read from the file with pread through
 * one window, so a log of any length costs ~40 bytes per row (40 MB for a million lines),
 * never its text or a Sample (several KiB) per row. A pipe is read whole instead.
 *
 * Times: our logs use the row's monotonic clock (mono_us); a tegrastats log uses the line
 * timestamps when every line has one (lines that share a second are spread evenly across
 * it), else one row per interval (RecOptions.interval_ms, default 1000 ms). tegrastats
 * prints local time; the stamps are read as UTC unless RecOptions.tz names the zone they
 * were written in. A stamp that goes backwards (a DST fall-back, an NTP step) continues
 * one typical spacing after the previous row, and the rows after it keep their spacing.
 *
 * Damage in a tegrastats log (a "Killed" or "^C" line, a line cut by a power loss with
 * the next run glued on, NUL blocks) never fails the load unless RecOptions.strict: a
 * line that does not start like tegrastats' lines is skipped and counted, a cut line
 * loses its last token, values out of range stay unknown; RecDamage counts it all.
 * In our own logs a last line without a newline that does not parse (a copy cut short)
 * is dropped with a warning; every other line must parse.
 */
#ifndef JTUNE_RECORD_RECORDING_H
#define JTUNE_RECORD_RECORDING_H

#include "jtune/core/logmeta.h"
#include "jtune/core/logparse.h"
#include "jtune/core/sample.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REC_MAX_BYTES ((size_t)2 << 30) /* larger pipes are refused (-EFBIG) */
#define REC_WINDOW    ((size_t)1 << 20) /* bytes read at a time; a longer line is cut */
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
    bool strict;     /* tegrastats: refuse the log at its first damaged line or bad value */
    const char *tz;  /* tegrastats: zone the stamps were written in (NULL or "UTC": UTC,
                        "local": this machine's, else a TZ name such as "Europe/Berlin") */
} RecOptions;

#define REC_FIRST_LINES 5

/* What a tegrastats log had wrong (all zero for a clean log and for our own logs). */
typedef struct {
    size_t skipped;                  /* lines that are not tegrastats lines, skipped */
    int skipped_at[REC_FIRST_LINES]; /* line numbers of the first ones */
    int n_skipped_at;
    size_t cut;      /* lines cut short (their last token left out) */
    size_t nul_runs; /* runs of NUL bytes (a power loss), treated as line ends */
    size_t rejected; /* values that did not parse or were out of range, left unknown */
    char first_rejected[160];
    size_t unknown; /* tokens not understood, ignored */
    char first_unknown[96];
    size_t dropped; /* cores, rails, zones or engines beyond jtune's limits, not kept */
    char first_dropped[128];
    size_t steps_back; /* times the line clock went backwards */
} RecDamage;

/* The part of the file the last row came from. */
typedef struct {
    char *buf; /* REC_WINDOW bytes */
    size_t base, have;
} RecWindow;

/* Read-only for callers. */
typedef struct {
    char path[PATH_MAX];
    RecFormat fmt;
    char *text;          /* the whole text (recording_parse, pipes), or NULL: read from fd */
    size_t len;          /* bytes of text or of the file */
    int fd;              /* the file, or -1 */
    RecWindow *window;   /* fd: where recording_sample reads rows (mutable through const) */
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
    RecDamage damage;  /* tegrastats logs */
} Recording;

/* Open and index path. 0, or -errno with "path[:line]: why" in err (-EINVAL for content
 * that is not a log we read, -EFBIG above REC_MAX_BYTES). opt may be NULL. */
int recording_load(Recording **out, const char *path, const RecOptions *opt, char *err,
                   size_t errsz);

/* The same for text already in memory (taken over: freed by recording_free, also on
 * error); name is used in messages. */
int recording_parse(Recording **out, const char *name, char *text, size_t len,
                    const RecOptions *opt, char *err, size_t errsz);

/* recording_load for a command: the error, the warnings and a summary of any damage go to
 * stderr as "jtune: ...". opt may be NULL. 0 or -errno. */
int recording_open(Recording **out, const char *path, const RecOptions *opt);

/* Free everything. NULL is ignored. */
void recording_free(Recording *r);

/* Decode row i into out (seq, times and every column the log has, the batch too; the rest
 * unknown).
 * 0, or -EINVAL when i is out of range. */
int recording_sample(const Recording *r, size_t i, Sample *out);

/* The last row whose time is <= t_ns (0 when t_ns is before the first row). */
size_t recording_find(const Recording *r, int64_t t_ns);

/* Duration from the first to the last row in ns (0 for fewer than two rows). */
int64_t recording_span_ns(const Recording *r);

/* "csv", "jsonl", "tegrastats". */
const char *recording_format_name(RecFormat f);

#endif
