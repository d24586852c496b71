/* SPDX-License-Identifier: MIT */
/* fmt: every formatter prints "n/a" for an unknown value and always carries its unit;
 * rounding, scales, negative values, truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/fmt.h"

typedef int (*Fmt)(Val v, char *out, size_t outsz);

static const char *f(Fmt fn, int64_t v) {
    static char buf[64];
    fn(val_of(v), buf, sizeof buf);
    return buf;
}

static void test_unknown_is_na(void **state) {
    (void)state;
    static const Fmt all[] = {fmt_pct10,       fmt_pct10_1,  fmt_khz,      fmt_hz,  fmt_mw,
                              fmt_mv,          fmt_ma,       fmt_kib,      fmt_rpm, fmt_rate_ps10,
                              fmt_duration_ms, fmt_hz_exact, fmt_khz_exact};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        char buf[32] = "x";
        assert_int_equal(all[i](val_na(), buf, sizeof buf), 3);
        assert_string_equal(buf, "n/a");
        /* a known zero is NOT n/a */
        all[i](val_of(0), buf, sizeof buf);
        assert_string_not_equal(buf, "n/a");
    }
    char buf[32];
    fmt_temp_mc(val_na(), TEMP_CELSIUS, true, buf, sizeof buf);
    assert_string_equal(buf, "n/a");
    fmt_energy_mj(val_na(), true, buf, sizeof buf);
    assert_string_equal(buf, "n/a");
    fmt_dtemp_mc(val_na(), TEMP_FAHRENHEIT, false, buf, sizeof buf);
    assert_string_equal(buf, "n/a");
}

static void test_units_present(void **state) {
    (void)state;
    assert_string_equal(f(fmt_pct10, 453), "45%");
    assert_string_equal(f(fmt_pct10, 455), "46%");
    assert_string_equal(f(fmt_pct10, 1000), "100%");
    assert_string_equal(f(fmt_pct10, 0), "0%");
    assert_string_equal(f(fmt_pct10_1, 453), "45.3%");
    assert_string_equal(f(fmt_pct10_1, 7), "0.7%");
    assert_string_equal(f(fmt_pct10, 918), "92%"); /* per mille: the same unit */
    assert_string_equal(f(fmt_khz, 1344000), "1344 MHz");
    assert_string_equal(f(fmt_khz, 729600), "730 MHz");
    assert_string_equal(f(fmt_hz, 918000000), "918 MHz");
    assert_string_equal(f(fmt_hz, 3199000000LL), "3199 MHz");
    /* a setting is shown exactly: only the decimals it needs */
    assert_string_equal(f(fmt_hz_exact, 612000000), "612 MHz");
    assert_string_equal(f(fmt_hz_exact, 624750000), "624.75 MHz");
    assert_string_equal(f(fmt_hz_exact, 204005000), "204.005 MHz");
    assert_string_equal(f(fmt_hz_exact, 1), "0.000001 MHz");
    assert_string_equal(f(fmt_hz_exact, 0), "0 MHz");
    assert_string_equal(f(fmt_khz_exact, 729600), "729.6 MHz");
    assert_string_equal(f(fmt_khz_exact, 1344000), "1344 MHz");
    char e[32];
    fmt_engine(val_of(1), val_of(601600000), e, sizeof e);
    assert_string_equal(e, "602 MHz");
    fmt_engine(val_of(0), val_of(115200000), e, sizeof e); /* idle: its floor clock still shown */
    assert_string_equal(e, "off 115 MHz");
    fmt_engine(val_na(), val_of(115200000), e, sizeof e);
    assert_string_equal(e, "115 MHz");
    fmt_engine(val_of(0), val_na(), e, sizeof e);
    assert_string_equal(e, "off");
    fmt_engine(val_na(), val_na(), e, sizeof e);
    assert_string_equal(e, "n/a");
    assert_string_equal(f(fmt_hz, 500000), "0.5 MHz");
    assert_string_equal(f(fmt_hz, 0), "0 MHz");
    assert_string_equal(f(fmt_mw, 4213), "4.21 W");
    assert_string_equal(f(fmt_mw, 9994), "9.99 W");
    assert_string_equal(f(fmt_mw, 9996), "10.0 W");
    assert_string_equal(f(fmt_mw, 12345), "12.3 W");
    assert_string_equal(f(fmt_mw, 123456), "123 W");
    assert_string_equal(f(fmt_mw, 0), "0.00 W");
    assert_string_equal(f(fmt_mw, -1500), "-1.50 W");
    assert_string_equal(f(fmt_mv, 5080), "5.08 V");
    assert_string_equal(f(fmt_ma, 834), "0.83 A");
    assert_string_equal(f(fmt_ma, 1235), "1.24 A");
    assert_string_equal(f(fmt_kib, 512), "512 KiB");
    assert_string_equal(f(fmt_kib, 98304), "96.0 MiB");
    assert_string_equal(f(fmt_kib, 7802880), "7.44 GiB");
    assert_string_equal(f(fmt_kib, 262144), "256 MiB");
    assert_string_equal(f(fmt_rpm, 2300), "2300 rpm");
    assert_string_equal(f(fmt_rate_ps10, 1234), "123/s");
    assert_string_equal(f(fmt_rate_ps10, 7), "0.7/s");
    assert_string_equal(f(fmt_rate_ps10, 123456), "12.3k/s");
    assert_string_equal(f(fmt_duration_ms, 59000), "59s");
    assert_string_equal(f(fmt_duration_ms, 723000), "12m 03s");
    assert_string_equal(f(fmt_duration_ms, 3 * 3600000 + 4 * 60000), "3h 04m");
    assert_string_equal(f(fmt_duration_ms, 3LL * 86400000 + 4 * 3600000), "3d 04h");
}

