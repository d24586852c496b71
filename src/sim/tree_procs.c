/* SPDX-License-Identifier: MIT */
/* tree_procs: simulated processes (proc/<pid>/{stat,status,schedstat,cmdline,comm}),
 * proc/interrupts and nvmap's iovmm clients, driven by the same demand as the model.
 *
 * A fixed set of the daemons a desktop JetPack image runs, each with a wakeup rate, CPU share
 * and memory [I] (inferred from powertop and top on desktop Ubuntu; not measured on a board),
 * plus workers that exist only while there is demand: a "jtune-burn-cpu" per loaded core and
 * a "jtune-burn" while the GPU has demand. A worker exits (its directory is removed) when its
 * demand goes; each start takes the next pid after loadavg's last, as the kernel gives one.
 * Counters only grow, as the kernel's do; files are rewritten in place so kept-open readers see
 * every tick. Comm names with blanks and parentheses are on purpose: real ones are like that
 * ("tmux: server", "(sd-pam)", "Web Content").
 */
#include "sim_internal.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SP_MAX        64
#define SP_WORKERS    16   /* cpu workers, one per core: worker k; the GPU's is SP_WORKERS */
#define BOOT_LAST_PID 2400 /* the last pid allocated at boot: tasks came and went [I] */
#define OTHER_THREADS 380  /* a desktop image's threads that the tree does not list [I] */

typedef struct {
    int pid, ppid;
    const char *comm;
    const char *cmd;  /* blanks separate the arguments; NULL for a kernel thread */
    double wake_hz;   /* wakeups per second at rest [I] */
    double wake_load; /* extra wakeups per second per unit of CPU load (0..1) [I] */
    double cpu;       /* share of one core at rest [I] */
    double rss_kib, gpu_kib;
} ProcDef;

/* [I]: typical of a desktop JetPack 6 image; values inferred, not measured. */
static const ProcDef DEFS[] = {
    {1, 0, "systemd", "/sbin/init splash", 1.5, 2, 0.001, 12400, 0},
    {2, 0, "kthreadd", NULL, 0.2, 1, 0, 0, 0},
    {13, 2, "ksoftirqd/0", NULL, 4, 180, 0.001, 0, 0},
    {14, 2, "rcu_preempt", NULL, 35, 60, 0.002, 0, 0},
    {92, 2, "kworker/u12:2-events_unbound", NULL, 12, 40, 0.001, 0, 0},
    {411, 1, "systemd-journal", "/lib/systemd/systemd-journald", 0.8, 2, 0.001, 21800, 0},
    {598, 1, "avahi-daemon", "avahi-daemon: running [ubuntu.local]", 0.5, 0, 0, 3900, 0},
    {611, 1, "NetworkManager", "/usr/sbin/NetworkManager --no-daemon", 2.2, 1, 0.001, 18700, 0},
    {640, 1, "nvargus-daemon", "/usr/sbin/nvargus-daemon", 101, 0, 0.004, 24300, 8200},
    {702, 1, "gdm3", "/usr/sbin/gdm3", 0.3, 0, 0, 9100, 0},
    {1187, 702, "Xorg", "/usr/lib/xorg/Xorg vt1 -displayfd 3 -auth /run/user/128/gdm/Xauthority",
     60, 20, 0.012, 61200, 24576},
    {1290, 1187, "gnome-shell", "/usr/bin/gnome-shell", 118, 40, 0.031, 182400, 65536},
    {1402, 1, "tmux: server", "tmux new -s work", 1, 0, 0, 4200, 0},
    {1405, 1, "(sd-pam)", "(sd-pam)", 0, 0, 0, 5100, 0},
    {1733, 1290, "Web Content", "/usr/lib/firefox/firefox -contentproc -childID 3 tab", 250, 60,
     0.024, 143900, 16384},
};
#define N_DEFS (sizeof DEFS / sizeof DEFS[0])

typedef struct {
    ProcDef def;
    int worker; /* k < SP_WORKERS: core k's cpu worker; SP_WORKERS: the GPU's; -1: a daemon */
    char comm[32];
    char cmd[96];
    bool live;
    int fd_stat, fd_status, fd_sched;
    double vol, nonvol, run_ns, wait_ns, slices, start_ticks;
    double cpu_now, wake_now;
} SimProc;

