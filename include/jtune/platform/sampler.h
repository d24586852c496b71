/* SPDX-License-Identifier: MIT */
/* sampler: discovery and sampling of every Jetson source under a root.
 *
 * sampler_open() probes the board once (identity, cpu, gpu, emc, engines, rails, thermal,
 * cpuidle, fan, memory, radios, nvpmodel) and registers every attribute it will read in
 * the sysfs attribute cache. sampler_take() then reads them with pread at offset 0: no
 * allocation, no subprocess. Devices that appear or disappear (a hwmon unbinding, a core
 * going offline, a late GPU devfreq node) are noticed by a cheap rescan check and trigger a
 * re-probe; the Inventory generation is bumped then. The check runs only with a reason:
 * every rescan_ms, at the sample after a core's online file disagrees with the online list,
 * and (at most once a second) after a read that failed following a good one (a node gone).
 * Settings are read every settings_ms (and at a re-probe) rather than every sample.
 */
#ifndef JTUNE_PLATFORM_SAMPLER_H
#define JTUNE_PLATFORM_SAMPLER_H

#include "jtune/core/procs.h"
#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

typedef struct Sampler Sampler;

typedef struct {
    bool rails_only;     /* read only the power rails (high-rate power traces) */
    int rescan_ms;       /* minimum gap between rescan checks; 0 = default (10000 ms) */
    int settings_ms;     /* settings (governors, caps, idle-state and GPU switches, radios,
                            fan mode, nvpmodel mode) are read this often and held in between
                            (sysfs_attr_setting); 0 = default (5000 ms), < 0 = every sample */
    bool keep_root_only; /* opened as root before a privilege drop: keep the root-only nodes
                            it probes and reads (sysfs_pin_begin) for after the drop */
    bool procs;          /* also read processes and interrupts (platform/jetson/procs.h,
                            irqs.h): Sample.proc_top, irq_top, timer and IPI rates */
} SamplerConfig;

/* Open root (NULL = "/") and probe it. cfg may be NULL for defaults. 0 or -errno. */
int sampler_open(Sampler **out, const char *root, const SamplerConfig *cfg);

/* Close every file. NULL is ignored. */
void sampler_close(Sampler *s);

/* The current inventory (borrowed; updated in place on re-probe). */
const Inventory *sampler_inventory(const Sampler *s);

/* The sysfs root the sampler reads (borrowed). */
Sysfs *sampler_sysfs(Sampler *s);

/* Take one sample into out: every field set or marked unknown; seq, mono_ns and wall_ms
 * filled. Rates (utilisation, residency, entries/s) are over the interval since the
 * previous call and unknown on the first. Returns 0, or -errno only for a fatal error. */
int sampler_take(Sampler *s, Sample *out);

/* Read processes and interrupts from the next sample on, or stop (frees their tables).
 * 0 or -ENOMEM. */
int sampler_set_procs(Sampler *s, bool on);

/* The process table of the last sample, or NULL when processes are not read (borrowed). */
const ProcTable *sampler_procs(const Sampler *s);

/* The interrupt table of the last sample, or NULL when not read (borrowed). */
const IrqTable *sampler_irqs(const Sampler *s);

/* Force a re-probe at the next sampler_take (e.g. after a tuning write); settings are read
 * from their files then. */
void sampler_request_rescan(Sampler *s);

/* Read every setting from its file at the next sampler_take: after a write of one's own,
 * or before a decision that rests on the current settings (a profile's plan, an audit). */
void sampler_refresh_settings(Sampler *s);

/* A monotonic clock in nanoseconds; ctx is the pointer given to sampler_set_clock. */
typedef int64_t (*SamplerClock)(void *ctx);

/* Use fn for mono_ns, the rate intervals and the rescan gap instead of CLOCK_MONOTONIC
 * (tests step time exactly); fn NULL restores the default. */
void sampler_set_clock(Sampler *s, SamplerClock fn, void *ctx);

#endif
