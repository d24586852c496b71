/* SPDX-License-Identifier: MIT */
/* prom: metric names, labels, units, unknown values omitted; promtool accepts the output. */
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
#include "jtune/core/prom.h"

static void board(Inventory *inv, Sample *s) {
    memset(inv, 0, sizeof *inv);
    sample_clear(s);
    snprintf(inv->id.model, sizeof inv->id.model, "NVIDIA Jetson Orin Nano \"Super\"");
    snprintf(inv->id.module, sizeof inv->id.module, "p3767-0005");
    snprintf(inv->id.l4t, sizeof inv->id.l4t, "36.4.3");
    snprintf(inv->id.jetpack, sizeof inv->id.jetpack, "6.2");
    inv->cpu.n_cpus = 2;
    inv->n_rails = 2;
    snprintf(inv->rails[0].label, JT_NAME, "VDD_IN");
    snprintf(inv->rails[1].label, JT_NAME, "VDD_SOC");
    inv->n_zones = 2;
    snprintf(inv->zones[0].name, 16, "tj");
    snprintf(inv->zones[1].name, 16, "cv0");
    inv->nvp.n_modes = 1;
    inv->nvp.modes[0] = (NvpModeInfo){1, "25W"};
    s->rail[0].mw = val_of(4812);
    s->rail[0].mv = val_of(5064);
    s->rail[0].ma = val_of(950);
    s->rail[1].mw = val_of(1398);
    s->input_mw = val_of(4812);
    s->zone_mc[0] = val_of(50531);
    s->cpu[0].freq_khz = val_of(729600);
    s->cpu[0].util_pct10 = val_of(125);
    s->cpu[0].online = val_of(1);
    s->cpu[1].online = val_of(0);
    s->gpu.load_pm = val_of(420);
    s->nvp_mode = val_of(1);
    s->mem.total_kib = val_of(7802880);
}

static void test_format(void **state) {
    (void)state;
    Inventory inv;
    Sample s;
    board(&inv, &s);
    double rail_j[2] = {123.5, 40.25};
    PromExtra x = {.rail_j = rail_j, .input_j_ok = true, .input_j = 123.5, .version = "0.1.0"};
    char buf[16384];
    int n = prom_format(&inv, &s, &x, buf, sizeof buf);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "# TYPE jtune_rail_power_watts gauge\n"));
    assert_non_null(
        strstr(buf, "jtune_rail_power_watts{board=\"p3767-0005\",rail=\"VDD_IN\"} 4.812\n"));
    assert_non_null(
        strstr(buf, "jtune_rail_voltage_volts{board=\"p3767-0005\",rail=\"VDD_IN\"} 5.064\n"));
    assert_non_null(
        strstr(buf, "jtune_energy_joules_total{board=\"p3767-0005\",rail=\"VDD_SOC\"} 40.25\n"));
    assert_non_null(strstr(buf, "# TYPE jtune_energy_joules_total counter\n"));
    assert_non_null(
        strstr(buf, "jtune_temperature_celsius{board=\"p3767-0005\",zone=\"tj\"} 50.531\n"));
    assert_non_null(
        strstr(buf, "jtune_cpu_frequency_hertz{board=\"p3767-0005\",cpu=\"0\"} 729600000\n"));
    assert_non_null(strstr(buf, "jtune_cpu_load_ratio{board=\"p3767-0005\",cpu=\"0\"} 0.125\n"));
    assert_non_null(strstr(buf, "jtune_cpu_online{board=\"p3767-0005\",cpu=\"1\"} 0\n"));
    assert_non_null(strstr(buf, "jtune_gpu_load_ratio{board=\"p3767-0005\"} 0.42\n"));
    assert_non_null(strstr(buf, "jtune_power_mode{board=\"p3767-0005\",mode=\"25W\"} 1\n"));
    assert_non_null(strstr(buf, "model=\"NVIDIA Jetson Orin Nano \\\"Super\\\"\""));
    /* unknown values are omitted, never zeros */
    assert_null(strstr(buf, "zone=\"cv0\""));
    assert_null(strstr(buf, "rail_voltage_volts{board=\"p3767-0005\",rail=\"VDD_SOC\""));
    assert_null(strstr(buf, "jtune_fan_speed_rpm"));
    assert_null(strstr(buf, "jtune_emc_frequency_hertz"));
    assert_int_equal(prom_format(&inv, &s, &x, buf, 64), -ERANGE);
    char esc[8];
    assert_int_equal(prom_label_escape("a\"b\\", esc, sizeof esc), 0);
    assert_string_equal(esc, "a\\\"b\\\\");
    assert_int_equal(prom_label_escape("abcdefgh", esc, sizeof esc), -ERANGE);
}

static void test_promtool_accepts(void **state) {
    (void)state;
    if (access("/usr/bin/promtool", X_OK) != 0) {
        skip(); /* promtool comes with Debian's prometheus package */
    }
    Inventory inv;
    Sample s;
    board(&inv, &s);
    double rail_j[2] = {1, 2};
    PromExtra x = {.rail_j = rail_j, .version = "0.1.0"};
    char buf[16384];
    int n = prom_format(&inv, &s, &x, buf, sizeof buf);
    assert_true(n > 0);
    char path[] = "/tmp/jtune-prom-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, (size_t)n), n);
    close(fd);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "promtool check metrics < %s", path);
    int rc = system(cmd);
    unlink(path);
    assert_true(WIFEXITED(rc));
    assert_int_equal(WEXITSTATUS(rc), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_promtool_accepts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
