/* SPDX-License-Identifier: MIT */
/* sim nvpmodel stand-in: <root>/usr/sbin/nvpmodel run for real (-q, -q --verbose,
 * -p --verbose, -m with and without the reboot prompt) against an in-process simulator that is
 * then stepped to show the kernel's side of the change. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/sim/board.h"
#include "jtune/sim/demand.h"
#include "jtune/sim/nvpmodel.h"
#include "jtune/sim/sim.h"
#include "simtest.h"

#define CPU  "sys/devices/system/cpu"
#define POL0 CPU "/cpufreq/policy0"

typedef struct {
    Fixture fx;
    Sim *sim;
    char nvpmodel[4200];
    char ina[256];
    char out[65536];
} Ctx;

static Ctx *open_board(const char *name) {
    Ctx *c = calloc(1, sizeof *c);
    SimBoard *b = malloc(sizeof *b);
    char path[4096];
    Diag d = {0};
    assert_int_equal(simboard_locate(name, path, sizeof path), 0);
    assert_int_equal(simboard_load(path, b, &d), 0);
    assert_int_equal(fixture_mkroot(&c->fx), 0);
    SimConfig cfg = {.root = c->fx.root, .seed = 2, .hz = 10, .exe = simtest_exe()};
    assert_int_equal(sim_open(&c->sim, b, &cfg, NULL), 0);
    free(b);
    snprintf(c->nvpmodel, sizeof c->nvpmodel, "%s/usr/sbin/nvpmodel", c->fx.root);
    simtest_find(c->fx.root, "sys/class/hwmon", "name", "ina3221", 0, c->ina, sizeof c->ina);
    return c;
}

static void close_board(Ctx *c) {
    sim_close(c->sim);
    fixture_cleanup(&c->fx);
    free(c);
}

static int setup_super(void **state) {
    *state = open_board("orin-nano-super");
    return 0;
}

static int setup_jp5(void **state) {
    *state = open_board("orin-nano");
    return 0;
}

static int teardown(void **state) {
    close_board(*state);
    return 0;
}

/* Run the stand-in through the root's script with up to three arguments. */
static int nvp(Ctx *c, const char *in, const char *a1, const char *a2, const char *a3) {
    const char *argv[] = {c->nvpmodel, a1, a2, a3, NULL};
    return simtest_run(argv, in, c->out, sizeof c->out);
}

static void tick(Ctx *c, int n) {
    for (int i = 0; i < n; i++) {
        assert_int_equal(sim_tick(c->sim), 0);
    }
}

static int64_t num(Ctx *c, const char *rel) {
    return simtest_i64(c->fx.root, rel);
}

static const char *rd(Ctx *c, const char *rel) {
    return simtest_read(c->fx.root, rel, NULL);
}

static void has(Ctx *c, const char *text) {
    if (!strstr(c->out, text)) {
        fail_msg("output lacks \"%s\":\n%s", text, c->out);
    }
}

static double mean_in_mw(Ctx *c, int n) {
    char v[300], i[300];
    snprintf(v, sizeof v, "%s/in1_input", c->ina);
    snprintf(i, sizeof i, "%s/curr1_input", c->ina);
    double sum = 0;
    for (int k = 0; k < n; k++) {
        tick(c, 1);
        sum += (double)num(c, v) * (double)num(c, i) / 1000.0;
    }
    return sum / n;
}

static void test_query(void **state) {
    Ctx *c = *state;
    assert_int_equal(nvp(c, NULL, "-q", NULL, NULL), 0);
    assert_string_equal(c->out, "NV Power Mode: 25W\n1\n");
    assert_int_equal(nvp(c, NULL, "-q", "--verbose", NULL), 0);
    has(c, "NVPM VERB: Config file: /etc/nvpmodel.conf\n");
    has(c, "NVPM VERB: parsing done for /etc/nvpmodel.conf\n");
    has(c, "NVPM VERB: Current mode: NV Power Mode: 25W\n1\n");
    has(c, "NVPM VERB: PARAM CPU_ONLINE: ARG CORE_5: PATH /sys/devices/system/cpu/cpu5/online: "
           "REAL_VAL: 1 CONF_VAL: 1\n");
    has(c, "NVPM VERB: PARAM CPU_A78_1: ARG MAX_FREQ: PATH "
           "/sys/devices/system/cpu/cpu4/cpufreq/scaling_max_freq: REAL_VAL: 1344000 CONF_VAL: "
           "1344000\n");
    has(c, "NVPM VERB: PARAM GPU: ARG MIN_FREQ: PATH "
           "/sys/devices/platform/17000000.gpu/devfreq_dev/min_freq: REAL_VAL: 306000000 "
           "CONF_VAL: 0\n");
    has(c, "NVPM VERB: PARAM EMC: ARG MAX_FREQ: PATH /sys/kernel/nvpmodel_clk_cap/emc: REAL_VAL: "
           "3199000000 CONF_VAL: 3199000000\n");
    has(c, "NVPM VERB: PARAM TPC_POWER_GATING: ARG TPC_PG_MASK: PATH "
           "/sys/devices/platform/gpu.0/tpc_pg_mask: REAL_VAL: 240 CONF_VAL: 240\n");
}

