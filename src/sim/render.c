/* SPDX-License-Identifier: MIT */
/* render: the text of every file that changes, from the model state, in the kernel's format. */
#include "sim_internal.h"
#include "jtune/core/textbuf.h"

#include "jtune/core/parse.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define BTIME 1767225600LL /* [I] boot time of the simulated board (2026-01-01) */

typedef struct {
    char *p;
    size_t size, len;
    bool full; /* a file's text is bounded by its buffer: the rest is cut */
} Out;

static void put(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(Out *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    textbuf_vappend(o->p, o->size, &o->len, &o->full, fmt, ap);
    va_end(ap);
}

static unsigned long long u(double v) {
    return v <= 0 ? 0ULL : (unsigned long long)v;
}

static void cpu_lists(const Sim *s, Out *o, bool online) {
    uint64_t mask = 0;
    for (int c = 0; c < s->board.n_cpus; c++) {
        if (s->st.core[c].online == online) {
            mask |= UINT64_C(1) << c;
        }
    }
    char list[128];
    format_cpulist(mask, list, sizeof list);
    put(o, "%s\n", list);
}

static void affected(const Sim *s, Out *o, int k) {
    int n = 0;
    for (int c = 0; c < s->board.n_cpus; c++) {
        if (((s->board.clusters[k] >> c) & 1) && s->st.core[c].online) {
            put(o, "%s%d", n++ ? " " : "", c);
        }
    }
    put(o, "\n");
}

static void proc_stat(const Sim *s, Out *o) {
    static const double soft[10] = {0, 0.273, 0, 0.0047, 0, 0, 0.2146, 0.265, 0, 0.2425};
    unsigned long long sum[10] = {0};
    for (int c = 0; c < s->board.n_cpus; c++) {
        for (int i = 0; i < 10; i++) {
            sum[i] += u(s->st.core[c].jiffies[i]); /* offline cores keep their frozen counts */
        }
    }
    put(o, "cpu ");
    for (int i = 0; i < 10; i++) {
        put(o, " %llu", sum[i]);
    }
    put(o, "\n");
    int running = 1;
    for (int c = 0; c < s->board.n_cpus; c++) {
        const CoreState *cs = &s->st.core[c];
        if (!cs->online) {
            continue; /* offline cores vanish from /proc/stat */
        }
        running += cs->busy > 0.5;
        put(o, "cpu%d", c);
        for (int i = 0; i < 10; i++) {
            put(o, " %llu", u(cs->jiffies[i]));
        }
        put(o, "\n");
    }
    put(o, "intr %llu 0 0 0\nctxt %llu\nbtime %lld\nprocesses %llu\n", u(s->st.intr), u(s->st.ctxt),
        BTIME, u(s->st.processes));
    put(o, "procs_running %d\nprocs_blocked 0\n", running);
    unsigned long long parts[10], total = 0;
    for (int i = 0; i < 10; i++) {
        parts[i] = u(s->st.softirq * soft[i]);
        total += parts[i];
    }
    put(o, "softirq %llu", total);
    for (int i = 0; i < 10; i++) {
        put(o, " %llu", parts[i]);
    }
    put(o, "\n");
}

static void kb(Out *o, const char *name, double v) {
    char key[32];
    snprintf(key, sizeof key, "%s:", name);
    put(o, "%-16s%8llu kB\n", key, u(v) / 4 * 4);
}

static void meminfo(const Sim *s, Out *o) {
    const SbMem *m0 = &s->board.mem;
    const MemState *m = &s->st.mem;
    int64_t disk_kib = m0->zram_disksize / 1024; /* whole KiB, as the kernel counts */
    double total = (double)m0->total_kib, swap = m0->zram_devices * (double)disk_kib;
    double slab = 180000, srecl = 92000, kstack = 14000, ptables = 22000;
    double anon = fmax(0, total - m->free_kib - m->cached_kib - m->buffers_kib - slab - kstack -
                              ptables - m->nvmap_kib - 120000);
    double avail = m->free_kib + 0.82 * m->cached_kib + m->buffers_kib + 0.5 * srecl;
    kb(o, "MemTotal", total);
    kb(o, "MemFree", m->free_kib);
    kb(o, "MemAvailable", fmin(avail, total));
    kb(o, "Buffers", m->buffers_kib);
    kb(o, "Cached", m->cached_kib);
    kb(o, "SwapCached", 0);
    kb(o, "Active", anon * 0.2 + m->cached_kib * 0.45);
    kb(o, "Inactive", anon * 0.8 + m->cached_kib * 0.55);
    kb(o, "Active(anon)", anon * 0.2);
    kb(o, "Inactive(anon)", anon * 0.8);
    kb(o, "Active(file)", m->cached_kib * 0.45);
    kb(o, "Inactive(file)", m->cached_kib * 0.55);
    kb(o, "Unevictable", 32);
    kb(o, "Mlocked", 32);
    kb(o, "SwapTotal", swap);
    kb(o, "SwapFree", swap);
    kb(o, "Dirty", 120);
    kb(o, "Writeback", 0);
    kb(o, "AnonPages", anon * 0.95);
    kb(o, "Mapped", 260000);
    kb(o, "Shmem", (double)m0->shmem_kib);
    kb(o, "KReclaimable", srecl);
    kb(o, "Slab", slab);
    kb(o, "SReclaimable", srecl);
    kb(o, "SUnreclaim", slab - srecl);
    kb(o, "KernelStack", kstack);
    kb(o, "PageTables", ptables);
    kb(o, "NFS_Unstable", 0);
    kb(o, "Bounce", 0);
    kb(o, "WritebackTmp", 0);
    kb(o, "CommitLimit", total / 2 + swap);
    kb(o, "Committed_AS", anon * 2.4);
    kb(o, "VmallocTotal", 263061440);
    kb(o, "VmallocUsed", 36000);
    kb(o, "VmallocChunk", 0);
    kb(o, "Percpu", 2400);
    kb(o, "HardwareCorrupted", 0);
    kb(o, "AnonHugePages", 0);
    kb(o, "ShmemHugePages", 0);
    kb(o, "ShmemPmdMapped", 0);
    kb(o, "FileHugePages", 0);
    kb(o, "FilePmdMapped", 0);
    kb(o, "CmaTotal", (double)m0->cma_total_kib);
    kb(o, "CmaFree", m->cma_free_kib);
    put(o, "HugePages_Total:       0\nHugePages_Free:        0\nHugePages_Rsvd:        0\n"
           "HugePages_Surp:        0\n");
    kb(o, "Hugepagesize", 2048);
    kb(o, "Hugetlb", 0);
    kb(o, "NvMapMemFree", 10240);
    kb(o, "NvMapMemUsed", m->nvmap_kib);
}

static void buddyinfo(const Sim *s, Out *o) {
    static const int dma[10] = {5, 4, 3, 2, 4, 3, 3, 2, 2, 1};
    static const int normal[10] = {811, 402, 233, 121, 66, 41, 22, 13, 8, 6};
    double ratio = s->st.mem.free_kib / fmax(1.0, (double)s->board.mem.free_kib);
    unsigned long long big = u(s->st.mem.free_kib * 0.03 / 4096.0);
    put(o, "Node 0, zone %8s ", "DMA");
    for (int i = 0; i < 10; i++) {
        put(o, "%6d ", dma[i]);
    }
    put(o, "%6llu \n", big + 3);
    put(o, "Node 0, zone %8s ", "Normal");
    for (int i = 0; i < 10; i++) {
        put(o, "%6llu ", u(normal[i] * ratio + 0.5));
    }
    put(o, "%6llu \n", big);
}

static void trans_stat(const Sim *s, Out *o) {
    const SimBoard *b = &s->board;
    const GpuState *g = &s->st.gpu;
    int n = b->gpu.n_freqs;
    put(o, "     From  :   To\n           :");
    for (int i = 0; i < n; i++) {
        put(o, "%10lld", (long long)b->gpu.freqs_hz[i]);
    }
    put(o, "   time(ms)\n");
    for (int i = 0; i < n; i++) {
        put(o, "%s%10lld:", b->gpu.freqs_hz[i] == g->cur ? "*" : " ",
            (long long)b->gpu.freqs_hz[i]);
        for (int j = 0; j < n; j++) {
            put(o, "%10u", g->trans[i][j]);
        }
        put(o, "%10llu\n", u(g->time_ms[i]));
    }
    put(o, "Total transition : %u\n", g->total_trans);
}

static long rail_ma(const Sim *s, int r) {
    return lround(s->st.rail_ma[r]);
}

static long shunt_uv(const Sim *s, int r) {
    return rail_ma(s, r) * (long)s->board.ina[s->board.rails[r].chip].shunt_uohm / 1000;
}

static void chip_sum(const Sim *s, Out *o, int chip, bool shunt) {
    long sum = 0;
    for (int r = 0; r < s->board.n_rails; r++) {
        if (s->board.rails[r].chip == chip) {
            sum += shunt ? shunt_uv(s, r) : rail_ma(s, r);
        }
    }
    put(o, "%ld\n", sum);
}

static long long zone_reading(const Sim *s, int z) {
    double step = s->board.power.temp_step_mc;
    double t = s->st.temp_mc[z];
    return (long long)(floor(t / step) * step);
}

static void nvfan_status(const Sim *s, Out *o) {
    const FanState *f = &s->st.fan;
    put(o, "FAN1:FAN_PROFILE:%s\nFAN1:FAN_GOVERNOR:%s\nFAN1:FAN_CONTROL:%s\n", f->profile,
        f->governor, f->control);
}

static bool usb_suspended(const Sim *s, int i) {
    return s->board.usb[i].can_suspend && !strcmp(s->st.usb_control[i], "auto");
}

/* Roles whose text is one integer. Returns false for the others. */
static bool integer_of(const Sim *s, const SimNode *n, long long *v) {
    const SimState *st = &s->st;
    switch (n->role) {
    case R_CPU_ONLINE: *v = st->core[n->a].online; return true;
    case R_POL_MIN: *v = st->pol[n->a].min; return true;
    case R_POL_MAX: *v = st->pol[n->a].max; return true;
    case R_IDLE_DISABLE: *v = st->core[n->a].idle_disabled[n->b]; return true;
    case R_IDLE_USAGE: *v = (long long)u(st->core[n->a].idle_usage[n->b]); return true;
    case R_IDLE_TIME: *v = (long long)u(st->core[n->a].idle_time_us[n->b]); return true;
    case R_IDLE_ABOVE: *v = (long long)u(st->core[n->a].idle_above[n->b]); return true;
    case R_IDLE_BELOW: *v = (long long)u(st->core[n->a].idle_below[n->b]); return true;
    case R_GPU_CUR:
    case R_GPU_TARGET: *v = st->gpu.cur; return true;
    case R_GPU_MIN: *v = st->gpu.min; return true;
    case R_GPU_MAX: *v = st->gpu.max; return true;
    case R_GPU_LOAD: *v = st->gpu.load_pm; return true;
    case R_GPU_RAILGATE: *v = st->gpu.railgate_enable; return true;
    case R_GPU_TPC: *v = st->gpu.tpc_mask; return true;
    case R_GPU_3D: *v = st->gpu.scaling_3d; return true;
    case R_EMC_RATE:
    case R_EMC_CLK_RATE: *v = st->emc.rate; return true;
    case R_EMC_LOCK: *v = st->emc.locked; return true;
    case R_EMC_CAP: *v = st->emc.cap; return true;
    case R_EMC_UTIL: {
        int64_t rate_khz = st->emc.rate / 1000; /* whole kHz, as the counter counts */
        *v = (long long)(st->emc.util_pct * (double)rate_khz);
        return true;
    }
    case R_RAIL_MV: *v = lround(st->rail_mv[n->a]); return true;
    case R_RAIL_MA: *v = rail_ma(s, n->a); return true;
    case R_RAIL_SHUNT: *v = shunt_uv(s, n->a); return true;
    case R_RAIL_MW: *v = lround(st->rail_mw[n->a]); return true;
    case R_RAIL_UW: *v = llround(st->rail_mw[n->a] * 1000.0); return true;
    case R_ZONE_TEMP: *v = zone_reading(s, n->a); return true;
    case R_COOL_CUR: *v = st->cool_cur[n->a]; return true;
    case R_FAN_PWM: *v = st->fan.pwm; return true;
    case R_FAN_RPM: *v = lround(st->fan.rpm); return true;
    case R_FAN_TEMP_CONTROL: *v = st->fan.temp_control; return true;
    case R_RF_SOFT: *v = st->rf_soft[n->a]; return true;
    case R_RF_STATE: *v = st->rf_soft[n->a] ? 0 : 1; return true;
    default: return false;
    }
}

static void text_of(const Sim *s, const SimNode *n, Out *o) {
    const SimState *st = &s->st;
    const PolicyState *p =
        n->role >= R_POL_CUR && n->role <= R_POL_SETSPEED ? &st->pol[n->a] : NULL;
    switch (n->role) {
    case R_CPU_ONLINE_LIST: cpu_lists(s, o, true); break;
    case R_CPU_OFFLINE_LIST: cpu_lists(s, o, false); break;
    case R_POL_CUR:
    case R_POL_INFO_CUR:
        if (p->active) { /* an inactive policy has no current frequency: empty read */
            put(o, "%lld\n", (long long)p->cur);
        }
        break;
    case R_POL_AFFECTED: affected(s, o, n->a); break;
    case R_POL_GOV: put(o, "%s\n", p->gov); break;
    case R_POL_SETSPEED:
        if (!strcmp(p->gov, "userspace")) {
            put(o, "%lld\n", (long long)p->setspeed);
        } else {
            put(o, "<unsupported>\n");
        }
        break;
    case R_PROC_STAT: proc_stat(s, o); break;
    case R_PROC_UPTIME: put(o, "%.2f %.2f\n", st->uptime_s, st->idle_total_s); break;
    case R_PROC_MEMINFO: meminfo(s, o); break;
    case R_PROC_BUDDYINFO: buddyinfo(s, o); break;
    case R_GPU_GOV: put(o, "%s\n", st->gpu.gov); break;
    case R_GPU_PWRCTL: put(o, "%s\n", st->gpu.pwrctl); break;
    case R_GPU_TRANS: trans_stat(s, o); break;
    case R_SUM_SHUNT: chip_sum(s, o, n->a, true); break;
    case R_SUM_MA: chip_sum(s, o, n->a, false); break;
    case R_NVFAN_STATUS: nvfan_status(s, o); break;
    case R_NVFAN_UNIT: put(o, "%s\n", st->fan.daemon ? "active" : "inactive"); break;
    case R_ZONE_POLICY: put(o, "%s\n", st->zone_policy[n->a]); break;
    case R_USB_CONTROL: put(o, "%s\n", st->usb_control[n->a]); break;
    case R_USB_STATUS: put(o, "%s\n", usb_suspended(s, n->a) ? "suspended" : "active"); break;
    case R_AUDIT_PROC_STATUS: {
        char text[1024];
        if (tree_audit_proc_status(s, n->a, text, sizeof text) == 0) {
            put(o, "%s", text);
        }
        break;
    }
    case R_AUDIT_PROC_SCHED: {
        char text[96];
        if (tree_audit_proc_sched(s, n->a, text, sizeof text) == 0) {
            put(o, "%s", text);
        }
        break;
    }
    default: break;
    }
}

size_t render_node(const Sim *s, const SimNode *n, char *buf, size_t bufsz) {
    Out o = {buf, bufsz, 0, false};
    long long v;
    buf[0] = '\0';
    if (integer_of(s, n, &v)) {
        put(&o, "%lld\n", v);
    } else {
        text_of(s, n, &o);
    }
    return o.len;
}
