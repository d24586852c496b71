/* SPDX-License-Identifier: MIT */
/* systime: the one place that reads the system clocks. Pure code takes time as an argument;
 * the loops that drive it read it here. */
#ifndef JTUNE_PLATFORM_SYSTIME_H
#define JTUNE_PLATFORM_SYSTIME_H

#include "jtune/core/timeunit.h"

#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds (intervals, deadlines, sample stamps). */
int64_t systime_mono_ns(void);

/* CLOCK_MONOTONIC in milliseconds. */
int64_t systime_mono_ms(void);

/* CLOCK_REALTIME in milliseconds since the epoch (wall-clock stamps in log headers). */
int64_t systime_real_ms(void);

#endif
