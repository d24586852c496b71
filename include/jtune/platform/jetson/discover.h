/* SPDX-License-Identifier: MIT */
/* discover: directory scans and one-shot reads shared by the Jetson probes.
 *
 * Cold path (probe time): these helpers may allocate (opendir) and are never called per
 * sample, except discover_count() and discover_exists(), which the rescan check uses and
 * which do not allocate. Every path is root-relative (see sysfs.h).
 */
#ifndef JTUNE_PLATFORM_JETSON_DISCOVER_H
#define JTUNE_PLATFORM_JETSON_DISCOVER_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DISCOVER_NAME 64

/* One directory entry: its name and trailing number ("hwmon3" -> 3, none -> -1). */
typedef struct {
    char name[DISCOVER_NAME];
    long num;
} DirEntry;

/* Entries of dir named prefix+digits ("thermal_zone" -> thermal_zone0 ...), sorted by
 * number. At most max are kept. Returns the count, or -errno when dir cannot be listed. */
int discover_numbered(const Sysfs *fs, const char *dir, const char *prefix, DirEntry *out, int max);

/* Every entry of dir except "." and "..", sorted by name. Count or -errno. */
int discover_entries(const Sysfs *fs, const char *dir, DirEntry *out, int max);

/* hwmon class entries ("sys/class/hwmon/hwmonN") whose name file equals name, sorted by
 * the resolved device path (stable across boots, unlike N). Count or -errno. */
int discover_hwmon(const Sysfs *fs, const char *name, char (*out)[JT_PATH], int max);

/* Number of entries in dir (without "." and ".."), or -errno. Allocation-free. */
int discover_count(const Sysfs *fs, const char *dir);

/* True when base/leaf exists (leaf may be NULL or ""). Allocation-free. */
bool discover_exists(const Sysfs *fs, const char *base, const char *leaf);

/* base/leaf into out; 0 or -ENAMETOOLONG. */
int discover_join(char *out, size_t outsz, const char *base, const char *leaf);

/* Read the trimmed first line of base/leaf into out. 0 or -errno. */
int discover_str(const Sysfs *fs, const char *base, const char *leaf, char *out, size_t n);

/* Read base/leaf as an integer; unknown when missing or malformed. */
Val discover_val(const Sysfs *fs, const char *base, const char *leaf);

/* Like discover_i64_list, but a list longer than max is thinned keeping its lowest and highest
 * values (never a wrong minimum or maximum), and *capped is set when anything was dropped. */
int discover_i64_table(const Sysfs *fs, const char *base, const char *leaf, int64_t *out, int max,
                       bool *capped);

/* A blank-separated integer list in base/leaf (a frequency table), sorted ascending; at most
 * max are kept (the lowest). Returns the count (0 when missing or malformed). */
int discover_i64_list(const Sysfs *fs, const char *base, const char *leaf, int64_t *out, int max);

/* Register base/leaf in the attribute cache when it exists; -1 when it does not (or on
 * error), so that optional files cost nothing per sample. */
AttrId discover_attr(Sysfs *fs, const char *base, const char *leaf);

/* discover_attr for a setting (sysfs_attr_setting): read again only when settings
 * expire. */
AttrId discover_setting(Sysfs *fs, const char *base, const char *leaf);

/* Copy src into dst (size n), truncating; always NUL-terminates. */
void discover_copy(char *dst, size_t n, const char *src);

#endif
