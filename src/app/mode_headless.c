/* SPDX-License-Identifier: MIT */
/* mode_headless: sample on a fixed monotonic schedule to stdout or a log file, then print
 * a summary (min/avg/max of the key metrics, energy per rail) on stderr.
 *
 * Order matters: the log and the metrics file are opened before the board is probed, so a
 * bad --log or --prom-textfile path fails before any sampling. Rows are CSV, JSONL or
 * tegrastats lines (--format); with --prom-textfile and no --log the metrics file is the
 * only output. Deadlines are absolute (clock_nanosleep TIMER_ABSTIME), so the
 * schedule does not drift; a run that falls behind by less than a second catches up,
 * beyond that it skips the missed slots. SIGINT/SIGTERM only set a flag; the loop ends,
 * the log is synced and closed whole. --realtime is settled first of all (an error leaves
 * no file behind).
 */
#include "jtune/record/logwriter.h"

#include "jtune/platform/systime.h"

#include "jtune/core/timeunit.h"
#include "jtune/app/modes.h"
#include "jtune/record/promfile.h"
#include "jtune/record/tsout.h"
#include "jtune/app/stopsig.h"
#include "jtune/buildinfo.h"
#include "jtune/core/logmeta.h"
#include "jtune/core/schema.h"
#include "jtune/core/summary.h"
#include "jtune/platform/sampler.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_BACKLOG_NS NS_PER_S /* later than this: skip slots instead of catching up */
/* --realtime: the lowest SCHED_FIFO priority; above every ordinary task, below the kernel's
 * interrupt threads (50) and any control loop that runs real-time on the board */
#define REALTIME_PRIO 1
/* tegrastats: give up after this many samples in a row without a line, spanning at least
 * TS_MAX_MISSED_NS (a busy simulator may stall for a moment; a real board's counters never) */
#define TS_MAX_MISSED    5
#define TS_MAX_MISSED_NS (5 * NS_PER_S)

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
    bool rows;                  /* rows go to stdout or the log (not with only --prom-textfile) */
    bool tegrastats;            /* rows are tegrastats lines */
    TsOut ts;                   /* their running rail averages */
    char *line;                 /* TSOUT_LINE bytes */
    PromFile *prom;             /* --prom-textfile */
    bool prom_failed;           /* the last metrics write failed (said once) */
    int ts_missed;              /* samples in a row that gave no tegrastats line */
    int64_t ts_missed_since_ns; /* mono_ns of the first of them */
    StopSignals sigs;
} Headless;

/* Usage checks this mode adds to cli.c's. 0 or 2 (message printed). */
static int check_options(const Options *o) {
    if (o->format == FORMAT_TEGRASTATS && o->rails_only) {
        fputs("jtune: --format tegrastats needs whole samples: drop --rails-only\n", stderr);
        return 2;
    }
    if (o->prom_textfile) {
        const char *base = strrchr(o->prom_textfile, '/');
        base = base ? base + 1 : o->prom_textfile;
        size_t n = strlen(base);
        if (n <= 5 || strcmp(base + n - 5, ".prom") != 0) {
            fprintf(stderr,
                    "jtune: --prom-textfile '%s': the name must end in .prom (the textfile "
                    "collector reads only *.prom)\n",
                    o->prom_textfile);
            return 2;
        }
    }
    return 0;
}

/* The outputs, before the board is probed, so a bad path fails before any sampling. */
static int open_outputs(Headless *h) {
    const Options *o = h->o;
    h->tegrastats = o->format == FORMAT_TEGRASTATS;
    h->rows = o->log_path || !o->prom_textfile;
    LogFmt fmt = o->format == FORMAT_JSONL ? LOGFMT_JSONL : LOGFMT_CSV;
    int rc = h->rows ? logwriter_open(&h->log, o->log_path, fmt) : 0;
    if (rc) {
        fprintf(stderr, "jtune: cannot write log '%s': %s\n", o->log_path, strerror(-rc));
        return 1;
    }
    if (h->log && logwriter_set_async(h->log) < 0) {
        fprintf(stderr, "jtune: no writer thread for '%s': writing inline\n", o->log_path);
    }
    if (h->log && o->log_max_mb > 0) {
        logwriter_set_max_bytes(h->log, (uint64_t)o->log_max_mb << 20);
    }
    rc = o->prom_textfile ? promfile_open(&h->prom, o->prom_textfile) : 0;
    if (rc) {
        fprintf(stderr, "jtune: cannot write metrics '%s': %s\n", o->prom_textfile, strerror(-rc));
        return 1;
    }
    h->line = h->tegrastats ? malloc(TSOUT_LINE) : NULL;
    if (h->tegrastats && !h->line) {
        fputs("jtune: out of memory\n", stderr);
        return 1;
    }
    tsout_init(&h->ts);
    return 0;
}

