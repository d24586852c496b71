/* SPDX-License-Identifier: MIT */
/* wllog: the sample log of a workload run or an experiment - the schema with its batch
 * column and the header, then one row per sample. Shared by --run-workload and experiment. */
#ifndef JTUNE_RECORD_WLLOG_H
#define JTUNE_RECORD_WLLOG_H

#include "jtune/record/logwriter.h"
#include "jtune/core/logmeta.h"
#include "jtune/core/sample.h"
#include "jtune/core/schema.h"

#include <stdbool.h>

/* Build sc and meta for inv (batch column on; rails only when asked) and write the header to
 * an open log. Prints "cannot write log" on failure. 0 or -errno. */
int wllog_header(LogWriter *w, Schema *sc, LogMeta *meta, const Inventory *inv, int interval_ms,
                 bool rails_only);

/* Write one row (w may be NULL: nothing to do). A closed pipe is quiet; other errors are
 * printed. 0 or -errno. */
int wllog_row(LogWriter *w, const Sample *s);

#endif
