/* SPDX-License-Identifier: MIT */
/* wlconf: built-in workloads and [workload.NAME] sections (see wlconf.h). */
#include "jtune/conf/inifile.h"
#include "jtune/workload/wlconf.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keys, as bits of WlDef.set. */
enum {
    K_COMMAND = 1u << 0,
    K_MODE = 1u << 1,
    K_BATCHES = 1u << 2,
    K_BATCH_MS = 1u << 3,
    K_IDLE_MS = 1u << 4,
    K_BASELINE_MS = 1u << 5,
    K_CPUS = 1u << 6,
    K_QUOTA = 1u << 7,
    K_ENV = 1u << 8,
    K_OUTPUT = 1u << 9,
};

typedef struct {
    const char *name;
    const char *program;
    const char *kind;
    bool gpu;
    const char *desc;
} Builtin;

static const Builtin builtins[] = {
    {"cpu-gemm", "jtune-burn-cpu", "gemm", false, "CPU matrix multiply on every allowed core"},
    {"cpu-copy", "jtune-burn-cpu", "copy", false, "CPU memory copy on every allowed core"},
    {"gpu-gemm", "jtune-burn", "gemm", true, "CUDA matrix multiply (compute-bound)"},
    {"gpu-copy", "jtune-burn", "copy", true, "CUDA device memory copy (bandwidth-bound)"},
};

static void def_init(WlDef *w, const char *name) {
    memset(w, 0, sizeof *w);
    snprintf(w->name, sizeof w->name, "%s", name);
    words_clear(&w->command);
    words_clear(&w->env);
    w->mode = WL_BATCH_RUN;
    w->batches = WL_DEFAULT_BATCHES;
    w->batch_ms = -1;
    w->idle_ms = WL_DEFAULT_IDLE_MS;
    w->baseline_ms = WL_DEFAULT_BASELINE_MS;
    w->output = WL_OUT_INHERIT;
}

void wlconf_defaults(WlSet *s) {
    s->n = 0;
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
        const Builtin *b = &builtins[i];
        WlDef *w = &s->def[s->n++];
        def_init(w, b->name);
        w->builtin = true;
        w->gpu = b->gpu;
        w->mode = WL_BATCH_LINES;
        w->batch_ms = WL_DEFAULT_BATCH_MS;
        snprintf(w->desc, sizeof w->desc, "%s", b->desc);
        const char *argv[] = {b->program,  "--batches", "{batches}", "--batch-ms", "{batch_ms}",
                              "--idle-ms", "{idle_ms}", "--kind",    b->kind};
        for (size_t k = 0; k < sizeof argv / sizeof argv[0]; k++) {
            words_add(&w->command, argv[k]);
        }
    }
}

/* The index of name in s, or -1. */
static int find_index(const WlSet *s, const char *name) {
    for (int i = 0; i < s->n; i++) {
        if (strcmp(s->def[i].name, name) == 0) {
            return i;
        }
    }
    return -1;
}

const WlDef *wlconf_find(const WlSet *s, const char *name) {
    int i = find_index(s, name);
    return i < 0 ? NULL : &s->def[i];
}

