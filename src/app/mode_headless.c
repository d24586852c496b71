/* mode_headless: sample on a fixed monotonic schedule to stdout or a log file, then print
 * a summary (min/avg/max of the key metrics, energy per rail) on stderr.
 *
 * Order matters: the log is opened before the board is probed, so a bad --log path fails
 * before any sampling. Deadlines are absolute (clock_nanosleep TIMER_ABSTIME), so the
 * schedule does not drift; a run that falls behind by less than a second catches up,
 * beyond that it skips the missed slots. SIGINT/SIGTERM only set a flag; the loop ends,
 * the log is synced and closed whole.
 */
#include "jtune/app/logwriter.h"
#include "jtune/app/modes.h"
#include "jtune/buildinfo.h"
#include "jtune/core/logmeta.h"
#include "jtune/core/schema.h"
#include "jtune/core/summary.h"
#include "jtune/platform/sampler.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NS_PER_MS      1000000LL
#define NS_PER_S       1000000000LL
#define MAX_BACKLOG_NS NS_PER_S /* later than this: skip slots instead of catching up */

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig) {
    stop_signal = sig;
}

typedef struct {
    const Options *o;
    int interval_ms;
    LogWriter *log;
    Sampler *sampler;
    Schema *sc;
    LogMeta *meta;
    Sample *s;
    RunSummary sum;
    bool sum_ok;
    struct sigaction old_int, old_term, old_pipe;
} Headless;

static int64_t clock_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

static void signals_install(Headless *h) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop; /* no SA_RESTART: the sleep returns at once */
    stop_signal = 0;
    sigaction(SIGINT, &sa, &h->old_int);
    sigaction(SIGTERM, &sa, &h->old_term);
    sa.sa_handler = SIG_IGN; /* a closed pipe ends the run (EPIPE) instead of killing it */
    sigaction(SIGPIPE, &sa, &h->old_pipe);
}

static void signals_restore(Headless *h) {
    sigaction(SIGINT, &h->old_int, NULL);
    sigaction(SIGTERM, &h->old_term, NULL);
    sigaction(SIGPIPE, &h->old_pipe, NULL);
}

/* Usage checks this mode adds to cli.c's. 0 or 2 (message printed). */
static int check_options(const Options *o) {
    if (o->format == FORMAT_TEGRASTATS) {
        fputs("jtune: --format tegrastats is not supported by --headless yet "
              "(use csv or jsonl)\n",
              stderr);
        return 2;
    }
    if (o->prom_textfile) {
        fputs("jtune: --prom-textfile is not supported by --headless yet\n", stderr);
        return 2;
    }
    return 0;
}

/* Open the log, then the board; build the schema and write the header. 0 or 1. */
static int headless_setup(Headless *h) {
    const Options *o = h->o;
    LogFmt fmt = o->format == FORMAT_JSONL ? LOGFMT_JSONL : LOGFMT_CSV;
    int rc = logwriter_open(&h->log, o->log_path, fmt);
    if (rc) {
        fprintf(stderr, "jtune: cannot write log '%s': %s\n", o->log_path, strerror(-rc));
        return 1;
    }
    if (o->log_max_mb > 0) {
        logwriter_set_max_bytes(h->log, (uint64_t)o->log_max_mb << 20);
    }
    SamplerConfig cfg = {.rails_only = o->rails_only, .rescan_ms = 0};
    rc = sampler_open(&h->sampler, o->root, &cfg);
    if (rc) {
        fprintf(stderr, "jtune: cannot read the board under '%s': %s\n", o->root ? o->root : "/",
                strerror(-rc));
        return 1;
    }
    h->sc = malloc(sizeof *h->sc);
    h->meta = malloc(sizeof *h->meta);
    h->s = malloc(sizeof *h->s);
    if (!h->sc || !h->meta || !h->s) {
        fputs("jtune: out of memory\n", stderr);
        return 1;
    }
    const Inventory *inv = sampler_inventory(h->sampler);
    schema_build(h->sc, inv, o->rails_only ? SCHEMA_RAILS_ONLY : 0);
    logmeta_init(h->meta, inv, JTUNE_VERSION, h->interval_ms, clock_ns(CLOCK_REALTIME) / NS_PER_MS,
                 o->rails_only);
    rc = logwriter_write_header(h->log, h->meta, h->sc);
    if (!rc) {
        rc = summary_init(&h->sum, inv, h->sc, h->interval_ms);
        h->sum_ok = rc == 0;
    }
    if (rc) {
        fprintf(stderr, "jtune: cannot write log '%s': %s\n", logwriter_path(h->log),
                strerror(-rc));
        return 1;
    }
    return 0;
}

