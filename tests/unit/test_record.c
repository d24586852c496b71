/* SPDX-License-Identifier: MIT */
/* recording: loading and indexing our CSV and JSONL logs (with and without a batch column)
 * and tegrastats logs (timestamps, spacing, inventory over every line), format detection by
 * content, cut-off last lines, and errors with file:line. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/record/recording.h"
#include "jtune/core/logfmt.h"
#include "synth.h"

#define NROWS 20

static Inventory inv;
static Schema sc;

static int setup(void **state) {
    (void)state;
    synth_inventory(&inv);
    return schema_build(&sc, &inv, 0);
}

typedef struct {
    char *p;
    size_t len, cap;
} Text;

static void text_add(Text *t, const char *s, size_t n) {
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        assert_non_null(t->p);
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

static void text_str(Text *t, const char *s) {
    text_add(t, s, strlen(s));
}

/* Batch of row k in the made-up workload run: idle, batch 1, idle, batch 2 ... */
static int batch_of(int k) {
    return (k / 4) % 2 ? k / 8 + 1 : 0;
}

/* A log of NROWS synth samples; with_batch adds the workload's batch column. */
static Text make_log(LogFmt f, bool with_batch) {
    static LogMeta m;
    logmeta_init(&m, &inv, "0.1.0", 1000, 1736300977123LL, false);
    Text t = {0};
    size_t hb = logfmt_header_bound(&sc), rb = logfmt_row_bound(f, &sc) + 32;
    char *buf = malloc(hb > rb ? hb : rb);
    assert_non_null(buf);
    int n = logfmt_header(f, &m, &sc, buf, hb);
    assert_true(n > 0);
    text_add(&t, buf, n > 0 ? (size_t)n - 1 : 0);
    text_str(&t, with_batch && f == LOGFMT_CSV ? ",batch\n" : "\n");
    for (int k = 0; k < NROWS; k++) {
        Sample s;
        synth_sample(&inv, k, &s);
        n = logfmt_row(f, &sc, &s, buf, rb);
        assert_true(n > 1);
        char extra[32] = "";
        if (with_batch) {
            snprintf(extra, sizeof extra, f == LOGFMT_CSV ? ",%d" : ",\"batch\":%d", batch_of(k));
        }
        size_t keep = (size_t)n - (f == LOGFMT_CSV ? 1 : 2); /* before "\n" or "}\n" */
        text_add(&t, buf, keep);
        text_str(&t, extra);
        text_str(&t, f == LOGFMT_CSV ? "\n" : "}\n");
    }
    free(buf);
    return t;
}

static Recording *load_text(Text t, const char *name, const RecOptions *o, int want_rc, char *err,
                            size_t errsz) {
    Recording *r = NULL;
    int rc = recording_parse(&r, name, t.p, t.len, o, err, errsz);
    if (rc != want_rc) {
        fail_msg("recording_parse: %d (%s), wanted %d", rc, err, want_rc);
    }
    return r;
}

static void check_ours(LogFmt f, bool with_batch) {
    char err[256] = "";
    Recording *r = load_text(make_log(f, with_batch), "run.log", NULL, 0, err, sizeof err);
    assert_int_equal(r->fmt, f == LOGFMT_CSV ? REC_CSV : REC_JSONL);
    assert_int_equal(r->n, NROWS);
    assert_int_equal(r->interval_ms, 1000);
    assert_int_equal(r->n_warnings, 0);
    assert_int_equal(r->has_batch, with_batch);
    assert_string_equal(r->meta.inv.rails[0].label, "VDD_IN");
    for (int k = 0; k < NROWS; k++) {
        Sample want, got;
        synth_sample(&inv, k, &want);
        const RecRow *row = &r->rows[k];
        assert_int_equal(row->t_ns, (int64_t)k * 1000000000LL);
        assert_int_equal(row->wall_ms, want.wall_ms);
        assert_int_equal(row->input_mw, want.input_mw.v);
        assert_int_equal(row->temp_max_mc, 48000 + 125 * 8 + 31 * k); /* tj, the last zone */
        assert_int_equal(row->batch, with_batch ? batch_of(k) : REC_UNKNOWN);
        assert_int_equal(recording_sample(r, (size_t)k, &got), 0);
        assert_int_equal(got.seq, k);
        assert_int_equal(got.rail[1].mw.v, want.rail[1].mw.v);
        assert_int_equal(got.cpu[3].freq_khz.v, want.cpu[3].freq_khz.v);
        assert_int_equal(got.emc.freq_hz.ok, want.emc.freq_hz.ok);
    }
    assert_int_equal(recording_sample(r, NROWS, &(Sample){0}), -EINVAL);
    assert_int_equal(recording_span_ns(r), (NROWS - 1) * 1000000000LL);
    recording_free(r);
}

