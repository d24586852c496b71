/* SPDX-License-Identifier: MIT */
/* sampler: probe every Jetson source under a root, then sample them on the hot path. */
#include "jtune/platform/sampler.h"

#include "jtune/platform/systime.h"

#include "jtune/core/parse.h"
#include "jtune/platform/jetson/attrval.h"
#include "jtune/platform/jetson/cpu.h"
#include "jtune/platform/jetson/cpuidle.h"
#include "jtune/platform/jetson/discover.h"
#include "jtune/platform/jetson/emc.h"
#include "jtune/platform/jetson/engines.h"
#include "jtune/platform/jetson/fan.h"
#include "jtune/platform/jetson/gpu.h"
#include "jtune/platform/jetson/identity.h"
#include "jtune/platform/jetson/irqs.h"
#include "jtune/platform/jetson/mem.h"
#include "jtune/platform/jetson/nvpmodel.h"
#include "jtune/platform/jetson/procs.h"
#include "jtune/platform/jetson/radio.h"
#include "jtune/platform/jetson/rails.h"
#include "jtune/platform/jetson/thermal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_RESCAN_MS   10000
#define DEFAULT_SETTINGS_MS 5000
/* A check brought forward by a failed read waits at least this long after the last one,
 * so that a sensor that fails on every read does not cost a check per sample. */
#define REASON_GAP_NS NS_PER_S

/* Class directories whose entry count changes when a device appears or disappears. */
static const char *const WATCH_DIRS[] = {"sys/class/hwmon", "sys/class/thermal",
                                         "sys/class/devfreq", "sys/class/rfkill",
                                         "sys/bus/i2c/drivers/ina3221x"};
#define N_WATCH_DIRS (sizeof WATCH_DIRS / sizeof WATCH_DIRS[0])

/* What the cheap rescan check compares. */
typedef struct {
    int count[N_WATCH_DIRS]; /* entries, or -errno */
    uint64_t online;         /* cpu online mask */
    bool online_ok;
    uint64_t present; /* one bit per discovered device path that exists */
} Fingerprint;

struct Sampler {
    Sysfs *fs;
    SamplerConfig cfg;
    Inventory inv;
    CpuAttrs cpu;
    CpuHist cpu_hist;
    IdleAttrs idle;
    IdleHist idle_hist;
    GpuAttrs gpu;
    EmcAttrs emc;
    EngineAttrs eng;
    RailAttrs rails;
    ThermalAttrs thermal;
    FanAttrs fan;
    MemAttrs mem;
    RadioAttrs radio;
    NvpAttrs nvp;
    ProcsReader *procs; /* NULL unless cfg.procs */
    IrqsReader *irqs;
    AttrId uptime;
    AttrId online;
    Fingerprint fp;
    int64_t next_check_ns;
    int64_t last_check_ns;
    int64_t settings_ns; /* when settings were last read from their files */
    bool settings_stale; /* read them at the next sample, whatever the time */
    uint64_t lost_seen;  /* sysfs_attr_lost at the last check */
    bool rescan;
    bool check_soon; /* a reason to check before next_check_ns (the online set changed) */
    uint64_t seq;
    SamplerClock clock;
    void *clock_ctx;
};

static int64_t clock_mono(void *ctx) {
    (void)ctx;
    return systime_mono_ns();
}

static int64_t wall_ms(void) {
    return systime_real_ms();
}

/* ---------------------------------------------------------------- probe */

