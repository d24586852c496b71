/* SPDX-License-Identifier: MIT */
/* stats: session and window min/avg/max against hand-computed series; unknown skipped. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/stats.h"

static void test_acc(void **state) {
    (void)state;
    StatAcc a = stats_acc_empty();
    assert_false(stats_acc_avg(&a).ok);
    assert_false(stats_acc_min(&a).ok);
    assert_false(stats_acc_max(&a).ok);
    stats_acc_add(&a, val_na());
    assert_int_equal(a.count, 0);
    stats_acc_add(&a, val_of(-4));
    stats_acc_add(&a, val_of(10));
    stats_acc_add(&a, val_na());
    stats_acc_add(&a, val_of(3));
    assert_int_equal(a.count, 3);
    assert_int_equal(stats_acc_min(&a).v, -4);
    assert_int_equal(stats_acc_max(&a).v, 10);
    assert_true(stats_acc_avg(&a).ok);
    assert_int_equal(stats_acc_avg(&a).v, 3); /* 9 / 3 */
    /* rounding to nearest: (1 + 2) / 2 = 1.5 -> 2 */
    StatAcc b = stats_acc_empty();
    stats_acc_add(&b, val_of(1));
    stats_acc_add(&b, val_of(2));
    assert_int_equal(stats_acc_avg(&b).v, 2);
}

static void test_session_and_window(void **state) {
    (void)state;
    Stats st;
    assert_int_equal(stats_init(&st, 2, 3), 0);
    /* metric 0: 5, 7, n/a, 1, 9 ; metric 1 always unknown except one 100 */
    const Val m0[] = {val_of(5), val_of(7), val_na(), val_of(1), val_of(9)};
    const Val m1[] = {val_na(), val_na(), val_of(100), val_na(), val_na()};
    for (int i = 0; i < 5; i++) {
        Val v[2] = {m0[i], m1[i]};
        stats_push(&st, v);
    }
    const StatAcc *s0 = stats_session(&st, 0);
    assert_int_equal(s0->count, 4);
    assert_int_equal(s0->min, 1);
    assert_int_equal(s0->max, 9);
    assert_int_equal(stats_acc_avg(s0).v, 6); /* 22 / 4 = 5.5 -> 6 */
    assert_true(stats_acc_mean(s0) > 5.49 && stats_acc_mean(s0) < 5.51);
    /* window = last 3 pushes: n/a, 1, 9 */
    StatAcc w0 = stats_window(&st, 0);
    assert_int_equal(w0.count, 2);
    assert_int_equal(w0.min, 1);
    assert_int_equal(w0.max, 9);
    assert_int_equal(stats_acc_avg(&w0).v, 5);
    StatAcc w1 = stats_window(&st, 1);
    assert_int_equal(w1.count, 1);
    assert_int_equal(w1.max, 100);
    /* two more unknown pushes: the 100 ages out of the window, stays in the session */
    Val none[2] = {val_na(), val_na()};
    stats_push(&st, none);
    stats_push(&st, none);
    w1 = stats_window(&st, 1);
    assert_int_equal(w1.count, 0);
    assert_false(stats_acc_avg(&w1).ok);
    assert_int_equal(stats_session(&st, 1)->count, 1);
    stats_reset(&st);
    assert_int_equal(stats_session(&st, 0)->count, 0);
    assert_int_equal(stats_window(&st, 0).count, 0);
    stats_free(&st);
    stats_free(NULL);
}

static void test_bad_init(void **state) {
    (void)state;
    Stats st;
    assert_int_equal(stats_init(&st, 0, 3), -EINVAL);
    assert_int_equal(stats_init(&st, 2, 0), -EINVAL);
}

static void test_push_sample(void **state) {
    (void)state;
    static Inventory inv;
    static Schema sc;
    memset(&inv, 0, sizeof inv);
    inv.n_rails = 1;
    snprintf(inv.rails[0].label, sizeof inv.rails[0].label, "VDD_IN");
    assert_int_equal(schema_build(&sc, &inv, SCHEMA_RAILS_ONLY), 0);
    int col = schema_find(&sc, "rail_VDD_IN_mw");
    assert_true(col >= 0);
    Stats st;
    assert_int_equal(stats_init(&st, 2, 10), 0);
    stats_track(&st, 0, col);
    /* metric 1 tracks nothing: always unknown */
    Sample s;
    sample_clear(&s);
    const int64_t mw[] = {4000, 5000, 6000};
    for (int i = 0; i < 3; i++) {
        s.rail[0].mw = val_of(mw[i]);
        stats_push_sample(&st, &sc, &s);
    }
    s.rail[0].mw = val_na();
    stats_push_sample(&st, &sc, &s);
    assert_int_equal(stats_session(&st, 0)->count, 3);
    assert_int_equal(stats_acc_avg(stats_session(&st, 0)).v, 5000);
    assert_int_equal(stats_session(&st, 0)->min, 4000);
    assert_int_equal(stats_session(&st, 0)->max, 6000);
    assert_int_equal(stats_session(&st, 1)->count, 0);
    stats_free(&st);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acc),
        cmocka_unit_test(test_session_and_window),
        cmocka_unit_test(test_bad_init),
        cmocka_unit_test(test_push_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
