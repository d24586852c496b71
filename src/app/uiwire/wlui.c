/* SPDX-License-Identifier: MIT */
/* wlui: the UI's workload runner (see wlui.h). */
#include "jtune/app/uiwire/wlui.h"

#include "jtune/platform/fileio.h"
#include "jtune/workload/wlloop.h"
#include "jtune/workload/wlrun.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct WlUi {
    Sampler *sampler;
    const WlSet *set; /* borrowed from the caller (wlui_create) */
    bool runnable[WL_MAX];
    char why[WL_MAX][96]; /* why a workload cannot run */
    Sample last;          /* the newest sample (starts a run's baseline) */
    bool have_last;
    int64_t interval_ns; /* between the last two samples */
    UiSource inner;      /* the source wlui_source wraps */
    WlRun *run;          /* the running workload, or NULL */
    int running;         /* its index */
    int out_fd;          /* its output file when jtune chose it, else -1 */
    /* the last run, kept for the page after it ended */
    bool have_run;
    char run_name[WL_NAME];
    WlProgress prog;
    BatchTotals totals;
    char output[160];
    char message[240];
    bool message_error;
};

/* Which workloads can run here (a built-in burner may be missing). */
static void check_runnable(WlUi *w) {
    for (int i = 0; i < w->set->n; i++) {
        const WlDef *d = &w->set->def[i];
        char path[PATH_MAX];
        w->runnable[i] = !d->bad;
        if (d->bad) {
            snprintf(w->why[i], sizeof w->why[i], "has errors in %s", d->file);
        } else if (d->builtin &&
                   wlrun_find_program(words_get(&d->command, 0), path, sizeof path) < 0) {
            w->runnable[i] = false;
            snprintf(w->why[i], sizeof w->why[i], "needs %s (not installed)",
                     words_get(&d->command, 0));
        }
    }
}

int wlui_create(WlUi **out, Sampler *sampler, const WlSet *set) {
    WlUi *w = calloc(1, sizeof *w);
    if (!w) {
        return -ENOMEM;
    }
    w->sampler = sampler;
    w->set = set;
    w->running = -1;
    w->out_fd = -1;
    check_runnable(w);
    *out = w;
    return 0;
}

/* Keep what the page shows of a run that has ended, and free it. */
static void finish_run(WlUi *w, int64_t now_ns) {
    wlrun_progress(w->run, now_ns, &w->prog);
    w->totals = *wlrun_totals(w->run);
    const char *err = wlrun_error(w->run), *note = wlrun_note(w->run);
    if (err[0] || note[0]) {
        snprintf(w->message, sizeof w->message, "%s", err[0] ? err : note);
        w->message_error = err[0] != 0;
    }
    wlrun_destroy(w->run);
    w->run = NULL;
    w->running = -1;
    if (w->out_fd >= 0) {
        close(w->out_fd);
        w->out_fd = -1;
    }
}

void wlui_destroy(WlUi *w) {
    if (!w) {
        return;
    }
    if (w->run) {
        finish_run(w, 0); /* wlrun_destroy stops the workload */
    }
    free(w);
}

static void wlui_sample(WlUi *w, Sample *out) {
    if (!w) {
        return;
    }
    if (w->have_last && out->mono_ns > w->last.mono_ns) {
        w->interval_ns = out->mono_ns - w->last.mono_ns;
    }
    if (w->run) {
        wlrun_sample(w->run, out);
        if (wlrun_done(w->run)) {
            finish_run(w, out->mono_ns);
        }
    }
    w->last = *out;
    w->have_last = true;
}

static const Inventory *source_inventory(void *ctx) {
    WlUi *w = ctx;
    return w->inner.inventory(w->inner.ctx);
}

static int source_take(void *ctx, Sample *out) {
    WlUi *w = ctx;
    int rc = w->inner.take(w->inner.ctx, out);
    if (rc == 0) {
        wlui_sample(w, out);
    }
    return rc;
}