static void test_print_table(void **state) {
    Ctx *c = *state;
    assert_int_equal(nvp(c, NULL, "-p", "--verbose", NULL), 0);
    has(c, "NVPM VERB: POWER_MODEL: ID=0 NAME=15W\n");
    has(c, "NVPM VERB: POWER_MODEL: ID=1 NAME=25W\n");
    has(c, "NVPM VERB: POWER_MODEL: ID=2 NAME=MAXN_SUPER\n");
    has(c,
        "NVPM VERB: PARAM GPU: ARG MAX_FREQ: PATH "
        "/sys/devices/platform/17000000.gpu/devfreq_dev/max_freq: CONF_VAL: 9223372036854775807\n");
    has(c, "NVPM VERB: PM_CONFIG: DEFAULT=25W(1)\n");
    assert_int_equal(nvp(c, NULL, "-p", NULL, NULL), 0);
    has(c, "POWER_MODEL: ID=2 NAME=MAXN_SUPER\n");
    assert_null(strstr(c->out, "NVPM VERB"));
}

static void test_set_mode_without_reboot(void **state) {
    Ctx *c = *state;
    assert_int_equal(nvp(c, NULL, "-m", "0", NULL), 0);
    assert_string_equal(c->out, "");
    assert_string_equal(rd(c, "var/lib/nvpmodel/status"), "pmode:0000\n");
    tick(c, 2); /* the kernel side: the simulator takes the new limits */
    assert_int_equal(num(c, POL0 "/scaling_max_freq"), 1497600);
    assert_int_equal(num(c, CPU "/cpufreq/policy4/scaling_max_freq"), 1497600);
    assert_int_equal(num(c, "sys/class/devfreq/17000000.gpu/max_freq"), 612000000);
    assert_int_equal(num(c, "sys/class/devfreq/17000000.gpu/min_freq"), 306000000);
    assert_int_equal(num(c, "sys/kernel/nvpmodel_clk_cap/emc"), 2133000000LL);
    assert_int_equal(nvp(c, NULL, "-q", NULL, NULL), 0);
    assert_string_equal(c->out, "NV Power Mode: 15W\n0\n");
    /* MAXN_SUPER: every -1 becomes the node's maximum */
    assert_int_equal(nvp(c, NULL, "-m", "2", NULL), 0);
    tick(c, 2);
    assert_int_equal(num(c, POL0 "/scaling_max_freq"), 1728000);
    assert_int_equal(num(c, "sys/class/devfreq/17000000.gpu/max_freq"), 1020000000);
    assert_int_equal(num(c, "sys/kernel/nvpmodel_clk_cap/emc"), 3199000000LL);
    /* the power limits show up in power: a full load draws more in MAXN_SUPER than in 15W */
    simtest_write(c->fx.root, SIMDEMAND_PATH, "cpu 0-5 100\ngpu 100\n");
    tick(c, 20);
    double maxn = mean_in_mw(c, 20);
    assert_int_equal(nvp(c, NULL, "-m", "0", NULL), 0);
    tick(c, 20);
    double w15 = mean_in_mw(c, 20);
    print_message("full load: MAXN_SUPER %.0f mW, 15W %.0f mW\n", maxn, w15);
    assert_true(w15 < maxn - 2000);
    /* a mode that is not in the table */
    assert_int_equal(nvp(c, NULL, "-m", "9", NULL), 1);
    has(c, "NVPM ERROR: Invalid power mode: 9");
    assert_string_equal(rd(c, "var/lib/nvpmodel/status"), "pmode:0000\n");
}

