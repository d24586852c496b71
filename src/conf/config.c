/* SPDX-License-Identifier: MIT */
/* config: jtune.ini -> Config, table-driven so that a new key is one table row. */
#include "jtune/conf/inifile.h"
#include "jtune/conf/config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const panel_names[PANEL_COUNT] = {
    "cpu", "gpu", "emc", "power", "thermal", "cpuidle", "fan", "memory", "radio",
};

static const char *const temp_names[] = {"C", "F", NULL};
static const char *const color_names[] = {"auto", "always", "never", NULL};
static const char *const glyph_names[] = {"auto", "unicode", "ascii", NULL};
static const char *const bool_names[] = {"false", "true", NULL};

#define F(field) offsetof(Config, field)

static const ConfigKey keys[] = {
    {"ui", "interval_ms", CK_INT, F(interval_ms), 0, 50, 60000, NULL,
     "sampling interval in milliseconds (50..60000); + and - change it at run time"},
    {"ui", "start_page", CK_PAGE, F(start_page), 0, 0, 0, NULL,
     "page shown at start: overview or a panel name"},
    {"ui", "panels", CK_PANELS, F(panels), 0, 0, 0, NULL,
     "panels shown, in order (overview packing and page numbers follow this order)"},
    {"ui", "temp_unit", CK_ENUM, F(temp_unit), 0, 0, 0, temp_names, "temperature unit: C or F"},
    {"ui", "graph_history", CK_INT, F(graph_history), 0, 60, 7200, NULL,
     "samples kept for the history graphs (60..7200)"},
    {"ui", "theme", CK_STR, F(theme), sizeof(((Config *)0)->theme), 0, 0, NULL,
     "colour theme: a name (default, light, mono, solarized) or a path to a .theme file"},
    {"ui", "color", CK_ENUM, F(color), 0, 0, 0, color_names,
     "colours: auto (off when NO_COLOR is set or the terminal has none), always, never"},
    {"ui", "glyphs", CK_ENUM, F(glyphs), 0, 0, 0, glyph_names,
     "bar and graph characters: auto (Unicode blocks in a UTF-8 locale), unicode, ascii"},
    {"procs", "enabled", CK_ENUM, F(procs), 0, 0, 0, bool_names,
     "read processes and interrupts each sample (the o page, logs, Prometheus): true, false"},
};

#undef F

const ConfigKey *config_keys(size_t *n) {
    *n = sizeof keys / sizeof keys[0];
    return keys;
}

const char *config_panel_name(PanelId p) {
    return (unsigned)p < PANEL_COUNT ? panel_names[p] : "?";
}

int config_panel_parse(const char *name, PanelId *out) {
    for (int i = 0; i < PANEL_COUNT; i++) {
        if (strcasecmp(name, panel_names[i]) == 0) {
            *out = (PanelId)i;
            return 0;
        }
    }
    return -EINVAL;
}

void config_defaults(Config *c) {
    memset(c, 0, sizeof *c);
    c->interval_ms = 1000;
    c->start_page = -1;
    c->n_panels = PANEL_COUNT;
    for (int i = 0; i < PANEL_COUNT; i++) {
        c->panels[i] = (PanelId)i;
    }
    c->temp_unit = TEMP_CELSIUS;
    c->graph_history = 600;
    snprintf(c->theme, sizeof c->theme, "default");
    c->color = COLOR_MODE_AUTO;
    c->glyphs = GLYPHS_AUTO;
    c->procs = 1;
}

