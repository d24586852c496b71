/* SPDX-License-Identifier: MIT */
/* cpu: cores, cpufreq policies and utilisation from /proc/stat.
 *
 * Probe: possible cpus, per-core online files (cpu0 may lack one: it is then online),
 * policies from cpufreq/policyN (related_cpus, tables, governors, cpuinfo limits), cluster
 * ids. Read: online state, per-core frequency (its policy's scaling_cur_freq), policy caps
 * and governor, and utilisation over the interval from /proc/stat deltas. A policy whose
 * whole cluster is offline may be unreadable: its fields are unknown, not an error.
 */
#ifndef JTUNE_PLATFORM_JETSON_CPU_H
#define JTUNE_PLATFORM_JETSON_CPU_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* /proc/stat fields kept: user nice system idle iowait irq softirq steal (guest time is
 * already counted in user). */
enum {
    CPU_USER,
    CPU_NICE,
    CPU_SYSTEM,
    CPU_IDLE,
    CPU_IOWAIT,
    CPU_IRQ,
    CPU_SOFTIRQ,
    CPU_STEAL,
    CPU_NFIELDS
};

/* One core's cumulative /proc/stat counters (ticks). */
typedef struct {
    uint64_t t[CPU_NFIELDS];
    bool ok; /* the core had a line */
} CpuTimes;

/* Registered attributes (reset on every probe). */
typedef struct {
    AttrId stat;
    AttrId online[JT_MAX_CPUS];
    AttrId cur[JT_MAX_POLICIES];
    AttrId min[JT_MAX_POLICIES];
    AttrId max[JT_MAX_POLICIES];
    AttrId gov[JT_MAX_POLICIES];
} CpuAttrs;

/* Counters of the previous sample (kept across re-probes). */
typedef struct {
    CpuTimes prev[JT_MAX_CPUS];
} CpuHist;

/* Fill inv->cpu and register attributes. 0, or -errno when no cpu is found. */
int cpu_probe(Sysfs *fs, Inventory *inv, CpuAttrs *a);

/* Read cores and policies into out (cpu[], cpu_total_pct10, policy[]); rates against h,
 * which is then updated. No allocation. */
void cpu_read(Sysfs *fs, const Inventory *inv, const CpuAttrs *a, CpuHist *h, Sample *out);

/* Parse the "cpuN ..." lines of /proc/stat text into out[0..max) (cores without a line get
 * ok = false). Returns how many cores had a line, or -EINVAL for a malformed line. Pure. */
int cpu_parse_stat(const char *text, size_t len, CpuTimes *out, int max);

/* Utilisation fields of out from two readings of one core; unknown when either reading is
 * missing, no tick elapsed or a counter went backwards (reset, wrap). Tenths of a percent,
 * rounded to nearest. Pure. */
void cpu_util(const CpuTimes *prev, const CpuTimes *cur, CoreSample *out);

#endif
