/* SPDX-License-Identifier: MIT */
/* sysfs: root-relative reads, the pread cache and in-place updates, vanishing files,
 * EAGAIN sensors, confinement of writes. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/platform/sysfs.h"

typedef struct {
    Fixture fx;
    Sysfs *fs;
} Ctx;

static int setup(void **state) {
    Ctx *c = calloc(1, sizeof *c);
    assert_int_equal(fixture_load(&c->fx, "orin-nano-super.tree"), 0);
    assert_int_equal(sysfs_open(&c->fs, c->fx.root), 0);
    *state = c;
    return 0;
}

static int teardown(void **state) {
    Ctx *c = *state;
    sysfs_close(c->fs);
    fixture_cleanup(&c->fx);
    free(c);
    return 0;
}

static void test_root_is_canonical(void **state) {
    Ctx *c = *state;
    assert_false(sysfs_is_real_root(c->fs));
    char expect[PATH_MAX];
    assert_non_null(realpath(c->fx.root, expect));
    assert_string_equal(sysfs_root(c->fs), expect);
    Sysfs *real = NULL;
    assert_int_equal(sysfs_open(&real, NULL), 0);
    assert_true(sysfs_is_real_root(real));
    sysfs_close(real);
    assert_int_equal(sysfs_open(&real, "/nonexistent/jtune/root"), -ENOENT);
}

static void test_cache_sees_inplace_updates(void **state) {
    Ctx *c = *state;
    const char *p = "sys/devices/system/cpu/cpufreq/policy0/scaling_cur_freq";
    AttrId id = sysfs_attr(c->fs, p);
    assert_true(id >= 0);
    assert_int_equal(sysfs_attr(c->fs, p), id); /* deduplicated */
    int64_t v;
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), 0);
    assert_int_equal(v, 729600);
    assert_int_equal(sysfs_attr_open_count(c->fs), 1);
    /* rewritten in place (longer, then shorter): the same fd sees each new value */
    assert_int_equal(fixture_put(&c->fx, p, "1190400\n"), 0);
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), 0);
    assert_int_equal(v, 1190400);
    assert_int_equal(fixture_put(&c->fx, p, "99\n"), 0);
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), 0);
    assert_int_equal(v, 99);
    assert_int_equal(sysfs_attr_open_count(c->fs), 1);
}

static void test_links_stay_inside_root(void **state) {
    Ctx *c = *state;
    /* proc/device-tree is an ABSOLUTE link (/sys/firmware/devicetree/base): it must resolve
     * inside the fixture, not on the host */
    char model[128];
    assert_int_equal(sysfs_read_str(c->fs, "proc/device-tree/model", model, sizeof model), 0);
    assert_string_equal(model, "NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super");
    char res[256];
    assert_int_equal(sysfs_resolve(c->fs, "sys/class/devfreq/17000000.gpu", res, sizeof res), 0);
    assert_string_equal(res, "sys/devices/platform/bus@0/17000000.gpu/devfreq/17000000.gpu");
    assert_int_equal(sysfs_resolve(c->fs, "proc/device-tree", res, sizeof res), 0);
    assert_string_equal(res, "sys/firmware/devicetree/base");
    /* absolute paths are refused: everything is root-relative */
    assert_int_equal(sysfs_read_str(c->fs, "/etc/hostname", model, sizeof model), -EINVAL);
    assert_true(sysfs_attr(c->fs, "/sys/x") < 0);
}

static void test_missing_and_vanishing(void **state) {
    Ctx *c = *state;
    const char *p = "sys/devices/platform/bus@0/c240000.i2c/i2c-1/1-0040/hwmon/hwmon1/curr1_input";
    AttrId id = sysfs_attr(c->fs, p);
    int64_t v;
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), 0);
    assert_int_equal(v, 960);
    AttrId gone = sysfs_attr(c->fs, "sys/class/hwmon/hwmon9/curr1_input");
    assert_int_equal(sysfs_attr_i64(c->fs, gone, &v), -ENOENT);
    assert_int_equal(sysfs_attr_errno(c->fs, gone), ENOENT);
    /* the file comes back: picked up within the retry backoff (<= 16 reads) */
    assert_int_equal(fixture_put(&c->fx, "sys/class/hwmon/hwmon9/curr1_input", "5\n"), 0);
    int got = -1;
    for (int i = 0; i < 40 && got != 0; i++) {
        got = sysfs_attr_i64(c->fs, gone, &v);
    }
    assert_int_equal(got, 0);
    assert_int_equal(v, 5);
    assert_int_equal(sysfs_attr_errno(c->fs, gone), 0);
}

