/* recorder: the session's samples to a log. See recorder.h. */
#include "jtune/app/recorder.h"

#include "jtune/app/logwriter.h"
#include "jtune/app/tsout.h"
#include "jtune/buildinfo.h"
#include "jtune/core/logmeta.h"
#include "jtune/core/schema.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct Recorder {
    LogWriter *w;
    RecorderConfig cfg;
    bool tegrastats;
    uint32_t generation; /* inventory generation of the current header */
    Schema sc;
    Schema fresh; /* the columns of a re-probed board, to compare */
    LogMeta meta;
    TsOut ts;
    char line[TSOUT_LINE];
    char path[PATH_MAX];
};

static int64_t wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* jtune-20250108-014937.csv (local time, as the user reads the clock) */
static void default_name(LogFormat f, char *out, size_t outsz) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(out, outsz, "jtune-%s.%s", stamp,
             f == FORMAT_JSONL        ? "jsonl"
             : f == FORMAT_TEGRASTATS ? "txt"
                                      : "csv");
}

/* Header for inv (none for tegrastats lines). */
static int header(Recorder *r, const Inventory *inv) {
    r->generation = inv->generation;
    if (r->tegrastats) {
        return 0;
    }
    int rc = schema_build(&r->sc, inv, 0);
    if (rc) {
        return rc;
    }
    logmeta_init(&r->meta, inv, JTUNE_VERSION, r->cfg.interval_ms, wall_ms(), false);
    return logwriter_write_header(r->w, &r->meta, &r->sc);
}

int recorder_start(Recorder **out, const RecorderConfig *c, const Inventory *inv, char *err,
                   size_t errsz) {
    *out = NULL;
    Recorder *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errsz, "out of memory");
        return -ENOMEM;
    }
    r->cfg = *c;
    r->tegrastats = c->format == FORMAT_TEGRASTATS;
    if (c->path) {
        snprintf(r->path, sizeof r->path, "%s", c->path);
    } else {
        default_name(c->format, r->path, sizeof r->path);
    }
    r->cfg.path = r->path;
    tsout_init(&r->ts);
    int rc = logwriter_open(&r->w, r->path, c->format == FORMAT_JSONL ? LOGFMT_JSONL : LOGFMT_CSV);
    if (!rc) {
        if (c->max_mb > 0) {
            logwriter_set_max_bytes(r->w, (uint64_t)c->max_mb << 20);
        }
        rc = header(r, inv);
    }
    if (rc) {
        snprintf(err, errsz, "cannot write log '%s': %s", r->path, strerror(-rc));
        recorder_stop(r);
        return rc;
    }
    *out = r;
    return 0;
}

static bool same_columns(const Schema *a, const Schema *b) {
    if (a->n != b->n) {
        return false;
    }
    for (int i = 0; i < a->n; i++) {
        if (strcmp(a->col[i].name, b->col[i].name) != 0) {
            return false;
        }
    }
    return true;
}

int recorder_write(Recorder *r, const Inventory *inv, const Sample *s) {
    if (inv->generation != r->generation && !r->tegrastats) {
        if (schema_build(&r->fresh, inv, 0) == 0 && !same_columns(&r->fresh, &r->sc)) {
            int rc = logwriter_rotate(r->w);
            rc = rc ? rc : header(r, inv);
            if (rc) {
                return rc;
            }
        }
        r->generation = inv->generation;
    }
    if (!r->tegrastats) {
        return logwriter_write_row(r->w, s);
    }
    if (!tsout_ready(inv, s)) {
        return 0; /* tegrastats cannot say "unknown": the first sample waits */
    }
    int n = tsout_format(&r->ts, inv, s, r->line, sizeof r->line);
    return n < 0 ? n : logwriter_write_line(r->w, r->line, (size_t)n, s->mono_ns);
}

int recorder_stop(Recorder *r) {
    if (!r) {
        return 0;
    }
    int rc = logwriter_close(r->w);
    free(r);
    return rc;
}

const char *recorder_path(const Recorder *r) {
    return r->path;
}
