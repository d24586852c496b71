/* SPDX-License-Identifier: MIT */
/* gpu: devfreq node and device files of the integrated GPU. */
#include "jtune/platform/jetson/gpu.h"

#include "jtune/core/parse.h"
#include "jtune/platform/jetson/attrval.h"
#include "jtune/platform/jetson/discover.h"
#include "jtune/platform/jetson/nvml.h"

#include <stdio.h>
#include <string.h>

#define DEVFREQ "sys/class/devfreq"

/* devfreq names per generation, and the device-tree node names jtop also accepts. Thor
 * (JetPack 7) names its GPC clock "gpu-gpc-0", without of_node/name (jtop #885); its sibling
 * "gpu-nvd-0" clocks the video engines, not the GPU. */
static const char *const GPU_NAMES[] = {"17000000.gpu",   "17000000.ga10b", "17000000.gv11b",
                                        "17000000.gp10b", "57000000.gpu",   "gpu-gpc-0"};
static const char *const GPU_OF_NAMES[] = {"gpu", "ga10b", "gv11b", "gp10b"};
/* nvgpu's aliases for the device directory: JP6 first, then JP5/JP4 */
static const char *const GPU_ALIASES[] = {"sys/devices/platform/gpu.0", "sys/devices/gpu.0"};

/* NVML is process-wide state: opened once, on the real root only (a --root tree is another
 * board than the GPU NVML would report), and kept for the process's life. */
static Nvml *nvml;
static int nvml_rc = 1; /* 1: not tried */
static char nvml_why[64];

static void probe_nvml(const Sysfs *fs, GpuInfo *g) {
    if (!sysfs_is_real_root(fs)) {
        snprintf(g->load_why, sizeof g->load_why, "no load file; NVML only on the real root");
        return;
    }
    if (nvml_rc == 1) {
        nvml_rc = nvml_open(NVML_LIB, &nvml, nvml_why, sizeof nvml_why);
    }
    g->load_nvml = nvml != NULL;
    g->has_load = g->load_nvml;
    snprintf(g->load_why, sizeof g->load_why, "%s", nvml_why);
}

static bool in_list(const char *s, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (strcmp(s, list[i]) == 0) {
            return true;
        }
    }
    return false;
}

bool gpu_is_known_name(const char *devfreq_name) {
    return in_list(devfreq_name, GPU_NAMES, sizeof GPU_NAMES / sizeof GPU_NAMES[0]);
}

static bool is_gpu_node(const Sysfs *fs, const char *dir, const char *name) {
    char of[32];
    if (gpu_is_known_name(name)) {
        return true;
    }
    return discover_str(fs, dir, "device/of_node/name", of, sizeof of) == 0 &&
           in_list(of, GPU_OF_NAMES, sizeof GPU_OF_NAMES / sizeof GPU_OF_NAMES[0]);
}

/* The device directory: devfreq's "device" link, else two levels above the real node
 * (".../17000000.gpu/devfreq/17000000.gpu"). */
static void find_device_dir(const Sysfs *fs, GpuInfo *g) {
    char p[JT_PATH * 2];
    discover_join(p, sizeof p, g->devfreq_dir, "device");
    if (sysfs_resolve(fs, p, g->device_dir, sizeof g->device_dir) == 0) {
        return;
    }
    if (sysfs_resolve(fs, g->devfreq_dir, g->device_dir, sizeof g->device_dir) == 0) {
        char *slash = strrchr(g->device_dir, '/');
        for (int up = 0; up < 2 && slash; up++) {
            *slash = '\0';
            slash = strrchr(g->device_dir, '/');
        }
        return;
    }
    g->device_dir[0] = '\0';
}

/* Register leaf in the device dir, else in the gpu.0 aliases; -1 when nowhere. */
static AttrId device_attr(Sysfs *fs, const GpuInfo *g, const char *leaf) {
    AttrId id = g->device_dir[0] ? discover_attr(fs, g->device_dir, leaf) : -1;
    for (size_t i = 0; id < 0 && i < sizeof GPU_ALIASES / sizeof GPU_ALIASES[0]; i++) {
        id = discover_attr(fs, GPU_ALIASES[i], leaf);
    }
    return id;
}

