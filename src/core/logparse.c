/* SPDX-License-Identifier: MIT */
/* logparse: CSV and JSONL logs back into LogMeta + Samples. */
#include "jtune/core/logparse.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int fail(LogParser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(LogParser *p, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, sizeof p->err, fmt, ap);
    va_end(ap);
    return -EINVAL;
}

void logparse_init(LogParser *p) {
    memset(p, 0, sizeof *p);
    logmeta_reset(&p->meta);
}

/* Build the schema the writer used, from the metadata read so far. */
static int make_schema(LogParser *p) {
    unsigned flags =
        (p->meta.rails_only ? SCHEMA_RAILS_ONLY : 0) | (p->meta.batch ? SCHEMA_BATCH : 0);
    if (schema_build(&p->schema, &p->meta.inv, flags)) {
        return fail(p, "too many columns for this inventory");
    }
    return 0;
}

/* ------------------------------------------------------------------ CSV */

/* "# key: value": apply it; anything else after '#' is a comment. */
static int csv_meta(LogParser *p, const char *s, size_t n) {
    const char *colon = memchr(s, ':', n);
    if (n < 2 || s[1] != ' ' || !colon || (size_t)(colon - s) > 40) {
        return 0;
    }
    char key[48];
    size_t kn = (size_t)(colon - s) - 2;
    memcpy(key, s + 2, kn);
    key[kn] = '\0';
    const char *v = colon + 1;
    size_t vn = n - (size_t)(v - s);
    if (vn && *v == ' ') {
        v++;
        vn--;
    }
    int rc = logmeta_parse(&p->meta, key, v, vn);
    if (rc == -EINVAL) {
        return fail(p, "bad value for '%s': '%.*s'", key, (int)(vn > 60 ? 60 : vn), v);
    }
    return 0;
}

static bool name_ok(const char *s, size_t n) {
    if (n == 0 || n >= SCHEMA_NAME) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_')) {
            return false;
        }
    }
    return true;
}

static int csv_header(LogParser *p, const char *s, size_t n) {
    int rc = make_schema(p);
    if (rc) {
        return rc;
    }
    bool seen[SCHEMA_MAX_COLS] = {false};
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ',') {
            continue;
        }
        if (p->n_fields >= SCHEMA_MAX_COLS) {
            return fail(p, "more than %d columns", SCHEMA_MAX_COLS);
        }
        char name[SCHEMA_NAME];
        size_t len = i - start;
        if (!name_ok(s + start, len)) {
            return fail(p, "column %d: not a jtune column name: '%.*s'", p->n_fields + 1,
                        (int)(len > 60 ? 60 : len), s + start);
        }
        memcpy(name, s + start, len);
        name[len] = '\0';
        int col = schema_find(&p->schema, name);
        if (col >= 0 && seen[col]) {
            return fail(p, "column '%s' appears twice", name);
        }
        if (col >= 0) {
            seen[col] = true;
        } else {
            p->n_ignored++;
        }
        p->map[p->n_fields++] = (int16_t)col;
        start = i + 1;
    }
    p->ready = true;
    return 0;
}

static int csv_row(LogParser *p, const char *s, size_t n, Sample *out) {
    sample_clear(out);
    int field = 0;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ',') {
            continue;
        }
        if (field >= p->n_fields) {
            return fail(p, "more than the %d fields of the header", p->n_fields);
        }
        int col = p->map[field];
        size_t len = i - start;
        if (col >= 0 && len > 0 && schema_is_text(&p->schema.col[col])) {
            schema_set_text(&p->schema.col[col], out, s + start, len);
        } else if (col >= 0 && len > 0) {
            const SchemaCol *c = &p->schema.col[col];
            int64_t v;
            if (schema_parse_num(c, s + start, len, &v)) {
                return fail(p, "column %s: bad value '%.*s'", c->name, (int)(len > 40 ? 40 : len),
                            s + start);
            }
            schema_set(c, out, val_of(v));
        }
        field++;
        start = i + 1;
    }
    if (field != p->n_fields) {
        return fail(p, "%d fields, the header has %d", field, p->n_fields);
    }
    return 1;
}

static int csv_line(LogParser *p, const char *s, size_t n, Sample *out) {
    if (s[0] == '#') {
        return p->ready ? 0 : csv_meta(p, s, n);
    }
    if (!p->ready) {
        int rc = csv_header(p, s, n);
        return rc ? rc : 0;
    }
    return csv_row(p, s, n, out);
}

