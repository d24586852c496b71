/* SPDX-License-Identifier: MIT */
/* recording: load and index a jtune log or a tegrastats log. See recording.h. */
#include "jtune/record/recording.h"

#include "jtune/core/timeunit.h"

#include "jtune/core/parse.h"
#include "jtune/core/schema.h"
#include "jtune/core/tegrastats.h"
#include "jtune/platform/fileio.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    const char *p; /* valid until the next next_line() */
    size_t n;
    size_t off;
    int lineno;
    bool last_without_nl; /* the file's final line, not ended by a newline */
} Line;

/* Lines of the text in memory, or of the file read in windows of REC_WINDOW bytes (a line
 * longer than that comes out in pieces, each treated as cut). */
typedef struct {
    const Recording *r;
    char *buf;
    size_t cap;
    size_t base; /* file offset of buf[0] */
    size_t have; /* bytes in buf */
    size_t pos;  /* file offset of the next line */
    bool eof;
    bool owned; /* buf is ours (file mode) */
    int lineno;
    int err; /* -errno of a failed read */
} Reader;

static void warn(Recording *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(Recording *r, const char *fmt, ...) {
    if (r->n_warnings++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->warning, sizeof r->warning, fmt, ap);
        va_end(ap);
    }
}

static int reader_open(Reader *rd, const Recording *r) {
    memset(rd, 0, sizeof *rd);
    rd->r = r;
    if (r->text || r->fd < 0) {
        rd->buf = r->text;
        rd->cap = rd->have = r->len;
        rd->eof = true;
        return 0;
    }
    rd->buf = malloc(REC_WINDOW);
    rd->cap = REC_WINDOW;
    rd->owned = true;
    return rd->buf ? 0 : -ENOMEM;
}

static void reader_close(Reader *rd) {
    if (rd->owned) {
        free(rd->buf);
    }
}

/* Keep the unread bytes, read more behind them. */
static void reader_fill(Reader *rd) {
    size_t used = rd->pos - rd->base, keep = rd->have - used;
    memmove(rd->buf, rd->buf + used, keep);
    rd->base = rd->pos;
    rd->have = keep;
    while (rd->have < rd->cap) {
        ssize_t k =
            pread(rd->r->fd, rd->buf + rd->have, rd->cap - rd->have, (off_t)(rd->base + rd->have));
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k < 0) {
            rd->err = -errno;
        }
        if (k <= 0) {
            rd->eof = true;
            return;
        }
        rd->have += (size_t)k;
    }
}

/* The next line (a trailing '\r' dropped). False at the end of the text. */
static bool next_line(Reader *rd, Line *l) {
    for (;;) {
        const char *s = rd->buf + (rd->pos - rd->base);
        size_t avail = rd->have - (rd->pos - rd->base);
        const char *nl = avail ? memchr(s, '\n', avail) : NULL;
        if (nl || rd->eof || avail == rd->cap) {
            if (!nl && avail == 0) {
                return false;
            }
            size_t n = nl ? (size_t)(nl - s) : avail;
            l->p = s;
            l->off = rd->pos;
            l->n = n && s[n - 1] == '\r' ? n - 1 : n;
            l->lineno = ++rd->lineno;
            l->last_without_nl = !nl;
            rd->pos += n + (nl ? 1 : 0);
            return true;
        }
        reader_fill(rd);
    }
}

/* The text of the row at [off, off + len): from memory, or through a window of the file
 * read with pread (rows in order cost one read per window). NULL when it cannot be read. */
static const char *row_text(const Recording *r, size_t off, size_t len) {
    if (r->text) {
        return r->text + off;
    }
    RecWindow *w = r->window;
    if (off >= w->base && off + len <= w->base + w->have) {
        return w->buf + (off - w->base);
    }
    if (len > REC_WINDOW) {
        return NULL;
    }
    w->base = off;
    w->have = 0;
    while (w->have < REC_WINDOW) {
        ssize_t k = pread(r->fd, w->buf + w->have, REC_WINDOW - w->have, (off_t)(off + w->have));
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            break;
        }
        w->have += (size_t)k;
    }
    return w->have >= len ? w->buf : NULL;
}

static bool blank(const Line *l) {
    for (size_t i = 0; i < l->n; i++) {
        if (l->p[i] != ' ' && l->p[i] != '\t') {
            return false;
        }
    }
    return true;
}

