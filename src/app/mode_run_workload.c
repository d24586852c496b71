/* SPDX-License-Identifier: MIT */
/* mode_run_workload: jtune --run-workload NAME - run a workload on the board (or a private
 * simulated one with --demo), write one CSV row per batch (-o FILE, else stdout), log the
 * samples with their batch number (--log FILE), print a summary on stderr.
 *
 * Order: workloads are read and the outputs opened before the board is probed, so a typo
 * or an unwritable path fails at once. SIGINT/SIGTERM stop the workload cleanly (the batch
 * that was cut short is marked, the summary is printed, the exit status is 0).
 */
#include "jtune/record/logwriter.h"
#include "jtune/record/wllog.h"
#include "jtune/app/modes.h"
#include "jtune/app/stopsig.h"
#include "jtune/buildinfo.h"
#include "jtune/core/logmeta.h"
#include "jtune/core/schema.h"
#include "jtune/platform/fileio.h"
#include "jtune/platform/sampler.h"
#include "jtune/sim/simproc.h"
#include "jtune/workload/wlfiles.h"
#include "jtune/workload/wlloop.h"
#include "jtune/workload/wlreport.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_INTERVAL_MS 100 /* energy per batch wants a finer grain than the monitor */

typedef struct {
    const Options *o;
    SimProc sim;
    bool sim_started;
    const char *root;
    WlSet *set;
    const WlDef *def;
    LogWriter *log;
    Schema *sc;
    LogMeta *meta;
    Sampler *sampler;
    Sample *s;
    WlRun *run;
    int csv_fd;
    bool own_csv;
    bool csv_failed;
    int64_t begin_ns;
    int interval_ms;
    char *line; /* WLREPORT_LINE_MAX bytes */
    StopSignals sigs;
} RunCtx;

/* Print the config problems, find the workload. 0 or the exit status. */
static int load_workload(RunCtx *c) {
    return wlfiles_load_def(c->set, c->o->config, c->o->workload, &c->def, stderr);
}

