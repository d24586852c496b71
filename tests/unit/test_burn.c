/* SPDX-License-Identifier: MIT */
/* Built-in burners: argument parsing, batch lines in order, demand file, exit codes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/workload/burn.h"

static int parse(const char *line, BurnArgs *a, char *err) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", line);
    char *argv[16];
    int argc = 0;
    for (char *t = strtok(buf, " "); t && argc < 15; t = strtok(NULL, " ")) {
        argv[argc++] = t;
    }
    argv[argc] = NULL;
    return burn_parse_args(argc, argv, a, err, 256);
}

static void test_args(void **state) {
    (void)state;
    BurnArgs a;
    char err[256];
    assert_int_equal(
        parse("b --batches 3 --batch-ms 50 --idle-ms 20 --kind copy --threads 2", &a, err), 0);
    assert_int_equal(a.batches, 3);
    assert_int_equal(a.batch_ms, 50);
    assert_int_equal(a.idle_ms, 20);
    assert_int_equal(a.kind, BURN_COPY);
    assert_int_equal(a.threads, 2);
    assert_int_equal(parse("b --batches 3 --batch-ms 50", &a, err), 2);
    assert_non_null(strstr(err, "required"));
    assert_int_equal(parse("b --batches 0 --batch-ms 5 --idle-ms 5", &a, err), 2);
    assert_non_null(strstr(err, "--batches"));
    assert_int_equal(parse("b --batches 1 --batch-ms 5 --idle-ms 5 --kind fft", &a, err), 2);
    assert_int_equal(parse("b --batches 1 --batch-ms 5 --idle-ms 5 extra", &a, err), 2);
    assert_int_equal(parse("b --help", &a, err), 1);
}

static void test_cpu_burner_batches(void **state) {
    (void)state;
    char demand[] = "/tmp/jtune-demand-XXXXXX";
    int fd = mkstemp(demand);
    assert_true(fd >= 0);
    close(fd);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "%s/jtune-burn-cpu --batches 4 --batch-ms 30 --idle-ms 10 --threads 1 "
             "--demand-file %s",
             test_build_dir(), demand);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[128];
    int k = 0;
    bool begin = true;
    while (fgets(line, sizeof line, p)) {
        char expect[64];
        snprintf(expect, sizeof expect, "jtune-batch %s %d\n", begin ? "begin" : "end",
                 begin ? k + 1 : k + 1);
        assert_string_equal(line, expect);
        if (!begin) {
            k++;
        }
        begin = !begin;
    }
    int st = pclose(p);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    assert_int_equal(k, 4);
    /* after the last batch the board is told the load is gone */
    const char *d = slurp_static(demand);
    assert_non_null(strstr(d, "cpu "));
    assert_non_null(strstr(d, " 0\n"));
    unlink(demand);
}

static void test_cpu_burner_bad_args(void **state) {
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s/jtune-burn-cpu --batches x 2>/dev/null", test_build_dir());
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_args),
        cmocka_unit_test(test_cpu_burner_batches),
        cmocka_unit_test(test_cpu_burner_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
