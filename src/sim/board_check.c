/* SPDX-License-Identifier: MIT */
/* board_check: board defaults, cross-checks after parsing, and the synthetic nvpmodel table. */
#include "board_internal.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void board_defaults(SimBoard *b) {
    b->jetpack = 6;
    snprintf(b->soc_family, sizeof b->soc_family, "Tegra");
    snprintf(b->root_dev, sizeof b->root_dev, "/dev/mmcblk0p1");
    snprintf(b->governor, sizeof b->governor, "schedutil");
    snprintf(b->cpufreq_driver, sizeof b->cpufreq_driver, "tegra194");
    snprintf(b->idle_driver, sizeof b->idle_driver, "psci_idle");
    snprintf(b->idle_governor, sizeof b->idle_governor, "menu");
    b->transition_latency = 500000;
    b->gpu.tpc_pg_mask = -1;
    b->gpu.fbp_pg_mask = -1;
    b->gpu.polling_ms = 50;
    b->gpu.tpcs = 8;
    b->emc.bpmp = true;
    SbFan *f = &b->fan;
    f->kind = FANKIND_NONE;
    f->rpm_tau_s = 1.5;
    f->polling_s = 2;
    f->step_size = 10;
    f->rpm_tolerance = 100;
    f->kickstart_pwm = 77;
    f->tmargin = true;
    f->group_max_temp = 105;
    snprintf(f->governor, sizeof f->governor, "cont");
    snprintf(f->control, sizeof f->control, "close_loop");
    snprintf(b->mem.zram_algorithms, sizeof b->mem.zram_algorithms, "lzo lzo-rle lz4 [lz4hc] zstd");
    b->mem.swap_priority = 5;
    b->mem.min_free_kbytes = 22528;
    b->nvp.main.default_id = -1;
    b->nvp.alt.default_id = -1;
    snprintf(b->nvp.cpu_param, sizeof b->nvp.cpu_param, "CPU_");
    SbPower *p = &b->power;
    *p = (SbPower){.ambient_c = 25,
                   .r_c_per_w = 6,
                   .fan_gain = 4,
                   .tau_s = 12,
                   .input_eff_pct = 88,
                   .cpu_dyn_mw_per_ghz = 400,
                   .cpu_leak_mw = 50,
                   .cpu_cluster_mw_per_ghz = 60,
                   .cpu_vmin_mv = 600,
                   .cpu_vmax_mv = 1000,
                   .gpu_dyn_mw_per_ghz = 5000,
                   .gpu_static_mw = 250,
                   .gpu_vmin_mv = 600,
                   .gpu_vmax_mv = 950,
                   .emc_mw_per_ghz = 150,
                   .emc_util_mw_per_ghz = 900,
                   .temp_step_mc = 31.25};
}

static bool copy_suffix(BoardCtx *c, int line, const char *sec, char *dst, size_t n,
                        const char *suffix) {
    if (strlen(suffix) >= n) {
        diag_error(c->diag, c->file, line, "[%s]: name longer than %zu characters", sec, n - 1);
        return false;
    }
    snprintf(dst, n, "%s", suffix);
    return true;
}

static void new_mode(BoardCtx *c, const char *sec, const char *suffix, SbMode *m, int line) {
    int64_t id;
    if (parse_i64(suffix, strlen(suffix), &id) < 0 || id < 0 || id > 9999) {
        diag_error(c->diag, c->file, line, "[%s]: the suffix must be the mode id (0..9999)", sec);
        id = 0;
    }
    m->id = (int)id;
    m->cpu_min_khz = m->cpu_max_khz = SB_UNSET;
    m->gpu_min_hz = m->gpu_max_hz = m->emc_max_hz = SB_UNSET;
    m->tpc_pg_mask = SB_UNSET;
}

