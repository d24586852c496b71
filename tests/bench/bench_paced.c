/* SPDX-License-Identifier: MIT */
/* bench_paced: rails-only samples paced at N Hz (absolute deadlines) and logged as CSV, the
 * way `jtune --headless --rails-only` does, at rates the command line cannot ask for
 * (--interval takes whole milliseconds): the share of samples taken within 1 ms of their
 * schedule, the worst lateness, and how often the writer thread's ring was full. With
 * --inline the log is written and fsynced on the sampling path (the writer before its
 * thread), for a side-by-side figure; with --realtime the loop runs under SCHED_FIFO with
 * memory locked, as `jtune --headless --realtime` does.
 *
 *   bench_paced --root DIR --log FILE [--hz N] [--seconds S] [--inline] [--realtime]
 * Prints figures; asserts nothing about time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jtune/record/logwriter.h"
#include "jtune/core/logfmt.h"
#include "jtune/platform/sampler.h"
#include "jtune/platform/systime.h"

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_until(int64_t t) {
    struct timespec ts = {(time_t)(t / 1000000000LL), (long)(t % 1000000000LL)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0) {
    }
}

int main(int argc, char **argv) {
    const char *root = NULL, *log = NULL;
    double hz = 1000, seconds = 30;
    bool inline_io = false, realtime = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--inline") == 0) {
            inline_io = true;
        } else if (strcmp(argv[i], "--realtime") == 0) {
            realtime = true;
        } else if (i + 1 < argc && strcmp(argv[i], "--root") == 0) {
            root = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--log") == 0) {
            log = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--hz") == 0) {
            hz = strtod(argv[++i], NULL);
        } else if (i + 1 < argc && strcmp(argv[i], "--seconds") == 0) {
            seconds = strtod(argv[++i], NULL);
        }
    }
    if (!root || !log || hz < 1 || hz > 100000 || seconds <= 0) {
        fprintf(stderr, "usage: bench_paced --root DIR --log FILE [--hz N] [--seconds S] "
                        "[--inline] [--realtime]\n");
        return 2;
    }
    int rt = realtime ? systime_realtime_thread(1) : 0;
    if (rt) {
        fprintf(stderr, "bench_paced: --realtime: %s\n", strerror(-rt));
        return 1;
    }
    Sampler *s;
    SamplerConfig cfg = {.rails_only = true, .rescan_ms = 0};
    static Schema sc;
    static LogMeta meta;
    static Sample smp;
    LogWriter *w;
    if (sampler_open(&s, root, &cfg)) {
        fprintf(stderr, "bench_paced: cannot read %s\n", root);
        return 1;
    }
    const Inventory *inv = sampler_inventory(s);
    schema_build(&sc, inv, SCHEMA_RAILS_ONLY);
    logmeta_init(&meta, inv, "bench", (int)(1000 / hz), 0, true);
    if (logwriter_open(&w, log, LOGFMT_CSV) || (!inline_io && logwriter_set_async(w)) ||
        logwriter_write_header(w, &meta, &sc)) {
        fprintf(stderr, "bench_paced: cannot write %s\n", log);
        sampler_close(s);
        return 1;
    }
    if (realtime && systime_lock_memory()) {
        fprintf(stderr, "bench_paced: --realtime: memory not locked\n");
    }
    int64_t period = (int64_t)(1e9 / hz), t0 = now_ns() + period, worst = 0;
    long n = (long)(seconds * hz), ok = 0;
    for (long k = 0; k < n; k++) {
        int64_t due = t0 + k * period;
        sleep_until(due);
        sampler_take(s, &smp);
        int64_t late = smp.mono_ns - due;
        ok += late <= 1000000;
        worst = late > worst ? late : worst;
        logwriter_write_row(w, &smp);
    }
    int64_t waited = 0;
    uint64_t full = logwriter_queue_full(w, &waited);
    int rc = logwriter_close(w);
    sampler_close(s);
    printf("  %5.0f Hz, %-6s: %ld samples, %.3f %% within 1 ms of schedule, worst %.1f ms late, "
           "ring full %llu times (waited %.1f ms)%s\n",
           hz,
           inline_io  ? "inline"
           : realtime ? "rt"
                      : "thread",
           n, 100.0 * (double)ok / (double)n, (double)worst / 1e6, (unsigned long long)full,
           (double)waited / 1e6, rc ? " (log write failed)" : "");
    return rc ? 1 : 0;
}
