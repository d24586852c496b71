/* SPDX-License-Identifier: MIT */
/* procs: the bounded pid table - open on appearance, pread every sample, close on exit.
 *
 * A sleeping single-threaded task costs one small read a sample: when the run time in its
 * schedstat has not moved, it has not run, so it neither used CPU, woke, nor changed state,
 * and stat and status are not read. One that ran is read lightly: status (state, memory,
 * switches, threads), its CPU from the run time, which is what stat's utime + stime are
 * scaled from. Its row is read in full (stat too: the comm) at least every FULL_READ_NS
 * (memory can be reclaimed from a task that sleeps; a quiet task at its first check after).
 * A task with several threads has stat read every sample (its CPU counts every thread), and
 * status too when its main thread's run time moved. On a kernel without schedstat
 * (CONFIG_SCHED_INFO) every task is read in full every sample.
 *
 * A task that has not run for QUIET_NS is quiet: its schedstat (with several threads, its
 * stat too: its ticks count every thread, and stand while all of them together run less
 * than a tick) is checked every QUIET_CHECK_NS only (the checks of many quiet tasks spread
 * over that period by pid), and between checks its row stands. Counters are cumulative, so
 * what it does between checks is not lost: the check that sees its run time move reads it
 * in full and averages its rates over the time since the check before. A pid whose files
 * cannot be opened (gone at once, not a process, or hidden by hidepid=1) is tried again
 * every FULL_READ_NS.
 *
 * proc/ is listed (getdents64: on a real kernel its cost grows with every pid) only when
 * proc/loadavg says a task was created or ended since the last listing, and every LIST_NS. */
#include "jtune/platform/jetson/procs.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define HASH_SIZE      4096 /* a power of two, 4x PROCS_MAX: short probe runs */
#define FULL_READ_NS   (10 * 1000000000LL)
#define QUIET_NS       (10 * 1000000000LL)
#define QUIET_CHECK_NS (5 * 1000000000LL)
#define CHECK_SLACK_NS (100 * 1000000LL)   /* a sample this early for a check takes it */
#define CHECK_PHASES   16                  /* first checks of quiet tasks spread this many ways */
#define LIST_NS        (10 * 1000000000LL) /* proc/ listed at least this often */
#define NVMAP_BUF      (64 * 1024)

/* Where nvmap lists its clients: JetPack 4/5 kernels (jtop reads "maps", same columns). */
static const char *const NVMAP_FILES[] = {"sys/kernel/debug/nvmap/iovmm/clients",
                                          "sys/kernel/debug/nvmap/iovmm/maps"};

typedef struct {
    int32_t pid;
    int fd_stat, fd_status, fd_sched; /* fd_sched -1 without schedstat */
    uint32_t seen;                    /* generation of the last listing that showed it */
    bool have_prev;
    bool single;    /* one thread at the last read: schedstat speaks for all of it */
    bool run_known; /* prev_run_ns (the main thread's run time) was read */
    bool has_ctxt;  /* its status counts context switches */
    uint64_t prev_ticks, prev_wake, prev_run_ns;
    int64_t prev_ns;
    int64_t full_ns;  /* the last full read */
    int64_t moved_ns; /* when its run time was last seen to move (or first read) */
    int64_t check_ns; /* quiet: its next schedstat check; 0 while not quiet */
} Slot;

/* A listed pid whose files could not be opened: not tried again before retry_ns. */
typedef struct {
    int32_t pid;
    uint32_t seen;
    int64_t retry_ns;
} BadPid;

struct ProcsReader {
    int proc_fd;      /* the root's proc/, for getdents64 */
    int proc_errno;   /* why it could not be opened */
    AttrId loadavg;   /* proc/loadavg: its task fields tell when proc/ needs listing */
    ProcTasks listed; /* its task fields at the last listing */
    bool listed_ok;   /* listed holds them (loadavg read and parsed then) */
    int64_t list_ns;  /* when proc/ was last listed */
    AttrId nvmap;
    int nvmap_errno;
    long clk_tck;
    int64_t page_kib;
    uint32_t gen;
    int n;
    int n_bad;
    Slot slots[PROCS_MAX]; /* slot i fills table.rows[i] */
    BadPid bad[PROCS_MAX];
    int16_t hash[HASH_SIZE]; /* -1 empty, slot i as i, bad[j] as HASH_BAD(j) */
    ProcTable table;
    char buf[8192];
    char nvbuf[NVMAP_BUF];
    _Alignas(8) char dents[16384];
};

