/* SPDX-License-Identifier: MIT */
/* redact: serial numbers and MAC addresses out of captured files (see the header). */
#include "jtune/core/redact.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

/* True when the file at relpath holds nothing but an identifier of this unit (device-tree
 * serial-number, a USB or board serial, a network interface's address). */
static bool redact_whole_file(const char *relpath) {
    const char *base = strrchr(relpath, '/');
    base = base ? base + 1 : relpath;
    if (strcmp(base, "serial-number") == 0 || strcmp(base, "serial_number") == 0 ||
        strcmp(base, "serial") == 0 || strcmp(base, "uuid") == 0) {
        return true;
    }
    /* sys/class/net/<if>/address, and the same file reached through sys/devices */
    return strcmp(base, "address") == 0 || strcmp(base, "perm_addr") == 0;
}

static bool is_hex(char c) {
    return isxdigit((unsigned char)c) != 0;
}

/* Six hex pairs joined by one separator (':' or '-'), not inside a longer hex run. */
static bool mac_at(const char *s, size_t i, size_t len) {
    if (i + 17 > len || (i > 0 && (is_hex(s[i - 1]) || s[i - 1] == ':'))) {
        return false;
    }
    char sep = s[i + 2];
    if (sep != ':' && sep != '-') {
        return false;
    }
    for (size_t k = 0; k < 6; k++) {
        const char *p = s + i + 3 * k;
        if (!is_hex(p[0]) || !is_hex(p[1]) || (k < 5 && p[2] != sep)) {
            return false;
        }
    }
    return i + 17 == len || (!is_hex(s[i + 17]) && s[i + 17] != sep);
}

/* "serial" (any case) followed by name characters then '=' or ':' and blanks: the length up
 * to the value, or 0. */
static size_t serial_key_at(const char *s, size_t i, size_t len) {
    if (i + 6 > len || strncasecmp(s + i, "serial", 6) != 0 ||
        (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))) {
        return 0;
    }
    size_t k = i + 6;
    while (k < len && (isalnum((unsigned char)s[k]) || s[k] == '_' || s[k] == '-' || s[k] == '.')) {
        k++;
    }
    if (k >= len || (s[k] != '=' && s[k] != ':')) {
        return 0;
    }
    k++;
    while (k < len && (s[k] == ' ' || s[k] == '\t')) {
        k++;
    }
    return k - i;
}

/* Appends n bytes of s at out + o (the output is counted, not terminated); the new length. */
static size_t put(char *out, size_t o, const char *s, size_t n) {
    memcpy(out + o, s, n);
    return o + n;
}

static bool value_end(char c) {
    return c == '\0' || c == '\n' || c == ' ' || c == '\t' || c == ',' || c == ';';
}

long redact_text(const char *relpath, const char *in, size_t len, char *out, size_t outsz) {
    if (outsz < 2 * len + 16) {
        return -ENOSPC;
    }
    size_t o = 0;
    if (redact_whole_file(relpath)) {
        o = put(out, 0, REDACT_MARK, strlen(REDACT_MARK));
        if (len > 0 && (in[len - 1] == '\0' || in[len - 1] == '\n')) {
            out[o++] = in[len - 1];
        }
        return (long)o;
    }
    for (size_t i = 0; i < len;) {
        size_t key;
        if (mac_at(in, i, len)) {
            o = put(out, o, "xx:xx:xx:xx:xx:xx", 17);
            i += 17;
        } else if ((key = serial_key_at(in, i, len)) > 0) {
            o = put(out, o, in + i, key);
            i += key;
            if (i < len && !value_end(in[i])) {
                o = put(out, o, REDACT_MARK, strlen(REDACT_MARK));
                while (i < len && !value_end(in[i])) {
                    i++;
                }
            }
        } else {
            out[o++] = in[i++];
        }
    }
    return (long)o;
}
