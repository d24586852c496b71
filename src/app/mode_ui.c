/* SPDX-License-Identifier: MIT */
/* mode_ui: the full-screen monitor on o->root - the helper first (privilege separation), then
 * the settings (uiapp: config file with its workload sections, then the command line, theme,
 * keymap), the sampler as the UI's source, the recorder (uirecord: the R key and --log), the
 * workload page's runner (wlui), the metrics file (promsrc: --prom-textfile), the tuning
 * actions (uiactions; none without the helper: each tuning key then says why and how to
 * enable it), profiles and the audit page (uiprofiles). */
#include "jtune/app/modes.h"

#include "jtune/app/privsep.h"
#include "jtune/app/uiwire/promsrc.h"
#include "jtune/app/uiwire/uiactions.h"
#include "jtune/app/uiwire/uiapp.h"
#include "jtune/app/uiwire/uiprofiles.h"
#include "jtune/app/uiwire/wlui.h"
#include "jtune/platform/jetson/inforead.h"
#include "jtune/platform/sampler.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const Options *o;
    UiSession sn;     /* sampler, helper client, recorder */
    UiActions acts;   /* uiactions, plus the workload page's */
    WlSet workloads;  /* built-ins and [workload.NAME] sections of the config file */
    WlUi *wl;         /* the workload page's runner, fed every sample the UI takes */
    UiProfiles *prof; /* profiles and the audit page (NULL: no audit page) */
    PromSource *prom; /* --prom-textfile */
    Sampler *board;   /* opened before the privilege drop (NULL: open it in open_board) */
    UiSource chain;   /* the session's samples, through the runner and the exporter */
    bool procs;       /* read processes and interrupts ([procs] enabled, --no-procs) */
} Monitor;

static void mon_set_procs(void *ctx, bool on) {
    ((Monitor *)ctx)->procs = on;
}

static void mon_procs(void *ctx, const ProcTable **pt, const IrqTable **it) {
    Monitor *m = ctx;
    *pt = sampler_procs(m->sn.sampler);
    *it = sampler_irqs(m->sn.sampler);
}

static const Inventory *mon_inventory(void *ctx) {
    Monitor *m = ctx;
    return m->chain.inventory(m->chain.ctx);
}

/* The last stage: every sample the UI shows is recorded, with its workload batch. */
static int mon_take(void *ctx, Sample *out) {
    Monitor *m = ctx;
    int rc = m->chain.take(m->chain.ctx, out);
    if (rc == 0) {
        uirecord_row(m->sn.rec, out);
    }
    return rc;
}

static int mon_info(void *ctx, SysInfo *out) {
    return inforead_collect(sampler_sysfs(ctx), out);
}

/* The sampler and the recorder (recording at once with --log FILE). 0 or 1. */
static int open_board(Monitor *m, int interval_ms) {
    const Options *o = m->o;
    UiSession *sn = &m->sn;
    int rc = 0;
    if (m->board) {
        sn->sampler = m->board; /* opened while root-only nodes were still readable */
        m->board = NULL;
    } else {
        SamplerConfig cfg = {.procs = m->procs};
        rc = sampler_open(&sn->sampler, o->root, &cfg);
    }
    if (rc == 0) {
        rc = sampler_set_procs(sn->sampler, m->procs);
    }
    if (rc < 0) {
        fprintf(stderr, "jtune: cannot read the board under %s: %s\n", o->root ? o->root : "/",
                strerror(-rc));
        return 1;
    }
    if (o->log_path && !mode_board_found(sampler_inventory(sn->sampler), o->root)) {
        return 1; /* a recording of empty columns helps nobody */
    }
    LogFmt fmt = o->format == FORMAT_JSONL ? LOGFMT_JSONL : LOGFMT_CSV;
    rc = uirecord_new(&sn->rec, sampler_inventory(sn->sampler), fmt, o->log_max_mb);
    if (rc == 0 && o->log_path) {
        rc = uirecord_start(sn->rec, o->log_path, interval_ms);
        if (rc < 0) {
            fprintf(stderr, "jtune: cannot write log '%s': %s\n", o->log_path, strerror(-rc));
            return 1;
        }
    }
    return rc < 0 ? 1 : 0;
}

/* Once the settings give the interval: the board, the workload runner, the metrics file,
 * chained as the UI's source. 0 or 1 (message printed). */
