/* SPDX-License-Identifier: MIT */
/* sim process: simproc starts jtune-sim on a private root and waits for the complete tree;
 * while it runs, power-gated zones answer EAGAIN and writes are handled by the live loop;
 * stop ends the process and removes the root; a failed start leaves nothing behind. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/platform/sysfs.h"
#include "jtune/sim/simproc.h"
#include "simtest.h"

static void test_find_exe(void **state) {
    (void)state;
    char exe[4096];
    assert_int_equal(simproc_find_exe(exe, sizeof exe), 0);
    assert_non_null(strstr(exe, "/jtune-sim"));
    assert_int_equal(access(exe, X_OK), 0);
}

/* Wait (bounded) until rel reads want: the child animates on its own clock, so there is no
 * step to take; the bound only guards against a hung child. */
static bool eventually(const char *root, const char *rel, const char *want) {
    struct timespec pause = {0, 20 * 1000 * 1000};
    for (int i = 0; i < 1500; i++) {
        if (strcmp(simtest_read(root, rel, NULL), want) == 0) {
            return true;
        }
        nanosleep(&pause, NULL);
    }
    return false;
}

static void test_live_simulator(void **state) {
    (void)state;
    Fixture tmp;
    assert_int_equal(fixture_mkroot(&tmp), 0);
    SimProc sp;
    SimProcOptions o = {.board = "orin-nano-super", .seed = 4, .hz = 20, .tmpdir = tmp.root};
    assert_int_equal(simproc_start(&sp, &o), 0);
    assert_true(sp.pid > 0);
    assert_int_equal(strncmp(sp.root, tmp.root, strlen(tmp.root)), 0);
    /* ready means complete: the last files written are there */
    assert_string_equal(simtest_read(sp.root, "var/lib/nvpmodel/status", NULL), "pmode:0001\n");
    /* a power-gated sensor: read() fails with EAGAIN while the simulator runs */
    char zone[256], path[300];
    assert_int_equal(
        simtest_find(sp.root, "sys/class/thermal", "type", "cv1-thermal", 0, zone, sizeof zone), 0);
    snprintf(path, sizeof path, "%s/temp", zone);
    Sysfs *fs;
    assert_int_equal(sysfs_open(&fs, sp.root), 0);
    AttrId id = sysfs_attr(fs, path);
    char buf[64];
    assert_int_equal(sysfs_attr_read(fs, id, buf, sizeof buf), -EAGAIN);
    assert_int_equal(sysfs_attr_read(fs, id, buf, sizeof buf), -EAGAIN);
    int64_t t;
    assert_int_equal(
        simtest_find(sp.root, "sys/class/thermal", "type", "cpu-thermal", 0, zone, sizeof zone), 0);
    snprintf(path, sizeof path, "%s/temp", zone);
    assert_int_equal(sysfs_read_i64(fs, path, &t), 0);
    assert_true(t > 30000 && t < 80000);
    sysfs_close(fs);
    /* the live loop refuses a bad governor, as the kernel would */
    const char *gov = "sys/devices/system/cpu/cpufreq/policy0/scaling_governor";
    assert_int_equal(simtest_write(sp.root, gov, "bogus"), 0);
    assert_true(eventually(sp.root, gov, "schedutil\n"));
    pid_t pid = sp.pid;
    char root[4096];
    snprintf(root, sizeof root, "%s", sp.root);
    assert_int_equal(simproc_stop(&sp), 0);
    assert_int_equal(kill(pid, 0), -1); /* reaped */
    struct stat st;
    assert_int_equal(stat(root, &st), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(simproc_stop(&sp), 0); /* twice is harmless */
    fixture_cleanup(&tmp);
}

static void test_failed_start_leaves_nothing(void **state) {
    (void)state;
    Fixture tmp;
    assert_int_equal(fixture_mkroot(&tmp), 0);
    SimProc sp;
    SimProcOptions o = {.board = "no-such-board", .tmpdir = tmp.root, .quiet = true};
    int rc = simproc_start(&sp, &o);
    assert_true(rc < 0);
    assert_int_equal(sp.pid, 0);
    char out[256];
    const char *argv[] = {"/bin/ls", "-A", tmp.root, NULL};
    assert_int_equal(simtest_run(argv, NULL, out, sizeof out), 0);
    assert_string_equal(out, ""); /* no temporary root left */
    SimProcOptions bad_exe = {.exe = "/nonexistent/jtune-sim", .tmpdir = tmp.root, .quiet = true};
    assert_true(simproc_start(&sp, &bad_exe) < 0);
    assert_int_equal(simtest_run(argv, NULL, out, sizeof out), 0);
    assert_string_equal(out, "");
    fixture_cleanup(&tmp);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_exe),
        cmocka_unit_test(test_live_simulator),
        cmocka_unit_test(test_failed_start_leaves_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