struct SimProcs {
    Rng rng;
    SimProc p[SP_MAX];
    int n;
    int fd_irq;
    int fd_nvmap; /* JetPack 4/5 only, else -1 */
    int fd_loadavg;
    int last_pid; /* loadavg's last pid allocated */
    double la[3]; /* load averages over 1, 5 and 15 minutes */
    int n_irq;
    double irq[24][SB_MAX_CPUS];
};

/* The interrupt rows [I]: names as an Orin shows them; the rates follow the model below. */
enum {
    IRQ_TIMER,
    IRQ_PMU,
    IRQ_GPU_STALL,
    IRQ_GPU_NONSTALL,
    IRQ_I2C,
    IRQ_ETH,
    IRQ_USB,
    IRQ_NVME,
    IRQ_IPI0,
    IRQ_IPI1,
    IRQ_IPI2,
    IRQ_IPI3,
    IRQ_IPI4,
    IRQ_IPI5,
    IRQ_IPI6,
    IRQ_N
};
static const char *const IRQ_ROWS[IRQ_N] = {
    [IRQ_TIMER] = " 11:|GICv3  30 Level     arch_timer",
    [IRQ_PMU] = " 14:|GICv3  23 Level     arm-pmu",
    [IRQ_GPU_STALL] = "103:|GICv3 101 Level     nvgpu_stall",
    [IRQ_GPU_NONSTALL] = "104:|GICv3 102 Level     nvgpu_nonstall",
    [IRQ_I2C] = "112:|GICv3  57 Level     3160000.i2c",
    [IRQ_ETH] = "189:|ITS-MSI 1 Edge      eth0",
    [IRQ_USB] = "210:|GICv3 195 Level     xhci-hcd:usb1",
    [IRQ_NVME] = "231:|ITS-MSI 524289 Edge      nvme0q1",
    [IRQ_IPI0] = "IPI0:|Rescheduling interrupts",
    [IRQ_IPI1] = "IPI1:|Function call interrupts",
    [IRQ_IPI2] = "IPI2:|CPU stop interrupts",
    [IRQ_IPI3] = "IPI3:|CPU stop (for crash dump) interrupts",
    [IRQ_IPI4] = "IPI4:|Timer broadcast interrupts",
    [IRQ_IPI5] = "IPI5:|IRQ work interrupts",
    [IRQ_IPI6] = "IPI6:|CPU wake-up interrupts",
};

/* ---------------------------------------------------------------- files */

static int open_rw(Sim *s, const char *rel) {
    int fd = openat(s->rootfd, rel, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0444);
    return fd < 0 ? -errno : fd;
}

static int proc_spawn(Sim *s, SimProc *p) {
    char rel[64], args[128];
    snprintf(rel, sizeof rel, "proc/%d", p->def.pid);
    int rc = simfs_mkdirs(s, rel);
    size_t n = 0;
    if (p->def.cmd) { /* arguments NUL-separated, a NUL after the last */
        n = (size_t)snprintf(args, sizeof args, "%s", p->cmd) + 1;
        for (size_t i = 0; i < n; i++) {
            if (args[i] == ' ' && p->comm[0] != '(') {
                args[i] = '\0';
            }
        }
    }
    snprintf(rel, sizeof rel, "proc/%d/cmdline", p->def.pid);
    rc = rc ? rc : simfs_write(s, rel, args, n, 0444);
    snprintf(rel, sizeof rel, "proc/%d/comm", p->def.pid);
    rc = rc ? rc : simfs_printf(s, rel, 0444, "%s\n", p->comm);
    snprintf(rel, sizeof rel, "proc/%d/stat", p->def.pid);
    p->fd_stat = rc ? -1 : open_rw(s, rel);
    snprintf(rel, sizeof rel, "proc/%d/status", p->def.pid);
    p->fd_status = rc || p->fd_stat < 0 ? -1 : open_rw(s, rel);
    snprintf(rel, sizeof rel, "proc/%d/schedstat", p->def.pid);
    p->fd_sched = rc || p->fd_status < 0 ? -1 : open_rw(s, rel);
    rc = rc ? rc : p->fd_sched < 0 ? -EIO : 0;
    p->live = rc == 0;
    p->start_ticks = s->st.uptime_s * 100;
    s->procs->last_pid = p->def.pid;
    return rc;
}

