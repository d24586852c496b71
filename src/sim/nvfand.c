/* SPDX-License-Identifier: MIT */
/* nvfand: nvfancontrol.service as a process - started and stopped through the simulator's
 * unit file, visible as proc/<pid>/comm while it runs, and its status file.
 *
 * What real boards do (docs/sources.md, "Fan"): nvfancontrol rewrites pwm1 from its profile
 * curve while it runs, whatever was written by hand [C] (jetson_stats #409); it saves its
 * state to /var/lib/nvfancontrol/status and reads it back when it starts, so a new
 * FAN_DEFAULT_PROFILE in /etc/nvfancontrol.conf applies only after the status file is removed
 * and the service restarted [C] (NVIDIA L4T Developer Guide, "Fan profile control"). */
#include "sim_internal.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONF_REL   "etc/nvfancontrol.conf"
#define STATUS_REL "var/lib/nvfancontrol/status"
#define FIRST_PID  873 /* [I] any number; a restart gets a new one, as a real restart does */
#define CONF_BYTES 32768

/* The conf's text: etc/nvfancontrol.conf, its absolute link target taken inside the root. */
static ssize_t read_conf(const Sim *s, char *buf, size_t n) {
    char target[PATH_MAX];
    const char *rel = CONF_REL;
    ssize_t l = readlinkat(s->rootfd, CONF_REL, target, sizeof target - 1);
    if (l > 0) {
        target[l] = '\0';
        rel = target[0] == '/' ? target + 1 : target;
    }
    int fd = openat(s->rootfd, rel, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return -errno;
    }
    ssize_t got = read(fd, buf, n - 1);
    close(fd);
    if (got >= 0) {
        buf[got] = '\0';
    }
    return got;
}

static bool known_profile(const Sim *s, StrView name) {
    for (int i = 0; i < s->board.fan.n_profiles; i++) {
        if (strview_eq(name, s->board.fan.profiles[i].name)) {
            return true;
        }
    }
    return false;
}

/* FAN_DEFAULT_PROFILE of the conf as it is on disk now (someone may have edited it). */
static void conf_default(Sim *s) {
    char *buf = malloc(CONF_BYTES);
    ssize_t n = buf ? read_conf(s, buf, CONF_BYTES) : -ENOMEM;
    for (ssize_t at = 0; n > 0 && at < n;) {
        const char *nl = memchr(buf + at, '\n', (size_t)(n - at));
        size_t len = nl ? (size_t)(nl - (buf + at)) : (size_t)(n - at);
        StrView w[2];
        size_t k = 0;
        parse_words(buf + at, len, w, 2, &k);
        at += (ssize_t)len + 1;
        if (k == 2 && strview_eq(w[0], "FAN_DEFAULT_PROFILE") && known_profile(s, w[1])) {
            strview_copy(w[1], s->st.fan.profile, sizeof s->st.fan.profile);
        }
    }
    free(buf);
}

/* A removed status file comes back (empty) on the node's descriptor; the next render fills
 * it with the daemon's state. */
static int recreate_status(Sim *s) {
    for (int i = 0; i < s->n_nodes; i++) {
        SimNode *n = &s->nodes[i];
        if (n->role != R_NVFAN_STATUS) {
            continue;
        }
        int rc = simfs_mkdirs(s, "var/lib/nvfancontrol");
        int fd = rc < 0 ? rc : openat(s->rootfd, n->rel, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            return rc < 0 ? rc : -errno;
        }
        rc = dup2(fd, n->fd) < 0 ? -errno : 0;
        close(fd);
        char *empty = calloc(1, 16);
        if (rc == 0 && empty) {
            free(n->last);
            n->last = empty; /* what the file holds now: nothing */
            n->last_cap = 16;
            n->last_len = 0;
        } else {
            free(empty);
        }
        return rc < 0 ? rc : empty ? 0 : -ENOMEM;
    }
    return 0;
}

static int proc_entry(Sim *s, bool create) {
    char dir[32], comm[48];
    snprintf(dir, sizeof dir, "proc/%d", s->st.fan.pid);
    snprintf(comm, sizeof comm, "%s/comm", dir);
    if (create) {
        return simfs_printf(s, comm, 0644, "nvfancontrol\n"); /* comm is rw-r--r-- */
    }
    /* a reader holding comm open must see the task gone: empty it before the unlink */
    int fd = openat(s->rootfd, comm, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) {
        close(fd);
    }
    if (unlinkat(s->rootfd, comm, 0) < 0 && errno != ENOENT) {
        return -errno;
    }
    return unlinkat(s->rootfd, dir, AT_REMOVEDIR) < 0 && errno != ENOENT ? -errno : 0;
}

int nvfand_start(Sim *s) {
    FanState *f = &s->st.fan;
    if (f->daemon || !s->board.fan.nvfancontrol) {
        return 0;
    }
    int rc = 0;
    if (faccessat(s->rootfd, STATUS_REL, F_OK, AT_SYMLINK_NOFOLLOW) < 0) {
        /* no saved state: the conf's defaults, as on a first boot */
        snprintf(f->profile, sizeof f->profile, "%s", s->board.fan.profile);
        snprintf(f->governor, sizeof f->governor, "%s", s->board.fan.governor);
        snprintf(f->control, sizeof f->control, "%s", s->board.fan.control);
        conf_default(s);
        rc = recreate_status(s);
    }
    f->daemon = true;
    f->pid = f->pid ? f->pid + 17 : FIRST_PID;
    f->poll_left_s = 0; /* it sets the PWM for the current temperature at once */
    int prc = proc_entry(s, true);
    return rc ? rc : prc;
}

int nvfand_stop(Sim *s) {
    FanState *f = &s->st.fan;
    if (!f->daemon) {
        return 0;
    }
    f->daemon = false;
    f->kpoll_left_s = 0;
    f->kstate = -1; /* the kernel governor takes over from the PWM it finds */
    return proc_entry(s, false);
}
