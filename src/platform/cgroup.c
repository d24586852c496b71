/* SPDX-License-Identifier: MIT */
/* cgroup: a cgroup v2 group per workload run (see cgroup.h). */
#include "jtune/platform/cgroup.h"

#include "jtune/core/parse.h"
#include "jtune/platform/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Copy a mountinfo path field (octal escapes like \040 decoded). false when too long. */
static bool unescape(const char *s, size_t n, char *out, size_t outsz) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3') {
            c = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
            i += 3;
        }
        if (o + 1 >= outsz) {
            return false;
        }
        out[o++] = c;
    }
    out[o] = '\0';
    return true;
}

/* Fields of one mountinfo line: mount point (field 5) and the type after " - ". */
static int line_cgroup2(const char *line, size_t n, char *out, size_t outsz) {
    StrView f[8];
    size_t nf = 0;
    const char *sep = NULL;
    for (size_t i = 0; i + 3 <= n; i++) {
        if (memcmp(line + i, " - ", 3) == 0) {
            sep = line + i;
            break;
        }
    }
    if (!sep) {
        return -ENOENT;
    }
    parse_words(sep + 3, (size_t)(line + n - sep - 3), f, 8, &nf);
    if (nf < 1 || !strview_eq(f[0], "cgroup2")) {
        return -ENOENT;
    }
    parse_words(line, (size_t)(sep - line), f, 8, &nf);
    if (nf < 5) {
        return -ENOENT;
    }
    return unescape(f[4].p, f[4].n, out, outsz) ? 0 : -ENAMETOOLONG;
}

int cgroup_parse_mountinfo(const char *text, char *out, size_t outsz) {
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        int rc = line_cgroup2(p, n, out, outsz);
        if (rc != -ENOENT) {
            return rc;
        }
        p = nl ? nl + 1 : p + n;
    }
    return -ENOENT;
}

int cgroup_find_mount(char *out, size_t outsz) {
    char *text = NULL;
    size_t len = 0;
    int rc = fileio_slurp("/proc/self/mountinfo", 1u << 20, &text, &len);
    if (rc == 0) {
        rc = cgroup_parse_mountinfo(text, out, outsz);
    }
    free(text);
    return rc;
}

void cgroup_run_init(CgroupRun *g) {
    memset(g, 0, sizeof *g);
    g->procs_fd = -1;
}

