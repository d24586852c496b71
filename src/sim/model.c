/* SPDX-License-Identifier: MIT */
/* model: the physics of one tick - synthetic load, governors, GPU, EMC, power, counters.
 * Thermal, cooling and fan live in model_thermal.c. Everything is deterministic: time only
 * advances by dt, randomness only comes from the seeded generator. */
#include "sim_internal.h"

#include "jtune/core/nvpconf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define TWO_PI 6.283185307179586

static double clampd(double v, double lo, double hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

static int64_t clampi(int64_t v, int64_t lo, int64_t hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

/* Share of a first-order lag covered in dt. */
static double lag(double dt, double tau) {
    return tau <= 0 ? 1.0 : 1.0 - exp(-dt / tau);
}

int64_t model_table_round_up(const int64_t *t, int n, int64_t v) {
    for (int i = 0; i < n; i++) {
        if (t[i] >= v) {
            return t[i];
        }
    }
    return n > 0 ? t[n - 1] : v;
}

int64_t model_table_round_down(const int64_t *t, int n, int64_t v) {
    for (int i = n - 1; i >= 0; i--) {
        if (t[i] <= v) {
            return t[i];
        }
    }
    return n > 0 ? t[0] : v;
}

static int table_index(const int64_t *t, int n, int64_t v) {
    for (int i = 0; i < n; i++) {
        if (t[i] == v) {
            return i;
        }
    }
    return 0;
}

int model_active_tpcs(const Sim *s, int64_t mask) {
    int n = 0;
    for (int i = 0; i < s->board.gpu.tpcs; i++) {
        n += !((mask >> i) & 1);
    }
    return n;
}

/* ------------------------------------------------------------------ limits (kernel rules) */

/* Like cpufreq/devfreq with QoS requests: max rounds down to a table entry, min rounds up,
 * both within the table; when they cross, the max wins. */
static void resolve_limits(const int64_t *t, int n, int64_t req_min, int64_t req_max, int64_t *min,
                           int64_t *max) {
    int64_t hi = model_table_round_down(t, n, clampi(req_max, t[0], t[n - 1]));
    int64_t lo = model_table_round_up(t, n, clampi(req_min, t[0], t[n - 1]));
    *max = hi;
    *min = lo > hi ? hi : lo;
}

void model_apply_cpu_limits(Sim *s, int k) {
    PolicyState *p = &s->st.pol[k];
    resolve_limits(s->board.freqs_khz, s->board.n_freqs, p->req_min, p->req_max, &p->min, &p->max);
    p->cur = clampi(p->cur, p->min, p->max);
}

void model_apply_gpu_limits(Sim *s) {
    GpuState *g = &s->st.gpu;
    resolve_limits(s->board.gpu.freqs_hz, s->board.gpu.n_freqs, g->req_min, g->req_max, &g->min,
                   &g->max);
    g->cur = clampi(g->cur, g->min, g->max);
}

void model_apply_online(Sim *s) {
    const SimBoard *b = &s->board;
    for (int k = 0; k < b->n_clusters; k++) {
        bool any = false;
        for (int c = 0; c < b->n_cpus; c++) {
            any = any || ((b->clusters[k] >> c) & 1 && s->st.core[c].online);
        }
        s->st.pol[k].active = any;
    }
}

/* ------------------------------------------------------------------ initial state */

static void init_core(Sim *s, int c, bool online) {
    CoreState *cs = &s->st.core[c];
    double up = s->st.uptime_s;
    double total = up * 100.0;
    double busy = 0.02 + 0.002 * c;
    cs->online = online;
    cs->bg = 0.02;
    for (int i = 0; i < 3; i++) {
        cs->phase[i] = rng_unit(&s->rng) * TWO_PI;
    }
    cs->jiffies[0] = total * busy * 0.64;
    cs->jiffies[1] = total * busy * 0.004;
    cs->jiffies[2] = total * busy * 0.30;
    cs->jiffies[3] = total * (1 - busy) * 0.998;
    cs->jiffies[4] = total * (1 - busy) * 0.002;
    cs->jiffies[6] = total * busy * 0.05;
    double idle_us = up * (1 - busy) * 1e6;
    for (int k = 0; k < s->board.n_idle; k++) {
        bool deep = k == s->board.n_idle - 1 && k > 0;
        cs->idle_usage[k] = up * (deep ? 12.5 : 19.5) * (1 + 0.01 * c);
        cs->idle_time_us[k] = idle_us * (s->board.n_idle == 1 ? 1.0 : deep ? 0.92 : 0.08);
    }
}

static void init_cpu(Sim *s) {
    const SimBoard *b = &s->board;
    int m = simboard_default_mode(b);
    uint64_t online = m >= 0 ? b->nvp.main.modes[m].cores : ~UINT64_C(0);
    for (int c = 0; c < b->n_cpus; c++) {
        init_core(s, c, (online >> c) & 1);
    }
    for (int k = 0; k < b->n_clusters; k++) {
        PolicyState *p = &s->st.pol[k];
        snprintf(p->gov, sizeof p->gov, "%s", b->governor);
        p->req_min = b->boot_min_khz;
        p->req_max = b->boot_max_khz;
        p->cur = b->boot_min_khz;
        model_apply_cpu_limits(s, k);
        p->cur = p->min;
        p->setspeed = p->cur;
    }
    model_apply_online(s);
}

static void init_gpu(Sim *s) {
    const SimBoard *b = &s->board;
    GpuState *g = &s->st.gpu;
    if (!b->gpu.present) {
        return;
    }
    snprintf(g->gov, sizeof g->gov, "%s", b->gpu.governor);
    g->req_min = b->gpu.boot_min_hz;
    g->req_max = b->gpu.boot_max_hz;
    g->cur = b->gpu.freqs_hz[0];
    model_apply_gpu_limits(s);
    g->cur = g->min;
    g->railgated = true;
    g->unloaded_s = 10;
    g->railgate_enable = 1;
    g->tpc_mask = b->gpu.tpc_pg_mask >= 0 ? b->gpu.tpc_pg_mask : 0;
    snprintf(g->pwrctl, sizeof g->pwrctl, "auto");
    g->scaling_3d = 1;
    s->boot_tpcs = model_active_tpcs(s, g->tpc_mask);
    if (s->boot_tpcs == 0) {
        s->boot_tpcs = 1;
    }
    g->time_ms[table_index(b->gpu.freqs_hz, b->gpu.n_freqs, g->cur)] = s->st.uptime_s * 1000;
}

static void init_emc(Sim *s) {
    const SimBoard *b = &s->board;
    EmcState *e = &s->st.emc;
    int m = simboard_default_mode(b);
    int64_t cap = m >= 0 ? b->nvp.main.modes[m].emc_max_hz : NVP_NO_CAP;
    e->cap = cap > 0 ? cap : b->emc.max_hz;
    e->rate = model_table_round_down(b->emc.freqs_hz, b->emc.n_freqs, b->emc.floor_hz);
    e->locked_rate = e->rate;
    e->util_pct = 1.0;
}

static void init_misc(Sim *s) {
    const SimBoard *b = &s->board;
    FanState *f = &s->st.fan;
    f->pwm = b->fan.pwm;
    f->temp_control = 1;
    f->kstate = -1; /* the kernel governor starts from the PWM it finds */
    for (int z = 0; z < b->n_zones; z++) {
        snprintf(s->st.zone_policy[z], sizeof s->st.zone_policy[z], "step_wise");
    }
    f->poll_left_s = b->fan.polling_s;
    snprintf(f->profile, sizeof f->profile, "%s", b->fan.profile);
    snprintf(f->governor, sizeof f->governor, "%s", b->fan.governor);
    snprintf(f->control, sizeof f->control, "%s", b->fan.control);
    f->rpm = model_fan_rpm_for(s, f->pwm);
    for (int i = 0; i < b->n_usb; i++) {
        snprintf(s->st.usb_control[i], sizeof s->st.usb_control[i], "%s", b->usb[i].control);
    }
    MemState *m = &s->st.mem;
    m->free_kib = (double)b->mem.free_kib;
    m->cached_kib = (double)b->mem.cached_kib;
    m->buffers_kib = (double)b->mem.buffers_kib;
    m->nvmap_kib = (double)b->mem.nvmap_kib;
    m->cma_free_kib = (double)b->mem.cma_free_kib;
    for (int z = 0; z < b->n_zones; z++) {
        s->st.temp_mc[z] = (double)b->zones[z].idle_mc;
    }
}

void model_init(Sim *s) {
    memset(&s->st, 0, sizeof s->st);
    rng_seed(&s->rng, s->seed);
    s->st.uptime_s = 3600.0 + floor(rng_unit(&s->rng) * 720000.0) / 100.0;
    s->st.idle_total_s = s->st.uptime_s * s->board.n_cpus * 0.97;
    s->st.ctxt = s->st.uptime_s * 23500.0;
    s->st.intr = s->st.uptime_s * 11700.0;
    s->st.softirq = s->st.uptime_s * 2870.0;
    s->st.processes = 3100 + s->st.uptime_s * 4.8;
    init_cpu(s);
    init_gpu(s);
    init_emc(s);
    init_misc(s);
    s->cpu_zone = -1;
    double best = 0;
    for (int z = 0; z < s->board.n_zones; z++) {
        if (s->board.zones[z].couple[COMP_CPU] > best) {
            best = s->board.zones[z].couple[COMP_CPU];
            s->cpu_zone = z;
        }
    }
}

/* ------------------------------------------------------------------ load */

/* Random bursts: rate per second; a burst holds a level in [lo, lo+span) for up to dur s. */
static double burst(Rng *r, double *level, double *left, double dt, double rate, double lo,
                    double span, double dur) {
    if (*left > 0) {
        *left -= dt;
        return *left > 0 ? *level : 0;
    }
    if (rng_unit(r) < rate * dt) {
        *left = 0.15 + dur * rng_unit(r);
        *level = lo + span * rng_unit(r);
        return *level;
    }
    return 0;
}

static void background(Sim *s, double dt) {
    double t = s->st.t_s;
    for (int c = 0; c < s->board.n_cpus; c++) {
        CoreState *cs = &s->st.core[c];
        double wave = 0.010 * (0.5 + 0.5 * sin(TWO_PI * t / 23.0 + cs->phase[0])) +
                      0.006 * (0.5 + 0.5 * sin(TWO_PI * t / 7.3 + cs->phase[1])) +
                      0.004 * (0.5 + 0.5 * sin(TWO_PI * t / 61.0 + cs->phase[2]));
        double b =
            burst(&s->rng, &cs->burst_level, &cs->burst_left_s, dt, 1.0 / 20.0, 0.10, 0.50, 1.2);
        double base = c == 0 ? 0.018 : 0.012; /* cpu0 takes most interrupts */
        /* smooth: the background follows its target with a short lag */
        cs->bg += (base + wave + b - cs->bg) * lag(dt, 0.25);
        cs->bg = clampd(cs->bg, 0, 1);
    }
    GpuState *g = &s->st.gpu;
    double gb = burst(&s->rng, &g->burst_level, &g->burst_left_s, dt, 1.0 / 45.0, 0.03, 0.12, 0.5);
    g->bg += (gb - g->bg) * lag(dt, 0.1);
    g->bg = g->bg < 1e-4 ? 0 : g->bg;
}

static double core_demand(const Sim *s, int c) {
    const CoreState *cs = &s->st.core[c];
    return cs->online ? clampd(cs->bg + cs->ext, 0, 1) : 0;
}

/* ------------------------------------------------------------------ CPU governors */

static int64_t pick_cpu_freq(const Sim *s, const PolicyState *p, double util, int64_t lo,
                             int64_t hi) {
    const int64_t *t = s->board.freqs_khz;
    int n = s->board.n_freqs;
    double top = (double)t[n - 1];
    int64_t f;
    if (!strcmp(p->gov, "performance")) {
        f = hi;
    } else if (!strcmp(p->gov, "powersave")) {
        f = lo;
    } else if (!strcmp(p->gov, "userspace")) {
        f = model_table_round_down(t, n, p->setspeed);
    } else if (!strcmp(p->gov, "ondemand")) {
        f = util * top / (double)p->cur > 0.8
                ? hi
                : model_table_round_up(t, n, (int64_t)(util * top / 0.8));
    } else if (!strcmp(p->gov, "conservative")) {
        int64_t want = model_table_round_up(t, n, (int64_t)(1.25 * util * top));
        int i = table_index(t, n, model_table_round_down(t, n, p->cur));
        f = want > p->cur   ? t[i + 1 < n ? i + 1 : i]
            : want < p->cur ? t[i > 0 ? i - 1 : 0]
                            : p->cur;
    } else { /* schedutil: next frequency = 1.25 * utilisation * max */
        f = model_table_round_up(t, n, (int64_t)(1.25 * util * top));
    }
    /* within [lo, hi] and on the table (lo and hi are table entries) */
    f = model_table_round_up(t, n, clampi(f, lo, hi));
    return f > hi ? hi : f;
}

static void cpu_step(Sim *s) {
    const SimBoard *b = &s->board;
    const int64_t *t = b->freqs_khz;
    int n = b->n_freqs;
    double top = (double)t[n - 1];
    for (int k = 0; k < b->n_clusters; k++) {
        PolicyState *p = &s->st.pol[k];
        double util = 0;
        for (int c = 0; c < b->n_cpus; c++) {
            if ((b->clusters[k] >> c) & 1) {
                util = fmax(util, core_demand(s, c));
            }
        }
        if (p->active) {
            int64_t hi = p->max;
            if (p->cool_state > 0) {
                int idx = n - 1 - p->cool_state;
                hi = clampi(t[idx < 0 ? 0 : idx], t[0], p->max);
            }
            int64_t lo = p->min < hi ? p->min : hi;
            p->cur = pick_cpu_freq(s, p, util, lo, hi);
        }
        for (int c = 0; c < b->n_cpus; c++) {
            if ((b->clusters[k] >> c) & 1) {
                double d = core_demand(s, c);
                s->st.core[c].busy = p->active ? clampd(d * top / (double)p->cur, 0, 1) : 0;
            }
        }
    }
}

/* ------------------------------------------------------------------ GPU */

static double gpu_demand(const Sim *s) {
    return clampd(s->st.gpu.bg + s->st.gpu.ext, 0, 1);
}

static double gpu_tpc_share(const Sim *s) {
    int a = model_active_tpcs(s, s->st.gpu.tpc_mask);
    return (double)(a > 0 ? a : 1) / (double)s->boot_tpcs;
}

static int64_t pick_gpu_freq(const Sim *s, double need_hz, int64_t lo, int64_t hi) {
    const GpuState *g = &s->st.gpu;
    const int64_t *t = s->board.gpu.freqs_hz;
    int n = s->board.gpu.n_freqs;
    int64_t f;
    if (!strcmp(g->gov, "performance")) {
        f = hi;
    } else if (!strcmp(g->gov, "powersave")) {
        f = lo;
    } else if (!strcmp(g->gov, "userspace")) {
        f = g->cur; /* held where it was */
    } else {
        /* nvhost_podgov / simple_ondemand: keep the load near 70 % */
        f = model_table_round_up(t, n, (int64_t)(need_hz / 0.7));
    }
    f = model_table_round_up(t, n, clampi(f, lo, hi));
    return f > hi ? hi : f;
}

static void gpu_step(Sim *s, double dt) {
    const SimBoard *b = &s->board;
    GpuState *g = &s->st.gpu;
    if (!b->gpu.present) {
        return;
    }
    const int64_t *t = b->gpu.freqs_hz;
    int n = b->gpu.n_freqs;
    double d = gpu_demand(s);
    double need_hz = d * (double)t[n - 1] / gpu_tpc_share(s);
    if (d > 0.0005) {
        g->unloaded_s = 0;
        g->railgated = false;
    } else {
        g->unloaded_s += dt;
    }
    bool may_gate = g->railgate_enable && !strcmp(g->pwrctl, "auto");
    if (may_gate && g->unloaded_s >= 0.5) {
        g->railgated = true;
    } else if (!may_gate) {
        g->railgated = false;
    }
    int64_t hi = g->max;
    if (g->cool_state > 0) {
        int idx = n - 1 - g->cool_state;
        hi = clampi(t[idx < 0 ? 0 : idx], t[0], g->max);
    }
    int64_t lo = g->min < hi ? g->min : hi;
    int64_t f = pick_gpu_freq(s, need_hz, lo, hi);
    int from = table_index(t, n, g->cur);
    int to = table_index(t, n, f);
    if (f != g->cur) {
        g->trans[from][to]++;
        g->total_trans++;
    }
    g->cur = f;
    g->time_ms[to] += dt * 1000.0;
    double load = g->railgated ? 0 : need_hz / (double)f;
    g->load_pm = (int)lround(clampd(load, 0, 1) * 1000.0);
}

/* ------------------------------------------------------------------ EMC */

static double mean_cpu_demand(const Sim *s) {
    double sum = 0;
    for (int c = 0; c < s->board.n_cpus; c++) {
        sum += core_demand(s, c);
    }
    return sum / s->board.n_cpus;
}

static void emc_step(Sim *s) {
    const SimBoard *b = &s->board;
    EmcState *e = &s->st.emc;
    const int64_t *t = b->emc.freqs_hz;
    int n = b->emc.n_freqs;
    double need = 0.008 + 0.06 * mean_cpu_demand(s) + 0.40 * gpu_demand(s) + e->ext;
    int64_t cap = model_table_round_down(t, n, e->cap);
    int64_t rate;
    if (e->locked) {
        rate = model_table_round_down(t, n, e->locked_rate);
    } else {
        /* the bandwidth manager keeps utilisation near 60 %, never under the floor */
        rate = model_table_round_up(t, n, (int64_t)(need * (double)b->emc.max_hz / 0.6));
        rate = rate < b->emc.floor_hz ? model_table_round_up(t, n, b->emc.floor_hz) : rate;
    }
    e->rate = rate > cap ? cap : rate;
    e->util_pct = clampd(need * (double)b->emc.max_hz / (double)e->rate * 100.0, 0, 100);
}

/* ------------------------------------------------------------------ power */

static double volts(double vmin_mv, double vmax_mv, int64_t f, int64_t fmin, int64_t fmax_) {
    double x = fmax_ > fmin ? (double)(f - fmin) / (double)(fmax_ - fmin) : 1.0;
    return (vmin_mv + (vmax_mv - vmin_mv) * clampd(x, 0, 1)) / 1000.0;
}

/* Idle-time weights (WFI-like shallow, power-gated deep, busy polling) for a core. */
static void idle_shares(const Sim *s, int c, double *shallow, double *deep, double *poll) {
    const CoreState *cs = &s->st.core[c];
    int n = s->board.n_idle;
    int deepest = -1;
    for (int k = n - 1; k >= 0 && deepest < 0; k--) {
        deepest = cs->idle_disabled[k] ? -1 : k;
    }
    *shallow = *deep = *poll = 0;
    if (deepest < 0) {
        *poll = 1;
    } else if (deepest == 0) {
        *shallow = 1;
    } else {
        *deep = cs->idle_disabled[0] ? 1.0 : 0.92;
        *shallow = 1.0 - *deep;
    }
}

static double cpu_power(const Sim *s) {
    const SimBoard *b = &s->board;
    const SbPower *pw = &b->power;
    double t_c = s->cpu_zone >= 0 ? s->st.temp_mc[s->cpu_zone] / 1000.0 : 50.0;
    double total = 0;
    for (int k = 0; k < b->n_clusters; k++) {
        const PolicyState *p = &s->st.pol[k];
        if (!p->active) {
            continue;
        }
        double v = volts(pw->cpu_vmin_mv, pw->cpu_vmax_mv, p->cur, b->freqs_khz[0],
                         b->freqs_khz[b->n_freqs - 1]);
        double ghz = (double)p->cur / 1e6;
        double dyn_full = pw->cpu_dyn_mw_per_ghz * ghz * v * v;
        double leak = fmax(0, pw->cpu_leak_mw * v * v * (1.0 + 0.012 * (t_c - 50.0)));
        total += pw->cpu_cluster_mw_per_ghz * ghz * v * v;
        for (int c = 0; c < b->n_cpus; c++) {
            if (!((b->clusters[k] >> c) & 1) || !s->st.core[c].online) {
                continue;
            }
            double busy = s->st.core[c].busy, idle = 1.0 - busy, sh, dp, po;
            idle_shares(s, c, &sh, &dp, &po);
            total += (dyn_full + leak) * busy;
            total += idle * (leak * (sh * 0.55 + dp * 0.06 + po) + po * 0.35 * dyn_full);
        }
    }
    return total;
}

static double gpu_power(const Sim *s) {
    const SimBoard *b = &s->board;
    const GpuState *g = &s->st.gpu;
    if (!b->gpu.present || g->railgated) {
        return 0;
    }
    const SbPower *pw = &b->power;
    double v = volts(pw->gpu_vmin_mv, pw->gpu_vmax_mv, g->cur, b->gpu.freqs_hz[0],
                     b->gpu.freqs_hz[b->gpu.n_freqs - 1]);
    double share = gpu_tpc_share(s);
    double dyn = pw->gpu_dyn_mw_per_ghz * ((double)g->cur / 1e9) * v * v * g->load_pm / 1000.0;
    return (dyn + pw->gpu_static_mw) * share;
}

static double io_power(const Sim *s) {
    const SimBoard *b = &s->board;
    double total = 0;
    for (int i = 0; i < b->n_radios; i++) {
        total += s->st.rf_soft[i] ? b->radios[i].mw * 0.1 : b->radios[i].mw;
    }
    for (int i = 0; i < b->n_usb; i++) {
        bool suspended = b->usb[i].can_suspend && !strcmp(s->st.usb_control[i], "auto");
        total += suspended ? b->usb[i].mw * 0.1 : b->usb[i].mw;
    }
    return total;
}

static void components(Sim *s) {
    const SbPower *pw = &s->board.power;
    double *comp = s->st.comp_mw;
    double ghz = (double)s->st.emc.rate / 1e9;
    double soc =
        pw->emc_mw_per_ghz * ghz + pw->emc_util_mw_per_ghz * ghz * s->st.emc.util_pct / 100;
    comp[COMP_CPU] = cpu_power(s);
    comp[COMP_GPU] = gpu_power(s);
    comp[COMP_CV] = 0;
    comp[COMP_SOC] = soc;
    comp[COMP_DRAM] = 0.6 * soc; /* DRAM and its I/O follow the memory traffic */
    comp[COMP_IO] = io_power(s);
}

static double feeds(const SbRail *r, const double *comp) {
    double p = 0;
    for (int k = 0; k < COMP_N; k++) {
        p += r->feeds[k] * comp[k];
    }
    return p;
}

/* Index of rail i's parent rail, or -1 (board_check keeps parents one level deep). */
static int parent_of(const SimBoard *b, int i) {
    for (int j = 0; b->rails[i].parent[0] && j < b->n_rails; j++) {
        if (j != i && strcmp(b->rails[j].label, b->rails[i].parent) == 0) {
            return j;
        }
    }
    return -1;
}

/* Power that rail i carries for the rails it feeds (children / efficiency), from p[]. */
static double children_mw(const SimBoard *b, int i, const double *p) {
    double sum = 0;
    for (int k = 0; k < b->n_rails; k++) {
        if (parent_of(b, k) == i) {
            sum += p[k] * 100.0 / b->power.input_eff_pct;
        }
    }
    return sum;
}

/* Rail powers from the components; with noise, each reading wobbles a little. A child rail's
 * power is also drawn through its parent; the total counts every rail once. */
static void rails(Sim *s, bool noise) {
    const SimBoard *b = &s->board;
    double own[SB_MAX_RAILS], others = 0, sum = 0;
    int input = -1;
    for (int i = 0; i < b->n_rails; i++) {
        own[i] = fmax(0, s->rail_base_mw[i] + feeds(&b->rails[i], s->st.comp_mw));
        input = b->rails[i].input ? i : input;
    }
    for (int i = 0; i < b->n_rails; i++) {
        if (i == input) {
            continue;
        }
        s->st.rail_mw[i] = own[i] + children_mw(b, i, own);
        others += parent_of(b, i) < 0 ? s->st.rail_mw[i] : 0;
    }
    if (input >= 0) {
        s->st.rail_mw[input] = own[input] + others * 100.0 / b->power.input_eff_pct;
    }
    for (int i = 0; i < b->n_rails; i++) {
        double p = s->st.rail_mw[i] * (noise ? 1.0 + 0.006 * rng_sym(&s->rng) : 1.0);
        /* mv is the idle reading; the bus voltage droops as the rail draws more */
        double mv =
            b->rails[i].mv - b->rails[i].droop_mv_per_w * (p - b->rails[i].idle_mw) / 1000.0;
        mv += noise ? 1.5 * rng_sym(&s->rng) : 0;
        s->st.rail_mw[i] = p;
        s->st.rail_mv[i] = mv > 0 ? mv : 0;
        s->st.rail_ma[i] = mv > 1.0 ? p / mv * 1000.0 : 0; /* an unconnected (NC) channel */
        sum += parent_of(b, i) < 0 ? p : 0;
    }
    s->st.total_mw = input >= 0 ? s->st.rail_mw[input] : sum;
}

static void model_power(Sim *s, bool noise) {
    components(s);
    rails(s, noise);
}

/* Set each rail's unmodelled base so the boot idle state reads the board's idle_mw (a
 * parent's idle_mw includes what its children draw through it). */
static void calibrate_rails(Sim *s) {
    const SimBoard *b = &s->board;
    double others = 0, idle[SB_MAX_RAILS] = {0};
    for (int i = 0; i < b->n_rails; i++) {
        idle[i] = b->rails[i].idle_mw;
        if (!b->rails[i].input && parent_of(b, i) < 0) {
            others += b->rails[i].idle_mw;
        }
    }
    for (int i = 0; i < b->n_rails; i++) {
        const SbRail *r = &b->rails[i];
        double model = feeds(r, s->st.comp_mw) + children_mw(b, i, idle);
        if (r->input) {
            model += others * 100.0 / b->power.input_eff_pct;
        }
        double base = r->idle_mw > 0 ? r->idle_mw - model : 0;
        if (base < 0) {
            snprintf(s->msg, sizeof s->msg,
                     "rail %s: the model exceeds idle_mw by %.0f mW at idle (base set to 0)",
                     r->label, -base);
            base = 0;
        }
        s->rail_base_mw[i] = base;
    }
}

void model_calibrate(Sim *s) {
    for (int c = 0; c < s->board.n_cpus; c++) {
        s->st.core[c].busy = core_demand(s, c) * (double)s->board.freqs_khz[s->board.n_freqs - 1] /
                             (double)s->st.pol[simboard_cluster_of(&s->board, c)].cur;
    }
    emc_step(s);
    components(s);
    calibrate_rails(s);
    rails(s, false);
    model_calibrate_thermal(s);
}

/* ------------------------------------------------------------------ counters and memory */

static void core_counters(Sim *s, int c, double dt) {
    CoreState *cs = &s->st.core[c];
    double total = 100.0 * dt, busy = cs->busy, idle = 1.0 - busy;
    static const double split[10] = {0.64, 0.004, 0.30, 0, 0, 0.01, 0.046, 0, 0, 0};
    for (int i = 0; i < 10; i++) {
        cs->jiffies[i] += total * busy * split[i];
    }
    cs->jiffies[3] += total * idle * 0.998;
    cs->jiffies[4] += total * idle * 0.002;
    double sh, dp, po;
    idle_shares(s, c, &sh, &dp, &po);
    if (po >= 1.0) {
        return; /* every state disabled: the core polls, no idle entries */
    }
    int n = s->board.n_idle;
    double wakeups = (50.0 + 400.0 * busy) * dt;
    double idle_us = idle * dt * 1e6;
    int deep = n - 1;
    while (deep > 0 && cs->idle_disabled[deep]) {
        deep--;
    }
    for (int k = 0; k < n; k++) {
        double tshare = k == 0 ? sh : (k == deep ? dp : 0);
        double eshare = 0;
        if (k == 0 && sh > 0) {
            eshare = dp > 0 ? 0.62 : 1.0;
        } else if (k > 0 && k == deep && dp > 0) {
            eshare = sh > 0 ? 0.38 : 1.0;
        }
        cs->idle_usage[k] += wakeups * eshare;
        cs->idle_time_us[k] += idle_us * tshare;
        cs->idle_above[k] += k > 0 ? wakeups * eshare * 0.015 : 0;
        cs->idle_below[k] += k == 0 ? wakeups * eshare * 0.004 : 0;
    }
}

static void counters(Sim *s, double dt) {
    double busy_sum = 0;
    int online = 0;
    for (int c = 0; c < s->board.n_cpus; c++) {
        if (!s->st.core[c].online) {
            continue;
        }
        core_counters(s, c, dt);
        busy_sum += s->st.core[c].busy;
        s->st.idle_total_s += (1.0 - s->st.core[c].busy) * dt;
        online++;
    }
    double avg = online ? busy_sum / online : 0;
    s->st.uptime_s += dt;
    s->st.ctxt += (2500.0 + 30000.0 * avg) * dt * online;
    s->st.intr += (1800.0 + 12000.0 * avg) * dt * online;
    s->st.softirq += (450.0 + 3000.0 * avg) * dt * online;
    s->st.processes += (0.4 + 6.0 * avg) * dt;
}

static void memory(Sim *s, double dt) {
    const SbMem *m0 = &s->board.mem;
    MemState *m = &s->st.mem;
    m->drift_phase += dt;
    double nvmap_target = (double)m0->nvmap_kib + gpu_demand(s) * 409600.0;
    m->nvmap_kib += (nvmap_target - m->nvmap_kib) * lag(dt, 2.0);
    m->cached_kib = (double)m0->cached_kib + fmin(204800.0, 3.0 * s->st.t_s);
    m->buffers_kib = (double)m0->buffers_kib + fmin(16384.0, 0.2 * s->st.t_s);
    double used = (m->nvmap_kib - (double)m0->nvmap_kib) +
                  (m->cached_kib - (double)m0->cached_kib) +
                  (m->buffers_kib - (double)m0->buffers_kib) +
                  8192.0 * sin(TWO_PI * m->drift_phase / 97.0) + 65536.0 * mean_cpu_demand(s);
    m->free_kib = fmax(65536.0, (double)m0->free_kib - used);
    m->cma_free_kib =
        fmax(0, (double)m0->cma_free_kib - (m->nvmap_kib - (double)m0->nvmap_kib) * 0.25);
}

void model_step(Sim *s, double dt) {
    for (int c = 0; c < s->board.n_cpus; c++) {
        s->st.core[c].ext = s->demand.cpu_pct[c] / 100.0;
    }
    s->st.gpu.ext = s->demand.gpu_pct / 100.0;
    s->st.emc.ext = s->demand.emc_pct / 100.0;
    s->st.tick++;
    s->st.t_s += dt;
    background(s, dt);
    cpu_step(s);
    gpu_step(s, dt);
    emc_step(s);
    model_power(s, true);
    model_thermal_step(s, dt);
    counters(s, dt);
    memory(s, dt);
}
