/* SPDX-License-Identifier: MIT */
/* gzip: a streaming gzip (RFC 1952) writer with its own deflate (RFC 1951), so that jtune
 * capture needs no compression library.
 *
 * Deflate uses fixed-Huffman blocks and an LZ77 matcher (hash chains over a 32 KiB window):
 * sysfs text compresses to about a fifth, which is all a board capture needs. Output goes to
 * a caller's sink in pieces; nothing is written to any file here (pure: no I/O of its own).
 */
#ifndef JTUNE_CORE_GZIP_H
#define JTUNE_CORE_GZIP_H

#include <stddef.h>
#include <stdint.h>

/* Receives compressed bytes. Returns 0, or -errno to stop the writer (passed back up). */
typedef int (*GzipSink)(void *ctx, const void *data, size_t len);

typedef struct GzipWriter GzipWriter;

/* The CRC-32 (IEEE 802.3, as gzip and zlib's crc32) of data, continuing from crc (0 to
 * start). Pure. */
uint32_t gzip_crc32(uint32_t crc, const void *data, size_t len);

/* A new writer that sends its output to sink; the gzip header carries mtime (seconds since
 * 1970, 0 for none). *out is owned by the caller (gzip_free). 0 or -ENOMEM. */
int gzip_open(GzipWriter **out, GzipSink sink, void *ctx, uint32_t mtime);

/* Compress len bytes. 0, or the sink's -errno (the writer is then unusable). */
int gzip_write(GzipWriter *g, const void *data, size_t len);

/* Flush the last block and write the trailer (CRC-32, size). 0 or the sink's -errno. */
int gzip_finish(GzipWriter *g);

/* Free the writer (finished or not). NULL is ignored. */
void gzip_free(GzipWriter *g);

#endif
