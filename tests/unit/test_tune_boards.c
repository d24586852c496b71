/* SPDX-License-Identifier: MIT */
/* tune_boards: the helper's own discovery on every simulated board - JetPack 4 (Nano: GPU
 * 57000000.gpu, legacy target_pwm/temp_control fan, no BPMP debugfs), JetPack 5 (Orin Nano,
 * Xavier NX: 17000000.ga10b / gv11b, nvpmodel_emc_cap/emc_iso_cap) and JetPack 6 (AGX Orin,
 * Orin NX: bus@0, nvpmodel_clk_cap/emc). Each board: a GPU cap, the EMC cap, a manual fan and
 * back to automatic, a parked core; the simulator reacts; restore puts every node back. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "helperfx.h"
#include "jtune/ipc/tune.h"
#include "jtune/sim/board.h"
#include "jtune/sim/sim.h"

typedef struct {
    const char *board;
    const char *gpu;     /* devfreq name */
    const char *emc_cap; /* cap file under sys/kernel */
    bool legacy_fan;     /* JetPack 4 target_pwm + temp_control */
    bool has_emc_limits; /* BPMP debugfs publishes the EMC min/max rate */
    int last_cpu;
} Board;

static const Board boards[] = {
    {"orin-nano", "17000000.ga10b", "nvpmodel_emc_cap/emc_iso_cap", false, true, 5},
    {"xavier-nx", "17000000.gv11b", "nvpmodel_emc_cap/emc_iso_cap", false, true, 5},
    {"agx-orin", "17000000.gpu", "nvpmodel_clk_cap/emc", false, true, 11},
    {"orin-nx-16gb", "17000000.gpu", "nvpmodel_clk_cap/emc", false, true, 7},
    {"nano", "57000000.gpu", "nvpmodel_emc_cap/emc_iso_cap", true, false, 3},
};

typedef struct {
    char root[PATH_MAX], state[PATH_MAX];
    Sim *sim;
    TuneClient *t;
} Ctx;

static const char *node(Ctx *c, const char *rel) {
    static char buf[4096];
    char p[PATH_MAX * 2];
    snprintf(p, sizeof p, "%s/%s", c->root, rel);
    snprintf(buf, sizeof buf, "%s", slurp_static(p));
    return buf;
}

static void open_board(Ctx *c, const char *board) {
    snprintf(c->root, sizeof c->root, "/tmp/jtune-board-XXXXXX");
    snprintf(c->state, sizeof c->state, "/tmp/jtune-bstate-XXXXXX");
    assert_non_null(mkdtemp(c->root));
    assert_non_null(mkdtemp(c->state));
    char path[PATH_MAX];
    if (simboard_locate(board, path, sizeof path) < 0) {
        fail_msg("board %s not found", board);
    }
    SimBoard *b = calloc(1, sizeof *b);
    Diag d = {0};
    assert_int_equal(simboard_load(path, b, &d), 0);
    SimConfig cfg = {.root = c->root, .seed = 5, .hz = 10};
    assert_int_equal(sim_open(&c->sim, b, &cfg, NULL), 0);
    free(b);
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helperfx_program("jtune-helper");
    o.root = c->root;
    o.state_dir = c->state;
    if (tune_start(&c->t, &o) < 0) {
        fail_msg("%s: %s", board, tune_status(c->t));
    }
}

static void close_board(Ctx *c) {
    tune_stop(c->t);
    sim_close(c->sim);
    rm_rf(c->root);
    rm_rf(c->state);
}

static void ticks(Ctx *c, int n) {
    for (int i = 0; i < n; i++) {
        assert_int_equal(sim_tick(c->sim), 0);
    }
}

/* "sys/class/hwmon/hwmonN/pwm1" of the pwm-fan hwmon, found by name. */
static void fan_pwm_path(Ctx *c, const Board *b, char *out, size_t n) {
    if (b->legacy_fan) {
        snprintf(out, n, "sys/devices/pwm-fan/target_pwm");
        return;
    }
    char dir[PATH_MAX * 2];
    snprintf(dir, sizeof dir, "%s/sys/class/hwmon", c->root);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    out[0] = '\0';
    while ((de = readdir(d)) != NULL) {
        char rel[300];
        snprintf(rel, sizeof rel, "sys/class/hwmon/%s/name", de->d_name);
        if (strncmp(de->d_name, "hwmon", 5) == 0 && strcmp(node(c, rel), "pwmfan\n") == 0) {
            snprintf(out, n, "sys/class/hwmon/%s/pwm1", de->d_name);
        }
    }
    closedir(d);
    assert_true(out[0] != '\0');
}

/* The fan zone's policy file (pwm-fan boards: tj-thermal, tj-therm, thermal-fan-est):
 * "sys/class/thermal/thermal_zoneN/policy". */
