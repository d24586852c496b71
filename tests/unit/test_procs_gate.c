/* SPDX-License-Identifier: MIT */
/* The process table's schedstat gate: a single-threaded task whose run time has not moved is
 * not read in full (its rates are zero, its row stands); a run-time change, several threads,
 * a missing schedstat or 10 s since the last full read each bring the full read back; one that
 * ran is read lightly (status, CPU from schedstat) between full reads. A task of several
 * threads has stat read every sample, status when its main thread ran. proc/ is listed when
 * loadavg says a task came or went, and every 10 s. A task
 * quiet for 10 s (with several threads: its ticks too) is checked every 5 s; a pid that cannot be
 * opened is tried every 10 s. The tree is written by hand, so that stat and status can say what
 * schedstat does not: a value that shows proves which files were read. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/platform/sampler.h"

typedef struct {
    Fixture fx;
    Sampler *smp;
    int64_t now_ns;
    Sample s;
} Ctx;

static int64_t fake_clock(void *ctx) {
    return *(int64_t *)ctx;
}

#define SEC_NS 1000000000LL

/* Write pid's stat: its comm, utime ticks and threads. */
static void put_stat(Ctx *c, int pid, const char *comm, int ticks, int threads) {
    char rel[64], text[512];
    snprintf(rel, sizeof rel, "proc/%d/stat", pid);
    snprintf(text, sizeof text, "%d (%s) S 1 %d %d 0 -1 0 0 0 0 0 %d 0 0 0 20 0 %d 0 100 1000 0\n",
             pid, comm, pid, pid, ticks, threads);
    assert_int_equal(fixture_put(&c->fx, rel, text), 0);
}

/* Write pid's status: threads, voluntary switches, VmRSS. */
static void put_status(Ctx *c, int pid, int threads, int vol, int rss_kib) {
    char rel[64], text[512];
    snprintf(rel, sizeof rel, "proc/%d/status", pid);
    snprintf(text, sizeof text,
             "Name:\ttask%d\nState:\tS (sleeping)\nVmRSS:\t%d kB\nThreads:\t%d\n"
             "voluntary_ctxt_switches:\t%d\nnonvoluntary_ctxt_switches:\t0\n",
             pid, rss_kib, threads, vol);
    assert_int_equal(fixture_put(&c->fx, rel, text), 0);
}

/* Write pid's schedstat: its run time. */
static void put_sched(Ctx *c, int pid, long long run_ns) {
    char rel[64], text[64];
    snprintf(rel, sizeof rel, "proc/%d/schedstat", pid);
    snprintf(text, sizeof text, "%lld 0 1\n", run_ns);
    assert_int_equal(fixture_put(&c->fx, rel, text), 0);
}

/* Write pid's stat (comm "taskPID", utime ticks, threads), status (voluntary switches, VmRSS)
 * and, when run_ns >= 0, its schedstat. */
static void put_proc(Ctx *c, int pid, int ticks, int threads, int vol, int rss_kib,
                     long long run_ns) {
    char rel[64], text[64];
    snprintf(text, sizeof text, "task%d", pid);
    put_stat(c, pid, text, ticks, threads);
    put_status(c, pid, threads, vol, rss_kib);
    snprintf(rel, sizeof rel, "proc/%d/comm", pid);
    snprintf(text, sizeof text, "task%d\n", pid);
    assert_int_equal(fixture_put(&c->fx, rel, text), 0);
    if (run_ns >= 0) {
        put_sched(c, pid, run_ns);
    }
}

static int setup(void **state) {
    Ctx *c = calloc(1, sizeof *c);
    assert_non_null(c);
    assert_int_equal(fixture_mkroot(&c->fx), 0);
    put_proc(c, 100, 0, 1, 0, 4000, 1000); /* single-threaded */
    put_proc(c, 200, 0, 4, 0, 8000, 1000); /* four threads */
    put_proc(c, 300, 0, 1, 0, 2000, -1);   /* no schedstat */
    SamplerConfig sc = {.procs = true};
    assert_int_equal(sampler_open(&c->smp, c->fx.root, &sc), 0);
    c->now_ns = 1000000000;
    sampler_set_clock(c->smp, fake_clock, &c->now_ns);
    assert_int_equal(sampler_take(c->smp, &c->s), 0);
    *state = c;
    return 0;
}

static int teardown(void **state) {
    Ctx *c = *state;
    sampler_close(c->smp);
    fixture_cleanup(&c->fx);
    free(c);
    return 0;
}

static void step(Ctx *c, int64_t ms) {
    c->now_ns += ms * 1000000;
    assert_int_equal(sampler_take(c->smp, &c->s), 0);
}