static void probe_all(Sampler *s) {
    Inventory *inv = &s->inv;
    int old_states = inv->idle.n_states;
    identity_probe(s->fs, inv);
    cpu_probe(s->fs, inv, &s->cpu);
    cpuidle_probe(s->fs, inv, &s->idle);
    gpu_probe(s->fs, inv, &s->gpu);
    emc_probe(s->fs, inv, &s->emc);
    engines_probe(s->fs, inv, &s->eng);
    rails_probe(s->fs, inv, &s->rails);
    thermal_probe(s->fs, inv, &s->thermal);
    fan_probe(s->fs, inv, &s->fan); /* after thermal: it looks for the tj zone */
    mem_probe(s->fs, inv, &s->mem);
    radio_probe(s->fs, inv, &s->radio);
    nvpmodel_probe(s->fs, inv, &s->nvp);
    s->uptime = sysfs_attr(s->fs, "proc/uptime");
    s->online = sysfs_attr(s->fs, "sys/devices/system/cpu/online");
    if (s->procs) {
        procs_probe(s->procs, s->fs);
        irqs_probe(s->irqs, s->fs);
    }
    if (inv->idle.n_states != old_states) {
        memset(&s->idle_hist, 0, sizeof s->idle_hist); /* a different state table */
    }
}

/* Set bit i when path exists (i < 64). */
static void watch_path(const Sampler *s, uint64_t *bits, int *i, const char *path) {
    if (*i < 64 && path[0] && sysfs_exists(s->fs, path)) {
        *bits |= 1ull << *i;
    }
    (*i)++;
}

/* The rescan fingerprint. Allocation-free: getdents64 and O_PATH opens only. */
/* Member by member: the struct's padding bytes are not part of what is compared. */
static bool fingerprint_eq(const Fingerprint *a, const Fingerprint *b) {
    for (size_t i = 0; i < N_WATCH_DIRS; i++) {
        if (a->count[i] != b->count[i]) {
            return false;
        }
    }
    return a->online == b->online && a->online_ok == b->online_ok && a->present == b->present;
}

static void fingerprint_take(Sampler *s, Fingerprint *fp) {
    memset(fp, 0, sizeof *fp);
    for (size_t i = 0; i < N_WATCH_DIRS; i++) {
        fp->count[i] = discover_count(s->fs, WATCH_DIRS[i]);
    }
    char buf[128];
    ssize_t n = sysfs_attr_read(s->fs, s->online, buf, sizeof buf);
    fp->online_ok = n > 0 && parse_cpulist(buf, (size_t)n, &fp->online) == 0;
    int bit = 0;
    for (int i = 0; i < s->rails.n_chips; i++) {
        watch_path(s, &fp->present, &bit, s->rails.chip_dir[i]);
    }
    watch_path(s, &fp->present, &bit, s->inv.gpu.devfreq_dir);
    watch_path(s, &fp->present, &bit, s->inv.fan.pwm_path);
    watch_path(s, &fp->present, &bit, s->inv.fan.rpm_path);
    for (int i = 0; i < s->inv.n_engines; i++) {
        watch_path(s, &fp->present, &bit, s->inv.engines[i].dir);
    }
}

static void schedule_check(Sampler *s, int64_t now) {
    s->last_check_ns = now;
    s->next_check_ns = now + (int64_t)s->cfg.rescan_ms * 1000000;
    s->lost_seen = sysfs_attr_lost(s->fs);
    s->check_soon = false;
}

static void reprobe(Sampler *s, int64_t now) {
    sysfs_attr_reset(s->fs);
    probe_all(s);
    s->inv.generation++;
    fingerprint_take(s, &s->fp);
    s->rescan = false;
    schedule_check(s, now);
}

/* A reason to check now: the gap ran out, the online set changed in the last sample, or a
 * read failed after a good one (a node vanished) at least REASON_GAP_NS after the last check. */
static bool check_due(const Sampler *s, int64_t now) {
    if (now >= s->next_check_ns || s->check_soon) {
        return true;
    }
    return sysfs_attr_lost(s->fs) != s->lost_seen && now - s->last_check_ns >= REASON_GAP_NS;
}

static void maybe_rescan(Sampler *s, int64_t now) {
    if (s->rescan) {
        reprobe(s, now);
        return;
    }
    if (!check_due(s, now)) {
        return;
    }
    Fingerprint fp;
    fingerprint_take(s, &fp);
    schedule_check(s, now);
    if (!fingerprint_eq(&fp, &s->fp)) {
        reprobe(s, now);
    }
}

