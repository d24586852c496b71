/* SPDX-License-Identifier: MIT */
/* tree_gpu: the GPU device and its devfreq node, host1x engines, debugfs clocks, EMC. */
#include "sim_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void join_i64(const int64_t *v, int n, char *out, size_t outsz) {
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used < outsz; i++) {
        used += (size_t)snprintf(out + used, outsz - used, "%lld ", (long long)v[i]);
    }
}

static int gpu_devfreq(Sim *s, const char *df) {
    const SimBoard *b = &s->board;
    char path[PATH_MAX], text[SB_MAX_FREQS * 12];
    int rc = 0;
#define P(name) (snprintf(path, sizeof path, "%s/%s", df, name), path)
    rc = rc ? rc : simfs_node(s, P("cur_freq"), 0444, R_GPU_CUR, 0, 0);
    rc = rc ? rc : simfs_node(s, P("target_freq"), 0444, R_GPU_TARGET, 0, 0);
    rc = rc ? rc : simfs_node(s, P("min_freq"), 0644, R_GPU_MIN, 0, 0);
    rc = rc ? rc : simfs_node(s, P("max_freq"), 0644, R_GPU_MAX, 0, 0);
    rc = rc ? rc : simfs_node(s, P("governor"), 0644, R_GPU_GOV, 0, 0);
    rc = rc ? rc : simfs_node(s, P("trans_stat"), 0444, R_GPU_TRANS, 0, 0);
    join_i64(b->gpu.freqs_hz, b->gpu.n_freqs, text, sizeof text);
    rc = rc ? rc : simfs_printf(s, P("available_frequencies"), 0444, "%s\n", text);
    size_t used = 0;
    for (int g = 0; g < b->gpu.n_govs; g++) {
        used += (size_t)snprintf(text + used, sizeof text - used, "%s ", b->gpu.govs[g]);
    }
    rc = rc ? rc : simfs_printf(s, P("available_governors"), 0444, "%s\n", text);
    rc = rc ? rc
            : simfs_printf(s, P("polling_interval"), 0644, "%lld\n", (long long)b->gpu.polling_ms);
    rc = rc ? rc : simfs_printf(s, P("name"), 0444, "%s\n", b->gpu.devfreq);
    rc = rc ? rc : simfs_link_rel(s, P("device"), b->gpu.dir);
#undef P
    return rc;
}

static int gpu_device(Sim *s) {
    const SimBoard *b = &s->board;
    const char *dir = b->gpu.dir;
    char path[PATH_MAX];
    int rc = 0;
#define P(name) (snprintf(path, sizeof path, "%s/%s", dir, name), path)
    if (!b->gpu.no_load) {
        rc = rc ? rc : simfs_node(s, P("load"), 0444, R_GPU_LOAD, 0, 0);
    }
    rc = rc ? rc : simfs_node(s, P("railgate_enable"), 0644, R_GPU_RAILGATE, 0, 0);
    rc = rc ? rc : simfs_node(s, P("power/control"), 0644, R_GPU_PWRCTL, 0, 0);
    if (rc == 0 && b->gpu.tpc_pg_mask >= 0) {
        rc = simfs_node(s, P("tpc_pg_mask"), 0644, R_GPU_TPC, 0, 0);
    }
    if (rc == 0 && b->gpu.fbp_pg_mask >= 0) {
        rc = simfs_printf(s, P("fbp_pg_mask"), 0644, "%lld\n", (long long)b->gpu.fbp_pg_mask);
    }
    if (rc == 0 && b->gpu.has_3d_scaling) {
        rc = simfs_node(s, P("enable_3d_scaling"), 0644, R_GPU_3D, 0, 0);
    }
    if (rc == 0 && b->gpu.of_node[0]) {
        rc = simfs_link_rel(s, P("of_node"), b->gpu.of_node);
        char np[PATH_MAX];
        snprintf(np, sizeof np, "%s/name", b->gpu.of_node);
        rc = rc ? rc : simfs_write(s, np, b->gpu.of_name, strlen(b->gpu.of_name) + 1, 0444);
        snprintf(np, sizeof np, "%s/compatible", b->gpu.of_node);
        rc = rc ? rc : simfs_write(s, np, b->gpu.compatible, strlen(b->gpu.compatible) + 1, 0444);
    }
    if (rc == 0 && b->gpu.devfreq_dev) {
        char target[PATH_MAX];
        snprintf(target, sizeof target, "devfreq/%s", b->gpu.devfreq);
        rc = simfs_link(s, P("devfreq_dev"), target);
    }
#undef P
    return rc;
}

