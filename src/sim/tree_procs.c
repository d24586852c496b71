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
    double irq[16][SB_MAX_CPUS]; /* by model line (IRQ_TIMER ...) */
};

/* The interrupt lines the model moves; every other row of the table below stands still. */
enum {
    IRQ_TIMER,
    IRQ_PMU,
    IRQ_GPU_STALL,
    IRQ_GPU_NONSTALL,
    IRQ_I2C,
    IRQ_ETH,
    IRQ_USB,
    IRQ_MMC,
    IRQ_HSP,
    IRQ_IPI0,
    IRQ_IPI1,
    IRQ_IPI2,
    IRQ_IPI3,
    IRQ_IPI4,
    IRQ_IPI5,
    IRQ_IPI6,
    IRQ_N
};
_Static_assert(IRQ_N <= 16, "SimProcs.irq has a line for each");

/* One row of proc/interrupts: its label, its description (then ", arm-smmu-context-fault"
 * smmu_contexts times), the model line that moves it (-1: none) and, for a row that stands
 * still, its count on cpu0. The rows, their order and their standing counts are those of a
 * real Orin Nano on JetPack 5.1.2 [C] (tests/fixtures/real/jp5-orin-nano.interrupts); the
 * same rows on the other boards, and the rates of the moving ones, are [I]. */
typedef struct {
    const char *label, *desc;
    int model;
    int smmu_contexts;
    unsigned long long still;
} IrqRowDef;

