/* SPDX-License-Identifier: MIT */
/* nvpconf: parse and format nvpmodel configuration text. See nvpconf.h for the syntax. */
#include "jtune/core/nvpconf.h"
#include "jtune/core/textbuf.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KNEXT       "_KNEXT"
#define KNEXT_LEN   (sizeof KNEXT - 1)
#define LINE_MAX_NV 512
#define MAX_WORDS   8

NvpConf *nvpconf_new(void) {
    NvpConf *c = calloc(1, sizeof *c);
    if (c) {
        c->default_id = -1;
    }
    return c;
}

void nvpconf_free(NvpConf *c) {
    free(c);
}

void nvpconf_clear(NvpConf *c) {
    memset(c, 0, sizeof *c);
    c->default_id = -1;
}

/* ------------------------------------------------------------------ lookups */

int nvpconf_find_param(const NvpConf *c, const char *name) {
    for (int i = 0; i < c->n_params; i++) {
        if (strcmp(c->params[i].name, name) == 0) {
            return i;
        }
    }
    return -1;
}

int nvpconf_find_mode(const NvpConf *c, int id) {
    for (int i = 0; i < c->n_modes; i++) {
        if (c->modes[i].id == id) {
            return i;
        }
    }
    return -1;
}

static bool has_knext(const char *arg) {
    size_t n = strlen(arg);
    return n > KNEXT_LEN && strcmp(arg + n - KNEXT_LEN, KNEXT) == 0;
}

/* Length of arg without its "_KNEXT" suffix. */
static size_t base_len(const char *arg) {
    size_t n = strlen(arg);
    return has_knext(arg) ? n - KNEXT_LEN : n;
}

/* True when the table arg a and the name b denote the same ARG (ignoring "_KNEXT"). */
static bool arg_same(const char *a, const char *b) {
    size_t na = base_len(a);
    return na == base_len(b) && strncmp(a, b, na) == 0;
}

const char *nvpconf_arg_path(const NvpConf *c, int p, const char *arg, bool knext) {
    const char *plain = NULL;
    const char *next = NULL;
    for (int i = 0; i < c->n_args; i++) {
        const NvpArg *a = &c->args[i];
        if (a->param != p || !arg_same(a->arg, arg)) {
            continue;
        }
        if (has_knext(a->arg)) {
            next = next ? next : a->path;
        } else {
            plain = plain ? plain : a->path;
        }
    }
    if (knext) {
        return next ? next : plain;
    }
    return plain ? plain : next;
}

int nvpconf_mode_settings(const NvpConf *c, int m, int *first) {
    int n = 0;
    *first = 0;
    if (m < 0 || m >= c->n_modes) {
        return 0;
    }
    for (int i = 0; i < c->n_settings; i++) {
        if (c->settings[i].mode == m) {
            if (n == 0) {
                *first = i;
            }
            n++;
        }
    }
    return n;
}

const char *nvpconf_conf_val(const NvpSetting *s) {
    if (s->is_int && s->ival == NVP_NO_CAP) {
        return "9223372036854775807";
    }
    return s->value;
}

/* ------------------------------------------------------------------ building */

static int copy_name(char *dst, size_t n, const char *src) {
    size_t len = strlen(src);
    if (len == 0) {
        return -EINVAL;
    }
    if (len >= n) {
        return -ERANGE;
    }
    memcpy(dst, src, len + 1);
    return 0;
}

int nvpconf_add_param(NvpConf *c, NvpParamType type, const char *name) {
    if (nvpconf_find_param(c, name) >= 0) {
        return -EEXIST;
    }
    if (c->n_params == NVP_MAX_PARAMS) {
        return -ERANGE;
    }
    NvpParam *p = &c->params[c->n_params];
    int rc = copy_name(p->name, sizeof p->name, name);
    if (rc < 0) {
        return rc;
    }
    p->type = type;
    return c->n_params++;
}