int tree_gpu(Sim *s) {
    const SimBoard *b = &s->board;
    if (!b->gpu.present) {
        return 0;
    }
    char df[PATH_MAX], cls[PATH_MAX];
    snprintf(df, sizeof df, "%s/devfreq/%s", b->gpu.dir, b->gpu.devfreq);
    int rc = gpu_device(s);
    rc = rc ? rc : gpu_devfreq(s, df);
    snprintf(cls, sizeof cls, "sys/class/devfreq/%s", b->gpu.devfreq);
    rc = rc ? rc : simfs_link_rel(s, cls, df);
    for (int i = 0; rc == 0 && i < b->gpu.n_links; i++) {
        rc = simfs_link_rel(s, b->gpu.links[i], b->gpu.dir);
    }
    return rc;
}

static int engine(Sim *s, const SbEngine *e) {
    char df[PATH_MAX], path[PATH_MAX + 32], text[1024];
    snprintf(df, sizeof df, "%s/devfreq/%s", e->dir, e->devfreq);
    long long lo = e->n_freqs ? (long long)e->freqs_hz[0] : 0;
    long long hi = e->n_freqs ? (long long)e->freqs_hz[e->n_freqs - 1] : 0;
    join_i64(e->freqs_hz, e->n_freqs, text, sizeof text);
    int rc = 0;
#define P(name) (snprintf(path, sizeof path, "%s/%s", df, name), path)
    rc = rc ? rc : simfs_printf(s, P("cur_freq"), 0444, "%lld\n", lo);
    rc = rc ? rc : simfs_printf(s, P("min_freq"), 0644, "%lld\n", lo);
    rc = rc ? rc : simfs_printf(s, P("max_freq"), 0644, "%lld\n", hi);
    rc = rc ? rc : simfs_printf(s, P("governor"), 0644, "%s\n", e->governor);
    rc = rc ? rc : simfs_printf(s, P("available_frequencies"), 0444, "%s\n", text);
    rc = rc ? rc : simfs_link_rel(s, P("device"), e->dir);
#undef P
    snprintf(path, sizeof path, "sys/class/devfreq/%s", e->devfreq);
    return rc ? rc : simfs_link_rel(s, path, df);
}

static int debug_clock(Sim *s, const SbClock *k) {
    char path[PATH_MAX];
    if (s->board.emc.bpmp) {
        snprintf(path, sizeof path, "sys/kernel/debug/bpmp/debug/clk/%s/rate", k->name);
        return simfs_printf(s, path, 0600, "%lld\n", (long long)k->rate_hz);
    }
    snprintf(path, sizeof path, "sys/kernel/debug/clk/%s/clk_rate", k->name);
    int rc = simfs_printf(s, path, 0400, "%lld\n", (long long)k->rate_hz);
    snprintf(path, sizeof path, "sys/kernel/debug/clk/%s/clk_enable_count", k->name);
    return rc ? rc : simfs_printf(s, path, 0400, "%d\n", k->rate_hz > 0 ? 1 : 0);
}

