/* SPDX-License-Identifier: MIT */
/* wlrun: the state machine of one workload run (see wlrun.h). */
#include "jtune/workload/wlrun.h"

#include "jtune/core/parse.h"
#include "jtune/core/timeunit.h"

#include "jtune/buildinfo.h"
#include "jtune/platform/selfpath.h"
#include "jtune/platform/fileio.h"
#include "jtune/workload/burn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/wait.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_MAX_BYTES 4096
#define DEMAND_REL     "run/jtune-sim"
#define DEMAND_FILE    "demand"

struct WlRun {
    WlDef def;
    WlRunOpts o;
    char program[512];     /* a built-in's resolved program */
    char demand[PATH_MAX]; /* the simulated board's demand file ("" none) */
    int out_fd;
    bool own_out;
    int64_t max_gap_ns;
    BatchMeter meter;
    BatchTotals totals;
    Launch l;
    bool launched; /* l holds a started process (until cleaned up) */
    WlRunState state;
    int64_t next_ns;        /* the timed step of BASELINE / IDLE / DRAINING */
    int64_t kill_ns;        /* after a stop: SIGKILL then (INT64_MAX none) */
    int64_t first_batch_ns; /* begin of batch 1 (-1 not yet) */
    int64_t last_step_ns;   /* time of the last wlrun_step */
    int batch;              /* current or last batch */
    bool in_batch;
    int stop_batch; /* batches >= this are interrupted */
    bool stopped, failed, killed;
    int protocol_errors;
    char line[LINE_MAX_BYTES];
    size_t line_len;
    char error[320];
};

int wlrun_demand_path(Sysfs *fs, char *out, size_t outsz) {
    if (!sysfs_is_dir(fs, DEMAND_REL)) {
        return -ENOENT;
    }
    const char *root = sysfs_root(fs);
    bool slash = root[0] && root[strlen(root) - 1] == '/';
    int n = snprintf(out, outsz, "%s%s%s/%s", root, slash ? "" : "/", DEMAND_REL, DEMAND_FILE);
    return n > 0 && (size_t)n < outsz ? 0 : -ENAMETOOLONG;
}

static bool executable_in(const char *dir, const char *name, char *out, size_t outsz) {
    if (!dir || !*dir || snprintf(out, outsz, "%s/%s", dir, name) >= (int)outsz) {
        return false;
    }
    return access(out, X_OK) == 0;
}

int wlrun_find_program(const char *name, char *out, size_t outsz) {
    if (selfpath_find_program(name, out, outsz) == 0 ||
        executable_in(getenv("JTUNE_BUILD_DIR"), name, out, outsz)) {
        return 0;
    }
    return -ENOENT;
}

/* Every finished phase: mark cut-short batches, update the totals, pass it on. */
static void on_phase(void *user, const PhaseRec *rec) {
    WlRun *r = user;
    PhaseRec c = *rec;
    if (c.kind == PH_BATCH && c.batch >= r->stop_batch) {
        c.interrupted = true;
    }
    batch_totals_add(&r->totals, &c);
    if (r->o.on_phase) {
        r->o.on_phase(r->o.user, &c);
    }
}