static bool name_ok(const char *n) {
    size_t len = strlen(n);
    if (len == 0 || len >= WL_NAME) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = n[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

/* The definition for name, created on first sight. NULL when the table is full. */
static WlDef *def_get(WlSet *s, const char *name, const char *file, int line) {
    int found = find_index(s, name);
    WlDef *w;
    if (found >= 0) {
        w = &s->def[found];
        if (!w->file[0]) {
            snprintf(w->file, sizeof w->file, "%s", file);
            w->line = line;
        }
        return w;
    }
    if (s->n >= WL_MAX) {
        return NULL;
    }
    w = &s->def[s->n++];
    def_init(w, name);
    snprintf(w->file, sizeof w->file, "%s", file);
    w->line = line;
    return w;
}

/* A whole number in [lo, hi]. 0 or -EINVAL. */
static int int_value(const char *v, long lo, long hi, int *out) {
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi) {
        return -EINVAL;
    }
    *out = (int)n;
    return 0;
}

/* KEY=VALUE words with KEY a C identifier. */
static int env_value(const char *v, Words *out, char *why, size_t whysz) {
    int rc = words_split(v, out, why, whysz);
    for (int i = 0; rc == 0 && i < out->n; i++) {
        const char *w = words_get(out, i);
        const char *eq = strchr(w, '=');
        bool ok = eq && eq != w && !(w[0] >= '0' && w[0] <= '9');
        for (const char *p = w; ok && p < eq; p++) {
            ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                 *p == '_';
        }
        if (!ok) {
            snprintf(why, whysz, "'%s' is not NAME=VALUE", w);
            rc = -EINVAL;
        }
    }
    return rc;
}

static int output_value(WlDef *w, const char *v, char *why, size_t whysz) {
    if (strcmp(v, "-") == 0) {
        w->output = WL_OUT_INHERIT;
    } else if (strcmp(v, "null") == 0) {
        w->output = WL_OUT_NULL;
    } else if (v[0] && strlen(v) < sizeof w->output_path) {
        w->output = WL_OUT_FILE;
        snprintf(w->output_path, sizeof w->output_path, "%s", v);
    } else {
        snprintf(why, whysz, "expected -, null or a file path (under %zu bytes)",
                 sizeof w->output_path);
        return -EINVAL;
    }
    return 0;
}

static int mode_value(WlDef *w, const char *v, char *why, size_t whysz) {
    if (strcmp(v, "run") == 0) {
        w->mode = WL_BATCH_RUN;
    } else if (strcmp(v, "lines") == 0) {
        w->mode = WL_BATCH_LINES;
    } else {
        snprintf(why, whysz, "expected run or lines");
        return -EINVAL;
    }
    return 0;
}

static int cpus_value(WlDef *w, const char *v, char *why, size_t whysz) {
    uint64_t mask = 0;
    if (parse_cpulist(v, strlen(v), &mask) < 0 || mask == 0) {
        snprintf(why, whysz, "expected a non-empty cpu list such as 0-3,5 (cpus 0..63)");
        return -EINVAL;
    }
    w->cpus = mask;
    return 0;
}

static int command_value(WlDef *w, const char *v, char *why, size_t whysz) {
    int rc = words_split(v, &w->command, why, whysz);
    if (rc == 0 && w->command.n == 0) {
        snprintf(why, whysz, "empty command");
        rc = -EINVAL;
    }
    w->builtin = false; /* a command of its own replaces a built-in */
    w->gpu = false;
    w->desc[0] = '\0';
    return rc;
}

typedef struct {
    const char *key;
    unsigned bit;
    long lo, hi; /* integer keys */
    size_t off;  /* integer keys: offsetof(WlDef, field); 0 for the others */
} KeyDef;

static const KeyDef keys[] = {
    {"command", K_COMMAND, 0, 0, 0},
    {"mode", K_MODE, 0, 0, 0},
    {"batches", K_BATCHES, 1, 1000000, offsetof(WlDef, batches)},
    {"batch_ms", K_BATCH_MS, 1, 86400000, offsetof(WlDef, batch_ms)},
    {"idle_ms", K_IDLE_MS, 0, 86400000, offsetof(WlDef, idle_ms)},
    {"baseline_ms", K_BASELINE_MS, 0, 600000, offsetof(WlDef, baseline_ms)},
    {"cpus", K_CPUS, 0, 0, 0},
    {"cpu_quota_pct", K_QUOTA, 1, 6400, offsetof(WlDef, cpu_quota_pct)},
    {"env", K_ENV, 0, 0, 0},
    {"output", K_OUTPUT, 0, 0, 0},
};

/* Parse value for key k into w. 0 or -EINVAL with why. */
static int set_key(WlDef *w, const KeyDef *k, const char *v, char *why, size_t whysz) {
    if (k->off) {
        int rc = int_value(v, k->lo, k->hi, (int *)(void *)((char *)w + k->off));
        if (rc) {
            snprintf(why, whysz, "expected a whole number from %ld to %ld, got '%s'", k->lo, k->hi,
                     v);
        }
        return rc;
    }
    switch (k->bit) {
    case K_COMMAND: return command_value(w, v, why, whysz);
    case K_MODE: return mode_value(w, v, why, whysz);
    case K_CPUS: return cpus_value(w, v, why, whysz);
    case K_ENV: return env_value(v, &w->env, why, whysz);
    case K_OUTPUT: return output_value(w, v, why, whysz);
    default: return -EINVAL;
    }
}

int wlconf_key(void *user, const char *section, const char *key, const char *value,
               const char *file, int line, Diag *d) {
    WlSet *s = user;
    size_t plen = strlen(WL_SECTION_PREFIX);
    const char *name = strncmp(section, WL_SECTION_PREFIX, plen) == 0 ? section + plen : "";
    if (!name_ok(name)) {
        diag_error(d, file, line, "[%s]: a workload name is 1-%d letters, digits, '-', '_' or '.'",
                   section, WL_NAME - 1);
        return 0;
    }
    WlDef *w = def_get(s, name, file, line);
    if (!w) {
        diag_error(d, file, line, "too many workloads (at most %d)", WL_MAX);
        return 0;
    }
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(keys[i].key, key) != 0) {
            continue;
        }
        if (w->set & keys[i].bit) {
            diag_warn(d, file, line, "%s given twice in [%s]; the later one counts", key, section);
        }
        char why[160];
        if (set_key(w, &keys[i], value, why, sizeof why)) {
            diag_error(d, file, line, "%s: %s", key, why);
            w->bad = true;
            return 0;
        }
        w->set |= keys[i].bit;
        return 1;
    }
    diag_warn(d, file, line, "unknown key '%s' in [%s] (ignored)", key, section);
    return 1;
}