static void test_empty_and_garbage_are_misses(void **state) {
    Ctx *c = *state;
    const char *p = "sys/devices/virtual/thermal/thermal_zone0/temp";
    AttrId id = sysfs_attr(c->fs, p);
    int64_t v = 7;
    assert_int_equal(fixture_put(&c->fx, p, ""), 0);
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), -ENODATA);
    assert_int_equal(fixture_put(&c->fx, p, "garbage\n"), 0);
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), -EINVAL);
    assert_int_equal(sysfs_attr_errno(c->fs, id), EINVAL);
    assert_int_equal(v, 7);
    assert_int_equal(fixture_put(&c->fx, p, "51000\n"), 0);
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), 0);
    assert_int_equal(v, 51000);
}

static void test_eagain_zone(void **state) {
    Ctx *c = *state;
    AttrId id = sysfs_attr(c->fs, "sys/devices/virtual/thermal/thermal_zone2/temp");
    int64_t v;
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), -EAGAIN);
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), -EAGAIN);
    assert_int_equal(sysfs_attr_errno(c->fs, id), EAGAIN);
    char type[32];
    assert_int_equal(
        sysfs_read_str(c->fs, "sys/class/thermal/thermal_zone2/type", type, sizeof type), 0);
    assert_string_equal(type, "cv0-thermal");
}

/* A node with no value twice in a row is read once per settings period; one miss is not
 * enough, and sysfs_attr_unhold sends the next read to the node. */
static void test_gated_node_read_once_a_period(void **state) {
    Ctx *c = *state;
    const char *p = "sys/devices/virtual/thermal/thermal_zone9/temp";
    assert_int_equal(fixture_eagain(&c->fx, p), 0);
    int wfd = c->fx.fifo_fds[c->fx.n_fifos - 1];
    AttrId id = sysfs_attr(c->fs, p);
    int64_t v = 0;
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), -EAGAIN);
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), -EAGAIN);
    assert_int_equal(write(wfd, "47000\n", 6), 6);
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), -EAGAIN); /* gated: the node is not read */
    assert_int_equal(sysfs_attr_errno(c->fs, id), EAGAIN);
    sysfs_settings_expire(c->fs);
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), 0);
    assert_int_equal(v, 47000);
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), -EAGAIN); /* one miss after a value */
    assert_int_equal(write(wfd, "48000\n", 6), 6);
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), 0);
    assert_int_equal(v, 48000);

    const char *q = "sys/devices/virtual/thermal/thermal_zone0/temp";
    AttrId e = sysfs_attr(c->fs, q);
    assert_int_equal(fixture_put(&c->fx, q, ""), 0);
    assert_int_equal(sysfs_attr_i64(c->fs, e, &v), -ENODATA);
    assert_int_equal(sysfs_attr_i64(c->fs, e, &v), -ENODATA);
    assert_int_equal(fixture_put(&c->fx, q, "52000\n"), 0);
    assert_int_equal(sysfs_attr_i64(c->fs, e, &v), -ENODATA);
    assert_int_equal(sysfs_attr_i64(c->fs, id, &v), -EAGAIN); /* the FIFO again: one miss */
    sysfs_attr_unhold(c->fs, e);
    assert_int_equal(sysfs_attr_i64(c->fs, e, &v), 0);
    assert_int_equal(v, 52000);
}

static void test_read_helpers(void **state) {
    Ctx *c = *state;
    char buf[SYSFS_ATTR_MAX];
    ssize_t n = sysfs_read(c->fs, "proc/meminfo", buf, sizeof buf);
    assert_true(n > 100);
    assert_non_null(strstr(buf, "MemTotal:        7802880 kB"));
    assert_int_equal(sysfs_read(c->fs, "sys/devices/system/cpu/offline", buf, sizeof buf), 1);
    assert_true(sysfs_exists(c->fs, "sys/class/thermal/thermal_zone8"));
    assert_true(sysfs_is_dir(c->fs, "sys/class/thermal/thermal_zone8"));
    assert_false(sysfs_exists(c->fs, "sys/kernel/nvpmodel_emc_cap/emc_iso_cap"));
    DIR *d = sysfs_opendir(c->fs, "sys/class/thermal");
    assert_non_null(d);
    int zones = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        zones += strncmp(e->d_name, "thermal_zone", 12) == 0;
    }
    closedir(d);
    assert_int_equal(zones, 9);
    char p[64];
    assert_int_equal(sysfs_path(p, sizeof p, "sys/devices/system/cpu/cpu%d/online", 5), 0);
    assert_string_equal(p, "sys/devices/system/cpu/cpu5/online");
    assert_int_equal(sysfs_path(p, 8, "%s", "far too long for eight"), -ENAMETOOLONG);
}

