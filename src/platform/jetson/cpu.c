/* SPDX-License-Identifier: MIT */
/* cpu: cores, cpufreq policies and /proc/stat utilisation. */
#include "jtune/platform/jetson/cpu.h"

#include "jtune/core/parse.h"
#include "jtune/platform/jetson/attrval.h"
#include "jtune/platform/jetson/discover.h"

#include <errno.h>
#include <string.h>

#define CPU_DIR    "sys/devices/system/cpu"
#define CPUFREQ    "sys/devices/system/cpu/cpufreq"
#define STAT_BYTES 4096 /* the cpu lines come first; the rest of /proc/stat is not needed */

static int highest_bit(uint64_t m) {
    int h = -1;
    for (int i = 0; i < 64; i++) {
        if (m & (1ull << i)) {
            h = i;
        }
    }
    return h;
}

/* Possible cpus (cpu0..n-1): "possible", else the cpuN directories. */
static int probe_count(const Sysfs *fs, uint32_t *capped) {
    char buf[128];
    uint64_t mask = 0;
    ssize_t n = sysfs_read(fs, CPU_DIR "/possible", buf, sizeof buf);
    int count = 0;
    if (n > 0 && parse_cpulist(buf, (size_t)n, &mask) == 0 && mask) {
        count = highest_bit(mask) + 1;
    } else {
        DirEntry e[64];
        int k = discover_numbered(fs, CPU_DIR, "cpu", e, 64);
        count = k > 0 ? (int)e[k - 1].num + 1 : 0;
    }
    *capped |= count > JT_MAX_CPUS ? INV_CAPPED_CPUS : 0;
    return count > JT_MAX_CPUS ? JT_MAX_CPUS : count;
}

/* A blank-separated list of cpu numbers ("0 1 2 3") as a mask; 0 when unreadable. */
static uint64_t read_cpu_words(const Sysfs *fs, const char *dir, const char *leaf) {
    char path[JT_PATH * 2];
    char buf[256];
    int64_t v[64];
    size_t n = 0;
    uint64_t mask = 0;
    if (discover_join(path, sizeof path, dir, leaf) < 0) {
        return 0;
    }
    ssize_t r = sysfs_read(fs, path, buf, sizeof buf);
    if (r <= 0 || parse_i64_list(buf, (size_t)r, v, 64, &n) < 0) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        mask |= (v[i] >= 0 && v[i] < 64) ? 1ull << v[i] : 0;
    }
    return mask;
}

static void probe_tables(const Sysfs *fs, const char *dir, PolicyInfo *p) {
    char path[JT_PATH * 2];
    char buf[1024];
    size_t n = 0;
    p->n_freqs = discover_i64_table(fs, dir, "scaling_available_frequencies", p->freqs_khz,
                                    JT_MAX_FREQS, &p->freqs_capped);
    discover_join(path, sizeof path, dir, "scaling_available_governors");
    ssize_t r = sysfs_read(fs, path, buf, sizeof buf);
    StrView w[JT_MAX_GOVS];
    n = 0;
    if (r > 0) {
        parse_words(buf, (size_t)r, w, JT_MAX_GOVS, &n);
    }
    for (size_t i = 0; i < n; i++) {
        if (strview_copy(w[i], p->govs[p->n_govs], sizeof p->govs[0]) == 0) {
            p->n_govs++;
        }
    }
}

static void probe_policy(Sysfs *fs, const DirEntry *e, PolicyInfo *p, CpuAttrs *a, int i) {
    char dir[JT_PATH];
    memset(p, 0, sizeof *p);
    discover_join(dir, sizeof dir, CPUFREQ, e->name);
    p->first_cpu = (int)e->num;
    /* a policy whose whole cluster is offline may refuse reads: fall back to its first cpu */
    p->cpus = read_cpu_words(fs, dir, "related_cpus");
    if (p->cpus == 0 && e->num < 64) {
        p->cpus = 1ull << e->num;
    }
    probe_tables(fs, dir, p);
    p->cpuinfo_min_khz = discover_val(fs, dir, "cpuinfo_min_freq");
    p->cpuinfo_max_khz = discover_val(fs, dir, "cpuinfo_max_freq");
    discover_str(fs, dir, "scaling_driver", p->driver, sizeof p->driver);
    a->cur[i] = discover_attr(fs, dir, "scaling_cur_freq");
    a->min[i] = discover_setting(fs, dir, "scaling_min_freq");
    a->max[i] = discover_setting(fs, dir, "scaling_max_freq");
    a->gov[i] = discover_setting(fs, dir, "scaling_governor");
}