int nvpconf_add_arg(NvpConf *c, int p, const char *arg, const char *path) {
    if (p < 0 || p >= c->n_params) {
        return -EINVAL;
    }
    if (c->n_args == NVP_MAX_ARGS) {
        return -ERANGE;
    }
    NvpArg *a = &c->args[c->n_args];
    int rc = copy_name(a->arg, sizeof a->arg, arg);
    if (rc == 0) {
        rc = copy_name(a->path, sizeof a->path, path);
    }
    if (rc < 0) {
        return rc;
    }
    a->param = p;
    a->line = 0;
    c->n_args++;
    return 0;
}

int nvpconf_add_mode(NvpConf *c, int id, const char *name) {
    if (nvpconf_find_mode(c, id) >= 0) {
        return -EEXIST;
    }
    if (c->n_modes == NVP_MAX_MODES) {
        return -ERANGE;
    }
    NvpMode *m = &c->modes[c->n_modes];
    int rc = copy_name(m->name, sizeof m->name, name);
    if (rc < 0) {
        return rc;
    }
    m->id = id;
    m->line = 0;
    return c->n_modes++;
}

static bool param_has_arg(const NvpConf *c, int p, const char *arg) {
    for (int i = 0; i < c->n_args; i++) {
        if (c->args[i].param == p && arg_same(c->args[i].arg, arg)) {
            return true;
        }
    }
    return false;
}

int nvpconf_add_setting(NvpConf *c, const char *param, const char *arg, const char *value) {
    if (c->n_modes == 0) {
        return -EINVAL;
    }
    int p = nvpconf_find_param(c, param);
    if (p < 0 || !param_has_arg(c, p, arg)) {
        return -ENOENT;
    }
    if (c->n_settings == NVP_MAX_SETTINGS) {
        return -ERANGE;
    }
    NvpSetting *s = &c->settings[c->n_settings];
    memset(s, 0, sizeof *s);
    size_t an = base_len(arg);
    if (an >= sizeof s->arg) {
        return -ERANGE;
    }
    memcpy(s->arg, arg, an); /* always the plain name */
    int rc = copy_name(s->value, sizeof s->value, value);
    if (rc < 0) {
        return rc;
    }
    s->is_int = parse_i64(value, strlen(value), &s->ival) == 0;
    s->mode = c->n_modes - 1;
    s->param = p;
    c->n_settings++;
    return 0;
}

/* ------------------------------------------------------------------ parsing */

typedef enum { BLK_NONE, BLK_PARAM, BLK_MODE, BLK_CONFIG, BLK_SKIP } BlockKind;

typedef struct {
    NvpConf *c;
    const char *file;
    Diag *diag;
    int line;
    BlockKind blk;
    int cur_param;
    bool full; /* a table limit was hit */
} Parser;

/* Copy a view into a NUL-terminated buffer; false when it does not fit. */
static bool view_to(StrView v, char *out, size_t n) {
    return strview_copy(v, out, n) == 0;
}

/* Find "KEY=" among the words of a block header; the value view or an empty view. */
static StrView header_attr(const StrView *w, size_t n, const char *key) {
    size_t kl = strlen(key);
    for (size_t i = 1; i < n; i++) {
        if (w[i].n > kl && strncmp(w[i].p, key, kl) == 0 && w[i].p[kl] == '=') {
            return (StrView){w[i].p + kl + 1, w[i].n - kl - 1};
        }
    }
    return (StrView){"", 0};
}

static void report_add_error(Parser *ps, int rc, const char *what) {
    if (rc == -ERANGE) {
        ps->full = true;
        diag_error(ps->diag, ps->file, ps->line, "%s: too long or too many entries", what);
    } else if (rc == -EEXIST) {
        diag_error(ps->diag, ps->file, ps->line, "%s is defined twice", what);
    } else {
        diag_error(ps->diag, ps->file, ps->line, "invalid %s", what);
    }
}

