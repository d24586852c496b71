/* SPDX-License-Identifier: MIT */
/* irqs: interrupt rates from the root's proc/interrupts - per IRQ, and the local timer and
 * IPI rates per core. One kept-open file read with pread; rates over the interval since the
 * previous read (unknown on the first, and for a row that moved or appeared). */
#ifndef JTUNE_PLATFORM_JETSON_IRQS_H
#define JTUNE_PLATFORM_JETSON_IRQS_H

#include "jtune/core/procs.h"
#include "jtune/platform/sysfs.h"

typedef struct IrqsReader IrqsReader;

/* Allocate a reader. NULL on ENOMEM. */
IrqsReader *irqs_open(void);

/* Free. NULL is ignored. */
void irqs_close(IrqsReader *r);

/* (Re-)register proc/interrupts in fs (after every probe). */
void irqs_probe(IrqsReader *r, Sysfs *fs);

/* Read the counters at monotonic time now_ns into the reader's table. No allocation. */
void irqs_read(IrqsReader *r, Sysfs *fs, int64_t now_ns);

/* The table of the last read (borrowed). */
const IrqTable *irqs_table(const IrqsReader *r);

#endif