static const IrqRowDef IRQ_ROWS[] = {
    {"9", "GICv3  25 Level     vgic", -1, 0, 0},
    {"11", "GICv3  30 Level     kvm guest ptimer", -1, 0, 0},
    {"12", "GICv3  27 Level     kvm guest vtimer", -1, 0, 0},
    {"13", "GICv3  26 Level     arch_timer", IRQ_TIMER, 0, 0},
    {"18", "GICv3 255 Level     mc_status", -1, 0, 170},
    {"20", "GICv3 202 Level     arm-smmu global fault", -1, 20, 0},
    {"21", "GICv3 264 Level     arm-smmu global fault", -1, 1, 0},
    {"22", "GICv3 272 Level     arm-smmu global fault", -1, 3, 0},
    {"23", "GICv3 270 Level     arm-smmu global fault", -1, 33, 90},
    {"24", "GICv3 274 Level     arm-smmu global fault", -1, 1, 80},
    {"25", "GICv3 263 Level     13a00000.cbb-fabric", -1, 0, 0},
    {"26", "GICv3 204 Level     c600000.aon-fabric", -1, 0, 0},
    {"27", "GICv3 206 Level     d600000.bpmp-fabric", -1, 0, 0},
    {"28", "GICv3 413 Level     de00000.dce-fabric", -1, 0, 0},
    {"29", "GICv3 207 Level     be00000.rce-fabric", -1, 0, 0},
    {"30", "GICv3 205 Level     b600000.sce-fabric", -1, 0, 0},
    {"31", "GICv3 368 Level     tegra-p2u-intr", -1, 0, 0},
    {"32", "GICv3 369 Level     tegra-p2u-intr", -1, 0, 0},
    {"33", "GICv3 370 Level     tegra-p2u-intr", -1, 0, 0},
    {"34", "GICv3 371 Level     tegra-p2u-intr", -1, 0, 0},
    {"35", "GICv3 372 Level     tegra-p2u-intr", -1, 0, 0},
    {"36", "GICv3 373 Level     tegra-p2u-intr", -1, 0, 0},
    {"37", "GICv3 374 Level     tegra-p2u-intr", -1, 0, 0},
    {"38", "GICv3 375 Level     tegra-p2u-intr", -1, 0, 0},
    {"39", "GICv3 376 Level     tegra-p2u-intr", -1, 0, 0},
    {"40", "GICv3 377 Level     tegra-p2u-intr", -1, 0, 0},
    {"41", "GICv3 378 Level     tegra-p2u-intr", -1, 0, 0},
    {"42", "GICv3 379 Level     tegra-p2u-intr", -1, 0, 0},
    {"43", "GICv3 380 Level     tegra-p2u-intr", -1, 0, 0},
    {"44", "GICv3 381 Level     tegra-p2u-intr", -1, 0, 0},
    {"45", "GICv3 382 Level     tegra-p2u-intr", -1, 0, 0},
    {"46", "GICv3 383 Level     tegra-p2u-intr", -1, 0, 0},
    {"47", "GICv3 235 Level     tegra-p2u-intr", -1, 0, 0},
    {"48", "GICv3 252 Level     tegra-p2u-intr", -1, 0, 0},
    {"49", "GICv3 253 Level     tegra-p2u-intr", -1, 0, 0},
    {"50", "GICv3 254 Level     tegra-p2u-intr", -1, 0, 0},
    {"51", "GICv3 140 Level     tegra-p2u-intr", -1, 0, 0},
    {"52", "GICv3 141 Level     tegra-p2u-intr", -1, 0, 0},
    {"53", "GICv3 142 Level     tegra-p2u-intr", -1, 0, 0},
    {"54", "GICv3 143 Level     tegra-p2u-intr", -1, 0, 0},
    {"55", "GICv3  77 Level     tegra-pcie-intr, PCIe PME, aerdrv", -1, 0, 0},
    {"57", "GICv3  83 Level     tegra-pcie-intr", -1, 0, 0},
    {"59", "GICv3 386 Level     tegra-pcie-intr", -1, 0, 0},
    {"61", "GICv3 388 Level     tegra-pcie-intr, PCIe PME, aerdrv", -1, 0, 0},
    {"65", "GICv3 317 Level     uart-pl011", -1, 0, 632},
    {"66", "GICv3 152 Level     3c00000.tegra-hsp", -1, 0, 0},
    {"67", "GICv3  94 Level     mmc1", IRQ_MMC, 0, 0},
    {"68", "GICv3  68 Level     3210000.spi", -1, 0, 0},
    {"69", "GICv3  70 Level     3230000.spi", -1, 0, 0},
    {"70", "GICv3  57 Level     3160000.i2c", -1, 0, 241},
    {"71", "GICv3  58 Level     c240000.i2c", IRQ_I2C, 0, 0},
    {"72", "GICv3  59 Level     3180000.i2c", -1, 0, 2},
    {"73", "GICv3  60 Level     3190000.i2c", -1, 0, 0},
    {"74", "GICv3  62 Level     31b0000.i2c", -1, 0, 0},
    {"75", "GICv3  63 Level     31c0000.i2c", -1, 0, 0},
    {"76", "GICv3  64 Level     c250000.i2c", -1, 0, 0},
    {"77", "GICv3  65 Level     31e0000.i2c", -1, 0, 0},
    {"79", "GICv3 108 Level     gpcdma.0", -1, 0, 0},
    {"80", "GICv3 109 Level     gpcdma.1", -1, 0, 0},
    {"81", "GICv3 110 Level     gpcdma.2", -1, 0, 0},
    {"82", "GICv3 111 Level     gpcdma.3", -1, 0, 0},
    {"83", "GICv3 112 Level     gpcdma.4", -1, 0, 0},
    {"84", "GICv3 113 Level     gpcdma.5", -1, 0, 0},
    {"85", "GICv3 114 Level     gpcdma.6", -1, 0, 0},
    {"86", "GICv3 115 Level     gpcdma.7", -1, 0, 0},
    {"87", "GICv3 116 Level     gpcdma.8", -1, 0, 0},
    {"88", "GICv3 117 Level     gpcdma.9", -1, 0, 0},
    {"89", "GICv3 118 Level     gpcdma.10", -1, 0, 0},
    {"90", "GICv3 119 Level     gpcdma.11", -1, 0, 0},
    {"91", "GICv3 120 Level     gpcdma.12", -1, 0, 0},
    {"92", "GICv3 121 Level     gpcdma.13", -1, 0, 0},
    {"93", "GICv3 122 Level     gpcdma.14", -1, 0, 0},
    {"94", "GICv3 123 Level     gpcdma.15", -1, 0, 0},
    {"95", "GICv3 124 Level     gpcdma.16", -1, 0, 0},
    {"96", "GICv3 125 Level     gpcdma.17", -1, 0, 0},
    {"97", "GICv3 126 Level     gpcdma.18", -1, 0, 0},
    {"98", "GICv3 127 Level     gpcdma.19", -1, 0, 0},
    {"112", "GICv3  92 Level     snd_hda_tegra", -1, 0, 28955693},
    {"113", "GICv3  51 Level     bc00000.rtcpu", -1, 0, 0},
    {"114", "GICv3 242 Level     d230000.actmon", -1, 0, 24335},
    {"115", "GICv3  23 Level     arm-pmu", IRQ_PMU, 0, 0},
    {"116", "GICv3 579 Level     arm_dsu_0", -1, 0, 0},
    {"117", "GICv3 580 Level     arm_dsu_1", -1, 0, 0},
    {"118", "GICv3 581 Level     arm_dsu_2", -1, 0, 0},
    {"119", "GICv3 583 Level     scf-pmu", -1, 0, 0},
    {"120", "GICv3 398 Level     e860000.psc", -1, 0, 0},
    {"121", "GICv3 399 Level     e860000.psc", -1, 0, 0},
    {"122", "GICv3 400 Level     e860000.psc", -1, 0, 0},
    {"123", "GICv3 401 Level     e860000.psc", -1, 0, 0},
    {"124", "GICv3 402 Level     e860000.psc", -1, 0, 0},
    {"125", "GICv3 403 Level     e860000.psc", -1, 0, 0},
    {"126", "GICv3 404 Level     e860000.psc", -1, 0, 0},
    {"127", "GICv3 405 Level     e860000.psc", -1, 0, 0},
    {"128", "GICv3 480 Level     host_syncpt", -1, 0, 183586},
    {"129", "GICv3 481 Level     host_syncpt", -1, 0, 0},
    {"130", "GICv3 482 Level     host_syncpt", -1, 0, 0},
    {"131", "GICv3 483 Level     host_syncpt", -1, 0, 0},
    {"132", "GICv3 484 Level     host_syncpt", -1, 0, 0},
    {"133", "GICv3 485 Level     host_syncpt", -1, 0, 0},
    {"134", "GICv3 486 Level     host_syncpt", -1, 0, 0},
    {"135", "GICv3 487 Level     host_syncpt", -1, 0, 0},
    {"136", "GICv3 295 Level     host_status", -1, 0, 0},
    {"137", "GICv3 238 Level     vic", -1, 0, 0},
    {"138", "GICv3 260 Level     tsec_riscv_irq", -1, 0, 0},
    {"150", "GICv3 165 Level     c150000.tegra-hsp", -1, 0, 6059},
    {"154", "GICv3 208 Level     3c00000.tegra-hsp", IRQ_HSP, 0, 0},
    {"162", "GICv3 160 Level     3d00000.tegra-hsp", -1, 0, 1},
    {"167", "GICv3 214 Level     b950000.tegra-hsp", -1, 0, 128},
    {"171", "GICv3 316 Level     tegra-se-nvrng", -1, 0, 0},
    {"224", "GICv3  39 Level     2190000.watchdog", -1, 0, 75534},
    {"228", "GICv3 199 Level     3610000.xhci", -1, 0, 0},
    {"229", "GICv3 198 Level     3550000.xudc", -1, 0, 0},
    {"230", "GICv3 195 Level     xhci-hcd:usb1", IRQ_USB, 0, 0},
    {"231", "GICv3 196 Level     3610000.xhci", -1, 0, 0},
    {"232", "GICv3 100 Level     gk20a_stall", -1, 0, 0},
    {"233", "GICv3 102 Level     gk20a_stall", IRQ_GPU_STALL, 0, 0},
    {"234", "GICv3 103 Level     gk20a_stall", -1, 0, 241},
    {"235", "GICv3  99 Level     gk20a_nonstall", IRQ_GPU_NONSTALL, 0, 0},
    {"236", "GICv3 408 Level     tegra_dce_isr", -1, 0, 0},
    {"237", "GICv3 409 Level     tegra_dce_isr", -1, 0, 1003},
    {"245", "c360000.pmc  73 Level     tegra_rtc", -1, 0, 0},
    {"246", "c360000.pmc  24 Level     nvvrs-pseq-irq", -1, 0, 0},
    {"247", "nvvrs-pseq-irq   3 Edge      rtc-alarm", -1, 0, 0},
    {"249", "agic-controller  73 Edge", -1, 0, 517},
    {"250", "agic-controller  64 Edge", -1, 0, 259},
    {"252", "agic-controller  94 Edge", -1, 0, 258},
    {"253", "agic-controller  89 Level", -1, 0, 258},
    {"262", "agic-controller  32 Level", -1, 0, 342},
    {"263", "agic-controller  33 Level", -1, 0, 331},
    {"294", "gpio  42 Edge      3400000.sdhci cd", -1, 0, 0},
    {"296", "c360000.pmc  83 Edge      sw-wake", -1, 0, 0},
    {"297", "gpio  35 Edge      force-recovery", -1, 0, 0},
    {"298", "gpio  27 Edge      power-key", -1, 0, 0},
    {"299", "gpio 131 Level     1-0025", -1, 0, 0},
    {"301", "MSI 1074266112 Edge      eth0", IRQ_ETH, 0, 0},
    {"302", "MSI 134742016 Edge      rtl88x2ce", -1, 0, 4427681},
    {"IPI0", "Rescheduling interrupts", IRQ_IPI0, 0, 0},
    {"IPI1", "Function call interrupts", IRQ_IPI1, 0, 0},
    {"IPI2", "CPU stop interrupts", IRQ_IPI2, 0, 0},
    {"IPI3", "CPU stop (for crash dump) interrupts", IRQ_IPI3, 0, 0},
    {"IPI4", "Timer broadcast interrupts", IRQ_IPI4, 0, 0},
    {"IPI5", "IRQ work interrupts", IRQ_IPI5, 0, 0},
    {"IPI6", "CPU wake-up interrupts", IRQ_IPI6, 0, 0},

};
#define N_IRQ_ROWS (sizeof IRQ_ROWS / sizeof IRQ_ROWS[0])

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
            [IRQ_MMC] = c == 0 ? 2 + 40 * load : 0, /* the SD card the board boots from */
            [IRQ_HSP] = c == 0 ? 120 : 0,           /* BPMP calls: sensors, clocks */
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

