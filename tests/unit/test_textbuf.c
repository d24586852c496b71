/* SPDX-License-Identifier: MIT */
/* textbuf: appends fit whole or not at all; a full buffer stays terminated and full. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/textbuf.h"

static bool add(char *buf, size_t size, size_t *len, bool *full, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static bool add(char *buf, size_t size, size_t *len, bool *full, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    bool ok = textbuf_vappend(buf, size, len, full, fmt, ap);
    va_end(ap);
    return ok;
}

static void test_append_and_overflow(void **state) {
    (void)state;
    char buf[12];
    size_t len = 0;
    bool full = false;
    assert_true(add(buf, sizeof buf, &len, &full, "%s=%d", "ab", 42));
    assert_string_equal(buf, "ab=42");
    assert_int_equal(len, 5);
    assert_true(add(buf, sizeof buf, &len, &full, ",%d", 7));
    assert_string_equal(buf, "ab=42,7");
    /* does not fit: nothing of it is kept */
    assert_false(add(buf, sizeof buf, &len, &full, ",%s", "toolong"));
    assert_true(full);
    assert_int_equal(len, 7);
    assert_string_equal(buf, "ab=42,7");
    /* once full, even a short append is refused (no half-finished lines) */
    assert_false(add(buf, sizeof buf, &len, &full, "x"));
    assert_string_equal(buf, "ab=42,7");
}

static void test_exact_fit(void **state) {
    (void)state;
    char buf[4];
    size_t len = 0;
    bool full = false;
    assert_true(add(buf, sizeof buf, &len, &full, "abc")); /* 3 chars + NUL */
    assert_false(full);
    assert_false(add(buf, sizeof buf, &len, &full, "d"));
    assert_true(full);
    assert_string_equal(buf, "abc");
    size_t zero = 0;
    bool f2 = false;
    assert_false(add(buf, 0, &zero, &f2, "a"));
    assert_true(f2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_and_overflow),
        cmocka_unit_test(test_exact_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
