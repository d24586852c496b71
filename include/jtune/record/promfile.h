/* SPDX-License-Identifier: MIT */
/* promfile: Prometheus metrics for node_exporter's textfile collector - the board's newest
 * sample (core/prom.h) plus energy counters since jtune started (core/energy.h) - rewritten
 * every interval. A reader (node_exporter) never sees half a file: each version is written
 * to a hidden temporary file in the same directory (so the rename cannot cross a file
 * system; its name does not end in .prom, so the collector skips it) and renamed over the
 * path. No fsync: the file is rewritten every interval, and a rename is atomic for readers
 * without one. Used by headless mode and the UI. */
#ifndef JTUNE_RECORD_PROMFILE_H
#define JTUNE_RECORD_PROMFILE_H

#include "jtune/core/energy.h"
#include "jtune/core/sample.h"

#include <stdbool.h>

typedef struct PromFile PromFile;

/* Check path (it must end in ".prom", the only files the collector reads, and its directory
 * must take new files: a temporary file is created and removed) and prepare. 0, -EINVAL for
 * the name, or the -errno of the directory. */
int promfile_open(PromFile **out, const char *path);

/* Replace the file with the metrics of s on inv; energy (may be NULL) gives the session
 * energy counters. 0 or -errno (the previous file stays in place). */
int promfile_write(PromFile *pf, const Inventory *inv, const Sample *s, const EnergyMeter *energy);

/* Free pf; remove_file deletes the metrics file (a stopped jtune exports nothing rather
 * than stale values). NULL is ignored. */
void promfile_close(PromFile *pf, bool remove_file);

/* The path written (borrowed). */
const char *promfile_path(const PromFile *pf);

#endif