/* ------------------------------------------------------------------ JSONL */

typedef struct {
    const char *s;
    size_t n;
    size_t i;
} Js;

typedef enum { JV_STR, JV_NUM, JV_NULL, JV_BOOL } JvType;

typedef struct {
    JvType t;
    const char *p; /* string (decoded) or number text */
    size_t n;
} Jv;

static void js_ws(Js *j) {
    while (j->i < j->n &&
           (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\r' || j->s[j->i] == '\n')) {
        j->i++;
    }
}

static bool js_lit(Js *j, const char *lit) {
    size_t n = strlen(lit);
    if (j->n - j->i < n || memcmp(j->s + j->i, lit, n) != 0) {
        return false;
    }
    j->i += n;
    return true;
}

static int js_hex4(Js *j, unsigned *cp) {
    if (j->n - j->i < 4) {
        return -EINVAL;
    }
    uint64_t v;
    if (parse_hex_u64(j->s + j->i, 4, &v) < 0) {
        return -EINVAL;
    }
    j->i += 4;
    *cp = (unsigned)v;
    return 0;
}

/* A \u escape (after the 'u'), surrogate pairs joined, as UTF-8 into out[*o..]. */
static int js_unicode(Js *j, char *out, size_t outsz, size_t *o) {
    unsigned cp, lo;
    if (js_hex4(j, &cp)) {
        return -EINVAL;
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (!js_lit(j, "\\u") || js_hex4(j, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
            return -EINVAL;
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return -EINVAL;
    }
    char u[4];
    size_t un;
    if (cp < 0x80) {
        u[0] = (char)cp;
        un = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        un = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        un = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        un = 4;
    }
    if (*o + un >= outsz) {
        return -EINVAL;
    }
    memcpy(out + *o, u, un);
    *o += un;
    return 0;
}

/* A JSON string at j->i (the opening quote), decoded into out. */
static int js_string(Js *j, char *out, size_t outsz, size_t *len) {
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    size_t o = 0;
    if (j->i >= j->n || j->s[j->i] != '"') {
        return -EINVAL;
    }
    j->i++;
    while (j->i < j->n) {
        char c = j->s[j->i++];
        if (c == '"') {
            out[o] = '\0';
            *len = o;
            return 0;
        }
        if ((unsigned char)c < 0x20) {
            return -EINVAL;
        }
        if (c == '\\') {
            if (j->i >= j->n) {
                return -EINVAL;
            }
            char e = j->s[j->i++];
            const char *k = e ? strchr(from, e) : NULL;
            if (e == 'u') {
                if (js_unicode(j, out, outsz, &o)) {
                    return -EINVAL;
                }
                continue;
            }
            if (!k) {
                return -EINVAL;
            }
            c = to[k - from];
        }
        if (o + 1 >= outsz) {
            return -EINVAL;
        }
        out[o++] = c;
    }
    return -EINVAL;
}

static int js_value(Js *j, Jv *v, char *buf, size_t bufsz) {
    js_ws(j);
    if (j->i >= j->n) {
        return -EINVAL;
    }
    char c = j->s[j->i];
    if (c == '"') {
        v->t = JV_STR;
        v->p = buf;
        return js_string(j, buf, bufsz, &v->n);
    }
    if (js_lit(j, "null")) {
        v->t = JV_NULL;
        return 0;
    }
    if (js_lit(j, "true") || js_lit(j, "false")) {
        v->t = JV_BOOL;
        return 0;
    }
    size_t start = j->i;
    while (j->i < j->n && strchr("-+.eE0123456789", j->s[j->i]) && j->s[j->i]) {
        j->i++;
    }
    if (j->i == start) {
        return -EINVAL;
    }
    v->t = JV_NUM;
    v->p = j->s + start;
    v->n = j->i - start;
    return 0;
}

typedef int (*PairFn)(LogParser *p, const char *key, const Jv *v, Sample *out);

/* Walk a flat object {"k": v, ...}; fn per pair. */
static int js_object(LogParser *p, const char *s, size_t n, PairFn fn, Sample *out) {
    Js j = {s, n, 0};
    char key[64];
    char val[16384];
    size_t kn;
    js_ws(&j);
    if (!js_lit(&j, "{")) {
        return fail(p, "expected a JSON object");
    }
    js_ws(&j);
    bool first = true;
    while (!js_lit(&j, "}")) {
        if (!first && !js_lit(&j, ",")) {
            return fail(p, "expected ',' or '}' at byte %zu", j.i + 1);
        }
        first = false;
        js_ws(&j);
        if (js_string(&j, key, sizeof key, &kn)) {
            return fail(p, "bad key at byte %zu", j.i + 1);
        }
        js_ws(&j);
        Jv v;
        if (!js_lit(&j, ":") || js_value(&j, &v, val, sizeof val)) {
            return fail(p, "bad value for '%s'", key);
        }
        int rc = fn(p, key, &v, out);
        if (rc) {
            return rc;
        }
        js_ws(&j);
    }
    js_ws(&j);
    return j.i == j.n ? 0 : fail(p, "text after the object");
}

static int meta_pair(LogParser *p, const char *key, const Jv *v, Sample *out) {
    (void)out;
    if (strcmp(key, "jtune_meta") == 0) {
        p->ready = true; /* marks the object as metadata; the schema follows */
        return 0;
    }
    if (v->t != JV_STR && v->t != JV_NUM) {
        return 0;
    }
    int rc = logmeta_parse(&p->meta, key, v->p, v->n);
    if (rc == -EINVAL) {
        return fail(p, "bad value for '%s': '%.*s'", key, (int)(v->n > 60 ? 60 : v->n), v->p);
    }
    return 0;
}

static int row_pair(LogParser *p, const char *key, const Jv *v, Sample *out) {
    int col = -1;
    if (p->hint < p->schema.n && strcmp(p->schema.col[p->hint].name, key) == 0) {
        col = p->hint;
    } else {
        col = schema_find(&p->schema, key);
    }
    if (col < 0) {
        if (strcmp(key, "jtune_meta") == 0) {
            return fail(p, "a second metadata object (concatenated logs?)");
        }
        p->n_ignored++;
        return 0;
    }
    p->hint = col + 1;
    const SchemaCol *c = &p->schema.col[col];
    if (v->t == JV_NULL) {
        return 0;
    }
    if (schema_is_text(c)) {
        if (v->t != JV_STR) {
            return fail(p, "column %s: not a string", c->name);
        }
        schema_set_text(c, out, v->p, v->n);
        return 0;
    }
    int64_t x;
    if (v->t != JV_NUM || schema_parse_num(c, v->p, v->n, &x)) {
        return fail(p, "column %s: not a number", c->name);
    }
    schema_set(c, out, val_of(x));
    return 0;
}

static int jsonl_line(LogParser *p, const char *s, size_t n, Sample *out) {
    if (!p->ready) {
        int rc = js_object(p, s, n, meta_pair, out);
        if (rc) {
            return rc;
        }
        if (!p->ready) {
            return fail(p, "the first line is not jtune metadata (no \"jtune_meta\")");
        }
        return make_schema(p);
    }
    sample_clear(out);
    p->hint = 0;
    p->n_ignored = 0;
    int rc = js_object(p, s, n, row_pair, out);
    return rc ? rc : 1;
}

/* ------------------------------------------------------------------ driver */

int logparse_line(LogParser *p, const char *line, size_t len, Sample *out) {
    p->lineno++;
    while (len && (line[len - 1] == '\r' || line[len - 1] == ' ')) {
        len--;
    }
    if (len == 0) {
        return 0;
    }
    if (!p->fmt_known) {
        p->fmt = line[0] == '{' ? LOGFMT_JSONL : LOGFMT_CSV;
        p->fmt_known = true;
    }
    int rc = p->fmt == LOGFMT_JSONL ? jsonl_line(p, line, len, out) : csv_line(p, line, len, out);
    if (rc == 1) {
        p->rows++;
        sample_name_governors(&p->meta.inv, out);
    }
    return rc;
}

int logparse_text(LogParser *p, const char *text, size_t len, const char *file, LogSampleFn fn,
                  void *user, char *err, size_t errsz) {
    Sample s;
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        int rc = logparse_line(p, text + pos, n, &s);
        if (rc < 0) {
            snprintf(err, errsz, "%s:%d: %s", file, p->lineno, p->err);
            return rc;
        }
        if (rc == 1 && fn) {
            rc = fn(user, p, &s);
            if (rc) {
                return rc;
            }
        }
        pos += n + 1;
    }
    if (!p->ready) {
        snprintf(err, errsz, "%s: no jtune log header found", file);
        return -EINVAL;
    }
    return 0;
}