static void probe_tables(const Sysfs *fs, GpuInfo *g) {
    char p[JT_PATH * 2];
    char buf[1024];
    size_t n = 0;
    g->n_freqs = discover_i64_table(fs, g->devfreq_dir, "available_frequencies", g->freqs_hz,
                                    JT_MAX_FREQS, &g->freqs_capped);
    discover_join(p, sizeof p, g->devfreq_dir, "available_governors");
    ssize_t r = sysfs_read(fs, p, buf, sizeof buf);
    StrView w[JT_MAX_GOVS];
    n = 0;
    if (r > 0) {
        parse_words(buf, (size_t)r, w, JT_MAX_GOVS, &n);
    }
    for (size_t i = 0; i < n; i++) {
        if (strview_copy(w[i], g->govs[g->n_govs], sizeof g->govs[0]) == 0) {
            g->n_govs++;
        }
    }
}

static bool find_node(const Sysfs *fs, GpuInfo *g) {
    DirEntry e[64];
    int n = discover_entries(fs, DEVFREQ, e, 64);
    for (int i = 0; i < n; i++) {
        char dir[JT_PATH];
        if (discover_join(dir, sizeof dir, DEVFREQ, e[i].name) == 0 &&
            is_gpu_node(fs, dir, e[i].name)) {
            discover_copy(g->name, sizeof g->name, e[i].name);
            memcpy(g->devfreq_dir, dir, sizeof dir);
            return true;
        }
    }
    return false;
}

int gpu_probe(Sysfs *fs, Inventory *inv, GpuAttrs *a) {
    GpuInfo *g = &inv->gpu;
    memset(g, 0, sizeof *g);
    *a = (GpuAttrs){-1, -1, -1, -1, -1, -1, -1, -1};
    if (!find_node(fs, g)) {
        return 0;
    }
    g->present = true;
    find_device_dir(fs, g);
    probe_tables(fs, g);
    inv->capped |= g->freqs_capped ? INV_CAPPED_FREQS : 0;
    a->cur = discover_attr(fs, g->devfreq_dir, "cur_freq");
    a->min = discover_setting(fs, g->devfreq_dir, "min_freq");
    a->max = discover_setting(fs, g->devfreq_dir, "max_freq");
    a->gov = discover_setting(fs, g->devfreq_dir, "governor");
    a->load = device_attr(fs, g, "load");
    a->railgate = sysfs_attr_setting(fs, device_attr(fs, g, "railgate_enable"));
    a->tpc = sysfs_attr_setting(fs, device_attr(fs, g, "tpc_pg_mask"));
    g->has_load = a->load >= 0;
    if (!g->has_load) {
        probe_nvml(fs, g);
    }
    g->has_railgate = a->railgate >= 0;
    g->has_tpc_mask = a->tpc >= 0;
    a->scale3d = sysfs_attr_setting(fs, device_attr(fs, g, "enable_3d_scaling"));
    g->has_3d_scaling = a->scale3d >= 0;
    return 0;
}

void gpu_read(Sysfs *fs, const Inventory *inv, const GpuAttrs *a, Sample *out) {
    if (!inv->gpu.present) {
        return;
    }
    GpuSample *g = &out->gpu;
    g->freq_hz = attrval_i64(fs, a->cur);
    g->min_hz = attrval_i64(fs, a->min);
    g->max_hz = attrval_i64(fs, a->max);
    g->governor_ok = attrval_str(fs, a->gov, g->governor, sizeof g->governor);
    g->load_pm = inv->gpu.load_nvml ? nvml_read_load_pm(nvml) : attrval_i64(fs, a->load);
    if (g->load_pm.ok && (g->load_pm.v < 0 || g->load_pm.v > 1000)) {
        g->load_pm = val_na();
    }
    g->railgate = attrval_i64(fs, a->railgate);
    g->scaling_3d = attrval_i64(fs, a->scale3d);
    g->tpc_pg_mask = attrval_i64(fs, a->tpc);
}
