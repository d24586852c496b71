/* SPDX-License-Identifier: MIT */
/* nvml: GPU load through NVIDIA's management library, loaded at run time.
 *
 * JetPack 7 boards (Thor) have no nvgpu "load" file; jtop reads the load through NVML there
 * (jetson_stats #885). jtune never links NVML: nvml_open() dlopen()s libnvidia-ml.so.1 when it
 * is installed and says why not otherwise, so a board without it shows n/a with the reason.
 */
#ifndef JTUNE_PLATFORM_JETSON_NVML_H
#define JTUNE_PLATFORM_JETSON_NVML_H

#include "jtune/core/sample.h"

#include <stddef.h>

#define NVML_LIB "libnvidia-ml.so.1"

typedef struct Nvml Nvml;

/* Load lib (NVML_LIB in production), initialise it and take device 0. 0 and *out on
 * success; else -errno, *out NULL and the reason ("libnvidia-ml.so.1: not installed", ...)
 * in why. */
int nvml_open(const char *lib, Nvml **out, char *why, size_t whysz);

/* The GPU's busy share over NVML's last sample period in per mille; n/a when nv is NULL or
 * the call fails. No allocation. */
Val nvml_read_load_pm(Nvml *nv);

/* Shut NVML down and unload it; NULL is fine. */
void nvml_close(Nvml *nv);

#endif
