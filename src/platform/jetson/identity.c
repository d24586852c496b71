/* SPDX-License-Identifier: MIT */
/* identity: board, module, SoC, L4T/JetPack and kernel release. */
#include "jtune/platform/jetson/identity.h"

#include "jtune/core/parse.h"
#include "jtune/platform/jetson/discover.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

/* L4T -> JetPack, from NVIDIA's release notes. A release missing here is shown as is. */
static const struct {
    const char *l4t;
    const char *jetpack;
} JETPACK[] = {
    {"32.1.0", "4.2"},   {"32.2.0", "4.2.1"},  {"32.2.1", "4.2.2"},  {"32.2.3", "4.2.3"},
    {"32.3.1", "4.3"},   {"32.4.2", "4.4 DP"}, {"32.4.3", "4.4"},    {"32.4.4", "4.4.1"},
    {"32.5.0", "4.5"},   {"32.5.1", "4.5.1"},  {"32.5.2", "4.5.1"},  {"32.6.1", "4.6"},
    {"32.7.1", "4.6.1"}, {"32.7.2", "4.6.2"},  {"32.7.3", "4.6.3"},  {"32.7.4", "4.6.4"},
    {"32.7.5", "4.6.5"}, {"32.7.6", "4.6.6"},  {"34.1.0", "5.0 DP"}, {"34.1.1", "5.0.1 DP"},
    {"35.1.0", "5.0.2"}, {"35.2.1", "5.1"},    {"35.3.1", "5.1.1"},  {"35.4.1", "5.1.2"},
    {"35.5.0", "5.1.3"}, {"35.6.0", "5.1.4"},  {"35.6.2", "5.1.5"},  {"36.2.0", "6.0 DP"},
    {"36.3.0", "6.0"},   {"36.4.0", "6.1"},    {"36.4.3", "6.2"},    {"36.4.4", "6.2.1"},
    {"36.4.7", "6.2.1"}, {"36.5.0", "6.2.2"},  {"38.2.0", "7.0"},    {"38.2.1", "7.0"},
    {"38.2.2", "7.0"},   {"38.4.0", "7.1"},
};

/* Whole release lines that map to one JetPack (jtop's jetson_variables: 39.2.0 is 7.2). */
static const struct {
    const char *prefix;
    const char *jetpack;
} JETPACK_LINES[] = {{"39.", "7.2"}};

const char *identity_jetpack_of(const char *l4t) {
    for (size_t i = 0; i < sizeof JETPACK / sizeof JETPACK[0]; i++) {
        if (strcmp(JETPACK[i].l4t, l4t) == 0) {
            return JETPACK[i].jetpack;
        }
    }
    for (size_t i = 0; i < sizeof JETPACK_LINES / sizeof JETPACK_LINES[0]; i++) {
        if (strncmp(JETPACK_LINES[i].prefix, l4t, strlen(JETPACK_LINES[i].prefix)) == 0) {
            return JETPACK_LINES[i].jetpack;
        }
    }
    return "";
}

/* Digits at p (at most n); returns how many. */
static size_t span_digits(const char *p, size_t n) {
    size_t i = 0;
    while (i < n && p[i] >= '0' && p[i] <= '9') {
        i++;
    }
    return i;
}

/* Find needle in [s, s+n); returns the offset after it or -1. */
static long find_after(const char *s, size_t n, const char *needle) {
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++) {
        if (memcmp(s + i, needle, k) == 0) {
            return (long)(i + k);
        }
    }
    return -1;
}

int identity_parse_l4t(const char *text, size_t len, char *out, size_t outsz) {
    StrView line = parse_first_line(text, len);
    long r = find_after(line.p, line.n, "R");
    long rev = find_after(line.p, line.n, "REVISION:");
    if (r < 0 || rev < 0) {
        return -EINVAL;
    }
    size_t major = span_digits(line.p + r, line.n - (size_t)r);
    size_t at = (size_t)rev;
    while (at < line.n && line.p[at] == ' ') {
        at++;
    }
    size_t minor = span_digits(line.p + at, line.n - at);
    if (major == 0 || minor == 0 || at + minor >= line.n || line.p[at + minor] != '.') {
        return -EINVAL;
    }
    size_t patch = span_digits(line.p + at + minor + 1, line.n - at - minor - 1);
    if (patch == 0 || major + minor + patch + 3 > outsz) {
        return patch == 0 ? -EINVAL : -ERANGE;
    }
    size_t o = 0;
    memcpy(out + o, line.p + r, major);
    o += major;
    out[o++] = '.';
    memcpy(out + o, line.p + at, minor + 1 + patch); /* "4.3" */
    o += minor + 1 + patch;
    out[o] = '\0';
    return 0;
}

