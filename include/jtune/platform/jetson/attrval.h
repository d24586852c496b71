/* SPDX-License-Identifier: MIT */
/* attrval: hot-path reads of registered attributes into Val / strings (no allocation). */
#ifndef JTUNE_PLATFORM_JETSON_ATTRVAL_H
#define JTUNE_PLATFORM_JETSON_ATTRVAL_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stdbool.h>
#include <stddef.h>

/* The attribute as an integer; unknown when id < 0, unreadable (EAGAIN, ENOENT ...) or
 * malformed. */
Val attrval_i64(Sysfs *fs, AttrId id);

/* The attribute's trimmed first line into out; false (out = "") when unknown. */
bool attrval_str(Sysfs *fs, AttrId id, char *out, size_t n);

/* Whole attribute text into buf (NUL-terminated); the length, or -errno (id < 0: -ENOENT). */
ssize_t attrval_text(Sysfs *fs, AttrId id, char *buf, size_t n);

#endif
