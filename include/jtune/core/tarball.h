/* SPDX-License-Identifier: MIT */
/* tarball: a POSIX tar (ustar, with pax extended headers for names longer than ustar
 * holds) written to a caller's sink. Pure: formats bytes, does no I/O of its own.
 *
 * Entries are stored with uid/gid 0 and no owner names (a capture carries no account
 * names); mtime is the caller's one timestamp for the whole archive. */
#ifndef JTUNE_CORE_TARBALL_H
#define JTUNE_CORE_TARBALL_H

#include <stddef.h>
#include <stdint.h>

/* Receives archive bytes. 0, or -errno to stop (passed back up). */
typedef int (*TarSink)(void *ctx, const void *data, size_t len);

typedef struct {
    TarSink sink;
    void *ctx;
    int64_t mtime; /* seconds since 1970 for every entry */
} TarWriter;

/* A regular file name (relative, '/'-separated) with permission bits mode and len bytes of
 * data. 0, -EINVAL for a bad name, or the sink's -errno. */
int tarball_add_file(TarWriter *t, const char *name, unsigned mode, const void *data, size_t len);

/* A directory (name without a trailing '/'). 0 or -errno as above. */
int tarball_add_dir(TarWriter *t, const char *name, unsigned mode);

/* A symbolic link name -> target (stored as is, never followed). 0 or -errno as above. */
int tarball_add_link(TarWriter *t, const char *name, const char *target);

/* A FIFO (how a capture stores a node whose read failed with EAGAIN). 0 or -errno. */
int tarball_add_fifo(TarWriter *t, const char *name, unsigned mode);

/* The end-of-archive marker (two zero blocks). 0 or the sink's -errno. */
int tarball_finish(TarWriter *t);

#endif
