/* SPDX-License-Identifier: MIT */
/* Discovery on every board the simulator ships: build its tree with
 * `jtune-sim --board NAME --root DIR --once` (the binary in the build tree), then check the
 * counts and names the sampler finds and that the values it reads match the files. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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
#include "jtune/core/boardtotal.h"
#include "jtune/core/parse.h"
#include "jtune/platform/sampler.h"

#define MAX_EXPECT 12

typedef struct {
    const char *board;
    const char *soc;
    const char *gpu; /* devfreq node name */
    int cpus, policies, idle_states;
    const char *rails[MAX_EXPECT];   /* every rail label, in discovery order */
    const char *input;               /* board total as boardtotal_format writes it */
    const char *zones[MAX_EXPECT];   /* short names that must be present */
    const char *engines[MAX_EXPECT]; /* engine names that must be present */
    FanKind fan;
    bool iio;
} Board;

static const Board BOARDS[] = {
    {"orin-nano-super",
     "tegra234",
     "17000000.gpu",
     6,
     2,
     2,
     {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"},
     "VDD_IN",
     {"cpu", "gpu", "cv0", "cv1", "cv2", "soc0", "soc1", "soc2", "tj"},
     {"VIC", "NVDEC", "NVJPG", "NVJPG1", "OFA"},
     FAN_HWMON,
     false},
    {"orin-nano",
     "tegra234",
     "17000000.ga10b",
     6,
     2,
     2,
     {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"},
     "VDD_IN",
     {"cpu", "gpu", "cv0", "soc0", "tj"},
     {"VIC", "NVDEC", "NVJPG"},
     FAN_HWMON,
     false},
    {"orin-nx-16gb",
     "tegra234",
     "17000000.gpu",
     8,
     2,
     2,
     {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"},
     "VDD_IN",
     {"cpu", "gpu", "cv0", "soc0", "tj"},
     {"VIC", "NVDEC", "NVJPG", "NVENC"},
     FAN_HWMON,
     false},
    {"agx-orin",
     "tegra234",
     "17000000.gpu",
     12,
     3,
     2,
     {"VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0", "VDDQ_VDD2_1V8AO"},
     "sum:VDD_GPU_SOC+VDD_CPU_CV+VIN_SYS_5V0",
     {"cpu", "gpu", "soc0", "tj", "tboard", "tdiode"},
     {"VIC", "NVDEC", "NVJPG", "NVENC"},
     FAN_HWMON,
     false},
    {"thor",
     "tegra264",
     "gpu-gpc-0",
     14,
     1,
     2,
     {"VDD_GPU", "VDD_CPU_SOC_MSS", "VIN_SYS_5V0", "VIN"},
     "VIN",
     {"cpu", "gpu", "soc0", "tj"},
     {"VIC", "NVDEC", "NVJPG", "NVENC"},
     FAN_HWMON,
     false},
    {"xavier-nx",
     "tegra194",
     "17000000.gv11b",
     6,
     3,
     0,
     {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"},
     "VDD_IN",
     {"cpu", "gpu"},
     {"VIC"},
     FAN_HWMON,
     false},
    {"nano",
     "tegra210",
     "57000000.gpu",
     4,
     1,
     0,
     {"POM_5V_IN", "POM_5V_GPU", "POM_5V_CPU"},
     "POM_5V_IN",
     {"cpu", "gpu"},
     {NULL},
     FAN_LEGACY,
     true},
};

typedef struct {
    char root[PATH_MAX];
    Sampler *s;
    Sample a, b;
} Ctx;

static const char *sim_path(void) {
    static char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/jtune-sim", test_build_dir());
    return p;
}

/* Run jtune-sim --board name --root dir --once; its exit status. */
static int run_sim(const char *name, const char *dir) {
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        execl(sim_path(), "jtune-sim", "--board", name, "--root", dir, "--once", (char *)NULL);
        _exit(127);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static Ctx *build(const Board *b) {
    char ini[PATH_MAX];
    snprintf(ini, sizeof ini, "%s/config/boards/%s.ini", test_source_dir(), b->board);
    if (access(sim_path(), X_OK) != 0) {
        print_message("skipped: %s is not built\n", sim_path());
        return NULL;
    }
    if (access(ini, R_OK) != 0) {
        print_message("skipped: the simulator ships no board %s (%s)\n", b->board, ini);
        return NULL;
    }
    Ctx *c = calloc(1, sizeof *c);
    assert_non_null(c);
    const char *tmp = getenv("TMPDIR");
    snprintf(c->root, sizeof c->root, "%s/jtune-board-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(c->root));
    assert_int_equal(run_sim(b->board, c->root), 0);
    SamplerConfig cfg = {.rescan_ms = 1000};
    assert_int_equal(sampler_open(&c->s, c->root, &cfg), 0);
    assert_int_equal(sampler_take(c->s, &c->a), 0);
    assert_int_equal(sampler_take(c->s, &c->b), 0);
    return c;
}

static void done(Ctx *c) {
    sampler_close(c->s);
    rm_rf(c->root);
    free(c);
}

static Val file_val(Ctx *c, const char *rel) {
    int64_t v;
    return sysfs_read_i64(sampler_sysfs(c->s), rel, &v) == 0 ? val_of(v) : val_na();
}

static void assert_same(Val got, Val want) {
    assert_int_equal(got.ok, want.ok);
    if (want.ok) {
        assert_int_equal(got.v, want.v);
    }
}

/* The voltage file of a rail, looked up here independently of the sampler. */
static bool rail_file(Ctx *c, const RailInfo *r, char *out, size_t n) {
    Sysfs *fs = sampler_sysfs(c->s);
    DIR *d = sysfs_opendir(fs, r->legacy_iio ? "sys/bus/i2c/drivers/ina3221x" : "sys/class/hwmon");
    struct dirent *e;
    bool found = false;
    while (d && !found && (e = readdir(d)) != NULL) {
        char p[512], label[64];
        if (e->d_name[0] == '.') {
            continue;
        }
        if (r->legacy_iio) {
            snprintf(p, sizeof p, "sys/bus/i2c/drivers/ina3221x/%s/iio:device0/rail_name_%d",
                     e->d_name, r->channel - 1);
        } else {
            snprintf(p, sizeof p, "sys/class/hwmon/%s/in%d_label", e->d_name, r->channel);
        }
        if (sysfs_read_str(fs, p, label, sizeof label) == 0 && strcmp(label, r->label) == 0) {
            *strrchr(p, '/') = '\0';
            snprintf(out, n, r->legacy_iio ? "%s/in_voltage%d_input" : "%s/in%d_input", p,
                     r->legacy_iio ? r->channel - 1 : r->channel);
            found = true;
        }
    }
    if (d) {
        closedir(d);
    }
    return found;
}

static void check_counts(const Board *b, const Inventory *inv) {
    assert_string_equal(inv->id.soc, b->soc);
    assert_true(inv->id.l4t[0] != '\0');
    assert_int_equal(inv->cpu.n_cpus, b->cpus);
    assert_int_equal(inv->cpu.n_policies, b->policies);
    if (b->idle_states > 0) {
        assert_int_equal(inv->idle.n_states, b->idle_states);
    }
    assert_true(inv->gpu.present);
    assert_string_equal(inv->gpu.name, b->gpu);
    int n = 0;
    while (n < MAX_EXPECT && b->rails[n]) {
        assert_string_equal(inv->rails[n].label, b->rails[n]);
        assert_int_equal(inv->rails[n].legacy_iio, b->iio);
        n++;
    }
    assert_int_equal(inv->n_rails, n);
    char total[160];
    assert_string_equal(boardtotal_format(inv, total, sizeof total), b->input);
    for (int i = 0; i < MAX_EXPECT && b->zones[i]; i++) {
        if (inventory_zone_index(inv, b->zones[i]) < 0) {
            fail_msg("%s: no zone %s", b->board, b->zones[i]);
        }
    }
    for (int i = 0; i < MAX_EXPECT && b->engines[i]; i++) {
        bool have = false;
        for (int k = 0; k < inv->n_engines; k++) {
            have = have || strcmp(inv->engines[k].name, b->engines[i]) == 0;
        }
        if (!have) {
            fail_msg("%s: no engine %s", b->board, b->engines[i]);
        }
    }
    assert_int_equal(inv->fan.kind, b->fan);
    assert_true(inv->nvp.present);
}

static void check_values(Ctx *c) {
    const Inventory *inv = sampler_inventory(c->s);
    const Sample *s = &c->b;
    char p[512];
    for (int i = 0; i < inv->cpu.n_policies; i++) {
        snprintf(p, sizeof p, "sys/devices/system/cpu/cpufreq/policy%d/scaling_max_freq",
                 inv->cpu.policies[i].first_cpu);
        assert_same(s->policy[i].max_khz, file_val(c, p));
    }
    snprintf(p, sizeof p, "%s/cur_freq", inv->gpu.devfreq_dir);
    assert_same(s->gpu.freq_hz, file_val(c, p));
    for (int i = 0; i < inv->n_zones; i++) {
        if (!inv->zones[i].hwmon) {
            snprintf(p, sizeof p, "sys/class/thermal/thermal_zone%d/temp", inv->zones[i].index);
            Val want = file_val(c, p);
            want.ok = want.ok && want.v > -256000;
            assert_same(s->zone_mc[i], want);
        }
    }
    for (int i = 0; i < inv->n_rails; i++) {
        assert_true(rail_file(c, &inv->rails[i], p, sizeof p));
        assert_same(s->rail[i].mv, file_val(c, p));
        assert_true(s->rail[i].mw.ok);
    }
    assert_true(s->input_mw.ok);
    int64_t sum = 0; /* the board total is exactly its rails, each counted once */
    for (int k = 0; k < inv->total.n; k++) {
        sum += s->rail[inv->total.rail[k]].mw.v;
    }
    assert_int_equal(s->input_mw.v, sum);
    assert_same(s->fan.pwm, file_val(c, inv->fan.pwm_path));
    char buf[4096];
    int64_t total = 0;
    ssize_t n = sysfs_read(sampler_sysfs(c->s), "proc/meminfo", buf, sizeof buf);
    assert_true(n > 0);
    assert_int_equal(parse_kv_i64(buf, (size_t)n, "MemTotal", ':', &total), 0);
    assert_same(s->mem.total_kib, val_of(total));
    n = sysfs_read(sampler_sysfs(c->s), "var/lib/nvpmodel/status", buf, sizeof buf);
    if (n > 0) {
        assert_true(s->nvp_mode.ok);
        assert_true(inventory_mode_index(inv, s->nvp_mode.v) >= 0);
    }
}

static void test_board(void **state) {
    const Board *b = *state;
    Ctx *c = build(b);
    if (!c) {
        skip();
    }
    check_counts(b, sampler_inventory(c->s));
    check_values(c);
    done(c);
}

int main(void) {
    struct CMUnitTest tests[sizeof BOARDS / sizeof BOARDS[0]];
    for (size_t i = 0; i < sizeof BOARDS / sizeof BOARDS[0]; i++) {
        tests[i] = (struct CMUnitTest){BOARDS[i].board, test_board, NULL, NULL,
                                       (void *)(uintptr_t)&BOARDS[i]} /* cmocka state: read only */;
    }
    return _cmocka_run_group_tests("sampler_boards", tests, sizeof tests / sizeof tests[0], NULL,
                                   NULL);
}