int config_panels_parse(const char *s, PanelId *out, int *n, char *why, size_t whysz) {
    PanelId tmp[PANEL_COUNT];
    int count = 0;
    const char *p = s;
    while (*p) {
        while (*p == ',' || isspace((unsigned char)*p)) {
            p++;
        }
        if (!*p) {
            break;
        }
        size_t len = strcspn(p, ", \t");
        char word[32];
        if (len >= sizeof word) {
            snprintf(why, whysz, "panel name too long");
            return -EINVAL;
        }
        memcpy(word, p, len);
        word[len] = '\0';
        p += len;
        PanelId id;
        if (config_panel_parse(word, &id) < 0) {
            snprintf(why, whysz,
                     "unknown panel '%s' (known: cpu, gpu, emc, power, thermal, "
                     "cpuidle, fan, memory, radio)",
                     word);
            return -EINVAL;
        }
        for (int i = 0; i < count; i++) {
            if (tmp[i] == id) {
                snprintf(why, whysz, "panel '%s' listed twice", word);
                return -EINVAL;
            }
        }
        tmp[count++] = id;
    }
    if (count == 0) {
        snprintf(why, whysz, "expected at least one panel");
        return -EINVAL;
    }
    memcpy(out, tmp, sizeof tmp[0] * (size_t)count);
    *n = count;
    return 0;
}

/* ---- one value by kind ---- */

static int set_int(const ConfigKey *k, void *field, const char *v, char *why, size_t whysz) {
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end != '\0' || x < k->lo || x > k->hi) {
        snprintf(why, whysz, "%s: expected a whole number from %ld to %ld, got '%s'", k->key, k->lo,
                 k->hi, v);
        return -EINVAL;
    }
    *(int *)field = (int)x;
    return 0;
}

static int set_enum(const ConfigKey *k, void *field, const char *v, char *why, size_t whysz) {
    for (int i = 0; k->names[i]; i++) {
        if (strcasecmp(v, k->names[i]) == 0) {
            *(int *)field = i;
            return 0;
        }
    }
    char list[128] = "";
    for (int i = 0; k->names[i]; i++) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", k->names[i]);
    }
    snprintf(why, whysz, "%s: expected one of %s, got '%s'", k->key, list, v);
    return -EINVAL;
}

static int set_str(const ConfigKey *k, void *field, const char *v, char *why, size_t whysz) {
    size_t len = strlen(v);
    if (len == 0 || len >= k->size) {
        snprintf(why, whysz, "%s: expected a value of 1 to %zu characters", k->key, k->size - 1);
        return -EINVAL;
    }
    memcpy(field, v, len + 1);
    return 0;
}

static int set_page(const ConfigKey *k, void *field, const char *v, char *why, size_t whysz) {
    if (strcasecmp(v, "overview") == 0) {
        *(int *)field = -1;
        return 0;
    }
    PanelId p;
    if (config_panel_parse(v, &p) < 0) {
        snprintf(why, whysz, "%s: expected overview or a panel name, got '%s'", k->key, v);
        return -EINVAL;
    }
    *(int *)field = (int)p;
    return 0;
}

static int set_value(Config *c, const ConfigKey *k, const char *v, char *why, size_t whysz) {
    void *field = (char *)c + k->off;
    switch (k->kind) {
    case CK_INT: return set_int(k, field, v, why, whysz);
    case CK_ENUM: return set_enum(k, field, v, why, whysz);
    case CK_STR: return set_str(k, field, v, why, whysz);
    case CK_PAGE: return set_page(k, field, v, why, whysz);
    case CK_PANELS: {
        int rc = config_panels_parse(v, c->panels, &c->n_panels, why, whysz);
        if (rc < 0) {
            /* keep the message's subject visible: "panels: unknown panel 'x'" */
            char tmp[200];
            snprintf(tmp, sizeof tmp, "%s: %s", k->key, why);
            snprintf(why, whysz, "%s", tmp);
        }
        return rc;
    }
    }
    return -EINVAL;
}

/* ---- the INI walk ---- */

typedef struct {
    Config *c;
    const char *file;
    const ConfigHooks *hooks;
    Diag *d;
    char warned_section[64]; /* last unknown section warned about (once per section) */
} ParseCtx;

