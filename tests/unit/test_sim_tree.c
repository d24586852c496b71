/* SPDX-License-Identifier: MIT */
/* sim tree: jtune-sim --once builds every shipped board; the Orin Nano Super tree matches the
 * reference fixture path by path (kind, mode, static contents; hwmon/thermal numbers by
 * name/type); the numbering is permuted per seed; the same seed gives the same tree. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/core/parse.h"
#include "jtune/platform/sysfs.h"
#include "jtune/sim/board.h"
#include "simtest.h"

/* ------------------------------------------------------------------ fixture comparison */

typedef struct {
    char kind[16]; /* "hwmon", "thermal_zone", "cooling_device" */
    int from, to;
} NumMap;

typedef struct {
    NumMap map[64];
    int n;
} Renumber;

/* Split "hwmon12" into prefix and number. */
static bool numbered(const char *comp, size_t len, const char *kind, int *num) {
    size_t k = strlen(kind);
    int64_t v;
    if (len <= k || strncmp(comp, kind, k) != 0 || parse_i64(comp + k, len - k, &v) < 0) {
        return false;
    }
    *num = (int)v;
    return true;
}

static const char *const kinds[] = {"hwmon", "thermal_zone", "cooling_device"};

/* Rewrite every hwmonN / thermal_zoneN / cooling_deviceN component through the map. */
static void renumber(const Renumber *r, const char *in, char *out, size_t outsz) {
    size_t o = 0;
    out[0] = '\0';
    for (const char *p = in; *p;) {
        size_t len = strcspn(p, "/");
        char comp[256];
        snprintf(comp, sizeof comp, "%.*s", (int)len, p);
        for (size_t k = 0; k < 3; k++) {
            int num;
            if (!numbered(p, len, kinds[k], &num)) {
                continue;
            }
            for (int i = 0; i < r->n; i++) {
                if (!strcmp(r->map[i].kind, kinds[k]) && r->map[i].from == num) {
                    snprintf(comp, sizeof comp, "%s%d", kinds[k], r->map[i].to);
                }
            }
        }
        o += (size_t)snprintf(out + o, outsz - o, "%s%s", comp, p[len] ? "/" : "");
        p += len + (p[len] ? 1 : 0);
    }
}

typedef struct {
    char path[256];
    char content[8192];
    size_t len;
    char mode[16];
    char tag[64];
} Entry;

/* Unescape a fixture content field; returns the byte count (a trailing '\n' is added unless
 * the content is a NUL-terminated device-tree property). */
static size_t unescape(const char *in, char *out, size_t outsz) {
    size_t o = 0;
    for (const char *p = in; *p && o + 2 < outsz; p++) {
        if (*p == '\\' && p[1]) {
            char c = *++p;
            out[o++] = c == 'n' ? '\n' : c == 't' ? '\t' : c == '0' ? '\0' : c;
        } else {
            out[o++] = *p;
        }
    }
    if (!(o > 0 && out[o - 1] == '\0' && in[0] != '@')) {
        out[o++] = '\n';
    }
    return o;
}

static int load_fixture(Entry *e, int max) {
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/orin-nano-super.tree", test_source_dir());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    int n = 0;
    while (getline(&line, &cap, f) > 0 && n < max) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }
        char *fld[4] = {line, NULL, NULL, NULL};
        for (int i = 1; i < 4; i++) {
            char *tab = fld[i - 1] ? strchr(fld[i - 1], '\t') : NULL;
            if (tab) {
                *tab = '\0';
                fld[i] = tab + 1;
            }
        }
        assert_non_null(fld[2]);
        snprintf(e[n].path, sizeof e[n].path, "%s", fld[0]);
        if (fld[1][0] == '@') {
            snprintf(e[n].content, sizeof e[n].content, "%s", fld[1]);
            e[n].len = strlen(fld[1]);
        } else {
            e[n].len = unescape(fld[1], e[n].content, sizeof e[n].content);
        }
        snprintf(e[n].mode, sizeof e[n].mode, "%s", fld[2]);
        snprintf(e[n].tag, sizeof e[n].tag, "%s", fld[3] ? fld[3] : "");
        n++;
    }
    free(line);
    fclose(f);
    return n;
}

