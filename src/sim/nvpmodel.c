/* SPDX-License-Identifier: MIT */
/* nvpmodel: the nvpmodel stand-in for a simulated root (see jtune/sim/nvpmodel.h). */
#include "jtune/sim/nvpmodel.h"

#include "jtune/core/nvpconf.h"
#include "jtune/core/parse.h"
#include "jtune/platform/sysfs.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CONF_MAX   ((size_t)256 * 1024)
#define STATUS_REL "var/lib/nvpmodel/status"

typedef struct {
    const char *root;
    const char *conf; /* absolute path inside the root */
    bool query, print, verbose;
    long mode; /* -m N, or -1 */
} Args;

typedef struct {
    Sysfs *fs;
    NvpConf *c;
    const Args *a;
    FILE *in, *out, *err;
} Nvp;

static void usage(FILE *f) {
    fputs("usage: nvpmodel --root DIR [-f CONF] (-q | -p | -m MODE) [--verbose]\n"
          "  -q, --query        print the current power mode (name, then id)\n"
          "  -p, --print        print the power modes of the table\n"
          "  -m, --mode MODE    switch to mode MODE (asks before a reboot-only change)\n"
          "  -f, --conf CONF    table to use (default /etc/nvpmodel.conf), inside the root\n"
          "  --verbose          also print every parameter with its path and values\n",
          f);
}

static int parse_args(int argc, char **argv, Args *a, FILE *err) {
    *a = (Args){.conf = "/etc/nvpmodel.conf", .mode = -1};
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int64_t n;
        /* argv[i] is never NULL for i < argc (C11 5.1.2.2.1); the analyzer assumes it may be */
        // NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): see the line above
        if (!strcmp(o, "--root") && v) {
            a->root = argv[++i];
        } else if ((!strcmp(o, "-f") || !strcmp(o, "--conf")) && v && v[0] == '/') {
            a->conf = argv[++i];
        } else if (!strcmp(o, "-q") || !strcmp(o, "--query")) {
            a->query = true;
        } else if (!strcmp(o, "-p") || !strcmp(o, "--print")) {
            a->print = true;
        } else if (!strcmp(o, "--verbose")) {
            a->verbose = true;
        } else if ((!strcmp(o, "-m") || !strcmp(o, "--mode")) && v &&
                   parse_i64(v, strlen(v), &n) == 0 && n >= 0 && n <= 9999) {
            a->mode = (long)n;
            i++;
        } else {
            fprintf(err, "nvpmodel: bad or unsupported option: %s\n", o);
            usage(err);
            return -1;
        }
    }
    if (!a->root || (!a->query && !a->print && a->mode < 0)) {
        usage(err);
        return -1;
    }
    return 0;
}

static int load(Nvp *p) {
    char *text = malloc(CONF_MAX);
    if (!text) {
        return -ENOMEM;
    }
    ssize_t n = sysfs_read(p->fs, p->a->conf + 1, text, CONF_MAX);
    if (n < 0) {
        fprintf(p->out, "NVPM ERROR: cannot read %s: %s\n", p->a->conf, strerror((int)-n));
        free(text);
        return (int)n;
    }
    Diag d = {0};
    int rc = nvpconf_parse(text, p->a->conf, p->c, &d);
    free(text);
    for (int i = 0; i < d.n; i++) {
        fprintf(p->out, "NVPM %s: %s\n", strstr(d.msg[i], "warning:") ? "WARN" : "ERROR", d.msg[i]);
    }
    return rc;
}

/* The mode in var/lib/nvpmodel/status, else the table's default. */
static int current_mode(Nvp *p) {
    char buf[256];
    int64_t id;
    ssize_t n = sysfs_read(p->fs, STATUS_REL, buf, sizeof buf);
    if (n > 0 && parse_kv_i64(buf, (size_t)n, "pmode", ':', &id) == 0) {
        return (int)id;
    }
    return p->c->default_id;
}

/* The path nvpmodel would use: the _KNEXT variant when it exists in this tree. */
static const char *arg_path(Nvp *p, int param, const char *arg) {
    const char *knext = nvpconf_arg_path(p->c, param, arg, true);
    if (knext && sysfs_exists(p->fs, knext + 1)) {
        return knext;
    }
    return nvpconf_arg_path(p->c, param, arg, false);
}

