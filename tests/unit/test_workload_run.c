/* SPDX-License-Identifier: MIT */
/* jtune --run-workload on the live simulator: the CPU burner's batch count, per-batch rows,
 * the batch column of the sample log, VDD_IN rising during batches and falling while idle,
 * the simulated board told the demand; one command run per batch with its environment and
 * output file; failures (a failing run, a missing command, an unknown workload, a broken
 * config, the CUDA burner without a GPU) and SIGTERM in the middle of a run. */
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "spawn.h"
#include "jtune/core/logparse.h"
#include "jtune/platform/fileio.h"
#include "jtune/sim/demand.h"
#include "jtune/sim/simproc.h"

static SimProc sim;
static Fixture fx;
static char path_ini[PATH_MAX], path_csv[PATH_MAX], path_log[PATH_MAX], path_out[PATH_MAX],
    path_err[PATH_MAX], path_wl[PATH_MAX];

static int setup(void **state) {
    (void)state;
    SimProcOptions o = {.board = "orin-nano-super", .seed = 11, .hz = 50, .quiet = true};
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
    snprintf(path_csv, sizeof path_csv, "%s/batches.csv", fx.root);
    snprintf(path_log, sizeof path_log, "%s/run.log", fx.root);
    snprintf(path_out, sizeof path_out, "%s/stdout", fx.root);
    snprintf(path_err, sizeof path_err, "%s/stderr", fx.root);
    snprintf(path_wl, sizeof path_wl, "%s/workload.out", fx.root);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    fixture_cleanup(&fx);
    return simproc_stop(&sim);
}

static void write_ini(const char *text) {
    assert_int_equal(fileio_write_atomic(path_ini, text, strlen(text), 0644), 0);
}

static pid_t start_jtune(const char *const *args) {
    return spawn_program("jtune", args, path_out, path_err);
}

static int wait_jtune(pid_t pid) {
    return spawn_wait(pid);
}

static int run_jtune(const char *const *args) {
    int rc = wait_jtune(start_jtune(args));
    if (rc != 0) {
        printf("jtune exited %d; stderr:\n%s\n", rc, slurp_static(path_err));
    }
    return rc;
}

/* ---- the per-batch CSV ---- */

#define MAX_ROWS 64
#define MAX_COLS 64

typedef struct {
    int n_cols;
    char names[MAX_COLS][48];
    int n_rows;
    double v[MAX_ROWS][MAX_COLS]; /* NaN for an empty field */
} Table;

static Table table;

static int col(const char *name) {
    for (int i = 0; i < table.n_cols; i++) {
        if (strcmp(table.names[i], name) == 0) {
            return i;
        }
    }
    fail_msg("no column %s", name);
    return -1;
}

static void split_line(char *line, bool header) {
    int c = 0;
    for (char *p = line; p; c++) {
        char *comma = strchr(p, ',');
        if (comma) {
            *comma = '\0';
        }
        assert_true(c < MAX_COLS);
        if (header) {
            snprintf(table.names[c], sizeof table.names[c], "%s", p);
        } else {
            char *end;
            table.v[table.n_rows][c] = *p ? strtod(p, &end) : NAN;
            assert_true(!*p || *end == '\0');
        }
        p = comma ? comma + 1 : NULL;
    }
    if (header) {
        table.n_cols = c;
    } else {
        assert_int_equal(c, table.n_cols); /* every row has every field */
        table.n_rows++;
    }
}

static void read_table(const char *path) {
    memset(&table, 0, sizeof table);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(fileio_slurp(path, 1 << 20, &text, &len), 0);
    bool header = true;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#') {
            continue;
        }
        assert_true(table.n_rows < MAX_ROWS);
        split_line(line, header);
        header = false;
    }
    free(text);
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

static void parse_log(const char *path) {
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(fileio_slurp(path, 256u << 20, &text, &len), 0);
    free(rows);
    rows = NULL;
    n_rows = 0;
    char err[256];
    logparse_init(&parser);
    int rc = logparse_text(&parser, text, len, path, keep_row, NULL, err, sizeof err);
    free(text);
    if (rc) {
        fail_msg("%s", err);
    }
}

