/* SPDX-License-Identifier: MIT */
/* wlrun: one run of a workload - baseline, launch, batch boundaries, energy per batch.
 *
 * The run does not sample the board itself: the caller owns the sampler and the event loop
 * (headless mode, the UI, an experiment), which keeps the UI responsive and lets every
 * caller log the samples it takes. The loop, in order:
 *
 *   take the first sample; wlrun_sample(); wlrun_begin(now)
 *   until wlrun_done():
 *       poll wlrun_fds() with a timeout up to min(next sample, wlrun_next_ns())
 *       wlrun_step(now)                  output lines, exits, launches (boundaries at now)
 *       when a sample is due: take it; wlrun_sample()     (stamps Sample.batch)
 *
 * Phases: the baseline (baseline_ms of rest before the launch), then for a workload that
 * marks its batches, start-up until "jtune-batch begin 1", batch K between its begin and
 * end lines, idle between batches, the tail after the expected last batch; for one command
 * run per batch, batch K from the launch to the exit of run K, idle_ms apart. Lines that
 * are not batch markers go to the output (the file, /dev/null or jtune's stderr; never the
 * UI). wlrun_stop() ends the run early: SIGTERM to the workload's process group (SIGKILL
 * after a grace period); the batch that was cut short is marked interrupted.
 */
#ifndef JTUNE_WORKLOAD_WLRUN_H
#define JTUNE_WORKLOAD_WLRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"
#include "jtune/workload/batch.h"
#include "jtune/workload/launch.h"
#include "jtune/workload/wlconf.h"

#define WLRUN_STOP_GRACE_MS 3000 /* SIGTERM to SIGKILL */

typedef struct WlRun WlRun;

typedef struct {
    const WlDef *def;         /* copied at create */
    const char *demand_file;  /* the simulated board's demand file, or NULL (wlrun_demand_path) */
    int interval_ms;          /* sampling interval: sets the longest bridged gap */
    int out_fd;               /* where other output goes; -1: as def->output says */
    bool no_cgroup;           /* do not try a cgroup v2 group */
    const char *cgroup_mount; /* cgroup2 mount for tests (NULL: the system's) */
    BatchEmitFn on_phase;     /* every finished phase, totals already updated (may be NULL) */
    void *user;
} WlRunOpts;

typedef enum {
    WLRUN_READY,    /* created, not begun */
    WLRUN_BASELINE, /* measuring the board at rest */
    WLRUN_RUNNING,  /* the workload process is running */
    WLRUN_IDLE,     /* one run per batch: waiting idle_ms for the next run */
    WLRUN_DRAINING, /* the workload is over; the last phase awaits its closing sample */
    WLRUN_DONE,
} WlRunState;

typedef struct {
    WlRunState state;
    int batch; /* current (in a batch) or last batch number */
    bool in_batch;
    int batches;         /* expected */
    int done;            /* whole batches finished (energy accounted) */
    int64_t eta_ns;      /* estimated time to the end, -1 unknown */
    double last_j;       /* J of the last batch (NaN unknown) */
    bool failed;         /* the workload failed (error says why) */
    bool stopped;        /* wlrun_stop was called */
    int protocol_errors; /* batch lines out of order (ignored) */
} WlProgress;

/* <root>/run/jtune-sim/demand when the board under fs is simulated (that directory exists),
 * into out. 0, or -ENOENT for a real board. */
int wlrun_demand_path(Sysfs *fs, char *out, size_t outsz);

/* Find a built-in burner program: next to the running executable (or in its build tree's
 * top directory), then in $JTUNE_BUILD_DIR. 0 (path in out) or -ENOENT. */
int wlrun_find_program(const char *name, char *out, size_t outsz);

/* Prepare a run of o->def on a board with inventory inv: check the definition, find the
 * program, open the output. 0, or -errno with a one-line reason in err. */
int wlrun_create(WlRun **out, const WlRunOpts *o, const Inventory *inv, char *err, size_t errsz);

/* Start: the baseline phase opens at now_ns (the time of the sample fed just before). */
void wlrun_begin(WlRun *r, int64_t now_ns);

/* The fds to poll for input (the workload's stdout, its exit); returns how many (0-2). */
int wlrun_fds(const WlRun *r, int fds[2]);

/* The monotonic time of the next timed step (end of the baseline or idle time, a stop
 * deadline), INT64_MAX when only fds or samples can move the run on. */
int64_t wlrun_next_ns(const WlRun *r);

/* Read what the workload printed, notice its exit, launch what is due - all at now_ns.
 * 0, or -EIO once the workload has failed (it could not be started, or it exited with an
 * error): the run then drains and ends; wlrun_error says why. */
int wlrun_step(WlRun *r, int64_t now_ns);

/* Account for a sample: sets s->batch (0 idle, K in batch K) and feeds the energy meter. */
void wlrun_sample(WlRun *r, Sample *s);

/* End the run early (Ctrl-C, the UI's stop key). */
void wlrun_stop(WlRun *r, int64_t now_ns);

/* True once the run is over and every phase has been accounted. */
bool wlrun_done(const WlRun *r);

/* Progress for a display. */
void wlrun_progress(const WlRun *r, int64_t now_ns, WlProgress *p);

/* Totals so far (borrowed). */
const BatchTotals *wlrun_totals(const WlRun *r);

/* The definition being run (borrowed copy). */
const WlDef *wlrun_def(const WlRun *r);

/* Why the run failed ("" when it did not). Borrowed. */
const char *wlrun_error(const WlRun *r);

/* Limits not enforced and why, from the launcher ("" when all are). Borrowed. */
const char *wlrun_note(const WlRun *r);

/* Stop what is still running, remove its cgroup, close the output, free. NULL ignored. */
void wlrun_destroy(WlRun *r);

#endif
