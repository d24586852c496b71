/* fileio: plain-file helpers for user and state files (not the board: see sysfs.h). */
#ifndef JTUNE_PLATFORM_FILEIO_H
#define JTUNE_PLATFORM_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/* Read a whole file into a new NUL-terminated heap buffer (*out, caller frees).
 * Files larger than max_bytes fail with -EFBIG. Returns 0 or -errno. */
int fileio_slurp(const char *path, size_t max_bytes, char **out, size_t *len);

/* Replace path atomically: write a temp file beside it, fsync, rename, fsync the dir.
 * Returns 0 or -errno; on error the old file is untouched. */
int fileio_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

/* mkdir -p with mode for the directories it creates. 0 or -errno. */
int fileio_mkdirs(const char *path, mode_t mode);

/* Write all of buf to fd (retrying short writes and EINTR). 0 or -errno. */
int fileio_write_all(int fd, const void *buf, size_t len);

/* True when path names an existing regular file. */
int fileio_is_file(const char *path);

#endif