/* The kernel's getdents64 record header (the name follows). */
struct dirent64_hdr {
    uint64_t ino;
    int64_t off;
    unsigned short reclen;
    unsigned char type;
};

ProcsReader *procs_open(void) {
    ProcsReader *r = calloc(1, sizeof *r);
    if (!r) {
        return NULL;
    }
    r->proc_fd = -1;
    r->nvmap = -1;
    r->loadavg = -1;
    r->clk_tck = sysconf(_SC_CLK_TCK);
    r->clk_tck = r->clk_tck > 0 ? r->clk_tck : 100;
    long pg = sysconf(_SC_PAGESIZE);
    r->page_kib = pg >= 1024 ? pg / 1024 : 4;
    r->table.enabled = true;
    return r;
}

static void slot_close(Slot *s) {
    if (s->fd_stat >= 0) {
        close(s->fd_stat);
    }
    if (s->fd_status >= 0) {
        close(s->fd_status);
    }
    if (s->fd_sched >= 0) {
        close(s->fd_sched);
    }
    s->fd_stat = s->fd_status = s->fd_sched = -1;
}

void procs_close(ProcsReader *r) {
    if (!r) {
        return;
    }
    for (int i = 0; i < r->n; i++) {
        slot_close(&r->slots[i]);
    }
    if (r->proc_fd >= 0) {
        close(r->proc_fd);
    }
    free(r);
}

static void nvmap_probe(ProcsReader *r, Sysfs *fs) {
    r->nvmap = -1;
    r->nvmap_errno = ENOENT;
    for (size_t i = 0; i < sizeof NVMAP_FILES / sizeof NVMAP_FILES[0]; i++) {
        int fd = sysfs_openat(fs, NVMAP_FILES[i], O_RDONLY, 0);
        if (fd >= 0) {
            close(fd);
            r->nvmap = sysfs_attr(fs, NVMAP_FILES[i]);
            r->nvmap_errno = 0;
            return;
        }
        if (fd != -ENOENT && fd != -ENOTDIR) {
            r->nvmap_errno = -fd; /* debugfs is root-only: EACCES */
        }
    }
}

void procs_probe(ProcsReader *r, Sysfs *fs) {
    if (r->proc_fd < 0) {
        r->proc_fd = sysfs_openat(fs, "proc", O_RDONLY | O_DIRECTORY, 0);
        r->proc_errno = r->proc_fd < 0 ? -r->proc_fd : 0;
    }
    r->loadavg = sysfs_attr(fs, "proc/loadavg");
    r->listed_ok = false; /* a re-probe lists at the next read */
    nvmap_probe(r, fs);
}

const ProcTable *procs_table(const ProcsReader *r) {
    return &r->table;
}

/* ---------------------------------------------------------------- the pid table */

#define HASH_BAD(j) (-2 - (j)) /* hash entry of bad[j]; HASH_BAD(HASH_BAD(j)) == j */

static unsigned hash_of(int32_t pid) {
    return ((uint32_t)pid * 2654435761u) & (HASH_SIZE - 1);
}

static void hash_insert(ProcsReader *r, int32_t pid, int v) {
    unsigned h = hash_of(pid);
    while (r->hash[h] != -1) {
        h = (h + 1) & (HASH_SIZE - 1);
    }
    r->hash[h] = (int16_t)v;
}

static void hash_rebuild(ProcsReader *r) {
    memset(r->hash, 0xff, sizeof r->hash);
    for (int i = 0; i < r->n; i++) {
        hash_insert(r, r->slots[i].pid, i);
    }
    for (int j = 0; j < r->n_bad; j++) {
        hash_insert(r, r->bad[j].pid, HASH_BAD(j));
    }
}

static int32_t hash_pid(const ProcsReader *r, int v) {
    return v >= 0 ? r->slots[v].pid : r->bad[HASH_BAD(v)].pid;
}

/* The hash entry of pid: a slot index, HASH_BAD(j), or -1 when it has neither. */
static int hash_lookup(const ProcsReader *r, int32_t pid) {
    for (unsigned h = hash_of(pid);; h = (h + 1) & (HASH_SIZE - 1)) {
        int v = r->hash[h];
        if (v == -1 || hash_pid(r, v) == pid) {
            return v;
        }
    }
}

/* The slot of pid, or -1. */
static int hash_find(const ProcsReader *r, int32_t pid) {
    int v = hash_lookup(r, pid);
    return v >= 0 ? v : -1;
}