/* Write text to dir/name (an existing control file). 0 or -errno. */
static int put(const char *dir, const char *name, const char *text) {
    char path[CGROUP_PATH + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    int rc = fileio_write_all(fd, text, strlen(text));
    close(fd);
    return rc;
}

/* True when the space-separated controller list in dir/file names ctl. */
static bool lists(const char *dir, const char *file, const char *ctl) {
    char path[CGROUP_PATH + 64], buf[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) {
        return false;
    }
    buf[n] = '\0';
    size_t len = strlen(ctl);
    for (char *p = buf; (p = strstr(p, ctl)) != NULL; p += len) {
        bool start = p == buf || p[-1] == ' ';
        bool end = p[len] == ' ' || p[len] == '\n' || p[len] == '\0';
        if (start && end) {
            return true;
        }
    }
    return false;
}

/* Make controller ctl available to the children of parent (enabling it at the mount's
 * root first when needed). true when the children get it. */
static bool delegate(const char *mount, const char *parent, const char *ctl) {
    char plus[32];
    snprintf(plus, sizeof plus, "+%s", ctl);
    if (!lists(mount, "cgroup.controllers", ctl)) {
        return false; /* bound to a v1 hierarchy, or not built */
    }
    if (!lists(mount, "cgroup.subtree_control", ctl) &&
        put(mount, "cgroup.subtree_control", plus)) {
        return false;
    }
    if (!lists(parent, "cgroup.subtree_control", ctl)) {
        put(parent, "cgroup.subtree_control", plus);
    }
    return lists(parent, "cgroup.subtree_control", ctl);
}

static void note_add(CgroupRun *g, const char *what) {
    size_t n = strlen(g->note);
    snprintf(g->note + n, sizeof g->note - n, "%s%s", n ? "; " : "", what);
}

/* Apply the limits to the new group; what cannot be done goes to the note. */
static void set_limits(CgroupRun *g, const char *mount, const char *parent, int quota_pct,
                       uint64_t cpus) {
    char text[160];
    if (quota_pct > 0) {
        snprintf(text, sizeof text, "%lld %d", (long long)quota_pct * CGROUP_PERIOD_US / 100,
                 CGROUP_PERIOD_US);
        g->quota_set = delegate(mount, parent, "cpu") && put(g->dir, "cpu.max", text) == 0;
        if (!g->quota_set) {
            note_add(g, "no cgroup v2 cpu controller: the CPU quota is not enforced");
        }
    }
    if (cpus) {
        g->cpus_set = delegate(mount, parent, "cpuset") &&
                      format_cpulist(cpus, text, sizeof text) >= 0 &&
                      put(g->dir, "cpuset.cpus", text) == 0;
        if (!g->cpus_set) {
            note_add(g, "no cgroup v2 cpuset controller: cpus set by affinity");
        }
    }
}

int cgroup_create(CgroupRun *g, const char *mount, const char *leaf, int quota_pct, uint64_t cpus) {
    cgroup_run_init(g);
    char parent[CGROUP_PATH];
    if (snprintf(parent, sizeof parent, "%s/%s", mount, CGROUP_PARENT) >= (int)sizeof parent ||
        snprintf(g->dir, sizeof g->dir, "%s/%s", parent, leaf) >= (int)sizeof g->dir) {
        g->dir[0] = '\0';
        return -ENAMETOOLONG;
    }
    if (mkdir(parent, 0755) < 0 && errno != EEXIST) {
        int e = -errno;
        g->dir[0] = '\0';
        return e;
    }
    if (mkdir(g->dir, 0755) < 0) {
        int e = -errno;
        g->dir[0] = '\0';
        return e;
    }
    set_limits(g, mount, parent, quota_pct, cpus);
    char procs[CGROUP_PATH + 32];
    snprintf(procs, sizeof procs, "%s/cgroup.procs", g->dir);
    g->procs_fd = open(procs, O_WRONLY | O_CLOEXEC);
    if (g->procs_fd < 0) {
        int e = -errno;
        rmdir(g->dir);
        cgroup_run_init(g);
        return e;
    }
    return 0;
}

int cgroup_join(int procs_fd) {
    /* "0" moves the writer itself; write() and errno only: async-signal-safe */
    return write(procs_fd, "0\n", 2) == 2 ? 0 : -errno;
}

int cgroup_pids(const CgroupRun *g, pid_t *out, int max) {
    char path[CGROUP_PATH + 32], buf[8192];
    snprintf(path, sizeof path, "%s/cgroup.procs", g->dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    int e = errno;
    close(fd);
    if (n < 0) {
        return -e;
    }
    buf[n] = '\0';
    int count = 0;
    for (char *p = buf, *end; *p && count < max; p = end) {
        long v = strtol(p, &end, 10);
        if (end == p) {
            break;
        }
        out[count++] = (pid_t)v;
        while (*end == '\n') {
            end++;
        }
    }
    return count;
}

static void pause_ms(int ms) {
    struct timespec ts = {0, (long)ms * 1000000L};
    nanosleep(&ts, NULL);
}

int cgroup_remove(CgroupRun *g) {
    if (g->procs_fd >= 0) {
        close(g->procs_fd);
    }
    g->procs_fd = -1;
    if (!g->dir[0]) {
        return 0;
    }
    pid_t pids[256];
    if (put(g->dir, "cgroup.kill", "1") < 0) {
        int n = cgroup_pids(g, pids, 256);
        for (int i = 0; i < n; i++) {
            /* n > 0 only when cgroup_pids filled pids[0..n); clang 14 does not model errno */
            // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): see the line above
            kill(pids[i], SIGKILL);
        }
    }
    /* poll until the kernel has emptied the group (killed tasks take a moment to go) */
    int rc = 0;
    for (int tries = 0; tries < 200; tries++) {
        rc = rmdir(g->dir) == 0 ? 0 : -errno;
        if (rc != -EBUSY) {
            break;
        }
        pause_ms(5);
    }
    if (rc == 0 || rc == -ENOENT) {
        g->dir[0] = '\0';
        rc = 0;
    }
    return rc;
}
