/* SPDX-License-Identifier: MIT */
/* uiprofiles: the monitor's profile and audit hooks open the board at their first use, not
 * when the monitor starts (a monitor that never opens them never holds a second sampler);
 * a board that cannot be opened says why at each use and is tried again at the next. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/app/uiwire/uiprofiles.h"
#include "simtest.h"

/* True when the list holds name. */
static bool listed(char names[][UI_CHOICE_LEN], int n, const char *name) {
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) {
            return true;
        }
    }
    return false;
}

static void test_board_opened_at_first_use(void **state) {
    (void)state;
    char root[PATH_MAX], later[PATH_MAX + 16];
    assert_int_equal(simtest_build("orin-nano-super", 1, 0, root, sizeof root), 0);
    snprintf(later, sizeof later, "%s.later", root);
    /* no board there yet: starting the monitor's hooks reads nothing, so nothing fails */
    UiProfiles *p = NULL;
    assert_int_equal(uiprofiles_open(&p, later, NULL, NULL), 0);
    UiActions acts = {0};
    uiprofiles_fill(&acts, p);
    assert_non_null(acts.profile_list);
    assert_non_null(acts.audit_run);
    assert_null(acts.profile_apply); /* no helper: read-only */
    /* the first use says why the board cannot be read */
    static char names[UI_MAX_CHOICES][UI_CHOICE_LEN];
    assert_int_equal(acts.profile_list(acts.prof_ctx, names, UI_MAX_CHOICES), 0);
    assert_non_null(strstr(acts.prof_message(acts.prof_ctx), "cannot read the board"));
    static AuditReport rep;
    assert_true(acts.audit_run(acts.prof_ctx, 0, &rep) < 0);
    /* the board appears: the next use opens it */
    assert_int_equal(symlink(root, later), 0);
    int n = acts.profile_list(acts.prof_ctx, names, UI_MAX_CHOICES);
    assert_true(listed(names, n, "cruise"));
    assert_true(listed(names, n, "burst"));
    char desc[160] = "";
    assert_int_equal(acts.profile_describe(acts.prof_ctx, "cruise", desc, sizeof desc), 0);
    assert_true(desc[0] != '\0');
    assert_int_equal(acts.audit_run(acts.prof_ctx, 0, &rep), 0);
    uiprofiles_close(p);
    assert_int_equal(unlink(later), 0);
    assert_int_equal(rm_rf(root), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_board_opened_at_first_use),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