static void test_temperatures(void **state) {
    (void)state;
    char buf[32];
    fmt_temp_mc(val_of(49468), TEMP_CELSIUS, true, buf, sizeof buf);
    assert_string_equal(buf, "49.5\xc2\xb0"
                             "C");
    fmt_temp_mc(val_of(49468), TEMP_CELSIUS, false, buf, sizeof buf);
    assert_string_equal(buf, "49.5C");
    fmt_temp_mc(val_of(100000), TEMP_FAHRENHEIT, false, buf, sizeof buf);
    assert_string_equal(buf, "212.0F");
    fmt_temp_mc(val_of(-40000), TEMP_FAHRENHEIT, false, buf, sizeof buf);
    assert_string_equal(buf, "-40.0F");
    fmt_temp_mc(val_of(-256000), TEMP_CELSIUS, false, buf, sizeof buf);
    assert_string_equal(buf, "-256.0C");
    fmt_dtemp_mc(val_of(12500), TEMP_CELSIUS, false, buf, sizeof buf);
    assert_string_equal(buf, "12.5C");
    fmt_dtemp_mc(val_of(10000), TEMP_FAHRENHEIT, false, buf, sizeof buf);
    assert_string_equal(buf, "18.0F"); /* a difference: no 32 degree offset */
    fmt_dtemp_mc(val_of(-3000), TEMP_CELSIUS, false, buf, sizeof buf);
    assert_string_equal(buf, "-3.0C");
    assert_int_equal(fmt_temp_tenths(49468, TEMP_CELSIUS), 495);
    assert_int_equal(fmt_temp_tenths(0, TEMP_FAHRENHEIT), 320);
}

static void test_energy_and_interval(void **state) {
    (void)state;
    char buf[64];
    fmt_energy_mj(val_of(812000), false, buf, sizeof buf);
    assert_string_equal(buf, "812 J");
    fmt_energy_mj(val_of(12345), false, buf, sizeof buf);
    assert_string_equal(buf, "12.3 J");
    fmt_energy_mj(val_of(3600000), true, buf, sizeof buf);
    assert_string_equal(buf, "3600 J (1.00 Wh)");
    fmt_energy_mj(val_of(36000), true, buf, sizeof buf);
    assert_string_equal(buf, "36.0 J (10.0 mWh)");
    fmt_energy_mj(val_of(123456789), true, buf, sizeof buf);
    assert_string_equal(buf, "123 kJ (34.3 Wh)");
    fmt_interval_ms(250, buf, sizeof buf);
    assert_string_equal(buf, "250 ms");
    fmt_interval_ms(1000, buf, sizeof buf);
    assert_string_equal(buf, "1 s");
    fmt_interval_ms(1500, buf, sizeof buf);
    assert_string_equal(buf, "1.5 s");
    fmt_interval_ms(1250, buf, sizeof buf);
    assert_string_equal(buf, "1.25 s");
}

static void test_truncation(void **state) {
    (void)state;
    char small[5];
    int n = fmt_khz(val_of(1344000), small, sizeof small);
    assert_int_equal(n, 4);
    assert_string_equal(small, "1344");
    char one[1];
    assert_int_equal(fmt_mw(val_of(4213), one, sizeof one), 0);
    assert_string_equal(one, "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_is_na), cmocka_unit_test(test_units_present),
        cmocka_unit_test(test_temperatures),  cmocka_unit_test(test_energy_and_interval),
        cmocka_unit_test(test_truncation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
