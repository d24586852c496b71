/* SPDX-License-Identifier: MIT */
/* bench_sample: the cost of one full sample (sampler_take) on a board tree, beside the
 * floor - a loop that only preads the files a sample reads: every attribute the sampler
 * registered but the settings, which are read every 5 s (sysfs_attr_setting) - plus heap
 * allocations per sample after the first and the rails-only sample cost.
 *
 *   bench_sample [--root DIR] [--iters N] [--cpu-seconds S]   timing table (default: fixture
 *                                                tree; S = 60, 0 skips the CPU figures)
 * Each cost is measured three ways, for the sample and for the pread floor alike: back to
 * back (warm caches), after a 100 ms sleep (cold, as a 1 Hz sampler sees it), and as the
 * process CPU time per pass over S seconds paced at 1 Hz (utime + stime from /proc/self/stat,
 * and CLOCK_PROCESS_CPUTIME_ID for finer grain); the ratios sample / floor are printed.
 *   bench_sample --root DIR --callgrind-sample N   N full samples after one warm-up
 *   bench_sample --root DIR --callgrind-floor N    N pread passes after one warm-up
 *   bench_sample --make-fixture                 build the fixture tree, print its path, keep it
 * The callgrind modes do nothing else, so two runs with different N give instructions
 * per sample as (Ir(N2) - Ir(N1)) / (N2 - N1) (tests/bench/run.sh does that).
 * Prints figures; asserts nothing about time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "jtune/platform/sampler.h"
#include "jtune/platform/sysfs.h"

/* ---- heap allocation counter (glibc without sanitizers: interpose malloc) ---- */
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define COUNT_ALLOCS 1
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
static volatile uint64_t n_allocs;

void *malloc(size_t n) {
    n_allocs++;
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t m) {
    n_allocs++;
    return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n) {
    n_allocs++;
    return __libc_realloc(p, n);
}
#else
#define COUNT_ALLOCS 0
static volatile uint64_t n_allocs;
#endif

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

typedef struct {
    int64_t median, p10, p90;
} Dist;

static Dist dist_of(int64_t *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_i64);
    return (Dist){v[n / 2], v[n / 10], v[n * 9 / 10]};
}

/* The floor: every attribute the sampler registered but the settings, opened once, pread
 * at 0. */
typedef struct {
    int n;
    int settings; /* registered settings left out */
    int *fd;
    char buf[SYSFS_ATTR_MAX];
} Floor;

static int floor_open(Floor *f, Sampler *s) {
    Sysfs *fs = sampler_sysfs(s);
    size_t n = sysfs_attr_count(fs);
    f->fd = malloc((n ? n : 1) * sizeof *f->fd);
    f->n = 0;
    f->settings = 0;
    for (size_t i = 0; i < n; i++) {
        if (sysfs_attr_is_setting(fs, (AttrId)i)) {
            f->settings++;
            continue;
        }
        int fd = sysfs_openat(fs, sysfs_attr_path(fs, (AttrId)i), O_RDONLY | O_NONBLOCK, 0);
        if (fd >= 0) {
            f->fd[f->n++] = fd;
        }
    }
    return f->n > 0 ? 0 : -ENOENT;
}

static uint64_t floor_pass(Floor *f) {
    uint64_t bytes = 0;
    for (int i = 0; i < f->n; i++) {
        ssize_t r = pread(f->fd[i], f->buf, sizeof f->buf - 1, 0);
        bytes += r > 0 ? (uint64_t)r : 0;
    }
    return bytes;
}

static void floor_close(Floor *f) {
    for (int i = 0; i < f->n; i++) {
        close(f->fd[i]);
    }
    free(f->fd);
}

static Dist time_samples(Sampler *s, Sample *out, int iters, int64_t *v) {
    for (int i = 0; i < iters; i++) {
        int64_t t0 = now_ns();
        sampler_take(s, out);
        v[i] = now_ns() - t0;
    }
    return dist_of(v, iters);
}

static Dist time_floor(Floor *f, int iters, int64_t *v) {
    for (int i = 0; i < iters; i++) {
        int64_t t0 = now_ns();
        floor_pass(f);
        v[i] = now_ns() - t0;
    }
    return dist_of(v, iters);
}

#define COLD_GAP_NS 100000000L /* the sleep before each cold pass */
#define COLD_PASSES 40

