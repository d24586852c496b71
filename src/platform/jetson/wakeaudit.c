/* SPDX-License-Identifier: MIT */
/* wakeaudit: wakeup rates and running daemons from proc/<pid>/ (see wakeaudit.h). */
#include "jtune/platform/jetson/wakeaudit.h"

#include "jtune/core/parse.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wakeaudit_parse_vcsw(const char *status, int64_t *out) {
    StrView v;
    if (parse_kv_find(status, strlen(status), "voluntary_ctxt_switches", ':', &v) < 0) {
        return -EINVAL;
    }
    return parse_i64(v.p, v.n, out) == 0 && *out >= 0 ? 0 : -EINVAL;
}

int wakeaudit_parse_start(const char *stat, int64_t *ticks) {
    const char *p = strrchr(stat, ')'); /* the comm may hold spaces and ')' */
    if (!p) {
        return -EINVAL;
    }
    StrView w[24];
    size_t n = 0;
    parse_words(p + 1, strlen(p + 1), w, 24, &n);
    /* after the comm: field 3 (state) is w[0], so field 22 is w[19] */
    if (n < 20 || parse_i64(w[19].p, w[19].n, ticks) < 0 || *ticks < 0) {
        return -EINVAL;
    }
    return 0;
}

void wakeaudit_rank(AuditEvidence *e, int pid, const char *comm, int64_t per_s) {
    int at = e->n_wake;
    while (at > 0 && e->wake[at - 1].per_s < per_s) {
        at--;
    }
    if (at >= AUDIT_MAX_WAKE) {
        return;
    }
    int last = e->n_wake < AUDIT_MAX_WAKE ? e->n_wake : AUDIT_MAX_WAKE - 1;
    memmove(&e->wake[at + 1], &e->wake[at], (size_t)(last - at) * sizeof e->wake[0]);
    e->wake[at].pid = pid;
    e->wake[at].per_s = per_s;
    snprintf(e->wake[at].comm, sizeof e->wake[at].comm, "%.15s", comm);
    e->n_wake += e->n_wake < AUDIT_MAX_WAKE;
}

static const WakeSeen *seen_of(const WakeAudit *w, int pid) {
    int lo = 0, hi = w->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (w->seen[mid].pid == pid) {
            return &w->seen[mid];
        }
        if (w->seen[mid].pid < pid) {
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return NULL;
}

static int read_rel(Sysfs *fs, int pid, const char *leaf, char *buf, size_t n) {
    char rel[64];
    snprintf(rel, sizeof rel, "proc/%d/%s", pid, leaf);
    ssize_t got = sysfs_read(fs, rel, buf, n);
    return got > 0 ? 0 : -ENOENT;
}

typedef struct {
    WakeSeen *next; /* this call's counts, ascending pids */
    int n_next;
    int64_t uptime_cs; /* -1 unknown */
    int64_t dt_ms;     /* since the previous call, 0 none */
} Walk;

/* Kernel threads (kthreadd and its children) wake for the kernel's own work: nothing a
 * user can make block instead of poll. */
static bool kernel_thread(int pid, const char *status) {
    int64_t ppid;
    return pid == 2 || (parse_kv_i64(status, strlen(status), "PPid", ':', &ppid) == 0 && ppid == 2);
}

static void one(Sysfs *fs, const WakeAudit *w, Walk *k, int pid, AuditEvidence *e) {
    char comm[32], status[4096], stat[1024];
    int64_t v, start;
    if (read_rel(fs, pid, "comm", comm, sizeof comm) < 0 ||
        read_rel(fs, pid, "status", status, sizeof status) < 0 ||
        wakeaudit_parse_vcsw(status, &v) < 0 || kernel_thread(pid, status)) {
        return; /* gone meanwhile, or a kernel thread */
    }
    comm[strcspn(comm, "\n")] = '\0';
    e->procs_read = true;
    if (audit_daemon_unit(comm) && e->n_running < AUDIT_MAX_SVCS) {
        snprintf(e->running[e->n_running], sizeof e->running[0], "%.15s", comm);
        e->running_pid[e->n_running++] = pid;
    }
    if (k->n_next < WAKEAUDIT_MAX_PROCS) {
        k->next[k->n_next++] = (WakeSeen){pid, v};
    }
    const WakeSeen *was = k->dt_ms > 0 ? seen_of(w, pid) : NULL;
    if (was && v >= was->vcsw) {
        e->wake_interval = true;
        wakeaudit_rank(e, pid, comm, (v - was->vcsw) * 1000 / k->dt_ms);
    } else if (k->uptime_cs >= 0 && read_rel(fs, pid, "stat", stat, sizeof stat) == 0 &&
               wakeaudit_parse_start(stat, &start) == 0) {
        int64_t age_cs = k->uptime_cs - start * 100 / WAKEAUDIT_USER_HZ;
        if (age_cs >= 100) {
            wakeaudit_rank(e, pid, comm, v * 100 / age_cs);
        }
    }
}

static int by_pid(const void *a, const void *b) {
    const WakeSeen *x = a, *y = b;
    return (x->pid > y->pid) - (x->pid < y->pid);
}

static int64_t uptime_cs(Sysfs *fs) {
    char buf[128];
    StrView words[2];
    size_t n = 0;
    int64_t cs;
    ssize_t got = sysfs_read(fs, "proc/uptime", buf, sizeof buf);
    if (got > 0) {
        parse_words(buf, (size_t)got, words, 2, &n);
    }
    return n >= 1 && parse_fixed(words[0].p, words[0].n, 2, &cs) == 0 ? cs : -1;
}

void wakeaudit_collect(Sysfs *fs, WakeAudit *w, int64_t now_ms, AuditEvidence *e) {
    e->procs_read = e->wake_interval = false;
    e->n_wake = e->n_running = 0;
    DIR *d = sysfs_opendir(fs, "proc");
    Walk k = {malloc(sizeof w->seen), 0, uptime_cs(fs),
              w->have && now_ms > w->t_ms ? now_ms - w->t_ms : 0};
    if (!d || !k.next) {
        if (d) {
            closedir(d);
        }
        free(k.next);
        return;
    }
    for (struct dirent *de; (de = readdir(d));) {
        int64_t pid;
        if (de->d_name[0] >= '1' && de->d_name[0] <= '9' &&
            parse_i64(de->d_name, strlen(de->d_name), &pid) == 0 && pid <= 0x7fffffff) {
            one(fs, w, &k, (int)pid, e);
        }
    }
    closedir(d);
    qsort(k.next, (size_t)k.n_next, sizeof k.next[0], by_pid);
    memcpy(w->seen, k.next, (size_t)k.n_next * sizeof k.next[0]);
    w->n = k.n_next;
    w->t_ms = now_ms;
    w->have = true;
    free(k.next);
}
