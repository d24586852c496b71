/* SPDX-License-Identifier: MIT */
/* Pure helpers of the Jetson sources: release and compatible parsing, /proc/stat and
 * utilisation, idle rates, EMC scale, fan and nvpmodel files, memory files, names. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/platform/jetson/cpu.h"
#include "jtune/platform/jetson/cpuidle.h"
#include "jtune/platform/jetson/emc.h"
#include "jtune/platform/jetson/engines.h"
#include "jtune/platform/jetson/fan.h"
#include "jtune/platform/jetson/gpu.h"
#include "jtune/platform/jetson/identity.h"
#include "jtune/platform/jetson/mem.h"
#include "jtune/platform/jetson/nvpmodel.h"
#include "jtune/platform/jetson/rails.h"
#include "jtune/platform/jetson/thermal.h"

#define S(x) (x), strlen(x)
#define B(x) (x), sizeof(x) - 1 /* a literal with embedded NULs */

static void test_l4t(void **state) {
    (void)state;
    char out[24];
    assert_int_equal(identity_parse_l4t(S("# R36 (release), REVISION: 4.3, GCID: 38968081, BOARD: "
                                          "generic\n# KERNEL_VARIANT: oot\n"),
                                        out, sizeof out),
                     0);
    assert_string_equal(out, "36.4.3");
    assert_int_equal(
        identity_parse_l4t(S("# R35 (release), REVISION: 3.1, GCID: 1"), out, sizeof out), 0);
    assert_string_equal(out, "35.3.1");
    assert_int_equal(
        identity_parse_l4t(S("# R32 (release), REVISION: 7.1, GCID: 2"), out, sizeof out), 0);
    assert_string_equal(out, "32.7.1");
    assert_int_equal(identity_parse_l4t(S("# R38 (release), REVISION: 10.12, X"), out, sizeof out),
                     0);
    assert_string_equal(out, "38.10.12");
    assert_int_equal(identity_parse_l4t(S("garbage"), out, sizeof out), -EINVAL);
    assert_int_equal(identity_parse_l4t(S("# R36 (release), REVISION: 4, GCID"), out, sizeof out),
                     -EINVAL);
    assert_int_equal(identity_parse_l4t(S(""), out, sizeof out), -EINVAL);
    assert_int_equal(identity_parse_l4t(S("# R36 (release), REVISION: 4.3"), out, 5), -ERANGE);
}

static void test_jetpack_table(void **state) {
    (void)state;
    assert_string_equal(identity_jetpack_of("36.4.3"), "6.2");
    assert_string_equal(identity_jetpack_of("36.4.4"), "6.2.1");
    assert_string_equal(identity_jetpack_of("36.4.7"), "6.2.1");
    assert_string_equal(identity_jetpack_of("36.5.0"), "6.2.2");
    assert_string_equal(identity_jetpack_of("35.5.0"), "5.1.3");
    assert_string_equal(identity_jetpack_of("32.7.1"), "4.6.1");
    /* JetPack 7: Thor on R38, and R39 (7.2, Orin too) as a whole line */
    assert_string_equal(identity_jetpack_of("38.2.0"), "7.0");
    assert_string_equal(identity_jetpack_of("38.4.0"), "7.1");
    assert_string_equal(identity_jetpack_of("39.2.0"), "7.2");
    assert_string_equal(identity_jetpack_of("39.0.1"), "7.2");
    assert_string_equal(identity_jetpack_of("38.9.9"), "");
    assert_string_equal(identity_jetpack_of("3"), "");
    /* a release the table does not know is not an error: no JetPack name */
    assert_string_equal(identity_jetpack_of("36.9.9"), "");
    assert_string_equal(identity_jetpack_of(""), "");
}

