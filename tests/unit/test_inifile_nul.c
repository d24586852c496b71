/* SPDX-License-Identifier: MIT */
/* inifile_nul: a NUL byte in a config file (jtune.ini, a theme, a profile, workloads.ini) is an
 * error naming the file and line, not a silent end of the file. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/app/profiles.h"
#include "jtune/core/diag.h"
#include "jtune/ui/uifiles.h"
#include "jtune/workload/wlfiles.h"

static Fixture fx;

static int setup(void **state) {
    (void)state;
    return fixture_mkroot(&fx);
}

static int teardown(void **state) {
    (void)state;
    fixture_cleanup(&fx);
    return 0;
}

/* Write len bytes (NULs included) to name in the scratch directory; its path. */
static const char *put_bytes(const char *name, const char *bytes, size_t len) {
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", fx.root, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    return path;
}

/* The diagnostics hold "path:line: NUL byte ...". */
static void assert_nul_error(const Diag *d, const char *path, int line) {
    char want[4200];
    snprintf(want, sizeof want, "%s:%d: NUL byte", path, line);
    for (int i = 0; i < d->n; i++) {
        if (strncmp(d->msg[i], want, strlen(want)) == 0) {
            return;
        }
    }
    fail_msg("no \"%s\" among %d messages (first: %s)", want, d->n, d->n ? d->msg[0] : "");
}

static void test_check_text(void **state) {
    (void)state;
    Diag d = {0};
    static const char ok[] = "[ui]\ninterval_ms = 500\n";
    assert_int_equal(diag_check_text(ok, sizeof ok - 1, "a.ini", &d), 0);
    assert_int_equal(d.n_errors, 0);
    static const char bad[] = "[ui]\n\ninterval_ms = 5\0000\nrest = 1\n";
    assert_int_equal(diag_check_text(bad, sizeof bad - 1, "a.ini", &d), -EINVAL);
    assert_int_equal(d.n_errors, 1);
    assert_string_equal(d.msg[0], "a.ini:3: NUL byte: not a text file (nothing after it is read)");
}

static void test_config_file(void **state) {
    (void)state;
    static const char text[] = "[ui]\ninterval_ms = 500\n\0[ui]\ninterval_ms = 100\n";
    const char *path = put_bytes("jtune.ini", text, sizeof text - 1);
    UiPlaces pl;
    uifiles_places(&pl);
    static Config c;
    Diag d = {0};
    assert_int_equal(uifiles_load_config(&pl, path, NULL, &c, &d), 0);
    assert_nul_error(&d, path, 3);
}

static void test_theme_file(void **state) {
    (void)state;
    static const char text[] = "# theme\n\0[colors]\n";
    const char *path = put_bytes("mine.theme", text, sizeof text - 1);
    UiPlaces pl;
    uifiles_places(&pl);
    static Theme t;
    Diag d = {0};
    char used[4096];
    uifiles_load_theme(&pl, path, &t, &d, used, sizeof used);
    assert_nul_error(&d, path, 2);
}

static void test_profile_file(void **state) {
    (void)state;
    static const char text[] = "[settings]\n\0cpu_governor = performance\n";
    const char *path = put_bytes("nul.ini", text, sizeof text - 1);
    ProfSession *ps = NULL;
    assert_int_equal(profiles_open(&ps, fx.root, NULL), 0);
    static Profile p;
    Diag d = {0};
    assert_int_equal(profiles_load(ps, path, &p, &d), -EINVAL);
    assert_nul_error(&d, path, 2);
    profiles_close(ps);
}

static void test_workloads_file(void **state) {
    (void)state;
    static const char text[] = "[idle]\ncommand = sleep 1\n\0\n";
    const char *path = put_bytes("workloads.ini", text, sizeof text - 1);
    static WlSet s;
    Diag d = {0};
    char used[4096];
    wlfiles_load(&s, path, &d, used, sizeof used);
    assert_nul_error(&d, path, 3);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_text),
        cmocka_unit_test_setup_teardown(test_config_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_theme_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_profile_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_workloads_file, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
