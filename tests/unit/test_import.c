/* SPDX-License-Identifier: MIT */
/* jtune import: the real program converts tests/fixtures/tegrastats-samples.txt (one line per
 * board family) into a jtune CSV and JSONL that the standard log reader (core/logparse)
 * reads back with, per line, the right number of cores and parked cores, RAM, the first
 * rail and a temperature (read off the lines by hand); times follow --interval when lines
 * lack timestamps and the timestamps when they have them; bad input and bad usage fail
 * with one clear line and leave no output behind. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "jtune/core/emuexec.h"

#include "fixture.h"
#include "jtune/core/logparse.h"
#include "jtune/platform/fileio.h"

static Fixture fx;
static char path_err[PATH_MAX], fixture_path_ts[PATH_MAX];

static int setup(void **state) {
    (void)state;
    if (fixture_mkroot(&fx)) {
        return -1;
    }
    snprintf(path_err, sizeof path_err, "%s/stderr", fx.root);
    snprintf(fixture_path_ts, sizeof fixture_path_ts, "%s/tests/fixtures/tegrastats-samples.txt",
             test_source_dir());
    return 0;
}

static int teardown(void **state) {
    (void)state;
    fixture_cleanup(&fx);
    return 0;
}

static const char *scratch(const char *name) {
    static char p[4][PATH_MAX];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", fx.root, name);
    return p[k];
}

/* Run jtune with args (NULL-terminated); stderr to path_err. Returns the exit status. */
static int run_jtune(const char *const *args) {
    char exe[PATH_MAX];
    snprintf(exe, sizeof exe, "%s/jtune", test_build_dir());
    const char *argv[32] = {exe};
    int n = 1;
    for (; args[n - 1] && n < 31; n++) {
        argv[n] = args[n - 1];
    }
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        int err = open(path_err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (err < 0 || dup2(err, 2) < 0) {
            _exit(126);
        }
        execv(exe, EMUEXEC_UNCONST(argv));
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        assert_int_equal(errno, EINTR);
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static LogParser parser;
static Sample rows[16];
static int n_rows;

static int keep(void *user, const LogParser *p, const Sample *s) {
    (void)user;
    (void)p;
    assert_true(n_rows < 16);
    rows[n_rows++] = *s;
    return 0;
}

static void parse_log(const char *path) {
    char *text = NULL, err[256];
    size_t len = 0;
    assert_int_equal(fileio_slurp(path, 16u << 20, &text, &len), 0);
    n_rows = 0;
    logparse_init(&parser);
    int rc = logparse_text(&parser, text, len, path, keep, NULL, err, sizeof err);
    free(text);
    if (rc) {
        fail_msg("%s", err);
    }
}

/* What each reference line says, read off the line by hand (same table as
 * test_tegrastats.c, plus the CPU frequency of core 0). */
typedef struct {
    int n_cpus, n_off;
    int64_t ram_used_mb, ram_total_mb;
    const char *rail0;
    int64_t rail0_mw;
    const char *zone;
    int64_t zone_mc;
    int64_t cpu0_mhz;
} Expect;

static const Expect expect[] = {
    {4, 0, 1179, 3983, "VDD_IN", 2532, "tdiode", 42750, 102},      /* TX1 */
    {4, 0, 534, 3964, "POM_5V_IN", 1022, "thermal", 36250, 204},   /* Nano */
    {6, 0, 4412, 7772, "VDD_IN", 4067, "cpu", 43500, 1190},        /* Xavier NX */
    {8, 4, 6334, 15388, "VDD_IN", 5299, "tj", 48875, 729},         /* Orin NX JP5 */
    {12, 0, 29114, 30697, "VDD_GPU_SOC", 3205, "gpu", 47812, 729}, /* AGX Orin JP6 */
    {6, 0, 3645, 7620, "VDD_IN", 2957, "gpu", 44531, 729},         /* Orin Nano JP6 */
    {6, 0, 1343, 7620, "VDD_IN", 5251, "soc2", 46593, 1497},       /* Nano Super */
    {6, 0, 2850, 7486, "VDD_IN", 3582, "tj", 46843, 729},          /* JP7.2.1 */
};
#define N_EXPECT ((int)(sizeof expect / sizeof expect[0]))

static Val column(const Sample *s, const char *name) {
    int c = schema_find(&parser.schema, name);
    if (c < 0) {
        fail_msg("no column %s", name);
    }
    return schema_get(&parser.schema.col[c], s);
}

static void check_rows(void) {
    assert_int_equal(n_rows, N_EXPECT);
    for (int k = 0; k < N_EXPECT; k++) {
        const Expect *e = &expect[k];
        const Sample *s = &rows[k];
        char name[64];
        int cpus = 0, off = 0;
        for (int c = 0; c < parser.meta.inv.cpu.n_cpus; c++) {
            cpus += s->cpu[c].online.ok;
            off += s->cpu[c].online.ok && s->cpu[c].online.v == 0;
        }
        assert_int_equal(cpus, e->n_cpus);
        assert_int_equal(off, e->n_off);
        assert_int_equal(s->mem.used_kib.v, e->ram_used_mb * 1024);
        assert_int_equal(s->mem.total_kib.v, e->ram_total_mb * 1024);
        snprintf(name, sizeof name, "rail_%s_mw", e->rail0);
        assert_int_equal(column(s, name).v, e->rail0_mw);
        snprintf(name, sizeof name, "temp_%s_mc", e->zone);
        assert_int_equal(column(s, name).v, e->zone_mc);
        assert_int_equal(s->cpu[0].freq_khz.v, e->cpu0_mhz * 1000);
        /* a rail this line does not have is unknown, never zero */
        if (strcmp(e->rail0, "VDD_GPU_SOC") != 0) {
            assert_false(column(s, "rail_VDD_GPU_SOC_mw").ok);
        }
    }
}

static void test_fixture_to_csv_and_jsonl(void **state) {
    (void)state;
    const char *out = scratch("ts.csv");
    const char *a[] = {"import", fixture_path_ts, "-o", out, "--interval", "250", NULL};
    assert_int_equal(run_jtune(a), 0);
    /* half the lines have timestamps: rows follow --interval, with a warning */
    const char *err = slurp_static(path_err);
    assert_non_null(strstr(err, "jtune: warning: "));
    assert_non_null(strstr(err, "only 3 of 8 lines have a timestamp"));
    assert_non_null(strstr(err, "jtune: 8 rows from "));
    parse_log(out);
    assert_int_equal(parser.fmt, LOGFMT_CSV);
    assert_int_equal(parser.meta.interval_ms, 250);
    assert_int_equal(parser.meta.inv.cpu.n_cpus, 12);
    check_rows();
    for (int k = 0; k < N_EXPECT; k++) {
        assert_int_equal(rows[k].mono_ns, (int64_t)k * 250 * 1000000);
        assert_int_equal(rows[k].seq, k);
    }
    const char *j[] = {"import",   fixture_path_ts, "-o", scratch("ts.jsonl"),
                       "--format", "jsonl",         NULL};
    assert_int_equal(run_jtune(j), 0);
    parse_log(scratch("ts.jsonl"));
    assert_int_equal(parser.fmt, LOGFMT_JSONL);
    check_rows();
    assert_int_equal(rows[7].mono_ns, 7000000000LL); /* 1000 ms without --interval */
}

static void test_timestamps(void **state) {
    (void)state;
    const char *in = scratch("stamped.log");
    FILE *f = fopen(in, "w");
    assert_non_null(f);
    for (int i = 0; i < 5; i++) {
        fprintf(f,
                "09-21-2025 15:38:%02d RAM 3645/7620MB (lfb 63x4MB) CPU [1%%@729,1%%@729] "
                "GR3D_FREQ 0%%@[305] tj@44.531C VDD_IN %dmW/2957mW\n",
                10 + 2 * i, 2957 + i);
    }
    fclose(f);
    const char *out = scratch("stamped.csv");
    const char *a[] = {"import", in, "-o", out, NULL};
    assert_int_equal(run_jtune(a), 0);
    assert_non_null(strstr(slurp_static(path_err), "times from the line timestamps"));
    parse_log(out);
    assert_int_equal(n_rows, 5);
    assert_int_equal(parser.meta.interval_ms, 2000);
    assert_int_equal(parser.meta.start_wall_ms, 1758469090000LL); /* 2025-09-21T15:38:10Z */
    for (int i = 0; i < 5; i++) {
        assert_int_equal(rows[i].wall_ms, 1758469090000LL + 2000 * i);
        assert_int_equal(rows[i].rail[0].mw.v, 2957 + i);
    }
}

/* A workload CSV whose batch column the metadata does not announce keeps it on import. */
static void test_batch_column_kept(void **state) {
    (void)state;
    char in[PATH_MAX];
    snprintf(in, sizeof in, "%s/tests/record/batch-run.csv", test_source_dir());
    const char *out = scratch("batch.csv");
    const char *a[] = {"import", in, "-o", out, NULL};
    assert_int_equal(run_jtune(a), 0);
    parse_log(out);
    assert_true(parser.meta.batch);
    static const int want[] = {0, 0, 1, 1, 1, 0, 0, 2, 2, 2, 0, 0};
    assert_int_equal(n_rows, 12);
    for (int k = 0; k < 12; k++) {
        assert_true(rows[k].batch.ok);
        assert_int_equal(rows[k].batch.v, want[k]);
    }
    assert_int_equal(rows[3].rail[0].mw.v, 9350);
}

static void test_errors(void **state) {
    (void)state;
    const char *out = scratch("never.csv");
    /* a broken line: file and line named, nothing written */
    const char *bad = scratch("bad.log");
    FILE *f = fopen(bad, "w");
    assert_non_null(f);
    fputs("RAM 3645/7620MB CPU [1%@729] VDD_IN 1mW/1mW\nthis is not tegrastats\n", f);
    fclose(f);
    const char *a[] = {"import", bad, "-o", out, "--strict", NULL};
    assert_int_equal(run_jtune(a), 1);
    char want[PATH_MAX + 64];
    snprintf(want, sizeof want, "jtune: %s:2: not a tegrastats line\n", bad);
    assert_string_equal(slurp_static(path_err), want);
    assert_int_equal(access(out, F_OK), -1);
    /* without --strict: skipped, counted, named, and the rest imported */
    const char *skip[] = {"import", bad, "-o", out, NULL};
    assert_int_equal(run_jtune(skip), 0);
    snprintf(want, sizeof want,
             "jtune: %s: skipped 1 line that is not a tegrastats line (line 2)\n", bad);
    assert_non_null(strstr(slurp_static(path_err), want));
    parse_log(out);
    assert_int_equal(n_rows, 1);
    unlink(out);
    const char *missing[] = {"import", scratch("missing.log"), "-o", out, NULL};
    assert_int_equal(run_jtune(missing), 1);
    assert_non_null(strstr(slurp_static(path_err), "missing.log: No such file or directory\n"));
    /* an unwritable output: the error, and no temporary file left */
    const char *nodir[] = {"import", fixture_path_ts, "-o", scratch("no/dir/x.csv"), NULL};
    assert_int_equal(run_jtune(nodir), 1);
    assert_non_null(strstr(slurp_static(path_err), "cannot write"));
    /* usage */
    const char *noout[] = {"import", fixture_path_ts, NULL};
    assert_int_equal(run_jtune(noout), 2);
    const char *ts[] = {"import", fixture_path_ts, "-o", out, "--format", "tegrastats", NULL};
    assert_int_equal(run_jtune(ts), 2);
    assert_string_equal(slurp_static(path_err),
                        "jtune: import writes jtune logs: --format csv or jsonl\n");
    assert_int_equal(access(out, F_OK), -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_to_csv_and_jsonl),
        cmocka_unit_test(test_timestamps),
        cmocka_unit_test(test_batch_column_kept),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