void board_new_element(BoardCtx *c, const char *sec, const char *suffix, void *elem, int index,
                       int line) {
    if (!strncmp(sec, "zone.", 5)) {
        copy_suffix(c, line, sec, ((SbZone *)elem)->key, sizeof((SbZone *)elem)->key, suffix);
        c->line_zone[index] = line;
    } else if (!strncmp(sec, "rail.", 5)) {
        SbRail *r = elem;
        r->mv = 5000;
        c->line_rail[index] = line;
    } else if (!strncmp(sec, "ina.", 4)) {
        SbIna *i = elem;
        i->shunt_uohm = 5000;
        i->samples = 512;
        i->update_interval = 5;
        snprintf(i->driver, sizeof i->driver, "ina3221");
    } else if (!strncmp(sec, "usb.", 4)) {
        SbUsb *u = elem;
        copy_suffix(c, line, sec, u->id, sizeof u->id, suffix);
        snprintf(u->control, sizeof u->control, "auto");
    } else if (!strncmp(sec, "net.", 4)) {
        SbNet *n = elem;
        copy_suffix(c, line, sec, n->name, sizeof n->name, suffix);
        snprintf(n->operstate, sizeof n->operstate, "down");
    } else if (!strncmp(sec, "block.", 6)) {
        copy_suffix(c, line, sec, ((SbBlock *)elem)->name, sizeof((SbBlock *)elem)->name, suffix);
    } else if (!strncmp(sec, "engine.", 7)) {
        SbEngine *e = elem;
        copy_suffix(c, line, sec, e->name, sizeof e->name, suffix);
        snprintf(e->governor, sizeof e->governor, "tegra_wmark");
    } else if (!strncmp(sec, "fanprofile.", 11)) {
        SbFanProfile *f = elem;
        copy_suffix(c, line, sec, f->name, sizeof f->name, suffix);
        c->line_profile[index] = line;
    } else if (!strncmp(sec, "mode.", 5) || !strncmp(sec, "altmode.", 8)) {
        new_mode(c, sec, suffix, elem, line);
        c->line_mode[sec[0] == 'a'][index] = line;
    }
}

int board_set_clock(BoardCtx *c, int line, const char *name, const char *value) {
    SimBoard *b = c->b;
    int64_t hz;
    if (b->n_clks == SB_MAX_CLKS) {
        diag_error(c->diag, c->file, line, "[clocks]: more than %d clocks", SB_MAX_CLKS);
        return 0;
    }
    if (parse_i64(value, strlen(value), &hz) < 0 || hz < 0) {
        diag_error(c->diag, c->file, line, "%s: expected a rate in Hz", name);
        return 0;
    }
    SbClock *k = &b->clks[b->n_clks];
    if (strlen(name) >= sizeof k->name) {
        diag_error(c->diag, c->file, line, "clock name too long: %s", name);
        return 0;
    }
    snprintf(k->name, sizeof k->name, "%s", name);
    k->rate_hz = hz;
    b->n_clks++;
    return 1;
}

/* ------------------------------------------------------------------ finishing */

int simboard_cluster_of(const SimBoard *b, int cpu) {
    for (int k = 0; k < b->n_clusters; k++) {
        if (b->clusters[k] & (UINT64_C(1) << cpu)) {
            return k;
        }
    }
    return -1;
}

int simboard_default_mode(const SimBoard *b) {
    for (int i = 0; i < b->nvp.main.n_modes; i++) {
        if (b->nvp.main.modes[i].id == b->nvp.main.default_id) {
            return i;
        }
    }
    return -1;
}

static void basename_noext(const char *path, char *out, size_t n) {
    const char *s = strrchr(path, '/');
    s = s ? s + 1 : path;
    snprintf(out, n, "%s", s);
    char *dot = strrchr(out, '.');
    if (dot && !strcmp(dot, ".ini")) {
        *dot = '\0';
    }
}

/* Boot-time caps: the default mode's, as nvpmodel applies it at boot. */
static void finish_boot_caps(SimBoard *b) {
    int m = simboard_default_mode(b);
    const SbMode *mode = m >= 0 ? &b->nvp.main.modes[m] : NULL;
    if (b->boot_min_khz == 0 && b->n_freqs > 0) {
        int64_t v = mode ? mode->cpu_min_khz : SB_UNSET;
        b->boot_min_khz = v > 0 ? v : b->freqs_khz[0];
    }
    if (b->boot_max_khz == 0 && b->n_freqs > 0) {
        int64_t v = mode ? mode->cpu_max_khz : SB_UNSET;
        b->boot_max_khz = v > 0 ? v : b->freqs_khz[b->n_freqs - 1];
    }
    if (b->gpu.boot_min_hz == 0 && b->gpu.n_freqs > 0) {
        int64_t v = mode ? mode->gpu_min_hz : SB_UNSET;
        b->gpu.boot_min_hz = v > 0 ? v : b->gpu.freqs_hz[0];
    }
    if (b->gpu.boot_max_hz == 0 && b->gpu.n_freqs > 0) {
        int64_t v = mode ? mode->gpu_max_hz : SB_UNSET;
        b->gpu.boot_max_hz = v > 0 ? v : b->gpu.freqs_hz[b->gpu.n_freqs - 1];
    }
}

