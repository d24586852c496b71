/* SPDX-License-Identifier: MIT */
/* sysfs: every read and write of the board goes through a runtime root directory.
 *
 * The root (--root DIR, default "/") is opened once; every path handed to this module is
 * RELATIVE to it ("sys/devices/system/cpu/online", never "/sys/..."). Paths are resolved
 * with openat2(RESOLVE_IN_ROOT), so an absolute symlink inside a simulated tree (e.g.
 * proc/device-tree -> /sys/firmware/devicetree/base) stays inside the tree.
 *
 * The attribute cache is the hot path: an attribute is registered once (at probe time),
 * its file is opened on first use and then re-read with pread(fd, buf, n, 0). Reads never
 * allocate. A failed read is a transient miss: the caller marks its field invalid.
 * Files are opened O_NONBLOCK: a zone whose sensor is power-gated answers EAGAIN.
 */
#ifndef JTUNE_PLATFORM_SYSFS_H
#define JTUNE_PLATFORM_SYSFS_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct Sysfs Sysfs;

/* Handle of a registered attribute (>= 0). */
typedef int32_t AttrId;

/* Largest attribute text the cache reads in one go (procfs files use bigger buffers). */
#define SYSFS_ATTR_MAX 4096

/* Open root (NULL or "" means "/"). *out owns the root fd. Returns 0 or -errno. */
int sysfs_open(Sysfs **out, const char *root);

/* Close every cached fd and the root. NULL is ignored. */
void sysfs_close(Sysfs *fs);

/* The canonical absolute path of the root ("/" for the real system). Borrowed. */
const char *sysfs_root(const Sysfs *fs);

/* True when the root is the real "/". */
bool sysfs_is_real_root(const Sysfs *fs);

/* The root directory fd (borrowed; stays valid until sysfs_close). */
int sysfs_rootfd(const Sysfs *fs);

/* ---- attribute cache (hot path) ---- */

/* Register relpath (deduplicated); no I/O. Returns an id >= 0 or -ENOMEM/-EINVAL. */
AttrId sysfs_attr(Sysfs *fs, const char *relpath);

/* pread the attribute at offset 0 into buf (NUL-terminated, at most len-1 bytes).
 * Returns the byte count (> 0), -ENODATA for an empty read, or -errno (the fd is closed
 * and reopened on a later read, except for EAGAIN which keeps it). A node that gave no value
 * (EAGAIN or empty) twice in a row answers the same without I/O until the next
 * sysfs_settings_expire (or sysfs_attr_unhold). No allocation. */
ssize_t sysfs_attr_read(Sysfs *fs, AttrId id, char *buf, size_t len);

/* Mark id as a setting (a governor, a cap, a switch): until the next sysfs_settings_expire
 * sysfs_attr_read answers from the value its last good read returned (values under 128
 * bytes), without I/O. Returns id; a negative id passes through untouched. */
AttrId sysfs_attr_setting(Sysfs *fs, AttrId id);

/* The next read of id goes to its file (something says it changed). */
void sysfs_attr_unhold(Sysfs *fs, AttrId id);

/* Whether id is a setting (held between expiries). */
bool sysfs_attr_is_setting(const Sysfs *fs, AttrId id);

/* The next read of every setting goes to its file (settings are re-read every few seconds,
 * and at once after a write of one's own). */
void sysfs_settings_expire(Sysfs *fs);

/* Read and parse the first line as a signed integer. 0 or -errno (see parse.h). */
int sysfs_attr_i64(Sysfs *fs, AttrId id, int64_t *out);

/* Read the trimmed first line into out. 0 or -errno. */
int sysfs_attr_str(Sysfs *fs, AttrId id, char *out, size_t outsz);

/* The errno of the attribute's last failed read or open (0 after a good read). */
int sysfs_attr_errno(const Sysfs *fs, AttrId id);

/* How many times an attribute read failed right after a good read (a node vanished, its
 * device went away, a read error); EAGAIN and EINTR do not count. Only grows. */
uint64_t sysfs_attr_lost(const Sysfs *fs);

/* The registered relative path (borrowed), or "" for a bad id. */
const char *sysfs_attr_path(const Sysfs *fs, AttrId id);

