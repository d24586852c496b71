/* SPDX-License-Identifier: MIT */
/* engines: host1x engine clocks and whether each engine is on. */
#include "jtune/platform/jetson/engines.h"

#include "jtune/platform/jetson/attrval.h"
#include "jtune/platform/jetson/discover.h"
#include "jtune/platform/jetson/gpu.h"

#include <ctype.h>
#include <string.h>

#define DEVFREQ "sys/class/devfreq"
#define CLKDIR  "sys/kernel/debug/clk"

/* devfreq unit name (after the '.') -> engine name and debugfs clock name */
static const struct {
    const char *unit, *name, *clk;
} UNITS[] = {
    {"vic", "VIC", "vic"},           {"nvdec", "NVDEC", "nvdec"},  {"nvjpg", "NVJPG", "nvjpg"},
    {"ofa", "OFA", "ofa"},           {"nvenc", "NVENC", "nvenc"},  {"nvdla0", "DLA0", "dla0_core"},
    {"nvdla1", "DLA1", "dla1_core"}, {"pva0", "PVA0", "pva0_vps"},
};

/* debugfs-only engines: the video engines of boards without engine devfreq (JP4) */
static const struct {
    const char *name, *clk;
} LEGACY_CLOCKS[] = {
    {"NVENC", "nvenc"}, {"NVDEC", "nvdec"}, {"NVJPG", "nvjpg"}, {"VIC", "vic03"}, {"VIC", "vic"},
};

/* DLA/PVA have no devfreq node: their clock counts when the device exists */
static const struct {
    const char *name, *clk, *dev;
} ACCEL[] = {
    {"DLA0", "dla0_core", "15880000.nvdla0"},
    {"DLA1", "dla1_core", "158c0000.nvdla1"},
    {"PVA0", "pva0_vps", "16000000.pva0"},
};
static const char *const HOST1X_DIRS[] = {"sys/devices/platform/bus@0/13e00000.host1x",
                                          "sys/devices/platform/13e40000.host1x",
                                          "sys/bus/platform/devices"};

const char *engines_name_of(const char *devfreq_name) {
    const char *dot = strchr(devfreq_name, '.');
    if (!dot) {
        return NULL;
    }
    for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++) {
        if (strcmp(dot + 1, UNITS[i].unit) == 0) {
            return UNITS[i].name;
        }
    }
    return NULL;
}

static bool have_engine(const Inventory *inv, const char *name) {
    for (int i = 0; i < inv->n_engines; i++) {
        if (strcmp(inv->engines[i].name, name) == 0) {
            return true;
        }
    }
    return false;
}

/* "NVJPG" -> "NVJPG1" when NVJPG is taken (a second engine of the same kind). */
static void unique_name(const Inventory *inv, const char *base, char *out, size_t n) {
    discover_copy(out, n, base);
    for (int k = 1; k < 10 && have_engine(inv, out); k++) {
        sysfs_path(out, n, "%s%d", base, k);
    }
}

/* debugfs clock name of an engine: its lower-case name, DLA/PVA per table */
static void clock_of(const char *name, char *out, size_t n) {
    for (size_t i = 0; i < sizeof ACCEL / sizeof ACCEL[0]; i++) {
        if (strcmp(name, ACCEL[i].name) == 0) {
            discover_copy(out, n, ACCEL[i].clk);
            return;
        }
    }
    size_t i = 0;
    for (; name[i] && i + 1 < n; i++) {
        out[i] = (char)tolower((unsigned char)name[i]);
    }
    out[i] = '\0';
}

static AttrId enable_attr(Sysfs *fs, const char *clk) {
    char dir[JT_PATH];
    int64_t v;
    if (discover_join(dir, sizeof dir, CLKDIR, clk) < 0) {
        return -1;
    }
    AttrId id = discover_attr(fs, dir, "clk_enable_count");
    return (id >= 0 && sysfs_attr_i64(fs, id, &v) == 0) ? id : -1; /* root only */
}

