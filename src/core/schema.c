/* SPDX-License-Identifier: MIT */
/* schema: column names <-> Sample fields, built from an Inventory. */
#include "jtune/core/schema.h"

#include "jtune/core/parse.h"
#include "jtune/core/procs.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* One field of a sub-record: the name suffix, its unit and where the Val lives. */
typedef struct {
    uint8_t field;
    const char *suffix;
    const char *unit;
    uint8_t decimals;
    uint32_t off; /* offset of the Val inside the sub-record */
} FieldDef;

#define F(fld, suf, unit, dec, type, member)                                                       \
    { fld, suf, unit, dec, offsetof(type, member) }

static const FieldDef core_defs[] = {
    F(SF_CPU_ONLINE, "online", "bool", 0, CoreSample, online),
    F(SF_CPU_LOAD, "load_pct", "%", 1, CoreSample, util_pct10),
    F(SF_CPU_USER, "user_pct", "%", 1, CoreSample, user_pct10),
    F(SF_CPU_SYS, "sys_pct", "%", 1, CoreSample, system_pct10),
    F(SF_CPU_IOWAIT, "iowait_pct", "%", 1, CoreSample, iowait_pct10),
    F(SF_CPU_IRQ, "irq_pct", "%", 1, CoreSample, irq_pct10),
    F(SF_CPU_FREQ, "freq_khz", "kHz", 0, CoreSample, freq_khz),
};

static const FieldDef policy_defs[] = {
    F(SF_POLICY_MIN, "min_khz", "kHz", 0, PolicySample, min_khz),
    F(SF_POLICY_MAX, "max_khz", "kHz", 0, PolicySample, max_khz),
    F(SF_POLICY_GOV, "governor_idx", "idx", 0, PolicySample, governor_idx),
};

static const FieldDef gpu_defs[] = {
    F(SF_GPU_FREQ, "freq_hz", "Hz", 0, GpuSample, freq_hz),
    F(SF_GPU_MIN, "min_hz", "Hz", 0, GpuSample, min_hz),
    F(SF_GPU_MAX, "max_hz", "Hz", 0, GpuSample, max_hz),
    F(SF_GPU_LOAD, "load_pct", "%", 1, GpuSample, load_pm), /* per-mille == tenths of % */
    F(SF_GPU_RAILGATE, "railgate", "bool", 0, GpuSample, railgate),
    F(SF_GPU_TPC_MASK, "tpc_pg_mask", "mask", 0, GpuSample, tpc_pg_mask),
    F(SF_GPU_GOV, "governor_idx", "idx", 0, GpuSample, governor_idx),
};

static const FieldDef emc_defs[] = {
    F(SF_EMC_FREQ, "freq_hz", "Hz", 0, EmcSample, freq_hz),
    F(SF_EMC_UTIL, "util_pct", "%", 1, EmcSample, util_pct10),
    F(SF_EMC_CAP, "cap_hz", "Hz", 0, EmcSample, cap_hz),
};

static const FieldDef engine_defs[] = {
    F(SF_ENG_FREQ, "freq_hz", "Hz", 0, EngineSample, freq_hz),
    F(SF_ENG_ON, "on", "bool", 0, EngineSample, on),
};

static const FieldDef rail_defs[] = {
    F(SF_RAIL_MV, "mv", "mV", 0, RailSample, mv),
    F(SF_RAIL_MA, "ma", "mA", 0, RailSample, ma),
    F(SF_RAIL_MW, "mw", "mW", 0, RailSample, mw),
};

static const FieldDef rail_avg_def = F(SF_RAIL_AVG, "avg_mw", "mW", 0, RailSample, avg_mw);
static const FieldDef rail_max_def = F(SF_RAIL_MAX, "max_mw", "mW", 0, RailSample, max_mw);
static const FieldDef eng_load_def = F(SF_ENG_LOAD, "load_pct", "%", 1, EngineSample, load_pct10);

static const FieldDef iram_defs[] = {
    F(SF_IRAM_USED, "iram_used_kib", "KiB", 0, MemSample, iram_used_kib),
    F(SF_IRAM_TOTAL, "iram_total_kib", "KiB", 0, MemSample, iram_total_kib),
    F(SF_IRAM_LFB, "iram_lfb_kib", "KiB", 0, MemSample, iram_lfb_kib),
};