static void real_val(Nvp *p, const char *path, char *out, size_t n) {
    if (!path || sysfs_read_str(p->fs, path + 1, out, n) < 0) {
        snprintf(out, n, "(unreadable)");
    }
}

static void print_settings(Nvp *p, int m, bool real) {
    int first;
    int count = nvpconf_mode_settings(p->c, m, &first);
    for (int i = first; i < first + count; i++) {
        const NvpSetting *s = &p->c->settings[i];
        const char *path = arg_path(p, s->param, s->arg);
        fprintf(p->out, "NVPM VERB: PARAM %s: ARG %s: PATH %s: ", p->c->params[s->param].name,
                s->arg, path ? path : "(none)");
        if (real) {
            char v[128];
            real_val(p, path, v, sizeof v);
            fprintf(p->out, "REAL_VAL: %s ", v);
        }
        fprintf(p->out, "CONF_VAL: %s\n", nvpconf_conf_val(s));
    }
}

static int query(Nvp *p) {
    int id = current_mode(p);
    int m = nvpconf_find_mode(p->c, id);
    if (p->a->verbose) {
        fprintf(p->out, "NVPM VERB: Config file: %s\nNVPM VERB: parsing done for %s\n", p->a->conf,
                p->a->conf);
        fprintf(p->out, "NVPM VERB: Current mode: ");
    }
    if (m < 0) {
        fprintf(p->out, "NVPM ERROR: power mode %d is not in %s\n", id, p->a->conf);
        return 1;
    }
    fprintf(p->out, "NV Power Mode: %s\n%d\n", p->c->modes[m].name, id);
    if (p->a->verbose) {
        print_settings(p, m, true);
    }
    return 0;
}

static int print_table(Nvp *p) {
    const char *verb = p->a->verbose ? "NVPM VERB: " : "";
    if (p->a->verbose) {
        fprintf(p->out, "NVPM VERB: Config file: %s\nNVPM VERB: parsing done for %s\n", p->a->conf,
                p->a->conf);
    }
    for (int m = 0; m < p->c->n_modes; m++) {
        fprintf(p->out, "%sPOWER_MODEL: ID=%d NAME=%s\n", verb, p->c->modes[m].id,
                p->c->modes[m].name);
        if (p->a->verbose) {
            print_settings(p, m, false);
        }
    }
    int d = nvpconf_find_mode(p->c, p->c->default_id);
    if (d >= 0) {
        fprintf(p->out, "%sPM_CONFIG: DEFAULT=%s(%d)\n", verb, p->c->modes[d].name,
                p->c->default_id);
    }
    return 0;
}

/* ------------------------------------------------------------------ applying a mode */

/* A clock value rounded into the node's FREQ_TABLE (MIN rounds up, MAX down); -1 (and 0 for an
 * EMC cap) become the top of the table, or of the EMC clock when there is no table. */
static int64_t clock_value(Nvp *p, const NvpSetting *s) {
    int64_t v = s->ival;
    bool is_max = !strcmp(s->arg, "MAX_FREQ");
    bool emc = !strcmp(p->c->params[s->param].name, "EMC");
    const char *tpath = arg_path(p, s->param, "FREQ_TABLE");
    char buf[2048];
    int64_t t[64];
    size_t n = 0;
    if (tpath && sysfs_read(p->fs, tpath + 1, buf, sizeof buf) > 0 &&
        parse_i64_list(buf, strlen(buf), t, 64, &n) == 0 && n > 0) {
        if (v < 0 || (emc && v == 0)) {
            return is_max ? t[n - 1] : t[0];
        }
        if (is_max) { /* the last entry at or below v (tables ascend) */
            int64_t r = t[0];
            for (size_t i = 0; i < n; i++) {
                r = t[i] <= v ? t[i] : r;
            }
            return r;
        }
        for (size_t i = 0; i < n; i++) {
            if (t[i] >= v) {
                return t[i];
            }
        }
        return t[n - 1];
    }
    int64_t top;
    if ((v < 0 || (emc && v == 0)) &&
        sysfs_read_i64(p->fs, "sys/kernel/debug/bpmp/debug/clk/emc/max_rate", &top) == 0) {
        return top;
    }
    return v < 0 ? INT64_MAX : v;
}

