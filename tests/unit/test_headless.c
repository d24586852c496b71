/* SPDX-License-Identifier: MIT */
/* headless: the real `jtune --headless` program against the live simulator - row counts, the
 * header against the schema of the same board, JSONL, stdout + summary, --duration,
 * --rails-only, SIGTERM mid-run, an unwritable log failing before any sampling, usage
 * errors and --realtime. */
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
#include <dirent.h>
#include <sched.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "spawn.h"
#include "jtune/core/logparse.h"
#include "jtune/platform/fileio.h"
#include "jtune/platform/sampler.h"
#include "jtune/sim/simproc.h"

static SimProc sim;      /* the live simulated board */
static Fixture fx;       /* scratch files (logs, captured output) */
static const char *root; /* the board root handed to jtune */
static LogParser parser;
static char path_log[PATH_MAX], path_out[PATH_MAX], path_err[PATH_MAX];

static int setup(void **state) {
    (void)state;
    SimProcOptions o = {.board = "orin-nano-super", .seed = 7, .hz = 50, .quiet = true};
    int rc = simproc_start(&sim, &o);
    if (rc) {
        fprintf(stderr, "cannot start jtune-sim: %s\n", strerror(-rc));
        return -1;
    }
    if (fixture_mkroot(&fx)) {
        simproc_stop(&sim);
        return -1;
    }
    root = sim.root;
    snprintf(path_log, sizeof path_log, "%s/run.log", fx.root);
    snprintf(path_out, sizeof path_out, "%s/stdout", fx.root);
    snprintf(path_err, sizeof path_err, "%s/stderr", fx.root);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    fixture_cleanup(&fx);
    return simproc_stop(&sim);
}

static pid_t start_jtune(const char *const *args) {
    return spawn_program("jtune", args, path_out, path_err);
}

static int wait_jtune(pid_t pid) {
    return spawn_wait(pid);
}

static int run_jtune(const char *const *args) {
    return wait_jtune(start_jtune(args));
}

static Sample *rows; /* parsed samples of the last parse_log */
static int n_rows;

static int keep_row(void *user, const LogParser *p, const Sample *s) {
    (void)user;
    (void)p;
    Sample *grown = realloc(rows, (size_t)(n_rows + 1) * sizeof *rows);
    assert_non_null(grown);
    rows = grown;
    rows[n_rows++] = *s;
    return 0;
}

/* Parse a whole log file into rows[]; fails the test on any error. */
static void parse_log(const char *path) {
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(fileio_slurp(path, 256u << 20, &text, &len), 0);
    if (len) {
        assert_true(text[len - 1] == '\n'); /* whole rows only */
    }
    char err[256];
    free(rows);
    rows = NULL;
    n_rows = 0;
    logparse_init(&parser);
    int rc = logparse_text(&parser, text, len, path, keep_row, NULL, err, sizeof err);
    free(text);
    if (rc) {
        fail_msg("%s", err);
    }
}

/* The header row of a CSV file (static copy). */
static const char *csv_header_row(const char *path) {
    static char line[65536];
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f) && line[0] == '#') {
    }
    fclose(f);
    line[strcspn(line, "\n")] = '\0';
    return line;
}

static void test_count_and_header(void **state) {
    (void)state;
    const char *args[] = {"--headless", "--root", root,    "--interval", "50",
                          "--count",    "9",      "--log", path_log,     NULL};
    assert_int_equal(run_jtune(args), 0);
    parse_log(path_log);
    assert_int_equal(n_rows, 9);
    assert_int_equal(parser.fmt, LOGFMT_CSV);
    assert_int_equal(parser.n_ignored, 0);
    /* the header is the schema of this board, as the sampler sees it */
    Sampler *s;
    assert_int_equal(sampler_open(&s, root, NULL), 0);
    static Schema sc;
    assert_int_equal(schema_build(&sc, sampler_inventory(s), 0), 0);
    sampler_close(s);
    char want[65536] = "";
    size_t w = 0;
    for (int i = 0; i < sc.n; i++) {
        w += (size_t)snprintf(want + w, sizeof want - w, "%s%s", i ? "," : "", sc.col[i].name);
    }
    assert_string_equal(csv_header_row(path_log), want);
    /* rows move: sequence and clocks advance on the schedule, and the board's values
     * (power, temperatures, load) change while the simulator animates it */
    int moved = 0;
    for (int i = 1; i < n_rows; i++) {
        assert_true(rows[i].seq == rows[i - 1].seq + 1);
        assert_true(rows[i].mono_ns > rows[i - 1].mono_ns);
        assert_true(rows[i].wall_ms >= rows[i - 1].wall_ms);
        const Sample *a = &rows[i - 1], *b = &rows[i];
        moved += a->input_mw.v != b->input_mw.v || a->rail[1].mw.v != b->rail[1].mw.v ||
                 a->zone_mc[0].v != b->zone_mc[0].v || a->cpu_total_pct10.v != b->cpu_total_pct10.v;
    }
    assert_true(moved > 0);
    for (int i = 0; i < n_rows; i++) {
        assert_true(rows[i].input_mw.ok);
        assert_true(rows[i].rail[0].mw.ok);
    }
    assert_true(rows[n_rows - 1].cpu_total_pct10.ok); /* rates known after the first */
    assert_int_equal(parser.meta.interval_ms, 50);
    assert_string_equal(parser.meta.inv.rails[0].label, "VDD_IN");
}

