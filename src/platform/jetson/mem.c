/* SPDX-License-Identifier: MIT */
/* mem: meminfo, zram swap and the largest free block. */
#include "jtune/platform/jetson/mem.h"

#include "jtune/core/parse.h"
#include "jtune/platform/jetson/attrval.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#define PAGE_KIB 4 /* every Jetson kernel uses 4 KiB pages */

int mem_probe(Sysfs *fs, Inventory *inv, MemAttrs *a) {
    (void)inv;
    a->meminfo = sysfs_attr(fs, "proc/meminfo");
    a->swaps = sysfs_attr(fs, "proc/swaps");
    a->buddyinfo = sysfs_attr(fs, "proc/buddyinfo");
    return 0;
}

/* The meminfo keys kept, and where each goes. */
#define KEY(k, f)                                                                                  \
    { k, sizeof(k) - 1, offsetof(MemSample, f) }
static const struct {
    const char *key;
    size_t len;
    size_t off;
} KEYS[] = {
    KEY("MemTotal", total_kib),       KEY("MemFree", free_kib),
    KEY("MemAvailable", avail_kib),   KEY("Buffers", buffers_kib),
    KEY("Cached", cached_kib),        KEY("SwapCached", swap_cached_kib),
    KEY("SwapTotal", swap_total_kib), KEY("SwapFree", swap_free_kib),
    KEY("CmaTotal", cma_total_kib),   KEY("CmaFree", cma_free_kib),
    KEY("NvMapMemUsed", nvmap_kib),
};
#undef KEY
#define N_KEYS (sizeof KEYS / sizeof KEYS[0])

static Val *field(MemSample *m, size_t i) {
    return (Val *)(void *)((char *)m + KEYS[i].off);
}

/* The KEYS index of key, or -1. Lengths and first bytes rule out almost every key before a
 * memcmp, so a line costs a few integer compares. */
static int key_index(const char *k, size_t n) {
    for (size_t i = 0; i < N_KEYS; i++) {
        if (KEYS[i].len == n && KEYS[i].key[0] == k[0] && memcmp(KEYS[i].key, k, n) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* The decimal value after the colon ("   123 kB"); -1 when there is none. */
static int64_t meminfo_value(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t')) {
        p++;
    }
    const char *d = p;
    while (p < end && *p >= '0' && *p <= '9') {
        p++;
    }
    int64_t v;
    if (p < end && *p != ' ' && *p != '\t') {
        return -1; /* "12x kB" */
    }
    return parse_i64(d, (size_t)(p - d), &v) == 0 ? v : -1;
}

/* One pass: each line is split at its colon while scanning for the newline; the scan stops
 * once every key has been seen. */
void mem_parse_meminfo(const char *text, size_t len, MemSample *m) {
    for (size_t i = 0; i < N_KEYS; i++) {
        *field(m, i) = val_na();
    }
    m->used_kib = val_na();
    const char *p = text;
    const char *end = text + len;
    size_t left = N_KEYS;
    while (p < end && left > 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        const char *colon = memchr(p, ':', (size_t)(eol - p));
        int i = colon && colon > p ? key_index(p, (size_t)(colon - p)) : -1;
        if (i >= 0 && !field(m, (size_t)i)->ok) {
            int64_t v = meminfo_value(colon + 1, eol);
            if (v >= 0) {
                *field(m, (size_t)i) = val_of(v);
                left--;
            }
        }
        p = eol + 1;
    }
    if (m->total_kib.ok && m->avail_kib.ok) {
        m->used_kib = val_of(m->total_kib.v - m->avail_kib.v);
    } else if (m->total_kib.ok && m->free_kib.ok && m->buffers_kib.ok && m->cached_kib.ok) {
        m->used_kib = val_of(m->total_kib.v - m->free_kib.v - m->buffers_kib.v - m->cached_kib.v);
    }
}

/* "Filename Type Size Used Priority" rows; sizes in KiB. */
int mem_parse_swaps(const char *text, size_t len, MemSample *m) {
    if (len < 8 || memcmp(text, "Filename", 8) != 0) {
        return -EINVAL;
    }
    int64_t total = 0;
    int64_t used = 0;
    const char *nl = memchr(text, '\n', len);
    size_t at = nl ? (size_t)(nl - text) + 1 : len;
    while (at < len) {
        nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        StrView w[5];
        size_t k = 0;
        int64_t sz, us;
        parse_words(text + at, n, w, 5, &k);
        at += n + 1;
        if (k >= 4 && w[0].n > 9 && memcmp(w[0].p, "/dev/zram", 9) == 0 &&
            parse_i64(w[2].p, w[2].n, &sz) == 0 && parse_i64(w[3].p, w[3].n, &us) == 0) {
            total += sz;
            used += us;
        }
    }
    m->zram_total_kib = val_of(total);
    m->zram_used_kib = val_of(used);
    return 0;
}

/* "Node 0, zone   Normal  811 402 ... 30": counts of free blocks of order 0, 1, ... */
int64_t mem_parse_buddyinfo(const char *text, size_t len) {
    int best = -1;
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        StrView w[4 + 20];
        size_t k = 0;
        parse_words(text + at, n, w, 24, &k);
        at += n + 1;
        for (size_t i = 4; i < k; i++) {
            uint64_t c;
            if (parse_u64(w[i].p, w[i].n, &c) == 0 && c > 0 && (int)(i - 4) > best) {
                best = (int)(i - 4);
            }
        }
    }
    return best < 0 ? -1 : (int64_t)PAGE_KIB << best;
}

void mem_read(Sysfs *fs, const MemAttrs *a, Sample *out) {
    char buf[SYSFS_ATTR_MAX];
    ssize_t n = attrval_text(fs, a->meminfo, buf, sizeof buf);
    if (n > 0) {
        mem_parse_meminfo(buf, (size_t)n, &out->mem);
    }
    n = attrval_text(fs, a->swaps, buf, sizeof buf);
    if (n > 0) {
        mem_parse_swaps(buf, (size_t)n, &out->mem);
    }
    n = attrval_text(fs, a->buddyinfo, buf, sizeof buf);
    int64_t lfb = n > 0 ? mem_parse_buddyinfo(buf, (size_t)n) : -1;
    out->mem.lfb_kib = lfb >= 0 ? val_of(lfb) : val_na();
}
