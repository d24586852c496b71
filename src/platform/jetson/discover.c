/* SPDX-License-Identifier: MIT */
/* discover: directory scans and one-shot reads shared by the Jetson probes. */
#include "jtune/platform/jetson/discover.h"

#include "jtune/core/parse.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Trailing decimal number of a name ("hwmon12" -> 12), -1 when there is none. */
static long trailing_num(const char *name) {
    size_t n = strlen(name);
    size_t i = n;
    while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9') {
        i--;
    }
    if (i == n || n - i > 9) {
        return -1;
    }
    char *end = NULL;
    errno = 0;
    long v = strtol(name + i, &end, 10);
    return (errno != 0 || *end != '\0') ? -1 : v;
}

static int by_num(const void *a, const void *b) {
    const DirEntry *x = a;
    const DirEntry *y = b;
    if (x->num != y->num) {
        return x->num < y->num ? -1 : 1;
    }
    return strcmp(x->name, y->name);
}

static int by_name(const void *a, const void *b) {
    return strcmp(((const DirEntry *)a)->name, ((const DirEntry *)b)->name);
}

static bool is_numbered(const char *name, const char *prefix) {
    size_t pl = strlen(prefix);
    if (strncmp(name, prefix, pl) != 0 || name[pl] == '\0') {
        return false;
    }
    for (const char *p = name + pl; *p; p++) {
        if (*p < '0' || *p > '9') {
            return false;
        }
    }
    return true;
}