static int apply_one(Nvp *p, const NvpSetting *s) {
    const NvpParam *par = &p->c->params[s->param];
    const char *path = arg_path(p, s->param, s->arg);
    char value[32];
    if (!path) {
        return 0;
    }
    if (!strcmp(par->name, "CPU_ONLINE") && !strcmp(s->arg, "CORE_0")) {
        return 0; /* cpu0 cannot go offline and is always online */
    }
    if (par->type == NVP_PARAM_CLOCK && s->is_int) {
        snprintf(value, sizeof value, "%lld", (long long)clock_value(p, s));
    } else {
        snprintf(value, sizeof value, "%s", s->value);
    }
    int rc = sysfs_write(p->fs, path + 1, value);
    if (rc < 0) {
        fprintf(p->out, "NVPM ERROR: failed to write %s to %s: %s\n", value, path, strerror(-rc));
    }
    return rc;
}

static int apply_mode(Nvp *p, int m) {
    int first, failed = 0;
    int count = nvpconf_mode_settings(p->c, m, &first);
    for (int i = first; i < first + count; i++) {
        failed += apply_one(p, &p->c->settings[i]) < 0;
    }
    char status[32];
    snprintf(status, sizeof status, "pmode:%04d\n", p->c->modes[m].id);
    int rc = sysfs_write(p->fs, STATUS_REL, status);
    if (rc < 0) {
        fprintf(p->out, "NVPM ERROR: failed to write /%s: %s\n", STATUS_REL, strerror(-rc));
        failed++;
    }
    return failed ? 1 : 0;
}

/* Ask before a change that needs a reboot. true when the answer is YES/yes. */
static bool confirm_reboot(Nvp *p, int id) {
    char line[64] = "";
    fprintf(p->out, "NVPM WARN: Reboot required for changing to this power mode: %d\n", id);
    fprintf(p->out, "NVPM WARN: DO YOU WANT TO REBOOT NOW? enter YES/yes to confirm:\n");
    (void)fflush(p->out); /* a prompt: a lost terminal shows as EOF on the answer */
    if (!fgets(line, sizeof line, p->in)) {
        return false;
    }
    line[strcspn(line, "\r\n")] = '\0';
    return !strcmp(line, "YES") || !strcmp(line, "yes");
}

static int set_mode(Nvp *p) {
    int id = (int)p->a->mode;
    int m = nvpconf_find_mode(p->c, id);
    if (m < 0) {
        fprintf(p->out, "NVPM ERROR: Invalid power mode: %d\n", id);
        return 1;
    }
    int cur = nvpconf_find_mode(p->c, current_mode(p));
    if (cur >= 0) {
        NvpCaps from, to;
        nvpconf_mode_caps(p->c, cur, &from);
        nvpconf_mode_caps(p->c, m, &to);
        if (nvpconf_needs_reboot(&from, &to) && !confirm_reboot(p, id)) {
            fprintf(p->out, "NVPM ERROR: optMask is 1, no request for power mode\n");
            return 1;
        }
    }
    /* on a board this is where the reboot happens and nvpmodel applies the mode at boot */
    return apply_mode(p, m);
}

int simnvpmodel_main(int argc, char **argv, FILE *in, FILE *out, FILE *err) {
    Args a;
    if (parse_args(argc, argv, &a, err) < 0) {
        return 2;
    }
    Nvp p = {.a = &a, .in = in, .out = out, .err = err};
    int rc = sysfs_open(&p.fs, a.root);
    if (rc < 0) {
        fprintf(err, "nvpmodel: cannot open root %s: %s\n", a.root, strerror(-rc));
        return 2;
    }
    p.c = nvpconf_new();
    int status = 1;
    if (p.c && load(&p) == 0) {
        status = a.mode >= 0 ? set_mode(&p) : a.print ? print_table(&p) : query(&p);
    }
    nvpconf_free(p.c);
    sysfs_close(p.fs);
    (void)fflush(out); /* as the real tool: the status is the mode change's */
    return status;
}
