/* recording: load and index a jtune log or a tegrastats log. See recording.h. */
#include "jtune/app/recording.h"

#include "jtune/core/parse.h"
#include "jtune/core/schema.h"
#include "jtune/core/tegrastats.h"
#include "jtune/platform/fileio.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_PER_MS 1000000LL

typedef struct {
    const char *p;
    size_t n;
    size_t off;
    int lineno;
    bool last_without_nl; /* the file's final line, not ended by a newline */
} Line;

static void warn(Recording *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(Recording *r, const char *fmt, ...) {
    if (r->n_warnings++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->warning, sizeof r->warning, fmt, ap);
        va_end(ap);
    }
}

/* The next line at *pos (a trailing '\r' dropped). False at the end of the text. */
static bool next_line(const Recording *r, size_t *pos, Line *l) {
    if (*pos >= r->len) {
        return false;
    }
    const char *s = r->text + *pos;
    const char *nl = memchr(s, '\n', r->len - *pos);
    size_t n = nl ? (size_t)(nl - s) : r->len - *pos;
    l->p = s;
    l->off = *pos;
    l->n = n && s[n - 1] == '\r' ? n - 1 : n;
    l->lineno++;
    l->last_without_nl = !nl;
    *pos += n + 1;
    return true;
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
 * is the first line that is neither blank nor a comment and reads as tegrastats. */
static RecFormat detect(const Recording *r, bool *sure) {
    size_t pos = 0;
    Line l = {0};
    TsLine *t = malloc(sizeof *t);
    RecFormat f = REC_CSV;
    while (next_line(r, &pos, &l)) {
        if (blank(&l)) {
            continue;
        }
        if (l.p[0] == '{') {
            f = REC_JSONL;
            *sure = true;
            break;
        }
        if (l.n >= 8 && memcmp(l.p, "# jtune:", 8) == 0) {
            *sure = true;
            break;
        }
        if (l.p[0] == '#') {
            continue;
        }
        if (t && tegrastats_parse(l.p, l.n, t) == 0) {
            f = REC_TEGRASTATS;
            *sure = true;
        }
        break;
    }
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
    size_t cap;       /* rows allocated */
    int64_t first_ns; /* monotonic time of the first row */
    int batch_field;  /* CSV field of "batch", -1 */
} Loader;

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
    int rc = r->parser && s ? 0 : -ENOMEM;
    Loader ld = {.batch_field = -1};
    size_t pos = 0;
    Line l = {0};
    if (!rc) {
        logparse_init(r->parser);
    }
    while (!rc && next_line(r, &pos, &l)) {
        bool was_ready = r->parser->ready;
        r->parser->lineno = l.lineno - 1;
        int k = logparse_line(r->parser, l.p, l.n, s);
        if (k < 0) {
            rc = ours_bad_line(r, &l, sure, err, errsz);
            continue;
        }
        if (!was_ready && r->parser->ready) {
            r->meta = r->parser->meta;
            if (r->fmt == REC_CSV) {
                ld.batch_field = csv_batch_field(&l);
                r->has_batch = ld.batch_field >= 0;
            }
        }
        if (k == 1) {
            rc = ours_row(r, &ld, &l, s);
        }
    }
    free(s);
    if (!rc && !r->parser->ready) {
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

/* Line timestamps have whole seconds: rows that share one are spread evenly across it, and
 * a timestamp that goes backwards (a clock or time-zone change) continues one interval
 * after the previous row. ts[i] holds each row's timestamp in seconds. */
static void tegra_times_from_stamps(Recording *r, const int64_t *ts, int interval_ms) {
    size_t i = 0;
    while (i < r->n) {
        size_t j = i;
        while (j < r->n && ts[j] == ts[i]) {
            j++;
        }
        for (size_t m = i; m < j; m++) {
            r->rows[m].wall_ms = ts[i] * 1000 + (int64_t)(m - i) * 1000 / (int64_t)(j - i);
        }
        i = j;
    }
    for (size_t m = 1; m < r->n; m++) {
        if (r->rows[m].wall_ms < r->rows[m - 1].wall_ms) {
            if (r->n_warnings == 0 || !strstr(r->warning, "backwards")) {
                warn(r, "%s: line timestamps go backwards after row %zu (clock change?)", r->path,
                     m);
            }
            r->rows[m].wall_ms = r->rows[m - 1].wall_ms + interval_ms;
        }
    }
    for (size_t m = 0; m < r->n; m++) {
        r->rows[m].t_ns = (r->rows[m].wall_ms - r->rows[0].wall_ms) * NS_PER_MS;
    }
}

static void tegra_times(Recording *r, const int64_t *ts, size_t n_stamped, int interval_ms) {
    if (r->n > 0 && n_stamped == r->n) {
        r->has_timestamps = true;
        tegra_times_from_stamps(r, ts, interval_ms);
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

static int grow_stamps(int64_t **ts, size_t *cap, size_t want) {
    if (*cap >= want) {
        return 0;
    }
    int64_t *n = realloc(*ts, want * sizeof *n);
    if (!n) {
        return -ENOMEM;
    }
    *ts = n;
    *cap = want;
    return 0;
}

/* First pass: every line parses; the inventory is the union of what the lines show. */
static int tegra_index(Recording *r, TsLine *t, int64_t **ts, size_t *n_stamped, char *err,
                       size_t errsz) {
    Loader ld = {0};
    size_t pos = 0, tcap = 0;
    Line l = {0};
    while (next_line(r, &pos, &l)) {
        int rc = tegrastats_parse(l.p, l.n, t);
        if (rc == -ENODATA) {
            continue;
        }
        if (rc < 0 && l.last_without_nl) {
            warn(r, "%s:%d: the last line is incomplete: ignored", r->path, l.lineno);
            break;
        }
        if (rc < 0) {
            snprintf(err, errsz, "%s:%d: not a tegrastats line", r->path, l.lineno);
            return -EINVAL;
        }
        if (r->n == 0) {
            tegrastats_inventory(t, &r->meta.inv);
        } else {
            tegrastats_inventory_merge(t, &r->meta.inv);
        }
        RecRow row = {.off = l.off, .len = (uint32_t)l.n};
        if (push_row(r, &ld.cap, &row) < 0 || grow_stamps(ts, &tcap, ld.cap) < 0) {
            snprintf(err, errsz, "%s: out of memory", r->path);
            return -ENOMEM;
        }
        (*ts)[r->n - 1] = t->time_s.v;
        *n_stamped += t->time_s.ok;
    }
    return 0;
}

/* Second pass, once the inventory is complete: power and temperature per row. */
static void tegra_values(Recording *r, TsLine *t, Sample *s) {
    for (size_t i = 0; i < r->n; i++) {
        RecRow *row = &r->rows[i];
        tegrastats_parse(r->text + row->off, row->len, t);
        tegrastats_sample(t, &r->meta.inv, s);
        row->input_mw = clamp32(s->input_mw);
        row->temp_max_mc = hottest(&r->meta.inv, s);
        row->batch = REC_UNKNOWN;
    }
}

static int load_tegrastats(Recording *r, const RecOptions *opt, char *err, size_t errsz) {
    int interval_ms = opt && opt->interval_ms > 0 ? opt->interval_ms : 1000;
    TsLine *t = malloc(sizeof *t);
    Sample *s = malloc(sizeof *s);
    int64_t *ts = NULL;
    size_t n_stamped = 0;
    int rc = t && s ? 0 : -ENOMEM;
    logmeta_reset(&r->meta);
    if (!rc) {
        rc = tegra_index(r, t, &ts, &n_stamped, err, errsz);
    }
    if (!rc && r->n == 0) {
        snprintf(err, errsz, "%s: no tegrastats lines", r->path);
        rc = -EINVAL;
    }
    if (!rc) {
        tegra_times(r, ts, n_stamped, interval_ms);
        tegra_values(r, t, s);
        r->meta.schema_version = SCHEMA_VERSION;
        r->meta.interval_ms = r->interval_ms;
        r->meta.start_wall_ms = r->rows[0].wall_ms;
    } else if (rc == -ENOMEM) {
        snprintf(err, errsz, "%s: out of memory", r->path);
    }
    free(ts);
    free(t);
    free(s);
    return rc;
}

/* ------------------------------------------------------------------ public */

int recording_parse(Recording **out, const char *name, char *text, size_t len,
                    const RecOptions *opt, char *err, size_t errsz) {
    *out = NULL;
    Recording *r = calloc(1, sizeof *r);
    if (!r) {
        free(text);
        snprintf(err, errsz, "%s: out of memory", name);
        return -ENOMEM;
    }
    snprintf(r->path, sizeof r->path, "%s", name);
    r->text = text;
    r->len = len;
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

int recording_load(Recording **out, const char *path, const RecOptions *opt, char *err,
                   size_t errsz) {
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
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

int recording_open(Recording **out, const char *path, int interval_ms) {
    char err[PATH_MAX + 256];
    RecOptions opt = {.interval_ms = interval_ms};
    int rc = recording_load(out, path, &opt, err, sizeof err);
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
    return 0;
}

void recording_free(Recording *r) {
    if (!r) {
        return;
    }
    free(r->text);
    free(r->parser);
    free(r->rows);
    free(r);
}

int recording_sample(const Recording *r, size_t i, Sample *out) {
    if (i >= r->n) {
        return -EINVAL;
    }
    const RecRow *row = &r->rows[i];
    if (r->fmt != REC_TEGRASTATS) {
        /* the row was checked at load; decoding it again cannot fail */
        if (logparse_line(r->parser, r->text + row->off, row->len, out) != 1) {
            return -EINVAL;
        }
        if (!out->batch.ok && row->batch != REC_UNKNOWN) {
            out->batch = val_of(row->batch); /* a batch column the metadata did not announce */
        }
        return 0;
    }
    TsLine t; /* ~6 KiB: on the stack, so decoding allocates nothing */
    tegrastats_parse(r->text + row->off, row->len, &t);
    tegrastats_sample(&t, &r->meta.inv, out);
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
