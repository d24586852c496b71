/* SPDX-License-Identifier: MIT */
/* wlloop: drive a workload run (wlrun.h) with a sampler on a fixed monotonic schedule, for
 * callers without an event loop of their own (headless mode, experiments; the UI drives
 * wlrun from its own loop).
 *
 * Samples follow absolute deadlines (clock_nanosleep semantics through poll timeouts); the
 * workload's output and exit wake the loop at once, so batch boundaries are stamped when
 * they happen, not at the next sample. A stop flag (set by a signal handler) stops the
 * run cleanly: the workload gets SIGTERM, the cut-short batch is marked, the last phases
 * are still accounted.
 */
#ifndef JTUNE_WORKLOAD_WLLOOP_H
#define JTUNE_WORKLOAD_WLLOOP_H

#include <signal.h>
#include <stdint.h>

#include "jtune/core/sample.h"
#include "jtune/platform/sampler.h"
#include "jtune/workload/wlrun.h"

/* Called with every sample taken (after wlrun_sample stamped it). Non-zero stops the run
 * (e.g. the log cannot be written). */
typedef int (*WlSampleFn)(void *user, const Sample *s);

typedef struct {
    Sampler *sampler;
    int interval_ms;
    WlSampleFn on_sample; /* may be NULL */
    void *user;
    volatile sig_atomic_t *stop; /* non-zero: stop (may be NULL) */
} WlLoop;

/* Run r to its end: the first sample, wlrun_begin, then the loop. s is scratch space.
 * 0, -EIO when the workload failed (wlrun_error), -ECANCELED when on_sample stopped it,
 * or -errno of a failed sample. */
int wlloop_run(WlRun *r, const WlLoop *lp, Sample *s);

/* Keep sampling for ms milliseconds without a workload (an experiment's settle time), or
 * until the stop flag is set. 0, -EINTR when stopped, -ECANCELED, or -errno. */
int wlloop_idle(const WlLoop *lp, int ms, Sample *s);

/* CLOCK_MONOTONIC in ns. */
int64_t wlloop_now_ns(void);

#endif
