/* SPDX-License-Identifier: MIT */
/* The optional "batch" log column: present only with SCHEMA_BATCH (workload runs), right
 * after the time columns, announced by the "batch" metadata key, and read back from CSV
 * and JSONL logs; ordinary logs do not have it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/logfmt.h"
#include "jtune/core/logparse.h"
#include "synth.h"

static Inventory inv;
static Schema plain, with;
static char text[1 << 20];
static LogParser parser;

static int setup(void **state) {
    (void)state;
    synth_inventory(&inv);
    if (schema_build(&plain, &inv, 0) || schema_build(&with, &inv, SCHEMA_BATCH)) {
        return -1;
    }
    return 0;
}

static void test_columns(void **state) {
    (void)state;
    assert_int_equal(schema_find(&plain, "batch"), -1);
    assert_int_equal(with.n, plain.n + 1);
    int c = schema_find(&with, "batch");
    assert_int_equal(c, schema_find(&plain, "uptime_ms") + 1);
    assert_int_equal(with.col[c].field, SF_BATCH);
    assert_int_equal(schema_find_field(&with, SF_BATCH, -1, -1), c);
    /* the other columns keep their order */
    for (int i = 0; i < plain.n; i++) {
        assert_string_equal(plain.col[i].name, with.col[i < c ? i : i + 1].name);
    }
    Schema rails;
    assert_int_equal(schema_build(&rails, &inv, SCHEMA_RAILS_ONLY | SCHEMA_BATCH), 0);
    assert_true(schema_find(&rails, "batch") > 0);
    /* the sampler never sets it: a cleared sample has it unknown */
    Sample s;
    synth_sample(&inv, 3, &s);
    s.batch = val_na();
    assert_false(schema_get(&with.col[c], &s).ok);
    schema_set(&with.col[c], &s, val_of(4));
    assert_true(s.batch.ok && s.batch.v == 4);
}

static const int64_t batches[] = {0, 1, 1, 0, 2, 2, 0};
#define NROWS ((int)(sizeof batches / sizeof batches[0]))

static size_t write_log(LogFmt f, bool batch_log) {
    LogMeta m;
    logmeta_init(&m, &inv, "test", 100, 1736300977123LL, false);
    m.batch = batch_log;
    const Schema *sc = batch_log ? &with : &plain;
    int n = logfmt_header(f, &m, sc, text, sizeof text);
    assert_true(n > 0);
    size_t len = (size_t)n;
    for (int k = 0; k < NROWS; k++) {
        Sample s;
        synth_sample(&inv, k, &s);
        s.batch = batch_log ? val_of(batches[k]) : val_na();
        n = logfmt_row(f, sc, &s, text + len, sizeof text - len);
        assert_true(n > 0);
        len += (size_t)n;
    }
    return len;
}

static int rows;

static int check_row(void *user, const LogParser *p, const Sample *s) {
    bool batch_log = *(bool *)user;
    if (batch_log) {
        assert_true(s->batch.ok);
        assert_int_equal(s->batch.v, batches[rows]);
        assert_int_equal(p->schema.n, with.n);
    } else {
        assert_false(s->batch.ok);
        assert_int_equal(p->schema.n, plain.n);
    }
    rows++;
    return 0;
}

static void roundtrip(LogFmt f, bool batch_log) {
    size_t len = write_log(f, batch_log);
    text[len] = '\0';
    if (f == LOGFMT_CSV) {
        assert_non_null(strstr(text, batch_log ? "\n# batch: 1\n" : "\n# batch: 0\n"));
        assert_int_equal(strstr(text, ",uptime_ms,batch,") != NULL, batch_log);
    } else {
        assert_non_null(strstr(text, batch_log ? "\"batch\":1," : "\"batch\":0,"));
    }
    char err[256];
    rows = 0;
    logparse_init(&parser);
    assert_int_equal(
        logparse_text(&parser, text, len, "mem.log", check_row, &batch_log, err, sizeof err), 0);
    assert_int_equal(rows, NROWS);
    assert_int_equal(parser.meta.batch, batch_log);
    assert_int_equal(parser.n_ignored, 0);
}

static void test_roundtrip(void **state) {
    (void)state;
    roundtrip(LOGFMT_CSV, true);
    roundtrip(LOGFMT_CSV, false);
    roundtrip(LOGFMT_JSONL, true);
    roundtrip(LOGFMT_JSONL, false);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_roundtrip),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