/* Values that animate (or are counters): their content is not compared. */
static bool animated(const char *path) {
    static const char *const suffix[] = {
        "/temp",
        "scaling_cur_freq",
        "cpuinfo_cur_freq",
        "/usage",
        "/time",
        "/above",
        "/below",
        "/cur_freq",
        "/target_freq",
        "/trans_stat",
        "/load",
        "_input",
        "/pwm1",
        "/rpm",
        "/cur_state",
        "emc/rate",
        "/mc_all",
        "/clk_rate",
        "proc/stat",
        "proc/meminfo",
        "proc/uptime",
        "proc/buddyinfo",
    };
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        size_t k = strlen(suffix[i]);
        if (n >= k && strcmp(path + n - k, suffix[i]) == 0) {
            return true;
        }
    }
    return false;
}

static mode_t mode_of(const char *m) {
    if (!strcmp(m, "rw")) {
        return 0644;
    }
    if (!strcmp(m, "ro(root)")) {
        return 0400;
    }
    if (!strcmp(m, "rw(root)")) {
        return 0600;
    }
    if (!strcmp(m, "wo")) {
        return 0200;
    }
    return 0444;
}

/* lstat of rel's last component, its parent resolved inside the root. */
static int lstat_in(Sysfs *fs, const char *rel, struct stat *st) {
    char parent[1024], canon[1024], full[2048];
    snprintf(parent, sizeof parent, "%s", rel);
    char *slash = strrchr(parent, '/');
    const char *name = slash ? slash + 1 : parent;
    if (slash) {
        *slash = '\0';
    }
    int rc = sysfs_resolve(fs, slash ? parent : "", canon, sizeof canon);
    if (rc < 0) {
        return rc;
    }
    snprintf(full, sizeof full, "%s%s%s", canon, canon[0] ? "/" : "", name);
    return fstatat(sysfs_rootfd(fs), full, st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
}

static void map_class(Renumber *r, const char *root, const Entry *e, int n, const char *kind,
                      const char *attr) {
    for (int i = 0; i < n; i++) {
        char fx_dir[64];
        int num;
        const char *base = strrchr(e[i].path, '/');
        if (!base || strcmp(base + 1, attr) != 0) {
            continue;
        }
        /* .../<kind>N/<attr> */
        const char *comp = base;
        while (comp > e[i].path && comp[-1] != '/') {
            comp--;
        }
        if (!numbered(comp, (size_t)(base - comp), kind, &num)) {
            continue;
        }
        char value[128], found[256];
        snprintf(value, sizeof value, "%.*s", (int)strcspn(e[i].content, "\n"), e[i].content);
        snprintf(fx_dir, sizeof fx_dir, "sys/class/%s",
                 !strcmp(kind, "hwmon") ? "hwmon" : "thermal");
        assert_int_equal(simtest_find(root, fx_dir, attr, value, 0, found, sizeof found), 0);
        int to = -1;
        const char *leaf = strrchr(found, '/') + 1;
        assert_true(numbered(leaf, strlen(leaf), kind, &to));
        snprintf(r->map[r->n].kind, sizeof r->map[r->n].kind, "%s", kind);
        r->map[r->n].from = num;
        r->map[r->n].to = to;
        r->n++;
    }
}

static void check_entry(Sysfs *fs, const Renumber *r, const Entry *e, int *compared) {
    char rel[512];
    renumber(r, e->path, rel, sizeof rel);
    struct stat st;
    int rc = lstat_in(fs, rel, &st);
    if (!strcmp(e->content, "@absent")) {
        if (rc == 0) {
            fail_msg("%s must not exist", rel);
        }
        return;
    }
    if (rc < 0) {
        fail_msg("%s (fixture %s) is missing: %s", rel, e->path, strerror(-rc));
    }
    if (!strncmp(e->content, "@link:", 6)) {
        char target[512], want[512];
        assert_true(S_ISLNK(st.st_mode));
        char canon_parent[1024];
        snprintf(canon_parent, sizeof canon_parent, "%s", rel);
        renumber(r, e->content + 6, want, sizeof want);
        int fd = sysfs_rootfd(fs);
        char parent[1024], full[2048];
        snprintf(parent, sizeof parent, "%s", rel);
        *strrchr(parent, '/') = '\0';
        assert_int_equal(sysfs_resolve(fs, parent, canon_parent, sizeof canon_parent), 0);
        snprintf(full, sizeof full, "%s/%s", canon_parent, strrchr(rel, '/') + 1);
        ssize_t n = readlinkat(fd, full, target, sizeof target - 1);
        assert_true(n > 0);
        target[n] = '\0';
        if (strcmp(target, want) != 0) {
            fail_msg("%s -> %s, want %s", rel, target, want);
        }
        return;
    }
    if (!strcmp(e->content, "@EAGAIN")) {
        if (!S_ISFIFO(st.st_mode) || (st.st_mode & 07777) != 0444) {
            fail_msg("%s must be a 0444 FIFO (a power-gated sensor)", rel);
        }
        return;
    }
    if (!S_ISREG(st.st_mode) || (st.st_mode & 07777) != mode_of(e->mode)) {
        fail_msg("%s: mode %o, want a regular file %o (%s)", rel, st.st_mode & 07777,
                 mode_of(e->mode), e->mode);
    }
    if (!strncmp(e->content, "@synth", 6) || animated(e->path)) {
        return;
    }
    char got[8192];
    ssize_t n = sysfs_read(fs, rel, got, sizeof got);
    if (n < 0 || (size_t)n != e->len || memcmp(got, e->content, e->len) != 0) {
        fail_msg("%s: content differs: got \"%.*s\" want \"%.*s\"", rel, (int)(n < 0 ? 0 : n), got,
                 (int)e->len, e->content);
    }
    (*compared)++;
}

static void test_super_tree_matches_the_fixture(void **state) {
    (void)state;
    char root[4096];
    assert_int_equal(simtest_build("orin-nano-super", 7, 0, root, sizeof root), 0);
    static Entry e[700];
    int n = load_fixture(e, 700);
    assert_true(n > 400);
    Renumber r = {.n = 0};
    map_class(&r, root, e, n, "hwmon", "name");
    map_class(&r, root, e, n, "thermal_zone", "type");
    map_class(&r, root, e, n, "cooling_device", "type");
    assert_int_equal(r.n, 4 + 9 + 13);
    Sysfs *fs;
    assert_int_equal(sysfs_open(&fs, root), 0);
    int compared = 0;
    for (int i = 0; i < n; i++) {
        check_entry(fs, &r, &e[i], &compared);
    }
    print_message("fixture: %d paths checked, %d static contents compared\n", n, compared);
    assert_true(compared > 250);
    sysfs_close(fs);
    rm_rf(root);
}

/* ------------------------------------------------------------------ Orin Nano Super */

static void test_super_key_facts(void **state) {
    (void)state;
    char root[4096], dir[256], path[512];
    assert_int_equal(simtest_build("orin-nano-super", 1, 0, root, sizeof root), 0);
    const char *cpu = "sys/devices/system/cpu";
    assert_string_equal(simtest_read(root, "sys/devices/system/cpu/present", NULL), "0-5\n");
    assert_string_equal(
        simtest_read(root, "sys/devices/system/cpu/cpufreq/policy0/related_cpus", NULL),
        "0 1 2 3\n");
    assert_string_equal(
        simtest_read(root, "sys/devices/system/cpu/cpufreq/policy4/related_cpus", NULL), "4 5\n");
    for (int c = 0; c < 6; c++) { /* each cpu reaches its policy through the link */
        snprintf(path, sizeof path, "%s/cpu%d/cpufreq/cpuinfo_max_freq", cpu, c);
        assert_int_equal(simtest_i64(root, path), 1728000);
    }
    int64_t t[64];
    size_t nt = 0;
    const char *avail = simtest_read(
        root, "sys/devices/system/cpu/cpu5/cpufreq/scaling_available_frequencies", NULL);
    assert_int_equal(parse_i64_list(avail, strlen(avail), t, 64, &nt), 0);
    assert_int_equal(nt, 22);
    const char *g =
        simtest_read(root, "sys/class/devfreq/17000000.gpu/available_frequencies", NULL);
    assert_int_equal(parse_i64_list(g, strlen(g), t, 64, &nt), 0);
    assert_int_equal(nt, 8);
    assert_int_equal(t[0], 306000000);
    assert_int_equal(t[7], 1020000000);
    /* the rails, found by name and label */
    assert_int_equal(simtest_find(root, "sys/class/hwmon", "name", "ina3221", 0, dir, sizeof dir),
                     0);
    const char *labels[] = {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/in%d_label", dir, i + 1);
        char want[32];
        snprintf(want, sizeof want, "%s\n", labels[i]);
        assert_string_equal(simtest_read(root, path, NULL), want);
    }
    snprintf(path, sizeof path, "%s/curr1_input", dir);
    int64_t ma = simtest_i64(root, path);
    snprintf(path, sizeof path, "%s/in1_input", dir);
    int64_t mw = ma * simtest_i64(root, path) / 1000;
    assert_true(mw > 4300 && mw < 5300); /* idle VDD_IN about 4.8 W */
    /* nine zones; the three CV sensors cannot be read */
    int zones = 0, unreadable = 0;
    const char *types[] = {"cpu-thermal",  "gpu-thermal",  "cv0-thermal",
                           "cv1-thermal",  "cv2-thermal",  "soc0-thermal",
                           "soc1-thermal", "soc2-thermal", "tj-thermal"};
    Sysfs *fs;
    assert_int_equal(sysfs_open(&fs, root), 0);
    for (int i = 0; i < 9; i++) {
        assert_int_equal(
            simtest_find(root, "sys/class/thermal", "type", types[i], 0, dir, sizeof dir), 0);
        snprintf(path, sizeof path, "%s/temp", dir);
        int64_t v;
        zones++;
        unreadable += sysfs_read_i64(fs, path, &v) < 0; /* no writer after --once: empty read */
    }
    sysfs_close(fs);
    assert_int_equal(zones, 9);
    assert_int_equal(unreadable, 3);
    assert_string_equal(simtest_read(root, "var/lib/nvpmodel/status", NULL), "pmode:0001\n");
    struct stat st;
    snprintf(path, sizeof path, "%s/usr/sbin/nvpmodel", root);
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_mode & S_IXUSR);
    rm_rf(root);
}