static int open_output(WlRun *r, char *err, size_t errsz) {
    if (r->o.out_fd >= 0) {
        r->out_fd = r->o.out_fd;
        return 0;
    }
    int fd;
    switch (r->def.output) {
    case WL_OUT_NULL: fd = open("/dev/null", O_WRONLY | O_CLOEXEC); break;
    case WL_OUT_FILE:
        fd = open(r->def.output_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
        break;
    default: fd = fcntl(2, F_DUPFD_CLOEXEC, 3); break;
    }
    if (fd < 0) {
        int e = errno;
        snprintf(err, errsz, "workload '%s': cannot open its output '%s': %s", r->def.name,
                 r->def.output == WL_OUT_FILE ? r->def.output_path : "-", strerror(e));
        return -e;
    }
    r->out_fd = fd;
    r->own_out = true;
    return 0;
}

static int check_def(WlRun *r, char *err, size_t errsz) {
    const WlDef *d = &r->def;
    if (d->bad) {
        snprintf(err, errsz, "workload '%s' has errors in %s (see above)", d->name, d->file);
        return -EINVAL;
    }
    if (!d->builtin) {
        return 0;
    }
    const char *prog = words_get(&d->command, 0);
    if (wlrun_find_program(prog, r->program, sizeof r->program) < 0) {
        snprintf(err, errsz, "workload '%s' needs %s, which is not installed%s", d->name, prog,
                 d->gpu ? " (it is built only where a CUDA compiler is found)" : "");
        return -ENOENT;
    }
    return 0;
}

int wlrun_create(WlRun **out, const WlRunOpts *o, const Inventory *inv, char *err, size_t errsz) {
    *out = NULL;
    WlRun *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errsz, "out of memory");
        return -ENOMEM;
    }
    r->def = *o->def;
    r->o = *o;
    r->o.def = &r->def;
    r->out_fd = -1;
    r->l.out_fd = -1;
    r->l.pidfd = -1;
    r->stop_batch = INT_MAX;
    r->kill_ns = INT64_MAX;
    r->first_batch_ns = -1;
    snprintf(r->demand, sizeof r->demand, "%s", o->demand_file ? o->demand_file : "");
    int rc = check_def(r, err, errsz);
    rc = rc ? rc : open_output(r, err, errsz);
    if (rc) {
        wlrun_destroy(r);
        return rc;
    }
    int interval = o->interval_ms > 0 ? o->interval_ms : 100;
    r->max_gap_ns = energy_gap_limit_ns((int64_t)interval * NS_PER_MS);
    batch_init(&r->meter, inv, r->max_gap_ns, on_phase, r);
    batch_totals_init(&r->totals, r->meter.n_rails);
    *out = r;
    return 0;
}

/* The argv of one launch: the command with its placeholders replaced; a built-in runs
 * the burner found at create, told the simulated board's demand file. 0 or -errno. */
static int launch_argv(WlRun *r, int batch, Words *argv) {
    WlVars v = {.batch = batch};
    char why[160];
    int rc = wlconf_expand(&r->def, &v, argv, why, sizeof why);
    if (rc) {
        snprintf(r->error, sizeof r->error, "workload '%s': %s", r->def.name, why);
        return rc;
    }
    if (!r->def.builtin) {
        return 0;
    }
    Words full;
    words_clear(&full);
    words_add(&full, r->program);
    for (int i = 1; i < argv->n; i++) {
        words_add(&full, words_get(argv, i));
    }
    if (r->demand[0]) {
        words_add(&full, "--demand-file");
        words_add(&full, r->demand);
    }
    *argv = full;
    return 0;
}

/* The environment additions: the [workload] env words, then what jtune tells every
 * workload (its name, the batch of one run per batch, the demand file). */
static void launch_env(WlRun *r, int batch, Words *env) {
    *env = r->def.env;
    char kv[PATH_MAX + 32];
    snprintf(kv, sizeof kv, "JTUNE_WORKLOAD=%s", r->def.name);
    words_add(env, kv);
    if (batch > 0) {
        snprintf(kv, sizeof kv, "JTUNE_BATCH=%d", batch);
        words_add(env, kv);
    }
    if (r->demand[0]) {
        snprintf(kv, sizeof kv, "JTUNE_DEMAND_FILE=%s", r->demand);
        words_add(env, kv);
    }
}

/* Start one process (batch: its number for one run per batch, else 0). 0 or -errno
 * (r->error set). */
static int start_process(WlRun *r, int batch) {
    Words argv, env;
    int rc = launch_argv(r, batch, &argv);
    if (rc) {
        return rc;
    }
    launch_env(r, batch, &env);
    const char *args[WORDS_MAX + 1], *envp[WORDS_MAX + 1];
    words_argv(&argv, args);
    words_argv(&env, envp);
    LaunchOpts lo = {.argv = args,
                     .env_add = envp,
                     .capture_stdout = r->def.mode == WL_BATCH_LINES,
                     .out_fd = r->out_fd,
                     .cpus = r->def.cpus,
                     .cpu_quota_pct = r->def.cpu_quota_pct,
                     .cgroup = !r->o.no_cgroup,
                     .cgroup_mount = r->o.cgroup_mount};
    rc = launch_start(&r->l, &lo, r->error, sizeof r->error);
    r->launched = rc == 0;
    if (rc == 0 && r->l.out_fd >= 0) {
        fcntl(r->l.out_fd, F_SETFL, fcntl(r->l.out_fd, F_GETFL) | O_NONBLOCK);
    }
    return rc;
}

