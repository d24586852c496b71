/* SPDX-License-Identifier: MIT */
/* logwriter_full: a write that fails part way (a full disk; here the file size limit, which
 * gives the same short write and then an error) never leaves a torn last row. */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/record/logwriter.h"

static const char row[] = "1,2,3,4,5,6,7,8,9,10,11,12,13,14\n"; /* 33 bytes */
#define ROW_LEN   (sizeof row - 1)
#define LIMIT_LEN (2 * ROW_LEN + ROW_LEN / 2) /* the third row fits only in part */

/* Rows written inline (async false) or by the writer thread (async true). */
static void no_torn_row(bool async) {
    Fixture fx;
    assert_int_equal(fixture_mkroot(&fx), 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/full.csv", fx.root);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) { /* the limit stays in the child */
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {.rlim_cur = LIMIT_LEN, .rlim_max = LIMIT_LEN};
        LogWriter *w = NULL;
        if (setrlimit(RLIMIT_FSIZE, &rl) < 0 || logwriter_open(&w, path, LOGFMT_CSV) != 0 ||
            (async && logwriter_set_async(w) != 0)) {
            _exit(2);
        }
        int rc = 0;
        for (int i = 0; i < 10 && rc == 0; i++) {
            rc = logwriter_write_line(w, row, ROW_LEN, i);
        }
        int crc = logwriter_close(w); /* the thread's error arrives here at the latest */
        rc = rc ? rc : crc;
        _exit(rc == -EFBIG ? 0 : 3);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 2 * ROW_LEN); /* two whole rows, not a part of the third */
    const char *text = slurp_static(path);
    assert_int_equal(text[st.st_size - 1], '\n');
    fixture_cleanup(&fx);
}

static void test_no_torn_row(void **state) {
    (void)state;
    no_torn_row(false);
}

static void test_no_torn_row_async(void **state) {
    (void)state;
    no_torn_row(true);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_torn_row),
        cmocka_unit_test(test_no_torn_row_async),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