/* A "pNNNN-NNNN" P-number starting at s[i]? */
static bool is_pnumber(const char *s, size_t n, size_t i) {
    if (i + 10 > n || s[i] != 'p' || s[i + 5] != '-') {
        return false;
    }
    return span_digits(s + i + 1, 4) == 4 && span_digits(s + i + 6, 4) == 4;
}

static int copy_pnumber(const char *s, size_t n, size_t from, char *out, size_t outsz) {
    for (size_t i = from; i < n && s[i] != '\0'; i++) {
        if (is_pnumber(s, n, i)) {
            return strview_copy((StrView){s + i, 10}, out, outsz);
        }
    }
    return -ENOENT;
}

int identity_module_of(const char *compat, size_t len, char *out, size_t outsz) {
    /* "carrier+module" in the first string: the module follows the '+' */
    size_t first = strnlen(compat, len);
    const char *plus = memchr(compat, '+', first);
    if (plus && copy_pnumber(compat, first, (size_t)(plus - compat), out, outsz) == 0) {
        return 0;
    }
    /* else the first P-number of a later string ("nvidia,p3767-0005") */
    for (size_t at = first + 1; at < len; at += strnlen(compat + at, len - at) + 1) {
        if (copy_pnumber(compat, len, at, out, outsz) == 0) {
            return 0;
        }
    }
    return copy_pnumber(compat, first, 0, out, outsz);
}

int identity_soc_of(const char *compat, size_t len, char *out, size_t outsz) {
    for (size_t at = 0; at < len; at += strnlen(compat + at, len - at) + 1) {
        const char *s = compat + at;
        size_t n = strnlen(s, len - at);
        long t = find_after(s, n, "tegra");
        if (t >= 5 && span_digits(s + t, n - (size_t)t) == n - (size_t)t && (size_t)t < n) {
            return strview_copy((StrView){s + t - 5, n - (size_t)t + 5}, out, outsz);
        }
    }
    return -ENOENT;
}

int identity_parse_kernel(const char *text, size_t len, char *out, size_t outsz) {
    StrView w[3];
    size_t n = 0;
    parse_words(text, len, w, 3, &n);
    if (n < 3 || !strview_eq(w[0], "Linux") || !strview_eq(w[1], "version")) {
        return -EINVAL;
    }
    return strview_copy(w[2], out, outsz);
}

/* compatible with its NULs turned into ", " (the trailing NUL dropped). */
static void join_compatible(const char *raw, size_t n, char *out, size_t outsz) {
    size_t o = 0;
    for (size_t i = 0; i < n && o + 3 < outsz; i++) {
        if (raw[i] != '\0') {
            out[o++] = raw[i];
        } else if (i + 1 < n && raw[i + 1] != '\0') {
            out[o++] = ',';
            out[o++] = ' ';
        }
    }
    out[o] = '\0';
}

static void probe_dt(const Sysfs *fs, Identity *id) {
    if (sysfs_read_str(fs, "proc/device-tree/model", id->model, sizeof id->model) < 0) {
        sysfs_read_str(fs, "sys/firmware/devicetree/base/model", id->model, sizeof id->model);
    }
    char raw[512];
    ssize_t n = sysfs_read(fs, "proc/device-tree/compatible", raw, sizeof raw);
    if (n < 0) {
        n = sysfs_read(fs, "sys/firmware/devicetree/base/compatible", raw, sizeof raw);
    }
    if (n <= 0) {
        return;
    }
    join_compatible(raw, (size_t)n, id->compatible, sizeof id->compatible);
    identity_module_of(raw, (size_t)n, id->module, sizeof id->module);
    identity_soc_of(raw, (size_t)n, id->soc, sizeof id->soc);
    size_t first = strnlen(raw, (size_t)n);
    /* the Super device tree names itself "...-super" (and its model ends in "Super") */
    id->super = (first >= 6 && memcmp(raw + first - 6, "-super", 6) == 0) ||
                strstr(id->model, "Super") != NULL;
}

int identity_probe(Sysfs *fs, Inventory *inv) {
    Identity *id = &inv->id;
    memset(id, 0, sizeof *id);
    probe_dt(fs, id);
    char buf[1024];
    ssize_t n = sysfs_read(fs, "etc/nv_tegra_release", buf, sizeof buf);
    if (n > 0 && identity_parse_l4t(buf, (size_t)n, id->l4t, sizeof id->l4t) == 0) {
        discover_copy(id->jetpack, sizeof id->jetpack, identity_jetpack_of(id->l4t));
    }
    n = sysfs_read(fs, "proc/version", buf, sizeof buf);
    if (n > 0) {
        identity_parse_kernel(buf, (size_t)n, id->kernel, sizeof id->kernel);
    }
    return 0;
}
