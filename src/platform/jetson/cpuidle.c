/* SPDX-License-Identifier: MIT */
/* cpuidle: idle states per core, residency and entry rates. */
#include "jtune/platform/jetson/cpuidle.h"

#include "jtune/platform/jetson/attrval.h"
#include "jtune/platform/jetson/discover.h"

#include <stdint.h>
#include <string.h>

static void reset_attrs(IdleAttrs *a) {
    for (int c = 0; c < JT_MAX_CPUS; c++) {
        for (int s = 0; s < JT_MAX_IDLE; s++) {
            a->time[c][s] = a->usage[c][s] = a->disable[c][s] = -1;
        }
    }
}

/* States of one core's cpuidle dir into info; how many were found. */
static int probe_states(const Sysfs *fs, const char *cpudir, IdleInfo *info) {
    DirEntry e[16];
    int n = discover_numbered(fs, cpudir, "state", e, 16);
    info->n_states = 0;
    for (int i = 0; i < n && info->n_states < JT_MAX_IDLE; i++) {
        char dir[JT_PATH];
        IdleStateInfo *st = &info->states[info->n_states];
        memset(st, 0, sizeof *st);
        if (discover_join(dir, sizeof dir, cpudir, e[i].name) < 0 ||
            discover_str(fs, dir, "name", st->name, sizeof st->name) < 0) {
            continue;
        }
        discover_str(fs, dir, "desc", st->desc, sizeof st->desc);
        st->latency_us = discover_val(fs, dir, "latency");
        st->residency_us = discover_val(fs, dir, "residency");
        info->n_states++;
    }
    return info->n_states;
}

int cpuidle_probe(Sysfs *fs, Inventory *inv, IdleAttrs *a) {
    reset_attrs(a);
    memset(&inv->idle, 0, sizeof inv->idle);
    for (int c = 0; c < inv->cpu.n_cpus && inv->idle.n_states == 0; c++) {
        char dir[JT_PATH];
        sysfs_path(dir, sizeof dir, "sys/devices/system/cpu/cpu%d/cpuidle", c);
        probe_states(fs, dir, &inv->idle);
    }
    for (int c = 0; c < inv->cpu.n_cpus; c++) {
        for (int s = 0; s < inv->idle.n_states; s++) {
            char dir[JT_PATH];
            sysfs_path(dir, sizeof dir, "sys/devices/system/cpu/cpu%d/cpuidle/state%d", c, s);
            a->time[c][s] = discover_attr(fs, dir, "time");
            a->usage[c][s] = discover_attr(fs, dir, "usage");
            a->disable[c][s] = discover_setting(fs, dir, "disable");
        }
    }
    return 0;
}

/* a * b / den rounded to nearest, without overflow for any counter delta (a, b >= 0). */
static int64_t muldiv(int64_t a, int64_t b, int64_t den) {
    __int128 r = ((__int128)a * b + den / 2) / den;
    return r > INT64_MAX ? INT64_MAX : (int64_t)r;
}

void cpuidle_rates(const IdleCount *prev, const IdleCount *cur, int64_t dt_ns, IdleSample *out) {
    if (!prev->ok || !cur->ok || dt_ns <= 0) {
        return;
    }
    int64_t dtime = cur->time_us - prev->time_us;
    int64_t dusage = cur->usage - prev->usage;
    if (dtime < 0 || dusage < 0) {
        return; /* reset or wrapped */
    }
    /* time is in µs, dt in ns: share = dtime*1000 / (dt/1000), kept within 0..1000 */
    int64_t res = muldiv(dtime, 1000000, dt_ns);
    out->residency_pct10 = val_of(res > 1000 ? 1000 : res);
    /* entries per second x10 = dusage * 10 * 1e9 / dt */
    out->entries_ps10 = val_of(muldiv(dusage, 10000000000LL, dt_ns));
}

void cpuidle_read(Sysfs *fs, const Inventory *inv, const IdleAttrs *a, IdleHist *h, int64_t now_ns,
                  Sample *out) {
    int64_t dt = h->have_prev ? now_ns - h->prev_ns : 0;
    for (int c = 0; c < inv->cpu.n_cpus; c++) {
        bool online = out->cpu[c].online.ok && out->cpu[c].online.v == 1;
        for (int s = 0; s < inv->idle.n_states; s++) {
            IdleSample *is = &out->idle[c][s];
            IdleCount cur = {0};
            is->disabled = attrval_i64(fs, a->disable[c][s]);
            if (online) {
                Val t = attrval_i64(fs, a->time[c][s]);
                Val u = attrval_i64(fs, a->usage[c][s]);
                cur = (IdleCount){t.v, u.v, t.ok && u.ok};
            }
            cpuidle_rates(&h->prev[c][s], &cur, dt, is);
            h->prev[c][s] = cur;
        }
    }
    h->prev_ns = now_ns;
    h->have_prev = true;
}
