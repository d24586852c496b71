/* SPDX-License-Identifier: MIT */
/* timeunit: the time unit factors, defined once (integers: exact in int64_t arithmetic). */
#ifndef JTUNE_CORE_TIMEUNIT_H
#define JTUNE_CORE_TIMEUNIT_H

#define NS_PER_US 1000LL
#define NS_PER_MS 1000000LL
#define NS_PER_S  1000000000LL
#define MS_PER_S  1000LL

#endif