static void test_writes_and_confinement(void **state) {
    Ctx *c = *state;
    int64_t v;
    assert_int_equal(sysfs_write(c->fs, "sys/devices/system/cpu/cpu5/online", "0"), 0);
    assert_int_equal(sysfs_read_i64(c->fs, "sys/devices/system/cpu/cpu5/online", &v), 0);
    assert_int_equal(v, 0);
    /* through a class link that stays beneath sys/: allowed */
    assert_int_equal(sysfs_write_beneath(c->fs, "sys", "class/hwmon/hwmon0/pwm1", "128"), 0);
    assert_int_equal(sysfs_read_i64(c->fs, "sys/class/hwmon/hwmon0/pwm1", &v), 0);
    assert_int_equal(v, 128);
    /* a planted link pointing out of sys/ is refused, and nothing is written */
    char victim[PATH_MAX];
    snprintf(victim, sizeof victim, "%s/etc/victim", c->fx.root);
    assert_int_equal(fixture_put(&c->fx, "etc/victim", "safe\n"), 0);
    assert_int_equal(symlink(victim, fixture_path(&c->fx, "sys/devices/system/cpu/cpu3/evil")), 0);
    assert_int_equal(sysfs_write_beneath(c->fs, "sys", "devices/system/cpu/cpu3/evil", "x"),
                     -EXDEV);
    assert_int_equal(symlink("../../../../../etc/victim",
                             fixture_path(&c->fx, "sys/devices/system/cpu/cpu3/evil2")),
                     0);
    assert_int_equal(sysfs_write_beneath(c->fs, "sys", "devices/system/cpu/cpu3/evil2", "x"),
                     -EXDEV);
    assert_int_equal(sysfs_write_beneath(c->fs, "sys", "../etc/victim", "x"), -EXDEV);
    assert_string_equal(slurp_static(victim), "safe\n");
}

/* Renames anywhere (here a process renaming a file back and forth, as a simulator or any
 * atomic save does) make the kernel's scoped lookups through ".." answer EAGAIN; opening
 * a node through a class link must still never fail for it. */
static void test_renames_elsewhere_never_fail_an_open(void **state) {
    Ctx *c = *state;
    assert_int_equal(fixture_put(&c->fx, "tmp/a", "x\n"), 0);
    char a[PATH_MAX], b[PATH_MAX];
    snprintf(a, sizeof a, "%s", fixture_path(&c->fx, "tmp/a"));
    snprintf(b, sizeof b, "%s", fixture_path(&c->fx, "tmp/b"));
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        for (;;) {
            if (rename(a, b) < 0 || rename(b, a) < 0) {
                _exit(1);
            }
        }
    }
    int failures = 0, last = 0;
    for (int i = 0; i < 20000; i++) {
        int fd = sysfs_open_beneath(c->fs, "sys", "class/hwmon/hwmon0/pwm1", O_RDONLY);
        int fd2 = sysfs_openat(c->fs, "sys/class/hwmon/hwmon0/pwm1", O_RDONLY, 0);
        failures += fd < 0 || fd2 < 0;
        last = fd < 0 ? fd : fd2 < 0 ? fd2 : last;
        if (fd >= 0) {
            close(fd);
        }
        if (fd2 >= 0) {
            close(fd2);
        }
    }
    assert_int_equal(waitpid(pid, NULL, WNOHANG), 0); /* still renaming */
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    printf("20000 opens during renames: %d failed (last %d)\n", failures, last);
    assert_int_equal(failures, 0);
}

/* A setting answers with the value of its last good read until settings expire; other
 * attributes, long values and failed reads are read from the file every time. */