static void probe_policies(Sysfs *fs, CpuInfo *ci, CpuAttrs *a) {
    DirEntry e[64];
    int n = discover_numbered(fs, CPUFREQ, "policy", e, 64);
    ci->n_policies = 0;
    for (int i = 0; i < n && i < JT_MAX_POLICIES; i++) {
        probe_policy(fs, &e[i], &ci->policies[ci->n_policies], a, ci->n_policies);
        ci->n_policies++;
    }
}

static void probe_cores(Sysfs *fs, CpuInfo *ci, CpuAttrs *a) {
    for (int c = 0; c < ci->n_cpus; c++) {
        char dir[JT_PATH];
        sysfs_path(dir, sizeof dir, CPU_DIR "/cpu%d", c);
        a->online[c] = sysfs_attr_setting(fs, discover_attr(fs, dir, "online"));
        ci->has_online[c] = a->online[c] >= 0;
        ci->policy_of[c] = -1;
        for (int p = 0; p < ci->n_policies; p++) {
            if (ci->policies[p].cpus & (1ull << c)) {
                ci->policy_of[c] = p;
                break;
            }
        }
        Val cl = discover_val(fs, dir, "topology/cluster_id");
        ci->cluster_of[c] = (cl.ok && cl.v >= 0 && cl.v < 64) ? (int)cl.v : ci->policy_of[c];
    }
}

int cpu_probe(Sysfs *fs, Inventory *inv, CpuAttrs *a) {
    CpuInfo *ci = &inv->cpu;
    memset(ci, 0, sizeof *ci);
    for (int i = 0; i < JT_MAX_CPUS; i++) {
        a->online[i] = -1;
    }
    for (int i = 0; i < JT_MAX_POLICIES; i++) {
        a->cur[i] = a->min[i] = a->max[i] = a->gov[i] = -1;
    }
    a->stat = sysfs_attr(fs, "proc/stat");
    inv->capped &= ~(uint32_t)INV_CAPPED_CPUS;
    ci->n_cpus = probe_count(fs, &inv->capped);
    probe_policies(fs, ci, a);
    probe_cores(fs, ci, a);
    for (int i = 0; i < ci->n_policies; i++) {
        inv->capped |= ci->policies[i].freqs_capped ? INV_CAPPED_FREQS : 0;
    }
    return ci->n_cpus > 0 ? 0 : -ENOENT;
}

/* ---------------------------------------------------------------- /proc/stat */

static int parse_core_line(StrView line, CpuTimes *out, int max) {
    StrView w[CPU_NFIELDS + 4];
    size_t n = 0;
    parse_words(line.p, line.n, w, CPU_NFIELDS + 4, &n); /* extra fields are ignored */
    int64_t idx;
    if (n < 5 || parse_i64(w[0].p + 3, w[0].n - 3, &idx) < 0 || idx < 0) {
        return -EINVAL;
    }
    if (idx >= max) {
        return 0;
    }
    CpuTimes t = {.ok = true};
    for (size_t i = 1; i < n && i <= CPU_NFIELDS; i++) {
        if (parse_u64(w[i].p, w[i].n, &t.t[i - 1]) < 0) {
            return -EINVAL;
        }
    }
    out[idx] = t;
    return 1;
}

int cpu_parse_stat(const char *text, size_t len, CpuTimes *out, int max) {
    for (int i = 0; i < max; i++) {
        out[i].ok = false;
    }
    int found = 0;
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        StrView line = {text + at, n};
        at += n + 1;
        if (n < 4 || memcmp(line.p, "cpu", 3) != 0) {
            break; /* the cpu lines are first and together */
        }
        if (line.p[3] < '0' || line.p[3] > '9') {
            continue; /* the aggregate "cpu " line */
        }
        int rc = parse_core_line(line, out, max);
        if (rc < 0) {
            return rc;
        }
        found += rc;
    }
    return found;
}

static int64_t pct10(uint64_t part, uint64_t total) {
    return (int64_t)((part * 1000 + total / 2) / total);
}

