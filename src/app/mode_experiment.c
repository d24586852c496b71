/* SPDX-License-Identifier: MIT */
/* mode_experiment: jtune experiment --workload NAME --a SETTINGS --b SETTINGS [--repeats N]
 * [--settle MS] [-o FILE.csv] [--log FILE] - the same workload under two sets of settings
 * (each a KEY=VALUE list or a profile name such as cruise or burst),
 * alternated ABAB, changed through jtune-helper (journaled: a crash is undone by
 * jtune --restore), the original state put back at the end and on Ctrl-C. The report goes to
 * stdout as a table, and as CSV to -o FILE.
 */
#include "jtune/record/logwriter.h"
#include "jtune/app/modes.h"
#include "jtune/app/privsep.h"
#include "jtune/record/wllog.h"
#include "jtune/app/profiles.h"
#include "jtune/app/stopsig.h"
#include "jtune/buildinfo.h"
#include "jtune/core/logmeta.h"
#include "jtune/platform/fileio.h"
#include "jtune/sim/simproc.h"
#include "jtune/workload/experiment.h"
#include "jtune/workload/settings.h"
#include "jtune/workload/wlfiles.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_INTERVAL_MS 100
#define REPORT_MAX          8192

typedef struct {
    const Options *o;
    SimProc sim;
    bool sim_started;
    const char *root;
    TuneClient *tune;
    WlSet *set;
    const WlDef *def;
    Sampler *sampler;
    LogWriter *log;
    Schema *sc;
    LogMeta *meta;
    SettingList side[2];
    ProfSession *profiles; /* open when a side names a profile */
    bool is_profile[2];    /* side i is prof[i] rather than side[i]'s settings */
    Profile prof[2];
    bool plan_told[2]; /* side i's plan warnings have been printed */
    int interval_ms;
    char state_dir[PATH_MAX];
    StopSignals sigs;
} ExpCtx;

/* A profile side: resolved against the board as it is now (just restored), then applied
 * as one helper transaction, like --apply-profile. */
static int apply_profile(ExpCtx *c, int side, char *err, size_t errsz) {
    ProfPlan *plan = malloc(sizeof *plan);
    if (!plan) {
        return -ENOMEM;
    }
    Diag d;
    memset(&d, 0, sizeof d);
    int rc = profiles_plan(c->profiles, &c->prof[side], plan, &d);
    for (int k = 0; rc == 0 && !c->plan_told[side] && k < d.n; k++) {
        fprintf(stderr, "jtune: %s\n", d.msg[k]); /* skipped settings, notes: once a side */
    }
    c->plan_told[side] |= rc == 0;
    ProfResult res = {.failed = -1};
    if (rc == 0) {
        rc = profiles_apply(c->profiles, plan, &res);
        if (rc < 0) {
            snprintf(err, errsz, "profile %s: %s", c->prof[side].name, res.msg);
        }
    } else {
        snprintf(err, errsz, "profile %s: %s", c->prof[side].name, d.n ? d.msg[0] : strerror(-rc));
    }
    free(plan);
    return rc;
}

static int tuner_apply(void *ctx, int side, char *err, size_t errsz) {
    ExpCtx *c = ctx;
    int rc = tune_restore(c->tune, NULL, NULL); /* each side starts from the original state */
    if (rc < 0) {
        snprintf(err, errsz, "%s", tune_last_error(c->tune));
        return rc;
    }
    sampler_refresh_settings(c->sampler); /* the log shows each side's settings at once */
    if (c->is_profile[side]) {
        return apply_profile(c, side, err, errsz);
    }
    return settings_apply(c->tune, &c->side[side], err, errsz);
}

static int tuner_restore(void *ctx, char *err, size_t errsz) {
    ExpCtx *c = ctx;
    int failed = 0;
    int rc = tune_restore(c->tune, NULL, &failed);
    sampler_refresh_settings(c->sampler);
    if (rc < 0) {
        snprintf(err, errsz, "%d setting(s) not restored: %s (run jtune --restore)", failed,
                 tune_last_error(c->tune));
    }
    return rc;
}

