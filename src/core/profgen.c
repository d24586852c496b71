/* SPDX-License-Identifier: MIT */
/* profgen: cruise, burst and stock derived from the board itself. */
#include "jtune/core/profgen.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const NAMES[] = {"cruise", "burst", "stock"};

bool profgen_known(const char *name) {
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        if (strcmp(name, NAMES[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* Set key = value (printf-style); derived values are valid by construction. */
__attribute__((format(printf, 3, 4))) static void put(Profile *p, const char *key, const char *fmt,
                                                      ...) {
    char v[PROF_WORD];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v, sizeof v, fmt, ap);
    va_end(ap);
    Diag d = {0};
    profile_set(p, key, v, p->n + 1, &d);
}

static bool offers_governor(const Inventory *inv, const char *gov) {
    for (int i = 0; i < inv->cpu.n_policies; i++) {
        for (int g = 0; g < inv->cpu.policies[i].n_govs; g++) {
            if (strcmp(inv->cpu.policies[i].govs[g], gov) == 0) {
                return true;
            }
        }
    }
    return false;
}

/* The mode's budget: online cores x their CPU cap plus the GPU cap, in MHz. */
static double budget(const Inventory *inv, const PbMode *m) {
    double mhz = 0;
    for (int c = 0; c < inv->cpu.n_cpus && c < 64; c++) {
        int pol = inv->cpu.policy_of[c];
        bool on = (m->cores_set >> c & 1) ? (m->cores_online >> c & 1) : true;
        if (on && pol >= 0) {
            const PolicyInfo *pi = &inv->cpu.policies[pol];
            Val cap = m->pol_max_khz[pol];
            int64_t khz = cap.ok ? cap.v : pi->n_freqs ? pi->freqs_khz[pi->n_freqs - 1] : 0;
            mhz += (double)khz / 1000.0;
        }
    }
    const GpuInfo *g = &inv->gpu;
    Val gcap = m->gpu_max_hz;
    return mhz + (double)(gcap.ok ? gcap.v : g->n_freqs ? g->freqs_hz[g->n_freqs - 1] : 0) / 1e6;
}

int profgen_frugal_mode(const ProfBoard *b) {
    int best = -1;
    double least = 0;
    for (int i = 0; i < b->n_modes; i++) {
        if (!b->modes[i].caps_known) {
            continue;
        }
        double w = budget(b->inv, &b->modes[i]);
        if (best < 0 || w < least) {
            best = i;
            least = w;
        }
    }
    return best;
}

/* "0-3,5" for the cpus in mask (cpu0 always: the kernel never parks it). */
static void cpu_list(uint64_t mask, int n_cpus, char *out, size_t outsz) {
    size_t len = 0;
    out[0] = '\0';
    mask |= 1;
    for (int c = 0; c < n_cpus && c < 64 && len < outsz; c++) {
        if (!(mask >> c & 1) || (c > 0 && (mask >> (c - 1) & 1) && (mask >> (c + 1) & 1))) {
            continue; /* not set, or inside a run */
        }
        bool run_end = c > 0 && (mask >> (c - 1) & 1);
        int w = snprintf(out + len, outsz - len, "%s%d", run_end ? "-" : len ? "," : "", c);
        len += w > 0 ? (size_t)w : 0;
    }
}

/* The first policy's value of a per-policy cap (profiles name one CPU cap for all). */
static Val first_known(const Val *v, int n) {
    for (int i = 0; i < n; i++) {
        if (v[i].ok) {
            return v[i];
        }
    }
    return val_na();
}

/* The limits of mode m (caps known), for cruise and stock. */
static void mode_limits(const ProfBoard *b, const PbMode *m, Profile *p) {
    const Inventory *inv = b->inv;
    char cpus[64];
    uint64_t on = 0;
    for (int c = 0; c < inv->cpu.n_cpus && c < 64; c++) {
        bool set = m->cores_set >> c & 1;
        on |= (uint64_t)(set ? (m->cores_online >> c & 1) : 1) << c;
    }
    cpu_list(on, inv->cpu.n_cpus, cpus, sizeof cpus);
    put(p, "cpu.online", "%s", cpus);
    Val lo = first_known(m->pol_min_khz, inv->cpu.n_policies);
    Val hi = first_known(m->pol_max_khz, inv->cpu.n_policies);
    lo.ok ? put(p, "cpu.min_khz", "%lld", (long long)lo.v) : put(p, "cpu.min_khz", "min");
    hi.ok ? put(p, "cpu.max_khz", "%lld", (long long)hi.v) : put(p, "cpu.max_khz", "max");
    if (inv->gpu.present) {
        put(p, "gpu.min_hz", "min");
        m->gpu_max_hz.ok ? put(p, "gpu.max_hz", "%lld", (long long)m->gpu_max_hz.v)
                         : put(p, "gpu.max_hz", "max");
    }
    if (inv->emc.has_cap && m->emc_cap_hz.ok) {
        put(p, "emc.cap_hz", "%lld", (long long)m->emc_cap_hz.v);
    }
}

/* Without a table: the first cluster, about 60 % of the CPU top and half the GPU's. */
static void table_limits(const Inventory *inv, Profile *p) {
    if (inv->cpu.n_policies > 0) {
        char cpus[64];
        cpu_list(inv->cpu.policies[0].cpus, inv->cpu.n_cpus, cpus, sizeof cpus);
        put(p, "cpu.online", "%s", cpus);
        const PolicyInfo *pi = &inv->cpu.policies[0];
        if (pi->n_freqs > 0) {
            put(p, "cpu.max_khz", "%lld", (long long)(pi->freqs_khz[pi->n_freqs - 1] * 6 / 10));
        }
        put(p, "cpu.min_khz", "min");
    }
    if (inv->gpu.present && inv->gpu.n_freqs > 0) {
        put(p, "gpu.min_hz", "min");
        put(p, "gpu.max_hz", "%lld", (long long)(inv->gpu.freqs_hz[inv->gpu.n_freqs - 1] / 2));
    }
}

static int mode_index(const ProfBoard *b, int id) {
    for (int i = 0; i < b->n_modes; i++) {
        if (b->modes[i].id == id) {
            return i;
        }
    }
    return -1;
}

static void derive_cruise(const ProfBoard *b, Profile *p) {
    int m = profgen_frugal_mode(b);
    snprintf(p->description, sizeof p->description, "Low power (derived): %s%s, powersave",
             m >= 0 ? b->modes[m].name : "first cluster, capped clocks",
             m >= 0 ? "'s cores and caps" : "");
    p->intent = PROF_INTENT_LOW_POWER;
    if (m >= 0) {
        mode_limits(b, &b->modes[m], p);
    } else {
        table_limits(b->inv, p);
    }
    if (offers_governor(b->inv, "powersave")) {
        put(p, "cpu.governor", "powersave");
    }
    put(p, "cpuidle.disable", "none");
    if (b->inv->fan.kind != FAN_NONE) {
        put(p, "fan.pwm", "auto");
    }
}

static void derive_burst(const ProfBoard *b, Profile *p) {
    const Inventory *inv = b->inv;
    snprintf(p->description, sizeof p->description,
             "Performance (derived): every core, clocks locked at max");
    p->intent = PROF_INTENT_PERFORMANCE;
    put(p, "cpu.online", "all");
    if (offers_governor(inv, "performance")) {
        put(p, "cpu.governor", "performance");
    }
    put(p, "cpu.max_khz", "max");
    put(p, "cpu.min_khz", "max");
    if (inv->gpu.present) {
        put(p, "gpu.max_hz", "max");
        put(p, "gpu.min_hz", "max");
    }
    if (inv->emc.has_cap) {
        put(p, "emc.cap_hz", "max");
    }
    if (inv->idle.n_states > 1) {
        put(p, "cpuidle.disable", "%s", inv->idle.states[inv->idle.n_states - 1].name);
    }
}

static void derive_stock(const ProfBoard *b, Profile *p) {
    const Inventory *inv = b->inv;
    int m = inv->nvp.default_id >= 0 ? mode_index(b, inv->nvp.default_id) : -1;
    snprintf(p->description, sizeof p->description, "The board's defaults (derived)%s%s",
             m >= 0 ? ": " : "", m >= 0 ? b->modes[m].name : "");
    p->intent = PROF_INTENT_STOCK;
    if (m >= 0) {
        put(p, "nvpmodel", "%d", b->modes[m].id);
    }
    if (m >= 0 && b->modes[m].caps_known) {
        mode_limits(b, &b->modes[m], p);
    } else {
        put(p, "cpu.online", "all");
        put(p, "cpu.min_khz", "min");
        put(p, "cpu.max_khz", "max");
        if (inv->gpu.present) {
            put(p, "gpu.min_hz", "min");
            put(p, "gpu.max_hz", "max");
        }
    }
    if (offers_governor(inv, "schedutil")) {
        put(p, "cpu.governor", "schedutil");
    }
    put(p, "cpuidle.disable", "none");
    if (inv->fan.kind != FAN_NONE) {
        put(p, "fan.pwm", "auto");
    }
}

int profgen_derive(const ProfBoard *b, const char *name, Profile *out) {
    if (!profgen_known(name)) {
        return -ENOENT;
    }
    profile_init(out, name, "<derived>");
    if (strcmp(name, "cruise") == 0) {
        derive_cruise(b, out);
    } else if (strcmp(name, "burst") == 0) {
        derive_burst(b, out);
    } else {
        derive_stock(b, out);
    }
    return 0;
}