/* The command line (NULs as blanks), or "[comm]" for a kernel thread: read once. */
static void read_cmdline(ProcsReader *r, Sysfs *fs, int32_t pid, ProcRow *row) {
    char path[48];
    snprintf(path, sizeof path, "proc/%d/cmdline", (int)pid);
    ssize_t n = sysfs_read(fs, path, r->buf, sizeof row->cmd);
    while (n > 0 && r->buf[n - 1] == '\0') {
        n--;
    }
    for (ssize_t i = 0; i < n; i++) {
        if (r->buf[i] == '\0' || r->buf[i] == '\n') {
            r->buf[i] = ' ';
        }
    }
    if (n > 0) {
        memcpy(row->cmd, r->buf, (size_t)n);
        row->cmd[n] = '\0';
    } else {
        row->cmd[0] = '\0'; /* filled from the comm once it is read */
    }
}

/* Remember pid as one whose files cannot be opened, until retry_ns. */
static void bad_add(ProcsReader *r, int32_t pid, int64_t now) {
    if (r->n_bad >= PROCS_MAX) {
        return;
    }
    BadPid *b = &r->bad[r->n_bad];
    *b = (BadPid){pid, r->gen, now + FULL_READ_NS};
    hash_insert(r, pid, HASH_BAD(r->n_bad));
    r->n_bad++;
}

/* Forget the bad pids the last listing did not show. */
static void bad_prune(ProcsReader *r) {
    int k = 0;
    for (int j = 0; j < r->n_bad; j++) {
        if (r->bad[j].seen == r->gen) {
            r->bad[k++] = r->bad[j];
        }
    }
    r->n_bad = k;
}

static void slot_add(ProcsReader *r, Sysfs *fs, int32_t pid, int64_t now) {
    char path[48];
    Slot *s = &r->slots[r->n];
    memset(s, 0, sizeof *s);
    s->pid = pid;
    snprintf(path, sizeof path, "proc/%d/stat", (int)pid);
    s->fd_stat = sysfs_openat(fs, path, O_RDONLY, 0);
    snprintf(path, sizeof path, "proc/%d/status", (int)pid);
    s->fd_status = sysfs_openat(fs, path, O_RDONLY, 0);
    s->fd_sched = -1;
    if (s->fd_stat < 0 || s->fd_status < 0) {
        slot_close(s); /* gone already, not a process directory, or hidden (hidepid=1) */
        bad_add(r, pid, now);
        return;
    }
    snprintf(path, sizeof path, "proc/%d/schedstat", (int)pid);
    s->fd_sched = sysfs_openat(fs, path, O_RDONLY, 0);
    s->seen = r->gen;
    ProcRow *row = &r->table.rows[r->n];
    memset(row, 0, sizeof *row);
    row->pid = pid;
    read_cmdline(r, fs, pid, row);
    hash_insert(r, pid, r->n++);
}

static void slot_remove(ProcsReader *r, int i) {
    slot_close(&r->slots[i]);
    r->n--;
    if (i != r->n) {
        r->slots[i] = r->slots[r->n];
        r->table.rows[i] = r->table.rows[r->n];
    }
}

static bool pid_name(const char *nm, int32_t *pid) {
    int64_t v = 0;
    if (!nm[0]) {
        return false;
    }
    for (const char *p = nm; *p; p++) {
        if (*p < '0' || *p > '9' || v > INT32_MAX / 10) {
            return false;
        }
        v = v * 10 + (*p - '0');
    }
    *pid = (int32_t)v;
    return v > 0;
}

static void see_pid(ProcsReader *r, Sysfs *fs, int32_t pid, int64_t now) {
    r->table.total++;
    int v = hash_lookup(r, pid);
    if (v >= 0) {
        r->slots[v].seen = r->gen;
        return;
    }
    if (v != -1) {
        BadPid *b = &r->bad[HASH_BAD(v)];
        if (now < b->retry_ns) {
            b->seen = r->gen;
            return;
        }
        /* time to try again: this entry is pruned (unseen), a new one made if it fails */
    }
    if (r->n < PROCS_MAX) {
        slot_add(r, fs, pid, now);
    }
}

