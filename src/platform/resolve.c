/* SPDX-License-Identifier: MIT */
/* resolve: confined path lookup without openat2 (see the header). */
#include "jtune/platform/resolve.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH   128 /* directories held open on the way down */
#define MAX_LINKS   40  /* as the kernel's ELOOP limit */
#define MAX_RETRIES 16

typedef struct {
    int fds[MAX_DEPTH]; /* fds[0] is the caller's dirfd (never closed here) */
    int depth;          /* fds in use */
    int links;
    char rest[PATH_MAX * 2]; /* what is left to walk */
} Walk;

static void walk_pop_all(Walk *w) {
    while (w->depth > 1) {
        close(w->fds[--w->depth]);
    }
}

/* Cut the next component off w->rest into name; false at the end of the path. */
static bool next_component(Walk *w, char *name, size_t namesz, bool *last) {
    char *p = w->rest;
    while (*p == '/') {
        p++;
    }
    if (!*p) {
        return false;
    }
    size_t n = strcspn(p, "/");
    snprintf(name, namesz, "%.*s", (int)n, p);
    char *q = p + n;
    while (*q == '/') {
        q++;
    }
    *last = *q == '\0';
    memmove(w->rest, q, strlen(q) + 1);
    return true;
}

/* Put the target of the link (an O_PATH fd) in front of what is left. 0 or -errno. */
static int splice_link(Walk *w, int linkfd, int how) {
    char target[PATH_MAX];
    ssize_t n = readlinkat(linkfd, "", target, sizeof target - 1);
    if (n < 0) {
        return -errno;
    }
    target[n] = '\0';
    if (++w->links > MAX_LINKS) {
        return -ELOOP;
    }
    if (target[0] == '/') {
        if (how == RESOLVE_US_BENEATH) {
            return -EXDEV;
        }
        walk_pop_all(w); /* an absolute link starts again at the root */
    }
    char joined[sizeof w->rest];
    if (snprintf(joined, sizeof joined, "%s/%s", target, w->rest) >= (int)sizeof joined) {
        return -ENAMETOOLONG;
    }
    memcpy(w->rest, joined, sizeof joined);
    return 0;
}

/* Step into directory component name (O_PATH, no links followed). 0, 1 when name was a
 * link (spliced), or -errno. */
static int step(Walk *w, const char *name, int how) {
    if (strcmp(name, ".") == 0) {
        return 0;
    }
    if (strcmp(name, "..") == 0) {
        if (w->depth == 1) {
            return how == RESOLVE_US_BENEATH ? -EXDEV : 0; /* ".." of the root is the root */
        }
        close(w->fds[--w->depth]);
        return 0;
    }
    int fd = openat(w->fds[w->depth - 1], name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    if (S_ISLNK(st.st_mode)) {
        int rc = splice_link(w, fd, how);
        close(fd);
        return rc < 0 ? rc : 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        close(fd);
        return -ENOTDIR;
    }
    if (w->depth == MAX_DEPTH) {
        close(fd);
        return -ENAMETOOLONG;
    }
    w->fds[w->depth++] = fd;
    return 0;
}

/* Open the last component: links are followed by hand, never by the kernel. Returns an fd,
 * 1 when name was a link (spliced: walk on), or -errno. */
static int open_last(Walk *w, const char *name, int flags, mode_t mode, int how) {
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        int rc = step(w, name, how);
        if (rc < 0) {
            return rc;
        }
        int fd = openat(w->fds[w->depth - 1], ".", flags | O_CLOEXEC, mode);
        return fd < 0 ? -errno : fd;
    }
    int dir = w->fds[w->depth - 1];
    int probe = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (probe >= 0) {
        struct stat st;
        int rc = fstat(probe, &st) < 0 ? -errno : 0;
        if (rc == 0 && S_ISLNK(st.st_mode)) {
            rc = splice_link(w, probe, how);
            close(probe);
            return rc < 0 ? rc : 1;
        }
        close(probe);
        if (rc < 0) {
            return rc;
        }
    } else if (errno != ENOENT || !(flags & O_CREAT)) {
        return -errno;
    }
    int fd = openat(dir, name, flags | O_NOFOLLOW | O_CLOEXEC, mode);
    return fd < 0 ? -errno : fd;
}

/* One walk from the root; -EAGAIN when a component changed under it. */
static int walk_once(Walk *w, const char *rel, int flags, mode_t mode, int how) {
    if (snprintf(w->rest, sizeof w->rest, "%s", rel) >= (int)sizeof w->rest) {
        return -ENAMETOOLONG;
    }
    char name[NAME_MAX + 1];
    bool last = false;
    while (next_component(w, name, sizeof name, &last)) {
        int rc = last ? open_last(w, name, flags, mode, how) : step(w, name, how);
        if (rc < 0) {
            return rc == -ELOOP && w->links <= MAX_LINKS ? -EAGAIN : rc;
        }
        if (last && rc != 1) {
            return rc; /* the fd */
        }
    }
    /* a path that ended in "/", or in a link to a directory: open where we are */
    int fd = openat(w->fds[w->depth - 1], ".", flags | O_CLOEXEC, mode);
    return fd < 0 ? -errno : fd;
}

int resolve_open(int dirfd, const char *rel, int flags, mode_t mode, int how) {
    if (!rel || rel[0] == '/') {
        return -EINVAL;
    }
    if (!rel[0]) {
        return -ENOENT; /* as open("") */
    }
    int rc = -EAGAIN;
    for (int tries = 0; rc == -EAGAIN && tries < MAX_RETRIES; tries++) {
        Walk w = {.fds = {dirfd}, .depth = 1};
        rc = walk_once(&w, rel, flags, mode, how);
        walk_pop_all(&w);
    }
    return rc == -EAGAIN ? -ELOOP : rc;
}
