/* SPDX-License-Identifier: MIT */
/* uiapp: settings (config file, then the command line), theme and keymap around ui_run, for
 * the live board and for replays. */
#include "jtune/app/uiwire/uiapp.h"

#include "jtune/ui/keymap.h"
#include "jtune/ui/uifiles.h"

#include <errno.h>
#include <limits.h>
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

/* The footer's first message: the first config problem, else the caller's ("" when none). */
static void first_message(const Diag *d, const char *extra, char *out, size_t outsz) {
    out[0] = '\0';
    if (d->n > 0) {
        snprintf(out, outsz, "%s%s", d->msg[0],
                 d->n > 1 ? "  (all messages are printed when jtune exits)" : "");
    } else if (extra) {
        snprintf(out, outsz, "%s", extra);
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
} Settings;

/* Config file, command line, keymap and theme. 0, or 1 when --config cannot be read. */
static int load_settings(const Options *o, const ConfigHooks *hooks, Settings *s) {
    UiPlaces pl;
    uifiles_places(&pl);
    int rc = uifiles_load_config(&pl, o->config, hooks, &s->cfg, &s->diag);
    if (rc < 0) {
        return 1; /* the reason is in s->diag, printed on the way out */
    }
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

/* Run the UI with the settings. Returns the exit status. */
static int run(const Options *o, Settings *s, const UiAppSpec *u) {
    UiSetup setup = {
        .source = u->source,
        .actions = u->actions,
        .theme = &s->theme,
        .mono_theme = s->have_mono ? &s->mono : NULL,
        .color = want_color(o, &s->cfg),
        .glyphs = s->cfg.glyphs,
        .keymap = &s->km,
        .interval_ms = u->interval_ms > 0   ? u->interval_ms
                       : o->interval_ms > 0 ? o->interval_ms
                                            : s->cfg.interval_ms,
        .history = s->cfg.graph_history,
        .unit = s->cfg.temp_unit,
        .n_panels = s->cfg.n_panels,
    };
    memcpy(setup.panels, s->cfg.panels, sizeof setup.panels);
    if (u->set_procs) {
        u->set_procs(u->ctx, s->cfg.procs && !o->no_procs);
    }
    if (u->on_settings) {
        int st = u->on_settings(u->ctx, setup.interval_ms, setup.history, &s->diag);
        if (st) {
            return st;
        }
    }
    setup.start_page = start_page(o, &s->cfg, &s->diag);
    first_message(&s->diag, u->start_message, s->message, sizeof s->message);
    setup.message = s->message;
    setup.message_error = s->diag.n_errors > 0;
    int rc = ui_run(&setup);
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

/* The monitor's sampling range: that of [ui] interval_ms in jtune.ini. */
#define UI_INTERVAL_MIN_MS 50
#define UI_INTERVAL_MAX_MS 60000

int uiapp_run(const Options *o, const UiAppSpec *spec) {
    if (o->interval_ms > 0 &&
        (o->interval_ms < UI_INTERVAL_MIN_MS || o->interval_ms > UI_INTERVAL_MAX_MS)) {
        fprintf(stderr,
                "jtune: --interval %d: the monitor samples every %d..%d ms (for faster "
                "sampling use --headless)\n",
                o->interval_ms, UI_INTERVAL_MIN_MS, UI_INTERVAL_MAX_MS);
        return 2;
    }
    Settings *s = calloc(1, sizeof *s);
    if (!s) {
        fputs("jtune: out of memory\n", stderr);
        return 1;
    }
    int status = load_settings(o, spec->config_hooks, s);
    if (status == 0) {
        status = run(o, s, spec);
    }
    print_diag(&s->diag);
    free(s);
    return status;
}