static void on_run(void *user, int run, int side, const BatchTotals *t) {
    (void)user;
    fprintf(stderr, "jtune: run %d %c: %d batches, %.3f J/batch, %.3f W\n", run, 'A' + side,
            t->batches, t->j.n ? t->j.mean : NAN, t->w.n ? t->w.mean : NAN);
}

static int on_sample(void *user, const Sample *s) {
    ExpCtx *c = user;
    return wllog_row(c->log, s);
}

/* The helper, then (as the invoking user) the workload and the board. 0 or the status. */
static int setup(ExpCtx *c) {
    char err[320] = "";
    if (privsep_start(c->o, &c->tune, err, sizeof err) < 0) {
        fprintf(stderr, "jtune: %s\n", err);
        return 1;
    }
    int rc = wlfiles_load_def(c->set, c->o->config, c->o->workload, &c->def, stderr);
    if (rc) {
        return rc;
    }
    SamplerConfig cfg = {.rails_only = c->o->rails_only};
    rc = sampler_open(&c->sampler, c->root, &cfg);
    if (rc) {
        fprintf(stderr, "jtune: cannot read the board under '%s': %s\n", c->root ? c->root : "/",
                strerror(-rc));
        return 1;
    }
    return 0;
}

/* A side given by name: a profile of this board (cruise, burst, stock, a file). 0 or 2. */
static int load_profile(ExpCtx *c, int i, const char *spec) {
    if (!c->profiles && profiles_open(&c->profiles, c->root, c->tune) < 0) {
        fprintf(stderr, "jtune: --%c %s: cannot read the board's profiles\n", 'a' + i, spec);
        return 2;
    }
    Diag d;
    memset(&d, 0, sizeof d);
    int rc = profiles_load(c->profiles, spec, &c->prof[i], &d);
    for (int k = 0; k < d.n; k++) {
        fprintf(stderr, "jtune: %s\n", d.msg[k]);
    }
    if (rc < 0) {
        fprintf(stderr, "jtune: --%c %s: %s\n", 'a' + i, spec,
                rc == -ENOENT ? "no such profile for this board" : strerror(-rc));
        return 2;
    }
    c->is_profile[i] = true;
    snprintf(c->side[i].text, sizeof c->side[i].text, "profile %s", c->prof[i].name);
    return 0;
}

/* Both sides: a settings list (KEY=VALUE,...) or a profile name. 0 or 2. */
static int parse_sides(ExpCtx *c) {
    const char *text[2] = {c->o->exp_a, c->o->exp_b};
    for (int i = 0; i < 2; i++) {
        char why[256];
        if (!strchr(text[i], '=')) {
            if (load_profile(c, i, text[i])) {
                return 2;
            }
            continue;
        }
        if (settings_parse(text[i], sampler_inventory(c->sampler), &c->side[i], why, sizeof why) <
            0) {
            fprintf(stderr, "jtune: --%c: %s\n", 'a' + i, why);
            return 2;
        }
    }
    return 0;
}

static int open_log(ExpCtx *c) {
    const Options *o = c->o;
    if (!o->log_path) {
        return 0;
    }
    int rc =
        logwriter_open(&c->log, o->log_path, o->format == FORMAT_JSONL ? LOGFMT_JSONL : LOGFMT_CSV);
    if (rc) {
        fprintf(stderr, "jtune: cannot write log '%s': %s\n", o->log_path, strerror(-rc));
        return 1;
    }
    return wllog_header(c->log, c->sc, c->meta, sampler_inventory(c->sampler), c->interval_ms,
                        o->rails_only)
               ? 1
               : 0;
}

/* Write the reports: the table on stdout, the CSV to -o. 0 or 1. */
static int report(ExpCtx *c, const ExpResult *res) {
    char *buf = malloc(REPORT_MAX);
    if (!buf) {
        return 1;
    }
    int status = 0;
    if (experiment_format_table(res, c->def->name, c->side[0].text, c->side[1].text, buf,
                                REPORT_MAX) > 0) {
        fputs(buf, stdout);
        (void)fflush(stdout); /* progress to the terminal: nothing to do if it is gone */
    }
    int n = experiment_format_csv(res, buf, REPORT_MAX);
    if (c->o->output && n > 0) {
        int rc = fileio_write_atomic(c->o->output, buf, (size_t)n, 0644);
        if (rc) {
            fprintf(stderr, "jtune: cannot write '%s': %s\n", c->o->output, strerror(-rc));
            status = 1;
        }
    }
    free(buf);
    return status;
}

