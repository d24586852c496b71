/* SPDX-License-Identifier: MIT */
/* systime: the one clock reader - the monotonic clock never goes back and its ns and ms
 * reads agree; the wall clock is in epoch milliseconds (the same second as time()). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "jtune/platform/systime.h"

static void test_mono(void **state) {
    (void)state;
    int64_t prev = systime_mono_ns();
    for (int i = 0; i < 1000; i++) {
        int64_t now = systime_mono_ns();
        assert_true(now >= prev);
        prev = now;
    }
    int64_t ms = systime_mono_ms();
    int64_t ns = systime_mono_ns();
    assert_true(ns / NS_PER_MS >= ms);
    assert_true(ms > 0);
}

static void test_real(void **state) {
    (void)state;
    time_t before = time(NULL);
    int64_t ms = systime_real_ms();
    time_t after = time(NULL);
    assert_true(ms / MS_PER_S >= (int64_t)before);
    assert_true(ms / MS_PER_S <= (int64_t)after);
}

static void test_units(void **state) {
    (void)state;
    assert_true(NS_PER_S == NS_PER_MS * MS_PER_S);
    assert_true(NS_PER_MS == NS_PER_US * 1000);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mono),
        cmocka_unit_test(test_real),
        cmocka_unit_test(test_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
