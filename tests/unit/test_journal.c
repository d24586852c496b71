/* SPDX-License-Identifier: MIT */
/* journal: text round trip, strict parsing with line numbers, atomic save/load, set-aside. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/helper/journal.h"

typedef struct {
    char dir[PATH_MAX];
    int dirfd;
    Journal j, k;
} Ctx;

static int setup(void **state) {
    Ctx *c = calloc(1, sizeof *c);
    snprintf(c->dir, sizeof c->dir, "/tmp/jtune-journal-XXXXXX");
    assert_non_null(mkdtemp(c->dir));
    c->dirfd = open(c->dir, O_RDONLY | O_DIRECTORY);
    assert_true(c->dirfd >= 0);
    *state = c;
    return 0;
}

static int teardown(void **state) {
    Ctx *c = *state;
    close(c->dirfd);
    rm_rf(c->dir);
    free(c);
    return 0;
}

static const char *file(Ctx *c, const char *name) {
    static char p[PATH_MAX + 32];
    snprintf(p, sizeof p, "%s/%s", c->dir, name);
    return p;
}

static void fill(Journal *j) {
    journal_init(j, "/tmp/some root");
    assert_int_equal(journal_add(j, TUNE_T_CPU_ONLINE, 5, 0, 1), 0);
    assert_int_equal(journal_add(j, TUNE_T_CPUIDLE_DISABLE, 3, 1, 0), 0);
    assert_int_equal(journal_add(j, TUNE_T_EMC_CAP_HZ, 0, 0, 3199000000), 0);
    assert_int_equal(journal_add(j, TUNE_T_VM_SWAPPINESS, 0, 0, -7), 0);
    assert_int_equal(journal_add(j, TUNE_T_USB_POWER, 0xffffffffu, 65535, INT64_MIN), 0);
}

static void test_roundtrip(void **state) {
    Ctx *c = *state;
    fill(&c->j);
    char text[4096];
    int n = journal_format(&c->j, text, sizeof text);
    assert_true(n > 0);
    assert_non_null(strstr(text, "jtune-journal 1\nroot /tmp/some root\n"));
    assert_non_null(strstr(text, "\nemc_cap_hz 0 0 3199000000\n"));
    int bad = -1;
    assert_int_equal(journal_parse(text, (size_t)n, &c->k, &bad), 0);
    assert_int_equal(bad, 0);
    assert_string_equal(c->k.root, c->j.root);
    assert_int_equal(c->k.n, c->j.n);
    assert_memory_equal(c->k.e, c->j.e, sizeof c->j.e[0] * (size_t)c->j.n);
    assert_int_equal(journal_format(&c->j, text, 40), -ERANGE);
}

static void test_add_find_remove(void **state) {
    Ctx *c = *state;
    fill(&c->j);
    assert_int_equal(journal_add(&c->j, TUNE_T_CPU_ONLINE, 5, 0, 0), -EEXIST);
    assert_int_equal(journal_find(&c->j, TUNE_T_CPUIDLE_DISABLE, 3, 1), 1);
    assert_int_equal(journal_find(&c->j, TUNE_T_CPUIDLE_DISABLE, 3, 0), -1);
    journal_remove(&c->j, 1);
    journal_remove(&c->j, 99);
    assert_int_equal(c->j.n, 4);
    assert_int_equal(c->j.e[1].target, TUNE_T_EMC_CAP_HZ); /* order kept */
    journal_init(&c->j, "/");
    for (int i = 0; i < JOURNAL_MAX; i++) {
        assert_int_equal(journal_add(&c->j, TUNE_T_CPU_ONLINE, (uint32_t)i, 0, 1), 0);
    }
    assert_int_equal(journal_add(&c->j, TUNE_T_FAN_PWM, 0, 0, 1), -E2BIG);
}

static void expect_bad(Ctx *c, const char *text, int line) {
    int bad = 0;
    int rc = journal_parse(text, strlen(text), &c->k, &bad);
    if (rc != -EINVAL || bad != line) {
        fail_msg("'%s': rc %d line %d, expected -EINVAL at line %d", text, rc, bad, line);
    }
}

