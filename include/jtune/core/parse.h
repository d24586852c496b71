/* SPDX-License-Identifier: MIT */
/* parse: strict, allocation-free parsers for the text that sysfs and procfs hand out.
 *
 * Conventions for every function here:
 *   - input is a pointer and a length (the buffer need not be NUL-terminated);
 *   - single-value parsers look at the FIRST line only (sysfs values are one line; a file
 *     being rewritten in place may carry an old tail after the first newline);
 *   - leading/trailing blanks and a trailing NUL (device-tree strings) are ignored;
 *   - return 0 on success, -ENODATA for an empty value (a transient miss, never a zero),
 *     -EINVAL for garbage, -ERANGE for overflow. Outputs are untouched on error.
 */
#ifndef JTUNE_CORE_PARSE_H
#define JTUNE_CORE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A view into someone else's buffer: not NUL-terminated, not owned. */
typedef struct {
    const char *p;
    size_t n;
} StrView;

/* The first line of s[0..len), blanks and NULs trimmed at both ends. */
StrView parse_first_line(const char *s, size_t len);

/* Signed decimal integer (optional sign). */
int parse_i64(const char *s, size_t len, int64_t *out);

/* The value of one hex digit (0-9, a-f, A-F), or -1. */
int parse_hex_digit(char c);

/* 1 to 16 hex digits, nothing else (no 0x, no sign, no spaces). 0 or -EINVAL. */
int parse_hex_u64(const char *s, size_t len, uint64_t *out);

/* Unsigned decimal integer; a leading '-' is -EINVAL. */
int parse_u64(const char *s, size_t len, uint64_t *out);

/* Decimal with an optional fraction ("44.531"), returned scaled by 10^scale_digits
 * (parse_fixed("44.531", 3) -> 44531); extra fraction digits are truncated. */
int parse_fixed(const char *s, size_t len, int scale_digits, int64_t *out);

/* Copy the trimmed first line into out (NUL-terminated). -ERANGE if it does not fit;
 * -ENODATA if empty. */
int parse_str(const char *s, size_t len, char *out, size_t outsz);

/* Split the first line on blanks into up to max views; *n gets the count (may be 0).
 * Returns -ERANGE when there were more than max words (the first max are kept). */
int parse_words(const char *s, size_t len, StrView *words, size_t max, size_t *n);

/* A blank-separated list of integers ("115200 192000 ... "); *n gets the count.
 * -ERANGE when more than max; -EINVAL on a non-integer word; -ENODATA when empty. */
int parse_i64_list(const char *s, size_t len, int64_t *out, size_t max, size_t *n);

/* A kernel cpu list ("0-3,5", "" or "\n" = empty set) into a 64-bit mask.
 * -ERANGE for a cpu >= 64; -EINVAL for garbage. An empty list is valid (mask 0). */
int parse_cpulist(const char *s, size_t len, uint64_t *mask);

/* Format a mask as a kernel cpu list ("0-3,5"); returns the length or -ERANGE. */
int format_cpulist(uint64_t mask, char *out, size_t outsz);

/* In a "Key: value" file (meminfo, nvpmodel status, nvfancontrol status), find the
 * line whose key equals key (case-sensitive, up to the separator ':') and return a view
 * of its trimmed value. Returns 0, or -ENOENT when the key is absent. */
int parse_kv_find(const char *text, size_t len, const char *key, char sep, StrView *value);

/* Same, parsing the value's first word as an integer ("MemTotal:  7802880 kB"). */
int parse_kv_i64(const char *text, size_t len, const char *key, char sep, int64_t *out);

/* The selected word of a bracketed choice list ("always [madvise] never" -> "madvise"). */
int parse_bracketed(const char *s, size_t len, StrView *choice);

/* True when v equals the NUL-terminated string lit. */
bool strview_eq(StrView v, const char *lit);

/* Copy a view into a NUL-terminated buffer; -ERANGE if it does not fit. */
int strview_copy(StrView v, char *out, size_t outsz);

#endif
