/* SPDX-License-Identifier: MIT */
/* conffile: the jtune.ini search order and reading the file (see conffile.h). */
#include "jtune/platform/conffile.h"

#include "jtune/buildinfo.h"
#include "jtune/core/diag.h"
#include "jtune/platform/fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add(char out[][PATH_MAX], int n, int max, const char *a, const char *b) {
    if (n < max && snprintf(out[n], PATH_MAX, "%s%s", a, b) < PATH_MAX) {
        return n + 1;
    }
    return n;
}

int conffile_candidates(const char *cli, const char *xdg_config_home, const char *home,
                        const char *sysconfdir, char out[][PATH_MAX], int max) {
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

int conffile_candidates_env(const char *cli, char out[][PATH_MAX], int max) {
    return conffile_candidates(cli, getenv("XDG_CONFIG_HOME"), getenv("HOME"),
                               JTUNE_INSTALL_SYSCONFDIR, out, max);
}

int conffile_read(char cand[][PATH_MAX], int n, bool required, char **text, size_t *len, char *used,
                  size_t usedsz, Diag *d) {
    *text = NULL;
    *len = 0;
    used[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (!required && !fileio_is_file(cand[i])) {
            continue;
        }
        int rc = fileio_slurp(cand[i], CONFFILE_MAX_BYTES, text, len);
        if (rc < 0) {
            diag_error(d, cand[i], 0, "cannot read: %s", strerror(-rc));
            *text = NULL;
            return required ? rc : 0;
        }
        snprintf(used, usedsz, "%s", cand[i]);
        diag_check_text(*text, *len, cand[i], d);
        return 0;
    }
    return 0;
}
