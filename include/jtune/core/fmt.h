/* SPDX-License-Identifier: MIT */
/* fmt: sampled values -> short display strings, always with their unit; an unknown value
 * (Val.ok false) is "n/a". PURE. Every function writes a NUL-terminated string into out
 * (truncated to outsz) and returns the string's length. */
#ifndef JTUNE_CORE_FMT_H
#define JTUNE_CORE_FMT_H

#include "jtune/core/sample.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FMT_NA "n/a"

/* The unit temperatures are shown in ([ui] temp_unit). */
typedef enum { TEMP_CELSIUS, TEMP_FAHRENHEIT } TempUnit;

/* Tenths of a percent (per mille: the same unit, one name) as a whole percent:
 * 453 -> "45%". */
int fmt_pct10(Val v, char *out, size_t outsz);

/* Tenths of a percent with one decimal: 453 -> "45.3%". */
int fmt_pct10_1(Val v, char *out, size_t outsz);

/* kHz as MHz: 1344000 -> "1344 MHz". */
int fmt_khz(Val v, char *out, size_t outsz);

/* Hz as MHz: 918000000 -> "918 MHz"; below 1 MHz "0.5 MHz". */
int fmt_hz(Val v, char *out, size_t outsz);

/* Hz as MHz with only the decimals it needs (a setting, shown exactly): 612000000 ->
 * "612 MHz", 624750000 -> "624.75 MHz". */
int fmt_hz_exact(Val v, char *out, size_t outsz);

/* kHz as MHz, exactly: 1344000 -> "1344 MHz", 729600 -> "729.6 MHz". */
int fmt_khz_exact(Val v, char *out, size_t outsz);

/* An engine's clock, also while it is off (jtop shows the frequency, tegrastats only "off"):
 * on or unknown "115 MHz", off "off 115 MHz", off without a clock "off", nothing "n/a". */
int fmt_engine(Val on, Val freq_hz, char *out, size_t outsz);

/* A kHz range as MHz with one unit: (729600, 1344000) -> "730-1344 MHz"; "n/a" unless
 * both ends are known. */
int fmt_range_khz(Val lo, Val hi, char *out, size_t outsz);

/* A Hz range as MHz: (306000000, 918000000) -> "306-918 MHz". */
int fmt_range_hz(Val lo, Val hi, char *out, size_t outsz);

/* Milliwatts as watts: 4213 -> "4.21 W", 12345 -> "12.3 W", 123456 -> "123 W". */
int fmt_mw(Val v, char *out, size_t outsz);

/* Millivolts as volts: 5080 -> "5.08 V". */
int fmt_mv(Val v, char *out, size_t outsz);

/* Milliamps as amps: 834 -> "0.83 A". */
int fmt_ma(Val v, char *out, size_t outsz);

/* Milli-degrees C in unit, one decimal: 49468 -> "49.5°C" ("49.5C" when !utf8). */
int fmt_temp_mc(Val v, TempUnit unit, bool utf8, char *out, size_t outsz);

/* Temperature difference in unit (no offset for F): 12500 -> "12.5°C". */
int fmt_dtemp_mc(Val v, TempUnit unit, bool utf8, char *out, size_t outsz);

/* KiB in binary units: 98304 -> "96.0 MiB", 7802880 -> "7.44 GiB", 512 -> "512 KiB". */
int fmt_kib(Val v, char *out, size_t outsz);

/* Fan speed: 2300 -> "2300 rpm". */
int fmt_rpm(Val v, char *out, size_t outsz);

/* Events per second x10: 1234 -> "123/s", 123456 -> "12.3k/s", 7 -> "0.7/s". */
int fmt_rate_ps10(Val v, char *out, size_t outsz);

/* Energy in millijoules: "812 J" / "12.3 kJ" and, with wh, " (0.23 Wh)" appended. */
int fmt_energy_mj(Val v, bool wh, char *out, size_t outsz);

/* A duration: "59s", "12m 03s", "3h 04m", "3d 04h". */
int fmt_duration_ms(Val v, char *out, size_t outsz);

/* A sampling interval: 250 -> "250 ms", 1000 -> "1 s", 1500 -> "1.5 s". */
int fmt_interval_ms(int ms, char *out, size_t outsz);

/* Convert milli-degrees C to tenths of a degree in unit (for scales and graphs). */
int64_t fmt_temp_tenths(int64_t mc, TempUnit unit);

#endif