/* Our logs start with "# jtune:" (CSV) or a '{' metadata object (JSONL); a tegrastats log
 * has a tegrastats line among its first DETECT_LINES lines that are neither blank nor
 * comments (a "nohup: ignoring input" or "^C" line may come first). */
#define DETECT_LINES 64

static RecFormat detect(const Recording *r, bool *sure) {
    Reader rd;
    Line l = {0};
    TsLine *t = malloc(sizeof *t);
    RecFormat f = REC_CSV;
    int tried = 0;
    if (reader_open(&rd, r) < 0) {
        free(t);
        return f;
    }
    while (next_line(&rd, &l) && tried < DETECT_LINES) {
        if (blank(&l)) {
            continue;
        }
        if (tried == 0 && l.p[0] == '{') {
            f = REC_JSONL;
            *sure = true;
            break;
        }
        if (tried == 0 && l.n >= 8 && memcmp(l.p, "# jtune:", 8) == 0) {
            *sure = true;
            break;
        }
        if (l.p[0] == '#') {
            continue;
        }
        tried++;
        size_t n = strnlen(l.p, l.n); /* up to a NUL block */
        if (t && tegrastats_parse(l.p, tegrastats_restart(l.p, n), 0, t) == 0) {
            f = REC_TEGRASTATS;
            *sure = true;
            break;
        }
    }
    reader_close(&rd);
    free(t);
    return f;
}

static int push_row(Recording *r, size_t *cap, const RecRow *row) {
    if (r->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 1024;
        RecRow *nr = realloc(r->rows, ncap * sizeof *nr);
        if (!nr) {
            return -ENOMEM;
        }
        r->rows = nr;
        *cap = ncap;
    }
    r->rows[r->n++] = *row;
    return 0;
}

static int32_t clamp32(Val v) {
    if (!v.ok) {
        return REC_UNKNOWN;
    }
    return v.v > INT32_MAX ? INT32_MAX : v.v <= INT32_MIN ? INT32_MIN + 1 : (int32_t)v.v;
}

