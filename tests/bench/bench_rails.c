/* SPDX-License-Identifier: MIT */
/* bench_rails: sustained throughput of the logging path, unpaced - rails-only and full
 * samples taken and written as CSV rows to a log file - plus the cost of formatting one
 * full row (CSV and JSONL). The paced 1 ms run of the real program is in run.sh.
 *
 *   bench_rails [--root DIR] [--seconds S]     (default: fixture tree, 2 s per figure)
 * Prints figures; asserts nothing about time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "jtune/record/logwriter.h"
#include "jtune/core/logfmt.h"
#include "jtune/platform/sampler.h"

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Take and log samples for `seconds`; returns samples per second (0 on failure). */
static double logged_rate(const char *root, bool rails_only, const char *path, double seconds) {
    Sampler *s;
    SamplerConfig cfg = {.rails_only = rails_only, .rescan_ms = 0};
    if (sampler_open(&s, root, &cfg)) {
        return 0;
    }
    static Schema sc;
    static LogMeta meta;
    static Sample smp;
    const Inventory *inv = sampler_inventory(s);
    schema_build(&sc, inv, rails_only ? SCHEMA_RAILS_ONLY : 0);
    logmeta_init(&meta, inv, "bench", 0, 0, rails_only);
    LogWriter *w;
    if (logwriter_open(&w, path, LOGFMT_CSV) || logwriter_write_header(w, &meta, &sc)) {
        sampler_close(s);
        return 0;
    }
    int64_t t0 = now_ns(), end = t0 + (int64_t)(seconds * 1e9), t = t0;
    long n = 0;
    while (t < end) {
        sampler_take(s, &smp);
        logwriter_write_row(w, &smp);
        n++;
        t = now_ns();
    }
    logwriter_close(w);
    sampler_close(s);
    return (double)n / ((double)(t - t0) / 1e9);
}

/* Mean ns to format one row of the first sample of root. */
static double format_ns(const char *root, LogFmt f) {
    Sampler *s;
    if (sampler_open(&s, root, NULL)) {
        return 0;
    }
    static Schema sc;
    static Sample smp;
    schema_build(&sc, sampler_inventory(s), 0);
    sampler_take(s, &smp);
    sampler_take(s, &smp);
    size_t cap = logfmt_row_bound(f, &sc);
    char *buf = malloc(cap);
    const int n = 20000;
    size_t bytes = 0;
    int64_t t0 = now_ns();
    for (int i = 0; i < n; i++) {
        smp.seq = (uint64_t)i;
        bytes += (size_t)logfmt_row(f, &sc, &smp, buf, cap);
    }
    double ns = (double)(now_ns() - t0) / n;
    printf("  %-38s %10.0f ns/row  (%zu bytes/row, %d columns)\n",
           f == LOGFMT_CSV ? "format one full row, CSV" : "format one full row, JSONL", ns,
           bytes / n, sc.n);
    free(buf);
    sampler_close(s);
    return ns;
}

int main(int argc, char **argv) {
    const char *root = NULL;
    double seconds = 2.0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--root") == 0) {
            root = argv[i + 1];
        } else if (strcmp(argv[i], "--seconds") == 0) {
            seconds = strtod(argv[i + 1], NULL);
        }
    }
    Fixture fx;
    bool own = !root;
    if (own) {
        if (fixture_load(&fx, "orin-nano-super.tree")) {
            fprintf(stderr, "bench_rails: cannot build the fixture tree\n");
            return 1;
        }
        root = fx.root;
    }
    char path[4200];
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/jtune-bench-%d.csv", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    printf("bench_rails: unpaced sampling to a CSV log, %.1f s each, root %s\n", seconds, root);
    double ro = logged_rate(root, true, path, seconds);
    printf("  %-38s %10.0f samples/s  (%.1f us each)\n", "rails-only -> CSV log", ro,
           ro > 0 ? 1e6 / ro : 0.0);
    double full = logged_rate(root, false, path, seconds);
    printf("  %-38s %10.0f samples/s  (%.1f us each)\n", "full sample -> CSV log", full,
           full > 0 ? 1e6 / full : 0.0);
    double csv = format_ns(root, LOGFMT_CSV);
    double jsonl = format_ns(root, LOGFMT_JSONL);
    printf("result rails_unpaced_per_s %.0f\nresult full_unpaced_per_s %.0f\n", ro, full);
    printf("result csv_row_ns %.0f\nresult jsonl_row_ns %.0f\n", csv, jsonl);
    unlink(path);
    if (own) {
        fixture_cleanup(&fx);
    }
    return ro > 0 ? 0 : 1;
}
