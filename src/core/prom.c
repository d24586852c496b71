/* SPDX-License-Identifier: MIT */
/* prom: Prometheus textfile-collector metrics for one sample. */
#include "jtune/core/prom.h"

#include "jtune/core/boardtotal.h"
#include "jtune/core/textbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *buf;
    size_t size, len;
    bool overflow;
    char board[160]; /* escaped board label value */
} Out;

__attribute__((format(printf, 2, 3))) static void emit(Out *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    textbuf_vappend(o->buf, o->size, &o->len, &o->overflow, fmt, ap);
    va_end(ap);
}

int prom_label_escape(const char *src, char *dst, size_t dstsz) {
    size_t o = 0;
    for (; *src; src++) {
        const char *rep = *src == '\\'   ? "\\\\"
                          : *src == '"'  ? "\\\""
                          : *src == '\n' ? "\\n"
                                         : NULL;
        size_t n = rep ? 2 : 1;
        if (o + n >= dstsz) {
            return -ERANGE;
        }
        if (rep) {
            memcpy(dst + o, rep, 2);
        } else {
            dst[o] = *src;
        }
        o += n;
    }
    dst[o] = '\0';
    return 0;
}

static void header(Out *o, const char *name, const char *type, const char *help) {
    emit(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{board="..."[,key="value"]} value */
static void series(Out *o, const char *name, const char *key, const char *value, double v) {
    char esc[512];
    if (key) {
        if (prom_label_escape(value, esc, sizeof esc) < 0) {
            o->overflow = true;
            return;
        }
        emit(o, "%s{board=\"%s\",%s=\"%s\"} %.9g\n", name, o->board, key, esc, v);
    } else {
        emit(o, "%s{board=\"%s\"} %.9g\n", name, o->board, v);
    }
}

static void scalar(Out *o, const char *name, const char *type, const char *help, Val v,
                   double scale) {
    if (v.ok) {
        header(o, name, type, help);
        series(o, name, NULL, NULL, (double)v.v * scale);
    }
}

static void rails(Out *o, const Inventory *inv, const Sample *s, const PromExtra *x) {
    static const struct {
        const char *name, *help;
        size_t off;
        double scale;
    } m[] = {
        {"jtune_rail_power_watts", "Power of a rail.", offsetof(RailSample, mw), 1e-3},
        {"jtune_rail_voltage_volts", "Bus voltage of a rail.", offsetof(RailSample, mv), 1e-3},
        {"jtune_rail_current_amperes", "Current of a rail.", offsetof(RailSample, ma), 1e-3},
    };
    for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
        bool any = false;
        for (int i = 0; i < inv->n_rails; i++) {
            const Val *v = (const Val *)((const char *)&s->rail[i] + m[k].off);
            if (!v->ok) {
                continue;
            }
            if (!any) {
                header(o, m[k].name, "gauge", m[k].help);
                any = true;
            }
            series(o, m[k].name, "rail", inv->rails[i].label, (double)v->v * m[k].scale);
        }
    }
    if (x && x->rail_j && inv->n_rails > 0) {
        header(o, "jtune_energy_joules_total", "counter", "Energy of a rail since jtune started.");
        for (int i = 0; i < inv->n_rails; i++) {
            series(o, "jtune_energy_joules_total", "rail", inv->rails[i].label, x->rail_j[i]);
        }
    }
    char how[JT_MAX_RAILS * (JT_NAME + 3) + 32], help[sizeof how + 48];
    boardtotal_describe(inv, how, sizeof how);
    snprintf(help, sizeof help, "Board total power: %s.", how);
    scalar(o, "jtune_input_power_watts", "gauge", help, s->input_mw, 1e-3);
    if (inv->total.kind != TOTAL_NONE) {
        header(o, "jtune_board_total_info", "gauge", "How the board total is formed.");
        series(o, "jtune_board_total_info", "total", how, 1);
    }
    if (x && x->input_j_ok) {
        header(o, "jtune_input_energy_joules_total", "counter",
               "Board input energy since jtune started.");
        series(o, "jtune_input_energy_joules_total", NULL, NULL, x->input_j);
    }
}

static void temps(Out *o, const Inventory *inv, const Sample *s) {
    bool any = false;
    for (int i = 0; i < inv->n_zones; i++) {
        if (!s->zone_mc[i].ok) {
            continue;
        }
        if (!any) {
            header(o, "jtune_temperature_celsius", "gauge", "Temperature of a thermal zone.");
            any = true;
        }
        series(o, "jtune_temperature_celsius", "zone", inv->zones[i].name,
               (double)s->zone_mc[i].v / 1000.0);
    }
}

typedef Val (*CoreGetter)(const CoreSample *c);
static Val core_freq(const CoreSample *c) {
    return c->freq_khz;
}
static Val core_load(const CoreSample *c) {
    return c->util_pct10;
}
static Val core_online(const CoreSample *c) {
    return c->online;
}

static void cpus(Out *o, const Inventory *inv, const Sample *s) {
    static const struct {
        const char *name, *help;
        CoreGetter get;
        double scale;
    } m[] = {
        {"jtune_cpu_frequency_hertz", "Current frequency of a core.", core_freq, 1e3},
        {"jtune_cpu_load_ratio", "Busy share of a core over the interval.", core_load, 1e-3},
        {"jtune_cpu_online", "1 when the core is online, 0 when parked.", core_online, 1},
    };
    char cpu[8];
    for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
        bool any = false;
        for (int i = 0; i < inv->cpu.n_cpus; i++) {
            Val v = m[k].get(&s->cpu[i]);
            if (!v.ok) {
                continue;
            }
            if (!any) {
                header(o, m[k].name, "gauge", m[k].help);
                any = true;
            }
            snprintf(cpu, sizeof cpu, "%d", i);
            series(o, m[k].name, "cpu", cpu, (double)v.v * m[k].scale);
        }
    }
}