/* The hottest zone; a fixed-value zone (PMIC-Die at 100 degC) never counts. */
static int32_t hottest(const Inventory *inv, const Sample *s) {
    int zone;
    return clamp32(sample_temp_max_mc(inv, s, &zone));
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Median spacing of the rows in ms, or 0 when there is none. */
static int median_interval_ms(const Recording *r) {
    if (r->n < 2) {
        return 0;
    }
    int64_t *d = malloc((r->n - 1) * sizeof *d);
    if (!d) {
        return 0;
    }
    size_t k = 0;
    for (size_t i = 1; i < r->n; i++) {
        if (r->rows[i].t_ns > r->rows[i - 1].t_ns) {
            d[k++] = r->rows[i].t_ns - r->rows[i - 1].t_ns;
        }
    }
    int64_t med = 0;
    if (k > 0) {
        qsort(d, k, sizeof *d, cmp_i64);
        med = d[k / 2];
    }
    free(d);
    int64_t ms = (med + NS_PER_MS / 2) / NS_PER_MS;
    return ms > 0 && ms <= 3600000 ? (int)ms : 0;
}

/* ------------------------------------------------------------------ our CSV / JSONL */

/* Field index of the column named "batch" in a CSV header row, or -1. The workload
 * engine's logs carry it; this reads it from the text so it works whatever the schema
 * version knows about it. */
static int csv_batch_field(const Line *l) {
    size_t start = 0;
    int field = 0;
    for (size_t i = 0; i <= l->n; i++) {
        if (i < l->n && l->p[i] != ',') {
            continue;
        }
        if (i - start == 5 && memcmp(l->p + start, "batch", 5) == 0) {
            return field;
        }
        field++;
        start = i + 1;
    }
    return -1;
}

static int32_t batch_value(const char *s, size_t n) {
    int64_t v;
    if (n == 0 || parse_i64(s, n, &v) != 0 || v < 0 || v > INT32_MAX) {
        return REC_UNKNOWN;
    }
    return (int32_t)v;
}

static int32_t csv_batch(const Line *l, int field) {
    size_t start = 0;
    int k = 0;
    for (size_t i = 0; i <= l->n; i++) {
        if (i < l->n && l->p[i] != ',') {
            continue;
        }
        if (k++ == field) {
            return batch_value(l->p + start, i - start);
        }
        start = i + 1;
    }
    return REC_UNKNOWN;
}

/* "batch": N in a JSONL row (values are numbers or null, so the key cannot hide in one). */
static int32_t jsonl_batch(const Line *l, bool *seen) {
    static const char key[] = "\"batch\":";
    size_t kn = sizeof key - 1;
    for (size_t i = 0; i + kn <= l->n; i++) {
        if (memcmp(l->p + i, key, kn) == 0) {
            size_t a = i + kn, b;
            while (a < l->n && l->p[a] == ' ') {
                a++;
            }
            for (b = a; b < l->n && l->p[b] != ',' && l->p[b] != '}' && l->p[b] != ' '; b++) {
            }
            *seen = true;
            return batch_value(l->p + a, b - a);
        }
    }
    return REC_UNKNOWN;
}

typedef struct {
    size_t cap;                 /* rows allocated */
    int64_t first_ns;           /* monotonic time of the first row */
    int batch_field;            /* CSV field of "batch", -1 */
    bool csv_fast;              /* CSV rows: only the index's columns are decoded (csv_index_row) */
    bool want[SCHEMA_MAX_COLS]; /* CSV field -> the index keeps it */
} Loader;

/* The CSV fields the index keeps: the clocks, input power, zone temperatures, batch. */
static void csv_want(Loader *ld, const LogParser *p) {
    for (int f = 0; f < p->n_fields; f++) {
        int col = p->map[f];
        SchemaField k = col >= 0 ? p->schema.col[col].field : SF_SEQ;
        ld->want[f] = col >= 0 && (k == SF_WALL_MS || k == SF_MONO_US || k == SF_INPUT_MW ||
                                   k == SF_ZONE_MC || k == SF_BATCH);
    }
    ld->csv_fast = true;
}

/* True when the line holds only what rows of numbers hold (digits, signs, points, commas,
 * a trailing '\r' or blanks): a row for csv_index_row. Anything else (a comment, a damaged
 * row) goes through the full parse, which names what is wrong. */
static bool csv_plain(const char *t, size_t n) {
    if (n == 0 || t[0] == '#') {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (!((c >= '0' && c <= '9') || c == ',' || c == '-' || c == '.' || c == '+' || c == '\r' ||
              c == ' ')) {
            return false;
        }
    }
    return true;
}

/* A CSV row at open: the field count checked and only the wanted fields decoded into s
 * (the rest waits for recording_sample), so a million rows index in a fraction of the
 * time a full parse takes. 1, or -EINVAL with p->err set (as logparse_line would). */
static int csv_index_row(LogParser *p, const Loader *ld, const char *t, size_t n, Sample *s) {
    p->lineno++;
    while (n && (t[n - 1] == '\r' || t[n - 1] == ' ')) {
        n--;
    }
    if (n == 0) {
        return 0;
    }
    s->wall_ms = 0;
    s->mono_ns = 0;
    s->input_mw = val_na();
    s->batch = val_na();
    for (int z = 0; z < JT_MAX_ZONES; z++) {
        s->zone_mc[z] = val_na();
    }
    int field = 0;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && t[i] != ',') {
            continue;
        }
        if (field >= p->n_fields) {
            snprintf(p->err, sizeof p->err, "more than the %d fields of the header", p->n_fields);
            return -EINVAL;
        }
        size_t len = i - start;
        if (ld->want[field] && len > 0) {
            const SchemaCol *c = &p->schema.col[p->map[field]];
            int64_t v;
            if (schema_parse_num(c, t + start, len, &v)) {
                snprintf(p->err, sizeof p->err, "column %s: bad value '%.*s'", c->name,
                         (int)(len > 40 ? 40 : len), t + start);
                return -EINVAL;
            }
            schema_set(c, s, val_of(v));
        }
        field++;
        start = i + 1;
    }
    if (field != p->n_fields) {
        snprintf(p->err, sizeof p->err, "%d fields, the header has %d", field, p->n_fields);
        return -EINVAL;
    }
    p->rows++;
    return 1;
}

static int ours_row(Recording *r, Loader *ld, const Line *l, const Sample *s) {
    RecRow row = {.off = l->off,
                  .len = (uint32_t)l->n,
                  .input_mw = clamp32(s->input_mw),
                  .wall_ms = s->wall_ms,
                  .temp_max_mc = hottest(&r->meta.inv, s),
                  .batch = REC_UNKNOWN};
    if (s->batch.ok) { /* a workload run's log ("batch: 1" in its metadata) */
        row.batch = clamp32(s->batch);
        r->has_batch = true;
    } else if (r->fmt == REC_CSV && ld->batch_field >= 0) {
        row.batch = csv_batch(l, ld->batch_field);
    } else if (r->fmt == REC_JSONL) {
        row.batch = jsonl_batch(l, &r->has_batch);
    }
    if (r->n == 0) {
        ld->first_ns = s->mono_ns;
    }
    row.t_ns = s->mono_ns - ld->first_ns;
    if (r->n > 0 && row.t_ns < r->rows[r->n - 1].t_ns) {
        warn(r, "%s:%d: the clock goes backwards (kept at the previous row's time)", r->path,
             l->lineno);
        row.t_ns = r->rows[r->n - 1].t_ns;
    }
    return push_row(r, &ld->cap, &row);
}

