/* SPDX-License-Identifier: MIT */
/* rails: INA3221 power monitors (voltage, current and power per rail).
 *
 * hwmon layout (JetPack 5/6): every sys/class/hwmon/hwmonN whose name is "ina3221", in
 * the order of their device paths (1-0040 before 1-0041; hwmon numbers are not stable).
 * Channels 1..3 with an inN_label; "NC" channels are skipped, and so is the "sum of shunt
 * voltages" channel (in7/curr4), which is not a rail. inN_input is mV, currN_input mA,
 * currN_crit / currN_max the limits (mA). Legacy JetPack 4 iio layout:
 * sys/bus/i2c/drivers/ina3221x/<bus>-00NN/iio:deviceM/{rail_name_K, in_voltageK_input,
 * in_currentK_input, in_powerK_input, crit_current_limit_K, warn_current_limit_K}.
 * INA238 (Thor's carrier board input, jtop PR #900): hwmon name "ina238", one channel:
 * in1_input mV (bus), curr1_input mA, power1_input in uW (read as mW); its label is
 * in1_label when the driver gives one, else "VIN".
 *
 * Indices are stable for the sampler's life: on a re-probe a rail keeps its index (matched
 * by label); a rail whose monitor vanished stays in the inventory and reads unknown until
 * the monitor returns.
 */
#ifndef JTUNE_PLATFORM_JETSON_RAILS_H
#define JTUNE_PLATFORM_JETSON_RAILS_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stdbool.h>
#include <stdint.h>

#define RAILS_MAX_CHIPS 8

typedef struct {
    AttrId mv[JT_MAX_RAILS];
    AttrId ma[JT_MAX_RAILS];
    AttrId mw[JT_MAX_RAILS];     /* iio or INA238 power file, -1 for INA3221 hwmon (computed) */
    bool mw_in_uw[JT_MAX_RAILS]; /* the power file counts uW (INA238) */
    int n_chips;
    char chip_dir[RAILS_MAX_CHIPS][JT_PATH]; /* monitor dirs found (for the rescan check) */
} RailAttrs;

/* Discover every INA3221 channel, merging with the rails already in inv (stable indices),
 * and decide the board total (core/boardtotal.h: inv->total, inv->input_rail). Always 0. */
int rails_probe(Sysfs *fs, Inventory *inv, RailAttrs *a);

/* Read out->rail[] and out->input_mw, the board total (unknown when one of its rails is).
 * No allocation. */
void rails_read(Sysfs *fs, const Inventory *inv, const RailAttrs *a, Sample *out);

/* mV x mA -> mW, rounded to nearest. Pure. */
int64_t rails_mw(int64_t mv, int64_t ma);

#endif
