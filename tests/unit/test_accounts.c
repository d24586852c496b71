/* SPDX-License-Identifier: MIT */
/* accounts: lookups made in a child give what the system's lookup gives (uid, name, home,
 * groups), -ENOENT for an unknown name or uid, and leave no NSS module mapped in the
 * calling process (a lookup that misses /etc/passwd asks every NSS module there is). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include "jtune/platform/accounts.h"

#define MISSING "jtune-no-such-account-4711"

/* True when this process maps a library whose path has needle. */
static bool mapped(const char *needle) {
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    bool found = false;
    while (f && !found && fgets(line, sizeof line, f)) {
        found = strstr(line, needle) != NULL;
    }
    if (f) {
        fclose(f);
    }
    return found;
}

static void test_by_uid_matches_nss(void **state) {
    (void)state;
    Account a;
    assert_int_equal(accounts_lookup(NULL, 0, 0, true, &a), 0);
    assert_int_equal(a.uid, 0);
    assert_string_equal(a.name, "root");
    assert_true(a.n_groups >= 1);
    bool has_primary = false;
    for (int i = 0; i < a.n_groups; i++) {
        has_primary = has_primary || a.groups[i] == 0;
    }
    assert_true(has_primary);
    /* the same answer as the system's lookup (made here, after the child's) */
    const struct passwd *pw = getpwuid(0);
    assert_non_null(pw);
    assert_string_equal(a.home, pw->pw_dir);
    assert_int_equal(a.gid, pw->pw_gid);
}

static void test_by_name(void **state) {
    (void)state;
    Account a;
    assert_int_equal(accounts_lookup("root", 4242, 0, false, &a), 0);
    assert_int_equal(a.uid, 0);
    assert_int_equal(a.n_groups, 0); /* not asked for */
    assert_string_equal(a.name, "root");
}

static void test_missing(void **state) {
    (void)state;
    Account a;
    memset(&a, 0x5a, sizeof a);
    assert_int_equal(accounts_lookup(MISSING, 0, 0, true, &a), -ENOENT);
    assert_int_equal(a.uid, 0);
    assert_string_equal(a.name, "");
    assert_int_equal(accounts_lookup(NULL, (uid_t)2147483000, 0, false, &a), -ENOENT);
}

/* Runs first: nothing in this process has asked NSS yet. */
static void test_no_nss_module_here(void **state) {
    (void)state;
    assert_false(mapped("libnss_")); /* the test itself loads none */
    Account a;
    assert_int_equal(accounts_lookup(MISSING, 0, 0, false, &a), -ENOENT);
    assert_int_equal(accounts_lookup(NULL, 0, 0, true, &a), 0);
    assert_false(mapped("libnss_"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_nss_module_here),
        cmocka_unit_test(test_by_uid_matches_nss),
        cmocka_unit_test(test_by_name),
        cmocka_unit_test(test_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