static const ProcRow *row(Ctx *c, int pid) {
    const ProcTable *t = sampler_procs(c->smp);
    assert_non_null(t);
    for (int i = 0; i < t->n; i++) {
        if (t->rows[i].pid == pid) {
            return &t->rows[i];
        }
    }
    fail_msg("pid %d is not in the table", pid);
    return NULL;
}

static void expect_rates(Ctx *c, int pid, int64_t cpu_pct10, int64_t wake_ps10) {
    const ProcRow *r = row(c, pid);
    assert_true(r->cpu_pct10.ok);
    assert_true(r->wakeups_ps10.ok);
    assert_int_equal(r->cpu_pct10.v, cpu_pct10);
    assert_int_equal(r->wakeups_ps10.v, wake_ps10);
}

static void test_idle_task_not_read(void **state) {
    Ctx *c = *state;
    step(c, 1000);
    expect_rates(c, 100, 0, 0);
    /* stat and status move, schedstat does not: only schedstat is read */
    put_proc(c, 100, 50, 1, 20, 4000, 1000);
    step(c, 1000);
    expect_rates(c, 100, 0, 0);
    /* the run time moves by 0.3 s: read, the counters' change over the last interval (CPU
     * from the run time, not from stat's ticks) */
    put_proc(c, 100, 50, 1, 20, 4000, 1000 + 300000000);
    step(c, 1000);
    expect_rates(c, 100, 300, 200);
    /* quiet again */
    step(c, 1000);
    expect_rates(c, 100, 0, 0);
}

static void test_full_read_every_10s(void **state) {
    Ctx *c = *state;
    step(c, 1000);
    assert_int_equal(row(c, 100)->rss_kib.v, 4000);
    put_proc(c, 100, 0, 1, 0, 3000, 1000); /* memory reclaimed while it slept */
    step(c, 8000);
    assert_int_equal(row(c, 100)->rss_kib.v, 4000);
    step(c, 1000); /* 10 s after the last full read */
    assert_int_equal(row(c, 100)->rss_kib.v, 3000);
    expect_rates(c, 100, 0, 0);
}

/* Several threads: stat every sample, status when the main thread ran. No schedstat: both
 * every sample. */
static void test_threads_and_no_schedstat_read_in_full(void **state) {
    Ctx *c = *state;
    step(c, 1000);
    /* another thread of 200 ran: stat counts it. Its main thread's schedstat did not move, so
     * status is not read: the switches written behind it do not show */
    put_proc(c, 200, 30, 4, 10, 8000, 1000);
    put_proc(c, 300, 20, 1, 5, 2000, -1);
    step(c, 1000);
    expect_rates(c, 200, 300, 0);
    expect_rates(c, 300, 200, 50);
    /* its main thread ran: status too (20 switches since the last read of it) */
    put_proc(c, 200, 40, 4, 20, 8000, 1000 + 100000000);
    step(c, 1000);
    expect_rates(c, 200, 100, 200);
    /* 200 ends its other threads: gated from the sample after its run time is known */
    put_proc(c, 200, 50, 1, 30, 8000, 1000 + 100000000);
    step(c, 1000);
    expect_rates(c, 200, 100, 0);
    step(c, 1000);
    expect_rates(c, 200, 0, 0);
    put_proc(c, 200, 90, 1, 70, 8000, 1000 + 100000000);
    step(c, 1000);
    expect_rates(c, 200, 0, 0);
}

static void test_exit_still_seen(void **state) {
    Ctx *c = *state;
    step(c, 1000);
    assert_int_equal(sampler_procs(c->smp)->n, 3);
    assert_int_equal(fixture_remove(&c->fx, "proc/100"), 0);
    step(c, 1000);
    const ProcTable *t = sampler_procs(c->smp);
    assert_int_equal(t->n, 2);
    for (int i = 0; i < t->n; i++) {
        assert_int_not_equal(t->rows[i].pid, 100);
    }
}

static bool has_row(Ctx *c, int pid) {
    const ProcTable *t = sampler_procs(c->smp);
    for (int i = 0; i < t->n; i++) {
        if (t->rows[i].pid == pid) {
            return true;
        }
    }
    return false;
}

/* A task that runs with one thread is read lightly: status at once (memory, switches), its
 * CPU from schedstat's run time, and stat (its comm) only at the full read, 10 s after the
 * last. Several threads bring the full read back: CPU from stat's ticks since then. */
