/* SPDX-License-Identifier: MIT */
/* sysfs: root-relative I/O and the open-once/pread-at-0 attribute cache. */
#include "jtune/platform/sysfs.h"

#include "jtune/core/parse.h"
#include "jtune/core/syscompat.h"
#include "jtune/platform/resolve.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef struct {
    char *path;
    int fd;
    int last_errno;
    uint16_t backoff;  /* reads to skip before the next open attempt */
    uint16_t skipping; /* reads skipped so far */
    bool stream;       /* not seekable (a FIFO standing in for a gated sensor): use read() */
    uint8_t held_len;  /* bytes in held: the value a setting read at held_epoch */
    uint32_t held_epoch;
    uint32_t gated_epoch; /* no value twice in a row at this epoch: not read again in it */
    char *held;           /* NULL unless a setting (sysfs_attr_setting) */
} Attr;

/* A setting's value is kept when it fits here; a longer one is read every time. */
#define HELD_MAX 128

/* Root-only nodes opened while the process was still privileged (see sysfs_pin_begin). */
#define SYSFS_PINS_MAX 64
typedef struct {
    bool recording;
    int n;
    struct {
        char *path;
        int fd;
        bool dir;
    } e[SYSFS_PINS_MAX];
} Pins;

struct Sysfs {
    uint64_t lost; /* reads that failed after a good one (see sysfs_attr_lost) */
    Pins *pins;    /* NULL until sysfs_pin_begin */
    int rootfd;
    bool real_root;
    char root[PATH_MAX];
    Attr *attrs;
    size_t n_attrs;
    size_t cap_attrs;
    uint32_t settings_epoch; /* a setting held from an older epoch is read again */
};

/* openat2 is Linux >= 5.6; without it (older kernels, qemu-user) the same confinement is
 * done in user space (resolve.h). With RESOLVE_IN_ROOT/BENEATH the kernel answers EAGAIN
 * when a rename anywhere on the system (a simulator rewriting its tree, any atomic save)
 * raced with a ".." in the path (links in sysfs trees have many). Under load every retry
 * can lose that race, and the EAGAIN must never reach a caller (the helper would report
 * "refused near a trip point"): after the retries the user-space walk, which retries only
 * on changes to the path itself, does the same confinement. */
static int open_in_root(int dirfd, const char *rel, int flags, mode_t mode, uint64_t resolve) {
    struct open_how how = {.flags = (uint64_t)(flags | O_CLOEXEC),
                           .mode = (flags & O_CREAT) ? mode : 0,
                           .resolve = resolve};
    long fd = syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
    for (int tries = 0; fd < 0 && errno == EAGAIN && tries < 64; tries++) {
        fd = syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
    }
    if (fd < 0 && (errno == ENOSYS || errno == EAGAIN)) {
        return resolve_open(dirfd, rel, flags, mode,
                            (resolve & RESOLVE_BENEATH) ? RESOLVE_US_BENEATH : RESOLVE_US_IN_ROOT);
    }
    return fd < 0 ? -errno : (int)fd;
}

/* Reads leave access times alone: on a disk-backed tree (a simulator, a captured board)
 * a read after each rewrite would otherwise dirty the inode and go through the journal
 * (a quarter of the reads' cost on the simulator). O_NOATIME needs the file's owner or
 * CAP_FOWNER: after one EPERM it is not asked for again (sysfs has no such cost). */
static atomic_bool noatime_refused;

static int open_read_quiet(int dirfd, const char *rel, int flags, mode_t mode, uint64_t resolve) {
    if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_PATH | O_CREAT)) ||
        atomic_load_explicit(&noatime_refused, memory_order_relaxed)) {
        return open_in_root(dirfd, rel, flags, mode, resolve);
    }
    int fd = open_in_root(dirfd, rel, flags | O_NOATIME, mode, resolve);
    if (fd == -EPERM) {
        atomic_store_explicit(&noatime_refused, true, memory_order_relaxed);
        fd = open_in_root(dirfd, rel, flags, mode, resolve);
    }
    return fd;
}

/* Worth keeping across a privilege drop: everything in debugfs (0700 root on L4T, so even
 * its 0444 files are out of reach without root) and files others may not read. */
static bool pin_worthy(const char *rel, int fd, bool *dir) {
    struct stat st;
    if (fstat(fd, &st) < 0) {
        return false;
    }
    *dir = S_ISDIR(st.st_mode);
    bool debugfs = strncmp(rel, "sys/kernel/debug", 16) == 0 && (rel[16] == '\0' || rel[16] == '/');
    return debugfs || (!*dir && !(st.st_mode & S_IROTH));
}