/* List proc/: every pid seen is marked; new ones get a slot while there is room. */
static int list_pids(ProcsReader *r, Sysfs *fs, int64_t now) {
    if (lseek(r->proc_fd, 0, SEEK_SET) < 0) {
        return -errno;
    }
    for (;;) {
        long n = syscall(SYS_getdents64, r->proc_fd, r->dents, sizeof r->dents);
        if (n <= 0) {
            return n < 0 ? -errno : 0;
        }
        for (long off = 0; off < n;) {
            const struct dirent64_hdr *h = (const void *)(r->dents + off);
            const char *nm = r->dents + off + offsetof(struct dirent64_hdr, type) + 1;
            int32_t pid;
            if (pid_name(nm, &pid)) {
                see_pid(r, fs, pid, now);
            }
            off += h->reclen;
        }
    }
}

/* ---------------------------------------------------------------- one process */

static ssize_t read_fd(int fd, char *buf, size_t n) {
    ssize_t len = pread(fd, buf, n - 1, 0);
    if (len >= 0) {
        buf[len] = '\0';
    }
    return len;
}

static Val rate_ps10(uint64_t now, uint64_t prev, int64_t dt_ns) {
    if (now < prev || dt_ns <= 0) {
        return val_na();
    }
    return val_of((int64_t)((double)(now - prev) * 1e10 / (double)dt_ns + 0.5));
}

/* The task's run time from schedstat into *run_ns. false without one (its fd is dropped
 * when it stops answering: the full read then decides whether the task is gone). */
static bool read_run_ns(ProcsReader *r, Slot *s, uint64_t *run_ns) {
    if (s->fd_sched < 0) {
        return false;
    }
    ProcSched ps;
    ssize_t n = read_fd(s->fd_sched, r->buf, sizeof r->buf);
    if (n <= 0 || procs_parse_schedstat(r->buf, (size_t)n, &ps) != 0) {
        close(s->fd_sched);
        s->fd_sched = -1;
        return false;
    }
    *run_ns = ps.run_ns;
    return true;
}

/* A quiet task between its checks: not read at all, its row stands. */
static bool slot_resting(const Slot *s, int64_t now) {
    return s->check_ns != 0 && now + CHECK_SLACK_NS < s->check_ns;
}

/* After a read: a task whose run time has not moved for QUIET_NS (with several threads:
 * nor its CPU ticks, which count every thread) gets its next check. The first check of a
 * newly quiet task is spread over the period by its pid, so that tasks that fall quiet
 * together are not all checked in the same sample. */
static void slot_plan(Slot *s, int64_t now) {
    if (!s->run_known || now - s->moved_ns < QUIET_NS) {
        s->check_ns = 0;
    } else if (s->check_ns == 0) {
        int64_t phase = (int64_t)(hash_of(s->pid) % CHECK_PHASES);
        s->check_ns = now + QUIET_CHECK_NS - phase * (QUIET_CHECK_NS / CHECK_PHASES);
    } else {
        s->check_ns = now + QUIET_CHECK_NS;
    }
}

/* A single-threaded task that has not run since the last sample: rates zero, row kept. */
static bool slot_idle(Slot *s, bool have_run, uint64_t run_ns, int64_t now) {
    return have_run && s->run_known && s->single && run_ns == s->prev_run_ns && now > s->prev_ns &&
           now - s->full_ns < FULL_READ_NS;
}

/* CPU share of one core in tenths of % from a run time's change (ns) over dt_ns. */
static Val run_pct10(uint64_t now, uint64_t prev, int64_t dt_ns) {
    if (now < prev || dt_ns <= 0) {
        return val_na();
    }
    return val_of((int64_t)((double)(now - prev) * 1000.0 / (double)dt_ns + 0.5));
}

/* One read's result: status unless the task has several threads and its main thread has
 * not run (NULL then); stat at a full read and for several threads (NULL at a light read). */
typedef struct {
    const ProcStatus *ss;
    const ProcStat *st;
    bool have_run; /* run_ns was read this sample */
    bool by_run;   /* CPU from the run time: one thread, the run time known before and now */
    uint64_t run_ns;
} SlotRead;

/* The row's rates and fields from a read, and the slot's bases for the next one. CPU comes
 * from the run time when by_run (schedstat's first field is what stat's utime + stime are
 * scaled from, in ns), else from stat's ticks since the last full read; wakeups from
 * status's voluntary switches since the last read. */
