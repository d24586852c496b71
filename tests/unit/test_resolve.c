/* SPDX-License-Identifier: MIT */
/* resolve: user-space RESOLVE_IN_ROOT / RESOLVE_BENEATH. Every case is also asked of the
 * kernel's openat2 where it has one: both must open the same file or fail the same way. */
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
#include "jtune/core/syscompat.h"
#include "jtune/platform/resolve.h"

typedef struct {
    Fixture fx;
    char outside[PATH_MAX];
    int rootfd;
} Tree;

static void put(Tree *t, const char *rel, const char *text) {
    assert_int_equal(fixture_put(&t->fx, rel, text), 0);
}

static void link_at(Tree *t, const char *target, const char *rel) {
    assert_int_equal(symlink(target, fixture_path(&t->fx, rel)), 0);
}

/* root/a/b/file, root/etc/marker, and links of every kind; a file outside the root. */
static int setup(void **state) {
    Tree *t = calloc(1, sizeof *t);
    assert_non_null(t);
    assert_int_equal(fixture_mkroot(&t->fx), 0);
    put(t, "a/b/file", "inside\n");
    put(t, "etc/marker", "root etc\n");
    snprintf(t->outside, sizeof t->outside, "%s.outside", t->fx.root);
    assert_int_equal(mkdir(t->outside, 0755), 0);
    char victim[PATH_MAX + 16];
    snprintf(victim, sizeof victim, "%s/marker", t->outside);
    FILE *f = fopen(victim, "w");
    assert_non_null(f);
    fputs("outside\n", f);
    fclose(f);
    link_at(t, "/a/b", "abs");                     /* absolute, inside when rooted */
    link_at(t, "../../../../../../etc", "a/b/up"); /* climbs past the root */
    link_at(t, t->outside, "a/out");               /* absolute, to the outside dir */
    link_at(t, "b/file", "a/rel");                 /* plain relative */
    link_at(t, "loop2", "loop1");
    link_at(t, "loop1", "loop2");
    link_at(t, "/a/new", "a/dangling"); /* O_CREAT through it must create root/a/new */
    link_at(t, "..", "a/b/parent");
    t->rootfd = open(t->fx.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    assert_true(t->rootfd >= 0);
    *state = t;
    return 0;
}

static int teardown(void **state) {
    Tree *t = *state;
    close(t->rootfd);
    fixture_cleanup(&t->fx);
    rm_rf(t->outside);
    free(t);
    return 0;
}

/* What an fd holds, for comparing two opens. */
static int64_t ino_of(int fd) {
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    return (int64_t)st.st_ino;
}

/* Opens rel both ways; returns the inode (>= 0) or -errno, after checking they agree. */
static int64_t both(Tree *t, const char *rel, int flags, int how) {
    int fd = resolve_open(t->rootfd, rel, flags, 0644, how);
    int64_t mine = fd >= 0 ? ino_of(fd) : fd;
    if (fd >= 0) {
        close(fd);
    }
    struct open_how oh = {.flags = (uint64_t)(flags | O_CLOEXEC),
                          .mode = (flags & O_CREAT) ? 0644 : 0,
                          .resolve =
                              (how == RESOLVE_US_IN_ROOT ? RESOLVE_IN_ROOT : RESOLVE_BENEATH) |
                              RESOLVE_NO_MAGICLINKS};
    long kfd = syscall(SYS_openat2, t->rootfd, rel, &oh, sizeof oh);
    if (kfd < 0 && errno == ENOSYS) {
        return mine; /* no kernel to compare with */
    }
    int64_t kernel = kfd >= 0 ? ino_of((int)kfd) : -errno;
    if (kfd >= 0) {
        close((int)kfd);
    }
    if (mine != kernel) {
        fail_msg("%s: user space %lld, kernel %lld", rel, (long long)mine, (long long)kernel);
    }
    return mine;
}

static int64_t ino_at(Tree *t, const char *rel) {
    struct stat st;
    assert_int_equal(stat(fixture_path(&t->fx, rel), &st), 0);
    return (int64_t)st.st_ino;
}

static void test_in_root(void **state) {
    Tree *t = *state;
    int64_t file = ino_at(t, "a/b/file"), etc = ino_at(t, "etc/marker");
    assert_int_equal(both(t, "a/b/file", O_RDONLY, RESOLVE_US_IN_ROOT), file);
    assert_int_equal(both(t, "abs/file", O_RDONLY, RESOLVE_US_IN_ROOT), file);
    assert_int_equal(both(t, "a/rel", O_RDONLY, RESOLVE_US_IN_ROOT), file);
    assert_int_equal(both(t, "a/b/up/marker", O_RDONLY, RESOLVE_US_IN_ROOT), etc);
    assert_int_equal(both(t, "../../../etc/marker", O_RDONLY, RESOLVE_US_IN_ROOT), etc);
    assert_int_equal(both(t, "a/b/parent/b/./file", O_RDONLY, RESOLVE_US_IN_ROOT), file);
    assert_int_equal(both(t, "a/out/marker", O_RDONLY, RESOLVE_US_IN_ROOT), -ENOENT);
    assert_int_equal(both(t, "loop1", O_RDONLY, RESOLVE_US_IN_ROOT), -ELOOP);
    assert_int_equal(both(t, "a/b/file/x", O_RDONLY, RESOLVE_US_IN_ROOT), -ENOTDIR);
    assert_int_equal(both(t, "", O_RDONLY | O_DIRECTORY, RESOLVE_US_IN_ROOT), -ENOENT);
    assert_int_equal(both(t, ".", O_RDONLY | O_DIRECTORY, RESOLVE_US_IN_ROOT), ino_at(t, "."));
    assert_int_equal(both(t, "a/..", O_RDONLY | O_DIRECTORY, RESOLVE_US_IN_ROOT), ino_at(t, "."));
    assert_int_equal(both(t, "abs", O_RDONLY | O_DIRECTORY, RESOLVE_US_IN_ROOT), ino_at(t, "a/b"));
}

static void test_beneath(void **state) {
    Tree *t = *state;
    assert_int_equal(both(t, "a/rel", O_RDONLY, RESOLVE_US_BENEATH), ino_at(t, "a/b/file"));
    assert_int_equal(both(t, "abs/file", O_RDONLY, RESOLVE_US_BENEATH), -EXDEV);
    assert_int_equal(both(t, "a/b/up/marker", O_RDONLY, RESOLVE_US_BENEATH), -EXDEV);
    assert_int_equal(both(t, "../etc/marker", O_RDONLY, RESOLVE_US_BENEATH), -EXDEV);
    assert_int_equal(both(t, "a/out/marker", O_RDONLY, RESOLVE_US_BENEATH), -EXDEV);
    assert_int_equal(both(t, "a/b/parent/b/file", O_RDONLY, RESOLVE_US_BENEATH),
                     ino_at(t, "a/b/file"));
}

/* Writes and creates land inside the root, never outside. */
static void test_writes_stay_inside(void **state) {
    Tree *t = *state;
    int fd = resolve_open(t->rootfd, "a/dangling", O_WRONLY | O_CREAT, 0644, RESOLVE_US_IN_ROOT);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "new\n", 4), 4);
    close(fd);
    assert_string_equal(slurp_static(fixture_path(&t->fx, "a/new")), "new\n");
    fd = resolve_open(t->rootfd, "a/out/marker", O_WRONLY | O_TRUNC, 0, RESOLVE_US_IN_ROOT);
    assert_int_equal(fd, -ENOENT);
    fd = resolve_open(t->rootfd, "a/out/marker", O_WRONLY | O_TRUNC, 0, RESOLVE_US_BENEATH);
    assert_int_equal(fd, -EXDEV);
    char victim[PATH_MAX + 16];
    snprintf(victim, sizeof victim, "%s/marker", t->outside);
    assert_string_equal(slurp_static(victim), "outside\n");
    assert_int_equal(resolve_open(t->rootfd, "/etc/passwd", O_RDONLY, 0, RESOLVE_US_IN_ROOT),
                     -EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_in_root, setup, teardown),
        cmocka_unit_test_setup_teardown(test_beneath, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writes_stay_inside, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