static void proc_exit(Sim *s, SimProc *p) {
    static const char *const files[] = {"stat", "status", "schedstat", "cmdline", "comm"};
    int fds[] = {p->fd_stat, p->fd_status, p->fd_sched};
    for (size_t i = 0; i < 3; i++) {
        if (fds[i] >= 0) {
            close(fds[i]);
        }
    }
    char rel[64];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(rel, sizeof rel, "proc/%d/%s", p->def.pid, files[i]);
        unlinkat(s->rootfd, rel, 0);
    }
    snprintf(rel, sizeof rel, "proc/%d", p->def.pid);
    unlinkat(s->rootfd, rel, AT_REMOVEDIR);
    p->live = false;
    p->fd_stat = p->fd_status = p->fd_sched = -1;
}

/* stat's utime + stime: the run time in USER_HZ (100) ticks, rounded down, as the kernel
 * scales them (cputime_adjust keeps their sum equal to the run time); 4 parts in 5 user. */
static int write_stat(const SimProc *p) {
    char b[512];
    const ProcDef *d = &p->def;
    double ticks = floor(p->run_ns / 1e7);
    double utime = floor(ticks * 0.8);
    int n = snprintf(b, sizeof b,
                     "%d (%s) %c %d %d %d 0 -1 4194560 %.0f 0 0 0 %.0f %.0f 0 0 20 0 1 0 %.0f "
                     "%.0f %.0f 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 %d 0 0 0 0 0 0 0 "
                     "0 0 0 0 0 0\n",
                     d->pid, p->comm,
                     p->cpu_now > 0.5 ? 'R'
                     : d->cmd         ? 'S'
                                      : 'I',
                     d->ppid, d->pid, d->pid, p->vol * 0.1, utime, ticks - utime, p->start_ticks,
                     d->cmd ? d->rss_kib * 3072 : 0.0, d->rss_kib / 4, d->pid % 4);
    return simfs_rewrite(p->fd_stat, b, (size_t)n);
}

static int write_status(const SimProc *p) {
    char b[1024], rss[160] = "";
    const ProcDef *d = &p->def;
    bool run = p->cpu_now > 0.5;
    if (d->cmd) {
        snprintf(rss, sizeof rss, "VmPeak:\t%8.0f kB\nVmSize:\t%8.0f kB\nVmRSS:\t%8.0f kB\n",
                 d->rss_kib * 3.5, d->rss_kib * 3, d->rss_kib);
    }
    int n = snprintf(b, sizeof b,
                     "Name:\t%s\nUmask:\t0022\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
                     "PPid:\t%d\nTracerPid:\t0\n%sThreads:\t1\n"
                     "voluntary_ctxt_switches:\t%.0f\nnonvoluntary_ctxt_switches:\t%.0f\n",
                     p->comm,
                     run      ? "R (running)"
                     : d->cmd ? "S (sleeping)"
                              : "I (idle)",
                     d->pid, d->pid, d->ppid, rss, p->vol, p->nonvol);
    return simfs_rewrite(p->fd_status, b, (size_t)n);
}

static int write_proc(const SimProc *p) {
    char b[96];
    int rc = write_stat(p);
    rc = rc ? rc : write_status(p);
    int n = snprintf(b, sizeof b, "%.0f %.0f %.0f\n", p->run_ns, p->wait_ns, p->slices);
    return rc ? rc : simfs_rewrite(p->fd_sched, b, (size_t)n);
}

/* ---------------------------------------------------------------- the table */

static SimProc *add_proc(SimProcs *sp, const ProcDef *d) {
    if (sp->n >= SP_MAX) {
        return NULL;
    }
    SimProc *p = &sp->p[sp->n++];
    memset(p, 0, sizeof *p);
    p->def = *d;
    p->worker = -1;
    snprintf(p->comm, sizeof p->comm, "%s", d->comm);
    snprintf(p->cmd, sizeof p->cmd, "%s", d->cmd ? d->cmd : "");
    p->def.comm = p->comm;
    p->def.cmd = d->cmd ? p->cmd : NULL;
    p->fd_stat = p->fd_status = p->fd_sched = -1;
    /* as if it had run since boot */
    p->vol = d->wake_hz * 600;
    p->run_ns = d->cpu * 600 * 1e9;
    return p;
}

