/* SPDX-License-Identifier: MIT */
/* fileio: plain-file helpers for user and state files (not the board: see sysfs.h). */
#ifndef JTUNE_PLATFORM_FILEIO_H
#define JTUNE_PLATFORM_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/* Read a whole file into a new NUL-terminated heap buffer (*out, caller frees).
 * Files larger than max_bytes fail with -EFBIG. Returns 0 or -errno. */
int fileio_slurp(const char *path, size_t max_bytes, char **out, size_t *len);

/* fileio_replace flag: the new file gets exactly mode, whatever the umask. */
#define FILEIO_EXACT_MODE 1u

/* Replace path atomically: an exclusive temp file beside it (O_EXCL|O_NOFOLLOW, never an
 * existing file or link), write, fsync, rename, fsync the directory. A reader sees the old
 * contents or the new, never a part. mode is filtered by the umask unless FILEIO_EXACT_MODE.
 * Returns 0 or -errno; on error the old file is untouched and no temp file is left. */
int fileio_replace(const char *path, const void *data, size_t len, mode_t mode, unsigned flags);

/* fileio_replace(path, data, len, mode, 0). */
int fileio_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

/* fileio_replace for name (no '/') in the directory dirfd. 0 or -errno. */
int fileio_replace_at(int dirfd, const char *name, const void *data, size_t len, mode_t mode,
                      unsigned flags);

/* Create a new empty temp file for name in dirfd, with O_EXCL|O_NOFOLLOW (a planted file or
 * link is never opened, the next name is tried); its name goes to tmp (tmpsz bytes).
 * Returns the write fd (close-on-exec) or -errno. */
int fileio_temp_createat(int dirfd, const char *name, mode_t mode, char *tmp, size_t tmpsz);

/* Finish a temp file: fsync and close fd (always closed), rename tmp over name, fsync dirfd.
 * On error tmp is removed. 0 or -errno. */
int fileio_temp_commitat(int dirfd, int fd, const char *tmp, const char *name);

/* Open path's directory (O_DIRECTORY, for fsync) and point *name at its last component.
 * Returns the fd or -errno. */
int fileio_open_parent(const char *path, const char **name);

/* mkdir -p with mode for the directories it creates. 0 or -errno. */
int fileio_mkdirs(const char *path, mode_t mode);

/* Write all of buf to fd (retrying short writes and EINTR). 0 or -errno. */
int fileio_write_all(int fd, const void *buf, size_t len);

/* True when path names an existing regular file. */
int fileio_is_file(const char *path);

#endif