/* The workload is over (or never started): close the last phase, wait for its sample. */
static void to_draining(WlRun *r, int64_t now_ns) {
    batch_switch(&r->meter, PH_NONE, 0, now_ns);
    r->in_batch = false;
    r->state = WLRUN_DRAINING;
    r->next_ns = now_ns + r->max_gap_ns; /* no closing sample by then: finish anyway */
}

static void fail(WlRun *r, int64_t now_ns) {
    r->failed = true;
    if (r->in_batch) {
        r->stop_batch = r->batch < r->stop_batch ? r->batch : r->stop_batch;
    }
    to_draining(r, now_ns);
}

/* Launch the next process: batch K (one run per batch) or the whole workload. */
static void launch_next(WlRun *r, int64_t now_ns) {
    bool per_run = r->def.mode == WL_BATCH_RUN;
    int k = per_run ? r->batch + 1 : 0;
    if (start_process(r, k) < 0) {
        fail(r, now_ns);
        return;
    }
    if (per_run) {
        r->batch = k;
        r->in_batch = true;
        if (r->first_batch_ns < 0) {
            r->first_batch_ns = now_ns;
        }
        batch_switch(&r->meter, PH_BATCH, k, now_ns);
    } else {
        batch_switch(&r->meter, PH_SETUP, 0, now_ns);
    }
    r->state = WLRUN_RUNNING;
}

void wlrun_begin(WlRun *r, int64_t now_ns) {
    r->state = WLRUN_BASELINE;
    r->next_ns = now_ns + (int64_t)r->def.baseline_ms * NS_PER_MS;
    if (r->def.baseline_ms > 0) {
        batch_switch(&r->meter, PH_BASELINE, 0, now_ns);
    } else {
        launch_next(r, now_ns);
    }
}

/* "jtune-batch begin K" / "jtune-batch end K": 1 handled, 0 not a marker. */
static int marker(WlRun *r, const char *s, size_t n, int64_t now_ns) {
    size_t plen = strlen(BURN_LINE_PREFIX);
    char word[8];
    if (n < plen || memcmp(s, BURN_LINE_PREFIX, plen) != 0 || n - plen > 40) {
        return 0;
    }
    char buf[48];
    memcpy(buf, s + plen, n - plen);
    buf[n - plen] = '\0';
    StrView w[2];
    size_t nw = 0;
    int64_t k64;
    if (parse_words(buf, n - plen, w, 2, &nw) < 0 || nw != 2 ||
        strview_copy(w[0], word, sizeof word) < 0 || parse_i64(w[1].p, w[1].n, &k64) < 0 ||
        k64 < 1 || k64 > INT_MAX) {
        return 0;
    }
    int k = (int)k64;
    bool begin = strcmp(word, "begin") == 0;
    if (!begin && strcmp(word, "end") != 0) {
        return 0;
    }
    if (begin && !r->in_batch && k == r->batch + 1) {
        r->batch = k;
        r->in_batch = true;
        if (r->first_batch_ns < 0) {
            r->first_batch_ns = now_ns;
        }
        batch_switch(&r->meter, PH_BATCH, k, now_ns);
    } else if (!begin && r->in_batch && k == r->batch) {
        r->in_batch = false;
        batch_switch(&r->meter, k >= r->def.batches ? PH_TAIL : PH_IDLE, k, now_ns);
    } else {
        r->protocol_errors++; /* out of order: the boundary is ignored */
    }
    return 1;
}

