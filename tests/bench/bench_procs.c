/* SPDX-License-Identifier: MIT */
/* bench_procs: the cost of reading processes and interrupts - a simulated Orin Nano
 * (JetPack 5: nvmap clients readable) with 300 processes under proc/ - per sample, back to
 * back and after a pause (as at 1 Hz, files cold), next to the whole sample without them.
 * As on a booted Jetson, two in three are sleeping kernel threads (one thread each) and the
 * rest user processes of four threads; every one has a schedstat. The samplers' clock moves
 * 1 s per sample, as at 1 Hz (a task quiet for 10 s is checked every 5 s only), and the
 * figures are taken after 15 such samples. The simulator ticks before every sample (outside
 * the timing), so that its daemons, single-threaded, run between samples as on a live board.
 * Last, the process table alone is read on this machine's own /proc, a real kernel's.
 * Target: at most 2 ms per sample at 1 Hz with 300 processes. Prints figures; asserts
 * nothing. Options: --procs N (default 300), --iters N (default 200). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "jtune/platform/jetson/irqs.h"
#include "jtune/platform/jetson/procs.h"
#include "jtune/platform/sampler.h"
#include "jtune/platform/sysfs.h"
#include "jtune/sim/board.h"
#include "jtune/sim/sim.h"

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int put(const char *root, const char *rel, const char *text, size_t n) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0444);
    if (fd < 0) {
        return -errno;
    }
    ssize_t w = write(fd, text, n);
    close(fd);
    return w == (ssize_t)n ? 0 : -EIO;
}

/* A sleeping kernel thread in the format the kernel writes. */
static int add_kthread(const char *root, int pid) {
    char rel[64], text[1024];
    int n = snprintf(text, sizeof text,
                     "%d (kworker/%d:1-events) I 2 0 0 0 -1 69238880 0 0 0 0 0 %d 0 0 20 0 1 0 "
                     "300 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 17 %d 0 0 "
                     "0 0 0 0 0 0 0 0 0 0 0\n",
                     pid, pid % 6, pid % 97, pid % 6);
    snprintf(rel, sizeof rel, "proc/%d/stat", pid);
    int rc = put(root, rel, text, (size_t)n);
    n = snprintf(text, sizeof text,
                 "Name:\tkworker/%d:1-events\nUmask:\t0000\nState:\tI (idle)\nTgid:\t%d\n"
                 "Ngid:\t0\nPid:\t%d\nPPid:\t2\nTracerPid:\t0\nUid:\t0\t0\t0\t0\n"
                 "Gid:\t0\t0\t0\t0\nFDSize:\t64\nGroups:\t\nThreads:\t1\nSigQ:\t0/30000\n"
                 "SigPnd:\t0000000000000000\nCpus_allowed_list:\t%d\n"
                 "voluntary_ctxt_switches:\t%d\nnonvoluntary_ctxt_switches:\t0\n",
                 pid % 6, pid, pid, pid % 6, pid * 3);
    snprintf(rel, sizeof rel, "proc/%d/status", pid);
    return rc ? rc : put(root, rel, text, (size_t)n);
}

/* A process in the format the kernel (and jtune-sim) writes: two in three kernel threads. */
static int add_proc(const char *root, int pid) {
    char rel[64], text[1024], path[4096];
    snprintf(path, sizeof path, "%s/proc/%d", root, pid);
    if (mkdir(path, 0555) < 0 && errno != EEXIST) {
        return -errno;
    }
    int n = snprintf(text, sizeof text, "%d %d %d\n", pid * 1000, pid * 10, pid % 500);
    snprintf(rel, sizeof rel, "proc/%d/schedstat", pid);
    int rc = put(root, rel, text, (size_t)n);
    snprintf(rel, sizeof rel, "proc/%d/cmdline", pid); /* a kernel thread's is empty */
    rc = rc ? rc : put(root, rel, text, 0);
    if (pid % 3 != 0) {
        return rc ? rc : add_kthread(root, pid);
    }
    n = snprintf(text, sizeof text,
                 "%d (worker %d) S 1 %d %d 0 -1 4194560 120 0 0 0 %d %d 0 0 20 0 4 0 900 "
                 "104857600 %d 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 %d 0 0 0 0 0 "
                 "0 0 0 0 0 0 0 0\n",
                 pid, pid, pid, pid, pid % 977, pid % 131, 1000 + pid % 4000, pid % 6);
    snprintf(rel, sizeof rel, "proc/%d/stat", pid);
    rc = rc ? rc : put(root, rel, text, (size_t)n);
    n = snprintf(text, sizeof text,
                 "Name:\tworker %d\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t%d\nNgid:\t0\n"
                 "Pid:\t%d\nPPid:\t1\nTracerPid:\t0\nUid:\t1000\t1000\t1000\t1000\n"
                 "Gid:\t1000\t1000\t1000\t1000\nFDSize:\t64\nGroups:\t4 24 27 1000\n"
                 "VmPeak:\t  120000 kB\nVmSize:\t  102400 kB\nVmLck:\t       0 kB\n"
                 "VmHWM:\t   20000 kB\nVmRSS:\t   %5d kB\nRssAnon:\t    8000 kB\n"
                 "VmData:\t   30000 kB\nVmStk:\t     132 kB\nVmExe:\t    1200 kB\n"
                 "Threads:\t4\nSigQ:\t0/30000\nSigPnd:\t0000000000000000\n"
                 "Cpus_allowed_list:\t0-5\nvoluntary_ctxt_switches:\t%d\n"
                 "nonvoluntary_ctxt_switches:\t%d\n",
                 pid, pid, pid, 4000 + pid % 9000, pid * 7, pid % 50);
    snprintf(rel, sizeof rel, "proc/%d/status", pid);
    rc = rc ? rc : put(root, rel, text, (size_t)n);
    n = snprintf(text, sizeof text, "/usr/bin/worker%c--id%c%d%c", 0, 0, pid, 0);
    snprintf(rel, sizeof rel, "proc/%d/cmdline", pid);
    return rc ? rc : put(root, rel, text, (size_t)n);
}