/* ------------------------------------------------------------------ every board */

static void check_board(const char *name) {
    char root[4096], path[512], dir[256];
    SimBoard *b = malloc(sizeof *b);
    Diag d = {0};
    assert_int_equal(simboard_locate(name, path, sizeof path), 0);
    assert_int_equal(simboard_load(path, b, &d), 0);
    assert_int_equal(simtest_build(name, 3, 0, root, sizeof root), 0);
    /* identity */
    const char *rel = simtest_read(root, "etc/nv_tegra_release", NULL);
    assert_int_equal(strncmp(rel, "# R3", 4), 0);
    char model[160];
    int err;
    const char *m = simtest_read(root, "proc/device-tree/model", &err);
    assert_int_equal(err, 0);
    snprintf(model, sizeof model, "%s", m);
    assert_string_equal(model, b->model);
    assert_int_equal(m[strlen(b->model)], '\0'); /* NUL-terminated property */
    /* cpus: the default mode's cores are online, the others appear in "offline" */
    int md = simboard_default_mode(b);
    char list[64];
    assert_true(format_cpulist(b->nvp.main.modes[md].cores, list, sizeof list) > 0);
    strcat(list, "\n");
    assert_string_equal(simtest_read(root, "sys/devices/system/cpu/online", NULL), list);
    const char *stat = simtest_read(root, "proc/stat", NULL);
    for (int c = 0; c < b->n_cpus; c++) {
        char key[16];
        snprintf(key, sizeof key, "\ncpu%d ", c);
        bool on = (b->nvp.main.modes[md].cores >> c) & 1;
        assert_true((strstr(stat, key) != NULL) == on);
    }
    /* rails: every labelled channel reads a power */
    for (int i = 0; i < b->n_rails; i++) {
        if (b->ina[b->rails[i].chip].iio) {
            snprintf(path, sizeof path, "%s/iio:device%d/in_power%d_input",
                     b->ina[b->rails[i].chip].dir, b->rails[i].chip, b->rails[i].channel - 1);
        } else {
            /* the nth monitor of its kind (INA3221, or Thor's INA238) */
            const char *drv = b->ina[b->rails[i].chip].driver;
            int nth = 0;
            for (int k = 0; k < b->rails[i].chip; k++) {
                nth += strcmp(b->ina[k].driver, drv) == 0;
            }
            assert_int_equal(simtest_find(root, "sys/class/hwmon", "name",
                                          strcmp(drv, "ina238") == 0 ? "ina238" : "ina3221", nth,
                                          dir, sizeof dir),
                             0);
            snprintf(path, sizeof path, "%s/in%d_label", dir, b->rails[i].channel);
            char want[40];
            snprintf(want, sizeof want, "%s\n", b->rails[i].label);
            assert_string_equal(simtest_read(root, path, NULL), want);
            snprintf(path, sizeof path, "%s/curr%d_input", dir, b->rails[i].channel);
        }
        assert_true(simtest_i64(root, path) >= 0);
    }
    /* zones by type; fan; nvpmodel */
    for (int z = 0; z < b->n_zones; z++) {
        assert_int_equal(
            simtest_find(root, "sys/class/thermal", "type", b->zones[z].type, 0, dir, sizeof dir),
            0);
    }
    char status[32];
    snprintf(status, sizeof status, "pmode:%04d\n", b->nvp.main.default_id);
    assert_string_equal(simtest_read(root, "var/lib/nvpmodel/status", NULL), status);
    assert_non_null(strstr(simtest_read(root, "etc/nvpmodel.conf", NULL), "< PM_CONFIG DEFAULT="));
    if (b->gpu.present) {
        /* JetPack 7 has no load file: the load comes from NVML */
        snprintf(path, sizeof path, "sys/class/devfreq/%s/device/load", b->gpu.devfreq);
        int lerr;
        simtest_read(root, path, &lerr);
        assert_int_equal(lerr, b->gpu.no_load ? -ENOENT : 0);
        if (!b->gpu.no_load) {
            assert_int_equal(simtest_i64(root, path), 0);
        }
    }
    if (b->emc.bwmgr_dir[0]) {
        assert_int_equal(simtest_i64(root, "sys/class/devfreq/bwmgr/max_freq"), b->emc.max_hz);
    }
    free(b);
    rm_rf(root);
}

