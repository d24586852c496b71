/* SPDX-License-Identifier: MIT */
/* real_discovery: every real-board fixture with a NAME.discovery beside its NAME.tree (those
 * made from a board's capture by tests/fixtures/real/capture_to_tree.py, and the hand-built
 * trees' recorded summaries) must give exactly that discovery: devices, rails, zones, cores,
 * tables, fan and nvpmodel modes (core/invsummary).
 *
 * JTUNE_WRITE_DISCOVERY=1 writes NAME.discovery for a hand-built tree that has none (after a
 * deliberate change to discovery, delete the file and rerun to record the new summary; a
 * capture's file comes from the board and is never rewritten). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/core/invsummary.h"
#include "jtune/platform/fileio.h"
#include "jtune/platform/sampler.h"

#define SUMMARY      65536
#define MAX_FIXTURES 64

static char names[MAX_FIXTURES][NAME_MAX + 1];

static void real_dir(char *out, size_t n) {
    snprintf(out, n, "%s/tests/fixtures/real", test_source_dir());
}

static void test_fixture(void **state) {
    const char *name = *state;
    char dir[PATH_MAX], want_path[PATH_MAX * 2], tree[PATH_MAX * 2];
    real_dir(dir, sizeof dir);
    snprintf(want_path, sizeof want_path, "%s/%s.discovery", dir, name);
    snprintf(tree, sizeof tree, "%s/%s.tree", dir, name);
    Fixture fx;
    assert_int_equal(fixture_load(&fx, tree), 0);
    Sampler *s = NULL;
    assert_int_equal(sampler_open(&s, fx.root, NULL), 0);
    char *got = malloc(SUMMARY);
    assert_non_null(got);
    assert_true(invsummary_format(sampler_inventory(s), got, SUMMARY) > 0);
    sampler_close(s);
    fixture_cleanup(&fx);
    const char *write = getenv("JTUNE_WRITE_DISCOVERY");
    if (!fileio_is_file(want_path) && write && strcmp(write, "1") == 0) {
        assert_int_equal(fileio_write_atomic(want_path, got, strlen(got), 0644), 0);
    }
    char *want = NULL;
    size_t len = 0;
    int rc = fileio_slurp(want_path, SUMMARY, &want, &len);
    if (rc < 0) {
        print_error("%s: %s\n", want_path, strerror(-rc));
    }
    assert_int_equal(rc, 0);
    if (strcmp(want, got) != 0) {
        print_error("%s.tree discovers:\n%s\nbut %s.discovery says:\n%s\n", name, got, name, want);
    }
    assert_string_equal(got, want);
    free(want);
    free(got);
}

static int by_name(const void *a, const void *b) {
    return strcmp(a, b);
}

/* NAME of every NAME.tree in tests/fixtures/real, sorted. */
static int list_trees(void) {
    char dir[PATH_MAX];
    real_dir(dir, sizeof dir);
    DIR *d = opendir(dir);
    if (!d) {
        return -errno;
    }
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && n < MAX_FIXTURES) {
        size_t l = strlen(de->d_name);
        if (l > 5 && strcmp(de->d_name + l - 5, ".tree") == 0) {
            snprintf(names[n++], sizeof names[0], "%.*s", (int)(l - 5), de->d_name);
        }
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    return n;
}

int main(void) {
    int n = list_trees();
    if (n <= 0) {
        fprintf(stderr, "no fixture trees in tests/fixtures/real (%d)\n", n);
        return 1;
    }
    struct CMUnitTest tests[MAX_FIXTURES];
    for (int i = 0; i < n; i++) {
        tests[i] = (struct CMUnitTest){names[i], test_fixture, NULL, NULL, names[i]};
    }
    return _cmocka_run_group_tests("real_discovery", tests, (size_t)n, NULL, NULL);
}