static double cpu_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int64_t clock_on_ns, clock_off_ns; /* each sampler's modelled clock */
static Sim *g_sim;                        /* ticked before each sample, outside the timing */

static int64_t model_clock(void *ctx) {
    return *(int64_t *)ctx;
}

/* Median of n sampler_takes (pause_ms before each: cold files as at 1 Hz), wall time or
 * this process's CPU time (user + system: what a loaded machine does not inflate). */
static double median_take(Sampler *s, int64_t *clock_ns, int n, int pause_ms, bool cpu) {
    static Sample smp;
    double *t = calloc((size_t)n, sizeof *t);
    for (int i = 0; i < n; i++) {
        if (pause_ms) {
            usleep((useconds_t)pause_ms * 1000);
        }
        *clock_ns += 1000000000;
        sim_tick(g_sim);
        double a = cpu ? cpu_us() : now_us();
        sampler_take(s, &smp);
        t[i] = (cpu ? cpu_us() : now_us()) - a;
    }
    qsort(t, (size_t)n, sizeof *t, cmp_d);
    double m = t[n / 2];
    free(t);
    return m;
}

/* The process table alone on this machine's own /proc (a real kernel's files, whatever
 * runs here): the median CPU time of a read after a 100 ms pause, the reader's clock moving
 * 1 s per read as at 1 Hz, after 15 such reads. -1 when /proc cannot be read. */
static double real_proc_us(int n, int *procs) {
    Sysfs *fs = NULL;
    ProcsReader *r = procs_open();
    if (!r || sysfs_open(&fs, "/") < 0) {
        procs_close(r);
        return -1;
    }
    procs_probe(r, fs);
    int64_t clock_ns = (int64_t)(now_us() * 1000);
    double *t = calloc((size_t)n, sizeof *t);
    for (int i = -15; i < n && t; i++) {
        usleep(100000);
        clock_ns += 1000000000;
        double a = cpu_us();
        procs_read(r, fs, clock_ns);
        if (i >= 0) {
            t[i] = cpu_us() - a;
        }
    }
    *procs = procs_table(r)->total;
    double m = -1;
    if (t) {
        qsort(t, (size_t)n, sizeof *t, cmp_d);
        m = t[n / 2];
    }
    free(t);
    procs_close(r);
    sysfs_close(fs);
    return m;
}