static void tj_policy_path(Ctx *c, char *out, size_t n) {
    char dir[PATH_MAX * 2];
    snprintf(dir, sizeof dir, "%s/sys/class/thermal", c->root);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    out[0] = '\0';
    while ((de = readdir(d)) != NULL) {
        char rel[300];
        snprintf(rel, sizeof rel, "sys/class/thermal/%s/type", de->d_name);
        const char *type = strncmp(de->d_name, "thermal_zone", 12) == 0 ? node(c, rel) : "";
        if (strcasecmp(type, "tj-thermal\n") == 0 || strcasecmp(type, "tj-therm\n") == 0 ||
            strcmp(type, "thermal-fan-est\n") == 0) {
            snprintf(out, n, "sys/class/thermal/%s/policy", de->d_name);
        }
    }
    closedir(d);
    assert_true(out[0] != '\0');
}

/* systemctl start|stop nvfancontrol on the simulated board (no-op without it). */
static void nvfan(Ctx *c, const char *what) {
    char p[PATH_MAX * 2];
    snprintf(p, sizeof p, "%s/%s", c->root, SIM_NVFAN_UNIT_PATH);
    FILE *f = access(p, F_OK) == 0 ? fopen(p, "w") : NULL;
    if (f) {
        fputs(what, f);
        fclose(f);
        ticks(c, 1);
    }
}

static void check_board(const Board *b) {
    Ctx c = {0};
    open_board(&c, b->board);
    char gpu[128], emc[128], pwm[128], cpu[96], snap[6][128];
    snprintf(gpu, sizeof gpu, "sys/class/devfreq/%s/", b->gpu);
    snprintf(emc, sizeof emc, "sys/kernel/%s", b->emc_cap);
    fan_pwm_path(&c, b, pwm, sizeof pwm);
    /* a pwm-fan board's PWM is driven again after restore (by nvfancontrol or the kernel's
     * governor): what must come back is the tj zone's policy, which hands it the fan */
    char held[128];
    if (b->legacy_fan) {
        snprintf(held, sizeof held, "%s", pwm);
    } else {
        tj_policy_path(&c, held, sizeof held);
    }
    snprintf(cpu, sizeof cpu, "sys/devices/system/cpu/cpu%d/online", b->last_cpu);
    char gmax[160];
    snprintf(gmax, sizeof gmax, "%smax_freq", gpu);
    const char *watched[6] = {
        gmax, emc, held, cpu, "sys/devices/pwm-fan/temp_control", "sys/devices/system/cpu/online"};
    ticks(&c, 1);
    for (int i = 0; i < 6; i++) {
        snprintf(snap[i], sizeof snap[i], "%s", node(&c, watched[i]));
    }
    /* GPU: cap at the lowest frequency the node offers */
    char avail[160];
    snprintf(avail, sizeof avail, "%savailable_frequencies", gpu);
    int64_t lowest = strtoll(node(&c, avail), NULL, 10);
    assert_true(lowest > 0);
    assert_int_equal(tune_gpu_max_hz(c.t, lowest), 0);
    /* EMC cap: the lowest legal rate, where the BPMP publishes the limits */
    int64_t emc_min = strtoll(node(&c, "sys/kernel/debug/bpmp/debug/clk/emc/min_rate"), NULL, 10);
    assert_int_equal(tune_emc_cap_hz(c.t, b->has_emc_limits ? emc_min : 1600000000),
                     b->has_emc_limits ? 0 : -ENODATA);
    char unit[PATH_MAX * 2];
    snprintf(unit, sizeof unit, "%s/%s", c.root, SIM_NVFAN_UNIT_PATH);
    if (!b->legacy_fan && access(unit, F_OK) == 0) {
        /* nvfancontrol would rewrite the PWM: refused until it is stopped */
        assert_int_equal(tune_fan_pwm(c.t, 200), -EBUSY);
        nvfan(&c, "stop");
    }
    assert_int_equal(tune_fan_pwm(c.t, 200), 0);
    if (!b->legacy_fan) {
        assert_string_equal(node(&c, held), "user_space\n");
    }
    assert_int_equal(tune_cpu_online(c.t, b->last_cpu, false), 0);
    ticks(&c, 3);
    char cur[160];
    snprintf(cur, sizeof cur, "%scur_freq", gpu);
    assert_true(strtoll(node(&c, cur), NULL, 10) <= lowest);
    assert_int_equal(strtoll(node(&c, pwm), NULL, 10), 200);
    assert_string_equal(node(&c, cpu), "0\n");
    if (b->legacy_fan) {
        assert_string_equal(node(&c, "sys/devices/pwm-fan/temp_control"), "0\n"); /* manual */
        assert_int_equal(tune_fan_auto(c.t), 0);
        assert_string_equal(node(&c, "sys/devices/pwm-fan/temp_control"), "1\n");
    }
    int restored = 0, failed = 0;
    assert_int_equal(tune_restore(c.t, &restored, &failed), 0);
    assert_int_equal(failed, 0);
    ticks(&c, 2);
    for (int i = 0; i < 6; i++) {
        if (strcmp(node(&c, watched[i]), snap[i]) != 0) {
            fail_msg("%s: %s is '%s', was '%s'", b->board, watched[i], node(&c, watched[i]),
                     snap[i]);
        }
    }
    close_board(&c);
}

static void test_every_board(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof boards / sizeof boards[0]; i++) {
        check_board(&boards[i]);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_board),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