/* A line our parser rejects: fatal, except a cut-off last line (dropped with a warning). */
static int ours_bad_line(Recording *r, const Line *l, bool sure, char *err, size_t errsz) {
    if (!sure && !r->parser->ready) {
        snprintf(err, errsz, "%s:%d: neither a jtune log nor a tegrastats log", r->path, l->lineno);
        return -EINVAL;
    }
    if (l->last_without_nl) {
        warn(r, "%s:%d: the last line is incomplete (%s): ignored", r->path, l->lineno,
             r->parser->err);
        return 0;
    }
    snprintf(err, errsz, "%s:%d: %s", r->path, l->lineno, r->parser->err);
    return -EINVAL;
}

static int load_ours(Recording *r, bool sure, char *err, size_t errsz) {
    r->parser = malloc(sizeof *r->parser);
    Sample *s = malloc(sizeof *s);
    Loader *ldp = calloc(1, sizeof *ldp);
    int rc = r->parser && s && ldp ? 0 : -ENOMEM;
    Reader rd;
    Line l = {0};
    if (!rc) {
        ldp->batch_field = -1;
        sample_clear(s);
        logparse_init(r->parser);
        rc = reader_open(&rd, r);
    }
    bool opened = !rc;
    while (!rc && next_line(&rd, &l)) {
        bool was_ready = r->parser->ready;
        r->parser->lineno = l.lineno - 1;
        int k = ldp->csv_fast && csv_plain(l.p, l.n) ? csv_index_row(r->parser, ldp, l.p, l.n, s)
                                                     : logparse_line(r->parser, l.p, l.n, s);
        if (k < 0) {
            rc = ours_bad_line(r, &l, sure, err, errsz);
            continue;
        }
        if (!was_ready && r->parser->ready) {
            r->meta = r->parser->meta;
            if (r->fmt == REC_CSV) {
                ldp->batch_field = csv_batch_field(&l);
                r->has_batch = ldp->batch_field >= 0;
                csv_want(ldp, r->parser);
            }
        }
        if (k == 1) {
            rc = ours_row(r, ldp, &l, s);
        }
    }
    free(s);
    free(ldp);
    if (opened) {
        rc = rc ? rc : rd.err;
        reader_close(&rd);
    }
    if (!rc && !r->parser->ready) { /* rc == 0: the parser was allocated */
        snprintf(err, errsz, "%s: not a jtune or tegrastats log (no jtune header found)", r->path);
        rc = -EINVAL;
    }
    if (rc == -ENOMEM) {
        snprintf(err, errsz, "%s: out of memory", r->path);
    }
    if (!rc) {
        r->meta = r->parser->meta;
        r->interval_ms = r->meta.interval_ms > 0 ? r->meta.interval_ms : median_interval_ms(r);
    }
    return rc;
}

/* ------------------------------------------------------------------ tegrastats */

/* Median spacing in ms of increasing wall times (0 when none). */
static int64_t median_step_ms(const Recording *r) {
    int64_t *d = r->n > 1 ? malloc((r->n - 1) * sizeof *d) : NULL;
    size_t k = 0;
    for (size_t i = 1; d && i < r->n; i++) {
        if (r->rows[i].wall_ms > r->rows[i - 1].wall_ms) {
            d[k++] = r->rows[i].wall_ms - r->rows[i - 1].wall_ms;
        }
    }
    int64_t med = 0;
    if (k > 0) {
        qsort(d, k, sizeof *d, cmp_i64);
        med = d[k / 2];
    }
    free(d);
    return med;
}

/* Line timestamps have whole seconds: rows that share one are spread evenly across it. A
 * timestamp that goes backwards (a DST fall-back, an NTP step) continues one typical
 * spacing after the previous row, and every later row moves with it, so the spacing of
 * the rows after the step stays real. Each row's wall_ms holds its stamp in seconds. */
