/* SPDX-License-Identifier: MIT */
/* logwriter: header + rows to a file parse back; bad paths fail at open; rotation keeps
 * one previous file with its own header; the writer thread writes every row, in order,
 * through many laps of its ring, and without waiting for close. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/record/logwriter.h"
#include "jtune/core/logparse.h"
#include "jtune/platform/fileio.h"
#include "synth.h"

static Inventory inv;
static Schema sc;
static LogMeta meta;
static LogParser parser;
static Fixture fx;

static int setup(void **state) {
    (void)state;
    synth_inventory(&inv);
    logmeta_init(&meta, &inv, "0.1.0", 1000, 1736300977123LL, false);
    if (schema_build(&sc, &inv, 0)) {
        return -1;
    }
    return fixture_mkroot(&fx);
}

static int teardown(void **state) {
    (void)state;
    fixture_cleanup(&fx);
    return 0;
}

static uint64_t last_seq;

static int note_seq(void *user, const LogParser *p, const Sample *s) {
    (void)user;
    (void)p;
    last_seq = s->seq;
    return 0;
}

/* Parse a whole file; returns the number of samples (fails the test on error). */
static int64_t parse_file(const char *path) {
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(fileio_slurp(path, 64u << 20, &text, &len), 0);
    char err[256];
    logparse_init(&parser);
    int rc = logparse_text(&parser, text, len, path, note_seq, NULL, err, sizeof err);
    free(text);
    if (rc) {
        fail_msg("%s", err);
    }
    return parser.rows;
}

static void write_file(LogFmt f, bool async) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/run.%s", fx.root, logfmt_name(f));
    LogWriter *w;
    assert_int_equal(logwriter_open(&w, path, f), 0);
    assert_string_equal(logwriter_path(w), path);
    logwriter_set_sync_ms(w, 0); /* every row asks for an fsync */
    if (async) {
        assert_int_equal(logwriter_set_async(w), 0);
    }
    assert_int_equal(logwriter_write_header(w, &meta, &sc), 0);
    for (int k = 0; k < 25; k++) {
        Sample s;
        synth_sample(&inv, k, &s);
        assert_int_equal(logwriter_write_row(w, &s), 0);
    }
    assert_int_equal(logwriter_rows(w), 25);
    assert_int_equal(logwriter_close(w), 0);
    assert_int_equal(parse_file(path), 25);
    assert_int_equal(parser.fmt, f);
    assert_string_equal(parser.meta.inv.rails[0].label, "VDD_IN");
}

static void test_csv_file(void **state) {
    (void)state;
    write_file(LOGFMT_CSV, false);
}

/* the fsync thread: every row is there after close, whole */
static void test_csv_file_async(void **state) {
    (void)state;
    write_file(LOGFMT_CSV, true);
}

static void test_jsonl_file(void **state) {
    (void)state;
    write_file(LOGFMT_JSONL, false);
}

static void test_jsonl_file_async(void **state) {
    (void)state;
    write_file(LOGFMT_JSONL, true);
}

static void test_bad_paths(void **state) {
    (void)state;
    LogWriter *w = NULL;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/no/such/dir/run.csv", fx.root);
    assert_int_equal(logwriter_open(&w, path, LOGFMT_CSV), -ENOENT);
    assert_int_equal(logwriter_open(&w, fx.root, LOGFMT_CSV), -EISDIR);
    if (geteuid() != 0) {
        /* root ignores file modes: only an ordinary user sees EACCES here */
        snprintf(path, sizeof path, "%s/ro", fx.root);
        assert_int_equal(mkdir(path, 0555), 0);
        snprintf(path, sizeof path, "%s/ro/run.csv", fx.root);
        assert_int_equal(logwriter_open(&w, path, LOGFMT_CSV), -EACCES);
    }
    /* a row before the header is refused */
    snprintf(path, sizeof path, "%s/early.csv", fx.root);
    assert_int_equal(logwriter_open(&w, path, LOGFMT_CSV), 0);
    Sample s;
    synth_sample(&inv, 0, &s);
    assert_int_equal(logwriter_write_row(w, &s), -EINVAL);
    assert_int_equal(logwriter_close(w), -EINVAL);
    logwriter_close(NULL);
}

