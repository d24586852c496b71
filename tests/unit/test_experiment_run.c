/* SPDX-License-Identifier: MIT */
/* jtune experiment on the live simulator through the real helper: a low CPU cap (A) against
 * a higher one with a GPU cap (B) alternated ABAB, B at higher power and significantly so,
 * the settings in force during each side's batches (seen in the sample log), the original
 * state restored after - also after SIGINT in the middle; usage errors; the reports'
 * formats on a synthetic result. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
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
#include "jtune/core/logparse.h"
#include "jtune/platform/fileio.h"
#include "jtune/sim/simproc.h"
#include "jtune/workload/experiment.h"

static SimProc sim;
static Fixture fx;
static char path_ini[PATH_MAX], path_csv[PATH_MAX], path_log[PATH_MAX], path_out[PATH_MAX],
    path_err[PATH_MAX], state_dir[PATH_MAX];

#define POLICY0_MAX "sys/devices/system/cpu/cpufreq/policy0/scaling_max_freq"
#define POLICY4_MAX "sys/devices/system/cpu/cpufreq/policy4/scaling_max_freq"
#define GPU_MAX     "sys/class/devfreq/17000000.gpu/max_freq"

static int setup(void **state) {
    (void)state;
    SimProcOptions o = {.board = "orin-nano-super", .seed = 5, .hz = 50, .quiet = true};
    int rc = simproc_start(&sim, &o);
    if (rc) {
        fprintf(stderr, "cannot start jtune-sim: %s\n", strerror(-rc));
        return -1;
    }
    if (fixture_mkroot(&fx)) {
        simproc_stop(&sim);
        return -1;
    }
    snprintf(path_ini, sizeof path_ini, "%s/jtune.ini", fx.root);
    snprintf(path_csv, sizeof path_csv, "%s/exp.csv", fx.root);
    snprintf(path_log, sizeof path_log, "%s/exp.log", fx.root);
    snprintf(path_out, sizeof path_out, "%s/stdout", fx.root);
    snprintf(path_err, sizeof path_err, "%s/stderr", fx.root);
    snprintf(state_dir, sizeof state_dir, "%s/state", fx.root);
    mkdir(state_dir, 0700);
    const char *ini = "[workload.cpu-gemm]\nbatches = 2\nbatch_ms = 500\nidle_ms = 300\n"
                      "baseline_ms = 300\n";
    return fileio_write_atomic(path_ini, ini, strlen(ini), 0644);
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
    int rc = spawn_wait(pid);
    if (rc) {
        printf("jtune exited %d; stderr:\n%s\n", rc, slurp_static(path_err));
    }
    return rc;
}

/* An integer attribute of the simulated board. */
static long board(const char *rel) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", sim.root, rel);
    return strtol(slurp_static(path), NULL, 10);
}

/* Field number index (1 = a_mean) of the CSV row of metric. */
static double field(const char *metric, int index) {
    static char text[4096];
    snprintf(text, sizeof text, "%s", slurp_static(path_csv));
    char key[64];
    snprintf(key, sizeof key, "\n%s,", metric);
    char *p = strstr(text, key);
    assert_non_null(p);
    p += strlen(key);
    for (int i = 1; i < index; i++) {
        p = strchr(p, ',');
        assert_non_null(p);
        p++;
    }
    return strtod(p, NULL);
}

/* ---- the sample log ---- */

static Sample *rows;
static int n_rows;
static LogParser parser;

static int keep_row(void *user, const LogParser *p, const Sample *s) {
    (void)user;
    (void)p;
    Sample *grown = realloc(rows, (size_t)(n_rows + 1) * sizeof *rows);
    assert_non_null(grown);
    rows = grown;
    rows[n_rows++] = *s;
    return 0;
}

static void parse_log(void) {
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(fileio_slurp(path_log, 256u << 20, &text, &len), 0);
    free(rows);
    rows = NULL;
    n_rows = 0;
    char err[256];
    logparse_init(&parser);
    int rc = logparse_text(&parser, text, len, path_log, keep_row, NULL, err, sizeof err);
    free(text);
    if (rc) {
        fail_msg("%s", err);
    }
}

