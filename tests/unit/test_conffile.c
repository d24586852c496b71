/* SPDX-License-Identifier: MIT */
/* conffile: one search order and one read for jtune.ini; the UI and the workload modes pick
 * the same file and report a file they cannot read in the same words. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/platform/conffile.h"
#include "jtune/ui/uifiles.h"
#include "jtune/workload/wlfiles.h"

static void test_candidates(void **state) {
    (void)state;
    char c[CONFFILE_MAX][PATH_MAX];
    assert_int_equal(conffile_candidates("my.ini", "/x", "/h", "/etc/jtune", c, CONFFILE_MAX), 1);
    assert_string_equal(c[0], "my.ini");
    assert_int_equal(conffile_candidates(NULL, "/x", "/h", "/etc/jtune", c, CONFFILE_MAX), 2);
    assert_string_equal(c[0], "/x/jtune/jtune.ini");
    assert_string_equal(c[1], "/etc/jtune/jtune.ini");
    /* an empty XDG_CONFIG_HOME counts as unset (XDG base directory rules) */
    assert_int_equal(conffile_candidates(NULL, "", "/h", "/etc/jtune", c, CONFFILE_MAX), 2);
    assert_string_equal(c[0], "/h/.config/jtune/jtune.ini");
    assert_int_equal(conffile_candidates(NULL, NULL, NULL, "/etc/jtune", c, CONFFILE_MAX), 1);
    assert_string_equal(c[0], "/etc/jtune/jtune.ini");
}

static void put(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_read(void **state) {
    (void)state;
    Fixture fx;
    assert_int_equal(fixture_mkroot(&fx), 0);
    char c[CONFFILE_MAX][PATH_MAX], used[PATH_MAX], dir[PATH_MAX + 8];
    int n = conffile_candidates(NULL, fx.root, NULL, "/nonexistent", c, CONFFILE_MAX);
    char *text;
    size_t len;
    Diag d = {0};
    /* none there: fine, nothing read */
    assert_int_equal(conffile_read(c, n, false, &text, &len, used, sizeof used, &d), 0);
    assert_null(text);
    assert_string_equal(used, "");
    assert_int_equal(d.n, 0);
    /* the first existing candidate */
    snprintf(dir, sizeof dir, "%s/jtune", fx.root);
    assert_int_equal(mkdir(dir, 0755), 0);
    put(c[0], "[ui]\ninterval_ms = 250\n");
    assert_int_equal(conffile_read(c, n, false, &text, &len, used, sizeof used, &d), 0);
    assert_non_null(text);
    assert_string_equal(text, "[ui]\ninterval_ms = 250\n");
    assert_int_equal(len, strlen(text));
    assert_string_equal(used, c[0]);
    free(text);
    /* a required file that is missing: -ENOENT, said once */
    strcpy(c[0], "/nonexistent/x.ini");
    assert_int_equal(conffile_read(c, 1, true, &text, &len, used, sizeof used, &d), -ENOENT);
    assert_null(text);
    assert_int_equal(d.n_errors, 1);
    assert_non_null(strstr(d.msg[0], "/nonexistent/x.ini: cannot read: "));
    fixture_cleanup(&fx);
}

/* The UI and `jtune run-workload` read the same file and fail the same way. */
static void test_one_loader(void **state) {
    (void)state;
    Fixture fx;
    assert_int_equal(fixture_mkroot(&fx), 0);
    char dir[PATH_MAX + 8], path[PATH_MAX + 32];
    snprintf(dir, sizeof dir, "%s/jtune", fx.root);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(path, sizeof path, "%s/jtune.ini", dir);
    put(path, "[ui]\ninterval_ms = 250\n[workload.mine]\ncommand = /bin/true\n");
    assert_int_equal(setenv("XDG_CONFIG_HOME", fx.root, 1), 0);

    UiPlaces pl;
    uifiles_places(&pl);
    static Config cfg;
    Diag du = {0};
    assert_int_equal(uifiles_load_config(&pl, NULL, NULL, &cfg, &du), 0);
    assert_string_equal(cfg.path, path);
    static WlSet set;
    char used[PATH_MAX];
    Diag dw = {0};
    assert_int_equal(wlfiles_load(&set, NULL, &dw, used, sizeof used), 0);
    assert_string_equal(used, path);
    assert_non_null(wlconf_find(&set, "mine"));

    Diag eu = {0}, ew = {0};
    assert_int_equal(uifiles_load_config(&pl, "/nonexistent/x.ini", NULL, &cfg, &eu), -ENOENT);
    assert_int_equal(wlfiles_load(&set, "/nonexistent/x.ini", &ew, used, sizeof used), -ENOENT);
    assert_int_equal(eu.n, 1);
    assert_int_equal(ew.n, 1);
    assert_string_equal(eu.msg[0], ew.msg[0]);
    fixture_cleanup(&fx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_candidates),
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_one_loader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