/* Split what is buffered into lines; markers act, the rest goes to the output. */
static void take_lines(WlRun *r, int64_t now_ns, bool flush) {
    size_t start = 0;
    for (size_t i = 0; i < r->line_len; i++) {
        if (r->line[i] != '\n') {
            continue;
        }
        if (!marker(r, r->line + start, i - start, now_ns)) {
            fileio_write_all(r->out_fd, r->line + start, i - start + 1);
        }
        start = i + 1;
    }
    if (start == 0 && (flush || r->line_len == sizeof r->line)) {
        fileio_write_all(r->out_fd, r->line, r->line_len); /* a partial or overlong line */
        start = r->line_len;
    }
    memmove(r->line, r->line + start, r->line_len - start);
    r->line_len -= start;
}

/* Read everything the workload has printed so far (non-blocking); true at EOF. */
static bool read_output(WlRun *r, int64_t now_ns) {
    if (r->l.out_fd < 0) {
        return true;
    }
    for (;;) {
        ssize_t n = read(r->l.out_fd, r->line + r->line_len, sizeof r->line - r->line_len);
        if (n > 0) {
            r->line_len += (size_t)n;
            take_lines(r, now_ns, false);
            continue;
        }
        if (n == 0) {
            take_lines(r, now_ns, true);
            close(r->l.out_fd);
            r->l.out_fd = -1;
            return true;
        }
        return errno != EINTR && errno != EAGAIN ? true : false;
    }
}

/* The reason a workload's exit is a failure, into r->error. */
static void exit_error(WlRun *r, int status) {
    char desc[64];
    launch_describe_status(status, desc, sizeof desc);
    bool no_gpu = r->def.gpu && WIFEXITED(status) && WEXITSTATUS(status) == 3;
    if (r->def.mode == WL_BATCH_RUN) {
        snprintf(r->error, sizeof r->error, "workload '%s': run %d ended with %s", r->def.name,
                 r->batch, desc);
    } else {
        snprintf(r->error, sizeof r->error, "workload '%s' ended with %s%s", r->def.name, desc,
                 no_gpu ? ": no CUDA device on this machine" : "");
    }
}

/* The process has exited at now_ns: account for it and decide what comes next. */
static void process_exited(WlRun *r, int64_t now_ns) {
    read_output(r, now_ns); /* the last lines may still be in the pipe */
    if (r->line_len) {
        take_lines(r, now_ns, true);
    }
    int st = r->l.status;
    bool ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
    if (WIFSIGNALED(st) && r->demand[0] && truncate(r->demand, 0) < 0 && errno != ENOENT) {
        /* killed mid-batch: the simulated load must not linger; say so when it does */
        fprintf(stderr, "jtune: cannot clear the simulator's demand file %s: %s\n", r->demand,
                strerror(errno));
    }
    launch_cleanup(&r->l);
    r->launched = false;
    if (r->in_batch && (r->stopped || !ok || r->def.mode == WL_BATCH_LINES)) {
        r->stop_batch = r->batch < r->stop_batch ? r->batch : r->stop_batch; /* cut short */
    }
    if (!ok && !r->stopped) {
        exit_error(r, st);
        fail(r, now_ns);
        return;
    }
    bool more = r->def.mode == WL_BATCH_RUN && r->batch < r->def.batches && !r->stopped;
    if (!more) {
        to_draining(r, now_ns);
        return;
    }
    r->in_batch = false;
    batch_switch(&r->meter, PH_IDLE, r->batch, now_ns);
    r->state = WLRUN_IDLE;
    r->next_ns = now_ns + (int64_t)r->def.idle_ms * NS_PER_MS;
}

static void finish(WlRun *r, int64_t now_ns) {
    batch_finish(&r->meter, now_ns);
    r->state = WLRUN_DONE;
}

int wlrun_step(WlRun *r, int64_t now_ns) {
    r->last_step_ns = now_ns;
    switch (r->state) {
    case WLRUN_BASELINE:
    case WLRUN_IDLE:
        if (r->stopped) {
            to_draining(r, now_ns);
        } else if (now_ns >= r->next_ns) {
            launch_next(r, now_ns);
        }
        break;
    case WLRUN_RUNNING:
        read_output(r, now_ns);
        if (launch_poll(&r->l) != 0) {
            process_exited(r, now_ns);
        } else if (now_ns >= r->kill_ns) {
            launch_stop(&r->l, 0); /* the grace period is over */
            process_exited(r, now_ns);
        }
        break;
    case WLRUN_DRAINING:
        if (r->meter.n_pending == 0 || now_ns >= r->next_ns) {
            finish(r, now_ns);
        }
        break;
    case WLRUN_READY:
    case WLRUN_DONE: break;
    }
    return r->failed ? -EIO : 0;
}