/* After a sample: did a core's online file disagree with the online list at the last check?
 * Then check at the next sample (no extra read: cpu_read already read the files). */
static void note_online(Sampler *s, const Sample *out) {
    if (!s->fp.online_ok) {
        return;
    }
    for (int c = 0; c < s->inv.cpu.n_cpus && c < 64; c++) {
        const Val *v = &out->cpu[c].online;
        if (v->ok && (v->v == 1) != ((s->fp.online >> c) & 1)) {
            s->check_soon = true;
            return;
        }
    }
}

int sampler_open(Sampler **out, const char *root, const SamplerConfig *cfg) {
    Sampler *s = calloc(1, sizeof *s);
    if (!s) {
        return -ENOMEM;
    }
    int rc = sysfs_open(&s->fs, root);
    if (rc < 0) {
        free(s);
        return rc;
    }
    if (cfg) {
        s->cfg = *cfg;
    }
    if (s->cfg.rescan_ms <= 0) {
        s->cfg.rescan_ms = DEFAULT_RESCAN_MS;
    }
    if (s->cfg.settings_ms == 0) {
        s->cfg.settings_ms = DEFAULT_SETTINGS_MS;
    }
    s->settings_stale = true;
    s->clock = clock_mono;
    if (s->cfg.procs && !s->cfg.rails_only) {
        s->procs = procs_open();
        s->irqs = irqs_open();
        if (!s->procs || !s->irqs) {
            sampler_close(s);
            return -ENOMEM;
        }
    }
    bool pin = s->cfg.keep_root_only && sysfs_pin_begin(s->fs) == 0;
    probe_all(s);
    if (pin) {
        sysfs_attr_open_all(s->fs); /* the first reads' files, opened while still root */
        sysfs_pin_end(s->fs);
    }
    s->inv.generation = 1;
    fingerprint_take(s, &s->fp);
    schedule_check(s, s->clock(s->clock_ctx));
    *out = s;
    return 0;
}

void sampler_close(Sampler *s) {
    if (!s) {
        return;
    }
    procs_close(s->procs);
    irqs_close(s->irqs);
    sysfs_close(s->fs);
    free(s);
}

int sampler_set_procs(Sampler *s, bool on) {
    if (!on || s->cfg.rails_only) {
        procs_close(s->procs);
        irqs_close(s->irqs);
        s->procs = NULL;
        s->irqs = NULL;
        s->cfg.procs = false;
        return 0;
    }
    if (s->procs) {
        return 0;
    }
    s->procs = procs_open();
    s->irqs = irqs_open();
    if (!s->procs || !s->irqs) {
        return sampler_set_procs(s, false), -ENOMEM;
    }
    s->cfg.procs = true;
    procs_probe(s->procs, s->fs);
    irqs_probe(s->irqs, s->fs);
    return 0;
}

const ProcTable *sampler_procs(const Sampler *s) {
    return s->procs ? procs_table(s->procs) : NULL;
}

const IrqTable *sampler_irqs(const Sampler *s) {
    return s->irqs ? irqs_table(s->irqs) : NULL;
}

const Inventory *sampler_inventory(const Sampler *s) {
    return &s->inv;
}

Sysfs *sampler_sysfs(Sampler *s) {
    return s->fs;
}

void sampler_request_rescan(Sampler *s) {
    s->rescan = true;
    s->settings_stale = true;
}

void sampler_refresh_settings(Sampler *s) {
    s->settings_stale = true;
}

void sampler_set_clock(Sampler *s, SamplerClock fn, void *ctx) {
    s->clock = fn ? fn : clock_mono;
    s->clock_ctx = fn ? ctx : NULL;
    s->settings_stale = true;
    schedule_check(s, s->clock(s->clock_ctx));
    s->idle_hist.have_prev = false; /* an interval across two clocks means nothing */
}

/* ---------------------------------------------------------------- sample */