static void open_param(Parser *ps, const StrView *w, size_t n) {
    char type[16], name[NVP_NAME];
    StrView t = header_attr(w, n, "TYPE");
    StrView nm = header_attr(w, n, "NAME");
    ps->blk = BLK_SKIP;
    if (!view_to(t, type, sizeof type) ||
        (strcmp(type, "FILE") != 0 && strcmp(type, "CLOCK") != 0)) {
        diag_error(ps->diag, ps->file, ps->line, "PARAM needs TYPE=FILE or TYPE=CLOCK");
        return;
    }
    if (nm.n == 0 || !view_to(nm, name, sizeof name)) {
        diag_error(ps->diag, ps->file, ps->line, "PARAM needs a NAME= of at most %d characters",
                   NVP_NAME - 1);
        return;
    }
    NvpParamType pt = strcmp(type, "FILE") == 0 ? NVP_PARAM_FILE : NVP_PARAM_CLOCK;
    int rc = nvpconf_add_param(ps->c, pt, name);
    if (rc < 0) {
        report_add_error(ps, rc, "PARAM");
        return;
    }
    ps->cur_param = rc;
    ps->blk = BLK_PARAM;
}

static bool view_int(StrView v, int64_t *out) {
    return v.n > 0 && parse_i64(v.p, v.n, out) == 0;
}

static void open_mode(Parser *ps, const StrView *w, size_t n) {
    int64_t id;
    char name[NVP_MODE_NAME];
    StrView nm = header_attr(w, n, "NAME");
    ps->blk = BLK_SKIP;
    if (!view_int(header_attr(w, n, "ID"), &id) || id < 0 || id > 9999) {
        diag_error(ps->diag, ps->file, ps->line, "POWER_MODEL needs ID=<0..9999>");
        return;
    }
    if (nm.n == 0 || !view_to(nm, name, sizeof name)) {
        diag_error(ps->diag, ps->file, ps->line,
                   "POWER_MODEL needs a NAME= of at most %d characters", NVP_MODE_NAME - 1);
        return;
    }
    int rc = nvpconf_add_mode(ps->c, (int)id, name);
    if (rc < 0) {
        report_add_error(ps, rc, "POWER_MODEL ID");
        return;
    }
    ps->c->modes[rc].line = ps->line;
    ps->blk = BLK_MODE;
}

static void open_config(Parser *ps, const StrView *w, size_t n) {
    int64_t id;
    ps->blk = BLK_CONFIG;
    if (!view_int(header_attr(w, n, "DEFAULT"), &id) || id < 0 || id > 9999) {
        diag_error(ps->diag, ps->file, ps->line, "PM_CONFIG needs DEFAULT=<mode id>");
        return;
    }
    ps->c->default_id = (int)id;
}

static void parse_header(Parser *ps, char *line) {
    size_t len = strlen(line);
    if (line[len - 1] != '>') {
        diag_error(ps->diag, ps->file, ps->line, "block header without a closing '>'");
        ps->blk = BLK_SKIP;
        return;
    }
    line[len - 1] = ' ';
    line[0] = ' ';
    StrView w[MAX_WORDS];
    size_t n = 0;
    parse_words(line, len, w, MAX_WORDS, &n);
    if (n == 0) {
        diag_error(ps->diag, ps->file, ps->line, "empty block header");
        ps->blk = BLK_SKIP;
    } else if (strview_eq(w[0], "PARAM")) {
        open_param(ps, w, n);
    } else if (strview_eq(w[0], "POWER_MODEL")) {
        open_mode(ps, w, n);
    } else if (strview_eq(w[0], "PM_CONFIG")) {
        open_config(ps, w, n);
    } else {
        diag_warn(ps->diag, ps->file, ps->line, "unknown block <%.*s>: its lines are skipped",
                  (int)w[0].n, w[0].p);
        ps->blk = BLK_SKIP;
    }
}

