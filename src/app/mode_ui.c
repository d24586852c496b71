/* mode_ui: the full-screen monitor on o->root - the helper first (privilege separation),
 * then settings (config file, then the command line), theme, keymap, the sampler as the UI's
 * source, the recorder, and the tuning actions (none without the helper: each tuning key
 * then says why and how to enable it). */
#include "jtune/app/modes.h"

#include "jtune/app/privsep.h"
#include "jtune/app/uiactions.h"
#include "jtune/app/wlui.h"
#include "jtune/app/uiprofiles.h"
#include "jtune/platform/sampler.h"
#include "jtune/ui/keymap.h"
#include "jtune/ui/ui.h"
#include "jtune/ui/uifiles.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Colours unless --no-color, color = never, or (with color = auto) NO_COLOR is set. */
static bool want_color(const Options *o, const Config *c) {
    if (o->no_color || c->color == COLOR_MODE_NEVER) {
        return false;
    }
    const char *nc = getenv("NO_COLOR");
    return c->color == COLOR_MODE_ALWAYS || !(nc && *nc);
}

/* The page to start on: --page N (tab number), else the config's start_page. */
static int start_page(const Options *o, const Config *c, Diag *d) {
    if (o->start_page > 0) {
        if (o->start_page > c->n_panels + 1) {
            diag_warn(d, "--page", 0, "there are only %d pages; starting on the overview",
                      c->n_panels + 1);
            return 0;
        }
        return o->start_page - 1;
    }
    for (int i = 0; c->start_page >= 0 && i < c->n_panels; i++) {
        if ((int)c->panels[i] == c->start_page) {
            return i + 1;
        }
    }
    if (c->start_page >= 0) {
        diag_warn(d, c->path, 0, "start_page %s is not among the enabled panels",
                  config_panel_name((PanelId)c->start_page));
    }
    return 0;
}

static void print_diag(const Diag *d) {
    for (int i = 0; i < d->n; i++) {
        fprintf(stderr, "jtune: %s\n", d->msg[i]);
    }
    if (d->n_errors + d->n_warnings > d->n) {
        fprintf(stderr, "jtune: (%d more messages not shown)\n",
                d->n_errors + d->n_warnings - d->n);
    }
}

/* The footer's first message: the first config problem, else changes an earlier session
 * left applied ("" when none). */
static void first_problem(const Diag *d, const UiSession *sn, char *out, size_t outsz) {
    out[0] = '\0';
    int pending = tune_connected(sn->tune) ? tune_pending(sn->tune) : 0;
    if (d->n > 0) {
        snprintf(out, outsz, "%s%s", d->msg[0],
                 d->n > 1 ? "  (all messages are printed when jtune exits)" : "");
    } else if (pending > 0) {
        snprintf(out, outsz,
                 "%d change(s) from an earlier session are still applied: U undoes "
                 "them",
                 pending);
    }
}

typedef struct {
    Config cfg;
    Keymap km;
    Theme theme;
    Theme mono; /* for a terminal without colours, when no theme was asked for */
    bool have_mono;
    Diag diag;
    char theme_used[PATH_MAX];
    char message[DIAG_MSG_LEN + 64];
    WlSet workloads; /* built-ins and [workload.NAME] sections of the same file */
} Settings;

/* Config file, command line, keymap and theme. 0, or 1 when --config cannot be read. */
static int load_settings(const Options *o, Settings *s) {
    UiPlaces pl;
    uifiles_places(&pl);
    ConfigHooks hooks = {1, {{WL_SECTION_PREFIX, wlconf_key, &s->workloads}}};
    wlconf_defaults(&s->workloads);
    int rc = uifiles_load_config(&pl, o->config, &hooks, &s->cfg, &s->diag);
    if (rc < 0) {
        return 1; /* the reason is in s->diag, printed on the way out */
    }
    wlconf_check(&s->workloads, &s->diag);
    keymap_defaults(&s->km);
    keymap_apply(&s->km, &s->cfg, &s->diag);
    bool color = want_color(o, &s->cfg);
    const char *spec = o->theme ? o->theme : s->cfg.theme;
    if (!o->theme && !color && strcmp(spec, "default") == 0) {
        spec = "mono"; /* no colours and no theme asked for: the high-contrast one */
    }
    uifiles_load_theme(&pl, spec, &s->theme, &s->diag, s->theme_used, sizeof s->theme_used);
    if (!color) {
        theme_strip_colors(&s->theme);
    } else if (!o->theme && strcmp(spec, "default") == 0) {
        Diag quiet = {0}; /* a missing mono theme is not worth a message: strip instead */
        char used[PATH_MAX];
        s->have_mono = uifiles_load_theme(&pl, "mono", &s->mono, &quiet, used, sizeof used) == 0;
    }
    return 0;
}

