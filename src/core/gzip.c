/* SPDX-License-Identifier: MIT */
/* gzip: fixed-Huffman deflate with hash-chain LZ77, wrapped as gzip (see the header). */
#include "jtune/core/gzip.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define WSIZE     32768 /* deflate's window */
#define CHUNK     65536 /* new bytes compressed per block */
#define BUFSZ     (WSIZE + CHUNK)
#define HASH_BITS 15
#define HASH_SIZE (1 << HASH_BITS)
#define MIN_MATCH 3
#define MAX_MATCH 258
#define MAX_CHAIN 32 /* candidates tried per position: speed over the last percent */
#define OUTSZ     16384
#define NIL       (-1)

struct GzipWriter {
    GzipSink sink;
    void *ctx;
    int err;
    uint32_t crc;
    uint32_t isize;
    uint64_t bits; /* pending output bits, LSB first */
    int nbits;
    size_t fill;  /* bytes in buf (history first) */
    size_t start; /* where the uncompressed bytes begin */
    int32_t head[HASH_SIZE];
    int32_t prev[BUFSZ];
    uint8_t buf[BUFSZ];
    uint8_t out[OUTSZ];
    size_t nout;
};

uint32_t gzip_crc32(uint32_t crc, const void *data, size_t len) {
    static uint32_t table[256];
    static bool ready;
    if (!ready) { /* computed, not written out: 256 magic numbers explain nothing */
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[i] = c;
        }
        ready = true;
    }
    const uint8_t *p = data;
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    }
    return ~crc;
}

static void out_flush(GzipWriter *g) {
    if (g->nout && !g->err) {
        g->err = g->sink(g->ctx, g->out, g->nout);
    }
    g->nout = 0;
}

static void out_byte(GzipWriter *g, uint8_t b) {
    if (g->nout == OUTSZ) {
        out_flush(g);
    }
    g->out[g->nout++] = b;
}

/* Append n (<= 32) bits of v, least significant first, as deflate packs them. */
static void put_bits(GzipWriter *g, uint32_t v, int n) {
    g->bits |= (uint64_t)v << g->nbits;
    g->nbits += n;
    while (g->nbits >= 8) {
        out_byte(g, (uint8_t)g->bits);
        g->bits >>= 8;
        g->nbits -= 8;
    }
}

/* A Huffman code is sent most significant bit first: reverse it into the LSB stream. */
static void put_code(GzipWriter *g, uint32_t code, int len) {
    uint32_t r = 0;
    for (int i = 0; i < len; i++) {
        r = (r << 1) | ((code >> i) & 1);
    }
    put_bits(g, r, len);
}

/* A literal/length symbol (0..287) in the fixed code of RFC 1951 3.2.6. */
static void put_litlen(GzipWriter *g, int sym) {
    if (sym < 144) {
        put_code(g, 0x30u + (uint32_t)sym, 8);
    } else if (sym < 256) {
        put_code(g, 0x190u + (uint32_t)(sym - 144), 9);
    } else if (sym < 280) {
        put_code(g, (uint32_t)(sym - 256), 7);
    } else {
        put_code(g, 0xC0u + (uint32_t)(sym - 280), 8);
    }
}