static void devices(Out *o, const Sample *s) {
    scalar(o, "jtune_gpu_load_ratio", "gauge", "GPU load.", s->gpu.load_pm, 1e-3);
    scalar(o, "jtune_gpu_frequency_hertz", "gauge", "GPU frequency.", s->gpu.freq_hz, 1);
    scalar(o, "jtune_emc_frequency_hertz", "gauge", "Memory controller frequency.", s->emc.freq_hz,
           1);
    scalar(o, "jtune_emc_load_ratio", "gauge", "Memory controller utilisation.", s->emc.util_pct10,
           1e-3);
    scalar(o, "jtune_fan_pwm_ratio", "gauge", "Fan PWM duty cycle.", s->fan.pwm_pct10, 1e-3);
    scalar(o, "jtune_fan_speed_rpm", "gauge", "Fan speed in revolutions per minute.", s->fan.rpm,
           1);
    scalar(o, "jtune_memory_total_bytes", "gauge", "RAM size.", s->mem.total_kib, 1024);
    scalar(o, "jtune_memory_used_bytes", "gauge", "RAM in use.", s->mem.used_kib, 1024);
    scalar(o, "jtune_memory_gpu_bytes", "gauge", "RAM allocated by the GPU (NvMap).",
           s->mem.nvmap_kib, 1024);
    if (s->mem.swap_total_kib.ok && s->mem.swap_free_kib.ok) {
        header(o, "jtune_swap_used_bytes", "gauge", "Swap in use.");
        series(o, "jtune_swap_used_bytes", NULL, NULL,
               (double)(s->mem.swap_total_kib.v - s->mem.swap_free_kib.v) * 1024);
    }
    scalar(o, "jtune_clocks_pinned", "gauge", "1 when clocks are pinned (min == max).",
           s->clocks_pinned, 1);
    scalar(o, "jtune_throttling", "gauge", "1 when a thermal throttle alert is active.",
           s->throttling, 1);
}

static void mode(Out *o, const Inventory *inv, const Sample *s) {
    if (!s->nvp_mode.ok) {
        return;
    }
    int i = inventory_mode_index(inv, s->nvp_mode.v);
    header(o, "jtune_power_mode", "gauge", "Current nvpmodel mode id (label: its name).");
    series(o, "jtune_power_mode", "mode", i >= 0 ? inv->nvp.modes[i].name : "unknown",
           (double)s->nvp_mode.v);
}