static void test_every_board_builds(void **state) {
    (void)state;
    char names[16][32];
    int n = simtest_boards(names, 16);
    for (int i = 0; i < n; i++) {
        print_message("board %s\n", names[i]);
        check_board(names[i]);
    }
}

static bool exists(const char *root, const char *rel) {
    int err;
    simtest_read(root, rel, &err);
    return err == 0 || err == -EISDIR;
}

static void test_jetpack_layouts(void **state) {
    (void)state;
    char root[4096], dir[256];
    /* JetPack 5 Orin Nano: no bus@0, ga10b, emc_iso_cap (root-only), actmon, capitalised zones */
    assert_int_equal(simtest_build("orin-nano", 1, 0, root, sizeof root), 0);
    assert_true(exists(root, "sys/devices/platform/17000000.ga10b/load"));
    assert_true(exists(root, "sys/devices/17000000.ga10b/devfreq/17000000.ga10b/max_freq"));
    assert_true(exists(root, "sys/devices/gpu.0/load"));
    assert_true(exists(root, "sys/kernel/actmon_avg_activity/mc_all"));
    assert_false(exists(root, "sys/devices/platform/bus@0"));
    assert_false(exists(root, "sys/kernel/nvpmodel_clk_cap/emc"));
    assert_false(exists(root, "proc/driver/nvidia/version"));
    struct stat st;
    char p[4200];
    snprintf(p, sizeof p, "%s/sys/kernel/nvpmodel_emc_cap/emc_iso_cap", root);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(
        simtest_find(root, "sys/class/thermal", "type", "CPU-therm", 0, dir, sizeof dir), 0);
    assert_string_equal(
        simtest_read(root, "sys/devices/system/cpu/cpufreq/policy0/cpuinfo_max_freq", NULL),
        "1510400\n");
    assert_non_null(strstr(simtest_read(root, "etc/nv_tegra_release", NULL), "# R35 (release)"));
    const char *rel = simtest_read(root, "etc/nv_tegra_release", NULL);
    assert_int_equal(strchr(rel, '\n') - rel + 1, (long)strlen(rel)); /* one line */
    rm_rf(root);
    /* JetPack 4 Nano: iio rails, legacy fan, 57000000.gpu */
    assert_int_equal(simtest_build("nano", 1, 0, root, sizeof root), 0);
    const char *iio = "sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0";
    snprintf(p, sizeof p, "%s/rail_name_0", iio);
    assert_string_equal(simtest_read(root, p, NULL), "POM_5V_IN\n");
    snprintf(p, sizeof p, "%s/rail_name_1", iio);
    assert_string_equal(simtest_read(root, p, NULL), "POM_5V_GPU\n");
    snprintf(p, sizeof p, "%s/rail_name_2", iio);
    assert_string_equal(simtest_read(root, p, NULL), "POM_5V_CPU\n");
    snprintf(p, sizeof p, "%s/in_power0_input", iio);
    assert_true(simtest_i64(root, p) > 800);
    assert_true(exists(root, "sys/devices/pwm-fan/target_pwm"));
    assert_true(exists(root, "sys/devices/pwm-fan/rpm_measured"));
    assert_int_equal(simtest_i64(root, "sys/devices/pwm-fan/temp_control"), 1);
    assert_true(exists(root, "sys/class/devfreq/57000000.gpu/cur_freq"));
    assert_true(exists(root, "sys/devices/gpu.0/load"));
    assert_non_null(strstr(simtest_read(root, "etc/nv_tegra_release", NULL), "# R32 (release)"));
    assert_non_null(strstr(simtest_read(root,
                                        "sys/devices/system/cpu/cpufreq/policy0/"
                                        "scaling_available_frequencies",
                                        NULL),
                           "1479000"));
    rm_rf(root);
    /* AGX Orin: two INA3221 chips, 12 cores in 3 clusters, tboard/tdiode */
    assert_int_equal(simtest_build("agx-orin", 1, 0, root, sizeof root), 0);
    assert_int_equal(simtest_find(root, "sys/class/hwmon", "name", "ina3221", 1, dir, sizeof dir),
                     0);
    assert_int_equal(
        simtest_find(root, "sys/class/hwmon", "in2_label", "VDDQ_VDD2_1V8AO", 0, dir, sizeof dir),
        0);
    assert_int_equal(
        simtest_find(root, "sys/class/hwmon", "in1_label", "VDD_GPU_SOC", 0, dir, sizeof dir), 0);
    assert_int_equal(
        simtest_find(root, "sys/class/thermal", "type", "tboard-thermal", 0, dir, sizeof dir), 0);
    assert_string_equal(
        simtest_read(root, "sys/devices/system/cpu/cpufreq/policy8/related_cpus", NULL),
        "8 9 10 11\n");
    assert_string_equal(
        simtest_read(root, "var/lib/nvfancontrol/status", NULL),
        "FAN1:FAN_PROFILE:cool\nFAN1:FAN_GOVERNOR:cont\nFAN1:FAN_CONTROL:close_loop\n");
    rm_rf(root);
    /* Xavier NX: tegra194, gv11b, INA3221 at 7-0040 as an hwmon */
    assert_int_equal(simtest_build("xavier-nx", 1, 0, root, sizeof root), 0);
    assert_string_equal(simtest_read(root, "sys/bus/i2c/devices/7-0040/name", NULL), "ina3221\n");
    assert_true(exists(root, "sys/class/devfreq/17000000.gv11b/cur_freq"));
    assert_string_equal(
        simtest_read(root, "sys/class/devfreq/17000000.gv11b/device/of_node/name", NULL), "gv11b");
    rm_rf(root);
}