static const FieldDef mts_defs[] = {
    F(SF_MTS_FG, "mts_fg_pct", "%", 1, Sample, mts_fg_pct10),
    F(SF_MTS_BG, "mts_bg_pct", "%", 1, Sample, mts_bg_pct10),
};

static const FieldDef gpu2_defs[] = {
    F(SF_GPU2_LOAD, "gpu2_load_pct", "%", 1, Sample, gpu2_load_pm),
    F(SF_GPU2_FREQ, "gpu2_freq_hz", "Hz", 0, Sample, gpu2_freq_hz),
};

static const FieldDef idle_defs[] = {
    F(SF_IDLE_RES, "pct", "%", 1, IdleSample, residency_pct10),
    F(SF_IDLE_ENTRIES, "per_s", "/s", 1, IdleSample, entries_ps10),
    F(SF_IDLE_DISABLED, "disabled", "bool", 0, IdleSample, disabled),
};

static const FieldDef fan_defs[] = {
    F(SF_FAN_PWM, "pwm", "pwm", 0, FanSample, pwm),
    F(SF_FAN_PWM_PCT, "pwm_pct", "%", 1, FanSample, pwm_pct10),
    F(SF_FAN_RPM, "rpm", "rpm", 0, FanSample, rpm),
};

static const FieldDef mem_defs[] = {
    F(SF_MEM_TOTAL, "mem_total_kib", "KiB", 0, MemSample, total_kib),
    F(SF_MEM_FREE, "mem_free_kib", "KiB", 0, MemSample, free_kib),
    F(SF_MEM_AVAIL, "mem_avail_kib", "KiB", 0, MemSample, avail_kib),
    F(SF_MEM_BUFFERS, "mem_buffers_kib", "KiB", 0, MemSample, buffers_kib),
    F(SF_MEM_CACHED, "mem_cached_kib", "KiB", 0, MemSample, cached_kib),
    F(SF_MEM_USED, "mem_used_kib", "KiB", 0, MemSample, used_kib),
    F(SF_MEM_NVMAP, "mem_nvmap_kib", "KiB", 0, MemSample, nvmap_kib),
    F(SF_MEM_CMA_TOTAL, "mem_cma_total_kib", "KiB", 0, MemSample, cma_total_kib),
    F(SF_MEM_CMA_FREE, "mem_cma_free_kib", "KiB", 0, MemSample, cma_free_kib),
    F(SF_SWAP_TOTAL, "swap_total_kib", "KiB", 0, MemSample, swap_total_kib),
    F(SF_SWAP_FREE, "swap_free_kib", "KiB", 0, MemSample, swap_free_kib),
    F(SF_SWAP_CACHED, "swap_cached_kib", "KiB", 0, MemSample, swap_cached_kib),
    F(SF_ZRAM_TOTAL, "zram_total_kib", "KiB", 0, MemSample, zram_total_kib),
    F(SF_ZRAM_USED, "zram_used_kib", "KiB", 0, MemSample, zram_used_kib),
    F(SF_MEM_LFB, "mem_lfb_kib", "KiB", 0, MemSample, lfb_kib),
};

static const FieldDef radio_defs[] = {
    F(SF_RADIO_SOFT, "soft", "bool", 0, RadioSample, soft),
    F(SF_RADIO_HARD, "hard", "bool", 0, RadioSample, hard),
};

static const FieldDef state_defs[] = {
    F(SF_NVP_MODE, "nvp_mode", "id", 0, Sample, nvp_mode),
    F(SF_CLOCKS_PINNED, "clocks_pinned", "bool", 0, Sample, clocks_pinned),
    F(SF_THROTTLING, "throttling", "bool", 0, Sample, throttling),
};

static const FieldDef wake_defs[] = {
    F(SF_WAKE_PID, "pid", "id", 0, TopProcSample, pid),
    {SF_WAKE_COMM, "comm", "text", 0, offsetof(TopProcSample, comm)},
    F(SF_WAKE_RATE, "per_s", "/s", 1, TopProcSample, wakeups_ps10),
    F(SF_WAKE_CPU, "cpu_pct", "%", 1, TopProcSample, cpu_pct10),
};

