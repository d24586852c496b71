/* mode_import: `jtune import FILE -o OUT.csv [--format csv|jsonl] [--interval MS]` - a
 * tegrastats log (or one of our own logs, to change its format) as a jtune log with our
 * schema and metadata. The output appears whole or not at all: it is written beside OUT
 * and renamed over it at the end. */
#include "jtune/app/modes.h"

#include "jtune/app/logwriter.h"
#include "jtune/app/recording.h"
#include "jtune/buildinfo.h"
#include "jtune/core/schema.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Write every row of r to path in fmt. 0 or -errno (message printed). */
static int write_rows(const Recording *r, const char *path, LogFmt fmt, const char *shown) {
    LogWriter *w = NULL;
    LogMeta *m = malloc(sizeof *m);
    Schema *sc = malloc(sizeof *sc);
    Sample *s = malloc(sizeof *s);
    int rc = m && sc && s ? 0 : -ENOMEM;
    if (!rc) {
        logmeta_init(m, &r->meta.inv, JTUNE_VERSION, r->interval_ms, r->meta.start_wall_ms,
                     r->meta.rails_only);
        m->batch = r->has_batch; /* a workload run keeps its batch column */
        rc = schema_build(sc, &m->inv,
                          (m->rails_only ? SCHEMA_RAILS_ONLY : 0) | (m->batch ? SCHEMA_BATCH : 0));
    }
    if (!rc) {
        rc = logwriter_open(&w, path, fmt);
    }
    if (!rc) {
        logwriter_set_sync_ms(w, -1); /* one fsync at the end */
        rc = logwriter_write_header(w, m, sc);
    }
    for (size_t i = 0; !rc && i < r->n; i++) {
        rc = recording_sample(r, i, s);
        if (!rc) {
            rc = logwriter_write_row(w, s);
        }
    }
    int crc = logwriter_close(w);
    rc = rc ? rc : crc;
    if (rc) {
        fprintf(stderr, "jtune: cannot write '%s': %s\n", shown, strerror(-rc));
    }
    free(m);
    free(sc);
    free(s);
    return rc;
}

int mode_import(const Options *o) {
    if (o->format_set && o->format == FORMAT_TEGRASTATS) {
        fputs("jtune: import writes jtune logs: --format csv or jsonl\n", stderr);
        return 2;
    }
    LogFmt fmt = o->format == FORMAT_JSONL ? LOGFMT_JSONL : LOGFMT_CSV;
    Recording *r = NULL;
    if (recording_open(
            &r, o->input,
            &(RecOptions){.interval_ms = o->interval_ms, .strict = o->strict, .tz = o->tz}) < 0) {
        return 1;
    }
    bool to_stdout = strcmp(o->output, "-") == 0;
    char tmp[PATH_MAX];
    int rc = 0;
    if (!to_stdout &&
        snprintf(tmp, sizeof tmp, "%s.tmp.%ld", o->output, (long)getpid()) >= (int)sizeof tmp) {
        fprintf(stderr, "jtune: '%s': %s\n", o->output, strerror(ENAMETOOLONG));
        rc = -ENAMETOOLONG;
    }
    if (!rc) {
        rc = write_rows(r, to_stdout ? "-" : tmp, fmt, o->output);
    }
    if (!rc && !to_stdout && rename(tmp, o->output) < 0) {
        rc = -errno;
        fprintf(stderr, "jtune: cannot write '%s': %s\n", o->output, strerror(-rc));
    }
    if (rc && !to_stdout) {
        unlink(tmp);
    }
    if (!rc) {
        fprintf(stderr, "jtune: %zu rows from %s (%s%s) written to %s (%s)\n", r->n, o->input,
                recording_format_name(r->fmt),
                r->fmt != REC_TEGRASTATS ? ""
                : r->has_timestamps      ? ", times from the line timestamps"
                                         : ", no timestamps: rows one interval apart",
                o->output, logfmt_name(fmt));
    }
    recording_free(r);
    return rc ? 1 : 0;
}