static void test_ab_and_restore(void **state) {
    (void)state;
    long p0 = board(POLICY0_MAX), p4 = board(POLICY4_MAX), gpu = board(GPU_MAX);
    assert_true(p0 > 1190400 && gpu > 612000000); /* both sides change something */
    const char *args[] = {"experiment",
                          "--workload",
                          "cpu-gemm",
                          "--root",
                          sim.root,
                          "--config",
                          path_ini,
                          "--a",
                          "cpu.max_khz=729600",
                          "--b",
                          "cpu.max_khz=1200000,gpu.max_hz=612000000",
                          "--repeats",
                          "2",
                          "--settle",
                          "200",
                          "--interval",
                          "50",
                          "-o",
                          path_csv,
                          "--log",
                          path_log,
                          "--state-dir",
                          state_dir,
                          NULL};
    assert_int_equal(wait_jtune(start_jtune(args)), 0);
    const char *out = slurp_static(path_out);
    assert_non_null(strstr(out, "experiment: workload cpu-gemm, 2+2 runs"));
    assert_non_null(strstr(out, "  B: cpu.max_khz=1200000,gpu.max_hz=612000000"));
    assert_non_null(strstr(slurp_static(path_err), "original settings are restored"));

    /* B (higher cap) draws more power, significantly; 4 batches a side */
    double a_w = field("avg_w", 1), b_w = field("avg_w", 4), ratio = field("avg_w", 7);
    printf("A %.3f W, B %.3f W, B/A %.3f\n", a_w, b_w, ratio);
    assert_true(b_w > a_w);
    assert_true(fabs(ratio - b_w / a_w) < 1e-3);
    assert_int_equal((int)field("avg_w", 3), 4); /* batches per side */
    assert_int_equal((int)field("avg_w", 6), 4);
    assert_int_equal((int)field("avg_w", 11), 1); /* significant */
    assert_true(field("j_per_batch", 4) > field("j_per_batch", 1));
    /* by run: one value per complete run; runs of equal batch counts average to the pool */
    assert_int_equal((int)field("j_per_batch_by_run", 3), 2);
    assert_int_equal((int)field("j_per_batch_by_run", 6), 2);
    assert_true(fabs(field("j_per_batch_by_run", 1) - field("j_per_batch", 1)) <
                1e-4 * field("j_per_batch", 1));
    assert_true(fabs(field("j_per_batch_by_run", 4) - field("j_per_batch", 4)) <
                1e-4 * field("j_per_batch", 4));

    /* during the batches each side's settings were in force, ABAB */
    parse_log();
    int col = schema_find(&parser.schema, "policy0_max_khz");
    assert_true(col >= 0);
    long seen[8];
    int runs = 0, last = 0;
    for (int i = 0; i < n_rows; i++) {
        int b = rows[i].batch.ok ? (int)rows[i].batch.v : 0;
        if (b == 1 && last != 1) {
            assert_true(runs < 8);
            seen[runs++] = (long)schema_get(&parser.schema.col[col], &rows[i]).v;
        }
        last = b ? b : last == 1 ? 0 : last;
    }
    assert_int_equal(runs, 4);
    assert_int_equal(seen[0], 729600);
    assert_int_equal(seen[1], 1190400); /* 1200000 snapped to an offered frequency */
    assert_int_equal(seen[2], 729600);
    assert_int_equal(seen[3], 1190400);

    /* and everything is back */
    assert_int_equal(board(POLICY0_MAX), p0);
    assert_int_equal(board(POLICY4_MAX), p4);
    assert_int_equal(board(GPU_MAX), gpu);
}

static void test_sigint_restores(void **state) {
    (void)state;
    long p0 = board(POLICY0_MAX);
    const char *args[] = {"experiment",
                          "--workload",
                          "cpu-gemm",
                          "--root",
                          sim.root,
                          "--config",
                          path_ini,
                          "--a",
                          "cpu.max_khz=729600",
                          "--b",
                          "cpu.max_khz=1190400",
                          "--repeats",
                          "20",
                          "--settle",
                          "100",
                          "--state-dir",
                          state_dir,
                          NULL};
    pid_t pid = start_jtune(args);
    /* wait (deadline 60 s) until side A is in force */
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (board(POLICY0_MAX) != 729600) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        assert_true(now.tv_sec - t0.tv_sec < 60);
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGINT);
    assert_int_equal(wait_jtune(pid), 0);
    const char *err = slurp_static(path_err);
    assert_non_null(strstr(err, "stopped by SIGINT"));
    assert_non_null(strstr(err, "original settings are restored"));
    assert_non_null(strstr(slurp_static(path_out), "stopped early"));
    assert_int_equal(board(POLICY0_MAX), p0);
}

static void test_usage_errors(void **state) {
    (void)state;
    const char *base[] = {"experiment", "--workload", "cpu-gemm",    "--root", sim.root,
                          "--config",   path_ini,     "--state-dir", state_dir};
    const char *args[16];
    memcpy(args, base, sizeof base);
    int n = sizeof base / sizeof base[0];
    args[n] = "--a";
    args[n + 1] = "no-such-profile";
    args[n + 2] = "--b";
    args[n + 3] = "cpu.max_khz=729600";
    args[n + 4] = NULL;
    assert_int_equal(wait_jtune(start_jtune(args)), 2);
    assert_non_null(
        strstr(slurp_static(path_err), "--a no-such-profile: no such profile for this board"));
    args[n + 1] = "cpu.max_khz=fast";
    assert_int_equal(wait_jtune(start_jtune(args)), 2);
    assert_non_null(strstr(slurp_static(path_err), "--a: cpu.max_khz: expected a frequency"));
    args[n + 1] = "cpu.max_khz=729600";
    args[n + 4] = "--monitor-only";
    args[n + 5] = NULL;
    assert_int_equal(wait_jtune(start_jtune(args)), 1);
    assert_non_null(strstr(slurp_static(path_err), "through jtune-helper"));
}