static const FieldDef irq_defs[] = {
    {SF_IRQ_NAME, "name", "text", 0, offsetof(TopIrqSample, name)},
    F(SF_IRQ_RATE, "per_s", "/s", 1, TopIrqSample, rate_ps10),
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef struct {
    Schema *sc;
    int err;
} Builder;

/* Append one column named "prefix_suffix" (or "suffix" for an empty prefix). */
static void add(Builder *b, const char *prefix, const FieldDef *d, size_t base, SchemaGroup g,
                int index, int sub) {
    if (b->sc->n >= SCHEMA_MAX_COLS) {
        b->err = -ENOSPC;
        return;
    }
    SchemaCol *c = &b->sc->col[b->sc->n++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s%s%s", prefix, prefix[0] ? "_" : "", d->suffix);
    c->unit = d->unit;
    c->off = (uint32_t)(base + d->off);
    c->field = d->field;
    c->group = (uint8_t)g;
    c->decimals = d->decimals;
    c->index = (int8_t)index;
    c->sub = (int8_t)sub;
}

static void add_all(Builder *b, const char *prefix, const FieldDef *defs, size_t n, size_t base,
                    SchemaGroup g, int index, int sub) {
    for (size_t i = 0; i < n; i++) {
        add(b, prefix, &defs[i], base, g, index, sub);
    }
}

/* Sanitized label, made unique among the first n_used entries of used ("_2", "_3"...). */
static void unique_label(const char *label, char used[][SCHEMA_NAME], int n_used, char *out) {
    char base[SCHEMA_NAME - 24];
    schema_sanitize(label, base, sizeof base);
    snprintf(out, SCHEMA_NAME, "%s", base);
    for (int k = 2;; k++) {
        bool clash = false;
        for (int i = 0; i < n_used && !clash; i++) {
            clash = strcmp(used[i], out) == 0;
        }
        if (!clash) {
            return;
        }
        snprintf(out, SCHEMA_NAME, "%s_%d", base, k);
    }
}

static void add_time(Builder *b, bool rails_only) {
    static const FieldDef t[] = {
        {SF_SEQ, "seq", "seq", 0, 0},
        {SF_WALL_MS, "wall_ms", "ms", 0, 0},
        {SF_MONO_US, "mono_us", "us", 0, 0},
        F(SF_UPTIME_MS, "uptime_ms", "ms", 0, Sample, uptime_ms),
    };
    add_all(b, "", t, rails_only ? 3 : N(t), 0, SG_TIME, -1, -1);
}

static void add_rails(Builder *b, const Inventory *inv) {
    char used[JT_MAX_RAILS][SCHEMA_NAME];
    char prefix[SCHEMA_NAME + 8];
    for (int i = 0; i < inv->n_rails && i < JT_MAX_RAILS; i++) {
        unique_label(inv->rails[i].label, used, i, used[i]);
        snprintf(prefix, sizeof prefix, "rail_%s", used[i]);
        size_t base = offsetof(Sample, rail) + (size_t)i * sizeof(RailSample);
        add_all(b, prefix, rail_defs, N(rail_defs), base, SG_RAIL, i, -1);
        if (inv->log_cols & LOGCOL_RAIL_AVG) {
            add(b, prefix, &rail_avg_def, base, SG_RAIL, i, -1);
        }
        if (inv->log_cols & LOGCOL_RAIL_MAX) {
            add(b, prefix, &rail_max_def, base, SG_RAIL, i, -1);
        }
    }
    static const FieldDef in = F(SF_INPUT_MW, "input_mw", "mW", 0, Sample, input_mw);
    add(b, "", &in, 0, SG_INPUT, -1, -1);
}

static void add_cpus(Builder *b, const Inventory *inv) {
    char prefix[16];
    int n = inv->cpu.n_cpus < JT_MAX_CPUS ? inv->cpu.n_cpus : JT_MAX_CPUS;
    for (int i = 0; i < n; i++) {
        snprintf(prefix, sizeof prefix, "cpu%d", i);
        add_all(b, prefix, core_defs, N(core_defs),
                offsetof(Sample, cpu) + (size_t)i * sizeof(CoreSample), SG_CPU, i, -1);
    }
    static const FieldDef tot =
        F(SF_CPU_TOTAL_LOAD, "cpu_load_pct", "%", 1, Sample, cpu_total_pct10);
    add(b, "", &tot, 0, SG_CPU_TOTAL, -1, -1);
    int np = inv->cpu.n_policies < JT_MAX_POLICIES ? inv->cpu.n_policies : JT_MAX_POLICIES;
    for (int p = 0; p < np; p++) {
        snprintf(prefix, sizeof prefix, "policy%d", inv->cpu.policies[p].first_cpu);
        add_all(b, prefix, policy_defs, N(policy_defs),
                offsetof(Sample, policy) + (size_t)p * sizeof(PolicySample), SG_POLICY, p, -1);
    }
}

static void add_gpu_emc_engines(Builder *b, const Inventory *inv) {
    if (inv->gpu.present) {
        add_all(b, "gpu", gpu_defs, N(gpu_defs), offsetof(Sample, gpu), SG_GPU, -1, -1);
    }
    if (inv->log_cols & LOGCOL_GPU2) {
        add_all(b, "", gpu2_defs, N(gpu2_defs), 0, SG_GPU, -1, -1);
    }
    if (inv->emc.present) {
        add_all(b, "emc", emc_defs, N(emc_defs), offsetof(Sample, emc), SG_EMC, -1, -1);
    }
    char used[JT_MAX_ENGINES][SCHEMA_NAME];
    char prefix[SCHEMA_NAME + 8];
    for (int i = 0; i < inv->n_engines && i < JT_MAX_ENGINES; i++) {
        unique_label(inv->engines[i].name, used, i, used[i]);
        snprintf(prefix, sizeof prefix, "eng_%s", used[i]);
        size_t base = offsetof(Sample, engine) + (size_t)i * sizeof(EngineSample);
        add_all(b, prefix, engine_defs, N(engine_defs), base, SG_ENGINE, i, -1);
        if (inv->log_cols & LOGCOL_ENG_LOAD) {
            add(b, prefix, &eng_load_def, base, SG_ENGINE, i, -1);
        }
    }
}

static void add_zones(Builder *b, const Inventory *inv) {
    char used[JT_MAX_ZONES][SCHEMA_NAME];
    char name[SCHEMA_NAME + 8];
    for (int i = 0; i < inv->n_zones && i < JT_MAX_ZONES; i++) {
        const ZoneInfo *z = &inv->zones[i];
        unique_label(z->name[0] ? z->name : z->type, used, i, used[i]);
        snprintf(name, sizeof name, "temp_%s", used[i]);
        FieldDef d = {SF_ZONE_MC, "mc", "mC", 0, 0};
        add(b, name, &d, offsetof(Sample, zone_mc) + (size_t)i * sizeof(Val), SG_ZONE, i, -1);
        if (inv->log_cols & LOGCOL_ZONE_MAX) {
            FieldDef m = {SF_ZONE_MAX, "max_mc", "mC", 0, 0};
            add(b, name, &m, offsetof(Sample, zone_max_mc) + (size_t)i * sizeof(Val), SG_ZONE, i,
                -1);
        }
    }
}

static void add_idle(Builder *b, const Inventory *inv) {
    char used[JT_MAX_IDLE][SCHEMA_NAME];
    int ns = inv->idle.n_states < JT_MAX_IDLE ? inv->idle.n_states : JT_MAX_IDLE;
    for (int k = 0; k < ns; k++) {
        unique_label(inv->idle.states[k].name, used, k, used[k]);
    }
    int n = inv->cpu.n_cpus < JT_MAX_CPUS ? inv->cpu.n_cpus : JT_MAX_CPUS;
    char prefix[SCHEMA_NAME + 16];
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < ns; k++) {
            snprintf(prefix, sizeof prefix, "cpu%d_idle_%s", i, used[k]);
            size_t base =
                offsetof(Sample, idle) + ((size_t)i * JT_MAX_IDLE + (size_t)k) * sizeof(IdleSample);
            add_all(b, prefix, idle_defs, N(idle_defs), base, SG_IDLE, i, k);
        }
    }
}

