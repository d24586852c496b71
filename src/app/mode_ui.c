/* mode_ui: the full-screen monitor on o->root - the helper first (privilege separation), then
 * the settings (uiapp: config file, then the command line, theme, keymap), the sampler as the
 * UI's source, the recorder (uirecord: the R key and --log), the metrics file (promsrc:
 * --prom-textfile) and the tuning actions (uiactions; none without the helper: each tuning
 * key then says why and how to enable it). */
#include "jtune/app/modes.h"

#include "jtune/app/privsep.h"
#include "jtune/app/promsrc.h"
#include "jtune/app/uiactions.h"
#include "jtune/app/uiapp.h"
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
    PromSource *prom; /* --prom-textfile: the session's source, exporting each sample */
} Monitor;

/* The UI's source: the session's, through the metrics exporter when there is one. */
static UiSource inner(Monitor *m) {
    return m->prom ? promsrc_source(m->prom) : uiactions_source(&m->sn);
}

static const Inventory *mon_inventory(void *ctx) {
    UiSource s = inner(ctx);
    return s.inventory(s.ctx);
}

static int mon_take(void *ctx, Sample *out) {
    UiSource s = inner(ctx);
    return s.take(s.ctx, out);
}

/* The sampler, the recorder (recording at once with --log FILE) and the metrics file, once
 * the settings give the interval. 0 or 1 (message printed). */
static int open_session(void *ctx, int interval_ms, int history) {
    (void)history;
    Monitor *m = ctx;
    const Options *o = m->o;
    UiSession *sn = &m->sn;
    int rc = sampler_open(&sn->sampler, o->root, NULL);
    if (rc < 0) {
        fprintf(stderr, "jtune: cannot read the board under %s: %s\n", o->root ? o->root : "/",
                strerror(-rc));
        return 1;
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
    if (rc == 0 && o->prom_textfile) {
        char err[PATH_MAX + 64];
        rc = promsrc_open(&m->prom, uiactions_source(sn), o->prom_textfile, interval_ms, err,
                          sizeof err);
        if (rc < 0) {
            fprintf(stderr, "jtune: %s\n", err);
            return 1;
        }
    }
    return rc < 0 ? 1 : 0;
}

static void close_session(Monitor *m) {
    UiSession *sn = &m->sn;
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

int mode_ui(const Options *o) {
    /* UTF-8 glyphs follow the environment; numbers (logs, metrics) keep '.' decimals */
    setlocale(LC_CTYPE, "");
    int status = check_options(o);
    if (status) {
        return status;
    }
    /* the helper starts while this process still has its privileges, which it then drops
     * for good: before any user file is read or the terminal is touched */
    Monitor m = {.o = o};
    char err[256] = "";
    if (privsep_start(o, &m.sn.tune, err, sizeof err) < 0) {
        fprintf(stderr, "jtune: %s\n", err);
        tune_stop(m.sn.tune);
        return 1;
    }
    char pending_msg[160] = "";
    int pending = tune_connected(m.sn.tune) ? tune_pending(m.sn.tune) : 0;
    if (pending > 0) {
        snprintf(pending_msg, sizeof pending_msg,
                 "%d change(s) from an earlier session are still applied: U undoes them", pending);
    }
    UiActions acts;
    uiactions_fill(&acts, &m.sn);
    UiAppSpec spec = {.source = {.ctx = &m, .inventory = mon_inventory, .take = mon_take},
                      .actions = &acts,
                      .start_message = pending_msg[0] ? pending_msg : NULL,
                      .on_settings = open_session,
                      .ctx = &m};
    status = uiapp_run(o, &spec);
    close_session(&m);
    return status;
}