static void parse_arg_line(Parser *ps, const StrView *w, size_t n) {
    char arg[NVP_NAME], path[NVP_PATH];
    if (n != 2) {
        diag_error(ps->diag, ps->file, ps->line, "expected \"ARG PATH\" in a PARAM block");
        return;
    }
    if (!view_to(w[0], arg, sizeof arg) || !view_to(w[1], path, sizeof path)) {
        diag_error(ps->diag, ps->file, ps->line, "ARG or PATH too long");
        return;
    }
    if (path[0] != '/') {
        diag_error(ps->diag, ps->file, ps->line, "PATH must be absolute: %s", path);
        return;
    }
    int rc = nvpconf_add_arg(ps->c, ps->cur_param, arg, path);
    if (rc < 0) {
        report_add_error(ps, rc, "ARG");
        return;
    }
    ps->c->args[ps->c->n_args - 1].line = ps->line;
}

static void parse_setting_line(Parser *ps, const StrView *w, size_t n) {
    char param[NVP_NAME], arg[NVP_NAME], value[NVP_VALUE];
    if (n != 3) {
        diag_error(ps->diag, ps->file, ps->line,
                   "expected \"PARAM ARG VALUE\" in a POWER_MODEL block");
        return;
    }
    if (!view_to(w[0], param, sizeof param) || !view_to(w[1], arg, sizeof arg) ||
        !view_to(w[2], value, sizeof value)) {
        diag_error(ps->diag, ps->file, ps->line, "PARAM, ARG or VALUE too long");
        return;
    }
    int rc = nvpconf_add_setting(ps->c, param, arg, value);
    if (rc == -ENOENT) {
        if (nvpconf_find_param(ps->c, param) < 0) {
            diag_error(ps->diag, ps->file, ps->line, "unknown PARAM %s", param);
        } else {
            diag_error(ps->diag, ps->file, ps->line, "PARAM %s has no ARG %s", param, arg);
        }
        return;
    }
    if (rc < 0) {
        report_add_error(ps, rc, "setting");
        return;
    }
    ps->c->settings[ps->c->n_settings - 1].line = ps->line;
}

static void parse_body_line(Parser *ps, const char *line) {
    StrView w[MAX_WORDS];
    size_t n = 0;
    if (parse_words(line, strlen(line), w, MAX_WORDS, &n) < 0) {
        n = MAX_WORDS + 1; /* too many words: reported by the line parsers */
    }
    switch (ps->blk) {
    case BLK_PARAM: parse_arg_line(ps, w, n); break;
    case BLK_MODE: parse_setting_line(ps, w, n); break;
    case BLK_SKIP: break;
    case BLK_CONFIG:
        diag_error(ps->diag, ps->file, ps->line, "unexpected line after PM_CONFIG");
        break;
    case BLK_NONE:
        diag_error(ps->diag, ps->file, ps->line, "line outside of a < ... > block");
        break;
    }
}

/* Copy one line (comment removed, blanks trimmed) into buf; returns the next line start. */
static const char *next_line(const char *p, char *buf, size_t bufsz, bool *too_long) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    const char *hash = memchr(p, '#', n);
    size_t keep = hash ? (size_t)(hash - p) : n;
    *too_long = keep >= bufsz;
    if (*too_long) {
        keep = bufsz - 1;
    }
    StrView v = parse_first_line(p, keep);
    memcpy(buf, v.p, v.n);
    buf[v.n] = '\0';
    return nl ? nl + 1 : p + n;
}

static void check_default(Parser *ps) {
    if (ps->c->default_id >= 0 && nvpconf_find_mode(ps->c, ps->c->default_id) < 0) {
        diag_error(ps->diag, ps->file, 0, "PM_CONFIG DEFAULT=%d names no POWER_MODEL",
                   ps->c->default_id);
    }
}

int nvpconf_parse(const char *text, const char *file, NvpConf *c, Diag *diag) {
    nvpconf_clear(c);
    Parser ps = {.c = c, .file = file ? file : "nvpmodel.conf", .diag = diag, .cur_param = -1};
    int errors_before = diag->n_errors;
    char buf[LINE_MAX_NV];
    const char *p = text;
    while (*p) {
        bool too_long;
        ps.line++;
        p = next_line(p, buf, sizeof buf, &too_long);
        if (too_long) {
            diag_error(diag, ps.file, ps.line, "line longer than %d characters", LINE_MAX_NV - 1);
            continue;
        }
        if (buf[0] == '\0') {
            continue;
        }
        if (buf[0] == '<') {
            parse_header(&ps, buf);
        } else {
            parse_body_line(&ps, buf);
        }
    }
    check_default(&ps);
    if (ps.full) {
        return -ERANGE;
    }
    return diag->n_errors > errors_before ? -EINVAL : 0;
}

