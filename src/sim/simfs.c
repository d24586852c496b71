/* SPDX-License-Identifier: MIT */
/* simfs: files under the simulated root, and the table of files that change ("nodes").
 * Paths are root-relative and always name real directories (links are only ever the last
 * component), so plain *at() calls on the root fd stay inside the root. */
#include "sim_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int simfs_mkdirs(Sim *s, const char *rel) {
    char buf[PATH_MAX];
    if (snprintf(buf, sizeof buf, "%s", rel) >= (int)sizeof buf) {
        return -ENAMETOOLONG;
    }
    for (char *p = buf;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (buf[0] && mkdirat(s->rootfd, buf, 0755) < 0 && errno != EEXIST) {
                return -errno;
            }
            if (c == '\0') {
                return 0;
            }
            *p = c;
        }
    }
}

/* mkdir -p of the parent of rel, then remove whatever rel was. */
static int prepare(Sim *s, const char *rel) {
    char dir[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s", rel) >= (int)sizeof dir) {
        return -ENAMETOOLONG;
    }
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        int rc = simfs_mkdirs(s, dir);
        if (rc < 0) {
            return rc;
        }
    }
    if (unlinkat(s->rootfd, rel, 0) < 0 && errno != ENOENT) {
        return -errno;
    }
    return 0;
}

static int create(Sim *s, const char *rel, mode_t mode, int flags) {
    int rc = prepare(s, rel);
    if (rc < 0) {
        return rc;
    }
    int fd = openat(s->rootfd, rel, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        return -errno;
    }
    if (fchmod(fd, mode) < 0) { /* exact mode, whatever the umask */
        int e = errno;
        close(fd);
        return -e;
    }
    return fd;
}

static int write_all(int fd, const void *data, size_t n, off_t off) {
    const char *p = data;
    while (n > 0) {
        ssize_t w = pwrite(fd, p, n, off);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        p += w;
        n -= (size_t)w;
        off += w;
    }
    return 0;
}

int simfs_write(Sim *s, const char *rel, const void *data, size_t n, mode_t mode) {
    int fd = create(s, rel, mode, O_WRONLY);
    if (fd < 0) {
        return fd;
    }
    int rc = write_all(fd, data, n, 0);
    close(fd);
    return rc;
}

int simfs_printf(Sim *s, const char *rel, mode_t mode, const char *fmt, ...) {
    char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || n >= (int)sizeof buf) {
        return -ERANGE;
    }
    return simfs_write(s, rel, buf, (size_t)n, mode);
}

int simfs_link(Sim *s, const char *rel, const char *target) {
    int rc = prepare(s, rel);
    if (rc < 0) {
        return rc;
    }
    return symlinkat(target, s->rootfd, rel) < 0 ? -errno : 0;
}

/* The relative path from directory from_dir to path to (both root-relative). */
static int relative_path(const char *from_dir, const char *to, char *out, size_t outsz) {
    size_t common = 0;
    size_t i = 0;
    for (; from_dir[i] && to[i] && from_dir[i] == to[i]; i++) {
        if (from_dir[i] == '/') {
            common = i + 1;
        }
    }
    const char *from_rest = from_dir + common;
    const char *to_rest = to + common;
    if (from_dir[i] == '\0' && (to[i] == '/' || to[i] == '\0')) {
        from_rest = ""; /* to lies inside from_dir */
        to_rest = to + i + (to[i] == '/');
    }
    size_t used = 0;
    out[0] = '\0';
    for (const char *p = from_rest; *p;) {
        const char *slash = strchr(p, '/');
        used += (size_t)snprintf(out + used, outsz - used, "../");
        p = slash ? slash + 1 : p + strlen(p);
        if (used >= outsz) {
            return -ENAMETOOLONG;
        }
    }
    int w = snprintf(out + used, outsz - used, "%s", to_rest);
    return (w < 0 || (size_t)w >= outsz - used) ? -ENAMETOOLONG : 0;
}

