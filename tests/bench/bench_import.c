/* SPDX-License-Identifier: MIT */
/* bench_import: a long tegrastats log (default 1,000,000 lines at 1 Hz, real Orin Nano
 * JetPack 6 lines with moving values) through `jtune import`, `jtune plot` and a replay
 * (load, then play every row in order and seek across the whole log, as the UI does), and
 * the same replay of the imported jtune CSV (a 1,000,000-row recording):
 * lines per second and the peak resident memory of each.
 *
 *   bench_import [--lines N]
 * Prints figures; asserts nothing about time or memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "jtune/record/recording.h"
#include "jtune/core/emuexec.h"
#include "jtune/record/replay.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* N lines, one per second from 09-21-2025 00:00:00, values moving with i. */
static int make_log(const char *path, long n) {
    FILE *f = fopen(path, "w");
    if (!f) {
        return -errno;
    }
    time_t t0 = 1758412800; /* 2025-09-21 00:00:00 UTC */
    for (long i = 0; i < n; i++) {
        time_t t = t0 + i;
        struct tm tm;
        gmtime_r(&t, &tm);
        int k = (int)(i % 97);
        fprintf(f,
                "%02d-%02d-%04d %02d:%02d:%02d RAM %d/7620MB (lfb %dx4MB) SWAP 236/3810MB "
                "(cached 0MB) CPU [%d%%@729,1%%@729,4%%@1510,1%%@729,0%%@729,0%%@729] "
                "EMC_FREQ %d%%@2133 GR3D_FREQ %d%%@[305] NVDEC off NVJPG off NVJPG1 off VIC off "
                "OFA off APE 200 cpu@44.%03dC soc2@43.375C soc0@42.125C gpu@44.531C "
                "tj@44.531C soc1@43.156C VDD_IN %dmW/2957mW VDD_CPU_GPU_CV 486mW/486mW "
                "VDD_SOC 1012mW/1012mW\n",
                tm.tm_mon + 1, tm.tm_mday, tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
                3600 + k, 60 + k, k, k % 20, k, k * 10, 2900 + k * 3);
    }
    return fclose(f) ? -errno : 0;
}

static double cpu_s(const struct rusage *ru) {
    return (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) +
           (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
}

/* Run argv; wall *secs, *cpu (user + system) and *maxrss_kib of the child. 0 or the exit
 * status. */
static int run(const char *const argv[], double *secs, double *cpu, long *maxrss_kib) {
    double t = now_s();
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null < 0 || dup2(null, 2) < 0) {
            _exit(126);
        }
        execv(argv[0], EMUEXEC_UNCONST(argv));
        _exit(127);
    }
    int st = 0;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &st, 0, &ru) < 0) {
        return -1;
    }
    *secs = now_s() - t;
    *cpu = cpu_s(&ru);
    *maxrss_kib = ru.ru_maxrss;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Wall time counts waiting for a shared CPU; CPU time (user + system) does not. */
static void report(const char *what, long lines, double secs, double cpu, long rss_kib) {
    printf("%-8s wall %6.2f s (%8.0f lines/s)  cpu %6.2f s (%8.0f lines/s)  peak RSS %5.1f MB\n",
           what, secs, (double)lines / secs, cpu, (double)lines / cpu, (double)rss_kib * 1.024e-3);
    printf("result %s_lines_per_cpu_s %.0f\nresult %s_rss_mb %.1f\n", what, (double)lines / cpu,
           what, (double)rss_kib * 1.024e-3);
    fflush(stdout);
}

/* Replay in this process (the child of a fork, so its peak memory is its own); what names
 * the figure. The open alone (rows indexed, not loaded) is timed too. */
static int replay_child(const char *what, const char *log, long lines) {
    double t = now_s();
    Recording *r = NULL;
    char err[512];
    if (recording_load(&r, log, NULL, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    struct rusage ru0;
    getrusage(RUSAGE_SELF, &ru0);
    printf("%-8s open %.2f s wall, %.2f s cpu, peak RSS %.1f MB (%zu rows indexed)\n", what,
           now_s() - t, cpu_s(&ru0), (double)ru0.ru_maxrss * 1.024e-3, r->n);
    printf("result %s_open_cpu_s %.2f\nresult %s_open_rss_mb %.1f\n", what, cpu_s(&ru0), what,
           (double)ru0.ru_maxrss * 1.024e-3);
    fflush(stdout);
    Replay p;
    replay_init(&p, r, 0);
    static Sample s;
    for (size_t i = 0; i < r->n; i++) { /* play every row in order */
        recording_sample(r, i, &s);
    }
    for (int k = 0; k < 1000; k++) { /* and seek across it */
        replay_seek(&p, recording_span_ns(r) / 1000 * k, 0);
        recording_sample(r, p.pos, &s);
    }
    double secs = now_s() - t;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    report(what, lines, secs, cpu_s(&ru), ru.ru_maxrss);
    recording_free(r);
    return 0;
}

int main(int argc, char **argv) {
    long lines = 1000000;
    if (argc == 3 && strcmp(argv[1], "--lines") == 0) {
        lines = strtol(argv[2], NULL, 10);
    }
    const char *bdir = getenv("JTUNE_BUILD_DIR");
    const char *tmp = getenv("TMPDIR");
    char jtune[4096], dir[4096], log[4200], out[4200];
    snprintf(jtune, sizeof jtune, "%s/jtune", bdir ? bdir : "build");
    snprintf(dir, sizeof dir, "%s/jtune-bench-import-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        return 1;
    }
    snprintf(log, sizeof log, "%s/tegrastats.log", dir);
    double t = now_s();
    if (make_log(log, lines)) {
        return 1;
    }
    FILE *f = fopen(log, "r");
    fseek(f, 0, SEEK_END);
    printf("bench_import: %ld tegrastats lines, %.0f MB, written in %.1f s\n", lines,
           (double)ftell(f) / 1e6, now_s() - t);
    fclose(f);
    double secs, cpu;
    long rss;
    snprintf(out, sizeof out, "%s/out.csv", dir);
    const char *imp[] = {jtune, "import", log, "-o", out, NULL};
    bool have_csv = run(imp, &secs, &cpu, &rss) == 0;
    if (have_csv) {
        report("import", lines, secs, cpu, rss);
    } else {
        printf("import failed\n");
    }
    char csv[4200];
    snprintf(csv, sizeof csv, "%s", out);
    snprintf(out, sizeof out, "%s/out.svg", dir);
    const char *plot[] = {jtune, "plot", log, "-o", out, NULL};
    if (run(plot, &secs, &cpu, &rss) == 0) {
        report("plot", lines, secs, cpu, rss);
    } else {
        printf("plot failed\n");
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        _exit(replay_child("replay", log, lines));
    }
    int st;
    waitpid(pid, &st, 0);
    /* the same rows as a jtune CSV recording (the import's output) */
    pid = have_csv ? fork() : -1;
    if (pid == 0) {
        _exit(replay_child("replay-csv", csv, lines));
    }
    if (pid > 0) {
        waitpid(pid, &st, 0);
    }
    snprintf(out, sizeof out, "rm -rf '%s'", dir);
    return system(out) == 0 ? 0 : 1;
}