void board_finish(SimBoard *b) {
    if (b->name[0] == '\0') {
        basename_noext(b->file, b->name, sizeof b->name);
    }
    if (b->n_clusters == 0 && b->n_cpus > 0) {
        b->n_clusters = 1;
        b->clusters[0] = (b->n_cpus >= 64) ? ~UINT64_C(0) : (UINT64_C(1) << b->n_cpus) - 1;
    }
    if (b->emc.n_freqs > 0) {
        if (b->emc.min_hz == 0) {
            b->emc.min_hz = b->emc.freqs_hz[0];
        }
        if (b->emc.max_hz == 0) {
            b->emc.max_hz = b->emc.freqs_hz[b->emc.n_freqs - 1];
        }
        if (b->emc.floor_hz == 0) {
            b->emc.floor_hz = b->emc.min_hz;
        }
    }
    finish_boot_caps(b);
}

/* ------------------------------------------------------------------ checks */

static bool word_in(const char (*words)[16], int n, const char *w) {
    for (int i = 0; i < n; i++) {
        if (!strcmp(words[i], w)) {
            return true;
        }
    }
    return false;
}

static void check_cpu(BoardCtx *c) {
    SimBoard *b = c->b;
    if (b->n_cpus == 0 || b->n_freqs == 0) {
        diag_error(c->diag, c->file, c->line_cpu, "[cpu] needs count and freqs_khz");
        return;
    }
    uint64_t all = (UINT64_C(1) << b->n_cpus) - 1;
    uint64_t seen = 0;
    for (int k = 0; k < b->n_clusters; k++) {
        if ((seen & b->clusters[k]) || (b->clusters[k] & ~all)) {
            diag_error(c->diag, c->file, c->line_cpu,
                       "clusters must split cpu0..cpu%d without overlap", b->n_cpus - 1);
            return;
        }
        seen |= b->clusters[k];
    }
    if (seen != all) {
        diag_error(c->diag, c->file, c->line_cpu, "clusters leave some cpus out");
    }
    if (b->n_govs == 0 || !word_in((const char(*)[16])b->govs, b->n_govs, b->governor)) {
        diag_error(c->diag, c->file, c->line_cpu, "governor %s is not among governors",
                   b->governor);
    }
    if (b->n_idle == 0) {
        diag_error(c->diag, c->file, c->line_cpu, "at least one [cpuidle.N] state is needed");
    }
}

static void check_gpu(BoardCtx *c) {
    SimBoard *b = c->b;
    if (!b->gpu.present) {
        return;
    }
    if (!b->gpu.devfreq[0] || !b->gpu.dir[0] || b->gpu.n_freqs == 0) {
        diag_error(c->diag, c->file, c->line_gpu, "[gpu] needs devfreq, dir and freqs_hz");
    }
    bool found = false;
    for (int i = 0; i < b->gpu.n_govs; i++) {
        found = found || !strcmp(b->gpu.govs[i], b->gpu.governor);
    }
    if (!found) {
        diag_error(c->diag, c->file, c->line_gpu, "gpu governor %s is not among governors",
                   b->gpu.governor);
    }
}

static void check_emc(BoardCtx *c) {
    SimBoard *b = c->b;
    if (b->emc.n_freqs == 0 || !b->emc.util_path[0]) {
        diag_error(c->diag, c->file, c->line_emc, "[emc] needs freqs_hz and util_path");
    }
}

/* A parent is another, top-level, non-input rail (one level: the model adds children once). */
static void check_parent(BoardCtx *c, int i) {
    const SimBoard *b = c->b;
    const SbRail *r = &b->rails[i];
    if (!r->parent[0]) {
        return;
    }
    for (int j = 0; j < b->n_rails; j++) {
        if (j != i && strcmp(b->rails[j].label, r->parent) == 0 && !b->rails[j].input &&
            !b->rails[j].parent[0] && !r->input) {
            return;
        }
    }
    diag_error(c->diag, c->file, c->line_rail[i],
               "rail %s: parent \"%s\" must be another top-level, non-input rail", r->label,
               r->parent);
}

