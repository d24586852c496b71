/* SPDX-License-Identifier: MIT */
/* wllog: the sample log of workload runs and experiments. */
#include "jtune/record/wllog.h"

#include "jtune/platform/systime.h"

#include "jtune/buildinfo.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int wllog_header(LogWriter *w, Schema *sc, LogMeta *meta, const Inventory *inv, int interval_ms,
                 bool rails_only) {
    int rc = schema_build(sc, inv, (rails_only ? SCHEMA_RAILS_ONLY : 0) | SCHEMA_BATCH);
    if (rc == 0) {
        logmeta_init(meta, inv, JTUNE_VERSION, interval_ms, systime_real_ms(), rails_only);
        meta->batch = true;
        rc = logwriter_write_header(w, meta, sc);
    }
    if (rc) {
        fprintf(stderr, "jtune: cannot write log '%s': %s\n", logwriter_path(w), strerror(-rc));
    }
    return rc;
}

int wllog_row(LogWriter *w, const Sample *s) {
    if (!w) {
        return 0;
    }
    int rc = logwriter_write_row(w, s);
    if (rc && rc != -EPIPE) {
        fprintf(stderr, "jtune: cannot write log '%s': %s\n", logwriter_path(w), strerror(-rc));
    }
    return rc;
}
