/* SPDX-License-Identifier: MIT */
/* uirecord: the monitor's recorder - start/stop, one row per sample, errors. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/app/uiwire/uirecord.h"
#include "ui_synth.h"

static int count_lines(const char *text, bool comments) {
    int n = 0;
    for (const char *p = text; *p;) {
        bool c = *p == '#';
        const char *nl = strchr(p, '\n');
        n += c == comments;
        p = nl ? nl + 1 : p + strlen(p);
    }
    return n;
}

static void test_start_rows_stop(void **state) {
    (void)state;
    static Inventory inv;
    uisynth_inventory(&inv);
    Fixture fx;
    assert_int_equal(fixture_mkroot(&fx), 0);
    char path[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/rec.csv", fx.root);
    UiRecord *r;
    assert_int_equal(uirecord_new(&r, &inv, LOGFMT_CSV, 0), 0);
    assert_false(uirecord_active(r));
    Sample s;
    uisynth_sample(&inv, 0, 1000, &s);
    uirecord_row(r, &s); /* not recording: nothing happens */
    assert_int_equal(uirecord_start(r, path, 1000), 0);
    assert_true(uirecord_active(r));
    assert_string_equal(uirecord_path(r), path);
    assert_int_equal(uirecord_start(r, path, 1000), -EALREADY);
    for (uint64_t i = 1; i <= 3; i++) {
        uisynth_sample(&inv, i, 1000, &s);
        uirecord_row(r, &s);
    }
    assert_int_equal(uirecord_stop(r), 0);
    assert_false(uirecord_active(r));
    const char *text = slurp_static(path);
    assert_true(count_lines(text, true) > 3);      /* metadata */
    assert_int_equal(count_lines(text, false), 4); /* header row + 3 samples */
    assert_non_null(strstr(text, "rail_VDD_IN_mw"));
    /* a path that cannot be written: an error, nothing open */
    assert_int_equal(uirecord_start(r, "/nonexistent/dir/rec.csv", 1000), -ENOENT);
    assert_false(uirecord_active(r));
    assert_int_equal(uirecord_free(r), 0);
    fixture_cleanup(&fx);
}

static void test_jsonl(void **state) {
    (void)state;
    static Inventory inv;
    uisynth_inventory(&inv);
    Fixture fx;
    assert_int_equal(fixture_mkroot(&fx), 0);
    char path[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/rec.jsonl", fx.root);
    UiRecord *r;
    assert_int_equal(uirecord_new(&r, &inv, LOGFMT_JSONL, 0), 0);
    assert_int_equal(uirecord_start(r, path, 500), 0);
    Sample s;
    uisynth_sample(&inv, 1, 500, &s);
    uirecord_row(r, &s);
    assert_int_equal(uirecord_free(r), 0); /* free closes */
    const char *text = slurp_static(path);
    assert_int_equal(text[0], '{');
    assert_non_null(strstr(text, "\"input_mw\""));
    fixture_cleanup(&fx);
}

/* The default recording name for now + k seconds into name. */
static void stamp_name(time_t now, int k, char *name, size_t n) {
    time_t t = now + k;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(name, n, "jtune-%Y%m%d-%H%M%S.csv", &tm);
}

/* The default names: two recordings started in the same second get two files (-1 added),
 * and a name taken by any file is never overwritten. */
static void test_default_names_never_overwrite(void **state) {
    (void)state;
    static Inventory inv;
    uisynth_inventory(&inv);
    Fixture fx;
    assert_int_equal(fixture_mkroot(&fx), 0);
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(fx.root), 0);
    /* every name of this second and the next two is taken by a file to keep */
    time_t now = time(NULL);
    char name[64];
    for (int k = 0; k < 3; k++) {
        stamp_name(now, k, name, sizeof name);
        assert_int_equal(fixture_put(&fx, name, "keep\n"), 0);
    }
    UiRecord *r;
    assert_int_equal(uirecord_new(&r, &inv, LOGFMT_CSV, 0), 0);
    Sample s;
    char first[PATH_MAX];
    assert_int_equal(uirecord_start(r, NULL, 1000), 0);
    snprintf(first, sizeof first, "%s", uirecord_path(r));
    uisynth_sample(&inv, 1, 1000, &s);
    uirecord_row(r, &s);
    assert_int_equal(uirecord_stop(r), 0);
    assert_int_equal(uirecord_start(r, NULL, 1000), 0); /* at once: most likely the same second */
    const char *second = uirecord_path(r);
    assert_string_not_equal(first, second);
    uirecord_row(r, &s);
    assert_int_equal(uirecord_stop(r), 0);
    /* both names carry a suffix: their plain names were taken */
    assert_non_null(strstr(first, "-1.csv"));
    size_t n = strlen(first);
    if (strncmp(first, second, n - strlen("-1.csv")) == 0) {
        assert_non_null(strstr(second, "-2.csv")); /* the same second */
    }
    assert_int_equal(count_lines(slurp_static(fixture_path(&fx, first)), false), 2);
    assert_int_equal(count_lines(slurp_static(fixture_path(&fx, second)), false), 2);
    for (int k = 0; k < 3; k++) {
        stamp_name(now, k, name, sizeof name);
        assert_string_equal(slurp_static(fixture_path(&fx, name)), "keep\n");
    }
    assert_int_equal(uirecord_free(r), 0);
    assert_int_equal(chdir(cwd), 0);
    fixture_cleanup(&fx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_rows_stop),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_default_names_never_overwrite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