static void test_compatible(void **state) {
    (void)state;
    char m[32];
    assert_int_equal(identity_module_of(B("nvidia,p3768-0000+p3767-0005-super\0nvidia,p3767-0005\0"
                                          "nvidia,tegra234\0"),
                                        m, sizeof m),
                     0);
    assert_string_equal(m, "p3767-0005");
    assert_int_equal(identity_module_of(B("nvidia,p3449-0000-b00+p3448-0002\0nvidia,jetson-nano\0"),
                                        m, sizeof m),
                     0);
    assert_string_equal(m, "p3448-0002");
    /* no carrier+module string: the first P-number of a later entry */
    assert_int_equal(
        identity_module_of(B("nvidia,jetson-xavier\0nvidia,p2888-0001\0"), m, sizeof m), 0);
    assert_string_equal(m, "p2888-0001");
    assert_int_equal(identity_module_of(B("acme,board\0acme,soc\0"), m, sizeof m), -ENOENT);
    assert_int_equal(
        identity_soc_of(B("nvidia,p3509-0000+p3668-0001\0nvidia,tegra194\0"), m, sizeof m), 0);
    assert_string_equal(m, "tegra194");
    assert_int_equal(identity_soc_of(B("nvidia,tegra-foo\0acme,x\0"), m, sizeof m), -ENOENT);
    char k[64];
    assert_int_equal(
        identity_parse_kernel(S("Linux version 5.10.120-tegra (b@h) (gcc) #1 SMP\n"), k, sizeof k),
        0);
    assert_string_equal(k, "5.10.120-tegra");
    assert_int_equal(identity_parse_kernel(S("FreeBSD 14"), k, sizeof k), -EINVAL);
}

static void test_proc_stat(void **state) {
    (void)state;
    CpuTimes t[4];
    const char *txt = "cpu  9 9 9 9 9 9 9 9 0 0\n"
                      "cpu0 1 2 3 4 5 6 7 8 9 10\n"
                      "cpu2 10 20 30 40 50 60 70\n" /* an old kernel: 7 fields */
                      "cpu7 1 1 1 1 1 1 1 1 0 0\n"  /* beyond max: ignored */
                      "intr 1 2 3\ncpu3 5 5 5 5 5 5 5 5\n";
    assert_int_equal(cpu_parse_stat(S(txt), t, 4), 2);
    assert_true(t[0].ok);
    assert_int_equal(t[0].t[CPU_USER], 1);
    assert_int_equal(t[0].t[CPU_STEAL], 8);
    assert_false(t[1].ok); /* offline: no line */
    assert_true(t[2].ok);
    assert_int_equal(t[2].t[CPU_SOFTIRQ], 70);
    assert_int_equal(t[2].t[CPU_STEAL], 0);
    assert_false(t[3].ok); /* the cpu lines end at the first other line */
    assert_int_equal(cpu_parse_stat(S("cpu0 1 2 x 4 5 6 7\n"), t, 4), -EINVAL);
    assert_int_equal(cpu_parse_stat(S("cpu0 1 2\n"), t, 4), -EINVAL);
}

static void test_util(void **state) {
    (void)state;
    CpuTimes a = {{100, 0, 50, 1000, 10, 0, 0, 0}, true};
    CpuTimes b = {{150, 0, 50, 1100, 10, 0, 0, 40}, true}; /* +50 user, +100 idle, +40 steal */
    CoreSample cs;
    memset(&cs, 0, sizeof cs);
    cpu_util(&a, &b, &cs);
    /* busy = 190 - 100 - 0 = 90 of 190 -> 47.37 % -> 474; user 50/190 -> 263 */
    assert_true(cs.util_pct10.ok);
    assert_int_equal(cs.util_pct10.v, 474);
    assert_int_equal(cs.user_pct10.v, 263);
    assert_int_equal(cs.iowait_pct10.v, 0);
    memset(&cs, 0, sizeof cs);
    cpu_util(&a, &a, &cs); /* no tick elapsed */
    assert_false(cs.util_pct10.ok);
    cpu_util(&b, &a, &cs); /* went backwards */
    assert_false(cs.util_pct10.ok);
    CpuTimes gone = {{0}, false};
    cpu_util(&gone, &b, &cs);
    assert_false(cs.util_pct10.ok);
}

static void test_idle_rates(void **state) {
    (void)state;
    IdleCount p = {1000, 10, true};
    IdleCount c = {1000 + 2500, 10 + 3, true};
    IdleSample s;
    memset(&s, 0, sizeof s);
    cpuidle_rates(&p, &c, 10000000, &s); /* 2.5 ms of 10 ms, 3 entries in 10 ms */
    assert_int_equal(s.residency_pct10.v, 250);
    assert_int_equal(s.entries_ps10.v, 3000);
    IdleCount over = {1000 + 10100, 11, true};
    cpuidle_rates(&p, &over, 10000000, &s); /* a little more than the interval: clamped */
    assert_int_equal(s.residency_pct10.v, 1000);
    memset(&s, 0, sizeof s);
    cpuidle_rates(&p, &c, 0, &s);
    assert_false(s.residency_pct10.ok);
    IdleCount back = {10, 10, true};
    cpuidle_rates(&p, &back, 10000000, &s);
    assert_false(s.residency_pct10.ok);
    assert_false(s.entries_ps10.ok);
    /* a huge usage delta does not overflow */
    IdleCount big = {1000, 10 + 4000000000LL, true};
    cpuidle_rates(&p, &big, 1000000000, &s);
    assert_int_equal(s.entries_ps10.v, 40000000000LL);
}

