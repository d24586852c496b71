/* SPDX-License-Identifier: MIT */
/* logfmt: CSV and JSONL formatting of the log header and sample rows. */
#include "jtune/core/logfmt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Widest formatted number: 20 digits, sign, point and a leading "0" for tiny fractions. */
#define NUM_MAX 24

const char *logfmt_name(LogFmt f) {
    return f == LOGFMT_JSONL ? "jsonl" : "csv";
}

size_t logfmt_header_bound(const Schema *sc) {
    /* metadata values are at most 3x the Inventory text they encode (< 8 KiB) */
    return 65536 + (size_t)sc->n * (SCHEMA_NAME + 16);
}

size_t logfmt_row_bound(LogFmt f, const Schema *sc) {
    size_t per = NUM_MAX + 1;
    if (f == LOGFMT_JSONL) {
        per += SCHEMA_NAME + 3; /* "name": */
    }
    size_t text = 0;
    for (int c = 0; c < sc->n; c++) {
        text += schema_is_text(&sc->col[c]) ? JT_TOP_NAME + 2 : 0; /* "name" */
    }
    return (size_t)sc->n * per + text + 4;
}

/* A text column's value: as is in CSV (safe characters only), quoted in JSON (null when
 * unknown). */
static char *put_text(const SchemaCol *col, const Sample *s, char *p, bool json) {
    const char *t = schema_get_text(col, s);
    size_t n = strnlen(t, JT_TOP_NAME - 1);
    if (json && n == 0) {
        // NOLINTNEXTLINE(bugprone-not-null-terminated-result): appends to a row; the caller ends it
        memcpy(p, "null", 4);
        return p + 4;
    }
    if (json) {
        *p++ = '"';
    }
    memcpy(p, t, n);
    p += n;
    if (json) {
        *p++ = '"';
    }
    return p;
}

typedef struct {
    char *p;
    size_t cap;
    size_t len;
    bool full;
} Buf;

static void add(Buf *b, const char *s, size_t n) {
    if (b->full || b->len + n >= b->cap) {
        b->full = true;
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void add_s(Buf *b, const char *s) {
    add(b, s, strlen(s));
}

static void csv_header(const LogMeta *m, const Schema *sc, Buf *b) {
    char val[16384];
    for (int i = 0; i < logmeta_count(); i++) {
        int n = logmeta_format(m, i, val, sizeof val);
        if (n < 0) {
            b->full = true;
            return;
        }
        add_s(b, "# ");
        add_s(b, logmeta_key(i));
        add_s(b, ": ");
        add(b, val, (size_t)n);
        add_s(b, "\n");
    }
    add_s(b, "# units: ");
    for (int c = 0; c < sc->n; c++) {
        add(b, ",", c ? 1 : 0);
        add_s(b, sc->col[c].unit);
    }
    add_s(b, "\n");
    for (int c = 0; c < sc->n; c++) {
        add(b, ",", c ? 1 : 0);
        add_s(b, sc->col[c].name);
    }
    add_s(b, "\n");
}

static void jsonl_header(const LogMeta *m, Buf *b) {
    char val[16384];
    add_s(b, "{\"jtune_meta\":1");
    for (int i = 0; i < logmeta_count(); i++) {
        int n = logmeta_format(m, i, val, sizeof val);
        if (n < 0) {
            b->full = true;
            return;
        }
        /* encoded values hold no '"', '\\' or control bytes: no JSON escaping needed */
        bool num = logmeta_is_number(i);
        add_s(b, ",\"");
        add_s(b, logmeta_key(i));
        add_s(b, num ? "\":" : "\":\"");
        add(b, val, (size_t)n);
        add_s(b, num ? "" : "\"");
    }
    add_s(b, "}\n");
}

int logfmt_header(LogFmt f, const LogMeta *m, const Schema *sc, char *buf, size_t n) {
    Buf b = {buf, n, 0, n == 0};
    if (n) {
        buf[0] = '\0';
    }
    if (f == LOGFMT_JSONL) {
        jsonl_header(m, &b);
    } else {
        csv_header(m, sc, &b);
    }
    return b.full ? -ENOSPC : (int)b.len;
}

/* The hot path: no bounds checks per field (the caller's buffer is >= row_bound). */
static size_t csv_row(const Schema *sc, const Sample *s, char *p) {
    char *start = p;
    for (int c = 0; c < sc->n; c++) {
        const SchemaCol *col = &sc->col[c];
        if (c) {
            *p++ = ',';
        }
        if (schema_is_text(col)) {
            p = put_text(col, s, p, false);
            continue;
        }
        Val v = schema_get(col, s);
        if (v.ok) {
            p += schema_format_num(v.v, col->decimals, p);
        }
    }
    *p++ = '\n';
    *p = '\0';
    return (size_t)(p - start);
}

static size_t jsonl_row(const Schema *sc, const Sample *s, char *p) {
    char *start = p;
    *p++ = '{';
    for (int c = 0; c < sc->n; c++) {
        const SchemaCol *col = &sc->col[c];
        if (c) {
            *p++ = ',';
        }
        *p++ = '"';
        size_t nl = strlen(col->name);
        memcpy(p, col->name, nl);
        p += nl;
        *p++ = '"';
        *p++ = ':';
        if (schema_is_text(col)) {
            p = put_text(col, s, p, true);
            continue;
        }
        Val v = schema_get(col, s);
        if (v.ok) {
            p += schema_format_num(v.v, col->decimals, p);
        } else {
            memcpy(p, "null", 4);
            p += 4;
        }
    }
    *p++ = '}';
    *p++ = '\n';
    *p = '\0';
    return (size_t)(p - start);
}

int logfmt_row(LogFmt f, const Schema *sc, const Sample *s, char *buf, size_t n) {
    if (n < logfmt_row_bound(f, sc)) {
        return -ENOSPC;
    }
    size_t len = f == LOGFMT_JSONL ? jsonl_row(sc, s, buf) : csv_row(sc, s, buf);
    return (int)len;
}
