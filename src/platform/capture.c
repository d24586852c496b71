/* SPDX-License-Identifier: MIT */
/* capture: note the board files opened, then walk and read them (see the header). */
#include "jtune/platform/capture.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINKS  40        /* as the kernel's ELOOP limit */
#define MAX_FILE   (1 << 20) /* a bigger board file is not a sysfs value */
#define DENIED_DIR 0700      /* a root-only directory this user cannot look into (debugfs) */

/* A path -> index map (open addressing, FNV-1a): thousands of paths, each looked up often. */
typedef struct {
    size_t *slot; /* index + 1; 0 is empty */
    size_t cap;
} Index;

typedef struct {
    char *path;
    bool list;  /* listed as a directory */
    int result; /* 0 or the -errno of the first open */
} Noted;

struct Capture {
    Noted *noted;
    size_t n_noted, cap_noted;
    Index noted_ix;
    CapEntry *e;
    size_t n_e, cap_e;
    Index e_ix;
    CapNote *notes;
    size_t n_notes, cap_notes;
    Index note_ix;
    int err;
};

static uint64_t fnv(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h = (h ^ (uint8_t)*s) * 1099511628211ull;
    }
    return h;
}

/* The slot of key: its index + 1 there, or an empty slot. paths[i] is entry i's path. */
static size_t *ix_find(const Index *ix, const char *key, char *const *paths, size_t stride) {
    size_t i = (size_t)fnv(key) & (ix->cap - 1);
    for (;; i = (i + 1) & (ix->cap - 1)) {
        size_t v = ix->slot[i];
        if (v == 0 || strcmp(*(char *const *)((const char *)paths + (v - 1) * stride), key) == 0) {
            return &ix->slot[i];
        }
    }
}

/* Grow the index to hold n + 1 keys at most half full. 0 or -ENOMEM. */
static int ix_reserve(Index *ix, size_t n, char *const *paths, size_t stride) {
    if (ix->cap && (n + 1) * 2 <= ix->cap) {
        return 0;
    }
    size_t cap = ix->cap ? ix->cap * 2 : 1024;
    Index grown = {.slot = calloc(cap, sizeof *grown.slot), .cap = cap};
    if (!grown.slot) {
        return -ENOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        char *key = *(char *const *)((const char *)paths + k * stride);
        *ix_find(&grown, key, paths, stride) = k + 1;
    }
    free(ix->slot);
    *ix = grown;
    return 0;
}

/* Make room for one more element of size sz in *arr. 0 or -ENOMEM. */
static int grow(void **arr, size_t n, size_t *cap, size_t sz) {
    if (n < *cap) {
        return 0;
    }
    size_t nc = *cap ? *cap * 2 : 256;
    void *p = realloc(*arr, nc * sz);
    if (!p) {
        return -ENOMEM;
    }
    *arr = p;
    *cap = nc;
    return 0;
}

int capture_new(Capture **out) {
    *out = calloc(1, sizeof **out);
    return *out ? 0 : -ENOMEM;
}

void capture_free(Capture *c) {
    if (!c) {
        return;
    }
    for (size_t i = 0; i < c->n_noted; i++) {
        free(c->noted[i].path);
    }
    for (size_t i = 0; i < c->n_e; i++) {
        free(c->e[i].path);
        free(c->e[i].data);
    }
    for (size_t i = 0; i < c->n_notes; i++) {
        free(c->notes[i].path);
    }
    free(c->noted);
    free(c->e);
    free(c->notes);
    free(c->noted_ix.slot);
    free(c->e_ix.slot);
    free(c->note_ix.slot);
    free(c);
}

/* ------------------------------------------------------------------ recording */

