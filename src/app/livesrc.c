/* livesrc: the sampler plus recording and metrics for the UI. See livesrc.h. */
#include "jtune/app/livesrc.h"

#include "jtune/app/promfile.h"
#include "jtune/core/energy.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct LiveSource {
    Sampler *sp;
    LiveConfig cfg;
    int interval_ms;
    Recorder *rec;
    char rec_path[PATH_MAX]; /* the current or last recording */
    char rec_error[PATH_MAX + 128];
    PromFile *prom;
    bool prom_failing;
    char prom_error[PATH_MAX + 128];
    EnergyMeter energy; /* session energy for the metrics' counters */
    uint32_t generation;
    int n_rails;
};

int livesrc_open(LiveSource **out, Sampler *sp, const LiveConfig *c, char *err, size_t errsz) {
    *out = NULL;
    LiveSource *ls = calloc(1, sizeof *ls);
    if (!ls) {
        snprintf(err, errsz, "out of memory");
        return -ENOMEM;
    }
    ls->sp = sp;
    ls->cfg = *c;
    ls->interval_ms = c->rec.interval_ms > 0 ? c->rec.interval_ms : 1000;
    int rc = c->prom_path ? promfile_open(&ls->prom, c->prom_path) : 0;
    if (rc == -EINVAL) {
        snprintf(err, errsz, "--prom-textfile '%s': the name must end in .prom", c->prom_path);
    } else if (rc) {
        snprintf(err, errsz, "cannot write metrics '%s': %s", c->prom_path, strerror(-rc));
    }
    if (rc) {
        free(ls);
        return rc;
    }
    const Inventory *inv = sampler_inventory(sp);
    energy_meter_init(&ls->energy, inv, energy_gap_limit_ns((int64_t)ls->interval_ms * 1000000));
    ls->generation = inv->generation;
    *out = ls;
    return 0;
}

int livesrc_record(LiveSource *ls, bool on) {
    if (!on) {
        int rc = recorder_stop(ls->rec);
        ls->rec = NULL;
        return rc;
    }
    if (ls->rec) {
        return 0;
    }
    RecorderConfig c = ls->cfg.rec;
    c.interval_ms = ls->interval_ms;
    char err[PATH_MAX + 128];
    int rc = recorder_start(&ls->rec, &c, sampler_inventory(ls->sp), err, sizeof err);
    if (rc == 0) {
        snprintf(ls->rec_path, sizeof ls->rec_path, "%s", recorder_path(ls->rec));
        ls->rec_error[0] = '\0';
    }
    return rc;
}

int livesrc_settings(LiveSource *ls, int interval_ms, char *err, size_t errsz) {
    ls->interval_ms = interval_ms;
    energy_meter_init(&ls->energy, sampler_inventory(ls->sp),
                      energy_gap_limit_ns((int64_t)interval_ms * 1000000));
    if (!ls->cfg.record_at_start) {
        return 0;
    }
    int rc = livesrc_record(ls, true);
    if (rc) {
        snprintf(err, errsz, "cannot write log '%s': %s", ls->cfg.rec.path, strerror(-rc));
    }
    return rc;
}

/* What the session does with each sample besides showing it. */
static void account(LiveSource *ls, const Sample *s) {
    const Inventory *inv = sampler_inventory(ls->sp);
    if (inv->generation != ls->generation && inv->n_rails != ls->energy.n_rails) {
        energy_meter_init(&ls->energy, inv, ls->energy.input.max_gap_ns); /* rails changed */
    }
    ls->generation = inv->generation;
    energy_meter_add(&ls->energy, s);
    if (ls->rec) {
        int rc = recorder_write(ls->rec, inv, s);
        if (rc) { /* the header's REC mark goes away; the reason is printed at exit */
            snprintf(ls->rec_error, sizeof ls->rec_error, "recording to '%s' stopped: %s",
                     ls->rec_path, strerror(-rc));
            recorder_stop(ls->rec);
            ls->rec = NULL;
        }
    }
    if (ls->prom) {
        int rc = promfile_write(ls->prom, inv, s, &ls->energy);
        if (rc && !ls->prom_failing) {
            snprintf(ls->prom_error, sizeof ls->prom_error, "cannot write metrics '%s': %s",
                     promfile_path(ls->prom), strerror(-rc));
        }
        ls->prom_failing = rc != 0;
    }
}

static const Inventory *src_inventory(void *ctx) {
    return sampler_inventory(((LiveSource *)ctx)->sp);
}

static int src_take(void *ctx, Sample *out) {
    LiveSource *ls = ctx;
    int rc = sampler_take(ls->sp, out);
    if (rc == 0) {
        account(ls, out);
    }
    return rc;
}

UiSource livesrc_source(LiveSource *ls) {
    return (UiSource){.ctx = ls, .inventory = src_inventory, .take = src_take};
}

bool livesrc_recording(const LiveSource *ls) {
    return ls->rec != NULL;
}

const char *livesrc_record_path(const LiveSource *ls) {
    return ls->rec_path[0] ? ls->rec_path : NULL;
}

int livesrc_close(LiveSource *ls) {
    if (!ls) {
        return 0;
    }
    int status = 0;
    if (ls->rec) {
        int rc = recorder_stop(ls->rec);
        if (rc) {
            fprintf(stderr, "jtune: cannot write log '%s': %s\n", ls->rec_path, strerror(-rc));
            status = 1;
        }
    }
    if (ls->rec_error[0]) {
        fprintf(stderr, "jtune: %s\n", ls->rec_error);
        status = 1;
    }
    if (ls->prom_error[0]) {
        fprintf(stderr, "jtune: %s\n", ls->prom_error);
    }
    promfile_close(ls->prom, true);
    free(ls);
    return status;
}
