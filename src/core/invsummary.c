/* SPDX-License-Identifier: MIT */
/* invsummary: an Inventory as text lines (see the header). */
#include "jtune/core/invsummary.h"

#include "jtune/core/boardtotal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

typedef struct {
    char *p;
    size_t n, cap;
    int err;
} Out;

__attribute__((format(printf, 2, 3))) static void say(Out *o, const char *fmt, ...) {
    if (o->err) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(o->p + o->n, o->cap - o->n, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t)w >= o->cap - o->n) {
        o->err = -ENOSPC;
        return;
    }
    o->n += (size_t)w;
}

static void val(Out *o, const char *key, Val v) {
    if (v.ok) {
        say(o, " %s=%lld", key, (long long)v.v);
    } else {
        say(o, " %s=n/a", key);
    }
}

static void table(Out *o, const char *key, const int64_t *v, int n, bool capped) {
    say(o, " %s(%d%s)=", key, n, capped ? ",capped" : "");
    for (int i = 0; i < n; i++) {
        say(o, "%s%lld", i ? "," : "", (long long)v[i]);
    }
}

static void identity(Out *o, const Identity *id) {
    say(o, "model: %s\ncompatible: %s\nmodule: %s\nsoc: %s\nl4t: %s\njetpack: %s\n", id->model,
        id->compatible, id->module, id->soc, id->l4t, id->jetpack);
    say(o, "kernel: %s\nsuper: %d\n", id->kernel, id->super);
}

static void cpus(Out *o, const CpuInfo *c) {
    say(o, "cpus: %d\n", c->n_cpus);
    for (int i = 0; i < c->n_cpus && i < JT_MAX_CPUS; i++) {
        say(o, "cpu%d: policy=%d cluster=%d online_file=%d\n", i, c->policy_of[i], c->cluster_of[i],
            c->has_online[i]);
    }
    for (int p = 0; p < c->n_policies; p++) {
        const PolicyInfo *pi = &c->policies[p];
        say(o, "policy%d: cpus=%#llx driver=%s", pi->first_cpu, (unsigned long long)pi->cpus,
            pi->driver);
        table(o, "khz", pi->freqs_khz, pi->n_freqs, pi->freqs_capped);
        say(o, " govs=");
        for (int g = 0; g < pi->n_govs; g++) {
            say(o, "%s%s", g ? "," : "", pi->govs[g]);
        }
        say(o, "\n");
    }
}

static void gpu(Out *o, const GpuInfo *g) {
    say(o, "gpu: present=%d name=%s devfreq=%s device=%s", g->present, g->name, g->devfreq_dir,
        g->device_dir);
    table(o, "hz", g->freqs_hz, g->n_freqs, g->freqs_capped);
    say(o, " govs=");
    for (int i = 0; i < g->n_govs; i++) {
        say(o, "%s%s", i ? "," : "", g->govs[i]);
    }
    /* not load_nvml and load_why: they follow the host's NVML library, not the board's files
     * (a capture of a Thor reads its GPU load from nothing) */
    say(o, " load=%d railgate=%d tpc_mask=%d 3d_scaling=%d\n", g->has_load, g->has_railgate,
        g->has_tpc_mask, g->has_3d_scaling);
}

static void emc_engines(Out *o, const Inventory *inv) {
    const EmcInfo *e = &inv->emc;
    say(o, "emc: present=%d rate_readable=%d rate_errno=%d util=%d cap=%s has_cap=%d", e->present,
        e->rate_readable, e->rate_errno, (int)e->util_src, e->cap_path, e->has_cap);
    val(o, "min_hz", e->min_hz);
    val(o, "max_hz", e->max_hz);
    say(o, "\n");
    for (int i = 0; i < inv->n_engines; i++) {
        const EngineInfo *en = &inv->engines[i];
        say(o, "engine: %s dir=%s devfreq=%d\n", en->name, en->dir, en->devfreq);
    }
}

static void power(Out *o, const Inventory *inv) {
    for (int i = 0; i < inv->n_rails; i++) {
        const RailInfo *r = &inv->rails[i];
        say(o, "rail: %s chip=%d channel=%d iio=%d input=%d", r->label, r->chip, r->channel,
            r->legacy_iio, r->is_input);
        val(o, "crit_ma", r->crit_ma);
        val(o, "max_ma", r->max_ma);
        say(o, "\n");
    }
    char total[256];
    say(o, "input_rail: %d\ntotal: %s assumed=%d\n", inv->input_rail,
        boardtotal_format(inv, total, sizeof total), inv->total.assumed);
}

static void zones(Out *o, const Inventory *inv) {
    for (int i = 0; i < inv->n_zones; i++) {
        const ZoneInfo *z = &inv->zones[i];
        say(o, "zone: %s name=%s index=%d hwmon=%d fixed=%d", z->type, z->name, z->index, z->hwmon,
            z->fixed);
        for (int t = 0; t < z->n_trips; t++) {
            say(o, " trip=%s", z->trips[t].type);
            val(o, "mc", z->trips[t].temp_mc);
            val(o, "hyst", z->trips[t].hyst_mc);
            say(o, "%s", z->trips[t].alert_only ? " alert_only" : "");
        }
        say(o, "\n");
    }
}

static void rest(Out *o, const Inventory *inv) {
    for (int i = 0; i < inv->idle.n_states; i++) {
        const IdleStateInfo *s = &inv->idle.states[i];
        say(o, "idle: %s desc=%s", s->name, s->desc);
        val(o, "latency_us", s->latency_us);
        val(o, "residency_us", s->residency_us);
        say(o, "\n");
    }
    const FanInfo *f = &inv->fan;
    say(o, "fan: kind=%d pwm=%s rpm=%s pwm_enable=%d default=%s profiles=", (int)f->kind,
        f->pwm_path, f->rpm_path, f->has_pwm_enable, f->default_profile);
    for (int i = 0; i < f->n_profiles; i++) {
        say(o, "%s%s", i ? "," : "", f->profiles[i]);
    }
    say(o, "\n");
    for (int i = 0; i < inv->n_radios; i++) {
        say(o, "radio: %s type=%s index=%d\n", inv->radios[i].name, inv->radios[i].type,
            inv->radios[i].index);
    }
    say(o, "nvpmodel: present=%d default=%d\n", inv->nvp.present, inv->nvp.default_id);
    for (int i = 0; i < inv->nvp.n_modes; i++) {
        say(o, "mode: %d %s\n", inv->nvp.modes[i].id, inv->nvp.modes[i].name);
    }
    say(o, "capped: %#x\n", inv->capped);
}

int invsummary_format(const Inventory *inv, char *buf, size_t bufsz) {
    if (bufsz == 0) {
        return -ENOSPC;
    }
    Out o = {.p = buf, .cap = bufsz};
    buf[0] = '\0';
    identity(&o, &inv->id);
    cpus(&o, &inv->cpu);
    gpu(&o, &inv->gpu);
    emc_engines(&o, inv);
    power(&o, inv);
    zones(&o, inv);
    rest(&o, inv);
    return o.err ? o.err : (int)o.n;
}
