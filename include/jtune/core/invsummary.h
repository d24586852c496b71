/* SPDX-License-Identifier: MIT */
/* invsummary: what discovery found, as stable text (one fact per line, every table in full).
 *
 * Two discoveries are the same when their summaries are equal: jtune capture stores the
 * summary of the live board beside its files (DISCOVERY), the round-trip test compares a
 * capture's with its source's, and each real-board fixture keeps the summary it must give.
 * Sample values are not part of it: only the Inventory. Pure. */
#ifndef JTUNE_CORE_INVSUMMARY_H
#define JTUNE_CORE_INVSUMMARY_H

#include "jtune/core/sample.h"

#include <stddef.h>

/* Write the summary of inv into buf (NUL-terminated). Returns its length, or -ENOSPC when
 * buf is too small (64 KiB always suffices). */
int invsummary_format(const Inventory *inv, char *buf, size_t bufsz);

#endif
