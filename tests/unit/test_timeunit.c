/* SPDX-License-Identifier: MIT */
/* timeunit: civil dates round-trip through day counts, only real dates are valid, and the one
 * duration syntax ([[H:]M:]S[.f]) accepts what it documents and nothing else. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "jtune/core/timeunit.h"

#define S NS_PER_S

static void test_civil_days(void **state) {
    (void)state;
    assert_int_equal(timeunit_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(timeunit_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(timeunit_days_from_civil(1969, 12, 31), -1);
    /* every day from 1900 to 2100 maps back to itself */
    for (int64_t z = timeunit_days_from_civil(1900, 1, 1);
         z <= timeunit_days_from_civil(2100, 12, 31); z++) {
        int64_t y;
        int m, d;
        timeunit_civil_from_days(z, &y, &m, &d);
        if (!timeunit_date_valid(y, m, d) || timeunit_days_from_civil(y, m, d) != z) {
            fail_msg("day %lld -> %lld-%d-%d", (long long)z, (long long)y, m, d);
        }
    }
}

static void test_date_valid(void **state) {
    (void)state;
    assert_true(timeunit_date_valid(2024, 2, 29));
    assert_true(timeunit_date_valid(2000, 2, 29));
    assert_false(timeunit_date_valid(2023, 2, 29));
    assert_false(timeunit_date_valid(1900, 2, 29));
    assert_true(timeunit_date_valid(2025, 12, 31));
    assert_false(timeunit_date_valid(2025, 4, 31));
    assert_false(timeunit_date_valid(2025, 13, 1));
    assert_false(timeunit_date_valid(2025, 0, 1));
    assert_false(timeunit_date_valid(2025, 1, 0));
}

static void test_duration(void **state) {
    (void)state;
    int64_t t;
    assert_int_equal(timeunit_parse_duration("90", &t), 0);
    assert_int_equal(t, 90 * S);
    assert_int_equal(timeunit_parse_duration("0.5", &t), 0);
    assert_int_equal(t, S / 2);
    assert_int_equal(timeunit_parse_duration("0", &t), 0);
    assert_int_equal(t, 0);
    assert_int_equal(timeunit_parse_duration("1:30", &t), 0);
    assert_int_equal(t, 90 * S);
    assert_int_equal(timeunit_parse_duration("1:02:03.5", &t), 0);
    assert_int_equal(t, 3723 * S + S / 2);
    assert_int_equal(timeunit_parse_duration("100:00", &t), 0); /* minutes may exceed 59 first */
    assert_int_equal(t, 6000 * S);
    const char *bad[] = {"",     "+10",    "-1:00", "1:60", "x",     "1:2:3:4", "1::2",
                         "1:-5", "1.5:00", "5s",    " 5",   "5 ",    "5\n",     "1:60:00",
                         ":30",  "30:",    "1e3",   "0x10", "100ms", "5m"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (timeunit_parse_duration(bad[i], &t) != -EINVAL) {
            fail_msg("'%s' was accepted", bad[i]);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil_days),
        cmocka_unit_test(test_date_valid),
        cmocka_unit_test(test_duration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