static int open_session(void *ctx, int interval_ms, int history, Diag *diag) {
    (void)history;
    Monitor *m = ctx;
    wlconf_check(&m->workloads, diag);
    if (open_board(m, interval_ms)) {
        return 1;
    }
    uiprofiles_open(&m->prof, m->o->root, m->sn.tune, &m->sn.changed);
    uiprofiles_fill(&m->acts, m->prof); /* profiles and the audit page */
    m->acts.info_ctx = m->sn.sampler;   /* the board information page */
    m->acts.info_read = mon_info;
    m->acts.info_keep_serial = m->o->keep_serial;
    m->chain = uiactions_source(&m->sn);
    if (wlui_create(&m->wl, m->sn.sampler, &m->workloads) == 0) {
        wlui_actions(m->wl, &m->acts);
        m->chain = wlui_source(m->wl, m->chain);
    }
    if (m->o->prom_textfile) {
        char err[PATH_MAX + 64];
        if (promsrc_open(&m->prom, m->chain, m->o->prom_textfile, interval_ms, err, sizeof err)) {
            fprintf(stderr, "jtune: %s\n", err);
            return 1;
        }
        m->chain = promsrc_source(m->prom);
    }
    return 0;
}

static void close_session(Monitor *m) {
    UiSession *sn = &m->sn;
    wlui_destroy(m->wl); /* stops a workload that is still running */
    uiprofiles_close(m->prof);
    promsrc_close(m->prom);
    const char *path = uirecord_path(sn->rec);
    int err = uirecord_error(sn->rec);
    if (err) {
        fprintf(stderr, "jtune: recording to '%s' stopped: %s\n", path, strerror(-err));
    }
    int rc = uirecord_free(sn->rec);
    if (rc < 0) {
        fprintf(stderr, "jtune: closing '%s': %s\n", path, strerror(-rc));
    }
    sampler_close(sn->sampler);
    tune_stop(sn->tune);
}

/* Usage the monitor refuses. 0 or 2 (message printed). */
static int check_options(const Options *o) {
    if (o->format == FORMAT_TEGRASTATS) {
        fputs("jtune: the monitor records csv or jsonl, not --format tegrastats\n", stderr);
        return 2;
    }
    if (o->log_path && strcmp(o->log_path, "-") == 0) {
        fputs("jtune: the monitor records to a file: --log FILE (rows on stdout: --headless)\n",
              stderr);
        return 2;
    }
    return 0;
}

/* The monitor after privilege separation. Returns the exit status. */
static int run(Monitor *m) {
    char pending_msg[160] = "";
    int pending = tune_connected(m->sn.tune) ? tune_pending(m->sn.tune) : 0;
    if (pending > 0) {
        snprintf(pending_msg, sizeof pending_msg,
                 "%d change(s) from an earlier session are still applied: U undoes them", pending);
    }
    uiactions_fill(&m->acts, &m->sn);
    wlconf_defaults(&m->workloads);
    ConfigHooks hooks = {1, {{WL_SECTION_PREFIX, wlconf_key, &m->workloads}}};
    UiAppSpec spec = {
        .source = {.ctx = m, .inventory = mon_inventory, .take = mon_take, .procs = mon_procs},
        .set_procs = mon_set_procs,
        .actions = &m->acts,
        .start_message = pending_msg[0] ? pending_msg : NULL,
        .config_hooks = &hooks,
        .on_settings = open_session,
        .ctx = m};
    return uiapp_run(m->o, &spec);
}

int mode_ui(const Options *o) {
    /* UTF-8 glyphs follow the environment (ASCII when it has no such locale); numbers (logs,
     * metrics) keep '.' decimals */
    (void)setlocale(LC_CTYPE, "");
    int status = check_options(o);
    if (status) {
        return status;
    }
    Monitor *m = calloc(1, sizeof *m);
    if (!m) {
        fputs("jtune: out of memory\n", stderr);
        return 1;
    }
    m->o = o;
    /* the helper starts while this process still has its privileges, which it then drops
     * for good: before any user file is read or the terminal is touched */
    char err[256] = "";
    SamplerConfig board_cfg = {.procs = !o->no_procs}; /* [procs] enabled is read later */
    if (privsep_start_board(o, &board_cfg, &m->sn.tune, &m->board, err, sizeof err) < 0) {
        fprintf(stderr, "jtune: %s\n", err);
        tune_stop(m->sn.tune);
        sampler_close(m->board);
        free(m);
        return 1;
    }
    status = run(m);
    sampler_close(m->board); /* not taken over when the settings stopped the start */
    close_session(m);
    free(m);
    return status;
}
