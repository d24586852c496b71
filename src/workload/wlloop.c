/* SPDX-License-Identifier: MIT */
/* wlloop: the sampling loop around a workload run (see wlloop.h). */
#include "jtune/workload/wlloop.h"

#include "jtune/platform/systime.h"

#include "jtune/core/timeunit.h"

#include <errno.h>
#include <poll.h>
#include <time.h>

#define MAX_BACKLOG_NS NS_PER_S /* later than this: skip slots instead of catching up */

int64_t wlloop_now_ns(void) {
    return systime_mono_ns();
}

/* Take a sample, stamp it, hand it on. 0, -ECANCELED, -errno. */
static int take(WlRun *r, const WlLoop *lp, Sample *s) {
    int rc = sampler_take(lp->sampler, s);
    if (rc) {
        return rc;
    }
    if (r) {
        wlrun_sample(r, s);
    } else {
        s->batch = val_na();
    }
    if (lp->on_sample && lp->on_sample(lp->user, s)) {
        return -ECANCELED;
    }
    return 0;
}

/* Wait until deadline_ns or until one of the run's fds is ready. */
static void wait_for(WlRun *r, int64_t deadline_ns) {
    struct pollfd p[2];
    int fds[2], n = r ? wlrun_fds(r, fds) : 0;
    for (int i = 0; i < n; i++) {
        p[i] = (struct pollfd){fds[i], POLLIN, 0};
    }
    int64_t left = deadline_ns - wlloop_now_ns();
    if (left <= 0) {
        return;
    }
    int ms = (int)((left + NS_PER_MS - 1) / NS_PER_MS);
    poll(p, (nfds_t)n, ms); /* EINTR (a signal) just ends the wait */
}

/* The next sampling deadline after *deadline, skipping slots when far behind. */
static void advance(int64_t *deadline, int64_t period) {
    *deadline += period;
    int64_t now = wlloop_now_ns();
    if (now - *deadline > MAX_BACKLOG_NS) {
        *deadline += (now - *deadline) / period * period;
    }
}

int wlloop_run(WlRun *r, const WlLoop *lp, Sample *s) {
    int64_t period = (int64_t)(lp->interval_ms > 0 ? lp->interval_ms : 100) * NS_PER_MS;
    int rc = take(r, lp, s);
    if (rc) {
        return rc;
    }
    int64_t deadline = s->mono_ns;
    wlrun_begin(r, s->mono_ns);
    advance(&deadline, period);
    bool stopping = false;
    while (!wlrun_done(r)) {
        if (lp->stop && *lp->stop && !stopping) {
            stopping = true;
            wlrun_stop(r, wlloop_now_ns());
        }
        int64_t next = wlrun_next_ns(r);
        wait_for(r, next < deadline ? next : deadline);
        wlrun_step(r, wlloop_now_ns());
        if (wlloop_now_ns() >= deadline) {
            rc = take(r, lp, s);
            if (rc) {
                wlrun_stop(r, wlloop_now_ns());
                return rc;
            }
            advance(&deadline, period);
        }
    }
    return wlrun_error(r)[0] ? -EIO : 0;
}

int wlloop_idle(const WlLoop *lp, int ms, Sample *s) {
    int64_t period = (int64_t)(lp->interval_ms > 0 ? lp->interval_ms : 100) * NS_PER_MS;
    int64_t end = wlloop_now_ns() + (int64_t)ms * NS_PER_MS;
    int64_t deadline = wlloop_now_ns();
    while (deadline <= end) {
        if (lp->stop && *lp->stop) {
            return -EINTR;
        }
        wait_for(NULL, deadline);
        int rc = take(NULL, lp, s);
        if (rc) {
            return rc;
        }
        advance(&deadline, period);
    }
    return 0;
}
