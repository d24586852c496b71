/* SPDX-License-Identifier: MIT */
/* capture: collect the board files that discovery and sampling read, for jtune capture.
 *
 * Recording: between capture_record_start and capture_record_stop, every read-only open the
 * board code makes inside the root (sysfs_trace_set) is noted. Nothing is read then.
 * Collecting: each noted path is walked from the root one component at a time; every
 * directory on the way becomes a directory entry, every symbolic link a link entry (its
 * target as stored, then followed inside the root), the last component a file with its
 * contents as read now (root-only nodes through the descriptors the sampler kept across the
 * privilege drop, see sysfs_pin_begin). A directory that discovery listed adds its
 * subdirectories and links. Only paths on the allowlist (capture_allowed) are taken; what
 * could not be read, what was probed but is absent and what the allowlist refused become
 * notes for the MANIFEST. Cold path: allocates freely.
 */
#ifndef JTUNE_PLATFORM_CAPTURE_H
#define JTUNE_PLATFORM_CAPTURE_H

#include "jtune/platform/sysfs.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    CAP_DIR,   /* a directory */
    CAP_FILE,  /* a file and its contents as read */
    CAP_LINK,  /* a symbolic link (data holds the target) */
    CAP_GATED, /* a node whose read failed with EAGAIN (a power-gated sensor): a FIFO */
} CapKind;

typedef struct {
    char *path; /* root-relative, as walked (links not resolved) */
    CapKind kind;
    unsigned mode; /* permission bits; 0 for a node this user could not read */
    char *data;    /* file contents or link target (NUL-terminated beyond len) */
    size_t len;
} CapEntry;

typedef enum { NOTE_UNREADABLE, NOTE_ABSENT, NOTE_REFUSED } CapNoteKind;

typedef struct {
    char *path;
    CapNoteKind kind;
    int err; /* errno for NOTE_UNREADABLE / NOTE_ABSENT */
} CapNote;

typedef struct Capture Capture;

/* Called during capture_collect after each noted path: done of total. Returning false stops
 * the collection (capture_collect then returns -EINTR). */
typedef bool (*CaptureProgress)(void *ctx, size_t done, size_t total);

/* A new, empty capture. 0 or -ENOMEM. */
int capture_new(Capture **out);

/* Free everything. NULL is ignored. */
void capture_free(Capture *c);

/* Start noting the opens of every Sysfs in this process into c (see sysfs_trace_set). */
void capture_record_start(Capture *c);

/* Stop noting. */
void capture_record_stop(void);

/* Note relpath as if it had been opened (list: as a directory to list). 0 or -ENOMEM. */
int capture_note_path(Capture *c, const char *relpath, bool list);

/* True when relpath may be captured: the board's sysfs, the /proc files jtune reads, the L4T
 * release, nvpmodel and nvfancontrol files, and the systemd/NetworkManager/journald
 * configuration the audit reads; never /proc/<pid>, keys, network connections or homes. */
bool capture_allowed(const char *relpath);

/* Walk and read every noted path under fs (progress may be NULL). 0, -ENOMEM or -EINTR. */
int capture_collect(Capture *c, const Sysfs *fs, CaptureProgress progress, void *ctx);

/* The entries, sorted by path (a directory before what it holds). Borrowed. */
const CapEntry *capture_entries(const Capture *c, size_t *n);

/* The notes, sorted by path. Borrowed. */
const CapNote *capture_notes(const Capture *c, size_t *n);

#endif
