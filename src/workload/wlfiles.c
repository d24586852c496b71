/* SPDX-License-Identifier: MIT */
/* wlfiles: the config search and loading for workloads (see wlfiles.h). */
#include "jtune/workload/wlfiles.h"

#include "jtune/buildinfo.h"
#include "jtune/core/diag.h"
#include "jtune/platform/fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONFIG_MAX_BYTES (1u << 20) /* a config larger than 1 MiB is a mistake */

static int add(char out[][512], int n, int max, const char *a, const char *b) {
    if (n < max && snprintf(out[n], 512, "%s%s", a, b) < 512) {
        return n + 1;
    }
    return n;
}

static int wlfiles_candidates(const char *cli, const char *xdg_config_home, const char *home,
                              const char *sysconfdir, char out[][512], int max) {
    if (cli) {
        return add(out, 0, max, cli, "");
    }
    int n = 0;
    if (xdg_config_home && *xdg_config_home) {
        n = add(out, n, max, xdg_config_home, "/jtune/jtune.ini");
    } else if (home && *home) {
        n = add(out, n, max, home, "/.config/jtune/jtune.ini");
    }
    return add(out, n, max, sysconfdir, "/jtune.ini");
}

int wlfiles_load(WlSet *s, const char *cli, Diag *d, char *used, size_t usedsz) {
    wlconf_defaults(s);
    used[0] = '\0';
    char cand[3][512];
    int n = wlfiles_candidates(cli, getenv("XDG_CONFIG_HOME"), getenv("HOME"),
                               JTUNE_INSTALL_SYSCONFDIR, cand, 3);
    for (int i = 0; i < n; i++) {
        char *text = NULL;
        size_t len = 0;
        int rc = fileio_slurp(cand[i], CONFIG_MAX_BYTES, &text, &len);
        if (rc == -ENOENT && !cli) {
            continue;
        }
        if (rc < 0) {
            diag_error(d, cand[i], 0, "cannot read: %s", strerror(-rc));
            return rc;
        }
        snprintf(used, usedsz, "%s", cand[i]);
        diag_check_text(text, len, cand[i], d);
        rc = wlconf_parse(s, text, cand[i], d);
        free(text);
        return rc == -ENOMEM ? rc : 0;
    }
    return 0;
}

int wlfiles_load_def(WlSet *s, const char *cli, const char *name, const WlDef **def, FILE *err) {
    Diag d;
    memset(&d, 0, sizeof d);
    char used[512];
    int rc = wlfiles_load(s, cli, &d, used, sizeof used);
    for (int i = 0; i < d.n; i++) {
        fprintf(err, "jtune: %s\n", d.msg[i]);
    }
    if (rc < 0) {
        return 1;
    }
    *def = wlconf_find(s, name);
    if (*def) {
        return 0;
    }
    fprintf(err, "jtune: no workload '%s'%s%s; available:", name, used[0] ? " in " : "", used);
    for (int i = 0; i < s->n; i++) {
        fprintf(err, " %s", s->def[i].name);
    }
    fputc('\n', err);
    return 2;
}
