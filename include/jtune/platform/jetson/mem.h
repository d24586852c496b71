/* SPDX-License-Identifier: MIT */
/* mem: RAM, GPU (nvmap) and CMA memory, swap and zram, largest free block.
 *
 * proc/meminfo (MemTotal, MemFree, MemAvailable, Buffers, Cached, NvMapMemUsed, CmaTotal,
 * CmaFree, SwapTotal, SwapFree, SwapCached), proc/swaps entries named /dev/zram* (sizes in
 * KiB), proc/buddyinfo (the highest order with a free block; a block is 4 KiB << order, the
 * page size of every Jetson kernel). used = MemTotal - MemAvailable (as free(1) computes it)
 * or, on kernels without MemAvailable, MemTotal - MemFree - Buffers - Cached.
 */
#ifndef JTUNE_PLATFORM_JETSON_MEM_H
#define JTUNE_PLATFORM_JETSON_MEM_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stddef.h>

typedef struct {
    AttrId meminfo, swaps, buddyinfo;
} MemAttrs;

/* Register the procfs files. Always 0. */
int mem_probe(Sysfs *fs, Inventory *inv, MemAttrs *a);

/* Read out->mem. No allocation. */
void mem_read(Sysfs *fs, const MemAttrs *a, Sample *out);

/* The meminfo fields of out from proc/meminfo text. Pure. */
void mem_parse_meminfo(const char *text, size_t len, MemSample *out);

/* zram totals (KiB) of out from proc/swaps text. 0, or -EINVAL without the header. Pure. */
int mem_parse_swaps(const char *text, size_t len, MemSample *out);

/* Largest free block in KiB from proc/buddyinfo text, or -1 when none is free. Pure. */
int64_t mem_parse_buddyinfo(const char *text, size_t len);

#endif
