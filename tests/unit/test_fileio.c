/* SPDX-License-Identifier: MIT */
/* fileio: the one atomic replace - exclusive temp names (a planted file or symlink is never
 * followed or truncated), a reader that only ever sees a whole old or whole new file, the
 * mode (umask or exact), and errors reported with the old file untouched and no temp left. */
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
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/platform/fileio.h"

static int setup(void **state) {
    Fixture *fx = calloc(1, sizeof *fx);
    assert_int_equal(fixture_mkroot(fx), 0);
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    fixture_cleanup(*state);
    free(*state);
    return 0;
}

static void test_replace_contents_and_mode(void **state) {
    Fixture *fx = *state;
    char out[PATH_MAX];
    snprintf(out, sizeof out, "%s", fixture_path(fx, "out.txt"));
    mode_t old = umask(077);
    assert_int_equal(fileio_write_atomic(out, "first\n", 6, 0644), 0);
    assert_string_equal(slurp_static(out), "first\n");
    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600); /* the umask applies */
    assert_int_equal(fileio_replace(out, "second\n", 7, 0644, FILEIO_EXACT_MODE), 0);
    umask(old);
    assert_string_equal(slurp_static(out), "second\n");
    assert_int_equal(stat(out, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644); /* exact, whatever the umask */
    assert_int_equal(fixture_count_entries(fx->root), 1);
    /* an empty file is a valid content too */
    assert_int_equal(fileio_write_atomic(out, "", 0, 0644), 0);
    assert_string_equal(slurp_static(out), "");
}

static void test_planted_temp_names_not_followed(void **state) {
    Fixture *fx = *state;
    char out[PATH_MAX], victim[PATH_MAX], link[PATH_MAX], plain[PATH_MAX];
    snprintf(out, sizeof out, "%s", fixture_path(fx, "metrics.prom"));
    snprintf(victim, sizeof victim, "%s", fixture_path(fx, "victim"));
    assert_int_equal(fixture_put(fx, "victim", "precious\n"), 0);
    /* the first two temp names this process would try: a symlink and a plain file */
    snprintf(link, sizeof link, "%s/.metrics.prom.tmp.%ld.0", fx->root, (long)getpid());
    snprintf(plain, sizeof plain, "%s/.metrics.prom.tmp.%ld.1", fx->root, (long)getpid());
    assert_int_equal(symlink(victim, link), 0);
    int fd = open(plain, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "planted", 7), 7);
    close(fd);

    assert_int_equal(fileio_write_atomic(out, "new\n", 4, 0644), 0);
    assert_string_equal(slurp_static(out), "new\n");
    assert_string_equal(slurp_static(victim), "precious\n"); /* not written through */
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode)); /* still the planted link: not replaced, not removed */
    assert_string_equal(slurp_static(plain), "planted"); /* not truncated */
    assert_int_equal(lstat(out, &st), 0);
    assert_true(S_ISREG(st.st_mode));

    /* a symlink at the target itself is replaced by the file, never written through */
    assert_int_equal(unlink(out), 0);
    assert_int_equal(symlink(victim, out), 0);
    assert_int_equal(fileio_write_atomic(out, "newer\n", 6, 0644), 0);
    assert_int_equal(lstat(out, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_string_equal(slurp_static(victim), "precious\n");
}

static void test_temp_names_exhausted(void **state) {
    Fixture *fx = *state;
    int dfd = open(fx->root, O_RDONLY | O_DIRECTORY);
    assert_true(dfd >= 0);
    char tmp[NAME_MAX + 1];
    int fds[64];
    for (int i = 0; i < 64; i++) {
        fds[i] = fileio_temp_createat(dfd, "x", 0600, tmp, sizeof tmp);
        assert_true(fds[i] >= 0);
    }
    assert_int_equal(fileio_temp_createat(dfd, "x", 0600, tmp, sizeof tmp), -EEXIST);
    assert_int_equal(fileio_replace_at(dfd, "x", "a", 1, 0600, 0), -EEXIST);
    assert_int_equal(fileio_temp_createat(dfd, "a/b", 0600, tmp, sizeof tmp), -EINVAL);
    for (int i = 0; i < 64; i++) {
        close(fds[i]);
    }
    close(dfd);
}

#define BIG_A  1000
#define BIG_B  70000
#define ROUNDS 300

/* A reader in a child process reads the file over and over while the parent replaces it;
 * every read must be all of A or all of B (or the final END), never empty or partial. */
static int reader_loop(const char *path) {
    for (;;) {
        char *buf = NULL;
        size_t len = 0;
        if (fileio_slurp(path, 1 << 20, &buf, &len) < 0) {
            return 2;
        }
        int bad = 0;
        char c = len == BIG_A ? 'a' : len == BIG_B ? 'b' : 0;
        if (len == 3 && memcmp(buf, "END", 3) == 0) {
            free(buf);
            return 0;
        }
        for (size_t i = 0; i < len && !bad; i++) {
            bad = buf[i] != c;
        }
        free(buf);
        if (!c || bad) {
            fprintf(stderr, "reader saw %zu bytes (partial or mixed)\n", len);
            return 1;
        }
    }
}

static void test_reader_never_sees_partial(void **state) {
    Fixture *fx = *state;
    char out[PATH_MAX];
    snprintf(out, sizeof out, "%s", fixture_path(fx, "shared.txt"));
    char *a = malloc(BIG_A), *b = malloc(BIG_B);
    memset(a, 'a', BIG_A);
    memset(b, 'b', BIG_B);
    assert_int_equal(fileio_write_atomic(out, a, BIG_A, 0644), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        _exit(reader_loop(out));
    }
    for (int i = 0; i < ROUNDS; i++) {
        assert_int_equal(fileio_write_atomic(out, i % 2 ? a : b, i % 2 ? BIG_A : BIG_B, 0644), 0);
    }
    assert_int_equal(fileio_write_atomic(out, "END", 3, 0644), 0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(fixture_count_entries(fx->root), 1); /* no temp files left */
    free(a);
    free(b);
}

static void test_errors_reported(void **state) {
    Fixture *fx = *state;
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", fixture_path(fx, "no/such/dir/f"));
    assert_int_equal(fileio_write_atomic(p, "x", 1, 0644), -ENOENT);
    assert_int_equal(fixture_put(fx, "afile", "keep\n"), 0);
    snprintf(p, sizeof p, "%s", fixture_path(fx, "afile/f"));
    assert_int_equal(fileio_write_atomic(p, "x", 1, 0644), -ENOTDIR);
    /* the target is a directory: the rename fails, the directory stays, no temp is left */
    snprintf(p, sizeof p, "%s", fixture_path(fx, "adir"));
    assert_int_equal(mkdir(p, 0755), 0);
    assert_int_equal(fileio_write_atomic(p, "x", 1, 0644), -EISDIR);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(fixture_count_entries(fx->root), 2);
    /* a name too long for a temp name beside it */
    char name[NAME_MAX + 1];
    memset(name, 'n', NAME_MAX);
    name[NAME_MAX] = '\0';
    snprintf(p, sizeof p, "%s/%s", fx->root, name);
    assert_int_equal(fileio_write_atomic(p, "x", 1, 0644), -ENAMETOOLONG);
    assert_string_equal(slurp_static(fixture_path(fx, "afile")), "keep\n");
    assert_int_equal(fixture_count_entries(fx->root), 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_replace_contents_and_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_planted_temp_names_not_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_temp_names_exhausted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reader_never_sees_partial, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_reported, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