UiSource wlui_source(WlUi *w, UiSource inner) {
    w->inner = inner;
    return (UiSource){.ctx = w, .inventory = source_inventory, .take = source_take};
}

/* The default output of a workload in the UI: $XDG_STATE_HOME/jtune/workload-NAME.out. */
static int open_default_output(WlUi *w, const WlDef *d) {
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[PATH_MAX];
    if (xdg && *xdg) {
        snprintf(dir, sizeof dir, "%s/jtune", xdg);
    } else if (home && *home) {
        snprintf(dir, sizeof dir, "%s/.local/state/jtune", home);
    } else {
        snprintf(dir, sizeof dir, "/tmp");
    }
    snprintf(w->output, sizeof w->output, "%s/workload-%s.out", dir, d->name);
    int rc = fileio_mkdirs(dir, 0755);
    int fd = rc < 0 ? rc : open(w->output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        snprintf(w->output, sizeof w->output, "/dev/null (%s/workload-%s.out: %s)", dir, d->name,
                 strerror(fd == -1 ? errno : -fd));
        fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    }
    return fd;
}

static int wl_start(void *ctx, int index) {
    WlUi *w = ctx;
    if (w->run) {
        snprintf(w->message, sizeof w->message, "%s is running: stop it first (s)",
                 w->set->def[w->running].name);
        w->message_error = true;
        return -EBUSY;
    }
    if (index < 0 || index >= w->set->n || !w->have_last) {
        return -EINVAL;
    }
    const WlDef *d = &w->set->def[index];
    w->message[0] = '\0';
    if (!w->runnable[index]) {
        snprintf(w->message, sizeof w->message, "%s %s", d->name, w->why[index]);
        w->message_error = true;
        return -ENOENT;
    }
    w->out_fd = d->output == WL_OUT_INHERIT ? open_default_output(w, d) : -1;
    if (d->output != WL_OUT_INHERIT) {
        snprintf(w->output, sizeof w->output, "%s",
                 d->output == WL_OUT_NULL ? "/dev/null" : d->output_path);
    }
    char demand[PATH_MAX], err[320];
    bool sim = wlrun_demand_path(sampler_sysfs(w->sampler), demand, sizeof demand) == 0;
    WlRunOpts ro = {.def = d,
                    .demand_file = sim ? demand : NULL,
                    .interval_ms = w->interval_ns > 0 ? (int)(w->interval_ns / 1000000) : 1000,
                    .out_fd = w->out_fd};
    int rc = wlrun_create(&w->run, &ro, sampler_inventory(w->sampler), err, sizeof err);
    if (rc < 0) {
        snprintf(w->message, sizeof w->message, "%s", err);
        w->message_error = true;
        if (w->out_fd >= 0) {
            close(w->out_fd);
            w->out_fd = -1;
        }
        return rc;
    }
    w->running = index;
    w->have_run = true;
    snprintf(w->run_name, sizeof w->run_name, "%s", d->name);
    wlrun_sample(w->run, &w->last); /* the newest sample starts the baseline */
    wlrun_begin(w->run, w->last.mono_ns);
    return 0;
}

static int wl_stop(void *ctx) {
    WlUi *w = ctx;
    if (!w->run) {
        return -ESRCH;
    }
    wlrun_stop(w->run, wlloop_now_ns());
    return 0;
}

static int wl_fds(void *ctx, int fds[2]) {
    WlUi *w = ctx;
    return w->run ? wlrun_fds(w->run, fds) : 0;
}

static int64_t wl_next_ns(void *ctx) {
    WlUi *w = ctx;
    return w->run ? wlrun_next_ns(w->run) : INT64_MAX;
}

static bool wl_step(void *ctx, int64_t now_ns) {
    WlUi *w = ctx;
    if (!w->run) {
        return false;
    }
    wlrun_step(w->run, now_ns);
    if (wlrun_done(w->run)) {
        finish_run(w, now_ns);
    }
    return true;
}