static void add_devfreq(Sysfs *fs, Inventory *inv, EngineAttrs *a, const char *node,
                        const char *base) {
    int i = inv->n_engines;
    EngineInfo *e = &inv->engines[i];
    char devdir[JT_PATH];
    char p[JT_PATH * 2];
    char clk[24];
    memset(e, 0, sizeof *e);
    unique_name(inv, base, e->name, sizeof e->name);
    discover_join(e->dir, sizeof e->dir, DEVFREQ, node);
    e->devfreq = true;
    a->freq[i] = discover_attr(fs, e->dir, "cur_freq");
    discover_join(p, sizeof p, e->dir, "device");
    a->runtime[i] = sysfs_resolve(fs, p, devdir, sizeof devdir) == 0
                        ? discover_attr(fs, devdir, "power/runtime_status")
                        : -1;
    clock_of(e->name, clk, sizeof clk);
    a->enable[i] = enable_attr(fs, clk);
    int64_t f[JT_MAX_FREQS];
    int nf = discover_i64_list(fs, e->dir, "available_frequencies", f, JT_MAX_FREQS);
    Val mn = discover_val(fs, e->dir, "min_freq");
    a->floor_hz[i] = nf > 0 ? f[0] : (mn.ok ? mn.v : -1);
    inv->n_engines++;
}

static bool add_clock(Sysfs *fs, Inventory *inv, EngineAttrs *a, const char *name,
                      const char *clk) {
    int i = inv->n_engines;
    EngineInfo *e = &inv->engines[i];
    int64_t v;
    memset(e, 0, sizeof *e);
    if (have_engine(inv, name) || discover_join(e->dir, sizeof e->dir, CLKDIR, clk) < 0) {
        return false;
    }
    a->freq[i] = discover_attr(fs, e->dir, "clk_rate");
    if (a->freq[i] < 0 || sysfs_attr_i64(fs, a->freq[i], &v) < 0) {
        return false; /* no such clock, or no root */
    }
    discover_copy(e->name, sizeof e->name, name);
    a->enable[i] = enable_attr(fs, clk);
    a->runtime[i] = -1;
    a->floor_hz[i] = -1;
    inv->n_engines++;
    return true;
}

static void probe_devfreq(Sysfs *fs, Inventory *inv, EngineAttrs *a) {
    DirEntry ents[64];
    int n = discover_entries(fs, DEVFREQ, ents, 64);
    for (int i = 0; i < n && inv->n_engines < JT_MAX_ENGINES; i++) {
        const char *base = engines_name_of(ents[i].name);
        if (base && strcmp(ents[i].name, inv->gpu.name) != 0 && !gpu_is_known_name(ents[i].name)) {
            add_devfreq(fs, inv, a, ents[i].name, base);
        }
    }
}

static bool accel_exists(const Sysfs *fs, const char *dev) {
    for (size_t i = 0; i < sizeof HOST1X_DIRS / sizeof HOST1X_DIRS[0]; i++) {
        if (discover_exists(fs, HOST1X_DIRS[i], dev)) {
            return true;
        }
    }
    return false;
}

int engines_probe(Sysfs *fs, Inventory *inv, EngineAttrs *a) {
    inv->n_engines = 0;
    for (int i = 0; i < JT_MAX_ENGINES; i++) {
        a->freq[i] = a->runtime[i] = a->enable[i] = -1;
        a->floor_hz[i] = -1;
    }
    probe_devfreq(fs, inv, a);
    bool legacy = inv->n_engines == 0;
    for (size_t i = 0; legacy && i < sizeof LEGACY_CLOCKS / sizeof LEGACY_CLOCKS[0]; i++) {
        if (inv->n_engines < JT_MAX_ENGINES) {
            add_clock(fs, inv, a, LEGACY_CLOCKS[i].name, LEGACY_CLOCKS[i].clk);
        }
    }
    for (size_t i = 0; i < sizeof ACCEL / sizeof ACCEL[0]; i++) {
        if (inv->n_engines < JT_MAX_ENGINES && accel_exists(fs, ACCEL[i].dev)) {
            add_clock(fs, inv, a, ACCEL[i].name, ACCEL[i].clk);
        }
    }
    return 0;
}

/* 1 on, 0 off, per the rules in engines.h; unknown when no rule applies. */
static Val engine_on(Sysfs *fs, const EngineAttrs *a, int i, Val freq) {
    char st[24];
    if (attrval_str(fs, a->runtime[i], st, sizeof st)) {
        return val_of(strcmp(st, "suspended") != 0);
    }
    Val cnt = attrval_i64(fs, a->enable[i]);
    if (cnt.ok) {
        return val_of(cnt.v > 0);
    }
    if (freq.ok && a->floor_hz[i] > 0) {
        return val_of(freq.v > a->floor_hz[i]);
    }
    return val_na();
}

void engines_read(Sysfs *fs, const Inventory *inv, const EngineAttrs *a, Sample *out) {
    for (int i = 0; i < inv->n_engines; i++) {
        EngineSample *e = &out->engine[i];
        e->freq_hz = attrval_i64(fs, a->freq[i]);
        e->on = engine_on(fs, a, i, e->freq_hz);
    }
}