/* ------------------------------------------------------------------ numbering and determinism */

static void hwmon_signature(const char *root, char *out, size_t n) {
    const char *names[] = {"ina3221", "pwmfan", "pwm_tach", "soctherm_oc"};
    size_t used = 0;
    for (int i = 0; i < 4; i++) {
        char dir[256];
        assert_int_equal(
            simtest_find(root, "sys/class/hwmon", "name", names[i], 0, dir, sizeof dir), 0);
        used += (size_t)snprintf(out + used, n - used, "%s ", strrchr(dir, '/') + 1);
    }
}

static void test_numbering_differs_across_seeds(void **state) {
    (void)state;
    char sig[8][128];
    int distinct = 0;
    for (int s = 0; s < 8; s++) {
        char root[4096];
        assert_int_equal(simtest_build("orin-nano-super", (uint64_t)s + 1, 0, root, sizeof root),
                         0);
        hwmon_signature(root, sig[s], sizeof sig[s]);
        bool seen = false;
        for (int k = 0; k < s; k++) {
            seen = seen || !strcmp(sig[k], sig[s]);
        }
        distinct += !seen;
        rm_rf(root);
    }
    print_message("%d distinct hwmon numberings over 8 seeds\n", distinct);
    assert_true(distinct >= 2);
}