static void test_csv(void **state) {
    (void)state;
    check_ours(LOGFMT_CSV, false);
    check_ours(LOGFMT_CSV, true);
}

static void test_jsonl(void **state) {
    (void)state;
    check_ours(LOGFMT_JSONL, false);
    check_ours(LOGFMT_JSONL, true);
}

/* A workload run's log as the workload engine writes it: "batch: 1" in the metadata and the
 * batch column in the schema. */
static void test_announced_batch(void **state) {
    (void)state;
    static Schema bsc;
    static LogMeta m;
    assert_int_equal(schema_build(&bsc, &inv, SCHEMA_BATCH), 0);
    logmeta_init(&m, &inv, "0.1.0", 1000, 1736300977123LL, false);
    m.batch = true;
    Text t = {0};
    size_t hb = logfmt_header_bound(&bsc), rb = logfmt_row_bound(LOGFMT_CSV, &bsc);
    char *buf = malloc(hb > rb ? hb : rb);
    assert_non_null(buf);
    int n = logfmt_header(LOGFMT_CSV, &m, &bsc, buf, hb);
    assert_true(n > 0);
    text_add(&t, buf, (size_t)n);
    for (int k = 0; k < NROWS; k++) {
        Sample s;
        synth_sample(&inv, k, &s);
        s.batch = val_of(batch_of(k));
        n = logfmt_row(LOGFMT_CSV, &bsc, &s, buf, rb);
        assert_true(n > 0);
        text_add(&t, buf, (size_t)n);
    }
    free(buf);
    char err[256];
    Recording *r = load_text(t, "wl.csv", NULL, 0, err, sizeof err);
    assert_true(r->has_batch);
    for (int k = 0; k < NROWS; k++) {
        assert_int_equal(r->rows[k].batch, batch_of(k));
        Sample s;
        assert_int_equal(recording_sample(r, (size_t)k, &s), 0);
        assert_int_equal(s.batch.v, batch_of(k));
    }
    recording_free(r);
    /* an unannounced batch column reaches the decoded samples too */
    r = load_text(make_log(LOGFMT_CSV, true), "hand.csv", NULL, 0, err, sizeof err);
    Sample s;
    assert_int_equal(recording_sample(r, 5, &s), 0);
    assert_true(s.batch.ok);
    assert_int_equal(s.batch.v, batch_of(5));
    recording_free(r);
}

static void test_find(void **state) {
    (void)state;
    char err[256];
    Recording *r = load_text(make_log(LOGFMT_CSV, false), "f.csv", NULL, 0, err, sizeof err);
    assert_int_equal(recording_find(r, -5), 0);
    assert_int_equal(recording_find(r, 0), 0);
    assert_int_equal(recording_find(r, 999999999), 0);
    assert_int_equal(recording_find(r, 1000000000), 1);
    assert_int_equal(recording_find(r, 7500000000LL), 7);
    assert_int_equal(recording_find(r, INT64_MAX), NROWS - 1);
    recording_free(r);
}

