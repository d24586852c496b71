/* SPDX-License-Identifier: MIT */
/* cpuidle: idle states per core and their residency over each interval.
 *
 * Probe: the states of the first core that has any (every core has the same set on
 * Jetson): name, desc, exit latency and target residency (µs). Read: per core and state,
 * the disable flag, the share of the interval spent in the state (from the cumulative
 * `time` in µs) and entries per second (from `usage`). A counter that went backwards
 * (an offline core, a reset) makes that interval unknown.
 */
#ifndef JTUNE_PLATFORM_JETSON_CPUIDLE_H
#define JTUNE_PLATFORM_JETSON_CPUIDLE_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    AttrId time[JT_MAX_CPUS][JT_MAX_IDLE];
    AttrId usage[JT_MAX_CPUS][JT_MAX_IDLE];
    AttrId disable[JT_MAX_CPUS][JT_MAX_IDLE];
} IdleAttrs;

/* One state's cumulative counters. */
typedef struct {
    int64_t time_us;
    int64_t usage;
    bool ok;
} IdleCount;

/* Counters and time of the previous sample (kept across re-probes). */
typedef struct {
    IdleCount prev[JT_MAX_CPUS][JT_MAX_IDLE];
    int64_t prev_ns;
    bool have_prev;
} IdleHist;

/* Fill inv->idle and register the per-core state files. Always 0 (no cpuidle: 0 states). */
int cpuidle_probe(Sysfs *fs, Inventory *inv, IdleAttrs *a);

/* Read every online core's states into out->idle at monotonic time now_ns (out->cpu[] must
 * already hold the online flags). No allocation. */
void cpuidle_read(Sysfs *fs, const Inventory *inv, const IdleAttrs *a, IdleHist *h, int64_t now_ns,
                  Sample *out);

/* Residency (0..1000 of dt) and entries/s x10 from two readings dt_ns apart; unknown when
 * a reading is missing, dt_ns <= 0 or a counter decreased. Rounded to nearest. Pure. */
void cpuidle_rates(const IdleCount *prev, const IdleCount *cur, int64_t dt_ns, IdleSample *out);

#endif