/* The per-batch CSV (-o FILE, or stdout) and the sample log (--log). 0 or 1. */
static int open_outputs(RunCtx *c) {
    const Options *o = c->o;
    c->csv_fd = 1;
    if (o->output && strcmp(o->output, "-") != 0) {
        c->csv_fd = open(o->output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (c->csv_fd < 0) {
            fprintf(stderr, "jtune: cannot write '%s': %s\n", o->output, strerror(errno));
            return 1;
        }
        c->own_csv = true;
    }
    if (o->log_path) {
        int rc = logwriter_open(&c->log, o->log_path,
                                o->format == FORMAT_JSONL ? LOGFMT_JSONL : LOGFMT_CSV);
        if (rc) {
            fprintf(stderr, "jtune: cannot write log '%s': %s\n", o->log_path, strerror(-rc));
            return 1;
        }
    }
    return 0;
}

static void write_csv(RunCtx *c, const char *text, int n) {
    if (n > 0 && !c->csv_failed) {
        int rc = fileio_write_all(c->csv_fd, text, (size_t)n);
        if (rc) {
            fprintf(stderr, "jtune: cannot write the batch table: %s\n", strerror(-rc));
            c->csv_failed = true;
        }
    }
}

static void on_phase(void *user, const PhaseRec *rec) {
    RunCtx *c = user;
    Val base = batch_totals_baseline_mw(wlrun_totals(c->run));
    write_csv(c, c->line, wlreport_csv_row(rec, c->begin_ns, base, c->line, WLREPORT_LINE_MAX));
}

static int on_sample(void *user, const Sample *s) {
    RunCtx *c = user;
    if (c->begin_ns == 0) {
        c->begin_ns = s->mono_ns;
    }
    return wllog_row(c->log, s);
}

/* Probe the board, write the headers, prepare the run. 0 or 1. */
static int setup_run(RunCtx *c) {
    SamplerConfig cfg = {.rails_only = c->o->rails_only};
    int rc = sampler_open(&c->sampler, c->root, &cfg);
    if (rc) {
        fprintf(stderr, "jtune: cannot read the board under '%s': %s\n", c->root ? c->root : "/",
                strerror(-rc));
        return 1;
    }
    const Inventory *inv = sampler_inventory(c->sampler);
    if (c->log && wllog_header(c->log, c->sc, c->meta, inv, c->interval_ms, c->o->rails_only)) {
        return 1;
    }
    write_csv(c, c->line,
              wlreport_csv_header(c->def, inv, JTUNE_VERSION, c->line, WLREPORT_LINE_MAX));
    char demand[PATH_MAX];
    bool sim = wlrun_demand_path(sampler_sysfs(c->sampler), demand, sizeof demand) == 0;
    char err[320];
    WlRunOpts ro = {.def = c->def,
                    .demand_file = sim ? demand : NULL,
                    .interval_ms = c->interval_ms,
                    .out_fd = -1,
                    .on_phase = on_phase,
                    .user = c};
    if (wlrun_create(&c->run, &ro, inv, err, sizeof err)) {
        fprintf(stderr, "jtune: %s\n", err);
        return 1;
    }
    return 0;
}

/* Run to the end and report. The exit status. */
static int run_and_report(RunCtx *c) {
    WlLoop lp = {.sampler = c->sampler,
                 .interval_ms = c->interval_ms,
                 .on_sample = on_sample,
                 .user = c,
                 .stop = &stopsig_flag};
    stopsig_install(&c->sigs);
    int rc = wlloop_run(c->run, &lp, c->s);
    stopsig_restore(&c->sigs);
    if (wlrun_note(c->run)[0]) {
        fprintf(stderr, "jtune: note: %s\n", wlrun_note(c->run));
    }
    char *buf = malloc(8192);
    if (buf && wlreport_summary(wlrun_def(c->run), wlrun_totals(c->run),
                                sampler_inventory(c->sampler), buf, 8192) > 0) {
        fputs(buf, stderr);
    }
    free(buf);
    if (stopsig_flag) {
        fprintf(stderr, "jtune: stopped by %s\n", stopsig_name());
    }
    if (rc == -EIO) {
        fprintf(stderr, "jtune: %s\n", wlrun_error(c->run));
        return 1;
    }
    if (rc && rc != -ECANCELED) {
        fprintf(stderr, "jtune: sampling failed: %s\n", strerror(-rc));
        return 1;
    }
    return c->csv_failed ? 1 : 0;
}

static int start_demo(RunCtx *c) {
    SimProcOptions so = {.board = c->o->board, .seed = c->o->seed, .hz = 10, .quiet = true};
    int rc = simproc_start(&c->sim, &so);
    if (rc < 0) {
        fprintf(stderr, "jtune: cannot start the board simulator: %s\n", strerror(-rc));
        return 1;
    }
    c->sim_started = true;
    c->root = c->sim.root;
    return 0;
}

static int finish(RunCtx *c, int status) {
    wlrun_destroy(c->run);
    if (c->log) {
        int rc = logwriter_close(c->log);
        if (rc && rc != -EPIPE && status == 0) {
            fprintf(stderr, "jtune: cannot write log '%s': %s\n", c->o->log_path, strerror(-rc));
            status = 1;
        }
    }
    if (c->own_csv && close(c->csv_fd) < 0 && status == 0) {
        fprintf(stderr, "jtune: cannot write '%s': %s\n", c->o->output, strerror(errno));
        status = 1;
    }
    sampler_close(c->sampler);
    if (c->sim_started) {
        simproc_stop(&c->sim);
    }
    free(c->set);
    free(c->sc);
    free(c->meta);
    free(c->s);
    free(c->line);
    return status;
}

int mode_run_workload(const Options *o) {
    if (o->format == FORMAT_TEGRASTATS) {
        fputs("jtune: --format tegrastats is not supported with --run-workload "
              "(use csv or jsonl)\n",
              stderr);
        return 2;
    }
    RunCtx c;
    memset(&c, 0, sizeof c);
    c.o = o;
    c.root = o->root;
    c.interval_ms = o->interval_ms > 0 ? o->interval_ms : DEFAULT_INTERVAL_MS;
    c.set = malloc(sizeof *c.set);
    c.sc = malloc(sizeof *c.sc);
    c.meta = malloc(sizeof *c.meta);
    c.s = malloc(sizeof *c.s);
    c.line = malloc(WLREPORT_LINE_MAX);
    if (!c.set || !c.sc || !c.meta || !c.s || !c.line) {
        fputs("jtune: out of memory\n", stderr);
        return finish(&c, 1);
    }
    int status = load_workload(&c);
    status = status ? status : open_outputs(&c);
    status = status ? status : (o->demo ? start_demo(&c) : 0);
    status = status ? status : setup_run(&c);
    status = status ? status : run_and_report(&c);
    return finish(&c, status);
}
