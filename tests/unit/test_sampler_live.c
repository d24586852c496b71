/* SPDX-License-Identifier: MIT */
/* sampler on a running simulator (jtune-sim animating an Orin Nano Super): rates become
 * known, gated zones stay unknown (EAGAIN from a held FIFO), and writes the simulator reacts
 * to (a manual fan PWM, handing the fan back, parking a core) show up in the samples. The
 * simulator is a separate process, so each check polls samples until it holds or a
 * generous deadline passes; nothing asserts on timing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/platform/sampler.h"
#include "jtune/sim/sim.h"
#include "jtune/sim/simproc.h"

#define DEADLINE_MS 20000
#define POLL_MS     20

typedef struct {
    SimProc sp;
    Sampler *s;
    Sample smp;
} Live;

typedef bool (*Cond)(const Inventory *inv, const Sample *s);

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

/* Take samples until cond holds; false when the deadline passes first. */
static bool wait_for(Live *l, Cond cond) {
    for (int waited = 0; waited < DEADLINE_MS; waited += POLL_MS) {
        assert_int_equal(sampler_take(l->s, &l->smp), 0);
        if (cond(sampler_inventory(l->s), &l->smp)) {
            return true;
        }
        sleep_ms(POLL_MS);
    }
    return false;
}

static bool rates_known(const Inventory *inv, const Sample *s) {
    for (int c = 0; c < inv->cpu.n_cpus; c++) {
        if (!s->cpu[c].util_pct10.ok || !s->idle[c][0].residency_pct10.ok) {
            return false;
        }
    }
    return s->input_mw.ok && s->cpu_total_pct10.ok;
}

static bool fan_manual(const Inventory *inv, const Sample *s) {
    (void)inv;
    return strcmp(s->fan.control, "manual") == 0 && s->fan.pwm.ok && s->fan.pwm.v == 200;
}

static bool fan_auto(const Inventory *inv, const Sample *s) {
    (void)inv;
    return strncmp(s->fan.control, "nvfancontrol:", 13) == 0;
}

static bool fan_kernel(const Inventory *inv, const Sample *s) {
    (void)inv;
    return strcmp(s->fan.control, "kernel") == 0;
}

/* parked, and the rescan has seen the new online list (re-probed) */
static bool cpu5_parked(const Inventory *inv, const Sample *s) {
    return inv->generation >= 2 && s->cpu[5].online.ok && s->cpu[5].online.v == 0 &&
           !s->cpu[5].util_pct10.ok && s->cpu[4].util_pct10.ok;
}

static Live l;

/* Hold the PWM at 200 by hand until the samples show it held (fan_manual). The kernel's
 * governor may write pwm1 once more at a poll that began before the policy write reached
 * it; as a user would, write it again while the samples disagree. */
static bool hold_pwm_200(Live *lv, const char *pwm_path) {
    Sysfs *fs = sampler_sysfs(lv->s);
    for (int waited = 0; waited < DEADLINE_MS; waited += POLL_MS) {
        assert_int_equal(sampler_take(lv->s, &lv->smp), 0);
        if (fan_manual(sampler_inventory(lv->s), &lv->smp)) {
            return true;
        }
        if (lv->smp.fan.pwm.ok && lv->smp.fan.pwm.v != 200) {
            assert_int_equal(sysfs_write(fs, pwm_path, "200\n"), 0);
        }
        sleep_ms(POLL_MS);
    }
    return false;
}

/* Stop the simulator even when an assertion ended the test early. */
static int teardown(void **state) {
    (void)state;
    sampler_close(l.s);
    l.s = NULL;
    return l.sp.pid > 0 ? simproc_stop(&l.sp) : 0;
}

static void test_live_board(void **state) {
    (void)state;
    char exe[PATH_MAX];
    if (simproc_find_exe(exe, sizeof exe) < 0) {
        print_message("skipped: jtune-sim is not built\n");
        skip();
    }
    SimProcOptions o = {.board = "orin-nano-super", .seed = 7, .hz = 50, .quiet = true};
    assert_int_equal(simproc_start(&l.sp, &o), 0);
    SamplerConfig cfg = {.rescan_ms = 50};
    assert_int_equal(sampler_open(&l.s, l.sp.root, &cfg), 0);
    const Inventory *inv = sampler_inventory(l.s);
    assert_true(wait_for(&l, rates_known));
    int cv0 = inventory_zone_index(inv, "cv0");
    assert_true(cv0 >= 0);
    assert_false(l.smp.zone_mc[cv0].ok); /* a FIFO the simulator holds: EAGAIN */
    assert_true(l.smp.zone_mc[inventory_zone_index(inv, "cpu")].ok);
    /* a PWM written by hand does not stop nvfancontrol: it stays in control */
    Sysfs *fs = sampler_sysfs(l.s);
    assert_int_equal(sysfs_write(fs, inv->fan.pwm_path, "200\n"), 0);
    assert_true(wait_for(&l, fan_auto));
    /* stopped, and the tj zone's governor set to user_space: the PWM is held by hand */
    assert_int_equal(sysfs_write(fs, SIM_NVFAN_UNIT_PATH, "stop\n"), 0);
    assert_true(wait_for(&l, fan_kernel));
    int tj = inventory_zone_index(inv, "tj");
    assert_true(tj >= 0);
    char pol[96];
    snprintf(pol, sizeof pol, "sys/class/thermal/thermal_zone%d/policy", inv->zones[tj].index);
    assert_int_equal(sysfs_write(fs, pol, "user_space\n"), 0);
    assert_int_equal(sysfs_write(fs, inv->fan.pwm_path, "200\n"), 0);
    assert_true(hold_pwm_200(&l, inv->fan.pwm_path));
    /* handed back: policy and service as they were */
    assert_int_equal(sysfs_write(fs, pol, "step_wise\n"), 0);
    assert_int_equal(sysfs_write(fs, SIM_NVFAN_UNIT_PATH, "start\n"), 0);
    assert_true(wait_for(&l, fan_auto));
    /* parking a core: offline, its utilisation unknown, the others still known */
    assert_int_equal(sysfs_write(fs, "sys/devices/system/cpu/cpu5/online", "0\n"), 0);
    assert_true(wait_for(&l, cpu5_parked));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_live_board, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