/* Profiles by name: cruise against burst, burst at higher power, everything restored. */
static void test_cruise_vs_burst(void **state) {
    (void)state;
    long p0 = board(POLICY0_MAX), p4 = board(POLICY4_MAX), gpu = board(GPU_MAX);
    long cpu5 = board("sys/devices/system/cpu/cpu5/online");
    char gov[64];
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/sys/devices/system/cpu/cpufreq/policy0/scaling_governor",
             sim.root);
    snprintf(gov, sizeof gov, "%s", slurp_static(path));
    const char *args[] = {"experiment", "--workload", "cpu-gemm", "--root",   sim.root,
                          "--config",   path_ini,     "--a",      "cruise",   "--b",
                          "burst",      "--repeats",  "2",        "--settle", "200",
                          "--interval", "50",         "-o",       path_csv,   "--state-dir",
                          state_dir,    NULL};
    assert_int_equal(wait_jtune(start_jtune(args)), 0);
    const char *out = slurp_static(path_out);
    assert_non_null(strstr(out, "  A: profile cruise"));
    assert_non_null(strstr(out, "  B: profile burst"));
    /* burst's plan notes (its fan PWM under nvfancontrol) are printed once, not every run */
    const char *err = slurp_static(path_err),
               *note = "burst.ini:20: warning: fan.pwm: nvfancontrol";
    const char *first = strstr(err, note);
    assert_non_null(first);
    assert_null(strstr(first + 1, note));
    double a_w = field("avg_w", 1), b_w = field("avg_w", 4);
    printf("cruise %.3f W, burst %.3f W\n", a_w, b_w);
    assert_true(b_w > a_w);
    assert_int_equal((int)field("avg_w", 11), 1); /* significant */
    assert_non_null(strstr(slurp_static(path_err), "original settings are restored"));
    assert_int_equal(board(POLICY0_MAX), p0);
    assert_int_equal(board(POLICY4_MAX), p4);
    assert_int_equal(board(GPU_MAX), gpu);
    assert_int_equal(board("sys/devices/system/cpu/cpu5/online"), cpu5);
    assert_string_equal(slurp_static(path), gov);
}

static void fill(WStat *s, double mean, double step, int n) {
    wstat_init(s);
    for (int i = 0; i < n; i++) {
        wstat_add(s, mean + step * (i - (n - 1) / 2.0));
    }
}

static void test_report_formats(void **state) {
    (void)state;
    ExpResult r;
    memset(&r, 0, sizeof r);
    fill(&r.side[0].j, 10, 0.1, 6);
    fill(&r.side[1].j, 12, 0.1, 6);
    fill(&r.side[0].s, 2, 0.01, 6);
    fill(&r.side[1].s, 2, 0.01, 6);
    fill(&r.side[0].w, 5, 0.05, 6);
    fill(&r.side[1].w, 6, 0.05, 6);
    wstat_init(&r.side[0].net_j);
    wstat_init(&r.side[1].net_j);
    fill(&r.side[0].run_j, 10, 0.1, 2);
    wstat_init(&r.side[1].run_j);
    wstat_add(&r.side[1].run_j, 12); /* one run of B: no test by runs */
    r.side[0].runs = 2;
    r.side[1].runs = 1;
    experiment_analyse(&r, EXP_ALPHA);
    char buf[4096];
    assert_true(experiment_format_csv(&r, buf, sizeof buf) > 0);
    /* energy: 1.2x, significant; time: identical, not; net energy: no data */
    assert_non_null(strstr(buf, "\nj_per_batch,10,"));
    assert_non_null(strstr(buf, ",6,12,"));
    assert_non_null(strstr(buf, ",1.2,"));
    char *time_row = strstr(buf, "\ns_per_batch,");
    assert_non_null(time_row);
    assert_non_null(strstr(time_row, ",1,0,10,1,0\n")); /* B/A 1, t 0, df 10, p 1, no */
    assert_non_null(strstr(buf, "\nnet_j_per_batch,,,0,,,0,,,,,\n"));
    /* by run: A's two run means, B's one; no CI for B and no test */
    assert_non_null(strstr(buf, "\nj_per_batch_by_run,10,"));
    assert_non_null(strstr(buf, ",2,12,,1,1.2,,,,\n"));
    assert_true(experiment_format_table(&r, "w", "a=1", "b=2", buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "energy/batch  10.000 \xc2\xb1 "));
    assert_non_null(strstr(buf, "significant\n"));
    assert_non_null(strstr(buf, "not significant\n"));
    assert_non_null(strstr(buf, "n/a (fewer than 2 batches)"));
    assert_non_null(strstr(buf, "energy (runs) 10.000 \xc2\xb1 "));
    assert_non_null(strstr(buf, "n/a (fewer than 2 runs)"));
    assert_int_equal(experiment_format_csv(&r, buf, 40), -ENOSPC);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_formats),  cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_ab_and_restore),  cmocka_unit_test(test_sigint_restores),
        cmocka_unit_test(test_cruise_vs_burst),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