static void test_stdout_jsonl_and_summary(void **state) {
    (void)state;
    const char *args[] = {"--headless", "--root", root,       "--interval", "10",
                          "--count",    "3",      "--format", "jsonl",      NULL};
    assert_int_equal(run_jtune(args), 0);
    parse_log(path_out);
    assert_int_equal(n_rows, 3);
    assert_int_equal(parser.fmt, LOGFMT_JSONL);
    const char *err = slurp_static(path_err);
    assert_non_null(strstr(err, "jtune: 3 samples over "));
    assert_non_null(strstr(err, "(interval 10 ms)"));
    assert_non_null(strstr(err, "\n  input_mw "));
    assert_non_null(strstr(err, "\n  rail_VDD_IN_mw "));
    assert_non_null(strstr(err, "\n  temp_"));
    assert_non_null(strstr(err, "\n  energy "));
    assert_non_null(strstr(err, "\n  VDD_IN "));
    assert_non_null(strstr(err, "\n  board_total "));
}

static void test_duration_and_rails_only(void **state) {
    (void)state;
    /* samples at 0, 100, ..., 500 ms: the run covers [start, start + duration] */
    const char *args[] = {"--headless", "--root", root,    "--interval", "100",
                          "--duration", "0.5",    "--log", path_log,     NULL};
    assert_int_equal(run_jtune(args), 0);
    parse_log(path_log);
    assert_int_equal(n_rows, 6);
    const char *ro[] = {"--headless", "--root", root,     "--interval",   "1", "--count",
                        "300",        "--log",  path_log, "--rails-only", NULL};
    assert_int_equal(run_jtune(ro), 0);
    parse_log(path_log);
    assert_int_equal(n_rows, 300);
    assert_true(parser.meta.rails_only);
    assert_int_equal(schema_find(&parser.schema, "cpu0_online"), -1);
    assert_true(schema_find(&parser.schema, "rail_VDD_SOC_mw") >= 0);
    assert_true(rows[299].rail[0].mw.ok);
}

/* Rows in a file so far (lines not starting with '#', minus the header). */
static int rows_in(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        return 0;
    }
    int n = -1, c, prev = '\n';
    bool comment = false;
    while ((c = fgetc(f)) != EOF) {
        if (prev == '\n') {
            comment = c == '#';
        }
        if (c == '\n' && !comment) {
            n++;
        }
        prev = c;
    }
    fclose(f);
    return n < 0 ? 0 : n;
}

static void test_sigterm_leaves_whole_file(void **state) {
    (void)state;
    const char *args[] = {"--headless", "--root", root, "--interval", "2", "--log", path_log, NULL};
    unlink(path_log); /* rows of an earlier run must not count */
    pid_t pid = start_jtune(args);
    /* wait (bounded) until rows are flowing, then stop it mid-run */
    struct timespec tick = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 3000 && rows_in(path_log) < 25; i++) {
        nanosleep(&tick, NULL);
    }
    assert_true(rows_in(path_log) >= 25);
    assert_int_equal(kill(pid, SIGTERM), 0);
    assert_int_equal(wait_jtune(pid), 0);
    parse_log(path_log); /* every row parses, the file ends in a newline */
    assert_true(n_rows >= 25);
    for (int i = 1; i < n_rows; i++) {
        assert_true(rows[i].seq == rows[i - 1].seq + 1);
    }
    const char *err = slurp_static(path_err);
    assert_non_null(strstr(err, "jtune: stopped by SIGTERM"));
    assert_non_null(strstr(err, " samples over "));
}

static void test_unwritable_log_fails_first(void **state) {
    (void)state;
    char bad[PATH_MAX];
    snprintf(bad, sizeof bad, "%s/no/such/dir/run.csv", fx.root);
    /* the board root does not exist either: the log error proves nothing was sampled */
    const char *args[] = {"--headless", "--root", "/nonexistent/jtune-root", "--log", bad, NULL};
    assert_int_equal(run_jtune(args), 1);
    char want[PATH_MAX + 100];
    snprintf(want, sizeof want, "jtune: cannot write log '%s': No such file or directory\n", bad);
    assert_string_equal(slurp_static(path_err), want);
    assert_string_equal(slurp_static(path_out), "");
}