typedef struct {
    char root[4096];
    FILE *out;
} Walk;

static Walk walk;

/* One line per entry: path, type, mode, link target or content (root path masked). */
static int describe(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)ftw;
    (void)flag;
    const char *rel = path + strlen(walk.root);
    fprintf(walk.out, "%s %o ", rel, st->st_mode);
    if (S_ISLNK(st->st_mode)) {
        char t[4096];
        ssize_t n = readlink(path, t, sizeof t - 1);
        fprintf(walk.out, "-> %.*s\n", (int)(n < 0 ? 0 : n), t);
    } else if (S_ISREG(st->st_mode)) {
        FILE *f = fopen(path, "r");
        int c;
        while (f && (c = fgetc(f)) != EOF) {
            if (c == '\0') {
                fputs("\\0", walk.out); /* cmdline, compatible: NUL-separated strings */
            } else {
                fputc(c, walk.out);
            }
        }
        if (f) {
            fclose(f);
        }
        fputc('\n', walk.out);
    } else {
        fputc('\n', walk.out);
    }
    return 0;
}

/* The whole tree as text with the root's own path replaced. Caller frees. */
static char *tree_text(const char *root) {
    char *buf = NULL;
    size_t len = 0;
    snprintf(walk.root, sizeof walk.root, "%s", root);
    walk.out = open_memstream(&buf, &len);
    assert_int_equal(nftw(root, describe, 32, FTW_PHYS), 0);
    fclose(walk.out);
    for (char *p; (p = strstr(buf, root)) != NULL;) {
        memset(p, 'R', strlen(root)); /* the stand-in script names the root */
    }
    return buf;
}