static void slot_update(ProcsReader *r, Slot *s, ProcRow *row, const SlotRead *d, int64_t now) {
    const ProcStatus *ss = d->ss;
    const ProcStat *st = d->st;
    uint64_t ticks = st ? st->utime_ticks + st->stime_ticks : s->prev_ticks;
    if (st) {
        memcpy(row->comm, st->comm, sizeof row->comm);
        if (!row->cmd[0]) {
            snprintf(row->cmd, sizeof row->cmd, "[%s]", st->comm);
        }
    }
    row->state = (char)(ss && ss->state != '?' ? ss->state : st ? st->state : row->state);
    row->rss_kib = ss && ss->has_rss   ? val_of(ss->rss_kib)
                   : !st               ? row->rss_kib
                   : st->rss_pages > 0 ? val_of(st->rss_pages * r->page_kib)
                                       : val_of(0); /* a kernel thread */
    int64_t dt = now - s->prev_ns;
    if (s->have_prev && dt > 0) {
        if (d->by_run) {
            row->cpu_pct10 = run_pct10(d->run_ns, s->prev_run_ns, dt);
        } else {
            Val t = rate_ps10(ticks, s->prev_ticks, now - s->full_ns); /* ticks per s x10 */
            row->cpu_pct10 = t.ok ? val_of(t.v * 100 / r->clk_tck) : t;
        }
        bool ctxt = ss ? ss->has_ctxt : s->has_ctxt;
        row->wakeups_ps10 = !ctxt ? val_na()
                            : ss  ? rate_ps10(ss->vol_ctxt, s->prev_wake, dt)
                                  : val_of(0); /* the main thread did not run: no switch */
    } else {
        row->cpu_pct10 = val_na();
        row->wakeups_ps10 = val_na();
    }
    /* it ran: its main thread (schedstat), or, with several threads, any of them (stat) */
    bool others_ran = st && st->threads > 1 && ticks != s->prev_ticks;
    if (!d->have_run || !s->run_known || d->run_ns != s->prev_run_ns || !s->have_prev ||
        others_ran) {
        s->moved_ns = now;
    }
    if (st) {
        s->prev_ticks = ticks;
        s->full_ns = now;
    }
    if (ss) {
        s->prev_wake = ss->vol_ctxt;
        s->has_ctxt = ss->has_ctxt;
    }
    s->prev_run_ns = d->run_ns;
    s->run_known = d->have_run;
    s->single = s->fd_sched >= 0 && (st ? st->threads : ss->threads) == 1;
    s->prev_ns = now;
    s->have_prev = true;
    slot_plan(s, now);
}

/* stat into *st. false when it cannot be read (the task is gone). */
static bool read_stat(ProcsReader *r, const Slot *s, ProcStat *st) {
    ssize_t n = read_fd(s->fd_stat, r->buf, sizeof r->buf);
    return n > 0 && procs_parse_stat(r->buf, (size_t)n, st) == 0;
}

/* Read slot i's files into its row. false when the task is gone (a read failed). A task
 * that ran is read lightly (status; its CPU from schedstat) while it has one thread and its
 * last full read (stat too: the comm, the ticks) is less than FULL_READ_NS old. A task of
 * several threads has stat read every sample (its CPU counts every thread) and status only
 * when its main thread ran: a thread that did not run made no voluntary switch, and stat
 * holds the state and memory. */
static bool read_slot(ProcsReader *r, int i, int64_t now) {
    Slot *s = &r->slots[i];
    ProcRow *row = &r->table.rows[i];
    ProcStat st;
    ProcStatus ss;
    SlotRead d = {.ss = &ss};
    if (slot_resting(s, now)) {
        return true;
    }
    d.have_run = read_run_ns(r, s, &d.run_ns);
    if (slot_idle(s, d.have_run, d.run_ns, now)) {
        row->cpu_pct10 = val_of(0);
        row->wakeups_ps10 = s->has_ctxt ? val_of(0) : val_na();
        s->prev_ns = now;
        slot_plan(s, now);
        return true;
    }
    if (!s->single && d.have_run && s->run_known && s->have_prev &&
        d.run_ns == s->prev_run_ns) { /* several threads, the main one did not run */
        if (!read_stat(r, s, &st)) {
            return false;
        }
        d.ss = NULL;
        d.st = &st;
        slot_update(r, s, row, &d, now);
        return true;
    }
    ssize_t n = read_fd(s->fd_status, r->buf, sizeof r->buf);
    if (n <= 0 || procs_parse_status(r->buf, (size_t)n, &ss) != 0) {
        return false;
    }
    d.by_run = d.have_run && s->run_known && s->have_prev && ss.threads == 1;
    if (!d.by_run || now - s->full_ns >= FULL_READ_NS) {
        if (!read_stat(r, s, &st)) {
            return false;
        }
        d.st = &st;
        d.by_run = d.by_run && st.threads == 1;
    }
    slot_update(r, s, row, &d, now);
    return true;
}