static int note(Capture *c, const char *rel, bool list, int result) {
    while (rel[0] == '.' && rel[1] == '/') {
        rel += 2;
    }
    if (!rel[0] || strcmp(rel, ".") == 0) {
        return 0; /* the root itself */
    }
    if (grow((void **)&c->noted, c->n_noted, &c->cap_noted, sizeof(Noted)) < 0 ||
        ix_reserve(&c->noted_ix, c->n_noted, &c->noted[0].path, sizeof(Noted)) < 0) {
        return c->err = -ENOMEM;
    }
    size_t *slot = ix_find(&c->noted_ix, rel, &c->noted[0].path, sizeof(Noted));
    if (*slot) {
        Noted *n = &c->noted[*slot - 1];
        n->list |= list;
        if (n->result < 0 && result == 0) {
            n->result = 0; /* a later open worked (a node that came back) */
        }
        return 0;
    }
    char *p = strdup(rel);
    if (!p) {
        return c->err = -ENOMEM;
    }
    c->noted[c->n_noted] = (Noted){.path = p, .list = list, .result = result};
    *slot = ++c->n_noted;
    return 0;
}

static void trace(void *ctx, const char *rel, int flags, int result) {
    bool list = (flags & O_DIRECTORY) && !(flags & O_PATH);
    note(ctx, rel, list, result);
}

void capture_record_start(Capture *c) {
    sysfs_trace_set(trace, c);
}

void capture_record_stop(void) {
    sysfs_trace_set(NULL, NULL);
}

int capture_note_path(Capture *c, const char *relpath, bool list) {
    return note(c, relpath, list, 0);
}

/* ------------------------------------------------------------------ allowlist */

static bool under(const char *rel, const char *dir) {
    size_t n = strlen(dir);
    return strncmp(rel, dir, n) == 0 && (rel[n] == '\0' || rel[n] == '/');
}