static void test_cpu_burner_batches(void **state) {
    (void)state;
    write_ini("[ui]\ninterval_ms = 500\n"
              "[workload.cpu-gemm]\nbatches = 3\nbatch_ms = 700\nidle_ms = 1200\n"
              "baseline_ms = 800\n");
    const char *args[] = {
        "--run-workload", "cpu-gemm", "--root", sim.root, "--config", path_ini, "--interval", "50",
        "--log",          path_log,   "-o",     path_csv, NULL};
    assert_int_equal(run_jtune(args), 0);
    const char *err = slurp_static(path_err);
    assert_non_null(strstr(err, "workload cpu-gemm: 3 of 3 batches"));
    assert_non_null(strstr(err, "baseline"));

    /* one row per batch, in order, each with its energy */
    read_table(path_csv);
    assert_int_equal(table.n_rows, 3);
    int c_batch = col("batch"), c_e = col("energy_mj"), c_avg = col("avg_mw"),
        c_dur = col("dur_ms"), c_int = col("interrupted"), c_rail = col("rail_VDD_IN_mj");
    for (int k = 0; k < 3; k++) {
        assert_int_equal((int)table.v[k][c_batch], k + 1);
        assert_true(table.v[k][c_e] > 0);
        assert_true(table.v[k][c_dur] > 0);
        assert_int_equal((int)table.v[k][c_int], 0);
        /* energy = average power x duration, and VDD_IN is the input rail */
        double want = table.v[k][c_avg] * table.v[k][c_dur] / 1000.0;
        assert_true(fabs(table.v[k][c_e] - want) <= want * 0.01);
        assert_true(fabs(table.v[k][c_rail] - table.v[k][c_e]) < 1e-6);
    }

    /* the sample log: the batch column, in order; power higher inside batches */
    parse_log(path_log);
    assert_true(parser.meta.batch);
    double sum_busy = 0, sum_idle = 0;
    int n_busy = 0, n_idle = 0, last = 0;
    int per_batch[4] = {0};
    for (int i = 0; i < n_rows; i++) {
        assert_true(rows[i].batch.ok);
        int b = (int)rows[i].batch.v;
        assert_true(b == 0 || b == last || b == last + 1);
        last = b ? b : last;
        assert_true(b >= 0 && b <= 3);
        per_batch[b]++;
        if (!rows[i].input_mw.ok) {
            continue;
        }
        if (b) {
            sum_busy += (double)rows[i].input_mw.v;
            n_busy++;
        } else if (last > 0) { /* idle after a batch, not the baseline */
            sum_idle += (double)rows[i].input_mw.v;
            n_idle++;
        }
    }
    assert_int_equal(last, 3);
    for (int k = 1; k <= 3; k++) {
        assert_true(per_batch[k] >= 3);
    }
    double busy = sum_busy / n_busy, idle = sum_idle / n_idle;
    printf("VDD_IN: %.0f mW in batches, %.0f mW idle between\n", busy, idle);
    assert_true(busy > idle * 1.05);
    /* the board was told the load is gone */
    char dpath[PATH_MAX];
    snprintf(dpath, sizeof dpath, "%s/%s", sim.root, SIMDEMAND_PATH);
    SimDemand d;
    assert_int_equal(simdemand_parse(slurp_static(dpath), &d, NULL), 0);
    for (int c = 0; c < 6; c++) {
        assert_true(d.cpu_pct[c] == 0);
    }
}

static void test_one_run_per_batch(void **state) {
    (void)state;
    char ini[1024];
    snprintf(ini, sizeof ini,
             "[workload.each]\n"
             "command = sh -c 'echo \"run $JTUNE_BATCH of {batches} $WL_LABEL\"; "
             "exec %s/jtune-burn-cpu --batches 1 --batch-ms 400 --idle-ms 0 --threads 1'\n"
             "batches = 3\nidle_ms = 500\nbaseline_ms = 300\n"
             "env = \"WL_LABEL=a b\"\noutput = %s\n",
             test_build_dir(), path_wl);
    write_ini(ini);
    const char *args[] = {"--run-workload", "each", "--root", sim.root, "--config", path_ini,
                          "--interval",     "50",   "-o",     path_csv, NULL};
    assert_int_equal(run_jtune(args), 0);
    read_table(path_csv);
    assert_int_equal(table.n_rows, 3);
    for (int k = 0; k < 3; k++) {
        assert_int_equal((int)table.v[k][col("batch")], k + 1);
        assert_true(table.v[k][col("energy_mj")] > 0);
    }
    /* each run's own output went to the output file (batch lines included: here a run is
     * the batch), with the environment it was given */
    const char *out = slurp_static(path_wl);
    assert_non_null(strstr(out, "run 1 of 3 a b\n"));
    assert_non_null(strstr(out, "run 3 of 3 a b\n"));
    assert_non_null(strstr(out, "jtune-batch end 1\n"));
    /* jtune's stdout held nothing but the table: -o took it */
    assert_string_equal(slurp_static(path_out), "");
}

