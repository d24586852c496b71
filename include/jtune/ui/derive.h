/* SPDX-License-Identifier: MIT */
/* derive: facts the screens show that are computed from an Inventory and a Sample
 * (nearest trip point and headroom, alerts, averages for graphs). PURE. */
#ifndef JTUNE_UI_DERIVE_H
#define JTUNE_UI_DERIVE_H

#include "jtune/conf/config.h"
#include "jtune/core/sample.h"

#include <stdbool.h>
#include <stddef.h>

/* Headroom classes: hot within 5 degC of a trip point (or past it), warm within 15. */
#define DERIVE_HOT_MC  5000
#define DERIVE_WARM_MC 15000

typedef enum { HEAT_NA, HEAT_COOL, HEAT_WARM, HEAT_HOT } Heat;

typedef struct {
    int trip;        /* index into the zone's trips, -1 when it has none usable */
    Val trip_mc;     /* that trip's temperature */
    Val headroom_mc; /* trip - temperature; negative once past it */
    Heat heat;
} TripView;

/* The trip point that matters for a zone at temp_mc: the lowest passive/hot/critical trip
 * above the temperature, or the highest one already passed. "active" trips (fan steps) do
 * not count. Unknown temperature or no trip: heat from nothing (HEAT_NA / HEAT_COOL). */
void derive_trip(const ZoneInfo *z, Val temp_mc, TripView *out);

typedef struct {
    char text[72];
} Alert;

/* Alerts for the header: "throttling" when a throttle alert is active, and each zone that
 * is hot ("tj 97.0°C, trip 99.0°C"). Returns the count (at most max). */
int derive_alerts(const Inventory *inv, const Sample *s, TempUnit unit, bool utf8, Alert *out,
                  int max);

/* Mean frequency of the online cores with a known frequency, in kHz (unknown if none). */
Val derive_cpu_freq_khz(const Inventory *inv, const Sample *s);

/* Hottest known zone temperature; *zone gets its index (-1 when none). */
Val derive_temp_max_mc(const Inventory *inv, const Sample *s, int *zone);

/* Number of online cores (known as online) and of cores with a known state. */
void derive_cores_online(const Inventory *inv, const Sample *s, int *online, int *known);

/* Name of nvpmodel mode id for the header ("25W"), "mode N" when the name is unknown,
 * "n/a" when the mode is unknown. */
void derive_mode_name(const Inventory *inv, Val mode, char *out, size_t outsz);

/* Board name: the device-tree model without "NVIDIA " and " Engineering Reference" (and,
 * when compact, without " Developer Kit"); "unknown board" when empty. */
void derive_board_name(const Inventory *inv, bool compact, char *out, size_t outsz);

#endif