static void pin_record(Pins *p, const char *rel, int fd) {
    bool dir = false;
    if (p->n >= SYSFS_PINS_MAX || !pin_worthy(rel, fd, &dir)) {
        return;
    }
    for (int i = 0; i < p->n; i++) {
        if (strcmp(p->e[i].path, rel) == 0) {
            return;
        }
    }
    int keep = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    char *path = keep >= 0 ? strdup(rel) : NULL;
    if (!path) {
        if (keep >= 0) {
            close(keep);
        }
        return;
    }
    p->e[p->n].path = path;
    p->e[p->n].fd = keep;
    p->e[p->n].dir = dir;
    p->n++;
}

/* A pinned node answers a read-only open with a copy of its descriptor (pread at offset 0
 * works on it; it is rewound for read() and readdir). -ENOENT when rel is not pinned. */
static int pin_open(const Pins *p, const char *rel, int flags) {
    if (!p || (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC))) {
        return -ENOENT;
    }
    for (int i = 0; i < p->n; i++) {
        if (strcmp(p->e[i].path, rel) != 0 || ((flags & O_DIRECTORY) && !p->e[i].dir)) {
            continue;
        }
        int fd = fcntl(p->e[i].fd, F_DUPFD_CLOEXEC, 0);
        if (fd >= 0) {
            lseek(fd, 0, SEEK_SET); /* copies share the offset: a read() or readdir starts over */
        }
        return fd < 0 ? -errno : fd;
    }
    return -ENOENT;
}

/* The process-wide open recorder (see sysfs_trace_set); NULL almost always. */
static SysfsTrace trace_fn;
static void *trace_ctx;

void sysfs_trace_set(SysfsTrace fn, void *ctx) {
    trace_fn = fn;
    trace_ctx = ctx;
}

static int root_open_untraced(const Sysfs *fs, const char *rel, int flags, mode_t mode);

static int root_open(const Sysfs *fs, const char *rel, int flags, mode_t mode) {
    int fd = root_open_untraced(fs, rel, flags, mode);
    if (trace_fn && rel && rel[0] != '/' && (flags & O_ACCMODE) == O_RDONLY) {
        trace_fn(trace_ctx, rel, flags, fd < 0 ? fd : 0);
    }
    return fd;
}

