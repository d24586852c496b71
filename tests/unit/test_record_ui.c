/* SPDX-License-Identifier: MIT */
/* The monitor's recorder (uirecord) when a re-probe changes the board's columns (a power
 * monitor vanishes): the file rotates, FILE.1 keeps the rows with the old columns, FILE goes
 * on with a new header, and both read back whole; without a change nothing rotates. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/record/recording.h"
#include "jtune/app/uiwire/uirecord.h"
#include "synth.h"

static Fixture fx;

static int setup(void **state) {
    (void)state;
    return fixture_mkroot(&fx) ? -1 : 0;
}

static int teardown(void **state) {
    (void)state;
    fixture_cleanup(&fx);
    return 0;
}

static Recording *load(const char *path) {
    Recording *r = NULL;
    char err[PATH_MAX + 256];
    if (recording_load(&r, path, NULL, err, sizeof err)) {
        fail_msg("%s", err);
    }
    assert_int_equal(r->n_warnings, 0);
    return r;
}

static void test_rotates_on_new_columns(void **state) {
    (void)state;
    static Inventory inv;
    synth_inventory(&inv);
    char path[PATH_MAX], old[PATH_MAX + 2];
    snprintf(path, sizeof path, "%s/ui.csv", fx.root);
    snprintf(old, sizeof old, "%s.1", path);
    UiRecord *rec = NULL;
    assert_int_equal(uirecord_new(&rec, &inv, LOGFMT_CSV, 0), 0);
    assert_int_equal(uirecord_start(rec, path, 1000), 0);
    Sample s;
    for (int k = 0; k < 3; k++) {
        synth_sample(&inv, k, &s);
        uirecord_row(rec, &s);
    }
    inv.generation++; /* a re-probe that changes nothing: no rotation */
    synth_sample(&inv, 3, &s);
    uirecord_row(rec, &s);
    assert_int_equal(access(old, F_OK), -1);
    inv.n_rails = 3; /* the two NC channels vanish */
    inv.generation++;
    for (int k = 4; k < 6; k++) {
        synth_sample(&inv, k, &s);
        uirecord_row(rec, &s);
    }
    assert_true(uirecord_active(rec));
    assert_int_equal(uirecord_error(rec), 0);
    assert_int_equal(uirecord_free(rec), 0);
    Recording *a = load(old), *b = load(path);
    assert_int_equal(a->n, 4);
    assert_int_equal(b->n, 2);
    assert_int_equal(a->meta.inv.n_rails, 5);
    assert_int_equal(b->meta.inv.n_rails, 3);
    Sample got, want;
    assert_int_equal(recording_sample(b, 0, &got), 0);
    synth_sample(&inv, 4, &want);
    assert_int_equal(got.seq, 4);
    assert_string_equal(b->meta.inv.rails[2].label, "VDD_SOC");
    assert_int_equal(got.rail[2].mw.v, want.rail[2].mw.v);
    recording_free(a);
    recording_free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rotates_on_new_columns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
