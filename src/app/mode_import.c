/* SPDX-License-Identifier: MIT */
/* mode_import: `jtune import FILE -o OUT.csv [--format csv|jsonl] [--interval MS]` - a
 * tegrastats log (or one of our own logs, to change its format) as a jtune log with our
 * schema and metadata. The output appears whole or not at all: it is written beside OUT
 * and renamed over it at the end. */
#include "jtune/app/modes.h"

#include "jtune/record/logwriter.h"
#include "jtune/record/recording.h"
#include "jtune/buildinfo.h"
#include "jtune/core/schema.h"
#include "jtune/platform/fileio.h"

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

/* Write the rows to an exclusive temp file beside out, renamed over it once whole. 0 or
 * -errno (message printed). */
static int write_replacing(const Recording *r, LogFmt fmt, const char *out) {
    const char *name;
    int dfd = fileio_open_parent(out, &name);
    char tmp[NAME_MAX + 1];
    int fd = dfd < 0 ? dfd : fileio_temp_createat(dfd, name, 0644, tmp, sizeof tmp);
    if (fd < 0) {
        fprintf(stderr, "jtune: cannot write '%s': %s\n", out, strerror(-fd));
        if (dfd >= 0) {
            close(dfd);
        }
        return fd;
    }
    /* the log writer opens the temp file by name: it exists and is ours (in a sticky
     * directory nobody else may replace it); fd keeps it for the final fsync */
    char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%.*s%s", (int)(name - out), out, tmp);
    int rc = n < 0 || (size_t)n >= sizeof path ? -ENAMETOOLONG : 0;
    if (rc) {
        fprintf(stderr, "jtune: cannot write '%s': %s\n", out, strerror(-rc));
    } else {
        rc = write_rows(r, path, fmt, out);
    }
    if (rc) {
        close(fd);
        unlinkat(dfd, tmp, 0);
    } else if ((rc = fileio_temp_commitat(dfd, fd, tmp, name)) < 0) {
        fprintf(stderr, "jtune: cannot write '%s': %s\n", out, strerror(-rc));
    }
    close(dfd);
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
    int rc = strcmp(o->output, "-") == 0 ? write_rows(r, "-", fmt, o->output)
                                         : write_replacing(r, fmt, o->output);
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
