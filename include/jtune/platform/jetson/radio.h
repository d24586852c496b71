/* SPDX-License-Identifier: MIT */
/* radio: rfkill switches (sys/class/rfkill/rfkillN/{name,type,soft,hard}). */
#ifndef JTUNE_PLATFORM_JETSON_RADIO_H
#define JTUNE_PLATFORM_JETSON_RADIO_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

typedef struct {
    AttrId soft[JT_MAX_RADIOS];
    AttrId hard[JT_MAX_RADIOS];
} RadioAttrs;

/* Fill inv->radios / n_radios in rfkill index order. Always 0. */
int radio_probe(Sysfs *fs, Inventory *inv, RadioAttrs *a);

/* Read out->radio[]. No allocation. */
void radio_read(Sysfs *fs, const Inventory *inv, const RadioAttrs *a, Sample *out);

#endif