static void test_busy_task_read_lightly(void **state) {
    Ctx *c = *state;
    step(c, 1000); /* t = 2 s: idle */
    long long run = 1000;
    put_stat(c, 100, "busy100", 99, 1);
    run += 300000000;
    put_status(c, 100, 1, 10, 5000);
    put_sched(c, 100, run);
    step(c, 1000); /* t = 3 s */
    expect_rates(c, 100, 300, 100);
    assert_int_equal(row(c, 100)->rss_kib.v, 5000);
    assert_string_equal(row(c, 100)->comm, "task100");
    for (int t = 4; t <= 11; t++) {
        run += 100000000;
        put_status(c, 100, 1, 10 + 5 * (t - 3), 5000);
        put_sched(c, 100, run);
        step(c, 1000);
        expect_rates(c, 100, 100, 50);
        /* the full read comes 10 s after the last one (t = 1 s) */
        assert_string_equal(row(c, 100)->comm, t < 11 ? "task100" : "busy100");
    }
    /* a second thread: CPU from the ticks of every thread since the full read at t = 11 s */
    put_stat(c, 100, "busy100", 149, 2);
    put_status(c, 100, 2, 60, 5000);
    put_sched(c, 100, run + 100000000);
    step(c, 1000);
    expect_rates(c, 100, 500, 100);
}

static void put_loadavg(Ctx *c, int threads, int last_pid) {
    char text[64];
    snprintf(text, sizeof text, "0.10 0.20 0.30 1/%d %d\n", threads, last_pid);
    assert_int_equal(fixture_put(&c->fx, "proc/loadavg", text), 0);
}

/* proc/ is listed only when loadavg's thread count or last pid moved, and every 10 s: a pid
 * directory that appears behind a standing loadavg shows at the 10 s listing, one announced
 * by a new last pid at once; a task that ended (fewer threads) goes at once. */
static void test_listing_follows_loadavg(void **state) {
    Ctx *c = *state;
    put_loadavg(c, 3, 300);
    for (int t = 2; t <= 20; t++) {
        step(c, 1000); /* a file missing at the start is looked for again within 16 reads */
    }
    put_loadavg(c, 3, 301); /* a task came and went: listed at the next sample */
    step(c, 1000);
    put_proc(c, 600, 0, 1, 0, 1000, 1000);
    for (int t = 1; t <= 9; t++) {
        step(c, 1000);
        assert_false(has_row(c, 600)); /* not listed: nothing said a task came */
        assert_int_equal(sampler_procs(c->smp)->total, 3);
    }
    step(c, 1000); /* 10 s since the last listing */
    assert_true(has_row(c, 600));
    assert_int_equal(sampler_procs(c->smp)->total, 4);
    put_proc(c, 700, 0, 1, 0, 1000, 1000);
    put_loadavg(c, 5, 700);
    step(c, 1000);
    assert_true(has_row(c, 700));
    assert_int_equal(fixture_remove(&c->fx, "proc/100"), 0);
    put_loadavg(c, 4, 700);
    step(c, 1000);
    assert_false(has_row(c, 100));
    assert_int_equal(sampler_procs(c->smp)->total, 4);
}

/* A task whose files stop answering goes at once, without a listing; the others, moved to
 * new places in the table, are still found by the next listing. */
static void test_failed_read_without_listing(void **state) {
    Ctx *c = *state;
    put_loadavg(c, 3, 300);
    for (int t = 2; t <= 20; t++) {
        step(c, 1000);
    }
    put_loadavg(c, 3, 301); /* listed now, so not at the next two samples */
    step(c, 1000);
    const ProcTable *t = sampler_procs(c->smp);
    assert_int_equal(t->n, 3);
    int gone = t->rows[0].pid, kept[2] = {t->rows[1].pid, t->rows[2].pid};
    static const char *const FILES[] = {"stat", "status", "schedstat"};
    for (int i = 0; i < 3; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "proc/%d/%s", gone, FILES[i]);
        assert_int_equal(fixture_put(&c->fx, rel, ""), 0);
    }
    step(c, 1000);
    assert_false(has_row(c, gone));
    assert_int_equal(t->n, 2);
    put_proc(c, 400, 0, 1, 0, 1000, 1000);
    put_loadavg(c, 4, 400);
    step(c, 1000); /* listed: the two left are found where they now are, 400 is new */
    for (int k = 0; k < 2; k++) { /* the same rows, rates kept: not dropped and read anew */
        expect_rates(c, kept[k], 0, 0);
    }
    assert_true(has_row(c, 400));
    assert_false(row(c, 400)->cpu_pct10.ok); /* a new row: no rate before its second read */
}

#define QUIET_PIDS 16 /* consecutive pids: every phase of the quiet checks */

/* Tasks that have not run for 10 s are checked every 5 s, spread by pid: each one's run is
 * seen within 5 s, some later than the next sample, and its rates are the average over the
 * whole time since its last check (nothing lost, nothing over-counted). */
/* QUIET_PIDS tasks of `threads` threads from pid base, read first at t = 2 s and still until
 * t = 12 s: quiet for 10 s, their rates zero. */
static void fall_quiet(Ctx *c, int base, int threads) {
    for (int k = 0; k < QUIET_PIDS; k++) {
        put_proc(c, base + k, 0, threads, 0, 1000, 5000);
    }
    for (int t = 2; t <= 12; t++) {
        step(c, 1000);
    }
    for (int k = 0; k < QUIET_PIDS; k++) {
        expect_rates(c, base + k, 0, 0);
    }
}