static Val read_uptime(Sampler *s) {
    char buf[128];
    StrView w[2];
    size_t n = 0;
    int64_t ms;
    ssize_t r = sysfs_attr_read(s->fs, s->uptime, buf, sizeof buf);
    if (r <= 0) {
        return val_na();
    }
    parse_words(buf, (size_t)r, w, 2, &n);
    return (n >= 1 && parse_fixed(w[0].p, w[0].n, 3, &ms) == 0) ? val_of(ms) : val_na();
}

/* Does policy p have an online core in this sample? */
static bool policy_active(const Inventory *inv, const Sample *out, int p) {
    for (int c = 0; c < inv->cpu.n_cpus; c++) {
        if (inv->cpu.policy_of[c] == p && out->cpu[c].online.ok && out->cpu[c].online.v == 1) {
            return true;
        }
    }
    return false;
}

/* jetson_clocks' signature: min == max on every online CPU policy, or on the GPU. */
static Val clocks_pinned(const Inventory *inv, const Sample *out) {
    int known = 0;
    bool cpu_all = true;
    for (int p = 0; p < inv->cpu.n_policies; p++) {
        const PolicySample *ps = &out->policy[p];
        if (!policy_active(inv, out, p)) {
            continue;
        }
        if (!ps->min_khz.ok || !ps->max_khz.ok) {
            cpu_all = false;
            continue;
        }
        known++;
        cpu_all = cpu_all && ps->min_khz.v == ps->max_khz.v;
    }
    const GpuSample *g = &out->gpu;
    bool gpu_known = g->min_hz.ok && g->max_hz.ok;
    if ((known > 0 && cpu_all) || (gpu_known && g->min_hz.v == g->max_hz.v)) {
        return val_of(1);
    }
    return (known > 0 || gpu_known) ? val_of(0) : val_na();
}

static void take_all(Sampler *s, int64_t now, Sample *out) {
    const Inventory *inv = &s->inv;
    out->uptime_ms = read_uptime(s);
    cpu_read(s->fs, inv, &s->cpu, &s->cpu_hist, out);
    cpuidle_read(s->fs, inv, &s->idle, &s->idle_hist, now, out);
    gpu_read(s->fs, inv, &s->gpu, out);
    emc_read(s->fs, inv, &s->emc, out);
    engines_read(s->fs, inv, &s->eng, out);
    rails_read(s->fs, inv, &s->rails, out);
    thermal_read(s->fs, inv, &s->thermal, out);
    fan_read(s->fs, inv, &s->fan, now, out);
    mem_read(s->fs, &s->mem, out);
    radio_read(s->fs, inv, &s->radio, out);
    nvpmodel_read(s->fs, inv, &s->nvp, out);
    out->clocks_pinned = clocks_pinned(inv, out);
    sample_index_governors(inv, out);
    if (s->procs) {
        procs_read(s->procs, s->fs, now);
        irqs_read(s->irqs, s->fs, now);
        procs_fill_sample(procs_table(s->procs), irqs_table(s->irqs), out);
    }
}

/* Settings (governors, caps, switches) are read from their files every settings_ms; in
 * between sysfs answers with the values read then. A re-probe forgets them all. */
static void maybe_expire_settings(Sampler *s, int64_t now) {
    if (s->settings_stale || now - s->settings_ns >= (int64_t)s->cfg.settings_ms * 1000000) {
        sysfs_settings_expire(s->fs);
        s->settings_ns = now;
        s->settings_stale = false;
    }
}

int sampler_take(Sampler *s, Sample *out) {
    int64_t now = s->clock(s->clock_ctx);
    maybe_rescan(s, now);
    maybe_expire_settings(s, now);
    sample_clear(out);
    out->seq = s->seq++;
    out->mono_ns = now;
    out->wall_ms = wall_ms();
    if (s->cfg.rails_only) {
        rails_read(s->fs, &s->inv, &s->rails, out);
        return 0;
    }
    take_all(s, now, out);
    note_online(s, out);
    return 0;
}