typedef struct {
    WlSet *set;
    const char *file;
    Diag *d;
} ParseCtx;

static int on_line(void *user, const char *section, const char *key, const char *value,
                   int lineno) {
    ParseCtx *c = user;
    if (strncmp(section, WL_SECTION_PREFIX, strlen(WL_SECTION_PREFIX)) != 0) {
        return 1; /* someone else's section */
    }
    return wlconf_key(c->set, section, key, value, c->file, lineno, c->d);
}

int wlconf_parse(WlSet *s, const char *text, const char *file, Diag *d) {
    ParseCtx c = {s, file, d};
    int errors = d->n_errors;
    int rc = inifile_parse(text, on_line, &c);
    if (rc == -ENOMEM) {
        return rc;
    }
    if (rc > 0 && d->n_errors == errors) {
        diag_error(d, file, rc, "not an INI line (expected [section] or key = value)");
    }
    wlconf_check(s, d);
    return d->n_errors > errors ? -EINVAL : 0;
}

/* True when some word of w contains placeholder ph. */
static bool uses(const Words *w, const char *ph) {
    for (int i = 0; i < w->n; i++) {
        if (strstr(words_get(w, i), ph)) {
            return true;
        }
    }
    return false;
}

static void check_one(WlDef *w, Diag *d) {
    const char *f = w->file;
    if (!(w->set & K_MODE)) {
        w->mode = (w->builtin || (w->set & K_BATCH_MS)) ? WL_BATCH_LINES : WL_BATCH_RUN;
    }
    const char *why = NULL;
    if (w->command.n == 0) {
        why = "no command (add: command = PROGRAM ARGS...)";
    } else if (w->mode == WL_BATCH_LINES && uses(&w->command, "{batch}")) {
        why = "{batch} needs one run per batch (drop batch_ms or set mode = run)";
    } else if (w->batch_ms < 0 && uses(&w->command, "{batch_ms}")) {
        why = "the command uses {batch_ms} but batch_ms is not set";
    }
    if (why) {
        diag_error(d, f, w->line, "workload '%s': %s", w->name, why);
        w->bad = true;
    }
}

int wlconf_check(WlSet *s, Diag *d) {
    int errors = d->n_errors;
    for (int i = 0; i < s->n; i++) {
        if (!s->def[i].bad) {
            check_one(&s->def[i], d);
        }
    }
    return d->n_errors > errors ? -EINVAL : 0;
}

/* Replace every placeholder of in into out. false when it does not fit. */
static bool expand_word(const WlDef *d, const WlVars *v, const char *in, char *out, size_t outsz) {
    const struct {
        const char *ph;
        int value;
    } subs[] = {{"{batches}", d->batches},
                {"{batch_ms}", d->batch_ms},
                {"{idle_ms}", d->idle_ms},
                {"{batch}", v ? v->batch : 0}};
    size_t o = 0;
    while (*in) {
        size_t k = 0, n = sizeof subs / sizeof subs[0];
        while (k < n && strncmp(in, subs[k].ph, strlen(subs[k].ph)) != 0) {
            k++;
        }
        int w = k < n ? snprintf(out + o, outsz - o, "%d", subs[k].value)
                      : snprintf(out + o, outsz - o, "%c", *in);
        if (w < 0 || (size_t)w >= outsz - o) {
            return false;
        }
        o += (size_t)w;
        in += k < n ? strlen(subs[k].ph) : 1;
    }
    return true;
}

int wlconf_expand(const WlDef *d, const WlVars *v, Words *out, char *why, size_t whysz) {
    words_clear(out);
    char word[WORDS_BUF];
    for (int i = 0; i < d->command.n; i++) {
        if (!expand_word(d, v, words_get(&d->command, i), word, sizeof word) ||
            words_add(out, word) < 0) {
            snprintf(why, whysz, "the command is too long");
            return -E2BIG;
        }
    }
    if (out->n == 0) {
        snprintf(why, whysz, "no command");
        return -EINVAL;
    }
    return 0;
}

const char *wlconf_describe(const WlDef *d, char *out, size_t outsz) {
    if (d->mode == WL_BATCH_LINES && d->batch_ms > 0) {
        snprintf(out, outsz, "%d batches x %d ms, %d ms idle", d->batches, d->batch_ms, d->idle_ms);
    } else if (d->mode == WL_BATCH_LINES) {
        snprintf(out, outsz, "%d batches (marked by the program), %d ms idle", d->batches,
                 d->idle_ms);
    } else {
        snprintf(out, outsz, "%d runs, %d ms idle", d->batches, d->idle_ms);
    }
    return out;
}
