/* SPDX-License-Identifier: MIT */
/* fmt: value formatting with units and n/a. Integer arithmetic only (no locale surprises:
 * the decimal separator is always '.'). */
#include "jtune/core/fmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int put(char *out, size_t outsz, int n) {
    if (n < 0) {
        out[0] = '\0';
        return 0;
    }
    return (size_t)n < outsz ? n : (int)(outsz ? outsz - 1 : 0);
}

static int na(char *out, size_t outsz) {
    return put(out, outsz, snprintf(out, outsz, FMT_NA));
}

/* Round v / div to the nearest integer, halves away from zero. */
static int64_t rdiv(int64_t v, int64_t div) {
    int64_t q = v / div, r = v % div; /* |r| < div: no step below overflows */
    int64_t mag = r < 0 ? -r : r;
    if (mag >= div - mag) {
        q += v < 0 ? -1 : 1;
    }
    return q;
}

/* The decimal digits of a, at least `width` of them (zero-padded), written at p; returns
 * the end. p has room for 20 digits or width, whichever is more. */
static char *put_digits(char *p, uint64_t a, int width) {
    char rev[20];
    int n = 0;
    do {
        rev[n++] = (char)('0' + a % 10);
        a /= 10;
    } while (a && n < (int)sizeof rev);
    for (int pad = width - n; pad > 0; pad--) {
        *p++ = '0';
    }
    while (n > 0) {
        *p++ = rev[--n];
    }
    return p;
}

/* v / scale with `dec` decimals ("4.21"), rounded; sign kept. Written by hand rather than
 * with snprintf: the UI formats a hundred of these a frame, and snprintf costs ten times
 * as much. Truncates as snprintf does. */
static int fixed(int64_t v, int64_t scale, int dec, const char *unit, char *out, size_t outsz) {
    static const uint64_t pow10[] = {1, 10, 100, 1000};
    int64_t q = rdiv(v, scale / (int64_t)pow10[dec]); /* value in units of 10^-dec */
    uint64_t a = q < 0 ? (uint64_t)0 - (uint64_t)q : (uint64_t)q;
    char buf[64];
    char *p = buf;
    if (q < 0) {
        *p++ = '-';
    }
    p = put_digits(p, a / pow10[dec], 1);
    if (dec > 0) {
        *p++ = '.';
        p = put_digits(p, a % pow10[dec], dec);
    }
    for (const char *u = unit; *u && p < buf + sizeof buf - 1; u++) {
        *p++ = *u;
    }
    size_t n = (size_t)(p - buf);
    if (outsz > 0) {
        size_t keep = n < outsz ? n : outsz - 1;
        memcpy(out, buf, keep);
        out[keep] = '\0';
    }
    return put(out, outsz, (int)n);
}

int fmt_pct10(Val v, char *out, size_t outsz) {
    return v.ok ? fixed(v.v, 10, 0, "%", out, outsz) : na(out, outsz);
}

int fmt_pct10_1(Val v, char *out, size_t outsz) {
    return v.ok ? fixed(v.v, 10, 1, "%", out, outsz) : na(out, outsz);
}

int fmt_khz(Val v, char *out, size_t outsz) {
    return v.ok ? fixed(v.v, 1000, 0, " MHz", out, outsz) : na(out, outsz);
}

int fmt_hz(Val v, char *out, size_t outsz) {
    if (!v.ok) {
        return na(out, outsz);
    }
    if (v.v != 0 && v.v < 1000000 && v.v > -1000000) {
        return fixed(v.v, 1000000, 1, " MHz", out, outsz);
    }
    return fixed(v.v, 1000000, 0, " MHz", out, outsz);
}

int fmt_hz_exact(Val v, char *out, size_t outsz) {
    if (!v.ok) {
        return na(out, outsz);
    }
    const char *sign = v.v < 0 ? "-" : "";
    uint64_t a = v.v < 0 ? (uint64_t)0 - (uint64_t)v.v : (uint64_t)v.v;
    uint64_t mhz = a / 1000000, frac = a % 1000000;
    if (frac == 0) {
        return put(out, outsz, snprintf(out, outsz, "%s%" PRIu64 " MHz", sign, mhz));
    }
    int dec = 6;
    for (; frac % 10 == 0; frac /= 10) {
        dec--;
    }
    return put(out, outsz,
               snprintf(out, outsz, "%s%" PRIu64 ".%0*" PRIu64 " MHz", sign, mhz, dec, frac));
}

int fmt_khz_exact(Val v, char *out, size_t outsz) {
    return fmt_hz_exact(v.ok ? val_of(v.v * 1000) : v, out, outsz);
}

int fmt_engine(Val on, Val freq_hz, char *out, size_t outsz) {
    bool off = on.ok && !on.v;
    if (!freq_hz.ok) {
        return off ? snprintf(out, outsz, "off") : na(out, outsz);
    }
    char f[24];
    fmt_hz(freq_hz, f, sizeof f);
    return snprintf(out, outsz, "%s%s", off ? "off " : "", f);
}

int fmt_range_khz(Val lo, Val hi, char *out, size_t outsz) {
    if (!lo.ok || !hi.ok) {
        return na(out, outsz);
    }
    return put(
        out, outsz,
        snprintf(out, outsz, "%" PRId64 "-%" PRId64 " MHz", rdiv(lo.v, 1000), rdiv(hi.v, 1000)));
}

int fmt_range_hz(Val lo, Val hi, char *out, size_t outsz) {
    if (!lo.ok || !hi.ok) {
        return na(out, outsz);
    }
    return fmt_range_khz(val_of(rdiv(lo.v, 1000)), val_of(rdiv(hi.v, 1000)), out, outsz);
}

