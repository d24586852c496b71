/* SPDX-License-Identifier: MIT */
/* logmeta: what a log says about itself - the jtune version, schema version, interval,
 * start time and enough of the Inventory (identity, cores, clusters, governor lists, GPU/EMC
 * presence, engines, rail labels, zones and their trip points, idle states, fan, radios,
 * nvpmodel modes) that a reader rebuilds the same Schema and labels everything.
 *
 * Metadata is a fixed list of key/value pairs. Values are plain text with every byte
 * outside printable ASCII and each of % " \ written as %XX; list values are items
 * separated by ',' (items percent-encode ',' and '=' too), pairs inside an item are
 * "a=b". CSV writes them as "# key: value" lines, JSONL as one object.
 */
#ifndef JTUNE_CORE_LOGMETA_H
#define JTUNE_CORE_LOGMETA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jtune/core/sample.h"

typedef struct {
    char version[24];      /* jtune version that wrote the log */
    int schema_version;    /* SCHEMA_VERSION of the writer */
    int interval_ms;       /* sampling interval */
    int64_t start_wall_ms; /* realtime ms at the start (written as ISO 8601 UTC) */
    bool rails_only;       /* written by --rails-only: only time and rail columns */
    bool batch;            /* a workload run: the log has the "batch" column (SCHEMA_BATCH) */
    Inventory inv;         /* rebuilt: only the fields listed above are meaningful */
} LogMeta;

/* Fill m for a log of inv starting now. version is copied (truncated if long). */
void logmeta_init(LogMeta *m, const Inventory *inv, const char *version, int interval_ms,
                  int64_t start_wall_ms, bool rails_only);

/* Empty metadata for a reader: no inventory, input_rail and nvp default -1. */
void logmeta_reset(LogMeta *m);

/* Number of metadata keys; keys are numbered 0..count-1 in writing order. */
int logmeta_count(void);

/* Name of key i ("jtune", "schema", "start", "rails", ...). */
const char *logmeta_key(int i);

/* True when key i holds a plain integer (JSON writes it unquoted). */
bool logmeta_is_number(int i);

/* Format the (encoded) value of key i into out. Returns the length or -ENOSPC. */
int logmeta_format(const LogMeta *m, int i, char *out, size_t outsz);

/* Apply one key/value pair (value still encoded, as written) to m.
 * 0; -ENOENT for a key this version does not know (callers skip it); -EINVAL for a
 * malformed value. */
int logmeta_parse(LogMeta *m, const char *key, const char *val, size_t len);

/* Realtime ms -> "2025-01-08T01:49:37.123Z". Returns the length or -ENOSPC. */
int logmeta_format_time(int64_t wall_ms, char *out, size_t outsz);

/* Parse "YYYY-MM-DDTHH:MM:SS[.mmm]Z" back into realtime ms. 0 or -EINVAL. */
int logmeta_parse_time(const char *s, size_t len, int64_t *wall_ms);

#endif