static void test_usage_errors(void **state) {
    (void)state;
    const char *teg[] = {"--headless", "--root",       root, "--format",
                         "tegrastats", "--rails-only", NULL};
    assert_int_equal(run_jtune(teg), 2);
    const char *e = slurp_static(path_err);
    assert_non_null(strstr(e, "tegrastats"));
    assert_non_null(strchr(e, '\n'));
    assert_string_equal(strchr(e, '\n'), "\n"); /* one line */
    const char *cnt[] = {"--headless", "--root", root, "--count", "0", NULL};
    assert_int_equal(run_jtune(cnt), 2);
    const char *ivl[] = {"--headless", "--root", root, "--interval", "fast", NULL};
    assert_int_equal(run_jtune(ivl), 2);
    const char *broot[] = {"--headless", "--root", "/nonexistent/jtune-root", "--count", "1", NULL};
    assert_int_equal(run_jtune(broot), 1);
}

#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD 1
#endif
#endif
#ifndef ASAN_BUILD
#define ASAN_BUILD 0
#endif

/* Whether this process may use SCHED_FIFO (root without CAP_SYS_NICE in a container may not). */
static bool fifo_allowed(void) {
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct sched_param sp = {.sched_priority = 1};
        _exit(sched_setscheduler(0, SCHED_FIFO, &sp) == 0 ? 0 : 1);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Policy and real-time priority of a thread (fields 41 and 40 of its stat). */
static void thread_sched(pid_t pid, pid_t tid, int *policy, int *rtprio) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
    const char *st = slurp_static(path);
    assert_non_null(st);
    const char *p = strrchr(st, ')');
    assert_non_null(p);
    /* p + 2 is field 3; skip to field 40 */
    p += 2;
    for (int f = 3; f < 40; f++) {
        p = strchr(p, ' ');
        assert_non_null(p);
        p++;
    }
    assert_int_equal(sscanf(p, "%d %d", rtprio, policy), 2);
}

/* --realtime: the sampling thread runs SCHED_FIFO at priority 1 with memory locked, the log
 * writer stays an ordinary task; where SCHED_FIFO is not allowed the run fails first, with
 * the reason, and no log is created. */
static void test_realtime(void **state) {
    (void)state;
    const char *args[] = {"--headless", "--realtime", "--root", root, "--interval",
                          "5",          "--log",      path_log, NULL};
    unlink(path_log);
    if (!fifo_allowed()) {
        print_message("SCHED_FIFO is not allowed here: checking the refusal\n");
        assert_int_equal(run_jtune(args), 1);
        assert_non_null(
            strstr(slurp_static(path_err), "--realtime: cannot sample under SCHED_FIFO"));
        assert_int_equal(access(path_log, F_OK), -1);
        return;
    }
    pid_t pid = start_jtune(args);
    struct timespec tick = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 3000 && rows_in(path_log) < 10; i++) {
        nanosleep(&tick, NULL);
    }
    assert_true(rows_in(path_log) >= 10);
    int policy = -1, rtprio = -1, others = 0, ordinary = 0;
    thread_sched(pid, pid, &policy, &rtprio);
    assert_int_equal(policy, SCHED_FIFO);
    assert_int_equal(rtprio, 1);
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%d/task", (int)pid);
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));) {
        pid_t tid = (pid_t)atoi(e->d_name);
        if (tid <= 0) {
            continue;
        }
        if (tid != pid) {
            others++;
            thread_sched(pid, tid, &policy, &rtprio);
            ordinary += policy == SCHED_OTHER && rtprio == 0;
        }
    }
    closedir(d);
    /* the log writer, and under qemu-user the emulator's own thread: all ordinary tasks */
    assert_true(others >= 1);
    assert_int_equal(ordinary, others);
    snprintf(dir, sizeof dir, "/proc/%d/status", (int)pid);
    const char *lck = strstr(slurp_static(dir), "VmLck:");
    assert_non_null(lck);
    long locked_kb = atol(lck + 6);
    assert_int_equal(kill(pid, SIGTERM), 0);
    assert_int_equal(wait_jtune(pid), 0);
#if ASAN_BUILD
    /* AddressSanitizer replaces mlockall with a call that locks nothing and returns 0 */
    print_message("AddressSanitizer build: VmLck %ld kB not checked\n", locked_kb);
#else
    if (locked_kb == 0) { /* allowed only when the run said so (RLIMIT_MEMLOCK) */
        assert_non_null(strstr(slurp_static(path_err), "--realtime: memory not locked"));
    }
#endif
    parse_log(path_log);
    assert_true(n_rows >= 10);
    const char *ui[] = {"--realtime", "--root", root, NULL};
    assert_int_equal(run_jtune(ui), 2);
    assert_non_null(strstr(slurp_static(path_err), "--realtime only applies to --headless"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_and_header),
        cmocka_unit_test(test_stdout_jsonl_and_summary),
        cmocka_unit_test(test_duration_and_rails_only),
        cmocka_unit_test(test_sigterm_leaves_whole_file),
        cmocka_unit_test(test_unwritable_log_fails_first),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_realtime),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    free(rows);
    return rc;
}