/* Three significant digits for watts, volts, amps: 4.21, 12.3, 123. */
static int sig3(int64_t milli, const char *unit, char *out, size_t outsz) {
    int64_t a = milli < 0 ? -milli : milli;
    int dec = a < 9995 ? 2 : a < 99950 ? 1 : 0;
    return fixed(milli, 1000, dec, unit, out, outsz);
}

int fmt_mw(Val v, char *out, size_t outsz) {
    return v.ok ? sig3(v.v, " W", out, outsz) : na(out, outsz);
}

int fmt_mv(Val v, char *out, size_t outsz) {
    return v.ok ? sig3(v.v, " V", out, outsz) : na(out, outsz);
}

int fmt_ma(Val v, char *out, size_t outsz) {
    return v.ok ? sig3(v.v, " A", out, outsz) : na(out, outsz);
}

int64_t fmt_temp_tenths(int64_t mc, TempUnit unit) {
    if (unit == TEMP_FAHRENHEIT) {
        return rdiv(mc * 9, 500) + 320; /* tenths of a degree F */
    }
    return rdiv(mc, 100);
}

static const char *deg(TempUnit unit, bool utf8) {
    if (unit == TEMP_FAHRENHEIT) {
        return utf8 ? "\u00b0F" : "F";
    }
    return utf8 ? "\u00b0C" : "C";
}

int fmt_temp_mc(Val v, TempUnit unit, bool utf8, char *out, size_t outsz) {
    if (!v.ok) {
        return na(out, outsz);
    }
    return fixed(fmt_temp_tenths(v.v, unit), 10, 1, deg(unit, utf8), out, outsz);
}

int fmt_dtemp_mc(Val v, TempUnit unit, bool utf8, char *out, size_t outsz) {
    if (!v.ok) {
        return na(out, outsz);
    }
    int64_t tenths = unit == TEMP_FAHRENHEIT ? rdiv(v.v * 9, 500) : rdiv(v.v, 100);
    return fixed(tenths, 10, 1, deg(unit, utf8), out, outsz);
}

int fmt_kib(Val v, char *out, size_t outsz) {
    if (!v.ok) {
        return na(out, outsz);
    }
    int64_t a = v.v < 0 ? -v.v : v.v;
    if (a < 1024) {
        return fixed(v.v, 1, 0, " KiB", out, outsz);
    }
    /* scale to thousandths of MiB / GiB, then three significant digits */
    int64_t unit = a < (int64_t)1024 * 1024 ? 1024 : (int64_t)1024 * 1024;
    int64_t milli = v.v * 1000 / unit;
    return sig3(milli, unit == 1024 ? " MiB" : " GiB", out, outsz);
}

int fmt_rpm(Val v, char *out, size_t outsz) {
    return v.ok ? fixed(v.v, 1, 0, " rpm", out, outsz) : na(out, outsz);
}

int fmt_rate_ps10(Val v, char *out, size_t outsz) {
    if (!v.ok) {
        return na(out, outsz);
    }
    if (v.v < 100 && v.v > -100) {
        return fixed(v.v, 10, 1, "/s", out, outsz);
    }
    if (v.v < 100000 && v.v > -100000) {
        return fixed(v.v, 10, 0, "/s", out, outsz);
    }
    return fixed(v.v, 10000, 1, "k/s", out, outsz);
}

int fmt_energy_mj(Val v, bool wh, char *out, size_t outsz) {
    if (!v.ok) {
        return na(out, outsz);
    }
    int64_t a = v.v < 0 ? -v.v : v.v;
    int n = a < 9999500 ? sig3(v.v, " J", out, outsz) : sig3(v.v / 1000, " kJ", out, outsz);
    if (a < 9999500 && a >= 999500) {
        n = fixed(v.v, 1000, 0, " J", out, outsz); /* 1000..9999 J without decimals */
    }
    if (!wh || (size_t)n + 1 >= outsz) {
        return n;
    }
    /* 1 Wh = 3600 J = 3.6e6 mJ; show three significant digits of Wh */
    int64_t uwh = rdiv(v.v * 10, 36); /* micro-watt-hours */
    char tmp[32];
    sig3(uwh >= 1000000 || uwh <= -1000000 ? uwh / 1000 : uwh,
         uwh >= 1000000 || uwh <= -1000000 ? " Wh" : " mWh", tmp, sizeof tmp);
    return put(out, outsz, n + snprintf(out + n, outsz - (size_t)n, " (%s)", tmp));
}

int fmt_duration_ms(Val v, char *out, size_t outsz) {
    if (!v.ok || v.v < 0) {
        return na(out, outsz);
    }
    int64_t s = v.v / 1000;
    int64_t d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60, sec = s % 60;
    int n;
    if (d > 0) {
        n = snprintf(out, outsz, "%" PRId64 "d %02" PRId64 "h", d, h);
    } else if (h > 0) {
        n = snprintf(out, outsz, "%" PRId64 "h %02" PRId64 "m", h, m);
    } else if (m > 0) {
        n = snprintf(out, outsz, "%" PRId64 "m %02" PRId64 "s", m, sec);
    } else {
        n = snprintf(out, outsz, "%" PRId64 "s", sec);
    }
    return put(out, outsz, n);
}

int fmt_interval_ms(int ms, char *out, size_t outsz) {
    if (ms < 1000) {
        return put(out, outsz, snprintf(out, outsz, "%d ms", ms));
    }
    if (ms % 1000 == 0) {
        return put(out, outsz, snprintf(out, outsz, "%d s", ms / 1000));
    }
    return fixed(ms, 1000, ms % 100 == 0 ? 1 : 2, " s", out, outsz);
}