static void test_same_seed_same_tree(void **state) {
    (void)state;
    char a[4096], b[4096];
    assert_int_equal(simtest_build("orin-nano-super", 42, 60, a, sizeof a), 0);
    assert_int_equal(simtest_build("orin-nano-super", 42, 60, b, sizeof b), 0);
    char *ta = tree_text(a), *tb = tree_text(b);
    assert_true(strlen(ta) > 10000);
    if (strcmp(ta, tb) != 0) {
        size_t i = 0;
        while (ta[i] == tb[i]) {
            i++;
        }
        fail_msg("trees differ near: %.120s", ta + (i > 60 ? i - 60 : 0));
    }
    char c[4096];
    assert_int_equal(simtest_build("orin-nano-super", 43, 60, c, sizeof c), 0);
    char *tc = tree_text(c);
    assert_true(strcmp(ta, tc) != 0); /* another seed animates differently */
    free(ta);
    free(tb);
    free(tc);
    rm_rf(a);
    rm_rf(b);
    rm_rf(c);
}

static void test_audit_files_are_stock(void **state) {
    (void)state;
    char root[4096], p[4300], t[256];
    assert_int_equal(simtest_build("orin-nano-super", 1, 0, root, sizeof root), 0);
    struct {
        const char *link, *target;
    } links[] = {
        {"etc/systemd/system/default.target", "/lib/systemd/system/graphical.target"},
        {"etc/systemd/system/display-manager.service", "/lib/systemd/system/gdm3.service"},
        {"etc/systemd/system/multi-user.target.wants/cups.service",
         "/lib/systemd/system/cups.service"},
        {"etc/systemd/system/multi-user.target.wants/avahi-daemon.service",
         "/lib/systemd/system/avahi-daemon.service"},
        {"etc/systemd/system/multi-user.target.wants/ModemManager.service",
         "/lib/systemd/system/ModemManager.service"},
        {"etc/systemd/system/bluetooth.target.wants/bluetooth.service",
         "/lib/systemd/system/bluetooth.service"},
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", root, links[i].link);
        ssize_t n = readlink(p, t, sizeof t - 1);
        assert_true(n > 0);
        t[n] = '\0';
        assert_string_equal(t, links[i].target);
        assert_true(exists(root, links[i].link)); /* resolves inside the root */
    }
    assert_non_null(
        strstr(simtest_read(root, "proc/mounts", NULL), "/dev/nvme0n1p1 / ext4 rw,relatime 0 0\n"));
    const char *j = simtest_read(root, "etc/systemd/journald.conf", NULL);
    assert_non_null(strstr(j, "[Journal]\n#Storage=auto\n"));
    assert_null(strstr(j, "\nStorage="));
    assert_string_equal(simtest_read(root, "sys/class/net/wlP1p1s0/operstate", NULL), "up\n");
    assert_true(exists(root, "sys/class/net/wlP1p1s0/wireless"));
    assert_string_equal(simtest_read(root, "proc/sys/vm/swappiness", NULL), "60\n");
    assert_non_null(strstr(simtest_read(root, "proc/meminfo", NULL), "\nNvMapMemUsed:"));
    assert_non_null(strstr(simtest_read(root, "proc/meminfo", NULL), "\nCmaFree:"));
    rm_rf(root);
}

