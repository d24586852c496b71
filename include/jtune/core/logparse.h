/* SPDX-License-Identifier: MIT */
/* logparse: read a CSV or JSONL log written by logfmt back into (LogMeta, Samples),
 * for replay and plotting. Line by line, no allocation; the format is detected from the
 * first line ('{' = JSONL). Columns are matched by name, so a column this version does
 * not know is ignored (counted in n_ignored) and a missing column stays unknown.
 */
#ifndef JTUNE_CORE_LOGPARSE_H
#define JTUNE_CORE_LOGPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jtune/core/logfmt.h"
#include "jtune/core/logmeta.h"
#include "jtune/core/schema.h"

typedef struct {
    LogFmt fmt;
    bool fmt_known;               /* set by the first non-empty line */
    bool ready;                   /* metadata and (CSV) header read: rows may follow */
    int lineno;                   /* lines fed so far (1-based number of the last line) */
    LogMeta meta;                 /* rebuilt metadata and Inventory */
    Schema schema;                /* built from meta.inv, as the writer did */
    int n_fields;                 /* CSV: fields per row */
    int16_t map[SCHEMA_MAX_COLS]; /* CSV field -> schema column, -1 = ignored */
    int n_ignored;                /* columns (CSV) or keys (JSONL, last row) this version ignores */
    int hint;                     /* JSONL: schema column expected next */
    int64_t rows;                 /* samples produced */
    char err[200];                /* the last error, without file and line */
} LogParser;

/* Start a parse. */
void logparse_init(LogParser *p);

/* Feed one line (without its newline; a trailing '\r' is ignored). Returns 1 when *out
 * holds a sample, 0 when the line was metadata, a header, a comment or blank, and
 * -EINVAL on malformed input (p->err says why, p->lineno where). */
int logparse_line(LogParser *p, const char *line, size_t len, Sample *out);

/* Called per sample by logparse_text; a non-zero return stops the parse with it. */
typedef int (*LogSampleFn)(void *user, const LogParser *p, const Sample *s);

/* Parse a whole text (a slurped file). fn may be NULL. On error, err gets
 * "file:line: message". Returns 0, -EINVAL, or fn's non-zero return. Fails with
 * -EINVAL when the text holds no header (nothing jtune wrote). */
int logparse_text(LogParser *p, const char *text, size_t len, const char *file, LogSampleFn fn,
                  void *user, char *err, size_t errsz);

#endif