static int emc_debugfs(Sim *s) {
    const SimBoard *b = &s->board;
    int rc = 0;
    if (b->emc.bpmp) {
        const char *d = "sys/kernel/debug/bpmp/debug/clk/emc";
        char path[PATH_MAX];
#define P(name) (snprintf(path, sizeof path, "%s/%s", d, name), path)
        rc = rc ? rc : simfs_node(s, P("rate"), 0600, R_EMC_RATE, 0, 0);
        rc = rc ? rc : simfs_printf(s, P("min_rate"), 0600, "%lld\n", (long long)b->emc.min_hz);
        rc = rc ? rc : simfs_printf(s, P("max_rate"), 0600, "%lld\n", (long long)b->emc.max_hz);
        rc = rc ? rc : simfs_node(s, P("mrq_rate_locked"), 0600, R_EMC_LOCK, 0, 0);
        rc = rc ? rc : simfs_printf(s, P("state"), 0600, "1\n");
#undef P
    } else {
        rc = rc ? rc
                : simfs_printf(s, "sys/kernel/debug/clk/emc/clk_max_rate", 0400, "%lld\n",
                               (long long)b->emc.max_hz);
        rc = rc ? rc
                : simfs_printf(s, "sys/kernel/debug/clk/emc/clk_min_rate", 0400, "%lld\n",
                               (long long)b->emc.min_hz);
        rc = rc ? rc
                : simfs_printf(s, "sys/kernel/debug/tegra_bwmgr/emc_max_rate", 0400, "%lld\n",
                               (long long)b->emc.max_hz);
        rc = rc ? rc
                : simfs_printf(s, "sys/kernel/debug/tegra_bwmgr/emc_min_rate", 0400, "%lld\n",
                               (long long)b->emc.min_hz);
    }
    return rc ? rc : simfs_node(s, "sys/kernel/debug/clk/emc/clk_rate", 0400, R_EMC_CLK_RATE, 0, 0);
}

/* JetPack 7 (Thor): the bandwidth manager's devfreq node, user-readable (jtop PR #825). */
static int emc_bwmgr(Sim *s) {
    const SimBoard *b = &s->board;
    char df[PATH_MAX], path[PATH_MAX + 32], text[SB_MAX_FREQS * 12];
    snprintf(df, sizeof df, "%s/devfreq/bwmgr", b->emc.bwmgr_dir);
    join_i64(b->emc.freqs_hz, b->emc.n_freqs, text, sizeof text);
    int rc = 0;
#define P(name) (snprintf(path, sizeof path, "%s/%s", df, name), path)
    rc = rc ? rc : simfs_node(s, P("cur_freq"), 0444, R_EMC_CLK_RATE, 0, 0);
    rc = rc ? rc : simfs_printf(s, P("min_freq"), 0644, "%lld\n", (long long)b->emc.min_hz);
    rc = rc ? rc : simfs_printf(s, P("max_freq"), 0644, "%lld\n", (long long)b->emc.max_hz);
    rc = rc ? rc : simfs_printf(s, P("available_frequencies"), 0444, "%s\n", text);
    rc = rc ? rc : simfs_printf(s, P("governor"), 0644, "performance\n");
#undef P
    return rc ? rc : simfs_link_rel(s, "sys/class/devfreq/bwmgr", df);
}

int tree_emc(Sim *s) {
    const SimBoard *b = &s->board;
    int rc = emc_debugfs(s);
    if (rc == 0 && b->emc.bwmgr_dir[0]) {
        rc = emc_bwmgr(s);
    }
    if (rc == 0 && b->emc.cap_path[0]) {
        /* JP5's nvpmodel_emc_cap/emc_iso_cap is root-only (a user read fails with EACCES) */
        mode_t mode = strstr(b->emc.cap_path, "emc_iso_cap") ? 0600 : 0644;
        rc = simfs_node(s, b->emc.cap_path, mode, R_EMC_CAP, 0, 0);
    }
    if (rc == 0) {
        mode_t mode = strncmp(b->emc.util_path, "sys/kernel/debug/", 17) == 0 ? 0400 : 0444;
        rc = simfs_node(s, b->emc.util_path, mode, R_EMC_UTIL, 0, 0);
    }
    for (int i = 0; rc == 0 && i < b->n_engines; i++) {
        rc = engine(s, &b->engines[i]);
    }
    for (int i = 0; rc == 0 && i < b->n_clks; i++) {
        rc = debug_clock(s, &b->clks[i]);
    }
    return rc;
}