static const uint16_t LEN_BASE[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                      15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                      67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t LEN_EXTRA[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t DIST_BASE[30] = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t DIST_EXTRA[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

static void put_match(GzipWriter *g, int len, int dist) {
    int l = 28;
    while (LEN_BASE[l] > len) {
        l--;
    }
    put_litlen(g, 257 + l);
    put_bits(g, (uint32_t)(len - LEN_BASE[l]), LEN_EXTRA[l]);
    int d = 29;
    while (DIST_BASE[d] > dist) {
        d--;
    }
    put_code(g, (uint32_t)d, 5);
    put_bits(g, (uint32_t)(dist - DIST_BASE[d]), DIST_EXTRA[d]);
}

static uint32_t hash3(const uint8_t *p) {
    uint32_t v = ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

static void insert(GzipWriter *g, size_t pos, size_t end) {
    if (pos + MIN_MATCH <= end) {
        uint32_t h = hash3(g->buf + pos);
        g->prev[pos] = g->head[h];
        g->head[h] = (int32_t)pos;
    }
}

/* The longest earlier match for pos (no further back than the window, not past end). */
static int longest(const GzipWriter *g, size_t pos, size_t end, int *dist) {
    if (pos + MIN_MATCH > end) {
        return 0;
    }
    size_t maxlen = end - pos < MAX_MATCH ? end - pos : MAX_MATCH;
    int best = 0;
    int32_t cand = g->head[hash3(g->buf + pos)];
    for (int chain = 0; cand != NIL && chain < MAX_CHAIN; chain++) {
        size_t c = (size_t)cand;
        if (pos - c > WSIZE) {
            break;
        }
        size_t n = 0;
        while (n < maxlen && g->buf[c + n] == g->buf[pos + n]) {
            n++;
        }
        if ((int)n > best) {
            best = (int)n;
            *dist = (int)(pos - c);
            if (n == maxlen) {
                break;
            }
        }
        cand = g->prev[c];
    }
    return best >= MIN_MATCH ? best : 0;
}

/* Compress buf[start, fill) as one fixed-Huffman block. */
static void compress_block(GzipWriter *g, bool final) {
    put_bits(g, final ? 1 : 0, 1);
    put_bits(g, 1, 2); /* BTYPE 01: fixed Huffman codes */
    size_t pos = g->start, end = g->fill;
    while (pos < end) {
        int dist = 0;
        int len = longest(g, pos, end, &dist);
        if (len) {
            put_match(g, len, dist);
            for (int i = 0; i < len; i++) {
                insert(g, pos + (size_t)i, end);
            }
            pos += (size_t)len;
        } else {
            put_litlen(g, g->buf[pos]);
            insert(g, pos, end);
            pos++;
        }
    }
    put_litlen(g, 256); /* end of block */
    g->start = end;
}

/* Keep the last WSIZE bytes as history and shift the hash positions with them. */
static void slide(GzipWriter *g) {
    size_t drop = g->fill - WSIZE;
    memmove(g->buf, g->buf + drop, WSIZE);
    for (int i = 0; i < HASH_SIZE; i++) {
        g->head[i] = g->head[i] >= (int32_t)drop ? g->head[i] - (int32_t)drop : NIL;
    }
    for (size_t i = 0; i < WSIZE; i++) {
        int32_t p = g->prev[i + drop];
        g->prev[i] = p >= (int32_t)drop ? p - (int32_t)drop : NIL;
    }
    g->fill = g->start = WSIZE;
}

int gzip_open(GzipWriter **out, GzipSink sink, void *ctx, uint32_t mtime) {
    GzipWriter *g = calloc(1, sizeof *g);
    if (!g) {
        return -ENOMEM;
    }
    g->sink = sink;
    g->ctx = ctx;
    for (int i = 0; i < HASH_SIZE; i++) {
        g->head[i] = NIL;
    }
    const uint8_t hdr[10] = {0x1f,
                             0x8b,
                             8,
                             0,
                             (uint8_t)mtime,
                             (uint8_t)(mtime >> 8),
                             (uint8_t)(mtime >> 16),
                             (uint8_t)(mtime >> 24),
                             0,
                             3 /* Unix */};
    memcpy(g->out, hdr, sizeof hdr);
    g->nout = sizeof hdr;
    *out = g;
    return 0;
}

int gzip_write(GzipWriter *g, const void *data, size_t len) {
    const uint8_t *p = data;
    g->crc = gzip_crc32(g->crc, data, len);
    g->isize += (uint32_t)len;
    while (len > 0 && !g->err) {
        size_t room = BUFSZ - g->fill;
        size_t n = len < room ? len : room;
        memcpy(g->buf + g->fill, p, n);
        g->fill += n;
        p += n;
        len -= n;
        if (g->fill == BUFSZ) {
            compress_block(g, false);
            slide(g);
        }
    }
    return g->err;
}

int gzip_finish(GzipWriter *g) {
    compress_block(g, true);
    if (g->nbits > 0) {
        put_bits(g, 0, 8 - g->nbits); /* pad to a byte */
    }
    for (int i = 0; i < 4; i++) {
        out_byte(g, (uint8_t)(g->crc >> (8 * i)));
    }
    for (int i = 0; i < 4; i++) {
        out_byte(g, (uint8_t)(g->isize >> (8 * i)));
    }
    out_flush(g);
    return g->err;
}

void gzip_free(GzipWriter *g) {
    free(g);
}
