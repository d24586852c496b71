/* SPDX-License-Identifier: MIT */
/* Layering probe: code at core's level including a UI header must not compile (core sees
 * only its own headers). */
#include "jtune/core/sample.h"
#include "jtune/ui/graph.h"

int layering_probe_include(void);

int layering_probe_include(void) {
    return (int)sizeof(GraphSpec) > 0;
}