static void tegra_times_from_stamps(Recording *r, int interval_ms) {
    size_t i = 0;
    while (i < r->n) {
        int64_t sec = r->rows[i].wall_ms;
        size_t j = i;
        while (j < r->n && r->rows[j].wall_ms == sec) {
            j++;
        }
        for (size_t m = i; m < j; m++) {
            r->rows[m].wall_ms = sec * 1000 + (int64_t)(m - i) * 1000 / (int64_t)(j - i);
        }
        i = j;
    }
    int64_t step = median_step_ms(r);
    step = step > 0 ? step : interval_ms;
    int64_t shift = 0;
    for (size_t m = 1; m < r->n; m++) {
        int64_t w = r->rows[m].wall_ms + shift;
        if (w < r->rows[m - 1].wall_ms) {
            if (r->damage.steps_back++ == 0) {
                warn(r,
                     "%s: the line timestamps go backwards %.1f s after row %zu (clock change?): "
                     "the rows after it keep their spacing, %lld ms after the previous row",
                     r->path, (double)(r->rows[m - 1].wall_ms - w) / 1000.0, m, (long long)step);
            }
            shift += r->rows[m - 1].wall_ms + step - w;
            w = r->rows[m - 1].wall_ms + step;
        }
        r->rows[m].wall_ms = w;
    }
    for (size_t m = 0; m < r->n; m++) {
        r->rows[m].t_ns = (r->rows[m].wall_ms - r->rows[0].wall_ms) * NS_PER_MS;
    }
}

static void tegra_times(Recording *r, size_t n_stamped, int interval_ms) {
    if (r->n > 0 && n_stamped == r->n) {
        r->has_timestamps = true;
        tegra_times_from_stamps(r, interval_ms);
        int est = median_interval_ms(r);
        r->interval_ms = est > 0 ? est : interval_ms;
        return;
    }
    if (n_stamped > 0) {
        warn(r, "%s: only %zu of %zu lines have a timestamp: rows are %d ms apart", r->path,
             n_stamped, r->n, interval_ms);
    }
    for (size_t m = 0; m < r->n; m++) {
        r->rows[m].t_ns = (int64_t)m * interval_ms * NS_PER_MS;
        r->rows[m].wall_ms = (int64_t)m * interval_ms; /* no clock: time from the start */
    }
    r->interval_ms = interval_ms;
}

/* The zone the stamps were written in, applied while a log loads. */
typedef struct {
    bool convert;  /* false: stamps are UTC */
    bool had_tz;   /* TZ was set before */
    char old[256]; /* its value */
} TzScope;

static int tz_enter(TzScope *z, const char *tz, const char *path, char *err, size_t errsz) {
    memset(z, 0, sizeof *z);
    if (!tz || strcmp(tz, "UTC") == 0) {
        return 0;
    }
    const char *old = getenv("TZ");
    z->had_tz = old != NULL;
    snprintf(z->old, sizeof z->old, "%s", old ? old : "");
    if (strcmp(tz, "local") != 0) {
        char zi[PATH_MAX];
        snprintf(zi, sizeof zi, "/usr/share/zoneinfo/%s", tz);
        if (tz[0] == '/' || strstr(tz, "..") ||
            (access(zi, R_OK) != 0 && !strpbrk(tz, "0123456789"))) {
            snprintf(err, errsz, "%s: --tz %s: not a time zone this system knows", path, tz);
            return -EINVAL;
        }
        setenv("TZ", tz, 1);
    }
    tzset();
    z->convert = true;
    return 0;
}

