/* SPDX-License-Identifier: MIT */
/* nvml: without libnvidia-ml the GPU load is n/a with the reason, and a library without the
 * NVML entry points is refused (not called). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/platform/jetson/nvml.h"

static void test_absent_library_says_why(void **state) {
    (void)state;
    Nvml *nv = (Nvml *)&nv; /* must be cleared */
    char why[128];
    int rc = nvml_open("libjtune-absent-nvml.so.1", &nv, why, sizeof why);
    assert_int_equal(rc, -ENOENT);
    assert_null(nv);
    assert_string_equal(why, "libjtune-absent-nvml.so.1: not installed");
    Val v = nvml_read_load_pm(nv);
    assert_false(v.ok);
    nvml_close(nv);
}

static void test_library_without_nvml_is_refused(void **state) {
    (void)state;
    Nvml *nv = NULL;
    char why[128];
    int rc = nvml_open("libc.so.6", &nv, why, sizeof why);
    assert_int_equal(rc, -ENOSYS);
    assert_null(nv);
    assert_non_null(strstr(why, "lacks the NVML functions"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_absent_library_says_why),
        cmocka_unit_test(test_library_without_nvml_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