static void test_quiet_tasks_checked_every_5s(void **state) {
    Ctx *c = *state;
    fall_quiet(c, 1000, 1);
    /* each one ran 1 s of CPU and woke 20 times since */
    for (int k = 0; k < QUIET_PIDS; k++) {
        put_proc(c, 1000 + k, 100, 1, 20, 1000, 5000 + SEC_NS);
    }
    int seen_at[QUIET_PIDS] = {0};
    int late = 0, spread = 0;
    for (int t = 1; t <= 5; t++) {
        step(c, 1000);
        int now_seen = 0;
        for (int k = 0; k < QUIET_PIDS; k++) {
            const ProcRow *r = row(c, 1000 + k);
            if (seen_at[k] || r->cpu_pct10.v == 0) {
                continue;
            }
            seen_at[k] = t;
            now_seen++;
            late += t > 1;
            /* averaged over the t seconds since the check before: 1 s of CPU, 20 wakeups */
            assert_in_range(r->cpu_pct10.v * t, 1000 - t, 1000 + t);
            assert_in_range(r->wakeups_ps10.v * t, 200 - t, 200 + t);
        }
        spread += now_seen > 0;
    }
    for (int k = 0; k < QUIET_PIDS; k++) {
        assert_int_not_equal(seen_at[k], 0); /* within 5 s */
    }
    assert_true(late > 0);    /* not read at every sample */
    assert_true(spread >= 4); /* checks spread over the period */
    /* once it has run it is read every sample again */
    put_proc(c, 1000, 150, 1, 40, 1000, 5000 + SEC_NS * 3 / 2);
    step(c, 1000);
    expect_rates(c, 1000, 500, 200);
}

/* A task of several threads whose main thread's run time and CPU ticks (every thread's) have
 * stood for 10 s is quiet too: checked every 5 s, its CPU then averaged since the check
 * before; read every sample again once it ran. */
static void test_quiet_threaded_tasks_checked_every_5s(void **state) {
    Ctx *c = *state;
    fall_quiet(c, 2000, 4);
    /* another thread of each ran 1 s of CPU since (its main thread did not run: no switch) */
    for (int k = 0; k < QUIET_PIDS; k++) {
        put_proc(c, 2000 + k, 100, 4, 0, 1000, 5000);
    }
    int seen_at[QUIET_PIDS] = {0};
    int late = 0;
    for (int t = 1; t <= 5; t++) {
        step(c, 1000);
        for (int k = 0; k < QUIET_PIDS; k++) {
            const ProcRow *r = row(c, 2000 + k);
            if (seen_at[k] || r->cpu_pct10.v == 0) {
                continue;
            }
            seen_at[k] = t;
            late += t > 1;
            assert_in_range(r->cpu_pct10.v * t, 1000 - t, 1000 + t);
            assert_int_equal(r->wakeups_ps10.v, 0);
        }
    }
    for (int k = 0; k < QUIET_PIDS; k++) {
        assert_int_not_equal(seen_at[k], 0); /* within 5 s */
    }
    assert_true(late > 0); /* not read at every sample */
    /* its ticks moved: read every sample again, status too when the main thread runs */
    put_proc(c, 2000, 150, 4, 20, 1000, 5000 + SEC_NS / 10);
    step(c, 1000);
    expect_rates(c, 2000, 500, 200);
    put_proc(c, 2000, 160, 4, 20, 1000, 5000 + SEC_NS / 10);
    step(c, 1000);
    expect_rates(c, 2000, 100, 0);
}

/* A listed pid whose files cannot be opened is not tried at every sample, and is tried again
 * after 10 s. */
static void test_unreadable_pid_retried_after_10s(void **state) {
    Ctx *c = *state;
    assert_int_equal(fixture_put(&c->fx, "proc/500/comm", "hidden\n"), 0);
    step(c, 1000); /* t = 2 s: no stat: not a row */
    assert_false(has_row(c, 500));
    put_proc(c, 500, 0, 1, 0, 1000, 1000);
    for (int t = 3; t <= 11; t++) {
        step(c, 1000);
        assert_false(has_row(c, 500));
    }
    step(c, 1000); /* t = 12 s */
    assert_true(has_row(c, 500));
    assert_int_equal(sampler_procs(c->smp)->total, 4);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_idle_task_not_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_read_every_10s, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads_and_no_schedstat_read_in_full, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_exit_still_seen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_task_read_lightly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quiet_tasks_checked_every_5s, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quiet_threaded_tasks_checked_every_5s, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_pid_retried_after_10s, setup, teardown),
        cmocka_unit_test_setup_teardown(test_listing_follows_loadavg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_read_without_listing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