static void test_reboot_prompt_declined(void **state) {
    Ctx *c = *state;
    assert_int_equal(nvp(c, NULL, "-q", NULL, NULL), 0);
    assert_string_equal(c->out, "NV Power Mode: 15W\n0\n");
    const char *answers[] = {"no\n", NULL, "Yes please\n"};
    for (int i = 0; i < 3; i++) {
        assert_int_not_equal(nvp(c, answers[i], "-m", "1", NULL), 0);
        has(c, "NVPM WARN: Reboot required for changing to this power mode: 1\n");
        has(c, "NVPM WARN: DO YOU WANT TO REBOOT NOW? enter YES/yes to confirm:");
        has(c, "NVPM ERROR: optMask is 1, no request for power mode\n");
        assert_string_equal(rd(c, "var/lib/nvpmodel/status"), "pmode:0000\n");
        tick(c, 1);
        assert_string_equal(rd(c, CPU "/online"), "0-5\n");
    }
}

static void test_reboot_prompt_accepted(void **state) {
    Ctx *c = *state;
    simtest_write(c->fx.root, SIMDEMAND_PATH, "cpu 0-5 100\n");
    tick(c, 30);
    double w15 = mean_in_mw(c, 20);
    assert_int_equal(nvp(c, "YES\n", "-m", "1", NULL), 0);
    has(c, "NVPM WARN: Reboot required for changing to this power mode: 1\n");
    assert_null(strstr(c->out, "NVPM ERROR"));
    assert_string_equal(rd(c, "var/lib/nvpmodel/status"), "pmode:0001\n");
    tick(c, 2);
    assert_string_equal(rd(c, CPU "/online"), "0-3\n");
    assert_string_equal(rd(c, CPU "/offline"), "4-5\n");
    assert_int_equal(num(c, POL0 "/scaling_max_freq"), 960000);
    assert_int_equal(num(c, "sys/devices/gpu.0/tpc_pg_mask"), 252);
    assert_int_equal(num(c, "sys/class/devfreq/17000000.ga10b/max_freq"), 408000000);
    assert_int_equal(num(c, "sys/kernel/nvpmodel_emc_cap/emc_iso_cap"), 2133000000LL);
    tick(c, 10);
    double w7 = mean_in_mw(c, 20);
    print_message("VDD_IN under load: 15W %.0f mW, 7W %.0f mW\n", w15, w7);
    assert_true(w7 < w15 - 1500);
    assert_int_equal(nvp(c, NULL, "-q", NULL, NULL), 0);
    assert_string_equal(c->out, "NV Power Mode: 7W\n1\n");
    /* and back: the cores come back after another "reboot" ("yes" works too) */
    assert_int_equal(nvp(c, "yes\n", "-m", "0", NULL), 0);
    tick(c, 2);
    assert_string_equal(rd(c, CPU "/online"), "0-5\n");
    assert_int_equal(num(c, POL0 "/scaling_max_freq"), 1510400);
    assert_int_equal(num(c, "sys/kernel/nvpmodel_emc_cap/emc_iso_cap"), 2133000000LL);
}

static void test_usage_errors(void **state) {
    Ctx *c = *state;
    assert_int_equal(nvp(c, NULL, NULL, NULL, NULL), 2);
    has(c, "usage: nvpmodel");
    assert_int_equal(nvp(c, NULL, "-d", "cool", NULL), 2);
    has(c, "unsupported option: -d");
    assert_int_equal(nvp(c, NULL, "-m", "x", NULL), 2);
    /* in-process, with a table that does not parse */
    simtest_write(c->fx.root, "etc/nvpmodel/nvpmodel_p3767_0003_super.conf", "< PARAM TYPE=X >\n");
    char a0[] = "nvpmodel", a1[] = "--root", a3[] = "-q", empty[1] = "";
    char *argv[] = {a0, a1, c->fx.root, a3, NULL}; /* main's argv: writable strings */
    char buf[4096] = "";
    FILE *out = fmemopen(buf, sizeof buf, "w");
    FILE *in = fmemopen(empty, 1, "r");
    assert_int_equal(simnvpmodel_main(4, argv, in, out, out), 1);
    fclose(out);
    fclose(in);
    assert_non_null(strstr(buf, "NVPM ERROR: /etc/nvpmodel.conf:1: PARAM needs TYPE=FILE"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_query, setup_super, teardown),
        cmocka_unit_test_setup_teardown(test_print_table, setup_super, teardown),
        cmocka_unit_test_setup_teardown(test_set_mode_without_reboot, setup_super, teardown),
        cmocka_unit_test_setup_teardown(test_reboot_prompt_declined, setup_jp5, teardown),
        cmocka_unit_test_setup_teardown(test_reboot_prompt_accepted, setup_jp5, teardown),
        cmocka_unit_test_setup_teardown(test_usage_errors, setup_super, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
