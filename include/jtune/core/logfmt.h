/* SPDX-License-Identifier: MIT */
/* logfmt: samples as log text - CSV and JSON Lines - formatted into caller buffers.
 *
 * CSV: "# key: value" metadata lines (see logmeta.h), a "# units:" line, then ONE header
 * row of the schema column names, then one row per sample; unknown values are empty
 * fields. JSONL: one metadata object ({"jtune_meta":1, key: value, ...}), then one object
 * per sample with the same column names (unknown = null). Numbers are written with the
 * column's decimals ("15.3"); nothing here allocates. Reading back: logparse.h.
 */
#ifndef JTUNE_CORE_LOGFMT_H
#define JTUNE_CORE_LOGFMT_H

#include <stddef.h>

#include "jtune/core/logmeta.h"
#include "jtune/core/sample.h"
#include "jtune/core/schema.h"

typedef enum { LOGFMT_CSV, LOGFMT_JSONL } LogFmt;

/* "csv" / "jsonl". */
const char *logfmt_name(LogFmt f);

/* Bytes that always suffice for logfmt_header with this schema. */
size_t logfmt_header_bound(const Schema *sc);

/* Bytes that always suffice for one logfmt_row with this schema (newline included). */
size_t logfmt_row_bound(LogFmt f, const Schema *sc);

/* Everything that precedes the first row, ending in a newline. Returns the length or
 * -ENOSPC (buf then holds nothing useful). */
int logfmt_header(LogFmt f, const LogMeta *m, const Schema *sc, char *buf, size_t n);

/* One row for s, ending in a newline. Returns the length, or -ENOSPC when n is below
 * logfmt_row_bound (checked up front: nothing is written then). */
int logfmt_row(LogFmt f, const Schema *sc, const Sample *s, char *buf, size_t n);

#endif
