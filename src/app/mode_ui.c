/* mode_ui: the full-screen monitor on o->root - settings (config file, then the command
 * line), theme, keymap, the sampler as the UI's source, and the tuning actions (none in a
 * monitor-only session: each tuning key then says why and how to enable it). */
#include "jtune/app/modes.h"

#include "jtune/app/wlui.h"

#include "jtune/platform/sampler.h"
#include "jtune/ui/keymap.h"
#include "jtune/ui/ui.h"
#include "jtune/ui/uifiles.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const Inventory *source_inventory(void *ctx) {
    return sampler_inventory(ctx);
}

static int source_take(void *ctx, Sample *out) {
    return sampler_take(ctx, out);
}

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

/* The first problem, for the footer at start ("" when none). */
static void first_problem(const Diag *d, char *out, size_t outsz) {
    out[0] = '\0';
    if (d->n > 0) {
        snprintf(out, outsz, "%s%s", d->msg[0],
                 d->n > 1 ? "  (all messages are printed when jtune exits)" : "");
    }
}

typedef struct {
    Config cfg;
    Keymap km;
    Theme theme;
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
        print_diag(&s->diag);
        return 1;
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
    }
    return 0;
}

/* Run the UI on an open sampler. Returns the exit status. */
static int run(const Options *o, Settings *s, Sampler *sampler) {
    UiActions acts = {.tuning_status = monitor_only_status,
                      .why_unavailable = o->monitor_only ? monitor_only_reason : NULL};
    UiSetup setup = {
        .source = {sampler, source_inventory, source_take},
        .actions = &acts,
        .theme = &s->theme,
        .color = want_color(o, &s->cfg),
        .glyphs = s->cfg.glyphs,
        .keymap = &s->km,
        .interval_ms = o->interval_ms > 0 ? o->interval_ms : s->cfg.interval_ms,
        .history = s->cfg.graph_history,
        .unit = s->cfg.temp_unit,
        .n_panels = s->cfg.n_panels,
    };
    memcpy(setup.panels, s->cfg.panels, sizeof setup.panels);
    WlUi *wl = NULL;
    if (wlui_create(&wl, sampler, &s->workloads) == 0) {
        setup.source = (UiSource){wl, wlui_inventory, wlui_take};
        wlui_actions(wl, &acts);
    }
    setup.start_page = start_page(o, &s->cfg, &s->diag);
    first_problem(&s->diag, s->message, sizeof s->message);
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

int mode_ui(const Options *o) {
    setlocale(LC_ALL, "");
    Settings *s = calloc(1, sizeof *s);
    if (!s) {
        fputs("jtune: out of memory\n", stderr);
        return 1;
    }
    int status = load_settings(o, s);
    Sampler *sampler = NULL;
    if (status == 0) {
        int rc = sampler_open(&sampler, o->root, NULL);
        if (rc < 0) {
            fprintf(stderr, "jtune: cannot read the board under %s: %s\n", o->root ? o->root : "/",
                    strerror(-rc));
            status = 1;
        } else {
            status = run(o, s, sampler);
        }
    }
    sampler_close(sampler);
    print_diag(&s->diag);
    free(s);
    return status;
}