static void check_rails(BoardCtx *c) {
    SimBoard *b = c->b;
    int inputs = 0;
    for (int i = 0; i < b->n_rails; i++) {
        const SbRail *r = &b->rails[i];
        if (r->chip >= b->n_ina || !r->label[0]) {
            diag_error(c->diag, c->file, c->line_rail[i],
                       "rail needs a label and an existing chip");
        }
        for (int j = 0; j < i; j++) {
            if (b->rails[j].chip == r->chip && b->rails[j].channel == r->channel) {
                diag_error(c->diag, c->file, c->line_rail[i], "chip %d channel %d used twice",
                           r->chip, r->channel);
            }
        }
        inputs += r->input;
        check_parent(c, i);
    }
    if (inputs > 1) {
        diag_error(c->diag, c->file, 0, "more than one rail is marked input");
    }
    for (int i = 0; i < b->n_ina; i++) {
        if (!b->ina[i].addr[0] || !b->ina[i].dir[0]) {
            diag_error(c->diag, c->file, 0, "[ina.%d] needs addr and dir", i);
        }
    }
}

static int cooling_index(const SimBoard *b, const char *type) {
    for (int i = 0; i < b->n_cooling; i++) {
        if (!strcmp(b->cooling[i].type, type)) {
            return i;
        }
    }
    return -1;
}

static void check_zones(BoardCtx *c) {
    SimBoard *b = c->b;
    for (int i = 0; i < b->n_zones; i++) {
        const SbZone *z = &b->zones[i];
        int line = c->line_zone[i];
        if (!z->type[0]) {
            diag_error(c->diag, c->file, line, "[zone.%s] needs a type", z->key);
        }
        for (int a = 0; a < z->n_alerts; a++) {
            if (z->alerts[a].trip >= z->n_trips) {
                diag_error(c->diag, c->file, line, "alert names trip %d, zone has %d trips",
                           z->alerts[a].trip, z->n_trips);
            }
            if (cooling_index(b, z->alerts[a].cooling) < 0) {
                diag_error(c->diag, c->file, line, "alert names unknown cooling device %s",
                           z->alerts[a].cooling);
            }
        }
    }
    for (int i = 0; i < b->n_cooling; i++) {
        if (cooling_index(b, b->cooling[i].type) != i) {
            diag_error(c->diag, c->file, c->line_cooling, "cooling device %s listed twice",
                       b->cooling[i].type);
        }
    }
}

static bool zone_type_exists(const SimBoard *b, const char *type) {
    for (int i = 0; i < b->n_zones; i++) {
        if (!strcmp(b->zones[i].type, type)) {
            return true;
        }
    }
    return false;
}

static void check_fan(BoardCtx *c) {
    SbFan *f = &c->b->fan;
    if (f->kind == FANKIND_NONE) {
        return;
    }
    if (!f->pwm_dir[0]) {
        diag_error(c->diag, c->file, c->line_fan, "[fan] needs pwm_dir");
    }
    bool found = false;
    for (int i = 0; i < f->n_profiles; i++) {
        found = found || !strcmp(f->profiles[i].name, f->profile);
        if (f->profiles[i].n_points == 0) {
            diag_error(c->diag, c->file, c->line_profile[i], "[fanprofile.%s] needs points",
                       f->profiles[i].name);
        }
    }
    if (!found) {
        diag_error(c->diag, c->file, c->line_fan, "profile %s has no [fanprofile.%s]", f->profile,
                   f->profile);
    }
    for (int i = 0; i < f->n_group; i++) {
        if (!zone_type_exists(c->b, f->group[i])) {
            diag_error(c->diag, c->file, c->line_fan, "group names unknown zone type %s",
                       f->group[i]);
        }
    }
    if (f->nvfancontrol && !f->conf[0]) {
        diag_error(c->diag, c->file, c->line_fan, "nvfancontrol needs conf");
    }
}

static void check_table(BoardCtx *c, const SbTable *t, int alt) {
    SimBoard *b = c->b;
    uint64_t all = (UINT64_C(1) << b->n_cpus) - 1;
    if (!t->file[0] || t->n_modes == 0) {
        diag_error(c->diag, c->file, c->line_nvp, "[%snvpmodel] needs file and modes",
                   alt ? "alt" : "");
        return;
    }
    bool has_default = false;
    for (int i = 0; i < t->n_modes; i++) {
        const SbMode *m = &t->modes[i];
        int line = c->line_mode[alt][i];
        has_default = has_default || m->id == t->default_id;
        if (!m->name[0] || m->cores == 0) {
            diag_error(c->diag, c->file, line, "mode %d needs name and cores", m->id);
        }
        if ((m->cores & ~all) || !(m->cores & 1)) {
            diag_error(c->diag, c->file, line, "mode %d: cores must be within 0-%d and keep cpu0",
                       m->id, b->n_cpus - 1);
        }
        for (int j = 0; j < i; j++) {
            if (t->modes[j].id == m->id) {
                diag_error(c->diag, c->file, line, "mode id %d defined twice", m->id);
            }
        }
    }
    if (!has_default) {
        diag_error(c->diag, c->file, c->line_nvp, "default mode %d is not defined", t->default_id);
    }
}