bool mode_board_found(const Inventory *inv, const char *root) {
    if (inv->cpu.n_cpus > 0 || inv->n_rails > 0 || inv->n_zones > 0) {
        return true;
    }
    const char *r = root ? root : "/";
    if (access(r, R_OK | X_OK) < 0) {
        fprintf(stderr, "jtune: cannot read the board root '%s': %s\n", r, strerror(errno));
        return false;
    }
    fprintf(stderr,
            "jtune: no board under '%s': no CPUs (sys/devices/system/cpu/possible), no power "
            "rails (hwmon ina3221) and no thermal zones (sys/class/thermal); --root must name "
            "the root of a board's tree\n",
            r);
    return false;
}

/* Open the outputs, then the board; build the schema and write the header. 0 or 1. */
static int headless_setup(Headless *h) {
    const Options *o = h->o;
    int rc = open_outputs(h);
    if (rc) {
        return rc;
    }
    SamplerConfig cfg = {.rails_only = o->rails_only, .rescan_ms = 0, .procs = !o->no_procs};
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
    if (!mode_board_found(inv, o->root)) {
        return 1;
    }
    char capped[256];
    if (inv->capped) { /* never a silent cap: say what does not fit */
        fprintf(stderr, "jtune: note: %s\n", inventory_capped_describe(inv, capped, sizeof capped));
    }
    schema_build(h->sc, inv, o->rails_only ? SCHEMA_RAILS_ONLY : 0);
    logmeta_init(h->meta, inv, JTUNE_VERSION, h->interval_ms, systime_real_ms(), o->rails_only);
    rc = h->log && !h->tegrastats ? logwriter_write_header(h->log, h->meta, h->sc) : 0;
    if (rc) {
        fprintf(stderr, "jtune: cannot write log '%s': %s\n", logwriter_path(h->log),
                strerror(-rc));
        return 1;
    }
    rc = summary_init(&h->sum, inv, h->sc, h->interval_ms);
    h->sum_ok = rc == 0;
    if (rc) {
        fputs("jtune: out of memory\n", stderr);
        return 1;
    }
    return 0;
}

/* The row of h->s: a log row or a tegrastats line (none while it cannot be faithful).
 * 0, or -errno. *wrote tells whether a row went out. */
static int write_row(Headless *h, bool *wrote) {
    *wrote = false;
    if (!h->rows) {
        return 0;
    }
    if (!h->tegrastats) {
        *wrote = true;
        return logwriter_write_row(h->log, h->s);
    }
    const Inventory *inv = sampler_inventory(h->sampler);
    if (!tsout_ready(inv, h->s)) {
        if (h->ts_missed++ == 0) {
            h->ts_missed_since_ns = h->s->mono_ns;
        }
        bool long_enough = h->s->mono_ns - h->ts_missed_since_ns >= TS_MAX_MISSED_NS;
        return h->ts_missed >= TS_MAX_MISSED && long_enough ? -ENODATA : 0;
    }
    h->ts_missed = 0;
    int n = tsout_format(&h->ts, inv, h->s, h->line, TSOUT_LINE);
    if (n < 0) {
        return n;
    }
    *wrote = true;
    return logwriter_write_line(h->log, h->line, (size_t)n, h->s->mono_ns);
}

/* Why tegrastats lines stopped: the first online core whose load is unknown. */
static void ts_explain(const Headless *h) {
    const Inventory *inv = sampler_inventory(h->sampler);
    int cpu = 0;
    while (cpu < inv->cpu.n_cpus && (h->s->cpu[cpu].util_pct10.ok ||
                                     (h->s->cpu[cpu].online.ok && h->s->cpu[cpu].online.v == 0))) {
        cpu++;
    }
    fprintf(stderr,
            "jtune: --format tegrastats: no line could be formatted in %d samples in a row: the "
            "load of cpu%d is unknown (proc/stat under '%s' gives no changing counters); "
            "--format csv logs what is known\n",
            h->ts_missed, cpu, h->o->root ? h->o->root : "/");
}

/* Metrics for the fleet: a failure is said once and retried at the next sample. */
static void write_metrics(Headless *h) {
    if (!h->prom) {
        return;
    }
    int rc = promfile_write(h->prom, sampler_inventory(h->sampler), h->s, &h->sum.energy);
    if (rc && !h->prom_failed) {
        fprintf(stderr, "jtune: cannot write metrics '%s': %s (retrying every interval)\n",
                promfile_path(h->prom), strerror(-rc));
    }
    h->prom_failed = rc != 0;
}

/* One sample: take, log, account, export. 0 to go on, 1 to stop cleanly, -1 on failure.
 * *counted: the sample counts towards --count (a tegrastats run does not count the
 * sample it could not print). */