void wlrun_sample(WlRun *r, Sample *s) {
    s->batch = val_of(r->in_batch ? r->batch : 0);
    batch_add(&r->meter, s);
    if (r->state == WLRUN_DRAINING && r->meter.n_pending == 0) {
        finish(r, s->mono_ns);
    }
}

void wlrun_stop(WlRun *r, int64_t now_ns) {
    if (r->stopped || r->state == WLRUN_DONE || r->state == WLRUN_DRAINING) {
        return;
    }
    r->stopped = true;
    if (r->state == WLRUN_READY) {
        r->state = WLRUN_DONE;
        return;
    }
    if (r->state == WLRUN_RUNNING) {
        r->stop_batch = r->in_batch ? r->batch : r->batch + 1;
        kill(-r->l.pid, SIGTERM);
        r->kill_ns = now_ns + (int64_t)WLRUN_STOP_GRACE_MS * NS_PER_MS;
    }
}

int wlrun_fds(const WlRun *r, int fds[2]) {
    int n = 0;
    if (r->state == WLRUN_RUNNING) {
        if (r->l.out_fd >= 0) {
            fds[n++] = r->l.out_fd;
        }
        if (r->l.pidfd >= 0) {
            fds[n++] = r->l.pidfd;
        }
    }
    return n;
}

int64_t wlrun_next_ns(const WlRun *r) {
    switch (r->state) {
    case WLRUN_BASELINE:
    case WLRUN_IDLE:
    case WLRUN_DRAINING: return r->next_ns;
    case WLRUN_RUNNING:
        if (r->l.pidfd < 0) {
            return r->last_step_ns + 10 * NS_PER_MS; /* no pidfd here: look every 10 ms */
        }
        return r->kill_ns;
    default: return INT64_MAX;
    }
}

bool wlrun_done(const WlRun *r) {
    return r->state == WLRUN_DONE;
}

void wlrun_progress(const WlRun *r, int64_t now_ns, WlProgress *p) {
    memset(p, 0, sizeof *p);
    p->state = r->state;
    p->batch = r->batch;
    p->in_batch = r->in_batch;
    p->batches = r->def.batches;
    p->done = r->totals.batches;
    p->failed = r->failed;
    p->stopped = r->stopped;
    p->protocol_errors = r->protocol_errors;
    p->last_j = r->totals.hist_n ? r->totals.hist_j[r->totals.hist_n - 1] : NAN;
    int left = r->def.batches - p->done;
    p->eta_ns = -1;
    if (r->state == WLRUN_DONE || left <= 0) {
        p->eta_ns = 0;
    } else if (p->done > 0 && r->first_batch_ns >= 0) {
        p->eta_ns = (now_ns - r->first_batch_ns) / p->done * left; /* measured cycle */
    } else if (r->def.batch_ms > 0) {
        int64_t cycle = (int64_t)(r->def.batch_ms + r->def.idle_ms) * NS_PER_MS;
        int64_t base = r->state == WLRUN_BASELINE ? r->next_ns - now_ns : 0;
        p->eta_ns = (base > 0 ? base : 0) + cycle * left;
    }
}

const BatchTotals *wlrun_totals(const WlRun *r) {
    return &r->totals;
}

const WlDef *wlrun_def(const WlRun *r) {
    return &r->def;
}

const char *wlrun_error(const WlRun *r) {
    return r->error;
}

const char *wlrun_note(const WlRun *r) {
    return r->l.note;
}

void wlrun_destroy(WlRun *r) {
    if (!r) {
        return;
    }
    if (r->launched) {
        launch_stop(&r->l, WLRUN_STOP_GRACE_MS);
        launch_cleanup(&r->l);
    }
    if (r->own_out && r->out_fd >= 0) {
        close(r->out_fd);
    }
    free(r);
}