static void test_settings_held(void **state) {
    Ctx *c = *state;
    const char *gov = "sys/devices/system/cpu/cpufreq/policy0/scaling_governor";
    const char *cur = "sys/devices/system/cpu/cpufreq/policy0/scaling_cur_freq";
    AttrId g = sysfs_attr_setting(c->fs, sysfs_attr(c->fs, gov));
    AttrId f = sysfs_attr(c->fs, cur);
    assert_true(g >= 0 && f >= 0);
    assert_int_equal(sysfs_attr_setting(c->fs, -ENOENT), -ENOENT); /* passes through */
    char buf[256];
    int64_t v;
    assert_int_equal(sysfs_attr_str(c->fs, g, buf, sizeof buf), 0);
    assert_string_equal(buf, "schedutil");
    assert_int_equal(fixture_put(&c->fx, gov, "performance\n"), 0);
    assert_int_equal(fixture_put(&c->fx, cur, "1190400\n"), 0);
    assert_int_equal(sysfs_attr_str(c->fs, g, buf, sizeof buf), 0);
    assert_string_equal(buf, "schedutil"); /* held */
    assert_int_equal(sysfs_attr_i64(c->fs, f, &v), 0);
    assert_int_equal(v, 1190400); /* not a setting: read */
    /* a buffer too small for the held value reads the file; what it cut short is not held */
    assert_int_equal(sysfs_attr_read(c->fs, g, buf, 4), 3);
    assert_string_equal(buf, "per");
    assert_int_equal(sysfs_attr_str(c->fs, g, buf, sizeof buf), 0);
    assert_string_equal(buf, "performance");
    assert_int_equal(fixture_put(&c->fx, gov, "schedutil\n"), 0);
    assert_int_equal(sysfs_attr_str(c->fs, g, buf, sizeof buf), 0);
    assert_string_equal(buf, "performance"); /* held from the last whole read */
    assert_int_equal(fixture_put(&c->fx, gov, "performance\n"), 0);
    sysfs_settings_expire(c->fs);
    assert_int_equal(sysfs_attr_str(c->fs, g, buf, sizeof buf), 0);
    assert_string_equal(buf, "performance");
    /* a failed read is not held: the next read goes to the file */
    assert_int_equal(fixture_put(&c->fx, gov, ""), 0);
    sysfs_settings_expire(c->fs);
    assert_int_equal(sysfs_attr_str(c->fs, g, buf, sizeof buf), -ENODATA);
    assert_int_equal(fixture_put(&c->fx, gov, "powersave\n"), 0);
    assert_int_equal(sysfs_attr_str(c->fs, g, buf, sizeof buf), 0);
    assert_string_equal(buf, "powersave");
    /* a value of 128 bytes or more is not held */
    char big[160];
    memset(big, 'x', 140);
    big[140] = '\n';
    big[141] = '\0';
    assert_int_equal(fixture_put(&c->fx, gov, big), 0);
    sysfs_settings_expire(c->fs);
    assert_int_equal(sysfs_attr_read(c->fs, g, buf, sizeof buf), 141);
    assert_int_equal(fixture_put(&c->fx, gov, "ondemand\n"), 0);
    assert_int_equal(sysfs_attr_str(c->fs, g, buf, sizeof buf), 0);
    assert_string_equal(buf, "ondemand");
    /* a reset forgets held values along with the registrations */
    assert_int_equal(fixture_put(&c->fx, gov, "userspace\n"), 0);
    sysfs_attr_reset(c->fs);
    g = sysfs_attr(c->fs, gov);
    assert_int_equal(sysfs_attr_str(c->fs, g, buf, sizeof buf), 0);
    assert_string_equal(buf, "userspace");
}

static void test_reset(void **state) {
    Ctx *c = *state;
    AttrId id = sysfs_attr(c->fs, "proc/uptime");
    char buf[64];
    assert_true(sysfs_attr_read(c->fs, id, buf, sizeof buf) > 0);
    assert_true(sysfs_attr_count(c->fs) >= 1);
    sysfs_attr_reset(c->fs);
    assert_int_equal(sysfs_attr_count(c->fs), 0);
    assert_int_equal(sysfs_attr_open_count(c->fs), 0);
    assert_int_equal(sysfs_attr_read(c->fs, id, buf, sizeof buf), -EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_root_is_canonical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_sees_inplace_updates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_links_stay_inside_root, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_and_vanishing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_garbage_are_misses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eagain_zone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gated_node_read_once_a_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_helpers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writes_and_confinement, setup, teardown),
        cmocka_unit_test_setup_teardown(test_renames_elsewhere_never_fail_an_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settings_held, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