static int run(ExpCtx *c) {
    if (!tune_connected(c->tune)) {
        fprintf(stderr, "jtune: experiments change settings through jtune-helper: %s\n",
                tune_status(c->tune));
        return 1;
    }
    if (tune_pending(c->tune) > 0) {
        fprintf(stderr, "jtune: note: %d change(s) left by an earlier session are undone first\n",
                tune_pending(c->tune));
    }
    char demand[PATH_MAX];
    bool sim = wlrun_demand_path(sampler_sysfs(c->sampler), demand, sizeof demand) == 0;
    ExpOpts eo = {.def = c->def,
                  .repeats = c->o->repeats,
                  .settle_ms = c->o->settle_ms,
                  .interval_ms = c->interval_ms,
                  .demand_file = sim ? demand : NULL,
                  .sampler = c->sampler,
                  .tuner = {tuner_apply, tuner_restore, c},
                  .on_sample = on_sample,
                  .user = c,
                  .on_run = on_run,
                  .stop = &stopsig_flag};
    ExpResult *res = malloc(sizeof *res);
    if (!res) {
        return 1;
    }
    stopsig_install(&c->sigs);
    int rc = experiment_run(&eo, sampler_inventory(c->sampler), res);
    stopsig_restore(&c->sigs);
    int status = report(c, res);
    if (stopsig_flag) {
        fprintf(stderr, "jtune: stopped by %s\n", stopsig_name());
    }
    fprintf(stderr, "jtune: %s\n",
            res->restored ? "the original settings are restored"
                          : "the original settings could NOT be restored: run jtune --restore");
    if (rc < 0 || res->error[0]) {
        fprintf(stderr, "jtune: %s\n", res->error);
        status = 1;
    }
    free(res);
    return status;
}

static int finish(ExpCtx *c, int status) {
    if (c->log) {
        int rc = logwriter_close(c->log);
        if (rc && rc != -EPIPE && status == 0) {
            status = 1;
        }
    }
    sampler_close(c->sampler);
    profiles_close(c->profiles);
    tune_stop(c->tune);
    if (c->sim_started) {
        simproc_stop(&c->sim);
    }
    free(c->set);
    free(c->sc);
    free(c->meta);
    return status;
}

int mode_experiment(const Options *o) {
    ExpCtx c;
    memset(&c, 0, sizeof c);
    c.o = o;
    c.root = o->root;
    c.interval_ms = o->interval_ms > 0 ? o->interval_ms : DEFAULT_INTERVAL_MS;
    c.set = malloc(sizeof *c.set);
    c.sc = malloc(sizeof *c.sc);
    c.meta = malloc(sizeof *c.meta);
    if (!c.set || !c.sc || !c.meta) {
        return finish(&c, 1);
    }
    Options child = *o;
    if (o->demo) {
        SimProcOptions so = {.board = o->board, .seed = o->seed, .hz = 10, .quiet = true};
        int rc = simproc_start(&c.sim, &so);
        if (rc < 0) {
            fprintf(stderr, "jtune: cannot start the board simulator: %s\n", strerror(-rc));
            return finish(&c, 1);
        }
        c.sim_started = true;
        c.root = child.root = c.sim.root;
        if (!o->state_dir) {
            /* the private board gets a private journal (removed with it) */
            snprintf(c.state_dir, sizeof c.state_dir, "%s/run/jtune-state", c.sim.root);
            child.state_dir = c.state_dir;
        }
        c.o = &child;
    }
    int status = setup(&c);
    status = status ? status : parse_sides(&c);
    status = status ? status : open_log(&c);
    status = status ? status : run(&c);
    return finish(&c, status);
}