static int on_bind(ParseCtx *p, const char *key, const char *value, int line) {
    Config *c = p->c;
    if (strlen(key) >= sizeof c->binds[0].action || strlen(value) >= sizeof c->binds[0].keys) {
        diag_error(p->d, p->file, line, "[keys] %s: name or value too long", key);
        return 0;
    }
    int slot = c->n_binds;
    for (int i = 0; i < c->n_binds; i++) {
        if (strcmp(c->binds[i].action, key) == 0) {
            slot = i; /* a later line for the same action wins */
        }
    }
    if (slot == CONFIG_MAX_BINDS) {
        diag_error(p->d, p->file, line, "[keys]: more than %d bindings", CONFIG_MAX_BINDS);
        return 0;
    }
    snprintf(c->binds[slot].action, sizeof c->binds[slot].action, "%s", key);
    snprintf(c->binds[slot].keys, sizeof c->binds[slot].keys, "%s", value);
    c->binds[slot].line = line;
    if (slot == c->n_binds) {
        c->n_binds++;
    }
    return 1;
}

static const ConfigHook *find_hook(const ConfigHooks *hooks, const char *section) {
    for (int i = 0; hooks && i < hooks->n; i++) {
        size_t n = strlen(hooks->hooks[i].prefix);
        if (strncmp(section, hooks->hooks[i].prefix, n) == 0 && section[n] != '\0') {
            return &hooks->hooks[i];
        }
    }
    return NULL;
}

static bool section_known(const char *section) {
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(keys[i].section, section) == 0) {
            return true;
        }
    }
    return false;
}

static int on_line(void *user, const char *section, const char *key, const char *value, int line) {
    ParseCtx *p = user;
    if (strcmp(section, "keys") == 0) {
        return on_bind(p, key, value, line);
    }
    const ConfigHook *h = find_hook(p->hooks, section);
    if (h) {
        return h->fn(h->user, section, key, value, p->file, line, p->d);
    }
    if (!section[0]) {
        diag_warn(p->d, p->file, line, "'%s' before any [section] ignored", key);
        return 1;
    }
    if (!section_known(section)) {
        if (strcmp(p->warned_section, section) != 0) {
            diag_warn(p->d, p->file, line, "unknown section [%s] ignored", section);
            snprintf(p->warned_section, sizeof p->warned_section, "%s", section);
        }
        return 1;
    }
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].key, key) == 0) {
            char why[DIAG_MSG_LEN];
            if (set_value(p->c, &keys[i], value, why, sizeof why) < 0) {
                diag_error(p->d, p->file, line, "%s", why);
                return 0;
            }
            return 1;
        }
    }
    diag_warn(p->d, p->file, line, "unknown key '%s' in [%s] ignored", key, section);
    return 1;
}

/* One line (without its newline) as inih sees it: blank, comment, section or key. */
static bool line_ok(const char *s, size_t n) {
    while (n && isspace((unsigned char)*s)) {
        s++, n--;
    }
    while (n && isspace((unsigned char)s[n - 1])) {
        n--;
    }
    if (n == 0 || *s == ';' || *s == '#') {
        return true;
    }
    if (*s == '[') {
        const char *close = memchr(s, ']', n);
        return close && close > s + 1;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '=' || s[i] == ':') {
            return i > 0;
        }
    }
    return false;
}

int config_check_syntax(const char *text, const char *file, Diag *d) {
    int bad = 0, line = 1;
    if (strncmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3; /* a UTF-8 byte order mark, as inih skips it */
    }
    for (const char *p = text; *p; line++) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (!line_ok(p, n)) {
            diag_error(d, file, line, "expected 'key = value', '[section]' or a comment");
            bad++;
        }
        p += n + (nl ? 1 : 0);
    }
    return bad ? -EINVAL : 0;
}

int config_parse(Config *c, const char *text, const char *file, const ConfigHooks *hooks, Diag *d) {
    ParseCtx p = {.c = c, .file = file, .hooks = hooks, .d = d};
    int errors_before = d->n_errors;
    config_check_syntax(text, file, d); /* inih names only the first bad line */
    if (inifile_parse(text, on_line, &p) == -ENOMEM) {
        return -ENOMEM;
    }
    snprintf(c->path, sizeof c->path, "%s", file);
    return d->n_errors > errors_before ? -EINVAL : 0;
}