int simfs_link_rel(Sim *s, const char *rel, const char *to) {
    char dir[PATH_MAX], target[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", rel);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
    } else {
        dir[0] = '\0';
    }
    int rc = relative_path(dir, to, target, sizeof target);
    return rc < 0 ? rc : simfs_link(s, rel, target);
}

int simfs_fifo(Sim *s, const char *rel) {
    if (s->n_fifos == SB_MAX_ZONES) {
        return -ENOSPC;
    }
    int rc = prepare(s, rel);
    if (rc < 0) {
        return rc;
    }
    if (mkfifoat(s->rootfd, rel, 0600) < 0) {
        return -errno;
    }
    /* Held open read-write: a reader opening O_NONBLOCK finds a writer and no data, so its
     * read() fails with EAGAIN, as a power-gated BPMP sensor does. Opened before the mode
     * becomes 0444, so a simulator that does not run as root can open it too. */
    int fd = openat(s->rootfd, rel, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    if (fchmodat(s->rootfd, rel, 0444, 0) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    s->fifo_fds[s->n_fifos++] = fd;
    return 0;
}

int simfs_node(Sim *s, const char *rel, mode_t mode, Role role, int a, int b) {
    if (s->n_nodes == s->cap_nodes) {
        int cap = s->cap_nodes ? s->cap_nodes * 2 : 256;
        SimNode *n = realloc(s->nodes, (size_t)cap * sizeof *n);
        if (!n) {
            return -ENOMEM;
        }
        s->nodes = n;
        s->cap_nodes = cap;
    }
    int fd = create(s, rel, mode, O_RDWR);
    if (fd < 0) {
        return fd;
    }
    SimNode *n = &s->nodes[s->n_nodes];
    memset(n, 0, sizeof *n);
    n->rel = strdup(rel);
    if (!n->rel) {
        close(fd);
        return -ENOMEM;
    }
    n->fd = fd;
    n->role = role;
    n->a = a;
    n->b = b;
    s->n_nodes++;
    return 0;
}

int simfs_rewrite(int fd, const void *data, size_t n) {
    int rc = write_all(fd, data, n, 0);
    if (rc == 0 && ftruncate(fd, (off_t)n) < 0) {
        rc = -errno;
    }
    return rc;
}

void simfs_close_all(Sim *s) {
    for (int i = 0; i < s->n_nodes; i++) {
        close(s->nodes[i].fd);
        free(s->nodes[i].rel);
        free(s->nodes[i].last);
    }
    free(s->nodes);
    s->nodes = NULL;
    s->n_nodes = s->cap_nodes = 0;
    for (int i = 0; i < s->n_fifos; i++) {
        close(s->fifo_fds[i]);
    }
    s->n_fifos = 0;
}

/* rm -rf of name inside dirfd without following links. */
static int remove_at(int at, const char *name) {
    if (unlinkat(at, name, 0) == 0 || errno == ENOENT) {
        return 0;
    }
    if (errno != EISDIR && errno != EPERM) {
        return -errno;
    }
    /* a root-only debugfs dir: make it ours to list; when that is refused, the open below
     * says why */
    if (fchmodat(at, name, 0700, 0) < 0 && errno != EPERM) {
        return -errno;
    }
    int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
        }
        return -e;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            rc = remove_at(dirfd(d), e->d_name);
        }
    }
    closedir(d);
    if (rc == 0 && unlinkat(at, name, AT_REMOVEDIR) < 0 && errno != ENOENT) {
        rc = -errno;
    }
    return rc;
}

int simfs_clear(Sim *s) {
    static const char *const ours[] = {"etc", "lib", "proc", "run", "sys", "usr", "var"};
    DIR *d = opendir(s->root);
    if (!d) {
        return -errno;
    }
    bool empty = true;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        empty = empty && (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."));
    }
    closedir(d);
    if (empty) {
        return 0;
    }
    /* only a tree this simulator wrote is replaced, never an arbitrary directory */
    if (faccessat(s->rootfd, "run/jtune-sim/board", F_OK, AT_SYMLINK_NOFOLLOW) < 0) {
        return -ENOTEMPTY;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof ours / sizeof ours[0]; i++) {
        rc = remove_at(s->rootfd, ours[i]);
    }
    return rc;
}