void cpu_util(const CpuTimes *prev, const CpuTimes *cur, CoreSample *out) {
    if (!prev->ok || !cur->ok) {
        return;
    }
    uint64_t d[CPU_NFIELDS];
    uint64_t total = 0;
    for (int i = 0; i < CPU_NFIELDS; i++) {
        if (cur->t[i] < prev->t[i]) {
            return; /* reset or wrapped: unknown for this interval */
        }
        d[i] = cur->t[i] - prev->t[i];
        total += d[i];
    }
    if (total == 0) {
        return;
    }
    uint64_t busy = total - d[CPU_IDLE] - d[CPU_IOWAIT];
    out->util_pct10 = val_of(pct10(busy, total));
    out->user_pct10 = val_of(pct10(d[CPU_USER] + d[CPU_NICE], total));
    out->system_pct10 = val_of(pct10(d[CPU_SYSTEM], total));
    out->iowait_pct10 = val_of(pct10(d[CPU_IOWAIT], total));
    out->irq_pct10 = val_of(pct10(d[CPU_IRQ] + d[CPU_SOFTIRQ], total));
}

/* ---------------------------------------------------------------- read */

/* A core's online switch, held like a setting and read again at once when /proc/stat, which
 * lists online cores only, disagrees with the value held (listed: NULL when it was not read). */
static Val core_online(Sysfs *fs, const CpuInfo *ci, const CpuAttrs *a, int c,
                       const CpuTimes *listed) {
    if (!ci->has_online[c]) {
        return val_of(1); /* cpu0 (or a core that cannot be hot-plugged) */
    }
    Val v = attrval_i64(fs, a->online[c]);
    if (listed && v.ok && (v.v == 1) != listed[c].ok) {
        sysfs_attr_unhold(fs, a->online[c]);
        v = attrval_i64(fs, a->online[c]);
    }
    return (v.ok && (v.v == 0 || v.v == 1)) ? v : val_na();
}

static void read_policies(Sysfs *fs, const CpuInfo *ci, const CpuAttrs *a, Sample *out, Val *cur) {
    for (int p = 0; p < ci->n_policies; p++) {
        PolicySample *ps = &out->policy[p];
        cur[p] = attrval_i64(fs, a->cur[p]);
        ps->min_khz = attrval_i64(fs, a->min[p]);
        ps->max_khz = attrval_i64(fs, a->max[p]);
        ps->governor_ok = attrval_str(fs, a->gov[p], ps->governor, sizeof ps->governor);
    }
}

/* /proc/stat's per-core times into cur (ok: the core has a line). false when unreadable. */
static bool read_stat(Sysfs *fs, const CpuAttrs *a, CpuTimes *cur) {
    char buf[STAT_BYTES];
    ssize_t n = attrval_text(fs, a->stat, buf, sizeof buf);
    if (n <= 0 || cpu_parse_stat(buf, (size_t)n, cur, JT_MAX_CPUS) < 0) {
        for (int c = 0; c < JT_MAX_CPUS; c++) {
            cur[c].ok = false;
        }
        return false;
    }
    return true;
}

static void read_util(const CpuInfo *ci, CpuHist *h, CpuTimes *cur, Sample *out) {
    int64_t sum = 0;
    int known = 0;
    for (int c = 0; c < ci->n_cpus; c++) {
        CoreSample *cs = &out->cpu[c];
        if (cs->online.ok && cs->online.v == 0) {
            cur[c].ok = false; /* a parked core: unknown, and no stale base for later */
        }
        cpu_util(&h->prev[c], &cur[c], cs);
        h->prev[c] = cur[c];
        if (cs->util_pct10.ok) {
            sum += cs->util_pct10.v;
            known++;
        }
    }
    if (known > 0) {
        out->cpu_total_pct10 = val_of((sum + known / 2) / known);
    }
}

void cpu_read(Sysfs *fs, const Inventory *inv, const CpuAttrs *a, CpuHist *h, Sample *out) {
    const CpuInfo *ci = &inv->cpu;
    Val cur[JT_MAX_POLICIES];
    CpuTimes times[JT_MAX_CPUS];
    read_policies(fs, ci, a, out, cur);
    bool listed = read_stat(fs, a, times);
    for (int c = 0; c < ci->n_cpus; c++) {
        CoreSample *cs = &out->cpu[c];
        cs->online = core_online(fs, ci, a, c, listed ? times : NULL);
        int p = ci->policy_of[c];
        if (p >= 0 && cs->online.ok && cs->online.v == 1) {
            cs->freq_khz = cur[p];
        }
    }
    read_util(ci, h, times, out);
}
