/* mode_ui: the full-screen monitor on o->root - the sampler as the UI's source (with the
 * record key, --log and --prom-textfile through livesrc), the settings (uisession), and the
 * tuning actions (none in a monitor-only session: each tuning key then says why and how to
 * enable it). */
#include "jtune/app/modes.h"

#include "jtune/app/livesrc.h"
#include "jtune/app/uisession.h"
#include "jtune/platform/sampler.h"
#include "jtune/ui/keymap.h"
#include "jtune/ui/ui.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *monitor_only_reason(void *ctx, ActionId a) {
    (void)ctx;
    const ActionInfo *info = keymap_info(a);
    if (info && info->group == AG_TUNING) {
        return "tuning is off in this session (--monitor-only): restart jtune without it";
    }
    return NULL;
}

static const char *monitor_only_status(void *ctx) {
    (void)ctx;
    return "monitor only";
}

static int record_set(void *ctx, bool on) {
    return livesrc_record(ctx, on);
}

static bool recording(void *ctx) {
    return livesrc_recording(ctx);
}

static const char *record_path(void *ctx) {
    return livesrc_record_path(ctx);
}

static int on_settings(void *ctx, int interval_ms, int history) {
    (void)history;
    char err[PATH_MAX + 128];
    int rc = livesrc_settings(ctx, interval_ms, err, sizeof err);
    if (rc) {
        fprintf(stderr, "jtune: %s\n", err);
    }
    return rc;
}

/* The UI on an open sampler. Returns the exit status. */
static int run(const Options *o, Sampler *sampler) {
    LiveConfig lc = {.rec = {.path = o->log_path,
                             .format = o->format_set ? o->format : FORMAT_CSV,
                             .max_mb = o->log_max_mb},
                     .record_at_start = o->log_path != NULL,
                     .prom_path = o->prom_textfile};
    LiveSource *ls = NULL;
    char err[PATH_MAX + 128];
    if (livesrc_open(&ls, sampler, &lc, err, sizeof err) < 0) {
        fprintf(stderr, "jtune: %s\n", err);
        return 1;
    }
    UiActions acts = {.ctx = ls,
                      .tuning_status = monitor_only_status,
                      .why_unavailable = o->monitor_only ? monitor_only_reason : NULL,
                      .record_set = record_set,
                      .recording = recording,
                      .record_path = record_path};
    UiSession u = {
        .source = livesrc_source(ls), .actions = &acts, .on_settings = on_settings, .ctx = ls};
    int status = uisession_run(o, &u);
    int rc = livesrc_close(ls);
    return status ? status : rc;
}

int mode_ui(const Options *o) {
    /* UTF-8 glyphs follow the environment; numbers (logs, metrics) keep '.' decimals */
    setlocale(LC_CTYPE, "");
    if (o->log_path && strcmp(o->log_path, "-") == 0) {
        fputs("jtune: the monitor records to a file: --log FILE (for rows on stdout use "
              "--headless)\n",
              stderr);
        return 2;
    }
    Sampler *sampler = NULL;
    int rc = sampler_open(&sampler, o->root, NULL);
    if (rc < 0) {
        fprintf(stderr, "jtune: cannot read the board under %s: %s\n", o->root ? o->root : "/",
                strerror(-rc));
        return 1;
    }
    int status = run(o, sampler);
    sampler_close(sampler);
    return status;
}
