/* SPDX-License-Identifier: MIT */
/* uirecord: start/stop a LogWriter on demand and feed it the UI's samples. */
#include "jtune/app/uiwire/uirecord.h"

#include "jtune/platform/systime.h"

#include "jtune/record/logwriter.h"
#include "jtune/buildinfo.h"
#include "jtune/core/logmeta.h"
#include "jtune/core/schema.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct UiRecord {
    const Inventory *inv;
    LogFmt fmt;
    long max_mb;
    LogWriter *w; /* open while recording */
    Schema *sc;   /* built at start (about 50 KB: not kept while idle) */
    LogMeta *meta;
    char path[PATH_MAX];
    int error;
    int interval_ms;
    uint32_t generation; /* of the inventory the header describes */
};

int uirecord_new(UiRecord **out, const Inventory *inv, LogFmt fmt, long max_mb) {
    UiRecord *r = calloc(1, sizeof *r);
    if (!r) {
        return -ENOMEM;
    }
    r->inv = inv;
    r->fmt = fmt;
    r->max_mb = max_mb;
    *out = r;
    return 0;
}

static void release(UiRecord *r) {
    free(r->sc);
    free(r->meta);
    r->sc = NULL;
    r->meta = NULL;
}

int uirecord_stop(UiRecord *r) {
    if (!r || !r->w) {
        return 0;
    }
    int rc = logwriter_close(r->w);
    r->w = NULL;
    release(r);
    return rc;
}

int uirecord_free(UiRecord *r) {
    int rc = uirecord_stop(r);
    free(r);
    return rc;
}

#define NAME_TRIES 1000

/* Claim jtune-YYYYMMDD-HHMMSS.EXT in the current directory, or the first free
 * jtune-YYYYMMDD-HHMMSS-N.EXT when a recording started in the same second has it: the file
 * is created with O_EXCL, so no recording ever overwrites another (nor one of a second
 * jtune). The name goes to out. 0 or -errno. */
static int claim_default_name(const UiRecord *r, char *out, size_t outsz) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[32];
    if (strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm) == 0) {
        return -ERANGE;
    }
    const char *ext = r->fmt == LOGFMT_JSONL ? "jsonl" : "csv";
    for (int i = 0; i < NAME_TRIES; i++) {
        char suffix[16] = "";
        if (i > 0) {
            snprintf(suffix, sizeof suffix, "-%d", i);
        }
        snprintf(out, outsz, "jtune-%s%s.%s", stamp, suffix, ext);
        int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0) {
            close(fd); /* the log writer opens the (empty, ours) file again */
            return 0;
        }
        if (errno != EEXIST) {
            return -errno;
        }
    }
    return -EEXIST;
}

int uirecord_start(UiRecord *r, const char *path, int interval_ms) {
    if (r->w) {
        return -EALREADY;
    }
    int rc = 0;
    if (path) {
        snprintf(r->path, sizeof r->path, "%s", path);
    } else {
        rc = claim_default_name(r, r->path, sizeof r->path);
    }
    r->sc = malloc(sizeof *r->sc);
    r->meta = malloc(sizeof *r->meta);
    if (rc == 0) {
        rc = r->sc && r->meta ? logwriter_open(&r->w, r->path, r->fmt) : -ENOMEM;
    }
    if (rc == 0) {
        if (r->max_mb > 0) {
            logwriter_set_max_bytes(r->w, (uint64_t)r->max_mb << 20);
        }
        schema_build(r->sc, r->inv, SCHEMA_BATCH);
        logmeta_init(r->meta, r->inv, JTUNE_VERSION, interval_ms, systime_real_ms(), false);
        r->meta->batch = true; /* the monitor may run a workload: keep its batch numbers */
        r->interval_ms = interval_ms;
        r->generation = r->inv->generation;
        rc = logwriter_write_header(r->w, r->meta, r->sc);
    }
    if (rc < 0) {
        if (r->w) {
            logwriter_close(r->w);
            r->w = NULL;
        }
        release(r);
        return rc;
    }
    r->error = 0;
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

/* A re-probe may change the columns (a power monitor vanishes): then the file rotates
 * (FILE.1 keeps the old columns) and goes on with a new header, so each file reads alone. */
static int follow_inventory(UiRecord *r) {
    if (r->inv->generation == r->generation) {
        return 0;
    }
    r->generation = r->inv->generation;
    Schema *fresh = malloc(sizeof *fresh);
    if (!fresh) {
        return -ENOMEM;
    }
    int rc = schema_build(fresh, r->inv, SCHEMA_BATCH);
    if (rc == 0 && !same_columns(fresh, r->sc)) {
        rc = logwriter_rotate(r->w);
        if (rc == 0) {
            memcpy(r->sc, fresh, sizeof *fresh);
            logmeta_init(r->meta, r->inv, JTUNE_VERSION, r->interval_ms, systime_real_ms(), false);
            r->meta->batch = true;
            rc = logwriter_write_header(r->w, r->meta, r->sc);
        }
    }
    free(fresh);
    return rc;
}

void uirecord_row(UiRecord *r, const Sample *s) {
    if (!r || !r->w) {
        return;
    }
    int rc = follow_inventory(r);
    if (rc == 0) {
        rc = logwriter_write_row(r->w, s);
    }
    if (rc < 0) {
        r->error = rc;
        uirecord_stop(r);
    }
}

bool uirecord_active(const UiRecord *r) {
    return r && r->w;
}

const char *uirecord_path(const UiRecord *r) {
    return r ? r->path : "";
}

int uirecord_error(const UiRecord *r) {
    return r ? r->error : 0;
}
