/* SPDX-License-Identifier: MIT */
/* uifiles: search orders for jtune.ini and themes, and loading them. */
#include "jtune/ui/uifiles.h"

#include "jtune/buildinfo.h"
#include "jtune/core/diag.h"
#include "jtune/platform/conffile.h"
#include "jtune/platform/fileio.h"
#include "jtune/platform/selfpath.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FILE_MAX (1 << 20) /* a config or theme file larger than 1 MiB is a mistake */

void uifiles_places(UiPlaces *out) {
    const char *xdg = getenv("XDG_CONFIG_HOME");
    *out = (UiPlaces){.xdg_config_home = xdg && *xdg ? xdg : NULL,
                      .home = getenv("HOME"),
                      .sysconfdir = JTUNE_INSTALL_SYSCONFDIR};
    /* the program's own location (not board data, so not under --root) */
    if (selfpath_data_dir(out->store[0], sizeof out->store[0]) < 0) {
        out->store[0][0] = '\0';
    }
    out->from_build_tree = selfpath_source_dir(out->store[1], sizeof out->store[1]);
    out->datadir = out->store[0];
    out->srcdir = out->store[1];
}

/* $XDG_CONFIG_HOME/jtune or ~/.config/jtune into out; false when neither is known. */
static bool user_dir(const UiPlaces *pl, char *out, size_t outsz) {
    int n;
    if (pl->xdg_config_home) {
        n = snprintf(out, outsz, "%s/jtune", pl->xdg_config_home);
    } else if (pl->home && *pl->home) {
        n = snprintf(out, outsz, "%s/.config/jtune", pl->home);
    } else {
        return false;
    }
    return n > 0 && (size_t)n < outsz;
}

static int add(char out[][PATH_MAX], int n, int max, const char *a, const char *b) {
    if (n < max && snprintf(out[n], PATH_MAX, "%s%s", a, b) < PATH_MAX) {
        return n + 1;
    }
    return n;
}

int uifiles_config_candidates(const UiPlaces *pl, const char *cli, char out[][PATH_MAX], int max) {
    return conffile_candidates(cli, pl->xdg_config_home, pl->home, pl->sysconfdir, out, max);
}

int uifiles_theme_candidates(const UiPlaces *pl, const char *spec, char out[][PATH_MAX], int max) {
    size_t len = strlen(spec);
    if (strchr(spec, '/') || (len > 6 && strcmp(spec + len - 6, ".theme") == 0)) {
        return add(out, 0, max, spec, "");
    }
    int n = 0;
    char dir[PATH_MAX], file[PATH_MAX];
    snprintf(file, sizeof file, "/themes/%s.theme", spec);
    if (user_dir(pl, dir, sizeof dir)) {
        n = add(out, n, max, dir, file);
    }
    return add(out, n, max, pl->from_build_tree ? pl->srcdir : pl->datadir, file);
}

int uifiles_load_config(const UiPlaces *pl, const char *cli, const ConfigHooks *hooks, Config *c,
                        Diag *d) {
    config_defaults(c);
    char cand[UIFILES_MAX][PATH_MAX], used[PATH_MAX];
    int n = uifiles_config_candidates(pl, cli, cand, UIFILES_MAX);
    char *text;
    size_t len;
    int rc = conffile_read(cand, n, cli != NULL, &text, &len, used, sizeof used, d);
    if (rc < 0 || !text) {
        return rc;
    }
    rc = config_parse(c, text, used, hooks, d);
    free(text);
    return rc == -ENOMEM ? rc : 0;
}

int uifiles_load_theme(const UiPlaces *pl, const char *spec, Theme *t, Diag *d, char *used,
                       size_t usedsz) {
    theme_default(t);
    used[0] = '\0';
    char cand[UIFILES_MAX][PATH_MAX];
    int n = uifiles_theme_candidates(pl, spec, cand, UIFILES_MAX);
    for (int i = 0; i < n; i++) {
        if (!fileio_is_file(cand[i])) {
            continue;
        }
        char *text = NULL;
        size_t len;
        int rc = fileio_slurp(cand[i], FILE_MAX, &text, &len);
        if (rc < 0) {
            diag_error(d, cand[i], 0, "cannot read theme: %s", strerror(-rc));
            continue;
        }
        diag_check_text(text, len, cand[i], d);
        theme_parse(t, text, cand[i], d);
        free(text);
        snprintf(used, usedsz, "%s", cand[i]);
        return 0;
    }
    if (strcmp(spec, "default") != 0) {
        diag_error(d, spec, 0, "theme not found (looked in %s%s%s); using the built-in default",
                   n > 0 ? cand[0] : "", n > 1 ? " and " : "", n > 1 ? cand[1] : "");
    }
    return -ENOENT;
}