static void test_cut_and_bad_rows(void **state) {
    (void)state;
    char err[256] = "";
    /* a copy cut short in the middle of its last row: that row is dropped, with a warning */
    Text t = make_log(LOGFMT_CSV, false);
    t.len -= 40;
    t.p[t.len] = '\0';
    Recording *r = load_text(t, "cut.csv", NULL, 0, err, sizeof err);
    assert_int_equal(r->n, NROWS - 1);
    assert_int_equal(r->n_warnings, 1);
    assert_non_null(strstr(r->warning, "cut.csv:"));
    assert_non_null(strstr(r->warning, "incomplete"));
    recording_free(r);
    /* the last row complete but without its newline: kept */
    t = make_log(LOGFMT_JSONL, false);
    t.p[--t.len] = '\0';
    r = load_text(t, "nonl.jsonl", NULL, 0, err, sizeof err);
    assert_int_equal(r->n, NROWS);
    assert_int_equal(r->n_warnings, 0);
    recording_free(r);
    /* a damaged row in the middle: the load fails, naming file and line */
    t = make_log(LOGFMT_CSV, false);
    char *row5 = t.p;
    for (int line = 0; line < 5;) {
        row5 = strchr(row5, '\n') + 1;
        line += row5[0] != '#';
    }
    row5[0] = 'x';
    int line_no = 1;
    for (char *c = t.p; c < row5; c++) {
        line_no += *c == '\n';
    }
    r = load_text(t, "bad.csv", NULL, -EINVAL, err, sizeof err);
    assert_null(r);
    char want[64];
    snprintf(want, sizeof want, "bad.csv:%d: ", line_no);
    assert_true(strncmp(err, want, strlen(want)) == 0);
    /* neither ours nor tegrastats */
    Text junk = {0};
    text_str(&junk, "hello world\nthis is not a log\n");
    assert_null(load_text(junk, "junk.txt", NULL, -EINVAL, err, sizeof err));
    assert_string_equal(err, "junk.txt:1: neither a jtune log nor a tegrastats log");
    Text empty = {0};
    text_str(&empty, "");
    assert_null(load_text(empty, "empty", NULL, -EINVAL, err, sizeof err));
    assert_non_null(strstr(err, "empty: "));
}

static const char *ts_line(int rail_extra) {
    return rail_extra ? "RAM 1343/7620MB (lfb 157x4MB) CPU [10%@1497,20%@729,off,off] "
                        "GR3D_FREQ 50%@[612] cpu@48.5C tj@49.25C VDD_IN 5251mW/5251mW "
                        "VDD_SOC 1000mW/1000mW NEW_RAIL 77mW/77mW"
                      : "RAM 1343/7620MB (lfb 157x4MB) CPU [10%@1497,20%@729] "
                        "GR3D_FREQ 50%@[612] cpu@48.5C tj@49.25C VDD_IN 5251mW/5251mW "
                        "VDD_SOC 1000mW/1000mW";
}

static void test_tegrastats_timestamps(void **state) {
    (void)state;
    char err[256] = "";
    /* two lines share 00:00:01: spread half a second apart; then a second later */
    Text t = {0};
    const char *stamp[] = {"01-02-2025 00:00:00 ", "01-02-2025 00:00:01 ", "01-02-2025 00:00:01 ",
                           "01-02-2025 00:00:02 "};
    text_str(&t, "# a comment line\n\n");
    for (int i = 0; i < 4; i++) {
        text_str(&t, stamp[i]);
        text_str(&t, ts_line(i == 2));
        text_str(&t, "\n");
    }
    Recording *r = load_text(t, "ts.log", NULL, 0, err, sizeof err);
    assert_int_equal(r->fmt, REC_TEGRASTATS);
    assert_true(r->has_timestamps);
    assert_int_equal(r->n, 4);
    const int64_t t0 = 1735776000000LL; /* 2025-01-02T00:00:00Z */
    assert_int_equal(r->rows[0].wall_ms, t0);
    assert_int_equal(r->rows[1].wall_ms, t0 + 1000);
    assert_int_equal(r->rows[2].wall_ms, t0 + 1500);
    assert_int_equal(r->rows[3].wall_ms, t0 + 2000);
    assert_int_equal(r->rows[2].t_ns, 1500000000LL);
    assert_int_equal(r->meta.start_wall_ms, t0);
    assert_int_equal(r->interval_ms, 500); /* median spacing */
    /* the inventory has what any line shows: 4 cores, 3 rails, VDD_IN the input */
    assert_int_equal(r->meta.inv.cpu.n_cpus, 4);
    assert_int_equal(r->meta.inv.n_rails, 3);
    assert_string_equal(r->meta.inv.rails[2].label, "NEW_RAIL");
    assert_int_equal(r->meta.inv.input_rail, 0);
    assert_true(r->meta.inv.gpu.present);
    assert_int_equal(r->rows[0].input_mw, 5251);
    assert_int_equal(r->rows[0].temp_max_mc, 49250);
    Sample s;
    assert_int_equal(recording_sample(r, 2, &s), 0);
    assert_int_equal(s.seq, 2);
    assert_int_equal(s.wall_ms, t0 + 1500);
    assert_int_equal(s.mono_ns, 1500000000LL);
    assert_int_equal(s.rail[2].mw.v, 77);
    assert_int_equal(s.cpu[2].online.v, 0);
    assert_int_equal(s.gpu.freq_hz.v, 612000000LL);
    assert_int_equal(s.mem.used_kib.v, 1343 * 1024);
    assert_int_equal(recording_sample(r, 1, &s), 0);
    assert_false(s.rail[2].mw.ok); /* not on that line: unknown, not zero */
    assert_false(s.cpu[2].online.ok);
    recording_free(r);
}

