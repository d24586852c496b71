/* SPDX-License-Identifier: MIT */
/* Parse helpers: good, empty, garbage, overflow and huge inputs. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/parse.h"

#define S(x) (x), strlen(x)

static void test_i64_good(void **state) {
    (void)state;
    int64_t v = 0;
    assert_int_equal(parse_i64(S("1728000\n"), &v), 0);
    assert_int_equal(v, 1728000);
    assert_int_equal(parse_i64(S("  -256000 \n"), &v), 0);
    assert_int_equal(v, -256000);
    assert_int_equal(parse_i64(S("+7"), &v), 0);
    assert_int_equal(v, 7);
    /* only the first line counts: an in-place rewrite may leave an old tail */
    assert_int_equal(parse_i64(S("99\n4567\n"), &v), 0);
    assert_int_equal(v, 99);
    assert_int_equal(parse_i64(S("9223372036854775807"), &v), 0);
    assert_true(v == INT64_MAX);
    assert_int_equal(parse_i64(S("-9223372036854775808"), &v), 0);
    assert_true(v == INT64_MIN);
}

static void test_i64_bad(void **state) {
    (void)state;
    int64_t v = 42;
    assert_int_equal(parse_i64(S(""), &v), -ENODATA);
    assert_int_equal(parse_i64(S("\n"), &v), -ENODATA);
    assert_int_equal(parse_i64(S("   \n"), &v), -ENODATA);
    assert_int_equal(parse_i64(S("12ab"), &v), -EINVAL);
    assert_int_equal(parse_i64(S("<unsupported>"), &v), -EINVAL);
    assert_int_equal(parse_i64(S("-"), &v), -EINVAL);
    assert_int_equal(parse_i64(S("1 2"), &v), -EINVAL);
    assert_int_equal(parse_i64(S("9223372036854775808"), &v), -ERANGE);
    assert_int_equal(parse_i64(S("-9223372036854775809"), &v), -ERANGE);
    assert_int_equal(parse_i64(S("99999999999999999999999999"), &v), -ERANGE);
    assert_int_equal(v, 42); /* untouched on error */
    /* a huge input of digits overflows instead of wrapping */
    char huge[8192];
    memset(huge, '9', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    assert_int_equal(parse_i64(huge, strlen(huge), &v), -ERANGE);
    memset(huge, ' ', sizeof huge - 1);
    assert_int_equal(parse_i64(huge, strlen(huge), &v), -ENODATA);
}

static void test_u64(void **state) {
    (void)state;
    uint64_t v;
    assert_int_equal(parse_u64(S("18446744073709551615"), &v), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(parse_u64(S("18446744073709551616"), &v), -ERANGE);
    assert_int_equal(parse_u64(S("-1"), &v), -EINVAL);
}

static void test_fixed(void **state) {
    (void)state;
    int64_t v;
    assert_int_equal(parse_fixed(S("44.531"), 3, &v), 0);
    assert_int_equal(v, 44531);
    assert_int_equal(parse_fixed(S("44.5"), 3, &v), 0);
    assert_int_equal(v, 44500);
    assert_int_equal(parse_fixed(S("44"), 3, &v), 0);
    assert_int_equal(v, 44000);
    assert_int_equal(parse_fixed(S("-256"), 3, &v), 0);
    assert_int_equal(v, -256000);
    assert_int_equal(parse_fixed(S("-0.5"), 3, &v), 0);
    assert_int_equal(v, -500);
    assert_int_equal(parse_fixed(S("3.14159"), 2, &v), 0);
    assert_int_equal(v, 314);
    assert_int_equal(parse_fixed(S("4."), 3, &v), -EINVAL);
    assert_int_equal(parse_fixed(S("4.x"), 3, &v), -EINVAL);
    assert_int_equal(parse_fixed(S(""), 3, &v), -ENODATA);
}

static void test_str_and_dt(void **state) {
    (void)state;
    char out[16];
    assert_int_equal(parse_str(S("schedutil\n"), out, sizeof out), 0);
    assert_string_equal(out, "schedutil");
    /* device-tree strings end in NUL, no newline */
    const char model[] = "NVIDIA Jetson\0";
    assert_int_equal(parse_str(model, sizeof model - 1, out, sizeof out), 0);
    assert_string_equal(out, "NVIDIA Jetson");
    assert_int_equal(parse_str(S("this string is far too long"), out, sizeof out), -ERANGE);
    assert_int_equal(parse_str(S("\n"), out, sizeof out), -ENODATA);
}

static void test_words_and_lists(void **state) {
    (void)state;
    StrView w[8];
    size_t n;
    const char *govs = "conservative ondemand userspace powersave performance schedutil \n";
    assert_int_equal(parse_words(S(govs), w, 8, &n), 0);
    assert_int_equal(n, 6);
    assert_true(strview_eq(w[5], "schedutil"));
    assert_int_equal(parse_words(S(govs), w, 3, &n), -ERANGE);
    assert_int_equal(n, 3);
    assert_int_equal(parse_words(S(""), w, 8, &n), 0);
    assert_int_equal(n, 0);

    int64_t f[32];
    const char *tab = "306000000 408000000 510000000 612000000 714000000 816000000 918000000 "
                      "1020000000 \n";
    assert_int_equal(parse_i64_list(S(tab), f, 32, &n), 0);
    assert_int_equal(n, 8);
    assert_int_equal(f[7], 1020000000);
    assert_int_equal(parse_i64_list(S(tab), f, 4, &n), -ERANGE);
    assert_int_equal(parse_i64_list(S("1 2 x"), f, 32, &n), -EINVAL);
    assert_int_equal(parse_i64_list(S("\n"), f, 32, &n), -ENODATA);
}

static void test_cpulist(void **state) {
    (void)state;
    uint64_t m = 99;
    assert_int_equal(parse_cpulist(S("0-5\n"), &m), 0);
    assert_true(m == 0x3f);
    assert_int_equal(parse_cpulist(S("0-3,5"), &m), 0);
    assert_true(m == 0x2f);
    assert_int_equal(parse_cpulist(S("4-5"), &m), 0);
    assert_true(m == 0x30);
    assert_int_equal(parse_cpulist(S("\n"), &m), 0); /* sysfs 'offline' with nothing */
    assert_true(m == 0);
    assert_int_equal(parse_cpulist(S("0,"), &m), -EINVAL);
    assert_int_equal(parse_cpulist(S("3-1"), &m), -EINVAL);
    assert_int_equal(parse_cpulist(S("a-b"), &m), -EINVAL);
    assert_int_equal(parse_cpulist(S("0-64"), &m), -ERANGE);
    assert_int_equal(parse_cpulist(S("99999999999999999999999"), &m), -ERANGE);
    char out[32];
    assert_int_equal(format_cpulist(0x2f, out, sizeof out), 5);
    assert_string_equal(out, "0-3,5");
    assert_int_equal(format_cpulist(0, out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(format_cpulist(0x5, out, sizeof out), 3);
    assert_string_equal(out, "0,2");
    assert_int_equal(format_cpulist(UINT64_MAX, out, 3), -ERANGE);
}

static void test_kv(void **state) {
    (void)state;
    const char *mi = "MemTotal:        7802880 kB\nMemFree:         3891200 kB\n"
                     "NvMapMemUsed:      98304 kB\n";
    int64_t v;
    assert_int_equal(parse_kv_i64(S(mi), "MemFree", ':', &v), 0);
    assert_int_equal(v, 3891200);
    assert_int_equal(parse_kv_i64(S(mi), "NvMapMemUsed", ':', &v), 0);
    assert_int_equal(v, 98304);
    assert_int_equal(parse_kv_i64(S(mi), "Mem", ':', &v), -ENOENT);
    assert_int_equal(parse_kv_i64(S(mi), "SwapTotal", ':', &v), -ENOENT);
    StrView sv;
    const char *st = "pmode:0001\n";
    assert_int_equal(parse_kv_find(S(st), "pmode", ':', &sv), 0);
    assert_true(strview_eq(sv, "0001"));
    const char *fan = "FAN1:FAN_PROFILE:quiet\nFAN1:FAN_GOVERNOR:cont\n";
    assert_int_equal(parse_kv_find(S(fan), "FAN1:FAN_PROFILE", ':', &sv), 0);
    assert_true(strview_eq(sv, "quiet"));
    assert_int_equal(parse_kv_i64(S("Key: \n"), "Key", ':', &v), -ENODATA);
}

static void test_bracketed(void **state) {
    (void)state;
    StrView c;
    assert_int_equal(parse_bracketed(S("always [madvise] never\n"), &c), 0);
    assert_true(strview_eq(c, "madvise"));
    assert_int_equal(parse_bracketed(S("[none] mq-deadline"), &c), 0);
    assert_true(strview_eq(c, "none"));
    assert_int_equal(parse_bracketed(S("always madvise never"), &c), -EINVAL);
    assert_int_equal(parse_bracketed(S("[]"), &c), -EINVAL);
    assert_int_equal(parse_bracketed(S("[open"), &c), -EINVAL);
}

/* The one hex parser (CapEff masks, JSON \u escapes, %XX in log metadata, theme colours). */
static void test_hex(void **state) {
    (void)state;
    assert_int_equal(parse_hex_digit('0'), 0);
    assert_int_equal(parse_hex_digit('9'), 9);
    assert_int_equal(parse_hex_digit('a'), 10);
    assert_int_equal(parse_hex_digit('F'), 15);
    assert_int_equal(parse_hex_digit('g'), -1);
    assert_int_equal(parse_hex_digit('x'), -1);
    uint64_t v = 7;
    assert_int_equal(parse_hex_u64("000001ffffffffff", 16, &v), 0);
    assert_true(v == 0x1ffffffffffULL);
    assert_int_equal(parse_hex_u64("ffffffffffffffff", 16, &v), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(parse_hex_u64("00e9zz", 4, &v), 0); /* only len chars are read */
    assert_true(v == 0xe9);
    v = 7;
    assert_int_equal(parse_hex_u64("", 0, &v), -EINVAL);
    assert_int_equal(parse_hex_u64("10000000000000000", 17, &v), -EINVAL);
    assert_int_equal(parse_hex_u64("0x1f", 4, &v), -EINVAL);
    assert_int_equal(parse_hex_u64(" 1f", 3, &v), -EINVAL);
    assert_int_equal(parse_hex_u64("-1", 2, &v), -EINVAL);
    assert_true(v == 7); /* untouched on error */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_i64_good),   cmocka_unit_test(test_i64_bad),
        cmocka_unit_test(test_u64),        cmocka_unit_test(test_fixed),
        cmocka_unit_test(test_str_and_dt), cmocka_unit_test(test_words_and_lists),
        cmocka_unit_test(test_cpulist),    cmocka_unit_test(test_kv),
        cmocka_unit_test(test_bracketed),  cmocka_unit_test(test_hex),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