static void check_nvp(BoardCtx *c) {
    SbNvp *n = &c->b->nvp;
    if (!n->present) {
        return;
    }
    if (!n->gpu_path[0] || !n->emc_path[0] || n->gpu_path[0] != '/' || n->emc_path[0] != '/') {
        diag_error(c->diag, c->file, c->line_nvp, "[nvpmodel] needs absolute gpu_path, emc_path");
    }
    check_table(c, &n->main, 0);
    if (n->has_alt) {
        check_table(c, &n->alt, 1);
    }
}

void board_check(BoardCtx *c) {
    SimBoard *b = c->b;
    if (!b->model[0] || b->compatible_len == 0 || !b->release[0] || !b->kernel[0]) {
        diag_error(c->diag, c->file, c->line_board,
                   "[board] needs model, compatible, release and kernel");
    }
    check_cpu(c);
    check_gpu(c);
    check_emc(c);
    check_rails(c);
    check_zones(c);
    check_fan(c);
    check_nvp(c);
    if (b->mem.total_kib == 0) {
        diag_error(c->diag, c->file, 0, "[mem] needs total_kib");
    }
}

/* ------------------------------------------------------------------ nvpmodel table */

void simboard_nvp_header(const SbTable *t, char *out, size_t outsz) {
    char list[400] = "";
    size_t used = 0;
    for (int i = 0; i < t->n_modes && used < sizeof list; i++) {
        int w =
            snprintf(list + used, sizeof list - used, "%s%d = %s%s", i ? ", " : "", t->modes[i].id,
                     t->modes[i].name, t->modes[i].id == t->default_id ? " default" : "");
        used += w > 0 ? (size_t)w : 0;
    }
    snprintf(out, outsz,
             "%s\nWritten for jtune's simulator in NVIDIA's nvpmodel syntax; mode values follow "
             "the\npublished mode table (%s).\n\n"
             "< PARAM TYPE=FILE|CLOCK NAME=NAME > opens a block of \"ARG PATH\" lines;\n"
             "< POWER_MODEL ID=N NAME=NAME > opens a block of \"PARAM ARG VALUE\" lines;\n"
             "-1 means no cap (the largest value the node accepts).",
             t->title[0] ? t->title : "Synthetic nvpmodel table for a simulated board.", list);
}

static int add_clock(NvpConf *c, const char *name, bool knext, const char *const *args,
                     const char *const *paths, int n) {
    int p = nvpconf_add_param(c, NVP_PARAM_CLOCK, name);
    for (int i = 0; p >= 0 && i < n; i++) {
        char arg[NVP_NAME];
        snprintf(arg, sizeof arg, "%s%s", args[i], knext ? "_KNEXT" : "");
        int rc = nvpconf_add_arg(c, p, arg, paths[i]);
        if (rc < 0) {
            return rc;
        }
    }
    return p < 0 ? p : 0;
}

static int cpu_param_cpu(const SimBoard *b, int k) {
    if (b->nvp.per_core) {
        return k;
    }
    for (int cpu = 0; cpu < b->n_cpus; cpu++) {
        if (b->clusters[k] & (UINT64_C(1) << cpu)) {
            return cpu;
        }
    }
    return 0;
}