static int run_once(const char *root, const char *seed, char *out, size_t n) {
    const char *argv[] = {simtest_exe(), "--root", root, "--seed", seed, "--once", NULL};
    return simtest_run(argv, NULL, out, n);
}

static void test_rebuild_replaces_only_a_simulated_tree(void **state) {
    (void)state;
    Fixture fx;
    char out[1024], dir[256];
    assert_int_equal(fixture_mkroot(&fx), 0);
    for (int seed = 1; seed <= 6; seed++) { /* each run leaves exactly one numbering */
        char s[8];
        snprintf(s, sizeof s, "%d", seed);
        assert_int_equal(run_once(fx.root, s, out, sizeof out), 0);
        assert_int_equal(
            simtest_find(fx.root, "sys/class/hwmon", "name", "pwmfan", 0, dir, sizeof dir), 0);
        assert_int_equal(
            simtest_find(fx.root, "sys/class/hwmon", "name", "pwmfan", 1, dir, sizeof dir),
            -ENOENT);
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "%s/sys/devices/platform/pwm-fan/hwmon", fx.root);
        const char *ls[] = {"/bin/ls", cmd, NULL};
        assert_int_equal(simtest_run(ls, NULL, out, sizeof out), 0);
        int lines = 0;
        for (const char *p = out; *p; p++) {
            lines += *p == '\n';
        }
        assert_int_equal(lines, 1); /* one hwmonN under the fan device, not one per run */
    }
    fixture_cleanup(&fx);
    /* a directory that holds something else is left alone */
    assert_int_equal(fixture_mkroot(&fx), 0);
    assert_int_equal(fixture_put(&fx, "notes.txt", "mine\n"), 0);
    assert_int_equal(run_once(fx.root, "1", out, sizeof out), 1);
    assert_non_null(strstr(out, "is not empty and holds no simulated tree"));
    assert_string_equal(slurp_static(fixture_path(&fx, "notes.txt")), "mine\n");
    assert_false(exists(fx.root, "sys"));
    fixture_cleanup(&fx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_super_tree_matches_the_fixture),
        cmocka_unit_test(test_super_key_facts),
        cmocka_unit_test(test_every_board_builds),
        cmocka_unit_test(test_jetpack_layouts),
        cmocka_unit_test(test_numbering_differs_across_seeds),
        cmocka_unit_test(test_same_seed_same_tree),
        cmocka_unit_test(test_audit_files_are_stock),
        cmocka_unit_test(test_rebuild_replaces_only_a_simulated_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