static int step(Headless *h, bool *counted) {
    int rc = sampler_take(h->sampler, h->s);
    if (rc) {
        fprintf(stderr, "jtune: sampling failed: %s\n", strerror(-rc));
        return -1;
    }
    bool wrote;
    rc = write_row(h, &wrote);
    if (rc == -EPIPE) {
        return 1; /* the reader went away (e.g. `| head`): a normal end */
    }
    if (rc == -ENODATA) {
        ts_explain(h);
        return -1;
    }
    if (rc) {
        fprintf(stderr, "jtune: cannot write log '%s': %s\n", logwriter_path(h->log),
                strerror(-rc));
        return -1;
    }
    summary_add(&h->sum, h->s);
    write_metrics(h);
    *counted = wrote || !h->tegrastats;
    return 0;
}

/* --realtime: this thread (the sampling loop) goes to SCHED_FIFO before anything is opened;
 * the log writer thread starts as an ordinary task (logwriter.c). 0, or 1 with a message. */
static int go_realtime(const Options *o) {
    if (!o->realtime) {
        return 0;
    }
    int rc = systime_realtime_thread(REALTIME_PRIO);
    if (rc) {
        fprintf(stderr,
                "jtune: --realtime: cannot sample under SCHED_FIFO: %s (needs root, "
                "CAP_SYS_NICE or an RLIMIT_RTPRIO of at least %d: ulimit -r %d)\n",
                strerror(-rc), REALTIME_PRIO, REALTIME_PRIO);
        return 1;
    }
    return 0;
}

/* --realtime, once everything the loop uses is open and allocated: lock it in memory. */
static void lock_memory(const Options *o) {
    int rc = o->realtime ? systime_lock_memory() : 0;
    if (rc) { /* the schedule still holds; a page fault may delay a sample */
        fprintf(stderr, "jtune: note: --realtime: memory not locked: %s (RLIMIT_MEMLOCK)\n",
                strerror(-rc));
    }
}

/* The sampling loop. Returns the exit status. */
static int headless_loop(Headless *h) {
    const Options *o = h->o;
    int64_t period = (int64_t)h->interval_ms * NS_PER_MS;
    int64_t deadline = systime_mono_ns();
    int64_t end =
        o->duration_s > 0 ? deadline + (int64_t)(o->duration_s * (double)NS_PER_S) : INT64_MAX;
    long taken = 0;
    while (!stopsig_flag) {
        bool counted = false;
        int rc = step(h, &counted);
        if (rc) {
            return rc < 0 ? 1 : 0;
        }
        taken += counted;
        if (o->count > 0 && taken >= o->count) {
            break;
        }
        deadline += period;
        if (deadline > end) {
            break; /* the run covers [start, start + duration] */
        }
        int64_t now = systime_mono_ns();
        if (now - deadline > MAX_BACKLOG_NS) {
            deadline += (now - deadline) / period * period; /* skip, keep the phase */
        }
        systime_sleep_until_ns(deadline, &stopsig_flag);
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
        if (stopsig_flag) {
            fprintf(stderr, "jtune: stopped by %s\n", stopsig_name());
        }
        summary_free(&h->sum);
    }
    if (h->log) {
        int64_t waited_ns = 0;
        uint64_t full = logwriter_queue_full(h->log, &waited_ns);
        if (full) { /* never silent: the disk could not keep up and sampling waited */
            fprintf(stderr,
                    "jtune: log '%s': the write queue was full %llu times; sampling waited "
                    "%.1f ms in all (no row dropped)\n",
                    h->o->log_path ? h->o->log_path : "-", (unsigned long long)full,
                    (double)waited_ns / 1e6);
        }
        int rc = logwriter_close(h->log);
        if (rc && rc != -EPIPE && status == 0) {
            fprintf(stderr, "jtune: cannot write log '%s': %s\n",
                    h->o->log_path ? h->o->log_path : "-", strerror(-rc));
            status = 1;
        }
    }
    promfile_close(h->prom, true); /* a stopped run exports nothing rather than stale values */
    sampler_close(h->sampler);
    free(h->line);
    free(h->sc);
    free(h->meta);
    free(h->s);
    return status;
}

int mode_headless(const Options *o) {
    int status = check_options(o);
    status = status ? status : go_realtime(o);
    if (status) {
        return status;
    }
    Headless h;
    memset(&h, 0, sizeof h);
    h.o = o;
    h.interval_ms = o->interval_ms > 0 ? o->interval_ms : 1000;
    status = headless_setup(&h);
    if (status == 0) {
        lock_memory(o);
        stopsig_install(&h.sigs);
        status = headless_loop(&h);
        stopsig_restore(&h.sigs);
    }
    return headless_finish(&h, status);
}
