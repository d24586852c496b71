/* SPDX-License-Identifier: MIT */
/* emc: memory controller clock, utilisation and cap. */
#include "jtune/platform/jetson/emc.h"

#include "jtune/platform/jetson/attrval.h"
#include "jtune/platform/jetson/discover.h"

#include <errno.h>
#include <string.h>

/* Where the EMC clock rate lives, newest first, with its min/max companions. */
static const struct {
    const char *rate, *min, *max;
} RATE_PATHS[] = {
    /* Thor (JetPack 7): the bandwidth manager's devfreq node, readable without root (jtop
     * PR #825) */
    {"sys/class/devfreq/bwmgr/cur_freq", "sys/class/devfreq/bwmgr/min_freq",
     "sys/class/devfreq/bwmgr/max_freq"},
    {"sys/kernel/debug/bpmp/debug/clk/emc/rate", "sys/kernel/debug/bpmp/debug/clk/emc/min_rate",
     "sys/kernel/debug/bpmp/debug/clk/emc/max_rate"},
    {"sys/kernel/debug/clk/override.emc/clk_rate", "sys/kernel/debug/tegra_bwmgr/emc_min_rate",
     "sys/kernel/debug/tegra_bwmgr/emc_max_rate"},
    {"sys/kernel/debug/clk/emc/clk_rate", "sys/kernel/debug/clk/emc/clk_min_rate",
     "sys/kernel/debug/clk/emc/clk_max_rate"},
};

static const struct {
    const char *path;
    EmcUtilSource src;
} UTIL_PATHS[] = {
    {"sys/kernel/debug/cactmon/mc_all", EMC_UTIL_CACTMON},
    {"sys/kernel/actmon_avg_activity/mc_all", EMC_UTIL_ACTMON},
    {"sys/kernel/debug/bpmp/debug/actmon/mc_all_avg_activity", EMC_UTIL_ACTMON},
};

static const char *const CAP_PATHS[] = {"sys/kernel/nvpmodel_clk_cap/emc",
                                        "sys/kernel/nvpmodel_emc_cap/emc_iso_cap"};

/* EACCES says more than ENOENT (the file is there, we may not read it). */
static int better_errno(int have, int got) {
    if (have == 0 || have == ENOENT) {
        return got;
    }
    return have;
}

static void probe_rate(Sysfs *fs, EmcInfo *e, EmcAttrs *a) {
    int err = 0;
    for (size_t i = 0; i < sizeof RATE_PATHS / sizeof RATE_PATHS[0]; i++) {
        int64_t v;
        int rc = sysfs_read_i64(fs, RATE_PATHS[i].rate, &v);
        if (rc == 0) {
            e->rate_readable = true;
            e->rate_errno = 0;
            a->rate = sysfs_attr(fs, RATE_PATHS[i].rate);
            e->min_hz = discover_val(fs, RATE_PATHS[i].min, NULL);
            e->max_hz = discover_val(fs, RATE_PATHS[i].max, NULL);
            return;
        }
        err = better_errno(err, -rc);
    }
    e->rate_errno = err ? err : ENOENT;
}

static void probe_util(Sysfs *fs, EmcInfo *e, EmcAttrs *a) {
    for (size_t i = 0; i < sizeof UTIL_PATHS / sizeof UTIL_PATHS[0]; i++) {
        int64_t v;
        if (sysfs_read_i64(fs, UTIL_PATHS[i].path, &v) == 0) {
            e->util_src = UTIL_PATHS[i].src;
            a->util = sysfs_attr(fs, UTIL_PATHS[i].path);
            return;
        }
    }
    e->util_src = EMC_UTIL_NONE;
}

static void probe_cap(Sysfs *fs, EmcInfo *e, EmcAttrs *a) {
    for (size_t i = 0; i < sizeof CAP_PATHS / sizeof CAP_PATHS[0]; i++) {
        if (sysfs_exists(fs, CAP_PATHS[i])) {
            discover_copy(e->cap_path, sizeof e->cap_path, CAP_PATHS[i]);
            e->has_cap = true;
            a->cap = sysfs_attr_setting(fs, sysfs_attr(fs, CAP_PATHS[i]));
            return;
        }
    }
}

int emc_probe(Sysfs *fs, Inventory *inv, EmcAttrs *a) {
    EmcInfo *e = &inv->emc;
    memset(e, 0, sizeof *e);
    *a = (EmcAttrs){-1, -1, -1};
    probe_rate(fs, e, a);
    probe_util(fs, e, a);
    probe_cap(fs, e, a);
    e->present =
        e->rate_readable || e->rate_errno != ENOENT || e->util_src != EMC_UTIL_NONE || e->has_cap;
    return 0;
}

int64_t emc_util_pct10(int64_t mc_all, int64_t rate_hz) {
    if (rate_hz < 1000 || mc_all < 0) {
        return -1;
    }
    /* jtop: util% = mc_all / (rate_Hz / 1000). Whether mc_all really is "percent x kHz" is
     * not documented by NVIDIA (MangoHud's formula differs by 100x); tegrastats agrees
     * with this scale on the samples we have. Tenths of %: mc_all * 10000 / rate_Hz. */
    int64_t kilo = rate_hz / 1000;
    int64_t v = (mc_all * 10 + kilo / 2) / kilo;
    return v > 1000 ? 1000 : v;
}

void emc_read(Sysfs *fs, const Inventory *inv, const EmcAttrs *a, Sample *out) {
    (void)inv;
    EmcSample *e = &out->emc;
    e->freq_hz = attrval_i64(fs, a->rate);
    e->cap_hz = attrval_i64(fs, a->cap);
    Val mc = attrval_i64(fs, a->util);
    if (mc.ok && e->freq_hz.ok) {
        int64_t u = emc_util_pct10(mc.v, e->freq_hz.v);
        e->util_pct10 = u >= 0 ? val_of(u) : val_na();
    }
}