static int add_params(const SimBoard *b, const SbTable *t, NvpConf *c) {
    const SbNvp *n = &b->nvp;
    int p = nvpconf_add_param(c, NVP_PARAM_FILE, "CPU_ONLINE");
    char arg[NVP_NAME], path[NVP_PATH], name[NVP_NAME];
    int rc = 0;
    for (int i = 0; rc >= 0 && i < b->n_cpus; i++) {
        snprintf(arg, sizeof arg, "CORE_%d", i);
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%d/online", i);
        rc = nvpconf_add_arg(c, p, arg, path);
    }
    bool tpc = false;
    for (int i = 0; i < t->n_modes; i++) {
        tpc = tpc || t->modes[i].tpc_pg_mask != SB_UNSET;
    }
    if (rc >= 0 && tpc && n->tpc_path[0]) {
        p = nvpconf_add_param(c, NVP_PARAM_FILE, "TPC_POWER_GATING");
        rc = p < 0 ? p : nvpconf_add_arg(c, p, "TPC_PG_MASK", n->tpc_path);
    }
    static const char *const cargs[] = {"FREQ_TABLE", "MAX_FREQ", "MIN_FREQ"};
    int n_cpu_params = n->per_core ? b->n_cpus : b->n_clusters;
    for (int k = 0; rc >= 0 && k < n_cpu_params; k++) {
        char p0[NVP_PATH], p1[NVP_PATH], p2[NVP_PATH];
        int cpu = cpu_param_cpu(b, k);
        snprintf(name, sizeof name, "%s%d", n->cpu_param, k);
        snprintf(p0, sizeof p0,
                 "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_available_frequencies", cpu);
        snprintf(p1, sizeof p1, "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_max_freq", cpu);
        snprintf(p2, sizeof p2, "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_min_freq", cpu);
        const char *const paths[] = {p0, p1, p2};
        rc = add_clock(c, name, n->knext, cargs, paths, 3);
    }
    if (rc >= 0 && b->gpu.present) {
        char p0[NVP_PATH], p1[NVP_PATH], p2[NVP_PATH];
        snprintf(p0, sizeof p0, "%s/available_frequencies", n->gpu_path);
        snprintf(p1, sizeof p1, "%s/max_freq", n->gpu_path);
        snprintf(p2, sizeof p2, "%s/min_freq", n->gpu_path);
        const char *const paths[] = {p0, p1, p2};
        rc = add_clock(c, "GPU", n->knext, cargs, paths, 3);
    }
    if (rc >= 0) {
        const char *const eargs[] = {"MAX_FREQ"};
        const char *const epaths[] = {n->emc_path};
        rc = add_clock(c, "EMC", n->knext, eargs, epaths, 1);
    }
    return rc;
}

static int add_num(NvpConf *c, const char *param, const char *arg, int64_t v) {
    char buf[NVP_VALUE];
    if (v == SB_UNSET) {
        return 0;
    }
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return nvpconf_add_setting(c, param, arg, buf);
}

static int add_mode(const SimBoard *b, const SbMode *m, NvpConf *c) {
    int rc = nvpconf_add_mode(c, m->id, m->name);
    char arg[NVP_NAME], name[NVP_NAME];
    for (int i = 0; rc >= 0 && i < b->n_cpus; i++) {
        snprintf(arg, sizeof arg, "CORE_%d", i);
        rc = add_num(c, "CPU_ONLINE", arg, (int64_t)((m->cores >> i) & 1));
    }
    if (rc >= 0 && nvpconf_find_param(c, "TPC_POWER_GATING") >= 0) {
        rc = add_num(c, "TPC_POWER_GATING", "TPC_PG_MASK", m->tpc_pg_mask);
    }
    int n_cpu_params = b->nvp.per_core ? b->n_cpus : b->n_clusters;
    for (int k = 0; rc >= 0 && k < n_cpu_params; k++) {
        snprintf(name, sizeof name, "%s%d", b->nvp.cpu_param, k);
        rc = add_num(c, name, "MIN_FREQ", m->cpu_min_khz);
        rc = rc < 0 ? rc : add_num(c, name, "MAX_FREQ", m->cpu_max_khz);
    }
    if (rc >= 0 && b->gpu.present) {
        rc = add_num(c, "GPU", "MIN_FREQ", m->gpu_min_hz);
        rc = rc < 0 ? rc : add_num(c, "GPU", "MAX_FREQ", m->gpu_max_hz);
    }
    return rc < 0 ? rc : add_num(c, "EMC", "MAX_FREQ", m->emc_max_hz);
}

int simboard_nvpconf(const SimBoard *b, bool alt, NvpConf *c) {
    const SbTable *t = alt ? &b->nvp.alt : &b->nvp.main;
    nvpconf_clear(c);
    if (!b->nvp.present || (alt && !b->nvp.has_alt)) {
        return -ENOENT;
    }
    int rc = add_params(b, t, c);
    for (int i = 0; rc >= 0 && i < t->n_modes; i++) {
        rc = add_mode(b, &t->modes[i], c);
    }
    c->default_id = t->default_id;
    return rc < 0 ? -ERANGE : 0;
}