static void add_fan_mem_radios(Builder *b, const Inventory *inv) {
    if (inv->fan.kind != FAN_NONE) {
        add_all(b, "fan", fan_defs, N(fan_defs), offsetof(Sample, fan), SG_FAN, -1, -1);
    }
    add_all(b, "", mem_defs, N(mem_defs), offsetof(Sample, mem), SG_MEM, -1, -1);
    if (inv->log_cols & LOGCOL_LFB_COUNT) {
        static const FieldDef blocks =
            F(SF_MEM_LFB_BLOCKS, "mem_lfb_blocks", "blocks", 0, MemSample, lfb_blocks);
        add(b, "", &blocks, offsetof(Sample, mem), SG_MEM, -1, -1);
    }
    if (inv->log_cols & LOGCOL_IRAM) {
        add_all(b, "", iram_defs, N(iram_defs), offsetof(Sample, mem), SG_MEM, -1, -1);
    }
    if (inv->log_cols & LOGCOL_MTS) {
        add_all(b, "", mts_defs, N(mts_defs), 0, SG_STATE, -1, -1);
    }
    char used[JT_MAX_RADIOS][SCHEMA_NAME];
    char prefix[SCHEMA_NAME + 8];
    for (int i = 0; i < inv->n_radios && i < JT_MAX_RADIOS; i++) {
        const RadioInfo *r = &inv->radios[i];
        unique_label(r->type[0] ? r->type : r->name, used, i, used[i]);
        snprintf(prefix, sizeof prefix, "radio_%s", used[i]);
        add_all(b, prefix, radio_defs, N(radio_defs),
                offsetof(Sample, radio) + (size_t)i * sizeof(RadioSample), SG_RADIO, i, -1);
    }
    add_all(b, "", state_defs, N(state_defs), 0, SG_STATE, -1, -1);
}

