/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the nvpmodel.conf parser (core/nvpconf.c), which the helper runs on the
 * board's conf before every mode switch. Any text must parse or be rejected with a diagnostic
 * that names the file; a conf that parses must format and parse back to the same table, and
 * every lookup on it must stay in bounds. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jtune/core/nvpconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static NvpConf a, b;
static char text[64 * 1024];
static char out[256 * 1024];

static void check_lookups(const NvpConf *c) {
    NvpCaps caps[NVP_MAX_MODES];
    for (int m = 0; m < c->n_modes; m++) {
        int first = -1;
        int n = nvpconf_mode_settings(c, m, &first);
        if (n < 0 || (n > 0 && (first < 0 || first + n > c->n_settings))) {
            abort();
        }
        for (int i = first; n > 0 && i < first + n; i++) {
            if (c->settings[i].mode != m || !nvpconf_conf_val(&c->settings[i])) {
                abort();
            }
        }
        if (nvpconf_mode_caps(c, m, &caps[m]) != 0 || caps[m].n_cpu > NVP_MAX_CPU) {
            abort();
        }
        if (nvpconf_find_mode(c, c->modes[m].id) < 0) {
            abort();
        }
    }
    for (int m = 1; m < c->n_modes; m++) {
        (void)nvpconf_needs_reboot(&caps[m - 1], &caps[m]);
    }
    for (int i = 0; i < c->n_args; i++) {
        const NvpArg *g = &c->args[i];
        if (g->param < 0 || g->param >= c->n_params ||
            !nvpconf_arg_path(c, g->param, g->arg, true) ||
            !nvpconf_arg_path(c, g->param, g->arg, false)) {
            abort(); /* an arg that exists always resolves */
        }
    }
    if (nvpconf_mode_caps(c, c->n_modes, &caps[0]) != -EINVAL) {
        abort();
    }
}

static bool same(const NvpConf *x, const NvpConf *y) {
    if (x->n_params != y->n_params || x->n_args != y->n_args || x->n_modes != y->n_modes ||
        x->n_settings != y->n_settings || x->default_id != y->default_id) {
        return false;
    }
    for (int i = 0; i < x->n_params; i++) {
        if (strcmp(x->params[i].name, y->params[i].name) ||
            x->params[i].type != y->params[i].type) {
            return false;
        }
    }
    for (int i = 0; i < x->n_args; i++) {
        if (x->args[i].param != y->args[i].param || strcmp(x->args[i].arg, y->args[i].arg) ||
            strcmp(x->args[i].path, y->args[i].path)) {
            return false;
        }
    }
    for (int i = 0; i < x->n_modes; i++) {
        if (x->modes[i].id != y->modes[i].id || strcmp(x->modes[i].name, y->modes[i].name)) {
            return false;
        }
    }
    for (int i = 0; i < x->n_settings; i++) {
        const NvpSetting *s = &x->settings[i], *t = &y->settings[i];
        if (s->mode != t->mode || s->param != t->param || strcmp(s->arg, t->arg) ||
            strcmp(s->value, t->value) || s->is_int != t->is_int ||
            (s->is_int && s->ival != t->ival)) {
            return false;
        }
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size >= sizeof text) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    Diag d = {0};
    int rc = nvpconf_parse(text, "fuzz.conf", &a, &d);
    if (rc != 0 && rc != -EINVAL && rc != -ERANGE) {
        abort();
    }
    if (rc == -EINVAL && d.n_errors == 0) {
        abort(); /* a rejection always says why */
    }
    for (int i = 0; i < d.n; i++) {
        if (strncmp(d.msg[i], "fuzz.conf:", 10) != 0 || !memchr(d.msg[i], '\0', DIAG_MSG_LEN)) {
            abort(); /* every message names the file */
        }
    }
    if (a.n_params > NVP_MAX_PARAMS || a.n_args > NVP_MAX_ARGS || a.n_modes > NVP_MAX_MODES ||
        a.n_settings > NVP_MAX_SETTINGS) {
        abort();
    }
    check_lookups(&a);
    if (rc != 0) {
        return 0;
    }
    int n = nvpconf_format(&a, "fuzz", out, sizeof out);
    if (n < 0) {
        abort(); /* a table that fits the limits fits this buffer */
    }
    Diag d2 = {0};
    if (nvpconf_parse(out, "round-trip", &b, &d2) != 0 || !same(&a, &b)) {
        abort(); /* what parses formats back to the same table */
    }
    return 0;
}