static void test_tegrastats_spacing(void **state) {
    (void)state;
    char err[256] = "";
    /* no timestamps: rows --interval apart (default 1000 ms) */
    Text t = {0};
    for (int i = 0; i < 3; i++) {
        text_str(&t, ts_line(0));
        text_str(&t, "\n");
    }
    Text t2 = {0};
    text_add(&t2, t.p, t.len);
    Recording *r = load_text(t, "a.log", NULL, 0, err, sizeof err);
    assert_false(r->has_timestamps);
    assert_int_equal(r->rows[2].t_ns, 2000000000LL);
    assert_int_equal(r->interval_ms, 1000);
    recording_free(r);
    RecOptions o = {.interval_ms = 250};
    r = load_text(t2, "b.log", &o, 0, err, sizeof err);
    assert_int_equal(r->rows[2].t_ns, 500000000LL);
    assert_int_equal(r->interval_ms, 250);
    assert_int_equal(r->meta.interval_ms, 250);
    recording_free(r);
    /* some lines stamped, some not: spacing, and a warning */
    Text t3 = {0};
    text_str(&t3, "01-02-2025 00:00:00 ");
    text_str(&t3, ts_line(0));
    text_str(&t3, "\n");
    text_str(&t3, ts_line(0));
    text_str(&t3, "\n");
    r = load_text(t3, "c.log", NULL, 0, err, sizeof err);
    assert_false(r->has_timestamps);
    assert_int_equal(r->rows[1].t_ns, 1000000000LL);
    assert_non_null(strstr(r->warning, "only 1 of 2 lines have a timestamp"));
    recording_free(r);
    /* a clock set back: time keeps moving forward */
    Text t4 = {0};
    const char *st[] = {"01-02-2025 00:00:10 ", "01-02-2025 00:00:11 ", "01-02-2025 00:00:05 "};
    for (int i = 0; i < 3; i++) {
        text_str(&t4, st[i]);
        text_str(&t4, ts_line(0));
        text_str(&t4, "\n");
    }
    r = load_text(t4, "d.log", NULL, 0, err, sizeof err);
    assert_true(r->rows[2].t_ns > r->rows[1].t_ns);
    assert_non_null(strstr(r->warning, "backwards"));
    recording_free(r);
    /* a broken line in the middle names its line */
    Text t5 = {0};
    text_str(&t5, ts_line(0));
    text_str(&t5, "\ngarbage here\n");
    text_str(&t5, ts_line(0));
    Text t6 = {.p = malloc(t5.len), .len = t5.len};
    memcpy(t6.p, t5.p, t5.len);
    /* skipped and counted by default, refused with strict */
    r = load_text(t5, "e.log", NULL, 0, err, sizeof err);
    assert_int_equal(r->n, 2);
    assert_int_equal(r->damage.skipped, 1);
    assert_int_equal(r->damage.skipped_at[0], 2);
    recording_free(r);
    RecOptions strict = {.strict = true};
    assert_null(load_text(t6, "e.log", &strict, -EINVAL, err, sizeof err));
    assert_string_equal(err, "e.log:2: not a tegrastats line");
}

static void test_reference_file(void **state) {
    (void)state;
    char path[PATH_MAX], err[256] = "";
    snprintf(path, sizeof path, "%s/tests/fixtures/tegrastats-samples.txt", test_source_dir());
    Recording *r = NULL;
    assert_int_equal(recording_load(&r, path, NULL, err, sizeof err), 0);
    assert_int_equal(r->fmt, REC_TEGRASTATS);
    assert_int_equal(r->n, 8);                    /* comment lines are not rows */
    assert_int_equal(r->meta.inv.cpu.n_cpus, 12); /* AGX Orin's line has the most */
    recording_free(r);
    assert_int_equal(recording_load(&r, "/nonexistent/x.csv", NULL, err, sizeof err), -ENOENT);
    assert_string_equal(err, "/nonexistent/x.csv: No such file or directory");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_announced_batch),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_cut_and_bad_rows),
        cmocka_unit_test(test_tegrastats_timestamps),
        cmocka_unit_test(test_tegrastats_spacing),
        cmocka_unit_test(test_reference_file),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