static int root_open_untraced(const Sysfs *fs, const char *rel, int flags, mode_t mode) {
    if (rel == NULL || rel[0] == '/') {
        return -EINVAL; /* every path is root-relative */
    }
    if (fs->pins && !fs->pins->recording) {
        int fd = pin_open(fs->pins, rel, flags);
        if (fd >= 0) {
            return fd;
        }
    }
    int fd = open_read_quiet(fs->rootfd, rel[0] ? rel : ".", flags, mode,
                             RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
    if (fd >= 0 && fs->pins && fs->pins->recording && (flags & O_ACCMODE) == O_RDONLY) {
        if (!(flags & O_PATH)) {
            pin_record(fs->pins, rel, fd);
        } else {
            /* an existence check: keep a readable descriptor, which answers both */
            int rfd = open_in_root(fs->rootfd, rel[0] ? rel : ".", O_RDONLY | O_NONBLOCK, 0,
                                   RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
            if (rfd >= 0) {
                pin_record(fs->pins, rel, rfd);
                close(rfd);
            }
        }
    }
    return fd;
}

int sysfs_pin_begin(Sysfs *fs) {
    if (!fs->pins && !(fs->pins = calloc(1, sizeof *fs->pins))) {
        return -ENOMEM;
    }
    fs->pins->recording = true;
    return 0;
}

int sysfs_pin_end(Sysfs *fs) {
    if (!fs->pins) {
        return 0;
    }
    fs->pins->recording = false;
    return fs->pins->n;
}

static void pins_free(Pins *p) {
    if (!p) {
        return;
    }
    for (int i = 0; i < p->n; i++) {
        close(p->e[i].fd);
        free(p->e[i].path);
    }
    free(p);
}

int sysfs_attr_open_all(Sysfs *fs) {
    int n = 0;
    for (size_t i = 0; i < fs->n_attrs; i++) {
        Attr *a = &fs->attrs[i];
        if (a->fd < 0) {
            int fd = root_open(fs, a->path, O_RDONLY | O_NONBLOCK, 0);
            if (fd >= 0) {
                a->fd = fd;
                n++;
            }
        }
    }
    return n;
}

int sysfs_open(Sysfs **out, const char *root) {
    if (root == NULL || root[0] == '\0') {
        root = "/";
    }
    Sysfs *fs = calloc(1, sizeof *fs);
    if (!fs) {
        return -ENOMEM;
    }
    if (!realpath(root, fs->root)) {
        int e = errno;
        free(fs);
        return -e;
    }
    fs->rootfd = open(fs->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fs->rootfd < 0) {
        int e = errno;
        free(fs);
        return -e;
    }
    fs->real_root = strcmp(fs->root, "/") == 0;
    *out = fs;
    return 0;
}

void sysfs_attr_reset(Sysfs *fs) {
    for (size_t i = 0; i < fs->n_attrs; i++) {
        if (fs->attrs[i].fd >= 0) {
            close(fs->attrs[i].fd);
        }
        free(fs->attrs[i].path);
        free(fs->attrs[i].held);
    }
    fs->n_attrs = 0;
}

void sysfs_close(Sysfs *fs) {
    if (!fs) {
        return;
    }
    sysfs_attr_reset(fs);
    free(fs->attrs);
    pins_free(fs->pins);
    close(fs->rootfd);
    free(fs);
}

const char *sysfs_root(const Sysfs *fs) {
    return fs->root;
}

bool sysfs_is_real_root(const Sysfs *fs) {
    return fs->real_root;
}

int sysfs_rootfd(const Sysfs *fs) {
    return fs->rootfd;
}

AttrId sysfs_attr(Sysfs *fs, const char *relpath) {
    if (!relpath || relpath[0] == '/' || relpath[0] == '\0') {
        return -EINVAL;
    }
    for (size_t i = 0; i < fs->n_attrs; i++) {
        if (strcmp(fs->attrs[i].path, relpath) == 0) {
            return (AttrId)i;
        }
    }
    if (fs->n_attrs == fs->cap_attrs) {
        size_t cap = fs->cap_attrs ? fs->cap_attrs * 2 : 256;
        Attr *a = realloc(fs->attrs, cap * sizeof *a);
        if (!a) {
            return -ENOMEM;
        }
        fs->attrs = a;
        fs->cap_attrs = cap;
    }
    char *p = strdup(relpath);
    if (!p) {
        return -ENOMEM;
    }
    fs->attrs[fs->n_attrs] = (Attr){.path = p, .fd = -1, .gated_epoch = fs->settings_epoch - 1};
    return (AttrId)fs->n_attrs++;
}

static bool attr_valid(const Sysfs *fs, AttrId id) {
    return id >= 0 && (size_t)id < fs->n_attrs;
}

/* Count a failure that follows a good read: the node vanished or its device went away.
 * EAGAIN (a gated sensor) and EINTR are not losses. */
static void attr_note_failure(Sysfs *fs, Attr *a, int e) {
    if (a->last_errno == 0 && e != EAGAIN && e != EINTR) {
        fs->lost++;
    }
    a->last_errno = e;
}

/* A missing file is retried with a growing gap (1, 2, 4 ... 16 reads) so that a vanished
 * node costs almost nothing while it is gone and is picked up soon after it returns. */
static int attr_ensure_open(Sysfs *fs, Attr *a) {
    if (a->fd >= 0) {
        return 0;
    }
    if (a->skipping < a->backoff) {
        a->skipping++;
        return -a->last_errno;
    }
    int fd = root_open(fs, a->path, O_RDONLY | O_NONBLOCK, 0);
    if (fd < 0) {
        attr_note_failure(fs, a, -fd);
        a->skipping = 0;
        a->backoff = a->backoff ? (uint16_t)(a->backoff * 2 > 16 ? 16 : a->backoff * 2) : 1;
        return fd;
    }
    a->fd = fd;
    a->stream = false;
    a->backoff = 0;
    a->skipping = 0;
    return 0;
}

AttrId sysfs_attr_setting(Sysfs *fs, AttrId id) {
    if (!attr_valid(fs, id)) {
        return id;
    }
    Attr *a = &fs->attrs[id];
    if (!a->held) {
        a->held = malloc(HELD_MAX); /* without it the attribute is read every time */
    }
    a->held_epoch = fs->settings_epoch - 1; /* not held yet */
    return id;
}

bool sysfs_attr_is_setting(const Sysfs *fs, AttrId id) {
    return attr_valid(fs, id) && fs->attrs[id].held != NULL;
}

void sysfs_attr_unhold(Sysfs *fs, AttrId id) {
    if (attr_valid(fs, id)) {
        fs->attrs[id].held_epoch = fs->settings_epoch - 1;
        fs->attrs[id].gated_epoch = fs->settings_epoch - 1;
    }
}

void sysfs_settings_expire(Sysfs *fs) {
    fs->settings_epoch++;
}

/* Answer a setting from the value held since the last sysfs_settings_expire. */
static ssize_t attr_held(const Sysfs *fs, const Attr *a, char *buf, size_t len) {
    if (!a->held || a->held_epoch != fs->settings_epoch || a->held_len >= len) {
        return -1;
    }
    memcpy(buf, a->held, a->held_len);
    buf[a->held_len] = '\0';
    return a->held_len;
}

/* Hold a whole value (a read that filled the caller's buffer may have been cut short). */
static void attr_hold(const Sysfs *fs, Attr *a, const char *buf, ssize_t n, size_t len) {
    if (a->held && n > 0 && n < HELD_MAX && (size_t)n < len - 1) {
        memcpy(a->held, buf, (size_t)n);
        a->held_len = (uint8_t)n;
        a->held_epoch = fs->settings_epoch;
    }
}

/* EAGAIN (a power-gated sensor) or an empty read: the node is there but has no value now. */
static bool no_value(int e) {
    return e == EAGAIN || e == ENODATA;
}

/* A node that had no value at its last two reads is read once per settings period (a gated
 * sensor stays gated for seconds at least; each read of one is a firmware call on a board). */
static bool attr_gated(const Sysfs *fs, const Attr *a) {
    return no_value(a->last_errno) && a->gated_epoch == fs->settings_epoch;
}

/* Record a read that gave no value; the second in a row gates the node for this period. */
static ssize_t attr_no_value(Sysfs *fs, Attr *a, int e) {
    if (no_value(a->last_errno)) {
        a->gated_epoch = fs->settings_epoch;
    }
    attr_note_failure(fs, a, e);
    return -e;
}

ssize_t sysfs_attr_read(Sysfs *fs, AttrId id, char *buf, size_t len) {
    if (!attr_valid(fs, id) || len < 2) {
        return -EINVAL;
    }
    Attr *a = &fs->attrs[id];
    ssize_t held = attr_held(fs, a, buf, len);
    if (held > 0) {
        return held;
    }
    if (attr_gated(fs, a)) {
        buf[0] = '\0';
        return -a->last_errno;
    }
    a->held_epoch = fs->settings_epoch - 1; /* a failed read is not held */
    int rc = attr_ensure_open(fs, a);
    if (rc < 0) {
        return rc;
    }
    ssize_t n = a->stream ? read(a->fd, buf, len - 1) : pread(a->fd, buf, len - 1, 0);
    if (n < 0 && errno == ESPIPE && !a->stream) {
        a->stream = true;
        n = read(a->fd, buf, len - 1);
    }
    if (n < 0 && errno == EAGAIN) {
        return attr_no_value(fs, a, EAGAIN);
    }
    if (n < 0) {
        int e = errno;
        attr_note_failure(fs, a, e);
        if (e != EINTR) {
            close(a->fd);
            a->fd = -1;
        }
        return -e;
    }
    buf[n] = '\0';
    if (n == 0) {
        return attr_no_value(fs, a, ENODATA);
    }
    a->last_errno = 0;
    attr_hold(fs, a, buf, n, len);
    return n;
}

int sysfs_attr_i64(Sysfs *fs, AttrId id, int64_t *out) {
    char buf[64];
    ssize_t n = sysfs_attr_read(fs, id, buf, sizeof buf);
    if (n < 0) {
        return (int)n;
    }
    int rc = parse_i64(buf, (size_t)n, out);
    if (rc < 0 && attr_valid(fs, id)) {
        fs->attrs[id].last_errno = -rc;
    }
    return rc;
}

int sysfs_attr_str(Sysfs *fs, AttrId id, char *out, size_t outsz) {
    char buf[512];
    ssize_t n = sysfs_attr_read(fs, id, buf, sizeof buf);
    if (n < 0) {
        return (int)n;
    }
    return parse_str(buf, (size_t)n, out, outsz);
}

uint64_t sysfs_attr_lost(const Sysfs *fs) {
    return fs->lost;
}

int sysfs_attr_errno(const Sysfs *fs, AttrId id) {
    return attr_valid(fs, id) ? fs->attrs[id].last_errno : EINVAL;
}

const char *sysfs_attr_path(const Sysfs *fs, AttrId id) {
    return attr_valid(fs, id) ? fs->attrs[id].path : "";
}

size_t sysfs_attr_count(const Sysfs *fs) {
    return fs->n_attrs;
}

size_t sysfs_attr_open_count(const Sysfs *fs) {
    size_t n = 0;
    for (size_t i = 0; i < fs->n_attrs; i++) {
        n += fs->attrs[i].fd >= 0;
    }
    return n;
}

int sysfs_openat(const Sysfs *fs, const char *relpath, int flags, mode_t mode) {
    return root_open(fs, relpath, flags, mode);
}

ssize_t sysfs_read(const Sysfs *fs, const char *relpath, char *buf, size_t len) {
    if (len < 2) {
        return -EINVAL;
    }
    int fd = root_open(fs, relpath, O_RDONLY | O_NONBLOCK, 0);
    if (fd < 0) {
        return fd;
    }
    size_t got = 0;
    while (got < len - 1) {
        ssize_t n = read(fd, buf + got, len - 1 - got);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            int e = errno;
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
    return got == 0 ? -ENODATA : (ssize_t)got;
}

int sysfs_read_i64(const Sysfs *fs, const char *relpath, int64_t *out) {
    char buf[64];
    ssize_t n = sysfs_read(fs, relpath, buf, sizeof buf);
    return n < 0 ? (int)n : parse_i64(buf, (size_t)n, out);
}

int sysfs_read_str(const Sysfs *fs, const char *relpath, char *out, size_t outsz) {
    char buf[1024];
    ssize_t n = sysfs_read(fs, relpath, buf, sizeof buf);
    return n < 0 ? (int)n : parse_str(buf, (size_t)n, out, outsz);
}

int sysfs_path(char *out, size_t outsz, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, outsz, fmt, ap);
    va_end(ap);
    return (n < 0 || (size_t)n >= outsz) ? -ENAMETOOLONG : 0;
}

bool sysfs_exists(const Sysfs *fs, const char *relpath) {
    int fd = root_open(fs, relpath, O_PATH, 0);
    if (fd < 0) {
        return false;
    }
    close(fd);
    return true;
}

bool sysfs_is_dir(const Sysfs *fs, const char *relpath) {
    int fd = root_open(fs, relpath, O_PATH | O_DIRECTORY, 0);
    if (fd < 0) {
        return false;
    }
    close(fd);
    return true;
}

DIR *sysfs_opendir(const Sysfs *fs, const char *relpath) {
    int fd = root_open(fs, relpath, O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0) {
        errno = -fd;
        return NULL;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return d;
}

int sysfs_resolve(const Sysfs *fs, const char *relpath, char *out, size_t outsz) {
    int fd = root_open(fs, relpath, O_PATH, 0);
    if (fd < 0) {
        return fd;
    }
    char proc[64];
    char abs[PATH_MAX];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(proc, abs, sizeof abs - 1);
    close(fd);
    if (n < 0) {
        return -errno;
    }
    abs[n] = '\0';
    const char *rel = abs;
    if (!fs->real_root) {
        size_t rl = strlen(fs->root);
        if (strncmp(abs, fs->root, rl) != 0 || (abs[rl] != '/' && abs[rl] != '\0')) {
            return -EXDEV;
        }
        rel = abs + rl;
    }
    while (*rel == '/') {
        rel++;
    }
    if (strlen(rel) >= outsz) {
        return -ENAMETOOLONG;
    }
    snprintf(out, outsz, "%s", rel);
    return 0;
}

static int write_fd(int fd, const char *str) {
    size_t len = strlen(str);
    ssize_t n = write(fd, str, len);
    int rc = (n < 0) ? -errno : ((size_t)n == len ? 0 : -EIO);
    if (close(fd) < 0 && rc == 0) {
        rc = -errno;
    }
    return rc;
}

int sysfs_write(const Sysfs *fs, const char *relpath, const char *str) {
    int fd = root_open(fs, relpath, O_WRONLY | O_TRUNC, 0);
    return fd < 0 ? fd : write_fd(fd, str);
}

int sysfs_open_beneath(const Sysfs *fs, const char *base, const char *relpath, int flags) {
    if (!relpath || relpath[0] == '/' || relpath[0] == '\0') {
        return -EINVAL;
    }
    int bfd = root_open(fs, base, O_PATH | O_DIRECTORY, 0);
    if (bfd < 0) {
        return bfd;
    }
    int fd = open_in_root(bfd, relpath, flags, 0, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);
    close(bfd);
    return fd;
}

int sysfs_write_beneath(const Sysfs *fs, const char *base, const char *relpath, const char *str) {
    int fd = sysfs_open_beneath(fs, base, relpath, O_WRONLY | O_TRUNC);
    return fd < 0 ? fd : write_fd(fd, str);
}