/* ---------------------------------------------------------------- GPU memory */

static void gpu_why(ProcsReader *r, int err) {
    ProcTable *t = &r->table;
    t->gpu_ok = false;
    if (err == ENOENT || err == ENOTDIR) {
        snprintf(t->gpu_why, sizeof t->gpu_why,
                 "no nvmap iovmm clients file (JetPack 6 and later kernels do not have it)");
    } else if (err == EACCES || err == EPERM) {
        snprintf(t->gpu_why, sizeof t->gpu_why,
                 "nvmap iovmm clients is in debugfs, readable by root only: run sudo jtune");
    } else {
        snprintf(t->gpu_why, sizeof t->gpu_why, "nvmap iovmm clients: %s", strerror(err));
    }
    for (int i = 0; i < r->n; i++) {
        t->rows[i].gpu_kib = val_na();
    }
}

static void read_gpu(ProcsReader *r, Sysfs *fs) {
    if (r->nvmap < 0) {
        gpu_why(r, r->nvmap_errno);
        return;
    }
    ssize_t n = sysfs_attr_read(fs, r->nvmap, r->nvbuf, sizeof r->nvbuf);
    if (n < 0 && n != -ENODATA) {
        gpu_why(r, (int)-n);
        return;
    }
    ProcTable *t = &r->table;
    for (int i = 0; i < r->n; i++) {
        t->rows[i].gpu_kib = val_of(0);
    }
    for (ssize_t a = 0; a < n;) {
        const char *nl = memchr(r->nvbuf + a, '\n', (size_t)(n - a));
        size_t len = nl ? (size_t)(nl - (r->nvbuf + a)) : (size_t)(n - a);
        int32_t pid;
        int64_t kib;
        if (procs_parse_nvmap_line(r->nvbuf + a, len, &pid, &kib) == 1) {
            int i = hash_find(r, pid);
            if (i >= 0) {
                t->rows[i].gpu_kib.v += kib;
            }
        }
        a += (ssize_t)len + 1;
    }
    t->gpu_ok = true;
    t->gpu_why[0] = '\0';
}

/* Is proc/ to be listed this sample? Not while loadavg's thread count and last pid allocated
 * both stand: then no task was created (each takes a new pid) and none ended (the count would
 * have dropped), so the listing would be the same. Listed anyway every LIST_NS, and whenever
 * loadavg cannot be read. */
static bool listing_due(ProcsReader *r, Sysfs *fs, int64_t now) {
    char buf[128];
    ProcTasks cur = {0};
    ssize_t n = r->loadavg >= 0 ? sysfs_attr_read(fs, r->loadavg, buf, sizeof buf) : -ENOENT;
    bool ok = n > 0 && procs_parse_loadavg(buf, (size_t)n, &cur) == 0;
    if (ok && r->listed_ok && cur.threads == r->listed.threads &&
        cur.last_pid == r->listed.last_pid && now >= r->list_ns && now - r->list_ns < LIST_NS) {
        return false;
    }
    r->listed = cur;
    r->listed_ok = ok;
    r->list_ns = now;
    return true;
}

void procs_read(ProcsReader *r, Sysfs *fs, int64_t now_ns) {
    ProcTable *t = &r->table;
    if (r->proc_fd < 0) {
        t->have = false;
        t->n = 0;
        t->total = 0;
        return;
    }
    bool list = listing_due(r, fs, now_ns) || !t->have;
    if (list) {
        t->total = 0;
        r->gen++;
        if (r->n == 0) {
            hash_rebuild(r);
        }
        if (list_pids(r, fs, now_ns) < 0) {
            t->have = false;
            r->listed_ok = false;
            return;
        }
        bad_prune(r);
    }
    bool moved = list; /* a listing may have pruned bad[] (the hash holds its indices) */
    for (int i = r->n - 1; i >= 0; i--) {
        if ((list && r->slots[i].seen != r->gen) || !read_slot(r, i, now_ns)) {
            slot_remove(r, i); /* exited: gone from proc/, or its files stopped answering */
            t->total -= !list && t->total > 0;
            moved = true;
        }
    }
    if (moved) { /* slots or bad pids changed places */
        hash_rebuild(r);
    }
    t->n = r->n;
    read_gpu(r, fs);
    t->have = true;
}