/* Rotation with rows written inline, or through the writer thread (async) either queued
 * (sync_ms 0: every row asks for an fsync, so every row goes on the queue) or written by the
 * caller (sync_ms < 0, rows 1 s apart: see logwriter_set_async). */
static void rotation(bool async, int sync_ms) {
    char path[PATH_MAX], old[PATH_MAX + 4];
    snprintf(path, sizeof path, "%s/rot.csv", fx.root);
    snprintf(old, sizeof old, "%s.1", path);
    LogWriter *w;
    assert_int_equal(logwriter_open(&w, path, LOGFMT_CSV), 0);
    if (async) {
        logwriter_set_sync_ms(w, sync_ms);
        assert_int_equal(logwriter_set_async(w), 0);
    }
    assert_int_equal(logwriter_write_header(w, &meta, &sc), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    size_t header = (size_t)st.st_size;
    logwriter_set_max_bytes(w, header + 4000); /* a few rows per file */
    for (int k = 0; k < 40; k++) {
        Sample s;
        synth_sample(&inv, k, &s);
        assert_int_equal(logwriter_write_row(w, &s), 0);
    }
    assert_int_equal(logwriter_close(w), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_true((size_t)st.st_size <= header + 4000);
    int64_t before = parse_file(old);
    uint64_t old_last = last_seq;
    int64_t now = parse_file(path);
    assert_true(now > 0 && before > 0);
    assert_true(now + before < 40);                 /* older files were replaced */
    assert_int_equal(last_seq, 39);                 /* the newest file ends with the last sample */
    assert_int_equal(old_last + (uint64_t)now, 39); /* and continues where FILE.1 stops */
}

static void test_rotation(void **state) {
    (void)state;
    rotation(false, 0);
}

static void test_rotation_async(void **state) {
    (void)state;
    rotation(true, 0); /* fsyncs in flight while files rotate */
}

static void test_rotation_async_slow(void **state) {
    (void)state;
    rotation(true, -1);
}

/* Many more rows than the writer thread's ring holds: every row is in the file, whole
 * and in order, and nothing waited for room. */
static void test_async_many_rows(void **state) {
    (void)state;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/many.csv", fx.root);
    LogWriter *w;
    assert_int_equal(logwriter_open(&w, path, LOGFMT_CSV), 0);
    assert_int_equal(logwriter_set_async(w), 0);
    assert_int_equal(logwriter_write_header(w, &meta, &sc), 0);
    enum { ROWS = 6000 };
    for (int k = 0; k < ROWS; k++) {
        Sample s;
        synth_sample(&inv, k, &s);
        s.mono_ns = 1000000LL * k; /* 1 kHz: every row but the first goes on the queue */
        assert_int_equal(logwriter_write_row(w, &s), 0);
    }
    assert_int_equal(logwriter_rows(w), ROWS);
    int64_t waited = -1;
    uint64_t full = logwriter_queue_full(w, &waited);
    assert_true(waited >= 0);
    assert_true(full == 0 || waited > 0); /* a full ring is counted with its wait */
    assert_int_equal(logwriter_close(w), 0);
    assert_int_equal(parse_file(path), ROWS);
    assert_int_equal(last_seq, ROWS - 1);
}

/* Rows reach the file on their own (within the thread's flush period), not at close: a
 * crash loses no more than the last moments. */
static void test_async_rows_reach_file(void **state) {
    (void)state;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/early.csv", fx.root);
    LogWriter *w;
    assert_int_equal(logwriter_open(&w, path, LOGFMT_CSV), 0);
    logwriter_set_sync_ms(w, -1); /* no fsync: only the thread's own writes */
    assert_int_equal(logwriter_set_async(w), 0);
    assert_int_equal(logwriter_write_header(w, &meta, &sc), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    off_t header = st.st_size;
    Sample s;
    synth_sample(&inv, 0, &s);
    assert_int_equal(logwriter_write_row(w, &s), 0);
    for (int i = 0; i < 500 && stat(path, &st) == 0 && st.st_size == header; i++) {
        usleep(10000); /* up to 5 s on a loaded machine; 20 ms normally */
    }
    assert_true(st.st_size > header);
    assert_int_equal(logwriter_close(w), 0);
    assert_int_equal(parse_file(path), 1);
}

/* Lines in the file at path. */
static long count_lines(const char *path) {
    FILE *f = fopen(path, "r");
    long n = 0;
    int c;
    while (f && (c = fgetc(f)) != EOF) {
        n += c == '\n';
    }
    if (f) {
        fclose(f);
    }
    return n;
}

/* Rows 1 s apart (1 Hz) are written by the caller: in the file when the call returns, and
 * the writer thread is not woken for them. A burst 1 ms apart goes through the thread,
 * which reaches the file on its own and then sleeps again: no wake-up in 400 ms (it woke
 * every 20 ms before). */
static void test_async_slow_rows_inline(void **state) {
    (void)state;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/slow.csv", fx.root);
    LogWriter *w;
    assert_int_equal(logwriter_open(&w, path, LOGFMT_CSV), 0);
    logwriter_set_sync_ms(w, -1); /* no fsync period: the thread has no reason to wake */
    assert_int_equal(logwriter_set_async(w), 0);
    assert_int_equal(logwriter_write_header(w, &meta, &sc), 0);
    long lines = count_lines(path);
    uint64_t wakes = logwriter_thread_wakes(w);
    Sample s;
    for (int k = 0; k < 3; k++) {
        synth_sample(&inv, k, &s);
        assert_int_equal(logwriter_write_row(w, &s), 0);
        /* the first row may find the thread still starting (holding the file): queued */
        for (int i = 0; k == 0 && i < 500 && count_lines(path) < lines + 1; i++) {
            usleep(10000);
        }
        assert_int_equal(count_lines(path), lines + k + 1); /* already there */
        if (k == 0) {
            usleep(300000); /* the thread asleep again, whichever way the row went */
            wakes = logwriter_thread_wakes(w);
        }
    }
    usleep(400000);
    assert_true(logwriter_thread_wakes(w) - wakes <= 1); /* 1: a spurious wake-up */
    int64_t t0 = s.mono_ns + 1000000000LL;
    for (int k = 3; k < 33; k++) {
        synth_sample(&inv, k, &s);
        s.mono_ns = t0 + (k - 3) * 1000000LL;
        assert_int_equal(logwriter_write_row(w, &s), 0);
    }
    for (int i = 0; i < 500 && count_lines(path) < lines + 33; i++) {
        usleep(10000); /* up to 5 s on a loaded machine; 20 ms normally */
    }
    assert_int_equal(count_lines(path), lines + 33);
    assert_true(logwriter_thread_wakes(w) > wakes); /* the burst went through the thread */
    usleep(50000);
    wakes = logwriter_thread_wakes(w);
    usleep(400000);
    assert_true(logwriter_thread_wakes(w) - wakes <= 1);
    assert_int_equal(logwriter_close(w), 0);
    assert_int_equal(parse_file(path), 33);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_file),
        cmocka_unit_test(test_jsonl_file),
        cmocka_unit_test(test_bad_paths),
        cmocka_unit_test(test_rotation),
        cmocka_unit_test(test_csv_file_async),
        cmocka_unit_test(test_jsonl_file_async),
        cmocka_unit_test(test_rotation_async),
        cmocka_unit_test(test_rotation_async_slow),
        cmocka_unit_test(test_async_many_rows),
        cmocka_unit_test(test_async_rows_reach_file),
        cmocka_unit_test(test_async_slow_rows_inline),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