static void test_failures(void **state) {
    (void)state;
    write_ini("[workload.fails]\ncommand = false\nbaseline_ms = 0\n"
              "[workload.missing]\ncommand = jtune-no-such-program\nbaseline_ms = 0\n"
              "[workload.broken]\ncommand = x\nbatches = many\n");
    const char *base[] = {"--root", sim.root, "--config", path_ini, "-o", path_csv};
    const char *args[16] = {"--run-workload", "fails"};
    memcpy(args + 2, base, sizeof base);
    assert_int_equal(wait_jtune(start_jtune(args)), 1);
    const char *err = slurp_static(path_err);
    assert_non_null(strstr(err, "workload 'fails': run 1 ended with exit status 1"));
    /* the broken section is reported with its line even when another workload runs */
    assert_non_null(strstr(err, "jtune.ini:9: batches: expected a whole number"));

    args[1] = "missing";
    assert_int_equal(wait_jtune(start_jtune(args)), 1);
    assert_non_null(strstr(slurp_static(path_err), "'jtune-no-such-program': command not found"));

    args[1] = "broken";
    assert_int_equal(wait_jtune(start_jtune(args)), 1);
    assert_non_null(strstr(slurp_static(path_err), "workload 'broken' has errors"));

    args[1] = "nope";
    assert_int_equal(wait_jtune(start_jtune(args)), 2);
    err = slurp_static(path_err);
    assert_non_null(strstr(err, "no workload 'nope'"));
    assert_non_null(strstr(err, " cpu-gemm"));
    assert_non_null(strstr(err, " fails"));

    /* an unwritable table fails before anything runs */
    const char *bad[] = {"--run-workload",         "cpu-gemm", "--root", sim.root, "-o",
                         "/nonexistent/dir/b.csv", NULL};
    assert_int_equal(wait_jtune(start_jtune(bad)), 1);
    assert_non_null(strstr(slurp_static(path_err), "cannot write '/nonexistent/dir/b.csv'"));
}

static void test_gpu_burner(void **state) {
    (void)state;
    write_ini("[workload.gpu-gemm]\nbatches = 2\nbatch_ms = 300\nidle_ms = 300\n"
              "baseline_ms = 200\n");
    const char *args[] = {"--run-workload", "gpu-gemm", "--root", sim.root, "--config",
                          path_ini,         "-o",       path_csv, NULL};
    int rc = wait_jtune(start_jtune(args));
    const char *err = slurp_static(path_err);
    char burner[PATH_MAX];
    snprintf(burner, sizeof burner, "%s/jtune-burn", test_build_dir());
    if (access(burner, X_OK) != 0) {
        printf("jtune-burn is not built here: the workload must say so\n");
        assert_int_equal(rc, 1);
        assert_non_null(strstr(err, "needs jtune-burn, which is not installed"));
    } else if (rc != 0) {
        printf("no CUDA device here: the run must fail with that reason\n");
        assert_int_equal(rc, 1);
        assert_non_null(strstr(err, "no CUDA device"));
    } else {
        printf("CUDA device present: the GPU burner ran\n");
        read_table(path_csv);
        assert_int_equal(table.n_rows, 2);
    }
}

static void test_sigterm_mid_run(void **state) {
    (void)state;
    write_ini("[workload.cpu-copy]\nbatches = 50\nbatch_ms = 400\nidle_ms = 200\n"
              "baseline_ms = 200\n");
    const char *args[] = {"--run-workload", "cpu-copy",   "--root", sim.root, "--config",
                          path_ini,         "--interval", "50",     "-o",     path_csv,
                          "--log",          path_log,     NULL};
    pid_t pid = start_jtune(args);
    /* wait (deadline 60 s) until two batches are in the table */
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        const char *csv = slurp_static(path_csv);
        if (strstr(csv, "\n2,")) {
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        assert_true(now.tv_sec - t0.tv_sec < 60);
        struct timespec ts = {0, 20000000};
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGTERM);
    assert_int_equal(wait_jtune(pid), 0);
    const char *err = slurp_static(path_err);
    assert_non_null(strstr(err, "stopped by SIGTERM"));
    read_table(path_csv);
    assert_true(table.n_rows >= 2 && table.n_rows < 50);
    /* only the last batch may have been cut short */
    for (int k = 0; k < table.n_rows - 1; k++) {
        assert_int_equal((int)table.v[k][col("interrupted")], 0);
    }
    /* the log ends whole and the board was told the load is gone */
    parse_log(path_log);
    assert_true(n_rows > 0);
    char dpath[PATH_MAX];
    snprintf(dpath, sizeof dpath, "%s/%s", sim.root, SIMDEMAND_PATH);
    SimDemand d;
    simdemand_parse(slurp_static(dpath), &d, NULL);
    for (int c = 0; c < 6; c++) {
        assert_true(d.cpu_pct[c] == 0);
    }
}

static void test_demo(void **state) {
    (void)state;
    write_ini("[workload.cpu-gemm]\nbatches = 2\nbatch_ms = 300\nidle_ms = 300\n"
              "baseline_ms = 300\n");
    const char *args[] = {"--run-workload", "cpu-gemm", "--demo", "--config", path_ini, NULL};
    assert_int_equal(run_jtune(args), 0);
    /* the table on stdout */
    snprintf(path_csv, sizeof path_csv, "%s", path_out);
    read_table(path_out);
    assert_int_equal(table.n_rows, 2);
    snprintf(path_csv, sizeof path_csv, "%s/batches.csv", fx.root);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_burner_batches), cmocka_unit_test(test_one_run_per_batch),
        cmocka_unit_test(test_failures),           cmocka_unit_test(test_gpu_burner),
        cmocka_unit_test(test_sigterm_mid_run),    cmocka_unit_test(test_demo),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
