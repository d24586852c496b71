/* SPDX-License-Identifier: MIT */
/* procs: the process table under the root's proc/ - CPU %, wakeups/s, RSS, state, command,
 * and GPU memory from nvmap's iovmm clients file where it can be read.
 *
 * A bounded pid table (PROCS_MAX): a pid's stat and status files are opened when it appears
 * in proc/ and re-read with pread at offset 0 on every sample; they are closed when the pid
 * is gone from proc/ (or a read fails: the task exited). The directory is listed with
 * getdents64 on a kept-open descriptor. No allocation after procs_open.
 */
#ifndef JTUNE_PLATFORM_JETSON_PROCS_H
#define JTUNE_PLATFORM_JETSON_PROCS_H

#include "jtune/core/procs.h"
#include "jtune/platform/sysfs.h"

typedef struct ProcsReader ProcsReader;

/* Allocate a reader (tables included). NULL on ENOMEM. */
ProcsReader *procs_open(void);

/* Close every file and free. NULL is ignored. */
void procs_close(ProcsReader *r);

/* (Re-)register the files of fs (after every probe: the attribute cache was reset). */
void procs_probe(ProcsReader *r, Sysfs *fs);

/* Read every process at monotonic time now_ns into the reader's table. No allocation. */
void procs_read(ProcsReader *r, Sysfs *fs, int64_t now_ns);

/* The table of the last read (borrowed). */
const ProcTable *procs_table(const ProcsReader *r);

#endif
