/* SPDX-License-Identifier: MIT */
/* Layering probe, control: code at core's level including a core header builds. */
#include "jtune/core/sample.h"

int layering_probe_ok(void);

int layering_probe_ok(void) {
    return (int)sizeof(Sample) > 0;
}
