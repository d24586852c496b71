/* SPDX-License-Identifier: MIT */
/* nvml: GPU load through libnvidia-ml, loaded with dlopen (no build dependency). */
#include "jtune/platform/jetson/nvml.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The few NVML declarations used (nvml.h, stable ABI since NVML 2.285). */
typedef int nvmlReturn_t; /* 0 is NVML_SUCCESS */
typedef void *nvmlDevice_t;
typedef struct {
    unsigned int gpu, memory; /* percent of the last sample period */
} nvmlUtilization_t;

struct Nvml {
    void *lib;
    nvmlDevice_t dev;
    nvmlReturn_t (*shutdown)(void);
    nvmlReturn_t (*utilization)(nvmlDevice_t, nvmlUtilization_t *);
};

static int fail(Nvml *nv, int err, char *why, size_t whysz, const char *lib, const char *what) {
    snprintf(why, whysz, "%s: %s", lib, what);
    if (nv) {
        if (nv->lib) {
            dlclose(nv->lib);
        }
        free(nv);
    }
    return -err;
}

int nvml_open(const char *lib, Nvml **out, char *why, size_t whysz) {
    *out = NULL;
    Nvml *nv = calloc(1, sizeof *nv);
    if (!nv) {
        return fail(NULL, ENOMEM, why, whysz, lib, "out of memory");
    }
    nv->lib = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
    if (!nv->lib) {
        return fail(nv, ENOENT, why, whysz, lib, "not installed");
    }
    nvmlReturn_t (*init)(void);
    nvmlReturn_t (*handle)(unsigned int, nvmlDevice_t *);
    /* POSIX's idiom for dlsym: ISO C has no cast from void * to a function pointer */
    *(void **)&init = dlsym(nv->lib, "nvmlInit_v2");
    *(void **)&handle = dlsym(nv->lib, "nvmlDeviceGetHandleByIndex_v2");
    *(void **)&nv->shutdown = dlsym(nv->lib, "nvmlShutdown");
    *(void **)&nv->utilization = dlsym(nv->lib, "nvmlDeviceGetUtilizationRates");
    if (!init || !handle || !nv->shutdown || !nv->utilization) {
        return fail(nv, ENOSYS, why, whysz, lib, "lacks the NVML functions used");
    }
    if (init() != 0) {
        return fail(nv, EIO, why, whysz, lib, "nvmlInit failed");
    }
    if (handle(0, &nv->dev) != 0) {
        nv->shutdown();
        return fail(nv, ENODEV, why, whysz, lib, "no GPU 0");
    }
    *out = nv;
    if (whysz) {
        why[0] = '\0';
    }
    return 0;
}

Val nvml_read_load_pm(Nvml *nv) {
    nvmlUtilization_t u;
    if (!nv || nv->utilization(nv->dev, &u) != 0 || u.gpu > 100) {
        return val_na();
    }
    return val_of((int64_t)u.gpu * 10);
}

void nvml_close(Nvml *nv) {
    if (nv) {
        nv->shutdown();
        dlclose(nv->lib);
        free(nv);
    }
}