static void info(Out *o, const Inventory *inv, const PromExtra *x) {
    char model[160], l4t[48], jp[32], ver[48];
    prom_label_escape(inv->id.model, model, sizeof model);
    prom_label_escape(inv->id.l4t, l4t, sizeof l4t);
    prom_label_escape(inv->id.jetpack, jp, sizeof jp);
    prom_label_escape(x && x->version ? x->version : "", ver, sizeof ver);
    header(o, "jtune_board_info", "gauge", "Board identity (always 1).");
    emit(o,
         "jtune_board_info{board=\"%s\",model=\"%s\",l4t=\"%s\",jetpack=\"%s\",version=\"%s\"} 1\n",
         o->board, model, l4t, jp, ver);
}

/* The processes with the most wakeups: rank, pid and comm as labels (names are safe text). */
static void top_procs(Out *o, const Sample *s) {
    static const struct {
        const char *name, *help;
        size_t off;
        double scale;
    } m[] = {
        {"jtune_process_wakeups_per_second",
         "Wakeups (voluntary context switches) per second of the busiest processes.",
         offsetof(TopProcSample, wakeups_ps10), 0.1},
        {"jtune_process_cpu_ratio", "CPU share (of one core) of the busiest processes by wakeups.",
         offsetof(TopProcSample, cpu_pct10), 1e-3},
    };
    for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
        bool any = false;
        for (int i = 0; i < JT_TOP_PROCS; i++) {
            const TopProcSample *t = &s->proc_top[i];
            Val v;
            memcpy(&v, (const char *)t + m[k].off, sizeof v);
            if (!t->pid.ok || !v.ok) {
                continue;
            }
            if (!any) {
                header(o, m[k].name, "gauge", m[k].help);
                any = true;
            }
            emit(o, "%s{board=\"%s\",rank=\"%d\",pid=\"%lld\",comm=\"%s\"} %.9g\n", m[k].name,
                 o->board, i + 1, (long long)t->pid.v, t->comm, (double)v.v * m[k].scale);
        }
    }
}

static void irqs(Out *o, const Inventory *inv, const Sample *s) {
    bool any = false;
    for (int i = 0; i < JT_TOP_IRQS; i++) {
        const TopIrqSample *t = &s->irq_top[i];
        if (!t->rate_ps10.ok) {
            continue;
        }
        if (!any) {
            header(o, "jtune_irq_per_second", "gauge", "Rate of the busiest interrupts.");
            any = true;
        }
        const char *colon = strchr(t->name, ':');
        int ln = colon ? (int)(colon - t->name) : 0;
        emit(o, "jtune_irq_per_second{board=\"%s\",irq=\"%.*s\",name=\"%s\"} %.9g\n", o->board, ln,
             t->name, colon ? colon + 1 : t->name, (double)t->rate_ps10.v * 0.1);
    }
    const struct {
        const char *name, *help;
        const Val *v;
    } m[] = {
        {"jtune_cpu_timer_interrupts_per_second", "Local timer interrupts per second of a core.",
         s->timer_ps10},
        {"jtune_cpu_ipi_per_second", "Inter-processor interrupts per second of a core.",
         s->ipi_ps10},
    };
    char cpu[8];
    for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
        any = false;
        for (int c = 0; c < inv->cpu.n_cpus && c < JT_MAX_CPUS; c++) {
            if (!m[k].v[c].ok) {
                continue;
            }
            if (!any) {
                header(o, m[k].name, "gauge", m[k].help);
                any = true;
            }
            snprintf(cpu, sizeof cpu, "%d", c);
            series(o, m[k].name, "cpu", cpu, (double)m[k].v[c].v * 0.1);
        }
    }
}

int prom_format(const Inventory *inv, const Sample *s, const PromExtra *extra, char *buf,
                size_t bufsz) {
    if (bufsz == 0) {
        return -ERANGE;
    }
    Out o = {.buf = buf, .size = bufsz};
    buf[0] = '\0';
    const char *board = inv->id.module[0]  ? inv->id.module
                        : inv->id.model[0] ? inv->id.model
                                           : "unknown";
    if (prom_label_escape(board, o.board, sizeof o.board) < 0) {
        return -ERANGE;
    }
    info(&o, inv, extra);
    rails(&o, inv, s, extra);
    temps(&o, inv, s);
    cpus(&o, inv, s);
    devices(&o, s);
    mode(&o, inv, s);
    top_procs(&o, s);
    irqs(&o, inv, s);
    return o.overflow ? -ERANGE : (int)o.len;
}