static void sleep_ns(long ns) {
    struct timespec ts = {ns / 1000000000L, ns % 1000000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* Median of COLD_PASSES passes, each after a sleep (sample when s, else the floor). */
static Dist time_cold(Sampler *s, Sample *out, Floor *f, int64_t *v) {
    for (int i = 0; i < COLD_PASSES; i++) {
        sleep_ns(COLD_GAP_NS);
        int64_t t0 = now_ns();
        if (s) {
            sampler_take(s, out);
        } else {
            floor_pass(f);
        }
        v[i] = now_ns() - t0;
    }
    return dist_of(v, COLD_PASSES);
}

/* utime + stime of this process in ns (from /proc/self/stat), or -1. */
static int64_t stat_cpu_ns(void) {
    char buf[1024];
    int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) {
        return -1;
    }
    buf[n] = '\0';
    const char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    unsigned long long ut, st;
    if (!p ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2) {
        return -1;
    }
    return (int64_t)((ut + st) * (1000000000ULL / (unsigned long long)sysconf(_SC_CLK_TCK)));
}

static int64_t proc_cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

typedef struct {
    double stat_us, clock_us; /* CPU per pass */
} CpuCost;

/* Paced at 1 Hz for secs seconds on an absolute schedule: CPU time per pass. */
static CpuCost cpu_paced(Sampler *s, Sample *out, Floor *f, int secs) {
    int64_t st0 = stat_cpu_ns(), c0 = proc_cpu_ns();
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (int i = 0; i < secs; i++) {
        next.tv_sec++;
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) != 0) {
        }
        if (s) {
            sampler_take(s, out);
        } else {
            floor_pass(f);
        }
    }
    int64_t st1 = stat_cpu_ns(), c1 = proc_cpu_ns();
    CpuCost c = {-1, (double)(c1 - c0) / secs / 1e3};
    if (st0 >= 0 && st1 >= 0) {
        c.stat_us = (double)(st1 - st0) / secs / 1e3;
    }
    return c;
}

static double ratio(double a, double b) {
    return b > 0 ? a / b : 0.0;
}

static void report_cold(Sampler *s, Sample *out, Floor *f, int64_t *v, int cpu_secs) {
    Dist cs = time_cold(s, out, f, v);
    Dist cf = time_cold(NULL, out, f, v);
    printf("  %-34s %10.1f %10.1f %10.1f\n", "cold sample (after 100 ms sleep)", cs.median / 1e3,
           cs.p10 / 1e3, cs.p90 / 1e3);
    printf("  %-34s %10.1f %10.1f %10.1f\n", "cold floor (after 100 ms sleep)", cf.median / 1e3,
           cf.p10 / 1e3, cf.p90 / 1e3);
    printf("  cold sample / cold floor (median): %.2fx (target <= 1.3x)\n",
           ratio((double)cs.median, (double)cf.median));
    printf("result cold_median_us %.1f\nresult cold_floor_median_us %.1f\n", cs.median / 1e3,
           cf.median / 1e3);
    if (cpu_secs <= 0) {
        return;
    }
    CpuCost ps = cpu_paced(s, out, f, cpu_secs);
    CpuCost pf = cpu_paced(NULL, out, f, cpu_secs);
    printf(
        "  process CPU per pass at 1 Hz over %d s (/proc/self/stat; CLOCK_PROCESS_CPUTIME_ID):\n",
        cpu_secs);
    printf("    sample %.1f us (%.1f us), floor %.1f us (%.1f us): %.2fx (%.2fx)\n", ps.stat_us,
           ps.clock_us, pf.stat_us, pf.clock_us, ratio(ps.stat_us, pf.stat_us),
           ratio(ps.clock_us, pf.clock_us));
    printf("result cpu_sample_us %.1f\nresult cpu_floor_us %.1f\n", ps.clock_us, pf.clock_us);
}

static int callgrind_mode(const char *root, bool floor, long n) {
    Sampler *s;
    static Sample smp;
    if (sampler_open(&s, root, NULL)) {
        return 1;
    }
    sampler_take(s, &smp);
    Floor f;
    if (floor && floor_open(&f, s)) {
        return 1;
    }
    uint64_t bytes = 0;
    for (long i = 0; i < n; i++) {
        if (floor) {
            bytes += floor_pass(&f);
        } else {
            sampler_take(s, &smp);
        }
    }
    if (floor) {
        floor_close(&f);
    }
    printf("%s passes=%ld bytes=%llu\n", floor ? "floor" : "sample", n, (unsigned long long)bytes);
    sampler_close(s);
    return 0;
}

