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
 * Such a device only follows the trips it is bound to (thermal_zoneN/cdevK, cdevK_trip_point):
 * while every zone bound to it is THERMAL_ALERT_MARGIN_MC or more below the lowest trip that
 * binds it (or has no temperature: a power-gated zone cannot trip) and it read 0, its
 * cur_state is held like a setting (read again every settings period); near a trip, active,
 * unreadable or bound to nothing known, it is read every sample.
 */
#ifndef JTUNE_PLATFORM_JETSON_THERMAL_H
#define JTUNE_PLATFORM_JETSON_THERMAL_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stddef.h>

#define THERMAL_MAX_ALERTS      16
#define THERMAL_MAX_GUARDS      4     /* zones watched per alert device */
#define THERMAL_ALERT_MARGIN_MC 10000 /* how close to a trip a zone makes its alerts read */

/* A zone bound to an alert device, and the lowest trip temperature that binds them. */
typedef struct {
    int zone; /* index in inv->zones */
    int64_t trip_mc;
} AlertGuard;

typedef struct {
    AttrId temp[JT_MAX_ZONES];
    AttrId alert[THERMAL_MAX_ALERTS]; /* cur_state of *-throttle-alert cooling devices */
    AlertGuard guard[THERMAL_MAX_ALERTS][THERMAL_MAX_GUARDS];
    int n_guards[THERMAL_MAX_ALERTS]; /* 0: bound to nothing known, read every sample */
    int n_alerts;
} ThermalAttrs;

/* Fill inv->zones / n_zones. Always 0. */
int thermal_probe(Sysfs *fs, Inventory *inv, ThermalAttrs *a);

/* Read out->zone_mc[] and out->throttling. No allocation. */
void thermal_read(Sysfs *fs, const Inventory *inv, const ThermalAttrs *a, Sample *out);

/* tegrastats short name of a zone type into out (at least 1 byte). Pure. */
void thermal_short_name(const char *type, char *out, size_t n);

#endif