static const char *state_text(const WlProgress *p, char *out, size_t outsz) {
    static const char *const names[] = {"ready", "baseline",  "running",
                                        "idle",  "finishing", "done"};
    if (p->failed) {
        snprintf(out, outsz, "failed");
    } else if (p->stopped && p->state == WLRUN_DONE) {
        snprintf(out, outsz, "stopped after %d of %d batches", p->done, p->batches);
    } else if (p->in_batch) {
        snprintf(out, outsz, "batch %d of %d", p->batch, p->batches);
    } else {
        snprintf(out, outsz, "%s", names[p->state]);
    }
    return out;
}

/* The progress part of the view, from the run or what is kept of the last one. */
static void view_run(WlUi *w, WlPageView *v) {
    const BatchTotals *t = &w->totals;
    if (w->run) {
        wlrun_progress(w->run, w->last.mono_ns, &w->prog);
        t = wlrun_totals(w->run);
    }
    v->have_run = true;
    snprintf(v->run_name, sizeof v->run_name, "%s", w->run_name);
    state_text(&w->prog, v->state, sizeof v->state);
    v->done = w->prog.done;
    v->batches = w->prog.batches;
    v->eta_ms = w->prog.eta_ns < 0 ? -1 : w->prog.eta_ns / 1000000;
    v->j_n = t->j.n;
    v->j_mean = t->j.n ? t->j.mean : NAN;
    v->j_ci = wstat_ci95(&t->j);
    v->j_last = w->prog.last_j;
    v->net_mean = t->net_j.n ? t->net_j.mean : NAN;
    v->w_mean = t->w.n ? t->w.mean : NAN;
    v->baseline_mw = batch_totals_baseline_mw(t);
    v->idle_mw = batch_totals_idle_mw(t);
    v->hist_n = t->hist_n < WLPAGE_HISTORY ? t->hist_n : WLPAGE_HISTORY;
    memcpy(v->hist_j, t->hist_j + (t->hist_n - v->hist_n), (size_t)v->hist_n * sizeof(double));
    snprintf(v->output, sizeof v->output, "%s", w->output);
}

/* The workload's description, with its duty cycle as a percentage when batches are timed
 * ("10 batches x 2000 ms, 2000 ms idle, duty 50%"). */
static void describe(const WlDef *d, char *out, size_t outsz) {
    wlconf_describe(d, out, outsz);
    if (d->batch_ms > 0 && d->batch_ms + d->idle_ms > 0) {
        size_t len = strlen(out);
        int pct = (int)((int64_t)d->batch_ms * 100 / (d->batch_ms + d->idle_ms));
        snprintf(out + len, outsz - len, ", duty %d%%", pct);
    }
}

static int wl_view(void *ctx, WlPageView *v) {
    WlUi *w = ctx;
    memset(v, 0, sizeof *v);
    v->n = w->set->n < WLPAGE_MAX ? w->set->n : WLPAGE_MAX;
    for (int i = 0; i < v->n; i++) {
        const WlDef *d = &w->set->def[i];
        snprintf(v->name[i], sizeof v->name[i], "%s", d->name);
        if (w->runnable[i]) {
            describe(d, v->desc[i], sizeof v->desc[i]);
        } else {
            snprintf(v->desc[i], sizeof v->desc[i], "%s", w->why[i]);
        }
        v->runnable[i] = w->runnable[i];
    }
    v->running = w->running;
    if (w->have_run) {
        view_run(w, v);
    }
    snprintf(v->message, sizeof v->message, "%s", w->message);
    v->message_error = w->message_error;
    v->interval_ms = w->interval_ns > 0 ? (int)(w->interval_ns / 1000000) : 0;
    return 0;
}

void wlui_actions(WlUi *w, UiActions *acts) {
    acts->workload_ctx = w;
    acts->workload_view = wl_view;
    acts->workload_start = wl_start;
    acts->workload_stop = wl_stop;
    acts->workload_fds = wl_fds;
    acts->workload_next_ns = wl_next_ns;
    acts->workload_step = wl_step;
}