bool capture_allowed(const char *rel) {
    static const char *const ALLOW[] = {
        "sys",
        "proc/stat",
        "proc/meminfo",
        "proc/uptime",
        "proc/version",
        "proc/mounts",
        "proc/swaps",
        "proc/buddyinfo",
        "proc/device-tree",
        "proc/sys/vm",
        "etc/nv_tegra_release",
        "etc/nvpmodel.conf",
        "etc/nvpmodel",
        "etc/nvfancontrol.conf",
        "etc/nvpower", /* where L4T keeps the fan and power-mode confs the links above name */
        "var/lib/nvpmodel",
        "var/lib/nvfancontrol",
        "etc/systemd/system",
        "etc/systemd/journald.conf",
        "etc/systemd/journald.conf.d",
        "usr/lib/systemd/system",
        "usr/lib/systemd/journald.conf.d",
        "etc/NetworkManager/NetworkManager.conf",
        "etc/NetworkManager/conf.d",
        "usr/lib/NetworkManager/conf.d",
    };
    /* inside the board's sysfs, the parts that hold no board facts but may hold secrets */
    static const char *const DENY[] = {"sys/firmware/efi", "sys/kernel/security", "sys/fs/selinux",
                                       "sys/kernel/config"};
    if (strstr(rel, "/..") || strncmp(rel, "..", 2) == 0) {
        return false;
    }
    for (size_t i = 0; i < sizeof DENY / sizeof DENY[0]; i++) {
        if (under(rel, DENY[i])) {
            return false;
        }
    }
    for (size_t i = 0; i < sizeof ALLOW / sizeof ALLOW[0]; i++) {
        if (under(rel, ALLOW[i])) {
            return true;
        }
    }
    /* the parents of allowed paths, so that they can be walked */
    static const char *const PARENTS[] = {
        "proc",    "proc/sys", "etc",     "etc/systemd",     "etc/NetworkManager",    "var",
        "var/lib", "usr",      "usr/lib", "usr/lib/systemd", "usr/lib/NetworkManager"};
    for (size_t i = 0; i < sizeof PARENTS / sizeof PARENTS[0]; i++) {
        if (strcmp(rel, PARENTS[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------------ entries and notes */

static void add_note(Capture *c, const char *path, CapNoteKind kind, int err) {
    if (c->err || grow((void **)&c->notes, c->n_notes, &c->cap_notes, sizeof(CapNote)) < 0 ||
        ix_reserve(&c->note_ix, c->n_notes, &c->notes[0].path, sizeof(CapNote)) < 0) {
        c->err = -ENOMEM;
        return;
    }
    size_t *slot = ix_find(&c->note_ix, path, &c->notes[0].path, sizeof(CapNote));
    if (*slot) {
        return; /* the first reason stands */
    }
    char *p = strdup(path);
    if (!p) {
        c->err = -ENOMEM;
        return;
    }
    c->notes[c->n_notes] = (CapNote){.path = p, .kind = kind, .err = err};
    *slot = ++c->n_notes;
}

/* Add an entry (data is taken over; freed on failure or when path is already there). The
 * allowlist is checked here, on every path as walked, so a link cannot lead out of it.
 * Returns true when the path is in the capture (added now or before). */
static bool entry_add(Capture *c, const char *path, CapKind kind, unsigned mode, char *data,
                      size_t len) {
    if (!capture_allowed(path)) {
        add_note(c, path, NOTE_REFUSED, 0);
        free(data);
        return false;
    }
    if (c->err || grow((void **)&c->e, c->n_e, &c->cap_e, sizeof(CapEntry)) < 0 ||
        ix_reserve(&c->e_ix, c->n_e, &c->e[0].path, sizeof(CapEntry)) < 0) {
        c->err = -ENOMEM;
        free(data);
        return false;
    }
    size_t *slot = ix_find(&c->e_ix, path, &c->e[0].path, sizeof(CapEntry));
    if (*slot) {
        free(data);
        return true;
    }
    char *p = strdup(path);
    if (!p) {
        c->err = -ENOMEM;
        free(data);
        return false;
    }
    c->e[c->n_e] = (CapEntry){.path = p, .kind = kind, .mode = mode, .data = data, .len = len};
    *slot = ++c->n_e;
    return true;
}

/* A directory this user could not search: stored with no permission, so that the unpacked
 * capture answers EACCES as the board did (debugfs without sudo). */
static void entry_deny(Capture *c, const char *path) {
    if (!c->e_ix.cap) {
        return;
    }
    size_t *slot = ix_find(&c->e_ix, path, &c->e[0].path, sizeof(CapEntry));
    if (*slot && c->e[*slot - 1].kind == CAP_DIR) {
        c->e[*slot - 1].mode = 0;
    }
}

/* ------------------------------------------------------------------ reading */

/* Read the file noted as rel (through fs: pins and in-root links work) into *out. Returns
 * the byte count, or -errno (-EAGAIN: a gated sensor). */
static long read_node(const Sysfs *fs, const char *rel, char **out) {
    int fd = sysfs_openat(fs, rel, O_RDONLY | O_NONBLOCK, 0);
    if (fd < 0) {
        return fd;
    }
    size_t cap = 4096, got = 0;
    char *buf = malloc(cap + 1);
    long rc = buf ? 0 : -ENOMEM;
    while (rc == 0) {
        if (got == cap) {
            char *nb = cap >= MAX_FILE ? NULL : realloc(buf, cap * 2 + 1);
            if (!nb) {
                rc = cap >= MAX_FILE ? -EFBIG : -ENOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + got, cap - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            rc = n < 0 ? -errno : 0;
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    buf[got] = '\0';
    *out = buf;
    return (long)got;
}

/* The last component, a non-directory: its contents as read. */
static void take_file(Capture *c, const Sysfs *fs, const char *noted, const char *path,
                      unsigned mode) {
    char *data = NULL;
    long n = read_node(fs, noted, &data);
    if (n == -EAGAIN) {
        entry_add(c, path, CAP_GATED, mode, NULL, 0);
        add_note(c, path, NOTE_UNREADABLE, EAGAIN);
    } else if (n < 0) {
        /* kept, empty, with no permission when this user may not read it, so that the
         * unpacked capture answers an open as the board did */
        entry_add(c, path, CAP_FILE, n == -EACCES ? 0 : mode, NULL, 0);
        add_note(c, path, NOTE_UNREADABLE, (int)-n);
    } else {
        entry_add(c, path, CAP_FILE, mode, data, (size_t)n);
    }
}

/* List dir (the noted path, walked to dirpath): its subdirectories and links. */
static void take_listing(Capture *c, const Sysfs *fs, const char *noted, const char *dirpath) {
    DIR *d = sysfs_opendir(fs, noted);
    if (!d) {
        add_note(c, dirpath, NOTE_UNREADABLE, errno);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL && !c->err) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) {
            continue;
        }
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s%s%s", dirpath, dirpath[0] ? "/" : "", de->d_name) >=
            (int)sizeof path) {
            continue;
        }
        struct stat st;
        if (fstatat(sysfs_rootfd(fs), path, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            if (de->d_type == DT_DIR) { /* a root-only directory read through a kept fd */
                entry_add(c, path, CAP_DIR, DENIED_DIR, NULL, 0);
            }
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            entry_add(c, path, CAP_DIR, st.st_mode & 07777, NULL, 0);
        } else if (S_ISLNK(st.st_mode)) {
            char target[PATH_MAX];
            ssize_t n = readlinkat(sysfs_rootfd(fs), path, target, sizeof target - 1);
            if (n >= 0) {
                target[n] = '\0';
                char *t = strdup(target);
                entry_add(c, path, CAP_LINK, 0777, t, t ? (size_t)n : 0);
            }
        }
    }
    closedir(d);
}

/* ------------------------------------------------------------------ the walk */

typedef struct {
    char cur[PATH_MAX];      /* the directory reached, root-relative ("" is the root) */
    char rest[PATH_MAX * 2]; /* what is left to walk */
    int links;
} Walk;

/* Cut the next component off w->rest; false at the end. */
static bool walk_next(Walk *w, char *name, size_t namesz, bool *last) {
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

/* Put a link's target in front of what is left (absolute: from the root). 0 or -errno. */
static int walk_splice(Walk *w, const char *target) {
    if (++w->links > MAX_LINKS) {
        return -ELOOP;
    }
    char joined[sizeof w->rest];
    if (snprintf(joined, sizeof joined, "%s/%s", target, w->rest) >= (int)sizeof joined) {
        return -ENAMETOOLONG;
    }
    if (target[0] == '/') {
        w->cur[0] = '\0';
    }
    memcpy(w->rest, joined, sizeof joined);
    return 0;
}

static void walk_up(Walk *w) {
    char *slash = strrchr(w->cur, '/');
    if (slash) {
        *slash = '\0';
    } else {
        w->cur[0] = '\0'; /* ".." of the root is the root */
    }
}

/* What is left of a walk into a directory this user cannot search (debugfs, 0700 root): the
 * node is reachable only through a descriptor kept from before the privilege drop. Its
 * directories are entered as root-only ones, the node itself read through the kept fd. */
static void walk_denied(Capture *c, const Sysfs *fs, const Noted *nd, Walk *w, const char *name,
                        bool last) {
    char path[PATH_MAX];
    char n[NAME_MAX + 1];
    snprintf(n, sizeof n, "%s", name);
    int fd = sysfs_openat(fs, nd->path, O_RDONLY | O_NONBLOCK, 0);
    if (fd < 0) {
        add_note(c, nd->path, NOTE_UNREADABLE, -fd);
        entry_deny(c, w->cur);
        return;
    }
    struct stat st;
    bool isdir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
    close(fd);
    for (;;) {
        snprintf(path, sizeof path, "%s%s%s", w->cur, w->cur[0] ? "/" : "", n);
        if (last) {
            break;
        }
        entry_add(c, path, CAP_DIR, DENIED_DIR, NULL, 0);
        snprintf(w->cur, sizeof w->cur, "%s", path);
        if (!walk_next(w, n, sizeof n, &last)) {
            return;
        }
    }
    if (isdir) {
        entry_add(c, path, CAP_DIR, DENIED_DIR, NULL, 0);
        if (nd->list) {
            take_listing(c, fs, nd->path, path);
        }
    } else {
        take_file(c, fs, nd->path, path, st.st_mode & 07777);
    }
}

/* One component of the walk. 1 to go on, 0 at the end, -errno when it cannot go on. */
static int walk_step(Capture *c, const Sysfs *fs, const Noted *nd, Walk *w, const char *name,
                     bool last) {
    if (strcmp(name, ".") == 0) {
        return 1;
    }
    if (strcmp(name, "..") == 0) {
        walk_up(w);
        return 1;
    }
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s%s%s", w->cur, w->cur[0] ? "/" : "", name) >=
        (int)sizeof path) {
        return -ENAMETOOLONG;
    }
    struct stat st;
    if (fstatat(sysfs_rootfd(fs), path, &st, AT_SYMLINK_NOFOLLOW) < 0) {
        if (errno == EACCES) {
            walk_denied(c, fs, nd, w, name, last);
            return 0;
        }
        return -errno;
    }
    if (S_ISLNK(st.st_mode)) {
        char target[PATH_MAX];
        ssize_t n = readlinkat(sysfs_rootfd(fs), path, target, sizeof target - 1);
        if (n < 0) {
            return -errno;
        }
        target[n] = '\0';
        char *t = strdup(target);
        if (!entry_add(c, path, CAP_LINK, 0777, t, t ? (size_t)n : 0)) {
            return -EPERM;
        }
        int rc = walk_splice(w, target);
        return rc < 0 ? rc : 1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!entry_add(c, path, CAP_DIR, st.st_mode & 07777, NULL, 0)) {
            return -EPERM;
        }
        snprintf(w->cur, sizeof w->cur, "%s", path);
        return 1;
    }
    if (!last) {
        return -ENOTDIR;
    }
    if (capture_allowed(path)) {
        take_file(c, fs, nd->path, path, st.st_mode & 07777);
    } else {
        add_note(c, path, NOTE_REFUSED, 0);
    }
    return 0;
}

static void walk_noted(Capture *c, const Sysfs *fs, const Noted *nd) {
    if (!capture_allowed(nd->path)) {
        add_note(c, nd->path, NOTE_REFUSED, 0);
        return;
    }
    Walk w = {.cur = ""};
    snprintf(w.rest, sizeof w.rest, "%s", nd->path);
    char name[NAME_MAX + 1];
    bool last = false;
    int rc = 1;
    while (rc == 1 && walk_next(&w, name, sizeof name, &last)) {
        rc = walk_step(c, fs, nd, &w, name, last);
    }
    if (rc == 1 && nd->list) { /* the walk ended in a directory */
        take_listing(c, fs, nd->path, w.cur);
    }
    if (rc < 0 && rc != -EPERM) {
        bool gone = rc == -ENOENT || rc == -ENOTDIR;
        add_note(c, nd->path, gone ? NOTE_ABSENT : NOTE_UNREADABLE, -rc);
    }
}

static int by_entry_path(const void *a, const void *b) {
    return strcmp(((const CapEntry *)a)->path, ((const CapEntry *)b)->path);
}

static int by_note_path(const void *a, const void *b) {
    return strcmp(((const CapNote *)a)->path, ((const CapNote *)b)->path);
}

int capture_collect(Capture *c, const Sysfs *fs, CaptureProgress progress, void *ctx) {
    for (size_t i = 0; i < c->n_noted && !c->err; i++) {
        walk_noted(c, fs, &c->noted[i]);
        if (progress && !progress(ctx, i + 1, c->n_noted)) {
            return -EINTR;
        }
    }
    if (c->err) {
        return c->err;
    }
    /* sorted: a directory comes before what it holds ("a" < "a/b"); the indexes are stale
     * now, and nothing is looked up any more */
    qsort(c->e, c->n_e, sizeof *c->e, by_entry_path);
    qsort(c->notes, c->n_notes, sizeof *c->notes, by_note_path);
    free(c->e_ix.slot);
    free(c->note_ix.slot);
    c->e_ix = (Index){0};
    c->note_ix = (Index){0};
    return 0;
}

const CapEntry *capture_entries(const Capture *c, size_t *n) {
    *n = c->n_e;
    return c->e;
}

const CapNote *capture_notes(const Capture *c, size_t *n) {
    *n = c->n_notes;
    return c->notes;
}
