/* SPDX-License-Identifier: MIT */
/* settings: a settings list - the A or B side of an experiment - parsed against the board's
 * inventory into helper requests, and applied through the helper as one transaction.
 *
 *   cpu.max_khz=1190400,gpu.max_hz=612000000,nvpmodel=15W
 *
 * Items are KEY=VALUE separated by commas (blanks around them are ignored):
 *   cpu.max_khz, cpu.min_khz    every cpufreq policy; snapped to an offered frequency (max:
 *                               the highest at or below the value; min: the lowest at or above)
 *   cpu.governor                every policy (schedutil, performance, ...)
 *   policyN.max_khz, policyN.min_khz, policyN.governor   one policy (N: its first cpu)
 *   cpuN.online                 0 or 1
 *   gpu.max_hz, gpu.min_hz      snapped like the CPU
 *   emc.cap_hz                  the nvpmodel EMC cap
 *   nvpmodel                    a mode id or name (applied first: a mode resets the clocks)
 *   fan.pwm                     0..255 (manual fan)
 *   TARGET[:INDEX[:SUB]]        any helper target by its name (vm_swappiness=10,
 *                               cpuidle_disable:0:1=1), integer value
 * The helper checks every value against what the kernel offers; this parser only resolves
 * names and snaps frequencies so that a round number works.
 */
#ifndef JTUNE_WORKLOAD_SETTINGS_H
#define JTUNE_WORKLOAD_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "jtune/core/sample.h"
#include "jtune/ipc/tune.h"
#include "jtune/ipc/proto.h"

#define SETTINGS_MAX 48

typedef struct {
    TuneTarget target;
    uint32_t index;
    uint16_t sub;
    int64_t value;
    char key[48]; /* the item it came from, for messages ("cpu.max_khz") */
} Setting;

typedef struct {
    int n;
    Setting s[SETTINGS_MAX];
    char text[256]; /* the list as given (truncated), for reports */
} SettingList;

/* Parse text against inv. 0, or -EINVAL / -E2BIG with a one-line reason in why. */
int settings_parse(const char *text, const Inventory *inv, SettingList *out, char *why,
                   size_t whysz);

/* "cpu_max_khz[0]=1190400 cpu_max_khz[4]=1190400 ..." (what will be sent); returns out. */
const char *settings_format(const SettingList *l, char *out, size_t outsz);

/* Apply every setting in one helper transaction (all stay or none). 0, or -errno with the
 * failing item and the helper's reason in err. */
int settings_apply(TuneClient *t, const SettingList *l, char *err, size_t errsz);

#endif