/* Append one row of proc/interrupts at b + *o (room for it is checked by the caller): a
 * column for each online core, as the kernel lists them. */
static void put_irq_row(const Sim *s, const IrqRowDef *d, int nc, char *b, size_t cap, size_t *o) {
    const SimProcs *sp = s->procs;
    *o += (size_t)snprintf(b + *o, cap - *o, "%3s:", d->label);
    for (int c = 0; c < nc; c++) {
        if (!s->st.core[c].online) {
            continue;
        }
        double v = d->model >= 0 ? sp->irq[d->model][c] : (c == 0 ? (double)d->still : 0);
        *o += (size_t)snprintf(b + *o, cap - *o, " %10.0f", v);
    }
    *o += (size_t)snprintf(b + *o, cap - *o, "     %s", d->desc);
    for (int k = 0; k < d->smmu_contexts; k++) {
        *o += (size_t)snprintf(b + *o, cap - *o, ", arm-smmu-context-fault");
    }
    *o += (size_t)snprintf(b + *o, cap - *o, "\n");
}

static int write_irqs(Sim *s) {
    static char b[96 * 1024]; /* 143 rows, the longest 850 bytes, up to 16 cores */
    SimProcs *sp = s->procs;
    int nc = s->board.n_cpus < SB_MAX_CPUS ? s->board.n_cpus : SB_MAX_CPUS;
    size_t o = 0;
    o += (size_t)snprintf(b + o, sizeof b - o, "    ");
    for (int c = 0; c < nc; c++) {
        if (s->st.core[c].online) {
            o += (size_t)snprintf(b + o, sizeof b - o, "       CPU%d", c);
        }
    }
    o += (size_t)snprintf(b + o, sizeof b - o, "\n");
    for (size_t i = 0; i < N_IRQ_ROWS && sizeof b - o > 2048; i++) {
        put_irq_row(s, &IRQ_ROWS[i], nc, b, sizeof b, &o);
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
