/* SPDX-License-Identifier: MIT */
/* timeunit: civil dates and durations as text (see timeunit.h). */
#include "jtune/core/timeunit.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <string.h>

/* H. Hinnant's days_from_civil: exact for every proleptic Gregorian date. */
int64_t timeunit_days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void timeunit_civil_from_days(int64_t days, int64_t *y, int *m, int *d) {
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

bool timeunit_date_valid(int64_t y, int m, int d) {
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) {
        return false;
    }
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

int timeunit_parse_duration(const char *s, int64_t *ns) {
    if (s[strspn(s, "0123456789:.")] != '\0') { /* no sign, blank, unit or second line */
        return -EINVAL;
    }
    int64_t total = 0;
    for (int fields = 1;; fields++) {
        size_t n = strcspn(s, ":");
        int64_t v;
        if (n == 0 || fields > 3) {
            return -EINVAL;
        }
        if (s[n] == '\0') { /* the seconds, with an optional fraction */
            if (parse_fixed(s, n, 9, &v) || v < 0 || (fields > 1 && v >= 60 * NS_PER_S)) {
                return -EINVAL;
            }
            *ns = total * 60 * NS_PER_S + v;
            return 0;
        }
        if (parse_i64(s, n, &v) || v < 0 || v > 1000000 || (fields > 1 && v >= 60)) {
            return -EINVAL;
        }
        total = total * 60 + v;
        s += n + 1;
    }
}
