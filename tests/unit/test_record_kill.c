/* SPDX-License-Identifier: MIT */
/* Crash safety of recordings: `jtune --headless --log` on the live simulator, killed with
 * SIGKILL mid-run (CSV, JSONL, tegrastats lines, and while rotating every MiB). Every row of
 * what is left parses, the file ends with a newline, the rows are contiguous, and the last
 * row is at most one interval older than the kill (the margin for a loaded machine is
 * printed with the measured figures). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "spawn.h"
#include "jtune/record/recording.h"
#include "jtune/platform/fileio.h"
#include "jtune/sim/simproc.h"

#define SLACK_MS 400 /* scheduling noise allowed on top of one interval */

static SimProc sim;
static Fixture fx;

static int setup(void **state) {
    (void)state;
    SimProcOptions o = {.board = "orin-nano-super", .seed = 9, .hz = 50, .quiet = true};
    int rc = simproc_start(&sim, &o);
    if (rc) {
        fprintf(stderr, "cannot start jtune-sim: %s\n", strerror(-rc));
        return -1;
    }
    if (fixture_mkroot(&fx)) {
        simproc_stop(&sim);
        return -1;
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    fixture_cleanup(&fx);
    return simproc_stop(&sim);
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static pid_t start_jtune(const char *const *args) {
    return spawn_program("jtune", args, "/dev/null", "/dev/null");
}

/* Lines in a file that do not start with '#'. */
static int lines_in(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        return 0;
    }
    int n = 0, c, prev = '\n';
    bool comment = false;
    while ((c = fgetc(f)) != EOF) {
        if (prev == '\n') {
            comment = c == '#';
        }
        n += c == '\n' && !comment;
        prev = c;
    }
    fclose(f);
    return n;
}

/* Poll (bounded: 30 s) until cond_path has at least `lines` data lines. */
static void wait_lines(const char *path, int lines) {
    struct timespec tick = {0, 5 * 1000 * 1000};
    for (int i = 0; i < 6000 && lines_in(path) < lines; i++) {
        nanosleep(&tick, NULL);
    }
    if (lines_in(path) < lines) {
        fail_msg("%s: fewer than %d lines after 30 s", path, lines);
    }
}

/* SIGKILL pid; returns the realtime ms of the kill. */
static int64_t kill_hard(pid_t pid) {
    int64_t t = now_ms();
    assert_int_equal(kill(pid, SIGKILL), 0);
    assert_int_equal(spawn_wait(pid), 128 + SIGKILL);
    return t;
}

/* Load what a killed run left: every row parses, no cut line, contiguous rows. */
static Recording *load_whole(const char *path) {
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(fileio_slurp(path, 64u << 20, &text, &len), 0);
    bool whole = len > 0 && text[len - 1] == '\n';
    free(text);
    assert_true(whole);
    Recording *r = NULL;
    char err[PATH_MAX + 256];
    if (recording_load(&r, path, NULL, err, sizeof err)) {
        fail_msg("%s", err);
    }
    if (r->n_warnings) {
        fail_msg("%s", r->warning);
    }
    for (size_t i = 1; i < r->n; i++) {
        Sample a, b;
        assert_int_equal(recording_sample(r, i - 1, &a), 0);
        assert_int_equal(recording_sample(r, i, &b), 0);
        if (r->fmt != REC_TEGRASTATS) {
            assert_int_equal(b.seq, a.seq + 1);
        }
    }
    return r;
}

static void check_fresh(const Recording *r, int64_t kill_ms, int interval_ms) {
    int64_t gap = kill_ms - r->rows[r->n - 1].wall_ms;
    int64_t span = r->rows[r->n - 1].wall_ms - r->rows[0].wall_ms;
    long expect = (long)(span / interval_ms) + 1;
    printf("%zu rows over %lld ms; last row %lld ms before the kill (interval %d ms)\n", r->n,
           (long long)span, (long long)gap, interval_ms);
    assert_true(gap >= -1000 || r->fmt == REC_TEGRASTATS); /* clocks agree */
    if (gap > interval_ms + SLACK_MS) {
        fail_msg("the last row is %lld ms older than the kill (interval %d ms)", (long long)gap,
                 interval_ms);
    }
    /* no hole in the middle either: as many rows as the span holds */
    assert_true((long)r->n >= expect - 1 && (long)r->n <= expect + 1);
}

static void run_and_kill(const char *format, const char *name, int interval_ms) {
    char path[PATH_MAX], iv[16];
    snprintf(path, sizeof path, "%s/%s", fx.root, name);
    snprintf(iv, sizeof iv, "%d", interval_ms);
    unlink(path);
    const char *args[] = {"--headless", "--root", sim.root, "--interval", iv,
                          "--format",   format,   "--log",  path,         NULL};
    pid_t pid = start_jtune(args);
    wait_lines(path, 7); /* header row (CSV) + at least 5 rows */
    /* kill at 0.6 of an interval after a row: not right after one, where the check
     * below would be true by construction */
    struct timespec phase = {0, (long)interval_ms * 600 * 1000};
    nanosleep(&phase, NULL);
    int64_t t = kill_hard(pid);
    Recording *r = load_whole(path);
    assert_true(r->n >= 5);
    if (r->fmt == REC_TEGRASTATS) {
        /* whole-second timestamps: compare with the kill to the second */
        int64_t gap_s = t / 1000 - r->rows[r->n - 1].wall_ms / 1000;
        assert_true(gap_s >= 0 && gap_s * 1000 <= interval_ms + SLACK_MS + 1000);
    } else {
        check_fresh(r, t, interval_ms);
    }
    recording_free(r);
    unlink(path);
}

static void test_kill_csv(void **state) {
    (void)state;
    run_and_kill("csv", "run.csv", 500);
}

static void test_kill_jsonl(void **state) {
    (void)state;
    run_and_kill("jsonl", "run.jsonl", 500);
}

static void test_kill_tegrastats(void **state) {
    (void)state;
    run_and_kill("tegrastats", "run.txt", 200);
}

/* Killed with rotation on: both files are whole, and the rows continue from one to the next. */
static void test_kill_with_rotation(void **state) {
    (void)state;
    char path[PATH_MAX], old[PATH_MAX + 2];
    snprintf(path, sizeof path, "%s/rot.csv", fx.root);
    snprintf(old, sizeof old, "%s.1", path);
    const char *args[] = {"--headless", "--root", sim.root,       "--interval", "2",
                          "--log",      path,     "--log-max-mb", "1",          NULL};
    pid_t pid = start_jtune(args);
    struct timespec tick = {0, 5 * 1000 * 1000};
    for (int i = 0; i < 6000 && (access(old, F_OK) != 0 || lines_in(path) < 20); i++) {
        nanosleep(&tick, NULL);
    }
    kill_hard(pid);
    assert_int_equal(access(old, F_OK), 0);
    Recording *a = load_whole(old);
    Recording *b = load_whole(path);
    struct stat st;
    assert_int_equal(stat(old, &st), 0);
    assert_true(st.st_size <= 1 << 20); /* rotated before passing the limit */
    Sample last, first;
    assert_int_equal(recording_sample(a, a->n - 1, &last), 0);
    assert_int_equal(recording_sample(b, 0, &first), 0);
    assert_int_equal(first.seq, last.seq + 1);
    printf("rotated file: %zu rows, current file: %zu rows\n", a->n, b->n);
    recording_free(a);
    recording_free(b);
    unlink(old);
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_csv),
        cmocka_unit_test(test_kill_jsonl),
        cmocka_unit_test(test_kill_tegrastats),
        cmocka_unit_test(test_kill_with_rotation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