/* ------------------------------------------------------------------ formatting */

typedef struct {
    char *out;
    size_t size;
    size_t len;
    bool overflow;
} Buf;

static void bprintf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void bprintf(Buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    textbuf_vappend(b->out, b->size, &b->len, &b->overflow, fmt, ap);
    va_end(ap);
}

static void format_header(Buf *b, const char *header) {
    const char *p = header;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        int n = nl ? (int)(nl - p) : (int)strlen(p);
        bprintf(b, n > 0 ? "# %.*s\n" : "#%.*s\n", n, p);
        p = nl ? nl + 1 : p + n;
    }
    if (header && *header) {
        bprintf(b, "\n");
    }
}

static void format_params(Buf *b, const NvpConf *c) {
    for (int p = 0; p < c->n_params; p++) {
        bprintf(b, "< PARAM TYPE=%s NAME=%s >\n",
                c->params[p].type == NVP_PARAM_FILE ? "FILE" : "CLOCK", c->params[p].name);
        for (int i = 0; i < c->n_args; i++) {
            if (c->args[i].param == p) {
                bprintf(b, "%s %s\n", c->args[i].arg, c->args[i].path);
            }
        }
        bprintf(b, "\n");
    }
}

static void format_modes(Buf *b, const NvpConf *c) {
    for (int m = 0; m < c->n_modes; m++) {
        bprintf(b, "< POWER_MODEL ID=%d NAME=%s >\n", c->modes[m].id, c->modes[m].name);
        for (int i = 0; i < c->n_settings; i++) {
            const NvpSetting *s = &c->settings[i];
            if (s->mode == m) {
                bprintf(b, "%s %s %s\n", c->params[s->param].name, s->arg, s->value);
            }
        }
        bprintf(b, "\n");
    }
}

int nvpconf_format(const NvpConf *c, const char *header, char *out, size_t outsz) {
    if (outsz == 0) {
        return -ERANGE;
    }
    Buf b = {.out = out, .size = outsz};
    out[0] = '\0';
    format_header(&b, header);
    format_params(&b, c);
    format_modes(&b, c);
    if (c->default_id >= 0) {
        bprintf(&b, "< PM_CONFIG DEFAULT=%d >\n", c->default_id);
    }
    return b.overflow ? -ERANGE : (int)b.len;
}

/* ------------------------------------------------------------------ mode summary */

/* The N of "/cpu/cpuN/" in path, or -1. */
static int cpu_of_path(const char *path) {
    const char *p = strstr(path, "/cpu/cpu");
    if (!p) {
        return -1;
    }
    p += strlen("/cpu/cpu");
    int n = 0;
    int digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 4) {
        n = n * 10 + (*p++ - '0');
        digits++;
    }
    return digits > 0 && *p == '/' ? n : -1;
}

static int cpu_of_param(const NvpConf *c, int p) {
    for (int i = 0; i < c->n_args; i++) {
        int cpu = c->args[i].param == p ? cpu_of_path(c->args[i].path) : -1;
        if (cpu >= 0) {
            return cpu;
        }
    }
    return -1;
}

static NvpCpuCap *cpu_cap(const NvpConf *c, NvpCaps *caps, int p) {
    const char *name = c->params[p].name;
    for (int i = 0; i < caps->n_cpu; i++) {
        if (strcmp(caps->cpu[i].param, name) == 0) {
            return &caps->cpu[i];
        }
    }
    if (caps->n_cpu == NVP_MAX_CPU) {
        return NULL;
    }
    NvpCpuCap *cc = &caps->cpu[caps->n_cpu++];
    memset(cc, 0, sizeof *cc);
    snprintf(cc->param, sizeof cc->param, "%s", name);
    cc->cpu = cpu_of_param(c, p);
    return cc;
}

