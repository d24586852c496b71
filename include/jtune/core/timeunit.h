/* SPDX-License-Identifier: MIT */
/* timeunit: the time unit factors, defined once (integers: exact in int64_t arithmetic), and
 * the one home of time text: civil dates <-> days and durations ("1:02:03.5"). PURE. */
#ifndef JTUNE_CORE_TIMEUNIT_H
#define JTUNE_CORE_TIMEUNIT_H

#define NS_PER_US 1000LL
#define NS_PER_MS 1000000LL
#define NS_PER_S  1000000000LL
#define MS_PER_S  1000LL

#include <stdbool.h>
#include <stdint.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12, day 1..31). */
int64_t timeunit_days_from_civil(int64_t y, int m, int d);

/* The date of a day count since 1970-01-01 (the inverse of timeunit_days_from_civil). */
void timeunit_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* True when y-m-d is a real date (month 1..12, day within the month, leap years known). */
bool timeunit_date_valid(int64_t y, int m, int d);

/* A duration "[[H:]M:]S[.fraction]" ("90", "1:30", "1:02:03.5", "0.25") in ns: minutes and
 * seconds below 60 after the first field, hours up to 1000000. The whole string must match
 * (no sign, no blanks, no unit). 0 or -EINVAL. */
int timeunit_parse_duration(const char *s, int64_t *ns);

#endif
