/* SPDX-License-Identifier: MIT */
/* Layering probe: code at core's level calling into the UI (declaring the function by hand,
 * since it cannot include the header) must not link when core's objects are linked closed. */
#include "jtune/core/sample.h"

#include <stdint.h>

int64_t graph_nice_ceil(int64_t v);
int64_t layering_probe_call(int64_t v);

int64_t layering_probe_call(int64_t v) {
    return graph_nice_ceil(v);
}