/* List dir, keeping names that match prefix+digits (prefix NULL: every name). */
static int list_dir(const Sysfs *fs, const char *dir, const char *prefix, DirEntry *out, int max) {
    DIR *d = sysfs_opendir(fs, dir);
    if (!d) {
        return -errno;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < max) {
        if (e->d_name[0] == '.' || strlen(e->d_name) >= DISCOVER_NAME) {
            continue;
        }
        if (prefix && !is_numbered(e->d_name, prefix)) {
            continue;
        }
        memcpy(out[n].name, e->d_name, strlen(e->d_name) + 1);
        out[n].num = trailing_num(e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

int discover_numbered(const Sysfs *fs, const char *dir, const char *prefix, DirEntry *out,
                      int max) {
    int n = list_dir(fs, dir, prefix, out, max);
    if (n > 0) {
        qsort(out, (size_t)n, sizeof *out, by_num);
    }
    return n;
}

int discover_entries(const Sysfs *fs, const char *dir, DirEntry *out, int max) {
    int n = list_dir(fs, dir, NULL, out, max);
    if (n > 0) {
        qsort(out, (size_t)n, sizeof *out, by_name);
    }
    return n;
}

typedef struct {
    char cls[JT_PATH];
    char real[JT_PATH];
} HwmonHit;

static int by_real(const void *a, const void *b) {
    return strcmp(((const HwmonHit *)a)->real, ((const HwmonHit *)b)->real);
}

int discover_hwmon(const Sysfs *fs, const char *name, char (*out)[JT_PATH], int max) {
    DirEntry ents[64];
    int n = discover_numbered(fs, "sys/class/hwmon", "hwmon", ents, 64);
    if (n < 0) {
        return n;
    }
    HwmonHit hits[64];
    int found = 0;
    for (int i = 0; i < n && found < max; i++) {
        char dir[JT_PATH];
        char got[DISCOVER_NAME];
        if (discover_join(dir, sizeof dir, "sys/class/hwmon", ents[i].name) < 0 ||
            discover_str(fs, dir, "name", got, sizeof got) < 0 || strcmp(got, name) != 0) {
            continue;
        }
        memcpy(hits[found].cls, dir, sizeof dir);
        if (sysfs_resolve(fs, dir, hits[found].real, sizeof hits[found].real) < 0) {
            memcpy(hits[found].real, dir, sizeof dir);
        }
        found++;
    }
    qsort(hits, (size_t)found, sizeof hits[0], by_real);
    for (int i = 0; i < found; i++) {
        memcpy(out[i], hits[i].cls, JT_PATH);
    }
    return found;
}

/* The kernel's getdents64 record header (the name follows). */
struct dirent64_hdr {
    uint64_t ino;
    int64_t off;
    unsigned short reclen;
    unsigned char type;
};

int discover_count(const Sysfs *fs, const char *dir) {
    int fd = sysfs_openat(fs, dir, O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0) {
        return fd;
    }
    _Alignas(8) char buf[4096];
    int count = 0;
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n <= 0) {
            count = n < 0 ? -errno : count;
            break;
        }
        for (long off = 0; off < n;) {
            const struct dirent64_hdr *h = (const void *)(buf + off);
            const char *nm = buf + off + offsetof(struct dirent64_hdr, type) + 1;
            if (!(nm[0] == '.' && (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0')))) {
                count++;
            }
            off += h->reclen;
        }
    }
    close(fd);
    return count;
}

int discover_join(char *out, size_t outsz, const char *base, const char *leaf) {
    if (!leaf || !leaf[0]) {
        return sysfs_path(out, outsz, "%s", base);
    }
    return sysfs_path(out, outsz, "%s/%s", base, leaf);
}

bool discover_exists(const Sysfs *fs, const char *base, const char *leaf) {
    char p[JT_PATH * 2];
    return discover_join(p, sizeof p, base, leaf) == 0 && sysfs_exists(fs, p);
}

int discover_str(const Sysfs *fs, const char *base, const char *leaf, char *out, size_t n) {
    char p[JT_PATH * 2];
    int rc = discover_join(p, sizeof p, base, leaf);
    return rc < 0 ? rc : sysfs_read_str(fs, p, out, n);
}

Val discover_val(const Sysfs *fs, const char *base, const char *leaf) {
    char p[JT_PATH * 2];
    int64_t v;
    if (discover_join(p, sizeof p, base, leaf) < 0 || sysfs_read_i64(fs, p, &v) < 0) {
        return val_na();
    }
    return val_of(v);
}

static void sort_i64(int64_t *v, size_t n) {
    for (size_t i = 1; i < n; i++) {
        int64_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--) {
            v[j] = v[j - 1];
        }
        v[j] = x;
    }
}

/* Keep max of the n sorted values: the first and the last, and steps spread between. */
static size_t thin(const int64_t *v, size_t n, int64_t *out, size_t max) {
    if (n <= max) {
        memcpy(out, v, n * sizeof v[0]);
        return n;
    }
    for (size_t i = 0; i < max; i++) {
        out[i] = v[max > 1 ? i * (n - 1) / (max - 1) : n - 1];
    }
    return max;
}

int discover_i64_table(const Sysfs *fs, const char *base, const char *leaf, int64_t *out, int max,
                       bool *capped) {
    char p[JT_PATH * 2];
    static char buf[8192]; /* about 700 clock rates; a longer file is reported as capped */
    static int64_t v[1024];
    size_t n = 0;
    if (discover_join(p, sizeof p, base, leaf) < 0) {
        return 0;
    }
    ssize_t r = sysfs_read(fs, p, buf, sizeof buf);
    if (r <= 0 || parse_i64_list(buf, (size_t)r, v, 1024, &n) < 0) {
        return 0;
    }
    if ((size_t)r == sizeof buf || n > (size_t)max) {
        *capped = true; /* a file that fills the buffer may have lost its top entries */
    }
    sort_i64(v, n);
    return (int)thin(v, n, out, (size_t)max);
}

int discover_i64_list(const Sysfs *fs, const char *base, const char *leaf, int64_t *out, int max) {
    bool capped = false;
    return discover_i64_table(fs, base, leaf, out, max, &capped);
}

AttrId discover_attr(Sysfs *fs, const char *base, const char *leaf) {
    char p[JT_PATH * 2];
    if (discover_join(p, sizeof p, base, leaf) < 0 || !sysfs_exists(fs, p)) {
        return -1;
    }
    AttrId id = sysfs_attr(fs, p);
    return id < 0 ? -1 : id;
}

AttrId discover_setting(Sysfs *fs, const char *base, const char *leaf) {
    return sysfs_attr_setting(fs, discover_attr(fs, base, leaf));
}

void discover_copy(char *dst, size_t n, const char *src) {
    if (n == 0) {
        return;
    }
    size_t l = strnlen(src, n - 1);
    memcpy(dst, src, l);
    dst[l] = '\0';
}
