/* SPDX-License-Identifier: MIT */
/* parse: strict parsers for sysfs/procfs text. See parse.h for the conventions. */
#include "jtune/core/parse.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

static bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\0' || c == '\n' || c == '\v' || c == '\f';
}

static StrView trim(const char *p, size_t n) {
    while (n > 0 && is_blank(p[0])) {
        p++;
        n--;
    }
    while (n > 0 && is_blank(p[n - 1])) {
        n--;
    }
    return (StrView){p, n};
}

StrView parse_first_line(const char *s, size_t len) {
    if (s == NULL) {
        return (StrView){"", 0};
    }
    const char *nl = memchr(s, '\n', len);
    size_t n = nl ? (size_t)(nl - s) : len;
    /* a device-tree string ends at its first NUL */
    const char *nul = memchr(s, '\0', n);
    if (nul) {
        n = (size_t)(nul - s);
    }
    return trim(s, n);
}

static int digits_u64(const char *p, size_t n, uint64_t *out) {
    if (n == 0) {
        return -EINVAL;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return -EINVAL;
        }
        uint64_t d = (uint64_t)(p[i] - '0');
        if (v > (UINT64_MAX - d) / 10) {
            return -ERANGE;
        }
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

int parse_u64(const char *s, size_t len, uint64_t *out) {
    StrView v = parse_first_line(s, len);
    if (v.n == 0) {
        return -ENODATA;
    }
    if (v.p[0] == '+') {
        v.p++;
        v.n--;
    }
    return digits_u64(v.p, v.n, out);
}

int parse_i64(const char *s, size_t len, int64_t *out) {
    StrView v = parse_first_line(s, len);
    if (v.n == 0) {
        return -ENODATA;
    }
    bool neg = false;
    if (v.p[0] == '-' || v.p[0] == '+') {
        neg = v.p[0] == '-';
        v.p++;
        v.n--;
    }
    uint64_t u;
    int rc = digits_u64(v.p, v.n, &u);
    if (rc < 0) {
        return rc;
    }
    if (neg) {
        if (u > (uint64_t)INT64_MAX + 1u) {
            return -ERANGE;
        }
        *out = (u == (uint64_t)INT64_MAX + 1u) ? INT64_MIN : -(int64_t)u;
    } else {
        if (u > (uint64_t)INT64_MAX) {
            return -ERANGE;
        }
        *out = (int64_t)u;
    }
    return 0;
}

int parse_fixed(const char *s, size_t len, int scale_digits, int64_t *out) {
    StrView v = parse_first_line(s, len);
    if (v.n == 0) {
        return -ENODATA;
    }
    if (scale_digits < 0 || scale_digits > 9) {
        return -EINVAL;
    }
    const char *dot = memchr(v.p, '.', v.n);
    size_t int_n = dot ? (size_t)(dot - v.p) : v.n;
    int64_t ip;
    int rc;
    bool neg = int_n > 0 && v.p[0] == '-';
    if (int_n == (neg ? 1u : 0u)) {
        ip = 0; /* ".5" or "-.5" */
        if (!dot) {
            return -EINVAL;
        }
    } else if ((rc = parse_i64(v.p, int_n, &ip)) < 0) {
        return rc;
    }
    int64_t frac = 0;
    int taken = 0;
    if (dot) {
        const char *f = dot + 1;
        size_t fn = v.n - int_n - 1;
        if (fn == 0) {
            return -EINVAL;
        }
        for (size_t i = 0; i < fn; i++) {
            if (f[i] < '0' || f[i] > '9') {
                return -EINVAL;
            }
            if (taken < scale_digits) {
                frac = frac * 10 + (f[i] - '0');
                taken++;
            }
        }
    }
    for (; taken < scale_digits; taken++) {
        frac *= 10;
    }
    int64_t scale = 1;
    for (int i = 0; i < scale_digits; i++) {
        scale *= 10;
    }
    if (ip > INT64_MAX / scale || ip < INT64_MIN / scale) {
        return -ERANGE;
    }
    int64_t r = ip * scale;
    r = (neg || ip < 0) ? r - frac : r + frac;
    *out = r;
    return 0;
}

int parse_str(const char *s, size_t len, char *out, size_t outsz) {
    StrView v = parse_first_line(s, len);
    if (v.n == 0) {
        return -ENODATA;
    }
    return strview_copy(v, out, outsz);
}

int parse_words(const char *s, size_t len, StrView *words, size_t max, size_t *n) {
    StrView line = parse_first_line(s, len);
    size_t count = 0;
    size_t i = 0;
    int rc = 0;
    while (i < line.n) {
        while (i < line.n && is_blank(line.p[i])) {
            i++;
        }
        size_t start = i;
        while (i < line.n && !is_blank(line.p[i])) {
            i++;
        }
        if (i > start) {
            if (count == max) {
                rc = -ERANGE;
                break;
            }
            words[count++] = (StrView){line.p + start, i - start};
        }
    }
    *n = count;
    return rc;
}

int parse_i64_list(const char *s, size_t len, int64_t *out, size_t max, size_t *n) {
    StrView line = parse_first_line(s, len);
    if (line.n == 0) {
        return -ENODATA;
    }
    size_t count = 0;
    size_t i = 0;
    while (i < line.n) {
        while (i < line.n && is_blank(line.p[i])) {
            i++;
        }
        size_t start = i;
        while (i < line.n && !is_blank(line.p[i])) {
            i++;
        }
        if (i == start) {
            break;
        }
        if (count == max) {
            return -ERANGE;
        }
        int64_t v;
        int rc = parse_i64(line.p + start, i - start, &v);
        if (rc < 0) {
            return rc;
        }
        out[count++] = v;
    }
    *n = count;
    return 0;
}

static int cpulist_item(const char *p, size_t n, uint64_t *mask) {
    const char *dash = memchr(p, '-', n);
    uint64_t a, b;
    int rc;
    if (dash) {
        if ((rc = digits_u64(p, (size_t)(dash - p), &a)) < 0 ||
            (rc = digits_u64(dash + 1, n - (size_t)(dash - p) - 1, &b)) < 0) {
            return rc;
        }
    } else {
        if ((rc = digits_u64(p, n, &a)) < 0) {
            return rc;
        }
        b = a;
    }
    if (a > b) {
        return -EINVAL;
    }
    if (b >= 64) {
        return -ERANGE;
    }
    for (uint64_t c = a; c <= b; c++) {
        *mask |= 1ull << c;
    }
    return 0;
}

int parse_cpulist(const char *s, size_t len, uint64_t *mask) {
    StrView line = parse_first_line(s, len);
    uint64_t m = 0;
    size_t i = 0;
    while (i < line.n) {
        size_t start = i;
        while (i < line.n && line.p[i] != ',') {
            i++;
        }
        StrView item = trim(line.p + start, i - start);
        if (item.n == 0) {
            return -EINVAL;
        }
        int rc = cpulist_item(item.p, item.n, &m);
        if (rc < 0) {
            return rc;
        }
        if (i < line.n) {
            i++; /* skip ',' */
            if (i == line.n) {
                return -EINVAL; /* trailing comma */
            }
        }
    }
    *mask = m;
    return 0;
}

int format_cpulist(uint64_t mask, char *out, size_t outsz) {
    size_t used = 0;
    if (outsz == 0) {
        return -ERANGE;
    }
    out[0] = '\0';
    for (int c = 0; c < 64; c++) {
        if (!(mask & (1ull << c))) {
            continue;
        }
        int e = c;
        while (e + 1 < 64 && (mask & (1ull << (e + 1)))) {
            e++;
        }
        int w = (e > c) ? snprintf(out + used, outsz - used, "%s%d-%d", used ? "," : "", c, e)
                        : snprintf(out + used, outsz - used, "%s%d", used ? "," : "", c);
        if (w < 0 || (size_t)w >= outsz - used) {
            return -ERANGE;
        }
        used += (size_t)w;
        c = e;
    }
    return (int)used;
}

int parse_kv_find(const char *text, size_t len, const char *key, char sep, StrView *value) {
    size_t klen = strlen(key);
    size_t i = 0;
    while (i < len) {
        const char *line = text + i;
        const char *nl = memchr(line, '\n', len - i);
        size_t n = nl ? (size_t)(nl - line) : len - i;
        StrView t = trim(line, n);
        if (t.n > klen && memcmp(t.p, key, klen) == 0) {
            StrView rest = trim(t.p + klen, t.n - klen);
            if (rest.n > 0 && rest.p[0] == sep) {
                *value = trim(rest.p + 1, rest.n - 1);
                return 0;
            }
        }
        i += n + 1;
    }
    return -ENOENT;
}

int parse_kv_i64(const char *text, size_t len, const char *key, char sep, int64_t *out) {
    StrView v;
    int rc = parse_kv_find(text, len, key, sep, &v);
    if (rc < 0) {
        return rc;
    }
    StrView w[1];
    size_t n = 0;
    parse_words(v.p, v.n, w, 1, &n);
    if (n == 0) {
        return -ENODATA;
    }
    return parse_i64(w[0].p, w[0].n, out);
}

int parse_bracketed(const char *s, size_t len, StrView *choice) {
    StrView line = parse_first_line(s, len);
    if (line.n == 0) {
        return -ENODATA;
    }
    const char *open = memchr(line.p, '[', line.n);
    if (!open) {
        return -EINVAL;
    }
    size_t rest = line.n - (size_t)(open - line.p) - 1;
    const char *close = memchr(open + 1, ']', rest);
    if (!close || close == open + 1) {
        return -EINVAL;
    }
    *choice = (StrView){open + 1, (size_t)(close - open - 1)};
    return 0;
}

bool strview_eq(StrView v, const char *lit) {
    size_t n = strlen(lit);
    return v.n == n && memcmp(v.p, lit, n) == 0;
}

int strview_copy(StrView v, char *out, size_t outsz) {
    if (outsz == 0 || v.n >= outsz) {
        return -ERANGE;
    }
    memcpy(out, v.p, v.n);
    out[v.n] = '\0';
    return 0;
}

int parse_hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

int parse_hex_u64(const char *s, size_t len, uint64_t *out) {
    if (len == 0 || len > 16) {
        return -EINVAL;
    }
    uint64_t x = 0;
    for (size_t i = 0; i < len; i++) {
        int d = parse_hex_digit(s[i]);
        if (d < 0) {
            return -EINVAL;
        }
        x = x << 4 | (uint64_t)d;
    }
    *out = x;
    return 0;
}