static void test_emc_scale(void **state) {
    (void)state;
    assert_int_equal(emc_util_pct10(2133000, 2133000000), 10);
    assert_int_equal(emc_util_pct10(0, 204000000), 0);
    assert_int_equal(emc_util_pct10(102000, 204000000), 5); /* 0.5 % */
    assert_int_equal(emc_util_pct10(500000000, 204000000), 1000);
    assert_int_equal(emc_util_pct10(5, 0), -1);
    assert_int_equal(emc_util_pct10(-1, 204000000), -1);
}

static void test_fan_files(void **state) {
    (void)state;
    FanInfo f;
    memset(&f, 0, sizeof f);
    fan_parse_conf(S("POLLING_INTERVAL 2\n<FAN 1>\n\tFAN_PROFILE quiet {\n\t\t0 0 255 3650\n\t}\n"
                     "\tFAN_PROFILE cool {\n\t}\n\tFAN_PROFILE quiet {\n\t}\n"
                     "\tFAN_DEFAULT_PROFILE cool\n"),
                   &f);
    assert_int_equal(f.n_profiles, 2);
    assert_string_equal(f.profiles[0], "quiet");
    assert_string_equal(f.profiles[1], "cool");
    assert_string_equal(f.default_profile, "cool");
    char p[16];
    const char *st = "FAN1:FAN_GOVERNOR:pid\nFAN1:FAN_PROFILE:quiet\nFAN1:FAN_CONTROL:manual\n";
    assert_int_equal(fan_parse_status(S(st), "FAN_PROFILE", p, sizeof p), 0);
    assert_string_equal(p, "quiet");
    assert_int_equal(fan_parse_status(S(st), "FAN_CONTROL", p, sizeof p), 0);
    assert_string_equal(p, "manual");
    assert_int_equal(fan_parse_status(S("FAN1:FAN_GOVERNOR:pid\n"), "FAN_PROFILE", p, sizeof p),
                     -ENOENT);
    assert_int_equal(
        fan_parse_status(S("FAN1:FAN_PROFILE:averyveryverylongname\n"), "FAN_PROFILE", p, sizeof p),
        -ERANGE);
}

static void test_nvp_status(void **state) {
    (void)state;
    int64_t id = -1;
    assert_int_equal(nvpmodel_parse_status(S("pmode:0001\n"), &id), 0);
    assert_int_equal(id, 1);
    assert_int_equal(nvpmodel_parse_status(S("pmode:0002 fmode:quiet\n"), &id), 0);
    assert_int_equal(id, 2);
    assert_int_equal(nvpmodel_parse_status(S("pmode:\n"), &id), -EINVAL);
    assert_int_equal(nvpmodel_parse_status(S("mode 3\n"), &id), -EINVAL);
    assert_int_equal(id, 2);
}

static void test_meminfo_one_pass(void **state) {
    (void)state;
    MemSample m;
    memset(&m, 0, sizeof m);
    /* near-misses of kept keys, keys out of the usual order, a key sharing a prefix, a
     * malformed value and a last line without a newline */
    mem_parse_meminfo(S("MemFreeX: 1 kB\nMemFre: 2 kB\nCmaFree: 64 kB\nSwapCached: 7 kB\n"
                        "Cached: 250 kB\nMemTotal: 1000 kB\nMemAvailable: 12x kB\n"
                        ": 5 kB\nBuffers:\t\t 50 kB\nMemFree: 100 kB\nNvMapMemUsed: 333 kB"),
                      &m);
    assert_int_equal(m.free_kib.v, 100);
    assert_int_equal(m.cma_free_kib.v, 64);
    assert_int_equal(m.swap_cached_kib.v, 7);
    assert_int_equal(m.cached_kib.v, 250);
    assert_int_equal(m.buffers_kib.v, 50);
    assert_int_equal(m.nvmap_kib.v, 333);
    assert_false(m.avail_kib.ok); /* "12x" is not a number */
    assert_false(m.cma_total_kib.ok);
    assert_false(m.swap_total_kib.ok);
    assert_int_equal(m.used_kib.v, 1000 - 100 - 50 - 250);
    /* every key present: all known, whatever follows */
    mem_parse_meminfo(S("MemTotal: 8 kB\nMemFree: 1 kB\nMemAvailable: 6 kB\nBuffers: 0 kB\n"
                        "Cached: 0 kB\nSwapCached: 0 kB\nSwapTotal: 4 kB\nSwapFree: 3 kB\n"
                        "CmaTotal: 2 kB\nCmaFree: 1 kB\nNvMapMemUsed: 5 kB\nMemTotal: 99 kB\n"),
                      &m);
    assert_int_equal(m.total_kib.v, 8);
    assert_int_equal(m.used_kib.v, 2);
    assert_int_equal(m.swap_free_kib.v, 3);
    assert_int_equal(m.nvmap_kib.v, 5);
}