/* Run the UI on an open session. Returns the exit status. */
static int run(const Options *o, Settings *s, UiSession *sn, UiProfiles *prof) {
    UiActions acts;
    uiactions_fill(&acts, sn);
    uiprofiles_fill(&acts, prof); /* profiles and the audit page */
    UiSetup setup = {
        .source = uiactions_source(sn),
        .actions = &acts,
        .theme = &s->theme,
        .mono_theme = s->have_mono ? &s->mono : NULL,
        .color = want_color(o, &s->cfg),
        .glyphs = s->cfg.glyphs,
        .keymap = &s->km,
        .interval_ms = o->interval_ms > 0 ? o->interval_ms : s->cfg.interval_ms,
        .history = s->cfg.graph_history,
        .unit = s->cfg.temp_unit,
        .n_panels = s->cfg.n_panels,
    };
    memcpy(setup.panels, s->cfg.panels, sizeof setup.panels);
    WlUi *wl = NULL; /* the workload page's runner, fed every sample the UI takes */
    if (wlui_create(&wl, sn->sampler, &s->workloads) == 0) {
        wlui_actions(wl, &acts);
        setup.source = wlui_source(wl, setup.source);
    }
    setup.start_page = start_page(o, &s->cfg, &s->diag);
    first_problem(&s->diag, sn, s->message, sizeof s->message);
    setup.message = s->message;
    setup.message_error = s->diag.n_errors > 0;
    int rc = ui_run(&setup);
    wlui_destroy(wl); /* stops a workload that is still running */
    if (rc == -ENOTTY) {
        fputs("jtune: the monitor needs a terminal (for plain output use --headless)\n", stderr);
    } else if (rc == -EIO) {
        fprintf(stderr, "jtune: cannot start the terminal (TERM=%s)\n",
                getenv("TERM") ? getenv("TERM") : "");
    } else if (rc < 0) {
        fprintf(stderr, "jtune: %s\n", strerror(-rc));
    }
    return rc < 0 ? 1 : 0;
}

/* The sampler and the recorder (recording at once with --log FILE). 0, 1 or 2. */
static int open_session(const Options *o, const Settings *s, UiSession *sn) {
    if (o->format == FORMAT_TEGRASTATS) {
        fputs("jtune: the monitor records csv or jsonl, not --format tegrastats\n", stderr);
        return 2;
    }
    int rc = sampler_open(&sn->sampler, o->root, NULL);
    if (rc < 0) {
        fprintf(stderr, "jtune: cannot read the board under %s: %s\n", o->root ? o->root : "/",
                strerror(-rc));
        return 1;
    }
    LogFmt fmt = o->format == FORMAT_JSONL ? LOGFMT_JSONL : LOGFMT_CSV;
    rc = uirecord_new(&sn->rec, sampler_inventory(sn->sampler), fmt, o->log_max_mb);
    if (rc == 0 && o->log_path) {
        int iv = o->interval_ms > 0 ? o->interval_ms : s->cfg.interval_ms;
        rc = uirecord_start(sn->rec, o->log_path, iv);
        if (rc < 0) {
            fprintf(stderr, "jtune: cannot write log '%s': %s\n", o->log_path, strerror(-rc));
            return 1;
        }
    }
    return rc < 0 ? 1 : 0;
}

static void close_session(UiSession *sn) {
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

int mode_ui(const Options *o) {
    setlocale(LC_ALL, "");
    Settings *s = calloc(1, sizeof *s);
    if (!s) {
        fputs("jtune: out of memory\n", stderr);
        return 1;
    }
    /* the helper starts while this process still has its privileges, which it then drops
     * for good: before any user file is read or the terminal is touched */
    UiSession sn = {0};
    char err[256] = "";
    if (privsep_start(o, &sn.tune, err, sizeof err) < 0) {
        fprintf(stderr, "jtune: %s\n", err);
        tune_stop(sn.tune);
        free(s);
        return 1;
    }
    int status = load_settings(o, s);
    if (status == 0) {
        status = open_session(o, s, &sn);
    }
    UiProfiles *prof = NULL;
    if (status == 0) {
        uiprofiles_open(&prof, o->root, sn.tune, &sn.changed); /* without it: no audit page */
        status = run(o, s, &sn, prof);
    }
    uiprofiles_close(prof);
    close_session(&sn);
    print_diag(&s->diag);
    free(s);
    return status;
}