/* Sleep until the absolute monotonic deadline, or until a stop signal. */
static void sleep_until(int64_t deadline_ns) {
    struct timespec ts = {(time_t)(deadline_ns / NS_PER_S), (long)(deadline_ns % NS_PER_S)};
    while (!stop_signal && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
}

/* One sample: take, log, account. 0 to go on, 1 to stop cleanly, -1 on failure. */
static int step(Headless *h) {
    int rc = sampler_take(h->sampler, h->s);
    if (rc) {
        fprintf(stderr, "jtune: sampling failed: %s\n", strerror(-rc));
        return -1;
    }
    rc = logwriter_write_row(h->log, h->s);
    if (rc == -EPIPE) {
        return 1; /* the reader went away (e.g. `| head`): a normal end */
    }
    if (rc) {
        fprintf(stderr, "jtune: cannot write log '%s': %s\n", logwriter_path(h->log),
                strerror(-rc));
        return -1;
    }
    summary_add(&h->sum, h->s);
    return 0;
}

/* The sampling loop. Returns the exit status. */
static int headless_loop(Headless *h) {
    const Options *o = h->o;
    int64_t period = (int64_t)h->interval_ms * NS_PER_MS;
    int64_t deadline = clock_ns(CLOCK_MONOTONIC);
    int64_t end = o->duration_s > 0 ? deadline + (int64_t)(o->duration_s * 1e9) : INT64_MAX;
    long taken = 0;
    while (!stop_signal) {
        int rc = step(h);
        if (rc) {
            return rc < 0 ? 1 : 0;
        }
        if (o->count > 0 && ++taken >= o->count) {
            break;
        }
        deadline += period;
        if (deadline > end) {
            break; /* the run covers [start, start + duration] */
        }
        int64_t now = clock_ns(CLOCK_MONOTONIC);
        if (now - deadline > MAX_BACKLOG_NS) {
            deadline += (now - deadline) / period * period; /* skip, keep the phase */
        }
        sleep_until(deadline);
    }
    return 0;
}

static int headless_finish(Headless *h, int status) {
    if (h->sum_ok) {
        char *buf = malloc(16384);
        if (buf && summary_format(&h->sum, buf, 16384) != 0) {
            fputs(buf, stderr);
        }
        free(buf);
        if (stop_signal) {
            fprintf(stderr, "jtune: stopped by %s\n", stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
        }
        summary_free(&h->sum);
    }
    if (h->log) {
        int rc = logwriter_close(h->log);
        if (rc && rc != -EPIPE && status == 0) {
            fprintf(stderr, "jtune: cannot write log '%s': %s\n",
                    h->o->log_path ? h->o->log_path : "-", strerror(-rc));
            status = 1;
        }
    }
    sampler_close(h->sampler);
    free(h->sc);
    free(h->meta);
    free(h->s);
    return status;
}

int mode_headless(const Options *o) {
    int status = check_options(o);
    if (status) {
        return status;
    }
    Headless h;
    memset(&h, 0, sizeof h);
    h.o = o;
    h.interval_ms = o->interval_ms > 0 ? o->interval_ms : 1000;
    status = headless_setup(&h);
    if (status == 0) {
        signals_install(&h);
        status = headless_loop(&h);
        signals_restore(&h);
    }
    return headless_finish(&h, status);
}