static void test_mem_files(void **state) {
    (void)state;
    MemSample m;
    memset(&m, 0, sizeof m);
    /* an old kernel without MemAvailable: used = total - free - buffers - cached */
    mem_parse_meminfo(S("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n"
                        "SwapCached: 7 kB\n"),
                      &m);
    assert_int_equal(m.used_kib.v, 600);
    assert_int_equal(m.cached_kib.v, 250);
    assert_int_equal(m.swap_cached_kib.v, 7);
    assert_false(m.avail_kib.ok);
    assert_false(m.nvmap_kib.ok);
    /* a second parse starts afresh: keys absent now are unknown, not stale */
    mem_parse_meminfo(S("no colon here\nHugePages_Total:  0\nMemTotal: junk kB\n"), &m);
    assert_false(m.total_kib.ok);
    assert_false(m.cached_kib.ok);
    assert_false(m.used_kib.ok);
    assert_int_equal(mem_parse_swaps(S("Filename Type Size Used Priority\n"
                                       "/swapfile file 2097148 0 -2\n"
                                       "/dev/zram0 partition 650240 1024 5\n"
                                       "/dev/zram1 partition 650240 0 5\n"),
                                     &m),
                     0);
    assert_int_equal(m.zram_total_kib.v, 1300480);
    assert_int_equal(m.zram_used_kib.v, 1024);
    assert_int_equal(mem_parse_swaps(S("Filename Type Size Used Priority\n"), &m), 0);
    assert_int_equal(m.zram_total_kib.v, 0);
    assert_true(m.zram_total_kib.ok);
    assert_int_equal(mem_parse_swaps(S("garbage\n"), &m), -EINVAL);
    assert_int_equal(mem_parse_buddyinfo(S("Node 0, zone DMA 1 0 0 2 0 0 0 0 0 0 0\n"
                                           "Node 0, zone Normal 9 9 0 0 0 1 0 0 0 0 0\n")),
                     4 << 5);
    assert_int_equal(mem_parse_buddyinfo(S("Node 0, zone DMA 0 0 0\n")), -1);
}

static void test_names(void **state) {
    (void)state;
    char n[16];
    thermal_short_name("cpu-thermal", n, sizeof n);
    assert_string_equal(n, "cpu");
    thermal_short_name("CPU-therm", n, sizeof n);
    assert_string_equal(n, "cpu");
    thermal_short_name("Tboard_tegra", n, sizeof n);
    assert_string_equal(n, "tboard");
    thermal_short_name("tj", n, sizeof n);
    assert_string_equal(n, "tj");
    thermal_short_name("verylongzonetypename", n, 5);
    assert_string_equal(n, "very");
    assert_string_equal(engines_name_of("15340000.vic"), "VIC");
    assert_string_equal(engines_name_of("15880000.nvdla0"), "DLA0");
    assert_string_equal(engines_name_of("154c0000.nvenc"), "NVENC");
    assert_null(engines_name_of("17000000.gpu"));
    assert_null(engines_name_of("bwmgr"));
    assert_true(gpu_is_known_name("17000000.ga10b"));
    assert_true(gpu_is_known_name("57000000.gpu"));
    assert_false(gpu_is_known_name("15340000.vic"));
    assert_int_equal(rails_mw(5064, 960), 4861);
    assert_int_equal(rails_mw(5000, -3), -15);
    assert_int_equal(rails_mw(999, 1), 1); /* 0.999 mW rounds to 1 */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_l4t),        cmocka_unit_test(test_jetpack_table),
        cmocka_unit_test(test_compatible), cmocka_unit_test(test_proc_stat),
        cmocka_unit_test(test_util),       cmocka_unit_test(test_idle_rates),
        cmocka_unit_test(test_emc_scale),  cmocka_unit_test(test_fan_files),
        cmocka_unit_test(test_nvp_status), cmocka_unit_test(test_meminfo_one_pass),
        cmocka_unit_test(test_mem_files),  cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
