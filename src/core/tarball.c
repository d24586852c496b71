/* SPDX-License-Identifier: MIT */
/* tarball: ustar entries, pax headers for long names (see the header). */
#include "jtune/core/tarball.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define BLOCK          512
#define NAME_MAX_USTAR 100

/* An octal field of width w (w-1 digits and a NUL), as ustar wants. */
static void octal(uint8_t *field, size_t w, uint64_t v) {
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%0*llo", (int)(w - 1), (unsigned long long)v);
    memcpy(field, tmp, w - 1);
    field[w - 1] = '\0';
}

/* Fill the 512-byte ustar header for one entry (name and link truncated to their fields:
 * tarball_add_* send a pax header first when they do not fit). */
static void tarball_header(uint8_t hdr[512], const char *name, unsigned mode, uint64_t size,
                           char type, const char *link, int64_t mtime) {
    memset(hdr, 0, BLOCK);
    strncpy((char *)hdr, name, NAME_MAX_USTAR);
    octal(hdr + 100, 8, mode & 07777);
    octal(hdr + 108, 8, 0);
    octal(hdr + 116, 8, 0);
    octal(hdr + 124, 12, size);
    octal(hdr + 136, 12, (uint64_t)(mtime > 0 ? mtime : 0));
    hdr[156] = (uint8_t)type;
    if (link) {
        strncpy((char *)hdr + 157, link, NAME_MAX_USTAR);
    }
    memcpy(hdr + 257, "ustar", 6); /* magic with its NUL */
    // NOLINTNEXTLINE(bugprone-not-null-terminated-result): the ustar version field has no NUL
    memcpy(hdr + 263, "00", 2);
    memset(hdr + 148, ' ', 8); /* the checksum counts its own field as blanks */
    unsigned sum = 0;
    for (int i = 0; i < BLOCK; i++) {
        sum += hdr[i];
    }
    char ck[8];
    snprintf(ck, sizeof ck, "%06o", sum & 0777777);
    memcpy(hdr + 148, ck, 7); /* six digits, NUL, then the blank already there */
}

static int put(TarWriter *t, const void *data, size_t len) {
    return len ? t->sink(t->ctx, data, len) : 0;
}

/* len bytes of data, padded with zeros to a whole block. */
static int put_padded(TarWriter *t, const void *data, size_t len) {
    static const uint8_t zeros[BLOCK];
    int rc = put(t, data, len);
    size_t pad = (BLOCK - len % BLOCK) % BLOCK;
    return rc ? rc : put(t, zeros, pad);
}

/* One pax record "LEN key=value\n" (LEN counts the whole record, itself included). */
static size_t pax_record(char *out, size_t outsz, const char *key, const char *value) {
    size_t body = strlen(key) + strlen(value) + 3; /* ' ', '=', '\n' */
    size_t len = body + 1;
    while (len != body + (size_t)snprintf(NULL, 0, "%zu", len)) {
        len = body + (size_t)snprintf(NULL, 0, "%zu", len);
    }
    int n = snprintf(out, outsz, "%zu %s=%s\n", len, key, value);
    return n < 0 || (size_t)n >= outsz ? 0 : (size_t)n;
}

/* A pax 'x' header carrying the full path and link target when ustar cannot. */
static int put_pax(TarWriter *t, const char *name, const char *link) {
    char recs[8400];
    size_t n = 0;
    if (strlen(name) >= NAME_MAX_USTAR) {
        n += pax_record(recs + n, sizeof recs - n, "path", name);
    }
    if (link && strlen(link) >= NAME_MAX_USTAR) {
        n += pax_record(recs + n, sizeof recs - n, "linkpath", link);
    }
    if (n == 0) {
        return 0;
    }
    uint8_t hdr[BLOCK];
    char pname[NAME_MAX_USTAR];
    snprintf(pname, sizeof pname, "PaxHeaders/%.80s",
             strrchr(name, '/') ? strrchr(name, '/') + 1 : name);
    tarball_header(hdr, pname, 0644, n, 'x', NULL, t->mtime);
    int rc = put(t, hdr, BLOCK);
    return rc ? rc : put_padded(t, recs, n);
}

static int add(TarWriter *t, const char *name, unsigned mode, char type, const char *link,
               const void *data, size_t len) {
    if (!name || !name[0] || name[0] == '/' || strlen(name) > 4000 ||
        (link && strlen(link) > 4000)) {
        return -EINVAL;
    }
    int rc = put_pax(t, name, link);
    if (rc) {
        return rc;
    }
    uint8_t hdr[BLOCK];
    tarball_header(hdr, name, mode, len, type, link, t->mtime);
    rc = put(t, hdr, BLOCK);
    return rc ? rc : put_padded(t, data, len);
}

int tarball_add_file(TarWriter *t, const char *name, unsigned mode, const void *data, size_t len) {
    return add(t, name, mode, '0', NULL, data, len);
}

int tarball_add_dir(TarWriter *t, const char *name, unsigned mode) {
    return add(t, name, mode, '5', NULL, NULL, 0);
}

int tarball_add_link(TarWriter *t, const char *name, const char *target) {
    return add(t, name, 0777, '2', target, NULL, 0);
}

int tarball_add_fifo(TarWriter *t, const char *name, unsigned mode) {
    return add(t, name, mode, '6', NULL, NULL, 0);
}

int tarball_finish(TarWriter *t) {
    static const uint8_t zeros[2 * BLOCK];
    return put(t, zeros, sizeof zeros);
}
