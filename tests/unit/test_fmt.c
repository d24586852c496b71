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

/* What fixed-point formatting must give: v / scale rounded to dec decimals, halves away
 * from zero, then the unit (written with snprintf, as a reference). */
static void reference(int64_t v, int64_t scale, int dec, const char *unit, char *out, size_t n) {
    static const int64_t pow10[] = {1, 10, 100, 1000};
    int64_t div = scale / pow10[dec];
    int64_t q = v >= 0 ? (v + div / 2) / div : -((-v + div / 2) / div);
    long long a = q < 0 ? -q : q;
    if (dec == 0) {
        snprintf(out, n, "%s%lld%s", q < 0 ? "-" : "", a, unit);
    } else {
        snprintf(out, n, "%s%lld.%0*lld%s", q < 0 ? "-" : "", a / pow10[dec], dec, a % pow10[dec],
                 unit);
    }
}

/* The digits are written by hand: they match snprintf's over a sweep of values, signs and
 * carries, at the extremes, and truncated to every buffer size. */
static void test_digits_match_snprintf(void **state) {
    (void)state;
    char got[64], want[64];
    for (int64_t v = -200000; v <= 200000; v += 37) {
        fmt_pct10_1(val_of(v), got, sizeof got);
        reference(v, 10, 1, "%", want, sizeof want);
        assert_string_equal(got, want);
        fmt_pct10(val_of(v), got, sizeof got);
        reference(v, 10, 0, "%", want, sizeof want);
        assert_string_equal(got, want);
        fmt_hz(val_of(v * 7), got, sizeof got); /* below 1 MHz: one decimal */
        reference(v * 7, 1000000, v * 7 != 0 && v * 7 > -1000000 && v * 7 < 1000000 ? 1 : 0, " MHz",
                  want, sizeof want);
        assert_string_equal(got, want);
    }
    static const int64_t ms[] = {1001, 1010, 1099, 1100, 99999, 123456789};
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        fmt_interval_ms(ms[i], got, sizeof got);
        reference(ms[i], 1000, ms[i] % 100 == 0 ? 1 : 2, " s", want, sizeof want);
        assert_string_equal(got, want);
    }
    assert_string_equal(f(fmt_rpm, INT64_MAX), "9223372036854775807 rpm");
    assert_string_equal(f(fmt_rpm, INT64_MIN), "-9223372036854775808 rpm");
    assert_string_equal(f(fmt_pct10, INT64_MAX), "922337203685477581%"); /* rounded, no overflow */
    assert_string_equal(f(fmt_pct10, INT64_MIN), "-922337203685477581%");
    assert_string_equal(f(fmt_pct10_1, -5), "-0.5%");
    assert_string_equal(f(fmt_pct10_1, 999995), "99999.5%");
    reference(-123456, 10, 1, "%", want, sizeof want);
    for (size_t n = 0; n <= strlen(want) + 1; n++) {
        char cut[64] = "untouched", ref[64] = "untouched";
        int len = fmt_pct10_1(val_of(-123456), cut, n);
        int rlen = snprintf(ref, n, "%s", want);
        assert_string_equal(cut, ref);
        assert_int_equal(len, n == 0 ? 0 : (size_t)rlen < n ? rlen : (int)n - 1);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_is_na), cmocka_unit_test(test_units_present),
        cmocka_unit_test(test_temperatures),  cmocka_unit_test(test_energy_and_interval),
        cmocka_unit_test(test_truncation),    cmocka_unit_test(test_digits_match_snprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
