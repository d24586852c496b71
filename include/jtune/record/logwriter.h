/* SPDX-License-Identifier: MIT */
/* logwriter: a sample log on disk (or stdout) that never holds a torn row.
 *
 * Each row is formatted into a buffer sized once for the schema and handed to the kernel
 * with a single write(), so a killed process leaves whole rows only. Regular files are
 * fsync'ed every few seconds (by the samples' monotonic time) and on close. Optional size
 * rotation keeps one previous file (FILE.1), each starting with its own header.
 * Used by headless mode (also for tegrastats lines), the UI's record key and import.
 */
#ifndef JTUNE_RECORD_LOGWRITER_H
#define JTUNE_RECORD_LOGWRITER_H

#include <stdint.h>

#include "jtune/core/logfmt.h"
#include "jtune/core/logmeta.h"
#include "jtune/core/sample.h"
#include "jtune/core/schema.h"

#define LOGWRITER_SYNC_MS 2000 /* default fsync period */

typedef struct LogWriter LogWriter;

/* Create or truncate path (0644), or use stdout when path is NULL or "-". Nothing is
 * sampled before this succeeds, so a bad path fails early. 0 or -errno. */
int logwriter_open(LogWriter **out, const char *path, LogFmt fmt);

/* Set the fsync period in ms (0: after every row; < 0: only on close). */
void logwriter_set_sync_ms(LogWriter *w, int ms);

/* Move write() and fsync off the caller's path (the sampling loop) onto a thread of its
 * own: rows are queued in a ring (no lock, no allocation per row) that the thread writes,
 * whole rows only, within 20 ms, and fsyncs every sync period (by its own clock). A row
 * 20 ms or more after the previous one (slow sampling) with nothing queued is written at
 * once by the caller (one write, no wake-up); the thread sleeps until the next row that
 * needs it or the next sync period.
 * A full ring makes the caller wait for room (counted: logwriter_queue_full), never drops
 * a row. Header, rotate, sync and close first wait for the queue to be written. A crash
 * loses at most the rows of the last 20 ms (a power loss: the last sync period). Regular
 * files only (else a no-op). 0 or -errno (the writer then stays synchronous). */
int logwriter_set_async(LogWriter *w);

/* Rotate when the file would grow past max_bytes (0: never; ignored for stdout). */
void logwriter_set_max_bytes(LogWriter *w, uint64_t max_bytes);

/* Write the metadata and header for (m, sc); sc is borrowed until close. Allocates the
 * row buffer (the only allocation). 0 or -errno. */
int logwriter_write_header(LogWriter *w, const LogMeta *m, const Schema *sc);

/* Append s as one row with one write(); fsync when due. 0 or -errno (-EPIPE: the reader
 * of a pipe went away). */
int logwriter_write_row(LogWriter *w, const Sample *s);

/* Append one line formatted by the caller (ending in '\n'; e.g. a tegrastats line, for a
 * log without a header) with one write(), rotating and syncing like a row; mono_ns is the
 * sample's monotonic time (the fsync clock). 0 or -errno. */
int logwriter_write_line(LogWriter *w, const char *line, size_t n, int64_t mono_ns);

/* Start a new file now, whatever its size: FILE becomes FILE.1 and FILE starts empty, for
 * a new header (logwriter_write_header). Regular files only (-ENOTSUP otherwise). 0 or
 * -errno. */
int logwriter_rotate(LogWriter *w);

/* fsync, close (stdout stays open) and free. Returns 0 or the first error seen while
 * writing or closing. NULL is ignored. */
int logwriter_close(LogWriter *w);

/* The path written ("-" for stdout); borrowed. */
const char *logwriter_path(const LogWriter *w);

/* Rows written (or queued) since open. */
uint64_t logwriter_rows(const LogWriter *w);

/* Rows that found the writer thread's ring full and waited for room (none was dropped);
 * the time they waited in all in *waited_ns (may be NULL). 0 when synchronous. */
uint64_t logwriter_queue_full(const LogWriter *w, int64_t *waited_ns);

/* Times the writer thread came out of a wait so far (0 without the thread). */
uint64_t logwriter_thread_wakes(const LogWriter *w);

#endif
