/* SPDX-License-Identifier: MIT */
/* fileio: whole-file reads, atomic replaces, mkdir -p. */
#include "jtune/platform/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fileio_slurp(const char *path, size_t max_bytes, char **out, size_t *len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
    }
    if ((size_t)st.st_size > max_bytes) {
        close(fd);
        return -EFBIG;
    }
    size_t cap = (size_t)st.st_size + 1;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return -ENOMEM;
    }
    size_t got = 0;
    for (;;) {
        if (got + 1 >= cap) {
            if (cap > max_bytes) {
                free(buf);
                close(fd);
                return -EFBIG;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                close(fd);
                return -ENOMEM;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + got, cap - 1 - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return -e;
        }
        if (n == 0) {
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    buf[got] = '\0';
    *out = buf;
    if (len) {
        *len = got;
    }
    return 0;
}

int fileio_write_all(int fd, const void *buf, size_t len) {
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Try names ".NAME.tmp.PID.N" (hidden, and not ending like NAME: a textfile collector or a
 * glob never picks one up). O_EXCL|O_NOFOLLOW never opens what is already there, so a
 * planted file or symlink at a name only costs a retry with the next N. */
#define TEMP_TRIES 64

int fileio_temp_createat(int dirfd, const char *name, mode_t mode, char *tmp, size_t tmpsz) {
    if (strchr(name, '/') || !*name) {
        return -EINVAL;
    }
    for (int i = 0; i < TEMP_TRIES; i++) {
        int n = snprintf(tmp, tmpsz, ".%s.tmp.%ld.%d", name, (long)getpid(), i);
        if (n < 0 || (size_t)n >= tmpsz || n > NAME_MAX) {
            return -ENAMETOOLONG;
        }
        int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd >= 0) {
            return fd;
        }
        if (errno != EEXIST) {
            return -errno;
        }
    }
    return -EEXIST;
}

int fileio_temp_commitat(int dirfd, int fd, const char *tmp, const char *name) {
    int rc = fsync(fd) < 0 ? -errno : 0;
    if (close(fd) < 0 && rc == 0) {
        rc = -errno;
    }
    if (rc == 0 && renameat(dirfd, tmp, dirfd, name) < 0) {
        rc = -errno;
    }
    if (rc < 0) {
        unlinkat(dirfd, tmp, 0);
        return rc;
    }
    /* the rename is durable only once the directory is */
    return fsync(dirfd) < 0 ? -errno : 0;
}

int fileio_replace_at(int dirfd, const char *name, const void *data, size_t len, mode_t mode,
                      unsigned flags) {
    char tmp[NAME_MAX + 1];
    int fd = fileio_temp_createat(dirfd, name, mode, tmp, sizeof tmp);
    if (fd < 0) {
        return fd;
    }
    int rc = (flags & FILEIO_EXACT_MODE) && fchmod(fd, mode) < 0 ? -errno : 0;
    if (rc == 0) {
        rc = fileio_write_all(fd, data, len);
    }
    if (rc < 0) {
        close(fd);
        unlinkat(dirfd, tmp, 0);
        return rc;
    }
    return fileio_temp_commitat(dirfd, fd, tmp, name);
}

int fileio_open_parent(const char *path, const char **name) {
    const char *slash = strrchr(path, '/');
    *name = slash ? slash + 1 : path;
    char dir[PATH_MAX];
    int n = slash ? snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path)
                  : snprintf(dir, sizeof dir, ".");
    if (n < 0 || (size_t)n >= sizeof dir) {
        return -ENAMETOOLONG;
    }
    if (slash == path) {
        snprintf(dir, sizeof dir, "/");
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return dfd < 0 ? -errno : dfd;
}

int fileio_write_atomic(const char *path, const void *data, size_t len, mode_t mode) {
    return fileio_replace(path, data, len, mode, 0);
}

int fileio_replace(const char *path, const void *data, size_t len, mode_t mode, unsigned flags) {
    const char *name;
    int dfd = fileio_open_parent(path, &name);
    if (dfd < 0) {
        return dfd;
    }
    int rc = fileio_replace_at(dfd, name, data, len, mode, flags);
    close(dfd);
    return rc;
}

int fileio_mkdirs(const char *path, mode_t mode) {
    char buf[PATH_MAX];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        return -ENAMETOOLONG;
    }
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, mode) < 0 && errno != EEXIST) {
                return -errno;
            }
            *p = '/';
        }
    }
    if (mkdir(buf, mode) < 0 && errno != EEXIST) {
        return -errno;
    }
    return 0;
}

int fileio_is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}
