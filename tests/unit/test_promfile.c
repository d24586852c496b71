/* SPDX-License-Identifier: MIT */
/* promfile: the textfile-collector file - name and directory checked up front, contents with
 * energy counters, readable whatever the umask, no temporary file left, removed on close;
 * then the real `jtune --headless --prom-textfile` on the live simulator at a 5 ms interval
 * while this test reads the file as fast as it can: every read sees a complete file (ends
 * with a newline, every metric family present), promtool accepts it, and it is gone after
 * the run. */
#include <dirent.h>
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
#include "jtune/record/promfile.h"
#include "jtune/core/energy.h"
#include "jtune/platform/fileio.h"
#include "jtune/sim/simproc.h"
#include "synth.h"

static SimProc sim;
static Fixture fx;

static int setup(void **state) {
    (void)state;
    SimProcOptions o = {.board = "orin-nano-super", .seed = 5, .hz = 50, .quiet = true};
    int rc = simproc_start(&sim, &o);
    if (rc) {
        fprintf(stderr, "cannot start jtune-sim: %s\n", strerror(-rc));
        return -1;
    }
    if (fixture_mkroot(&fx)) {
        simproc_stop(&sim);
        return -1;
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    fixture_cleanup(&fx);
    return simproc_stop(&sim);
}

/* Entries in the scratch directory (temporary files must not linger). */
static int entries(void) {
    DIR *d = opendir(fx.root);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    closedir(d);
    return n;
}

static void test_open_checks(void **state) {
    (void)state;
    PromFile *pf = NULL;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/metrics.txt", fx.root);
    assert_int_equal(promfile_open(&pf, path), -EINVAL);
    snprintf(path, sizeof path, "%s/.prom", fx.root);
    assert_int_equal(promfile_open(&pf, path), -EINVAL);
    snprintf(path, sizeof path, "%s/no/such/dir/jtune.prom", fx.root);
    assert_int_equal(promfile_open(&pf, path), -ENOENT);
    assert_null(pf);
    assert_int_equal(entries(), 0);
}

static void test_write_and_close(void **state) {
    (void)state;
    Inventory inv;
    Sample s[2];
    synth_inventory(&inv);
    synth_sample(&inv, 0, &s[0]);
    synth_sample(&inv, 1, &s[1]);
    EnergyMeter em;
    energy_meter_init(&em, &inv, 10000000000LL);
    energy_meter_add(&em, &s[0]);
    energy_meter_add(&em, &s[1]);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/jtune.prom", fx.root);
    PromFile *pf = NULL;
    mode_t old = umask(077);
    assert_int_equal(promfile_open(&pf, path), 0);
    assert_int_equal(promfile_write(pf, &inv, &s[1], &em), 0);
    umask(old);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644); /* the collector runs as another user */
    assert_int_equal(entries(), 1);            /* no temporary file left behind */
    const char *text = slurp_static(path);
    /* VDD_IN: 5072 mV x 900 mA, then x 910 mA one second later (whole mW): the trapezoid */
    double j0 = 5072 * 900 / 1000, j1 = 5072 * 910 / 1000;
    char want[160];
    snprintf(want, sizeof want,
             "jtune_energy_joules_total{board=\"p3767-0005\",rail=\"VDD_IN\"} %.9g\n",
             (j0 + j1) / 2 / 1000);
    if (!strstr(text, want)) {
        const char *got = strstr(text, "jtune_energy_joules_total{");
        fail_msg("wanted %sgot %.100s", want, got ? got : "(no energy counter)");
    }
    assert_non_null(strstr(text, "# TYPE jtune_input_energy_joules_total counter\n"));
    assert_non_null(strstr(text, "jtune_rail_power_watts{board=\"p3767-0005\",rail=\"VDD_IN\"}"));
    promfile_close(pf, false);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(promfile_open(&pf, path), 0);
    assert_string_equal(promfile_path(pf), path);
    promfile_close(pf, true);
    assert_int_equal(access(path, F_OK), -1);
}

static const char *const families[] = {
    "# TYPE jtune_board_info gauge\n",
    "# TYPE jtune_rail_power_watts gauge\n",
    "# TYPE jtune_energy_joules_total counter\n",
    "# TYPE jtune_input_power_watts gauge\n",
    "# TYPE jtune_input_energy_joules_total counter\n",
    "# TYPE jtune_temperature_celsius gauge\n",
    "# TYPE jtune_cpu_frequency_hertz gauge\n",
    "# TYPE jtune_gpu_frequency_hertz gauge\n",
    "# TYPE jtune_memory_used_bytes gauge\n",
};

/* A whole metrics file: ends with a newline and has every family. */
static void check_complete(const char *text, size_t len) {
    if (len == 0 || text[len - 1] != '\n') {
        fail_msg("a reader saw a partial file (%zu bytes)", len);
    }
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        if (!strstr(text, families[i])) {
            fail_msg("a reader saw a file without %s", families[i]);
        }
    }
}

static void promtool_check(const char *path) {
    if (access("/usr/bin/promtool", X_OK) != 0) {
        printf("promtool not found (Debian package prometheus): format check skipped\n");
        return;
    }
    char cmd[PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "promtool check metrics < '%s'", path);
    int rc = system(cmd);
    assert_true(WIFEXITED(rc));
    assert_int_equal(WEXITSTATUS(rc), 0);
}

static void test_headless_never_half_written(void **state) {
    (void)state;
    char path[PATH_MAX], snap[PATH_MAX], exe[PATH_MAX];
    snprintf(path, sizeof path, "%s/board.prom", fx.root);
    snprintf(snap, sizeof snap, "%s/snapshot.txt", fx.root);
    snprintf(exe, sizeof exe, "%s/jtune", test_build_dir());
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 2);
        execl(exe, exe, "--headless", "--root", sim.root, "--interval", "5", "--count", "400",
              "--prom-textfile", path, (char *)NULL);
        _exit(127);
    }
    assert_true(pid > 0);
    int reads = 0, st;
    pid_t done = 0;
    while (done == 0) {
        done = waitpid(pid, &st, WNOHANG);
        char *text = NULL;
        size_t len = 0;
        int rc = fileio_slurp(path, 1u << 22, &text, &len);
        if (rc == -ENOENT) {
            continue; /* not written yet, or removed at the end */
        }
        assert_int_equal(rc, 0);
        check_complete(text, len);
        if (reads++ == 0) {
            assert_int_equal(fileio_write_atomic(snap, text, len, 0644), 0);
        }
        free(text);
    }
    assert_int_equal(done, pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    printf("read the metrics file %d times while it was rewritten every 5 ms\n", reads);
    assert_true(reads > 0);
    promtool_check(snap);
    assert_int_equal(access(path, F_OK), -1); /* a stopped run exports nothing */
    unlink(snap);
    assert_int_equal(entries(), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_checks),
        cmocka_unit_test(test_write_and_close),
        cmocka_unit_test(test_headless_never_half_written),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
