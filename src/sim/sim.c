/* SPDX-License-Identifier: MIT */
/* sim: build a board's tree, then tick - react to writes, read demand, step, rewrite. */
#include "sim_internal.h"

#include "jtune/platform/fileio.h"
#include "jtune/sim/simproc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define RENDER_MAX 16384

static const char demand_header[] =
    "# Workload demand for this simulated board, re-read every tick (see jtune-sim --help):\n"
    "#   cpu <cpulist> <pct>   gpu <pct>   emc <pct>\n";

/* Remember what a node's file now holds. 0 or -ENOMEM. */
static int set_last(SimNode *n, const char *text, size_t len) {
    if (!n->last || len + 1 > n->last_cap) {
        size_t cap = len + 64;
        char *p = realloc(n->last, cap);
        if (!p) {
            return -ENOMEM;
        }
        n->last = p;
        n->last_cap = cap;
    }
    memcpy(n->last, text, len);
    n->last[len] = '\0';
    n->last_len = len;
    return 0;
}

/* A knob file written after react read it this tick: rendering now would overwrite a write
 * nobody applied yet. The next tick's react takes it; the render follows then. */
static bool pending_write(const SimNode *n) {
    static char cur[RENDER_MAX];
    if (!n->knob || !n->last) {
        return false;
    }
    ssize_t len = pread(n->fd, cur, sizeof cur, 0);
    return len >= 0 && ((size_t)len != n->last_len || memcmp(cur, n->last, (size_t)len) != 0);
}

static int render_all(Sim *s) {
    static char buf[RENDER_MAX];
    for (int i = 0; i < s->n_nodes; i++) {
        SimNode *n = &s->nodes[i];
        size_t len = render_node(s, n, buf, sizeof buf);
        if (n->last && len == n->last_len && memcmp(buf, n->last, len) == 0) {
            continue; /* unchanged: leave the file alone */
        }
        if (pending_write(n)) {
            continue;
        }
        int rc = simfs_rewrite(n->fd, buf, len);
        rc = rc ? rc : set_last(n, buf, len);
        if (rc < 0) {
            snprintf(s->msg, sizeof s->msg, "cannot update %s: %s", n->rel, strerror(-rc));
            return rc;
        }
    }
    return 0;
}

/* Ticks an empty knob file is left to its writer: SIM_EMPTY_GRACE_S, at least 2. */
static int empty_grace_ticks(const Sim *s) {
    int n = (int)ceil(SIM_EMPTY_GRACE_S * s->hz);
    return n < 2 ? 2 : n;
}

/* Read back every knob; hand changed text to react (it may refuse: render puts it back).
 * Core online files go first: a writer that brings a core up and then sets its cluster's
 * limits (nvpmodel, a profile, a rollback) had the core up when it wrote them, as the kernel
 * does the online write before it returns. */
static int react_all(Sim *s) {
    char buf[4096];
    for (int i = 0; i < 2 * s->n_nodes; i++) {
        SimNode *n = &s->nodes[i % s->n_nodes];
        if (!n->knob || (n->role == R_CPU_ONLINE) != (i < s->n_nodes)) {
            continue;
        }
        ssize_t len = pread(n->fd, buf, sizeof buf - 1, 0);
        if (len < 0) {
            return -errno;
        }
        if ((size_t)len == n->last_len && memcmp(buf, n->last, (size_t)len) == 0) {
            n->empty_ticks = 0;
            continue;
        }
        if (len == 0 && ++n->empty_ticks < empty_grace_ticks(s)) {
            continue; /* truncated by a writer that has not written yet */
        }
        n->empty_ticks = 0;
        buf[len] = '\0';
        react_knob(s, n, buf, (size_t)len);
        int rc = set_last(n, buf, (size_t)len);
        if (rc < 0) {
            return rc;
        }
    }
    return 0;
}

