/* SPDX-License-Identifier: MIT */
/* wlfiles: the workloads of jtune.ini (see wlfiles.h). */
#include "jtune/workload/wlfiles.h"

#include "jtune/core/diag.h"
#include "jtune/platform/conffile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wlfiles_load(WlSet *s, const char *cli, Diag *d, char *used, size_t usedsz) {
    wlconf_defaults(s);
    char cand[CONFFILE_MAX][PATH_MAX];
    int n = conffile_candidates_env(cli, cand, CONFFILE_MAX);
    char *text;
    size_t len;
    int rc = conffile_read(cand, n, cli != NULL, &text, &len, used, usedsz, d);
    if (rc < 0 || !text) {
        return rc;
    }
    rc = wlconf_parse(s, text, used, d);
    free(text);
    return rc == -ENOMEM ? rc : 0;
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
