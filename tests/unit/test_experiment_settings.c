/* SPDX-License-Identifier: MIT */
/* Settings lists of experiments: keys to helper targets for every policy or one, frequency
 * snapping to the offered tables, power modes by name, raw helper targets, ordering, and
 * every kind of mistake with its reason. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/workload/settings.h"
#include "synth.h"

static Inventory inv;
static SettingList l;
static char why[256];

static int setup(void **state) {
    (void)state;
    synth_inventory(&inv);
    const int64_t cpu[] = {115200, 729600, 1190400, 1728000};
    for (int p = 0; p < 2; p++) {
        inv.cpu.policies[p].n_freqs = 4;
        memcpy(inv.cpu.policies[p].freqs_khz, cpu, sizeof cpu);
    }
    const int64_t gpu[] = {306000000, 612000000, 1020000000};
    inv.gpu.n_freqs = 3;
    memcpy(inv.gpu.freqs_hz, gpu, sizeof gpu);
    return 0;
}

static int parse(const char *text) {
    memset(why, 0, sizeof why);
    return settings_parse(text, &inv, &l, why, sizeof why);
}

static void expect(int i, TuneTarget t, uint32_t index, int64_t value) {
    assert_true(i < l.n);
    assert_int_equal(l.s[i].target, t);
    assert_int_equal(l.s[i].index, index);
    assert_true(l.s[i].value == value);
}

static void test_every_policy_and_snapping(void **state) {
    (void)state;
    assert_int_equal(parse("cpu.max_khz=1190400, gpu.max_hz=700000000"), 0);
    assert_int_equal(l.n, 3);
    expect(0, TUNE_T_CPU_MAX_KHZ, 0, 1190400);
    expect(1, TUNE_T_CPU_MAX_KHZ, 4, 1190400);
    expect(2, TUNE_T_GPU_MAX_HZ, 0, 612000000); /* the highest offered at or below */
    assert_string_equal(l.s[2].key, "gpu.max_hz");
    /* a round number snaps: max down, min up */
    assert_int_equal(parse("cpu.max_khz=1500000,cpu.min_khz=500000,gpu.min_hz=1"), 0);
    expect(0, TUNE_T_CPU_MAX_KHZ, 0, 1190400);
    expect(2, TUNE_T_CPU_MIN_KHZ, 0, 729600);
    expect(4, TUNE_T_GPU_MIN_HZ, 0, 306000000);
    char out[512];
    assert_string_equal(settings_format(&l, out, sizeof out),
                        "cpu_max_khz[0]=1190400 cpu_max_khz[4]=1190400 cpu_min_khz[0]=729600 "
                        "cpu_min_khz[4]=729600 gpu_min_hz[0]=306000000");
}

static void test_one_policy_cpu_online_governor(void **state) {
    (void)state;
    assert_int_equal(parse("policy4.max_khz=729600,cpu5.online=0,cpu.governor=performance"), 0);
    assert_int_equal(l.n, 4);
    expect(0, TUNE_T_CPU_MAX_KHZ, 4, 729600);
    expect(1, TUNE_T_CPU_ONLINE, 5, 0);
    expect(2, TUNE_T_CPU_GOVERNOR, 0, TUNE_GOV_PERFORMANCE);
    expect(3, TUNE_T_CPU_GOVERNOR, 4, TUNE_GOV_PERFORMANCE);
}

static void test_modes_first_and_raw(void **state) {
    (void)state;
    assert_int_equal(parse("gpu.max_hz=1020000000,nvpmodel=7W,fan.pwm=80,emc.cap_hz=665600000,"
                           "vm_swappiness=10,cpuidle_disable:2:1=1"),
                     0);
    assert_int_equal(l.n, 6);
    expect(0, TUNE_T_NVPMODEL, 0, 3); /* moved first: a mode resets the clocks */
    expect(1, TUNE_T_GPU_MAX_HZ, 0, 1020000000);
    expect(2, TUNE_T_FAN_PWM, 0, 80);
    expect(3, TUNE_T_EMC_CAP_HZ, 0, 665600000);
    expect(4, TUNE_T_VM_SWAPPINESS, 0, 10);
    expect(5, TUNE_T_CPUIDLE_DISABLE, 2, 1);
    assert_int_equal(l.s[5].sub, 1);
    assert_int_equal(parse("nvpmodel=2"), 0);
    expect(0, TUNE_T_NVPMODEL, 0, 2);
    assert_string_equal(l.text, "nvpmodel=2");
}

static void test_mistakes(void **state) {
    (void)state;
    const struct {
        const char *text, *why;
    } bad[] = {
        {"", "no settings"},
        {"cpu.max_khz", "is not KEY=VALUE"},
        {"=5", "is not KEY=VALUE"},
        {"cpu.max_khz=", "is not KEY=VALUE"},
        {"cpu.max_khz=fast", "expected a frequency in kHz"},
        {"cpu.max_khz=100", "outside policy0's 115200..1728000 kHz"},
        {"cpu.min_khz=2000000", "outside policy0"},
        {"cpu.turbo=1", "expected max_khz, min_khz or governor"},
        {"cpu.governor=warp", "unknown governor 'warp'"},
        {"policy3.max_khz=729600", "no such cpufreq policy"},
        {"cpu9.online=0", "expected cpuN.online=0|1"},
        {"cpu1.online=2", "expected cpuN.online=0|1"},
        {"gpu.max_hz=1", "a frequency in Hz the GPU offers"},
        {"gpu.speed=1", "expected gpu.max_hz or gpu.min_hz"},
        {"nvpmodel=LUDICROUS", "no power mode 'LUDICROUS'"},
        {"nvpmodel=9", "no power mode '9'"},
        {"warp_drive=1", "unknown setting 'warp_drive'"},
        {"vm_swappiness=lots", "expected a whole number"},
        {"cpuidle_disable:x=1", "bad instance numbers"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_true(parse(bad[i].text) < 0);
        if (!strstr(why, bad[i].why)) {
            fail_msg("'%s': got '%s', want '%s'", bad[i].text, why, bad[i].why);
        }
    }
    /* a board without a GPU */
    inv.gpu.present = false;
    assert_true(parse("gpu.max_hz=612000000") < 0);
    assert_non_null(strstr(why, "no GPU"));
    inv.gpu.present = true;
    /* too many */
    char many[2048] = "";
    for (int i = 0; i < SETTINGS_MAX + 1; i++) {
        strcat(many, i ? ",vm_swappiness=1" : "vm_swappiness=1");
    }
    assert_int_equal(parse(many), -E2BIG);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_policy_and_snapping),
        cmocka_unit_test(test_one_policy_cpu_online_governor),
        cmocka_unit_test(test_modes_first_and_raw),
        cmocka_unit_test(test_mistakes),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