static void worker_defs(Sim *s, int k, ProcDef *d, char *comm, char *cmd) {
    memset(d, 0, sizeof *d);
    d->pid = s->procs->last_pid + 1; /* the next pid, as the kernel gives a new task */
    if (k < SP_WORKERS) {
        snprintf(comm, 32, "jtune-burn-cpu");
        snprintf(cmd, 96, "jtune-burn-cpu --core %d", k);
        d->wake_hz = 3;
        d->rss_kib = 2100;
    } else {
        snprintf(comm, 32, "jtune-burn");
        snprintf(cmd, 96, "jtune-burn --mode gemm");
        d->wake_hz = 40;
        d->rss_kib = 96000;
        d->gpu_kib = s->board.jetpack <= 5 ? 524288 : 0;
    }
    d->ppid = 1;
    d->comm = comm;
    d->cmd = cmd;
}

/* The running worker k (see SimProc.worker), or NULL. */
static SimProc *find(SimProcs *sp, int k) {
    for (int i = 0; i < sp->n; i++) {
        if (sp->p[i].worker == k) {
            return &sp->p[i];
        }
    }
    return NULL;
}

/* Start and stop the workers with the demand. 0 or -errno. */
static int workers(Sim *s) {
    SimProcs *sp = s->procs;
    for (int k = 0; k <= SP_WORKERS; k++) {
        bool want = k < SP_WORKERS ? k < s->board.n_cpus && s->demand.cpu_pct[k] > 0
                                   : s->demand.gpu_pct > 0;
        ProcDef d;
        char comm[32], cmd[96];
        worker_defs(s, k, &d, comm, cmd);
        SimProc *p = find(sp, k);
        if (want && !p) {
            p = add_proc(sp, &d);
            if (p) {
                p->worker = k;
            }
            int rc = p ? proc_spawn(s, p) : 0;
            if (rc < 0) {
                return rc;
            }
        } else if (!want && p) {
            proc_exit(s, p);
            *p = sp->p[--sp->n]; /* forget it: a later demand starts a new one */
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- dynamics */

static double mean_load(const Sim *s) {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < s->board.n_cpus; c++) {
        if (s->st.core[c].online) {
            sum += s->st.core[c].busy;
            n++;
        }
    }
    return n ? sum / n : 0;
}

static double worker_cpu(const Sim *s, const SimProc *p) {
    int k = p->worker;
    if (k == SP_WORKERS) {
        return 0.05 + 0.1 * s->demand.gpu_pct / 100.0; /* feeding the GPU */
    }
    return k >= 0 && k < SP_WORKERS ? s->demand.cpu_pct[k] / 100.0 : 0;
}

static void step_proc(Sim *s, SimProc *p, double load, double dt) {
    const ProcDef *d = &p->def;
    bool worker = p->worker >= 0;
    double jitter = 1.0 + 0.05 * rng_sym(&s->procs->rng); /* small: the ranks stay put */
    p->cpu_now = worker ? worker_cpu(s, p) : d->cpu * (1 + 2 * load) * jitter;
    p->wake_now = (d->wake_hz + d->wake_load * load) * jitter;
    if (p->worker == SP_WORKERS) {
        p->wake_now += 20 * s->demand.gpu_pct; /* a kernel launch and its completion wait */
    }
    p->vol += p->wake_now * dt;
    p->nonvol += p->cpu_now * 250 * dt; /* preempted at the tick while running */
    p->run_ns += (p->cpu_now + p->wake_now * WAKE_RUN_S) * dt * 1e9; /* a wakeup runs a while */
    p->wait_ns += p->wake_now * dt * 20000;
    p->slices += (p->wake_now + p->cpu_now * 250) * dt;
}

static void step_irqs(Sim *s, double load, double dt, double wakes) {
    SimProcs *sp = s->procs;
    int nc = s->board.n_cpus < SB_MAX_CPUS ? s->board.n_cpus : SB_MAX_CPUS;
    double gpu = s->st.gpu.load_pm / 1000.0;
    for (int c = 0; c < nc; c++) {
        if (!s->st.core[c].online) {
            continue; /* a parked core takes no interrupts */
        }
        double busy = s->st.core[c].busy;
        double share = 1.0 / nc;
        double rate[IRQ_N] = {
            [IRQ_TIMER] = 25 + 225 * busy, /* NO_HZ idle: the tick stops while idle */
            [IRQ_PMU] = 0,
            [IRQ_GPU_STALL] = c == 0 ? 900 * gpu : 0,
            [IRQ_GPU_NONSTALL] = c == 0 ? 300 * gpu : 0,
            [IRQ_I2C] = c == 0 ? 6 : 0, /* the power monitors' polls */
            [IRQ_ETH] = c == 0 ? 3 + 10 * load : 0,
            [IRQ_USB] = c == 0 ? 1 : 0,
            [IRQ_NVME] = c == 1 ? 2 + 40 * load : 0,
            [IRQ_IPI0] = wakes * share * 0.35,
            [IRQ_IPI1] = 2 + 8 * busy,
            [IRQ_IPI4] = 0,
            [IRQ_IPI5] = 1 + 3 * busy,
            [IRQ_IPI6] = 0.5,
        };
        for (int i = 0; i < IRQ_N; i++) {
            sp->irq[i][c] += rate[i] * dt * (1.0 + 0.1 * rng_sym(&sp->rng));
        }
    }
}

static int write_irqs(Sim *s) {
    static char b[16384];
    SimProcs *sp = s->procs;
    int nc = s->board.n_cpus < SB_MAX_CPUS ? s->board.n_cpus : SB_MAX_CPUS;
    size_t o = 0;
    o += (size_t)snprintf(b + o, sizeof b - o, "    ");
    for (int c = 0; c < nc; c++) {
        o += (size_t)snprintf(b + o, sizeof b - o, "       CPU%d", c);
    }
    o += (size_t)snprintf(b + o, sizeof b - o, "\n");
    for (int i = 0; i < IRQ_N && o < sizeof b - 512; i++) {
        const char *bar = strchr(IRQ_ROWS[i], '|');
        o += (size_t)snprintf(b + o, sizeof b - o, "%5.*s", (int)(bar - IRQ_ROWS[i]), IRQ_ROWS[i]);
        for (int c = 0; c < nc; c++) {
            o += (size_t)snprintf(b + o, sizeof b - o, " %10.0f", sp->irq[i][c]);
        }
        o += (size_t)snprintf(b + o, sizeof b - o, "   %s\n", bar + 1);
    }
    o += (size_t)snprintf(b + o, sizeof b - o, "Err:          0\n");
    return simfs_rewrite(sp->fd_irq, b, o);
}

static int write_nvmap(Sim *s) {
    static char b[8192];
    SimProcs *sp = s->procs;
    if (sp->fd_nvmap < 0) {
        return 0;
    }
    size_t o =
        (size_t)snprintf(b, sizeof b, "%-18s %18s %8s %11s\n", "CLIENT", "PROCESS", "PID", "SIZE");
    double total = 0;
    for (int i = 0; i < sp->n && o < sizeof b - 128; i++) {
        const SimProc *p = &sp->p[i];
        if (p->live && p->def.gpu_kib > 0) {
            o += (size_t)snprintf(b + o, sizeof b - o, "%-18s %18s %8d %10.0fK\n", "user", p->comm,
                                  p->def.pid, p->def.gpu_kib);
            total += p->def.gpu_kib;
        }
    }
    o += (size_t)snprintf(b + o, sizeof b - o, "%-18s %-18s %8s %10.0fK\n", "total", "", "", total);
    return simfs_rewrite(sp->fd_nvmap, b, o);
}

/* proc/loadavg: load averages of the runnable tasks, then "running/threads last-pid". The
 * thread count moves when a task comes or goes and the last pid when one is created, as the
 * kernel's do. */
static int write_loadavg(Sim *s, double dt) {
    SimProcs *sp = s->procs;
    double runnable = 0;
    for (int c = 0; c < s->board.n_cpus; c++) {
        runnable += s->st.core[c].online ? s->st.core[c].busy : 0;
    }
    static const double PERIOD_S[3] = {60, 300, 900};
    for (int i = 0; i < 3; i++) {
        sp->la[i] =
            dt <= 0 ? runnable : sp->la[i] + (runnable - sp->la[i]) * (1 - exp(-dt / PERIOD_S[i]));
    }
    char b[128];
    int n = snprintf(b, sizeof b, "%.2f %.2f %.2f %d/%d %d\n", sp->la[0], sp->la[1], sp->la[2],
                     1 + (int)(runnable + 0.5), OTHER_THREADS + sp->n, sp->last_pid);
    return simfs_rewrite(sp->fd_loadavg, b, (size_t)n);
}

/* ---------------------------------------------------------------- entry points */

int tree_procs(Sim *s) {
    SimProcs *sp = calloc(1, sizeof *sp);
    if (!sp) {
        return -ENOMEM;
    }
    s->procs = sp;
    sp->fd_irq = sp->fd_nvmap = sp->fd_loadavg = -1;
    rng_seed(&sp->rng, s->seed ^ 0x70726f6373ull); /* its own stream: the physics stay put */
    int rc = 0;
    for (size_t i = 0; i < N_DEFS && rc == 0; i++) {
        SimProc *p = add_proc(sp, &DEFS[i]);
        rc = p ? proc_spawn(s, p) : -ENOSPC;
    }
    sp->last_pid = BOOT_LAST_PID;
    sp->fd_irq = rc ? -1 : open_rw(s, "proc/interrupts");
    rc = rc ? rc : sp->fd_irq < 0 ? sp->fd_irq : 0;
    sp->fd_loadavg = rc ? -1 : open_rw(s, "proc/loadavg");
    rc = rc ? rc : sp->fd_loadavg < 0 ? sp->fd_loadavg : 0;
    if (rc == 0 && s->board.jetpack <= 5) { /* nvmap's iovmm clients: JetPack 4/5 kernels */
        rc = simfs_mkdirs(s, "sys/kernel/debug/nvmap/iovmm");
        sp->fd_nvmap = rc ? -1 : open_rw(s, "sys/kernel/debug/nvmap/iovmm/clients");
        rc = rc ? rc : sp->fd_nvmap < 0 ? sp->fd_nvmap : 0;
    }
    if (rc == 0) { /* counters as after the time since boot */
        step_irqs(s, mean_load(s), s->st.uptime_s > 1 ? s->st.uptime_s : 60, 200);
    }
    return rc ? rc : tree_procs_step(s, 0);
}

int tree_procs_step(Sim *s, double dt) {
    SimProcs *sp = s->procs;
    if (!sp) {
        return 0;
    }
    int rc = workers(s);
    double load = mean_load(s), wakes = 0;
    for (int i = 0; i < sp->n && rc == 0; i++) {
        step_proc(s, &sp->p[i], load, dt);
        wakes += sp->p[i].wake_now;
        rc = write_proc(&sp->p[i]);
    }
    step_irqs(s, load, dt, wakes);
    rc = rc ? rc : write_irqs(s);
    rc = rc ? rc : write_loadavg(s, dt);
    return rc ? rc : write_nvmap(s);
}

void tree_procs_free(Sim *s) {
    SimProcs *sp = s->procs;
    if (!sp) {
        return;
    }
    for (int i = 0; i < sp->n; i++) {
        int fds[] = {sp->p[i].fd_stat, sp->p[i].fd_status, sp->p[i].fd_sched};
        for (size_t k = 0; k < 3; k++) {
            if (fds[k] >= 0) {
                close(fds[k]);
            }
        }
    }
    if (sp->fd_irq >= 0) {
        close(sp->fd_irq);
    }
    if (sp->fd_nvmap >= 0) {
        close(sp->fd_nvmap);
    }
    if (sp->fd_loadavg >= 0) {
        close(sp->fd_loadavg);
    }
    free(sp);
    s->procs = NULL;
}
