/* SPDX-License-Identifier: MIT */
/* mode_plot: `jtune plot FILE -o OUT.svg [--metrics LIST] [--from S] [--to S]` - a recording
 * (jtune CSV/JSONL or a tegrastats log) as a self-contained SVG, written atomically. */
#include "jtune/app/modes.h"

#include "jtune/record/plot.h"
#include "jtune/record/recording.h"
#include "jtune/core/logmeta.h"
#include "jtune/platform/fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "Orin Nano Super - run.csv - 2025-01-08T01:49:37.123Z" */
static void make_title(const Recording *r, const char *path, char *out, size_t outsz) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *model = r->meta.inv.id.model[0]    ? r->meta.inv.id.model
                        : r->fmt == REC_TEGRASTATS ? "tegrastats log"
                                                   : "unknown board";
    char start[40] = "";
    if (r->fmt != REC_TEGRASTATS || r->has_timestamps) {
        logmeta_format_time(r->meta.start_wall_ms, start, sizeof start);
    }
    snprintf(out, outsz, "%s - %s%s%s", model, base, start[0] ? " - " : "", start);
}

int mode_plot(const Options *o) {
    PlotRequest q = {
        .from_set = o->from_set, .to_set = o->to_set, .from_s = o->from_s, .to_s = o->to_s};
    char err[PATH_MAX + 256], notes[1024], title[512];
    if (o->metrics && plot_parse_groups(o->metrics, &q.groups, err, sizeof err)) {
        fprintf(stderr, "jtune: %s\n", err);
        return 2;
    }
    Recording *r = NULL;
    if (recording_open(
            &r, o->input,
            &(RecOptions){.interval_ms = o->interval_ms, .strict = o->strict, .tz = o->tz}) < 0) {
        return 1;
    }
    make_title(r, o->input, title, sizeof title);
    q.title = title;
    char *svg = NULL;
    size_t len = 0;
    int rc = plot_recording(r, &q, &svg, &len, err, sizeof err, notes, sizeof notes);
    if (rc) {
        fprintf(stderr, "jtune: %s\n", err);
    } else {
        if (notes[0]) {
            fprintf(stderr, "jtune: note: %s\n", notes);
        }
        rc = fileio_write_atomic(o->output, svg, len, 0644);
        if (rc) {
            fprintf(stderr, "jtune: cannot write '%s': %s\n", o->output, strerror(-rc));
        }
    }
    free(svg);
    recording_free(r);
    return rc ? 1 : 0;
}