static void add_procs_irqs(Builder *b, const Inventory *inv) {
    char prefix[24];
    for (int k = 0; k < JT_TOP_PROCS; k++) {
        snprintf(prefix, sizeof prefix, "wake%d", k + 1);
        add_all(b, prefix, wake_defs, N(wake_defs),
                offsetof(Sample, proc_top) + (size_t)k * sizeof(TopProcSample), SG_PROCS, k, -1);
    }
    for (int k = 0; k < JT_TOP_IRQS; k++) {
        snprintf(prefix, sizeof prefix, "irq%d", k + 1);
        add_all(b, prefix, irq_defs, N(irq_defs),
                offsetof(Sample, irq_top) + (size_t)k * sizeof(TopIrqSample), SG_IRQ, k, -1);
    }
    int n = inv->cpu.n_cpus < JT_MAX_CPUS ? inv->cpu.n_cpus : JT_MAX_CPUS;
    for (int i = 0; i < n; i++) {
        snprintf(prefix, sizeof prefix, "cpu%d", i);
        FieldDef t = {SF_CPU_TIMER, "timer_per_s", "/s", 1, 0};
        FieldDef p = {SF_CPU_IPI, "ipi_per_s", "/s", 1, 0};
        add(b, prefix, &t, offsetof(Sample, timer_ps10) + (size_t)i * sizeof(Val), SG_IRQ, i, -1);
        add(b, prefix, &p, offsetof(Sample, ipi_ps10) + (size_t)i * sizeof(Val), SG_IRQ, i, -1);
    }
}

int schema_build(Schema *sc, const Inventory *inv, unsigned flags) {
    sc->version = SCHEMA_VERSION;
    sc->flags = flags;
    sc->n = 0;
    Builder b = {sc, 0};
    bool rails_only = flags & SCHEMA_RAILS_ONLY;
    add_time(&b, rails_only);
    if (flags & SCHEMA_BATCH) {
        static const FieldDef batch = F(SF_BATCH, "batch", "batch", 0, Sample, batch);
        add(&b, "", &batch, 0, SG_WORKLOAD, -1, -1);
    }
    if (!rails_only) {
        add_cpus(&b, inv);
        add_gpu_emc_engines(&b, inv);
    }
    add_rails(&b, inv);
    if (!rails_only) {
        add_zones(&b, inv);
        add_idle(&b, inv);
        add_fan_mem_radios(&b, inv);
        add_procs_irqs(&b, inv);
    }
    return b.err;
}