static void test_strict_parse(void **state) {
    Ctx *c = *state;
    expect_bad(c, "", 1);
    expect_bad(c, "# only a comment\n", 1);
    expect_bad(c, "jtune-journal 2\nroot /\n", 1);
    expect_bad(c, "root /\njtune-journal 1\n", 1);
    expect_bad(c, "jtune-journal 1\n", 1);
    expect_bad(c, "jtune-journal 1\nroot relative/path\n", 2);
    expect_bad(c, "jtune-journal 1\nroot /\ncpu_offline 1 0 1\n", 3);
    expect_bad(c, "jtune-journal 1\nroot /\n\n# c\ncpu_online x 0 1\n", 5);
    expect_bad(c, "jtune-journal 1\nroot /\ncpu_online 1 0\n", 3);
    expect_bad(c, "jtune-journal 1\nroot /\ncpu_online 1 0 1 9\n", 3);
    expect_bad(c, "jtune-journal 1\nroot /\ncpu_online 4294967296 0 1\n", 3);
    expect_bad(c, "jtune-journal 1\nroot /\ncpuidle_disable 1 65536 1\n", 3);
    expect_bad(c, "jtune-journal 1\nroot /\ncpu_online -1 0 1\n", 3);
    expect_bad(c, "jtune-journal 1\nroot /\ncpu_online 1 0 1\ncpu_online 1 0 0\n", 4);
    int bad;
    const char *ok = "# c\njtune-journal 1\nroot /\n\ncpu_online 1 0 0\n";
    assert_int_equal(journal_parse(ok, strlen(ok), &c->k, &bad), 0);
    assert_int_equal(c->k.n, 1);
}

static void test_save_load(void **state) {
    Ctx *c = *state;
    int bad;
    assert_int_equal(journal_load(c->dirfd, &c->k, &bad), -ENOENT);
    fill(&c->j);
    assert_int_equal(journal_save(c->dirfd, &c->j), 0);
    struct stat st;
    assert_int_equal(stat(file(c, "journal"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(fixture_count_entries(c->dir), 1); /* the temp file was renamed into place */
    assert_int_equal(journal_load(c->dirfd, &c->k, &bad), 0);
    assert_int_equal(c->k.n, 5);
    assert_string_equal(c->k.root, "/tmp/some root");
    /* a stale temp file from a crash mid-save (the first name this process tries) does not
     * disturb the next save and is left alone */
    char stale[64];
    snprintf(stale, sizeof stale, ".journal.tmp.%ld.0", (long)getpid());
    int fd = open(file(c, stale), O_WRONLY | O_CREAT, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "torn", 4), 4);
    close(fd);
    journal_remove(&c->j, 0);
    assert_int_equal(journal_save(c->dirfd, &c->j), 0);
    assert_int_equal(journal_load(c->dirfd, &c->k, &bad), 0);
    assert_int_equal(c->k.n, 4);
    assert_string_equal(slurp_static(file(c, stale)), "torn");
    /* empty: no file */
    c->j.n = 0;
    assert_int_equal(journal_save(c->dirfd, &c->j), 0);
    assert_int_equal(access(file(c, "journal"), F_OK), -1);
    assert_int_equal(journal_save(c->dirfd, &c->j), 0);
}

static void test_load_bad_and_set_aside(void **state) {
    Ctx *c = *state;
    FILE *f = fopen(file(c, "journal"), "w");
    assert_non_null(f);
    fputs("jtune-journal 1\nroot /\ngarbage here\n", f);
    fclose(f);
    int bad = 0;
    assert_int_equal(journal_load(c->dirfd, &c->k, &bad), -EINVAL);
    assert_int_equal(bad, 3);
    assert_int_equal(journal_set_aside(c->dirfd), 0);
    assert_int_equal(access(file(c, "journal"), F_OK), -1);
    assert_non_null(strstr(slurp_static(file(c, "journal.bad")), "garbage"));
    /* a link planted as the journal is not followed */
    assert_int_equal(symlink("/etc/passwd", file(c, "journal")), 0);
    assert_int_equal(journal_load(c->dirfd, &c->k, &bad), -ELOOP);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_find_remove, setup, teardown),
        cmocka_unit_test_setup_teardown(test_strict_parse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_bad_and_set_aside, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