static int report(const char *root, int iters, int cpu_secs) {
    Sampler *s, *rails;
    static Sample smp;
    SamplerConfig rc = {.rails_only = true, .rescan_ms = 0};
    if (sampler_open(&s, root, NULL) || sampler_open(&rails, root, &rc)) {
        fprintf(stderr, "bench_sample: cannot open the board under %s\n", root);
        return 1;
    }
    uint64_t setup_allocs = n_allocs; /* proves the counter counts */
    int64_t *v = malloc((size_t)(iters > COLD_PASSES ? iters : COLD_PASSES) * sizeof *v);
    sampler_take(s, &smp); /* first sample: files opened, rates primed */
    sampler_take(s, &smp);
    uint64_t a0 = n_allocs;
    for (int i = 0; i < 100; i++) {
        sampler_take(s, &smp);
    }
    uint64_t allocs = n_allocs - a0;
    Dist full = time_samples(s, &smp, iters, v);
    Floor f;
    if (floor_open(&f, s)) {
        fprintf(stderr, "bench_sample: no attribute could be opened\n");
        return 1;
    }
    floor_pass(&f);
    Dist fl = time_floor(&f, iters, v);
    sampler_take(rails, &smp);
    Dist ro = time_samples(rails, &smp, iters, v);
    printf("bench_sample: %d iterations, root %s\n", iters, root);
    printf("  %-34s %10s %10s %10s\n", "", "median us", "p10 us", "p90 us");
    printf("  %-34s %10.1f %10.1f %10.1f\n", "full sample (sampler_take)", full.median / 1e3,
           full.p10 / 1e3, full.p90 / 1e3);
    printf("  %-34s %10.1f %10.1f %10.1f\n", "floor (pread only)", fl.median / 1e3, fl.p10 / 1e3,
           fl.p90 / 1e3);
    printf("  %-34s %10.1f %10.1f %10.1f\n", "rails-only sample", ro.median / 1e3, ro.p10 / 1e3,
           ro.p90 / 1e3);
    report_cold(s, &smp, &f, v, cpu_secs);
    printf("  files read per sample: %d (registered attributes; %d settings more every 5 s)\n", f.n,
           f.settings);
    printf("  full / floor, back to back (median): %.2fx\n",
           fl.median > 0 ? (double)full.median / (double)fl.median : 0.0);
    if (COUNT_ALLOCS) {
        printf("  heap allocations per sample after the first: %.2f (target 0; %llu during "
               "setup)\n",
               (double)allocs / 100.0, (unsigned long long)setup_allocs);
    } else {
        printf("  heap allocations per sample: n/a (needs glibc without sanitizers)\n");
    }
    /* machine-readable lines for run.sh's summary table */
    printf("result full_median_us %.1f\nresult floor_median_us %.1f\n", full.median / 1e3,
           fl.median / 1e3);
    printf("result rails_median_us %.1f\nresult files %d\n", ro.median / 1e3, f.n);
    if (COUNT_ALLOCS) {
        printf("result allocs_per_sample %.2f\n", (double)allocs / 100.0);
    }
    floor_close(&f);
    free(v);
    sampler_close(rails);
    sampler_close(s);
    return 0;
}

int main(int argc, char **argv) {
    const char *root = NULL;
    int iters = 2000;
    int cpu_secs = 60;
    long cg = -1;
    bool cg_floor = false;
    if (argc == 2 && strcmp(argv[1], "--make-fixture") == 0) {
        Fixture keep;
        if (fixture_load(&keep, "orin-nano-super.tree")) {
            return 1;
        }
        printf("%s\n", keep.root); /* the caller removes it */
        return 0;
    }
    for (int i = 1; i < argc; i += 2) { /* every option takes one value */
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!next) {
            fprintf(stderr, "usage: bench_sample [--root DIR] [--iters N] [--cpu-seconds S] "
                            "[--callgrind-sample N | --callgrind-floor N]\n");
            return 2;
        }
        if (strcmp(a, "--root") == 0) {
            root = next;
        } else if (strcmp(a, "--iters") == 0) {
            iters = (int)strtol(next, NULL, 10);
        } else if (strcmp(a, "--cpu-seconds") == 0) {
            cpu_secs = (int)strtol(next, NULL, 10);
        } else if (strcmp(a, "--callgrind-sample") == 0 || strcmp(a, "--callgrind-floor") == 0) {
            cg = strtol(next, NULL, 10);
            cg_floor = strcmp(a, "--callgrind-floor") == 0;
        } else {
            fprintf(stderr, "bench_sample: unknown argument %s\n", a);
            return 2;
        }
    }
    Fixture fx;
    bool own = !root;
    if (own) {
        if (fixture_load(&fx, "orin-nano-super.tree")) {
            fprintf(stderr, "bench_sample: cannot build the fixture tree\n");
            return 1;
        }
        root = fx.root;
    }
    if (iters < 10) {
        iters = 10;
    }
    int rc = cg >= 0 ? callgrind_mode(root, cg_floor, cg) : report(root, iters, cpu_secs);
    if (own) {
        fixture_cleanup(&fx);
    }
    return rc;
}
