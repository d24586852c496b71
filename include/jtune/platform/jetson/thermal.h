/* SPDX-License-Identifier: MIT */
/* thermal: thermal zones, hwmon temperature sensors, trip points and throttling.
 *
 * Zones: every sys/class/thermal/thermal_zoneN (type, temp in m°C, trip_point_K_{type,
 * temp,hyst}). A zone whose read fails (EAGAIN: a power-gated CV cluster on JetPack 6) or
 * reads -256 °C (JetPack 5's "offline") is unknown for that sample, never an error. hwmon
 * sensors: every tempN_input of an hwmon (type = tempN_label or the hwmon name; trips from
 * tempN_crit / tempN_max). Short names follow tegrastats: lower case, cut at the first '-'
 * or '_' ("cpu-thermal" and "CPU-therm" -> "cpu", "tj-thermal" -> "tj").
 * Throttling: any cooling device whose type ends in "-throttle-alert" with cur_state > 0.
 */
#ifndef JTUNE_PLATFORM_JETSON_THERMAL_H
#define JTUNE_PLATFORM_JETSON_THERMAL_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stddef.h>

#define THERMAL_MAX_ALERTS 16

typedef struct {
    AttrId temp[JT_MAX_ZONES];
    AttrId alert[THERMAL_MAX_ALERTS]; /* cur_state of *-throttle-alert cooling devices */
    int n_alerts;
} ThermalAttrs;

/* Fill inv->zones / n_zones. Always 0. */
int thermal_probe(Sysfs *fs, Inventory *inv, ThermalAttrs *a);

/* Read out->zone_mc[] and out->throttling. No allocation. */
void thermal_read(Sysfs *fs, const Inventory *inv, const ThermalAttrs *a, Sample *out);

/* tegrastats short name of a zone type into out (at least 1 byte). Pure. */
void thermal_short_name(const char *type, char *out, size_t n);

#endif