/* Number of registered attributes (for benchmarks and tests). */
size_t sysfs_attr_count(const Sysfs *fs);

/* Number of attributes with an open fd. */
size_t sysfs_attr_open_count(const Sysfs *fs);

/* Close every cached fd and forget every registration (before a re-probe). */
void sysfs_attr_reset(Sysfs *fs);

/* ---- one-shot helpers (discovery, cold path) ---- */

/* Open relpath inside the root with flags (O_CLOEXEC is added). Returns fd or -errno. */
int sysfs_openat(const Sysfs *fs, const char *relpath, int flags, mode_t mode);

/* Read the whole file (up to len-1 bytes, NUL-terminated). Returns bytes or -errno. */
ssize_t sysfs_read(const Sysfs *fs, const char *relpath, char *buf, size_t len);

/* Read and parse an integer / trimmed first line. 0 or -errno. */
int sysfs_read_i64(const Sysfs *fs, const char *relpath, int64_t *out);
int sysfs_read_str(const Sysfs *fs, const char *relpath, char *out, size_t outsz);

/* printf-style path building into a caller buffer; returns 0 or -ENAMETOOLONG. */
int sysfs_path(char *out, size_t outsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* True when relpath exists inside the root (following links inside the root). */
bool sysfs_exists(const Sysfs *fs, const char *relpath);

/* True when relpath is a directory inside the root. */
bool sysfs_is_dir(const Sysfs *fs, const char *relpath);

/* Open a directory inside the root for readdir. Returns NULL with errno set. */
DIR *sysfs_opendir(const Sysfs *fs, const char *relpath);

/* Resolve relpath (following links inside the root) to a root-relative canonical path
 * without a leading '/' ("" for the root itself). 0 or -errno. */
int sysfs_resolve(const Sysfs *fs, const char *relpath, char *out, size_t outsz);

/* Write str to relpath (O_WRONLY|O_TRUNC). Returns 0 or -errno. */
int sysfs_write(const Sysfs *fs, const char *relpath, const char *str);

/* Write str to base/relpath where the resolution of relpath may not leave base
 * (RESOLVE_BENEATH: no absolute links, no ".." above base, no magic links).
 * Used by the privileged helper. Returns 0 or -errno (-EXDEV for an escape). */
int sysfs_write_beneath(const Sysfs *fs, const char *base, const char *relpath, const char *str);

/* Open base/relpath with the same confinement as sysfs_write_beneath. fd or -errno. */
int sysfs_open_beneath(const Sysfs *fs, const char *base, const char *relpath, int flags);

/* ---- root-only nodes across a privilege drop ----
 * Between sysfs_pin_begin and sysfs_pin_end (while the process is still root), every node
 * opened read-only that an unprivileged user could not open again - anything in debugfs,
 * which L4T mounts 0700 root, and files others may not read (the JP5 emc_iso_cap) - is kept
 * open. After the drop, an open of the same relative path is answered with a copy of that
 * descriptor (pread at offset 0 keeps working; directories are rewound), so probing and
 * sampling, re-probes included, still see them. Pins live until sysfs_close. */

/* Start recording. 0 or -ENOMEM. */
int sysfs_pin_begin(Sysfs *fs);

/* Stop recording; returns the number of pinned nodes (>= 0). */
int sysfs_pin_end(Sysfs *fs);

/* Open every registered attribute now (so a privileged caller can pin them). Returns how many
 * were opened. */
int sysfs_attr_open_all(Sysfs *fs);

/* ---- recording what the board code opens (jtune capture) ----
 * While a recorder is set, every read-only open inside any root (files, directories opened
 * for listing, O_PATH existence checks; pinned nodes included) calls fn with the relative
 * path, the open flags and 0 or the -errno of the open. Process-wide, because the code being
 * recorded (discovery, sampling) opens its own Sysfs; capture sets it around that code only.
 * Writes are never recorded. fn NULL stops recording. */
typedef void (*SysfsTrace)(void *ctx, const char *relpath, int flags, int result);
void sysfs_trace_set(SysfsTrace fn, void *ctx);

#endif