int main(int argc, char **argv) {
    int n_procs = 300, iters = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--procs") == 0) {
            n_procs = atoi(argv[i + 1]);
        } else if (strcmp(argv[i], "--iters") == 0) {
            iters = atoi(argv[i + 1]);
        }
    }
    Fixture fx;
    SimBoard *b = malloc(sizeof *b);
    char path[4096];
    Diag d = {0};
    Sim *sim = NULL;
    const char *why = NULL;
    if (fixture_mkroot(&fx) || simboard_locate("orin-nano", path, sizeof path) ||
        simboard_load(path, b, &d)) {
        fprintf(stderr, "bench_procs: cannot set up the board\n");
        return 1;
    }
    SimConfig cfg = {.root = fx.root, .seed = 1, .hz = 10};
    if (sim_open(&sim, b, &cfg, &why) < 0) {
        fprintf(stderr, "bench_procs: simulator: %s\n", why ? why : "?");
        return 1;
    }
    sim_tick(sim);
    g_sim = sim;
    int have = 0;
    char procdir[4200];
    snprintf(procdir, sizeof procdir, "%s/proc", fx.root);
    DIR *dir = opendir(procdir);
    for (struct dirent *e; dir && (e = readdir(dir)) != NULL;) {
        have += e->d_name[0] >= '1' && e->d_name[0] <= '9'; /* the simulator's own count */
    }
    if (dir) {
        closedir(dir);
    }
    for (int i = 0; have < n_procs; i++, have++) {
        if (add_proc(fx.root, 20000 + i) < 0) {
            fprintf(stderr, "bench_procs: cannot write proc/%d\n", 20000 + i);
            return 1;
        }
    }
    Sampler *with = NULL, *without = NULL;
    SamplerConfig on = {.procs = true}, off = {.procs = false};
    if (sampler_open(&with, fx.root, &on) < 0 || sampler_open(&without, fx.root, &off) < 0) {
        fprintf(stderr, "bench_procs: cannot open the sampler\n");
        return 1;
    }
    static Sample smp;
    clock_on_ns = clock_off_ns = (int64_t)(now_us() * 1000); /* no step back from sampler_open */
    sampler_set_clock(with, model_clock, &clock_on_ns);
    sampler_set_clock(without, model_clock, &clock_off_ns);
    for (int i = 0; i < 15; i++) { /* 15 s at 1 Hz: the first take opens every file */
        clock_on_ns += 1000000000;
        clock_off_ns += 1000000000;
        sim_tick(sim);
        sampler_take(with, &smp);
        sampler_take(without, &smp);
    }
    const ProcTable *t = sampler_procs(with);
    double hot_on = median_take(with, &clock_on_ns, iters, 0, false);
    double hot_off = median_take(without, &clock_off_ns, iters, 0, false);
    double hcpu_on = median_take(with, &clock_on_ns, iters, 0, true);
    double hcpu_off = median_take(without, &clock_off_ns, iters, 0, true);
    int cold_n = iters / 5 > 10 ? iters / 5 : 10;
    double cold_on = median_take(with, &clock_on_ns, cold_n, 100, false);
    double cold_off = median_take(without, &clock_off_ns, cold_n, 100, false);
    double ccpu_on = median_take(with, &clock_on_ns, cold_n, 100, true);
    double ccpu_off = median_take(without, &clock_off_ns, cold_n, 100, true);
    printf("processes and interrupts: %d processes (%d tracked, %d of them with GPU memory "
           "known: %s), %d interrupt rows\n",
           t->total, t->n, t->gpu_ok ? t->n : 0, t->gpu_ok ? "nvmap clients" : t->gpu_why,
           sampler_irqs(with)->n);
    printf("  whole sample, back to back (median of %d): %8.1f us with processes, %8.1f us "
           "without: %8.1f us for them\n",
           iters, hot_on, hot_off, hot_on - hot_off);
    printf("  whole sample after a 100 ms pause (median of %d): %8.1f us with, %8.1f us "
           "without: %8.1f us for them (target: <= 2000 us at 1 Hz)\n",
           cold_n, cold_on, cold_off, cold_on - cold_off);
    printf("  CPU time (user + system) per sample, back to back: %8.1f us with, %8.1f us without: "
           "%8.1f us for them\n",
           hcpu_on, hcpu_off, hcpu_on - hcpu_off);
    printf("  CPU time per sample after a 100 ms pause: %8.1f us with, %8.1f us without: %8.1f us "
           "for them\n",
           ccpu_on, ccpu_off, ccpu_on - ccpu_off);
    printf("result procs_n %d\nresult procs_hot_us %.1f\nresult procs_cold_us %.1f\n"
           "result procs_cold_cpu_us %.1f\n",
           t->total, hot_on - hot_off, cold_on - cold_off, ccpu_on - ccpu_off);
    int real_n = 0;
    double real_us = real_proc_us(cold_n, &real_n);
    if (real_us >= 0) {
        printf("  this machine's own /proc (%d processes): CPU time per read of the process "
               "table after a 100 ms pause (median of %d): %8.1f us\nresult procs_real_cpu_us "
               "%.1f\n",
               real_n, cold_n, real_us, real_us);
    } else {
        printf("  this machine's own /proc: not readable\n");
    }
    sampler_close(with);
    sampler_close(without);
    sim_close(sim);
    fixture_cleanup(&fx);
    free(b);
    return 0;
}