static void tz_leave(TzScope *z) {
    if (!z->convert) {
        return;
    }
    if (z->had_tz) {
        setenv("TZ", z->old, 1);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

/* A stamp read as UTC (civil time) -> the real time in the zone of z. */
static int64_t tz_apply(const TzScope *z, int64_t civil_s) {
    if (!z->convert) {
        return civil_s;
    }
    time_t t = (time_t)civil_s;
    struct tm tm;
    gmtime_r(&t, &tm);
    tm.tm_isdst = -1;
    time_t real = mktime(&tm);
    return real == (time_t)-1 ? civil_s : (int64_t)real;
}

typedef struct {
    TsLine *t;
    size_t *n_stamped;
    Loader ld;
    TzScope tz;
    bool strict;
    char *err;
    size_t errsz;
    int rc;
} TegraLoad;

static void note_damage(Recording *r, const TsLine *t, int lineno) {
    RecDamage *d = &r->damage;
    if (t->n_rejected && d->rejected == 0) {
        snprintf(d->first_rejected, sizeof d->first_rejected, "line %d: %s", lineno, t->rejected);
    }
    d->rejected += (size_t)t->n_rejected;
    if (t->n_unknown && d->unknown == 0) {
        snprintf(d->first_unknown, sizeof d->first_unknown, "line %d: '%s'", lineno, t->unknown[0]);
    }
    d->unknown += (size_t)t->n_unknown;
    d->cut += t->cut;
}

static void skip_line(Recording *r, int lineno) {
    RecDamage *d = &r->damage;
    if (d->n_skipped_at < REC_FIRST_LINES) {
        d->skipped_at[d->n_skipped_at++] = lineno;
    }
    d->skipped++;
}

/* One piece of a line (a line, or the part of one before or after a NUL run or a
 * restart); cut: its end is not the line's real end. */
static void tegra_piece(Recording *r, TegraLoad *L, const Line *l, size_t pos, size_t n, bool cut) {
    const char *p = l->p + pos;
    size_t off = l->off + pos;
    int rc = tegrastats_parse(p, n, cut ? TS_CUT : 0, L->t);
    if (cut) {
        n = tegrastats_cut_len(p, n); /* the row keeps the whole tokens the parse used */
    }
    if (rc == -ENODATA) {
        return;
    }
    if (rc < 0 || (L->strict && L->t->n_rejected)) {
        if (L->strict) {
            snprintf(L->err, L->errsz, "%s:%d: %s", r->path, l->lineno,
                     rc < 0 ? "not a tegrastats line" : L->t->rejected);
            L->rc = -EINVAL;
        }
        skip_line(r, l->lineno);
        return;
    }
    note_damage(r, L->t, l->lineno);
    char what[96];
    size_t lost;
    if (r->n == 0) {
        tegrastats_inventory(L->t, &r->meta.inv);
    }
    lost = (size_t)tegrastats_inventory_merge(L->t, &r->meta.inv, what, sizeof what);
    if (lost && r->damage.dropped == 0) {
        snprintf(r->damage.first_dropped, sizeof r->damage.first_dropped, "line %d: %s", l->lineno,
                 what);
    }
    r->damage.dropped += lost;
    /* wall_ms holds the line's stamp in seconds until tegra_times */
    RecRow row = {.off = off,
                  .len = (uint32_t)n,
                  .input_mw = clamp32(tegrastats_input_mw(L->t, &r->meta.inv)),
                  .temp_max_mc = clamp32(tegrastats_hottest_mc(L->t)),
                  .batch = REC_UNKNOWN,
                  .wall_ms = L->t->time_s.ok ? tz_apply(&L->tz, L->t->time_s.v) : 0};
    if (push_row(r, &L->ld.cap, &row) < 0) {
        snprintf(L->err, L->errsz, "%s: out of memory", r->path);
        L->rc = -ENOMEM;
        return;
    }
    *L->n_stamped += L->t->time_s.ok;
}

/* A line split at NUL runs and at glued restarts into pieces. */
static void tegra_line(Recording *r, TegraLoad *L, const Line *l) {
    size_t pos = 0;
    while (pos < l->n && !L->rc) {
        const char *s = l->p + pos;
        const char *nul = memchr(s, '\0', l->n - pos);
        size_t n = nul ? (size_t)(nul - s) : l->n - pos;
        size_t cut_at;
        while ((cut_at = tegrastats_restart(s, n)) < n && !L->rc) {
            tegra_piece(r, L, l, pos, cut_at, true);
            pos += cut_at;
            s += cut_at;
            n -= cut_at;
        }
        if (!L->rc) {
            tegra_piece(r, L, l, pos, n, nul || l->last_without_nl);
        }
        if (!nul) {
            break;
        }
        r->damage.nul_runs++;
        pos += n;
        while (pos < l->n && l->p[pos] == '\0') {
            pos++;
        }
    }
}

/* First pass: every line; the inventory is the union of what the lines show. */
static int tegra_index(Recording *r, TegraLoad *L) {
    Reader rd;
    Line l = {0};
    if (reader_open(&rd, r) < 0) {
        return -ENOMEM;
    }
    while (!L->rc && next_line(&rd, &l)) {
        tegra_line(r, L, &l);
    }
    reader_close(&rd);
    if (!L->rc && rd.err) {
        snprintf(L->err, L->errsz, "%s: %s", r->path, strerror(-rd.err));
        L->rc = rd.err;
    }
    return L->rc;
}

static int load_tegrastats(Recording *r, const RecOptions *opt, char *err, size_t errsz) {
    int interval_ms = opt && opt->interval_ms > 0 ? opt->interval_ms : 1000;
    size_t n_stamped = 0;
    TegraLoad L = {.t = malloc(sizeof(TsLine)),
                   .n_stamped = &n_stamped,
                   .strict = opt && opt->strict,
                   .err = err,
                   .errsz = errsz};
    int rc = L.t ? 0 : -ENOMEM;
    logmeta_reset(&r->meta);
    if (!rc) {
        rc = tz_enter(&L.tz, opt ? opt->tz : NULL, r->path, err, errsz);
    }
    if (!rc) {
        rc = tegra_index(r, &L);
        tz_leave(&L.tz);
    }
    if (!rc && r->n == 0) {
        snprintf(err, errsz, "%s: no tegrastats lines", r->path);
        rc = -EINVAL;
    }
    if (!rc) {
        tegra_times(r, n_stamped, interval_ms);
        r->meta.schema_version = SCHEMA_VERSION;
        r->meta.interval_ms = r->interval_ms;
        r->meta.start_wall_ms = r->rows[0].wall_ms;
    } else if (rc == -ENOMEM) {
        snprintf(err, errsz, "%s: out of memory", r->path);
    }
    free(L.t);
    return rc;
}

/* ------------------------------------------------------------------ public */

/* Detect the format and index r (text or fd set); r is freed on error. */
static int recording_index(Recording **out, Recording *r, const RecOptions *opt, char *err,
                           size_t errsz) {
    bool sure = false;
    r->fmt = detect(r, &sure);
    int rc = r->fmt == REC_TEGRASTATS ? load_tegrastats(r, opt, err, errsz)
                                      : load_ours(r, sure, err, errsz);
    if (rc == 0 && r->interval_ms <= 0) {
        r->interval_ms = 1000;
    }
    if (rc) {
        recording_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

static Recording *recording_new(const char *name) {
    Recording *r = calloc(1, sizeof *r);
    if (r) {
        r->fd = -1;
        snprintf(r->path, sizeof r->path, "%s", name);
    }
    return r;
}

int recording_parse(Recording **out, const char *name, char *text, size_t len,
                    const RecOptions *opt, char *err, size_t errsz) {
    *out = NULL;
    Recording *r = recording_new(name);
    if (!r) {
        free(text);
        snprintf(err, errsz, "%s: out of memory", name);
        return -ENOMEM;
    }
    r->text = text;
    r->len = len;
    return recording_index(out, r, opt, err, errsz);
}

/* A regular file is read in windows, never whole: memory stays bounded by the row index
 * (REC_ROW_BYTES per row), however long the log. */
static int load_streaming(Recording **out, const char *path, int fd, size_t size,
                          const RecOptions *opt, char *err, size_t errsz) {
    Recording *r = recording_new(path);
    RecWindow *w = calloc(1, sizeof *w);
    char *buf = malloc(REC_WINDOW);
    if (!r || !w || !buf) {
        free(r);
        free(w);
        free(buf);
        close(fd);
        snprintf(err, errsz, "%s: out of memory", path);
        return -ENOMEM;
    }
    w->buf = buf;
    r->window = w;
    r->fd = fd;
    r->len = size;
    return recording_index(out, r, opt, err, errsz);
}

int recording_load(Recording **out, const char *path, const RecOptions *opt, char *err,
                   size_t errsz) {
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        return load_streaming(out, path, fd, (size_t)st.st_size, opt, err, errsz);
    }
    if (fd >= 0) {
        close(fd); /* a pipe or a device: read it whole */
    }
    int rc = fileio_slurp(path, REC_MAX_BYTES, &text, &len);
    if (rc == -EFBIG) {
        snprintf(err, errsz, "%s: larger than %zu MiB", path, REC_MAX_BYTES >> 20);
        return rc;
    }
    if (rc) {
        snprintf(err, errsz, "%s: %s", path, strerror(-rc));
        return rc;
    }
    return recording_parse(out, path, text, len, opt, err, errsz);
}

/* Print r's damage summary ("skipped 3 lines that are not tegrastats lines (lines 1, 7,
 * 9) ...") to file, one line per kind; nothing for a clean log. */
static void recording_print_damage(const Recording *r, void *file);

int recording_open(Recording **out, const char *path, const RecOptions *opt) {
    char err[PATH_MAX + 256];
    int rc = recording_load(out, path, opt, err, sizeof err);
    if (rc) {
        fprintf(stderr, "jtune: %s\n", err);
        return rc;
    }
    const Recording *r = *out;
    if (r->n_warnings) {
        fprintf(stderr, "jtune: warning: %s", r->warning);
        if (r->n_warnings > 1) {
            fprintf(stderr, " (and %d more)", r->n_warnings - 1);
        }
        fputc('\n', stderr);
    }
    recording_print_damage(r, stderr);
    return 0;
}

static void recording_print_damage(const Recording *r, void *file) {
    FILE *f = file;
    const RecDamage *d = &r->damage;
    if (d->skipped) {
        fprintf(f, "jtune: %s: skipped %zu %s (line", r->path, d->skipped,
                d->skipped == 1 ? "line that is not a tegrastats line"
                                : "lines that are not tegrastats lines");
        for (int i = 0; i < d->n_skipped_at; i++) {
            fprintf(f, "%s %d", i ? "," : d->n_skipped_at > 1 ? "s" : "", d->skipped_at[i]);
        }
        fprintf(f, "%s)\n", d->skipped > (size_t)d->n_skipped_at ? ", ..." : "");
    }
    if (d->cut || d->nul_runs) {
        fprintf(f,
                "jtune: %s: %zu line%s cut short (last token left out), %zu run%s of NUL "
                "bytes\n",
                r->path, d->cut, d->cut == 1 ? "" : "s", d->nul_runs, d->nul_runs == 1 ? "" : "s");
    }
    if (d->rejected) {
        fprintf(f, "jtune: %s: %zu value%s rejected and left unknown (first: %s)\n", r->path,
                d->rejected, d->rejected == 1 ? "" : "s", d->first_rejected);
    }
    if (d->unknown) {
        fprintf(f, "jtune: %s: %zu token%s not understood, ignored (first: %s)\n", r->path,
                d->unknown, d->unknown == 1 ? "" : "s", d->first_unknown);
    }
    if (d->dropped) {
        fprintf(f,
                "jtune: %s: %zu core%s/rails/zones/engines beyond jtune's limits (%d cores, "
                "%d rails, %d zones, %d engines) not kept (first: %s)\n",
                r->path, d->dropped, d->dropped == 1 ? "" : "s", JT_MAX_CPUS, JT_MAX_RAILS,
                JT_MAX_ZONES, JT_MAX_ENGINES, d->first_dropped);
    }
}

void recording_free(Recording *r) {
    if (!r) {
        return;
    }
    free(r->text);
    free(r->parser);
    free(r->rows);
    if (r->window) {
        free(r->window->buf);
        free(r->window);
    }
    if (r->fd >= 0) {
        close(r->fd);
    }
    free(r);
}

int recording_sample(const Recording *r, size_t i, Sample *out) {
    if (i >= r->n) {
        return -EINVAL;
    }
    const RecRow *row = &r->rows[i];
    if (r->fmt != REC_TEGRASTATS) {
        /* the row was checked at load; decoding it again fails only if the file changed */
        const char *p = row_text(r, row->off, row->len);
        if (!p || logparse_line(r->parser, p, row->len, out) != 1) {
            return -EINVAL;
        }
        if (!out->batch.ok && row->batch != REC_UNKNOWN) {
            out->batch = val_of(row->batch); /* a batch column the metadata did not announce */
        }
        return 0;
    }
    TsLine t; /* ~6 KiB: on the stack, so decoding allocates nothing */
    const char *p = row_text(r, row->off, row->len);
    if (!p || tegrastats_parse(p, row->len, 0, &t) < 0) {
        sample_clear(out);
    } else {
        tegrastats_sample(&t, &r->meta.inv, out);
    }
    out->seq = i;
    out->mono_ns = row->t_ns;
    out->wall_ms = row->wall_ms;
    return 0;
}

size_t recording_find(const Recording *r, int64_t t_ns) {
    size_t lo = 0, hi = r->n; /* answer in [lo, hi) : the last row with t <= t_ns */
    if (r->n == 0 || t_ns < r->rows[0].t_ns) {
        return 0;
    }
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->rows[mid].t_ns <= t_ns) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return lo;
}

int64_t recording_span_ns(const Recording *r) {
    return r->n > 1 ? r->rows[r->n - 1].t_ns - r->rows[0].t_ns : 0;
}

const char *recording_format_name(RecFormat f) {
    switch (f) {
    case REC_CSV: return "csv";
    case REC_JSONL: return "jsonl";
    case REC_TEGRASTATS: return "tegrastats";
    }
    return "?";
}