static void read_demand(Sim *s) {
    char buf[SIMDEMAND_MAX_TEXT];
    int fd = openat(s->rootfd, SIMDEMAND_PATH, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    ssize_t len = fd >= 0 ? read(fd, buf, sizeof buf - 1) : 0;
    if (fd >= 0) {
        close(fd);
    }
    len = len < 0 ? 0 : len;
    buf[len] = '\0';
    if (strcmp(buf, s->demand_text) == 0) {
        return;
    }
    memcpy(s->demand_text, buf, (size_t)len + 1);
    int bad = 0;
    if (simdemand_parse(buf, &s->demand, &bad) > 0) {
        snprintf(s->msg, sizeof s->msg, "%s:%d: demand line not understood (ignored)",
                 SIMDEMAND_PATH, bad);
    }
}

static int build(Sim *s, const char *exe) {
    int rc = tree_identity(s);
    rc = rc ? rc : tree_cpu(s);
    rc = rc ? rc : tree_gpu(s);
    rc = rc ? rc : tree_emc(s);
    rc = rc ? rc : tree_power(s);
    rc = rc ? rc : tree_thermal(s);
    rc = rc ? rc : tree_fan(s);
    rc = rc ? rc : tree_system(s);
    rc = rc ? rc : tree_audit(s, exe);
    rc = rc ? rc : tree_procs(s);
    rc = rc ? rc : tree_software(s);
    rc = rc ? rc : simfs_write(s, SIMDEMAND_PATH, demand_header, sizeof demand_header - 1, 0666);
    if (rc == 0 && fchmodat(s->rootfd, "sys/kernel/debug", 0700, 0) < 0 && errno != ENOENT) {
        rc = -errno; /* debugfs is mounted root-only */
    }
    for (int i = 0; i < s->n_nodes; i++) {
        s->nodes[i].knob = react_is_knob(s->nodes[i].role);
    }
    return rc;
}

/* Each node holds an open fd: make room for a few hundred of them. */
static void raise_fd_limit(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max && rl.rlim_cur < 4096) {
        rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static int open_root(Sim *s, const char *root) {
    int rc = fileio_mkdirs(root, 0755);
    if (rc < 0) {
        return rc;
    }
    if (!realpath(root, s->root)) {
        return -errno;
    }
    if (strcmp(s->root, "/") == 0) {
        return -EPERM; /* never write a simulated board over the real one */
    }
    s->rootfd = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s->rootfd < 0) {
        return -errno;
    }
    rc = simfs_clear(s);
    if (rc == -ENOTEMPTY) {
        snprintf(s->msg, sizeof s->msg, "%s is not empty and holds no simulated tree", s->root);
    }
    return rc;
}

int sim_open(Sim **out, const SimBoard *board, const SimConfig *cfg, const char **msg) {
    static char why[320];
    Sim *s = calloc(1, sizeof *s);
    if (!s) {
        return -ENOMEM;
    }
    s->rootfd = -1;
    s->board = *board;
    s->seed = cfg->seed;
    s->hz = cfg->hz > 0 ? cfg->hz : 10;
    s->dt = 1.0 / s->hz;
    raise_fd_limit();
    char exe[PATH_MAX] = "";
    if (cfg->exe) {
        snprintf(exe, sizeof exe, "%s", cfg->exe);
    } else if (simproc_find_exe(exe, sizeof exe) < 0) {
        exe[0] = '\0'; /* no nvpmodel stand-in then */
    }
    int rc = open_root(s, cfg->root);
    if (rc == 0) {
        tree_layout(s);
        model_init(s);
        rc = build(s, exe);
    }
    if (rc == 0) {
        model_calibrate(s);
        rc = render_all(s);
    }
    if (rc < 0) {
        snprintf(why, sizeof why, "%s", s->msg[0] ? s->msg : strerror(-rc));
        if (msg) {
            *msg = why;
        }
        sim_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

int sim_tick(Sim *s) {
    int rc = react_all(s);
    if (rc < 0) {
        return rc;
    }
    read_demand(s);
    model_step(s, s->dt);
    rc = tree_procs_step(s, s->dt);
    return rc ? rc : render_all(s);
}

void sim_close(Sim *s) {
    if (!s) {
        return;
    }
    simfs_close_all(s);
    tree_procs_free(s);
    if (s->rootfd >= 0) {
        close(s->rootfd);
    }
    free(s);
}

const char *sim_warning(Sim *s) {
    static char last[sizeof s->msg];
    if (!s->msg[0]) {
        return NULL;
    }
    memcpy(last, s->msg, sizeof last);
    s->msg[0] = '\0';
    return last;
}

double sim_total_mw(const Sim *s) {
    return s->st.total_mw;
}

double sim_zone_mc(const Sim *s, const char *type) {
    for (int z = 0; z < s->board.n_zones; z++) {
        if (!strcmp(s->board.zones[z].type, type) && !s->board.zones[z].gated) {
            return s->st.temp_mc[z];
        }
    }
    return -1e9;
}

int64_t sim_cpu_khz(const Sim *s, int cpu) {
    int k = simboard_cluster_of(&s->board, cpu);
    return (k >= 0 && s->st.pol[k].active) ? s->st.pol[k].cur : 0;
}