int schema_find(const Schema *sc, const char *name) {
    for (int i = 0; i < sc->n; i++) {
        if (strcmp(sc->col[i].name, name) == 0) {
            return i;
        }
    }
    return -1;
}

int schema_find_field(const Schema *sc, SchemaField field, int index, int sub) {
    for (int i = 0; i < sc->n; i++) {
        const SchemaCol *c = &sc->col[i];
        if (c->field == field && c->index == index && c->sub == sub) {
            return i;
        }
    }
    return -1;
}

bool schema_is_text(const SchemaCol *c) {
    return c->field == SF_WAKE_COMM || c->field == SF_IRQ_NAME;
}

const char *schema_get_text(const SchemaCol *c, const Sample *s) {
    return schema_is_text(c) ? (const char *)s + c->off : "";
}

void schema_set_text(const SchemaCol *c, Sample *s, const char *text, size_t len) {
    if (!schema_is_text(c)) {
        return;
    }
    char raw[JT_TOP_NAME];
    size_t k = len < sizeof raw - 1 ? len : sizeof raw - 1;
    memcpy(raw, text, k);
    raw[k] = '\0';
    procs_safe_name(raw, (char *)s + c->off, JT_TOP_NAME);
}

Val schema_get(const SchemaCol *c, const Sample *s) {
    switch (c->field) {
    case SF_SEQ: return val_of((int64_t)s->seq);
    case SF_WALL_MS: return val_of(s->wall_ms);
    case SF_MONO_US: return val_of(s->mono_ns / 1000);
    case SF_WAKE_COMM:
    case SF_IRQ_NAME: return val_na(); /* text: schema_get_text */
    default: break;
    }
    Val v;
    memcpy(&v, (const char *)s + c->off, sizeof v);
    return v;
}

void schema_set(const SchemaCol *c, Sample *s, Val v) {
    switch (c->field) {
    case SF_SEQ:
        if (v.ok) {
            s->seq = (uint64_t)v.v;
        }
        return;
    case SF_WALL_MS:
        if (v.ok) {
            s->wall_ms = v.v;
        }
        return;
    case SF_MONO_US:
        if (v.ok) {
            s->mono_ns = v.v * 1000;
        }
        return;
    case SF_WAKE_COMM:
    case SF_IRQ_NAME: return; /* text: schema_set_text */
    default: break;
    }
    if (!v.ok) {
        v = val_na();
    }
    memcpy((char *)s + c->off, &v, sizeof v);
}

void schema_sanitize(const char *label, char *out, size_t outsz) {
    if (outsz == 0) {
        return;
    }
    size_t o = 0;
    for (size_t i = 0; label[i] && o + 1 < outsz; i++) {
        char ch = label[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '_';
        out[o++] = (char)(ok ? ch : '_');
    }
    if (o == 0 && outsz > 1) {
        out[o++] = 'x';
    }
    out[o] = '\0';
}

int schema_format_num(int64_t v, int decimals, char *out) {
    char tmp[24];
    int n = 0;
    bool neg = v < 0;
    /* work on the magnitude as unsigned so INT64_MIN does not overflow */
    uint64_t m = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + m % 10);
        m /= 10;
        if (n == decimals) {
            tmp[n++] = '.';
        }
    } while (m || n <= decimals);
    if (decimals > 0 && tmp[n - 1] == '.') {
        tmp[n++] = '0'; /* "0.5" rather than ".5" */
    }
    int len = 0;
    if (neg) {
        out[len++] = '-';
    }
    while (n) {
        out[len++] = tmp[--n];
    }
    out[len] = '\0';
    return len;
}

int schema_parse_num(const SchemaCol *c, const char *s, size_t len, int64_t *out) {
    if (c->decimals == 0) {
        return parse_i64(s, len, out);
    }
    return parse_fixed(s, len, c->decimals, out);
}