static void caps_cpu(const NvpConf *c, NvpCaps *caps, const NvpSetting *s) {
    NvpCpuCap *cc = cpu_cap(c, caps, s->param);
    if (!cc) {
        return;
    }
    if (strcmp(s->arg, "MIN_FREQ") == 0) {
        cc->has_min = true;
        cc->min_khz = s->ival < 0 ? NVP_NO_CAP : s->ival;
    } else if (strcmp(s->arg, "MAX_FREQ") == 0) {
        cc->has_max = true;
        cc->max_khz = s->ival < 0 ? NVP_NO_CAP : s->ival;
    }
}

static void caps_online(NvpCaps *caps, const NvpSetting *s) {
    int64_t core;
    if (strncmp(s->arg, "CORE_", 5) != 0 || parse_i64(s->arg + 5, strlen(s->arg + 5), &core) < 0 ||
        core < 0 || core >= 64) {
        return;
    }
    caps->cores_set |= UINT64_C(1) << core;
    if (s->ival == 1) {
        caps->cores_online |= UINT64_C(1) << core;
    }
}

static void caps_other(NvpCaps *caps, const char *pname, const NvpSetting *s) {
    int64_t v = s->ival;
    if (strcmp(pname, "GPU") == 0 && strcmp(s->arg, "MIN_FREQ") == 0) {
        caps->has_gpu_min = true;
        caps->gpu_min_hz = v < 0 ? 0 : v;
    } else if (strcmp(pname, "GPU") == 0 && strcmp(s->arg, "MAX_FREQ") == 0) {
        caps->has_gpu_max = true;
        caps->gpu_max_hz = v <= 0 ? NVP_NO_CAP : v;
    } else if (strcmp(pname, "EMC") == 0 && strcmp(s->arg, "MAX_FREQ") == 0) {
        caps->has_emc_cap = true;
        caps->emc_cap_hz = v <= 0 ? NVP_NO_CAP : v;
    } else if (strcmp(s->arg, "TPC_PG_MASK") == 0) {
        caps->has_tpc_mask = true;
        caps->tpc_pg_mask = v;
    } else if (strcmp(s->arg, "FBP_PG_MASK") == 0) {
        caps->has_fbp_mask = true;
        caps->fbp_pg_mask = v;
    }
}

int nvpconf_mode_caps(const NvpConf *c, int m, NvpCaps *caps) {
    memset(caps, 0, sizeof *caps);
    if (m < 0 || m >= c->n_modes) {
        return -EINVAL;
    }
    for (int i = 0; i < c->n_settings; i++) {
        const NvpSetting *s = &c->settings[i];
        if (s->mode != m || !s->is_int) {
            continue;
        }
        const NvpParam *p = &c->params[s->param];
        if (strcmp(p->name, "CPU_ONLINE") == 0) {
            caps_online(caps, s);
        } else if (p->type == NVP_PARAM_CLOCK && strncmp(p->name, "CPU_", 4) == 0) {
            caps_cpu(c, caps, s);
        } else {
            caps_other(caps, p->name, s);
        }
    }
    return 0;
}

bool nvpconf_needs_reboot(const NvpCaps *from, const NvpCaps *to) {
    /* Only the cores the target mode names change; a core the current mode does not name is
     * online (the boot state). */
    for (int core = 0; core < 64; core++) {
        uint64_t bit = UINT64_C(1) << core;
        if (!(to->cores_set & bit)) {
            continue;
        }
        bool was = (from->cores_set & bit) ? (from->cores_online & bit) != 0 : true;
        if (was != ((to->cores_online & bit) != 0)) {
            return true;
        }
    }
    return from->has_tpc_mask && to->has_tpc_mask && from->tpc_pg_mask != to->tpc_pg_mask;
}
