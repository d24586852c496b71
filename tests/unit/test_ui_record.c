/* uirecord: the monitor's recorder - start/stop, one row per sample, errors. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/app/uirecord.h"
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_rows_stop),
        cmocka_unit_test(test_jsonl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
