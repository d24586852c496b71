/* SPDX-License-Identifier: MIT */
/* board: parse config/boards/<name>.ini into a SimBoard (table-driven; see board.h). */
#include "board_internal.h"

#include "jtune/conf/inifile.h"
#include "jtune/core/parse.h"
#include "jtune/platform/fileio.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { KT_STR, KT_I64, KT_INT, KT_DBL, KT_BOOL, KT_I64LIST, KT_TEXT, KT_WORDS } KeyType;

/* One key of a section: where its value goes inside the section's element. */
typedef struct {
    const char *key;
    KeyType type;
    size_t off;     /* field offset inside the element */
    size_t size;    /* string size, list capacity, or word width */
    size_t n;       /* KT_WORDS: capacity */
    size_t cnt_off; /* list/word count (int) offset */
    double lo, hi;  /* numeric range */
} KeyDef;

#define F(type, field) offsetof(type, field), sizeof(((type *)0)->field)
#define STR(k, T, f)                                                                               \
    { k, KT_STR, F(T, f), 0, 0, 0, 0 }
#define I64(k, T, f, lo, hi)                                                                       \
    { k, KT_I64, offsetof(T, f), 0, 0, 0, lo, hi }
#define INT(k, T, f, lo, hi)                                                                       \
    { k, KT_INT, offsetof(T, f), 0, 0, 0, lo, hi }
#define DBL(k, T, f, lo, hi)                                                                       \
    { k, KT_DBL, offsetof(T, f), 0, 0, 0, lo, hi }
#define BOOL(k, T, f)                                                                              \
    { k, KT_BOOL, offsetof(T, f), 0, 0, 0, 0, 1 }
#define TEXT(k, T, f)                                                                              \
    { k, KT_TEXT, F(T, f), 0, 0, 0, 0 }
#define LIST(k, T, f, c, lo, hi)                                                                   \
    {                                                                                              \
        k, KT_I64LIST, offsetof(T, f), sizeof(((T *)0)->f) / sizeof(int64_t), 0, offsetof(T, c),   \
            lo, hi                                                                                 \
    }
#define WORDS(k, T, f, c)                                                                          \
    {                                                                                              \
        k, KT_WORDS, offsetof(T, f), sizeof(((T *)0)->f[0]),                                       \
            sizeof(((T *)0)->f) / sizeof(((T *)0)->f[0]), offsetof(T, c), 0, 0                     \
    }

#define HZ_MAX 1e13
#define BIG    1e15
#define NOCAP  (-1)

/* ------------------------------------------------------------------ value parsing */

bool board_parse_double(const char *v, double *out) {
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (end == v || errno || !isfinite(d)) {
        return false;
    }
    while (*end == ' ' || *end == '\t') {
        end++;
    }
    if (*end) {
        return false;
    }
    *out = d;
    return true;
}

static bool parse_bool(const char *v, bool *out) {
    if (!strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "true")) {
        *out = true;
    } else if (!strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "false")) {
        *out = false;
    } else {
        return false;
    }
    return true;
}

static int set_str(BoardCtx *c, int line, const KeyDef *k, char *dst, const char *v) {
    if (strlen(v) >= k->size) {
        diag_error(c->diag, c->file, line, "%s: value longer than %zu characters", k->key,
                   k->size - 1);
        return 0;
    }
    snprintf(dst, k->size, "%s", v);
    return 1;
}

static int set_text(BoardCtx *c, int line, const KeyDef *k, char *dst, const char *v) {
    size_t have = strlen(dst);
    size_t need = have + (have ? 1 : 0) + strlen(v);
    if (need >= k->size) {
        diag_error(c->diag, c->file, line, "%s: text longer than %zu characters", k->key,
                   k->size - 1);
        return 0;
    }
    if (have) {
        dst[have++] = '\n';
    }
    snprintf(dst + have, k->size - have, "%s", v);
    return 1;
}

static int set_number(BoardCtx *c, int line, const KeyDef *k, void *dst, const char *v) {
    double d = 0;
    int64_t i = 0;
    bool ok;
    if (k->type == KT_DBL) {
        ok = board_parse_double(v, &d);
    } else {
        ok = parse_i64(v, strlen(v), &i) == 0;
        d = (double)i;
    }
    if (!ok) {
        diag_error(c->diag, c->file, line, "%s: \"%s\" is not a number", k->key, v);
        return 0;
    }
    if (d < k->lo || d > k->hi) {
        diag_error(c->diag, c->file, line, "%s: %s is outside %g..%g", k->key, v, k->lo, k->hi);
        return 0;
    }
    if (k->type == KT_DBL) {
        *(double *)dst = d;
    } else if (k->type == KT_INT) {
        *(int *)dst = (int)i;
    } else {
        *(int64_t *)dst = i;
    }
    return 1;
}

static int set_list(BoardCtx *c, int line, const KeyDef *k, char *base, const char *v) {
    int64_t *arr = (int64_t *)(base + k->off);
    size_t n = 0;
    int rc = parse_i64_list(v, strlen(v), arr, k->size, &n);
    if (rc < 0) {
        diag_error(c->diag, c->file, line, "%s: %s", k->key,
                   rc == -ERANGE ? "too many values" : "expected a list of integers");
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if ((double)arr[i] < k->lo || (double)arr[i] > k->hi) {
            diag_error(c->diag, c->file, line, "%s: %lld is outside %g..%g", k->key,
                       (long long)arr[i], k->lo, k->hi);
            return 0;
        }
        if (i > 0 && arr[i] <= arr[i - 1]) {
            diag_error(c->diag, c->file, line, "%s: values must be ascending", k->key);
            return 0;
        }
    }
    *(int *)(base + k->cnt_off) = (int)n;
    return 1;
}

static int set_words(BoardCtx *c, int line, const KeyDef *k, char *base, const char *v) {
    StrView w[SB_MAX_COOLING];
    size_t n = 0;
    if (parse_words(v, strlen(v), w, k->n, &n) < 0) {
        diag_error(c->diag, c->file, line, "%s: more than %zu words", k->key, k->n);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (strview_copy(w[i], base + k->off + i * k->size, k->size) < 0) {
            diag_error(c->diag, c->file, line, "%s: word %zu longer than %zu characters", k->key,
                       i + 1, k->size - 1);
            return 0;
        }
    }
    *(int *)(base + k->cnt_off) = (int)n;
    return 1;
}

static int set_key(BoardCtx *c, int line, const KeyDef *k, void *elem, const char *v) {
    char *base = elem;
    switch (k->type) {
    case KT_STR: return set_str(c, line, k, base + k->off, v);
    case KT_TEXT: return set_text(c, line, k, base + k->off, v);
    case KT_I64:
    case KT_INT:
    case KT_DBL: return set_number(c, line, k, base + k->off, v);
    case KT_BOOL:
        if (!parse_bool(v, (bool *)(base + k->off))) {
            diag_error(c->diag, c->file, line, "%s: expected 0 or 1, got \"%s\"", k->key, v);
            return 0;
        }
        return 1;
    case KT_I64LIST: return set_list(c, line, k, base, v);
    case KT_WORDS: return set_words(c, line, k, base, v);
    }
    return 0;
}

/* ------------------------------------------------------------------ key tables */

static const KeyDef k_board[] = {
    STR("name", SimBoard, name),
    STR("description", SimBoard, description),
    INT("jetpack", SimBoard, jetpack, 4, 7),
    STR("model", SimBoard, model),
    STR("serial_number", SimBoard, serial),
    STR("boardids", SimBoard, boardids),
    STR("soc", SimBoard, soc),
    STR("soc_family", SimBoard, soc_family),
    STR("soc_id", SimBoard, soc_id),
    TEXT("release", SimBoard, release),
    TEXT("kernel", SimBoard, kernel),
    TEXT("nvrm", SimBoard, nvrm),
    STR("root_dev", SimBoard, root_dev),
    BOOL("soctherm_oc", SimBoard, soctherm_oc),
};

static const KeyDef k_cpu[] = {
    INT("count", SimBoard, n_cpus, 1, SB_MAX_CPUS),
    LIST("freqs_khz", SimBoard, freqs_khz, n_freqs, 1, 1e8),
    WORDS("governors", SimBoard, govs, n_govs),
    STR("governor", SimBoard, governor),
    STR("driver", SimBoard, cpufreq_driver),
    I64("transition_latency", SimBoard, transition_latency, 0, 1e9),
    I64("boot_min_khz", SimBoard, boot_min_khz, 0, 1e8),
    I64("boot_max_khz", SimBoard, boot_max_khz, 0, 1e8),
    STR("idle_driver", SimBoard, idle_driver),
    STR("idle_governor", SimBoard, idle_governor),
};

static const KeyDef k_idle[] = {
    STR("name", SbIdleState, name),
    STR("desc", SbIdleState, desc),
    I64("latency_us", SbIdleState, latency_us, 0, 1e9),
    I64("residency_us", SbIdleState, residency_us, 0, 1e9),
    I64("power", SbIdleState, power, 0, 4294967295.0),
};

typedef __typeof__(((SimBoard *)0)->gpu) SbGpu;
typedef __typeof__(((SimBoard *)0)->emc) SbEmc;

static const KeyDef k_gpu[] = {
    STR("devfreq", SbGpu, devfreq),
    STR("dir", SbGpu, dir),
    WORDS("links", SbGpu, links, n_links),
    BOOL("devfreq_dev", SbGpu, devfreq_dev),
    STR("of_node", SbGpu, of_node),
    STR("of_name", SbGpu, of_name),
    STR("compatible", SbGpu, compatible),
    LIST("freqs_hz", SbGpu, freqs_hz, n_freqs, 1, HZ_MAX),
    STR("governor", SbGpu, governor),
    WORDS("governors", SbGpu, govs, n_govs),
    I64("polling_ms", SbGpu, polling_ms, 0, 1e6),
    INT("tpcs", SbGpu, tpcs, 1, 32),
    I64("tpc_pg_mask", SbGpu, tpc_pg_mask, -1, 4294967295.0),
    I64("fbp_pg_mask", SbGpu, fbp_pg_mask, -1, 4294967295.0),
    BOOL("enable_3d_scaling", SbGpu, has_3d_scaling),
    BOOL("no_load", SbGpu, no_load),
    I64("boot_min_hz", SbGpu, boot_min_hz, 0, HZ_MAX),
    I64("boot_max_hz", SbGpu, boot_max_hz, 0, HZ_MAX),
};

static const KeyDef k_emc[] = {
    LIST("freqs_hz", SbEmc, freqs_hz, n_freqs, 1, HZ_MAX),
    I64("min_hz", SbEmc, min_hz, 1, HZ_MAX),
    I64("max_hz", SbEmc, max_hz, 1, HZ_MAX),
    I64("floor_hz", SbEmc, floor_hz, 0, HZ_MAX),
    STR("cap_path", SbEmc, cap_path),
    STR("util_path", SbEmc, util_path),
    BOOL("bpmp", SbEmc, bpmp),
    STR("bwmgr_dir", SbEmc, bwmgr_dir),
};

static const KeyDef k_engine[] = {
    STR("devfreq", SbEngine, devfreq),
    STR("dir", SbEngine, dir),
    LIST("freqs_hz", SbEngine, freqs_hz, n_freqs, 1, HZ_MAX),
    STR("governor", SbEngine, governor),
};

static const KeyDef k_ina[] = {
    STR("addr", SbIna, addr),
    STR("dir", SbIna, dir),
    STR("driver", SbIna, driver),
    BOOL("iio", SbIna, iio),
    I64("shunt_uohm", SbIna, shunt_uohm, 1, 1e9),
    I64("samples", SbIna, samples, 1, 1e6),
    I64("update_interval", SbIna, update_interval, 0, 1e6),
};

static const KeyDef k_rail[] = {
    INT("chip", SbRail, chip, 0, SB_MAX_INA - 1),
    INT("channel", SbRail, channel, 1, 3),
    STR("label", SbRail, label),
    DBL("mv", SbRail, mv, 0, 60000),
    DBL("droop_mv_per_w", SbRail, droop_mv_per_w, 0, 1000),
    I64("crit_ma", SbRail, crit_ma, 0, 1e6),
    I64("max_ma", SbRail, max_ma, 0, 1e6),
    DBL("idle_mw", SbRail, idle_mw, 0, 1e6),
    BOOL("input", SbRail, input),
    STR("parent", SbRail, parent),
};

static const KeyDef k_zone[] = {
    STR("type", SbZone, type),    I64("idle_mc", SbZone, idle_mc, -40000, 150000),
    BOOL("gated", SbZone, gated), BOOL("max_of_all", SbZone, max_of_all),
    BOOL("fixed", SbZone, fixed),
};

static const KeyDef k_fan[] = {
    STR("pwm_dir", SbFan, pwm_dir),
    STR("tach_dir", SbFan, tach_dir),
    INT("pwm", SbFan, pwm, 0, 255),
    DBL("rpm_tau_s", SbFan, rpm_tau_s, 0.01, 600),
    BOOL("nvfancontrol", SbFan, nvfancontrol),
    STR("conf", SbFan, conf),
    INT("polling_s", SbFan, polling_s, 1, 3600),
    STR("profile", SbFan, profile),
    STR("governor", SbFan, governor),
    STR("control", SbFan, control),
    INT("kickstart_pwm", SbFan, kickstart_pwm, 0, 255),
    INT("step_size", SbFan, step_size, 1, 255),
    INT("rpm_tolerance", SbFan, rpm_tolerance, 0, 100000),
    BOOL("tmargin", SbFan, tmargin),
    INT("group_max_temp", SbFan, group_max_temp, 0, 200),
    WORDS("group", SbFan, group, n_group),
};

static const KeyDef k_radio[] = {
    STR("name", SbRadio, name),
    STR("type", SbRadio, type),
    DBL("mw", SbRadio, mw, 0, 1e5),
};

static const KeyDef k_usb[] = {
    STR("vendor", SbUsb, vendor),   STR("product_id", SbUsb, product_id),
    STR("product", SbUsb, product), STR("control", SbUsb, control),
    DBL("mw", SbUsb, mw, 0, 1e5),   BOOL("can_suspend", SbUsb, can_suspend),
};

static const KeyDef k_usbctl[] = {STR("controller", SimBoard, usb_controller)};

static const KeyDef k_net[] = {
    STR("device", SbNet, device),
    STR("operstate", SbNet, operstate),
    BOOL("wireless", SbNet, wireless),
    STR("address", SbNet, address),
};

static const KeyDef k_block[] = {STR("scheduler", SbBlock, scheduler)};

static const KeyDef k_mem[] = {
    I64("total_kib", SbMem, total_kib, 1, BIG),
    I64("free_kib", SbMem, free_kib, 0, BIG),
    I64("available_kib", SbMem, available_kib, 0, BIG),
    I64("buffers_kib", SbMem, buffers_kib, 0, BIG),
    I64("cached_kib", SbMem, cached_kib, 0, BIG),
    I64("shmem_kib", SbMem, shmem_kib, 0, BIG),
    I64("cma_total_kib", SbMem, cma_total_kib, 0, BIG),
    I64("cma_free_kib", SbMem, cma_free_kib, 0, BIG),
    I64("nvmap_kib", SbMem, nvmap_kib, 0, BIG),
    INT("zram_devices", SbMem, zram_devices, 0, 64),
    I64("zram_disksize", SbMem, zram_disksize, 0, BIG),
    STR("zram_algorithms", SbMem, zram_algorithms),
    INT("swap_priority", SbMem, swap_priority, -1, 32767),
    I64("min_free_kbytes", SbMem, min_free_kbytes, 0, BIG),
};

static const KeyDef k_nvp[] = {
    STR("cpu_param", SbNvp, cpu_param),
    BOOL("per_core", SbNvp, per_core),
    BOOL("knext", SbNvp, knext),
    STR("gpu_path", SbNvp, gpu_path),
    STR("tpc_path", SbNvp, tpc_path),
    STR("emc_path", SbNvp, emc_path),
    STR("file", SbNvp, main.file),
    STR("title", SbNvp, main.title),
    INT("default", SbNvp, main.default_id, 0, 9999),
};

static const KeyDef k_altnvp[] = {
    STR("file", SbTable, file),
    STR("title", SbTable, title),
    INT("default", SbTable, default_id, 0, 9999),
};

static const KeyDef k_mode[] = {
    STR("name", SbMode, name),
    I64("cpu_min_khz", SbMode, cpu_min_khz, NOCAP, 1e8),
    I64("cpu_max_khz", SbMode, cpu_max_khz, NOCAP, 1e8),
    I64("gpu_min_hz", SbMode, gpu_min_hz, NOCAP, HZ_MAX),
    I64("gpu_max_hz", SbMode, gpu_max_hz, NOCAP, HZ_MAX),
    I64("emc_max_hz", SbMode, emc_max_hz, NOCAP, HZ_MAX),
    I64("tpc_pg_mask", SbMode, tpc_pg_mask, NOCAP, 4294967295.0),
};

static const KeyDef k_power[] = {
    DBL("ambient_c", SbPower, ambient_c, -40, 80),
    DBL("r_c_per_w", SbPower, r_c_per_w, 0.01, 100),
    DBL("fan_gain", SbPower, fan_gain, 0, 100),
    DBL("tau_s", SbPower, tau_s, 0.1, 3600),
    DBL("input_eff_pct", SbPower, input_eff_pct, 10, 100),
    DBL("cpu_dyn_mw_per_ghz", SbPower, cpu_dyn_mw_per_ghz, 0, 1e5),
    DBL("cpu_leak_mw", SbPower, cpu_leak_mw, 0, 1e5),
    DBL("cpu_cluster_mw_per_ghz", SbPower, cpu_cluster_mw_per_ghz, 0, 1e5),
    DBL("cpu_vmin_mv", SbPower, cpu_vmin_mv, 100, 2000),
    DBL("cpu_vmax_mv", SbPower, cpu_vmax_mv, 100, 2000),
    DBL("gpu_dyn_mw_per_ghz", SbPower, gpu_dyn_mw_per_ghz, 0, 1e6),
    DBL("gpu_static_mw", SbPower, gpu_static_mw, 0, 1e5),
    DBL("gpu_vmin_mv", SbPower, gpu_vmin_mv, 100, 2000),
    DBL("gpu_vmax_mv", SbPower, gpu_vmax_mv, 100, 2000),
    DBL("emc_mw_per_ghz", SbPower, emc_mw_per_ghz, 0, 1e5),
    DBL("emc_util_mw_per_ghz", SbPower, emc_util_mw_per_ghz, 0, 1e5),
    DBL("temp_step_mc", SbPower, temp_step_mc, 1, 10000),
};

/* ------------------------------------------------------------------ sections */

typedef struct {
    const char *name; /* exact section name, or a prefix ending in '.' for indexed ones */
    const KeyDef *keys;
    size_t n_keys;
} SectionDef;

#define SEC(n, t)                                                                                  \
    { n, t, sizeof(t) / sizeof((t)[0]) }

static const SectionDef sections[] = {
    SEC("board", k_board), SEC("cpu", k_cpu),       SEC("cpuidle.", k_idle),
    SEC("gpu", k_gpu),     SEC("emc", k_emc),       SEC("engine.", k_engine),
    SEC("ina.", k_ina),    SEC("rail.", k_rail),    SEC("zone.", k_zone),
    SEC("fan", k_fan),     SEC("radio.", k_radio),  SEC("usb.", k_usb),
    SEC("usb", k_usbctl),  SEC("net.", k_net),      SEC("block.", k_block),
    SEC("mem", k_mem),     SEC("nvpmodel", k_nvp),  SEC("altnvpmodel", k_altnvp),
    SEC("mode.", k_mode),  SEC("altmode.", k_mode), SEC("power", k_power),
    {"cooling", NULL, 0},  {"clocks", NULL, 0},     {"fanprofile.", NULL, 0},
};

#define MAX_SEEN 96

typedef struct {
    BoardCtx *ctx;
    char last_section[64]; /* the indexed section the current element belongs to */
    void *elem;
    int elem_index;
    int n_seen;
    char seen[MAX_SEEN][64]; /* indexed sections already closed */
} Parse;

/* An indexed section must be one block: [zone.cpu] ... [zone.gpu] ... [zone.cpu] is an error. */
static bool seen_before(Parse *p, const char *sec) {
    for (int i = 0; i < p->n_seen; i++) {
        if (strcmp(p->seen[i], sec) == 0) {
            return true;
        }
    }
    if (p->n_seen < MAX_SEEN) {
        snprintf(p->seen[p->n_seen++], sizeof p->seen[0], "%s", sec);
    }
    return false;
}

/* Find (or create) the element of an indexed section: same suffix -> same element. */
static void *indexed_elem(Parse *p, const char *sec, const char *suffix, int line) {
    SimBoard *b = p->ctx->b;
    if (strcmp(p->last_section, sec) == 0) {
        return p->elem;
    }
    if (seen_before(p, sec)) {
        diag_error(p->ctx->diag, p->ctx->file, line, "section [%s] appears twice", sec);
        return NULL;
    }
    void *e = NULL;
    int *count = NULL;
    int max = 0;
    size_t esz = 0;
    char *arr = NULL;
#define PICK(pref, field, cnt, cap)                                                                \
    if (strncmp(sec, pref, strlen(pref)) == 0) {                                                   \
        arr = (char *)b->field;                                                                    \
        count = &b->cnt;                                                                           \
        max = cap;                                                                                 \
        esz = sizeof b->field[0];                                                                  \
    }
    PICK("cpuidle.", idle, n_idle, SB_MAX_IDLE)
    PICK("engine.", engines, n_engines, SB_MAX_ENGINES)
    PICK("ina.", ina, n_ina, SB_MAX_INA)
    PICK("rail.", rails, n_rails, SB_MAX_RAILS)
    PICK("zone.", zones, n_zones, SB_MAX_ZONES)
    PICK("radio.", radios, n_radios, SB_MAX_RADIOS)
    PICK("usb.", usb, n_usb, SB_MAX_USB)
    PICK("net.", net, n_net, SB_MAX_NET)
    PICK("block.", blocks, n_blocks, SB_MAX_BLOCKS)
    PICK("mode.", nvp.main.modes, nvp.main.n_modes, SB_MAX_MODES)
    PICK("altmode.", nvp.alt.modes, nvp.alt.n_modes, SB_MAX_MODES)
    PICK("fanprofile.", fan.profiles, fan.n_profiles, SB_MAX_PROFILES)
#undef PICK
    if (!arr) {
        return NULL;
    }
    if (*count >= max) {
        diag_error(p->ctx->diag, p->ctx->file, line, "[%s]: more than %d such sections", sec, max);
        return NULL;
    }
    e = arr + esz * (size_t)*count;
    p->elem_index = (*count)++;
    snprintf(p->last_section, sizeof p->last_section, "%s", sec);
    p->elem = e;
    board_new_element(p->ctx, sec, suffix, e, p->elem_index, line);
    return e;
}

/* The element a plain (non-indexed) section writes into. */
static void *plain_elem(BoardCtx *c, const char *sec, int line) {
    SimBoard *b = c->b;
    if (!strcmp(sec, "board")) {
        c->line_board = c->line_board ? c->line_board : line;
        return b;
    }
    if (!strcmp(sec, "cpu") || !strcmp(sec, "usb")) {
        c->line_cpu = (!strcmp(sec, "cpu") && !c->line_cpu) ? line : c->line_cpu;
        return b;
    }
    if (!strcmp(sec, "gpu")) {
        b->gpu.present = true;
        c->line_gpu = c->line_gpu ? c->line_gpu : line;
        return &b->gpu;
    }
    if (!strcmp(sec, "emc")) {
        c->line_emc = c->line_emc ? c->line_emc : line;
        return &b->emc;
    }
    if (!strcmp(sec, "fan")) {
        c->line_fan = c->line_fan ? c->line_fan : line;
        return &b->fan;
    }
    if (!strcmp(sec, "mem")) {
        return &b->mem;
    }
    if (!strcmp(sec, "nvpmodel")) {
        b->nvp.present = true;
        c->line_nvp = c->line_nvp ? c->line_nvp : line;
        return &b->nvp;
    }
    if (!strcmp(sec, "altnvpmodel")) {
        b->nvp.has_alt = true;
        return &b->nvp.alt;
    }
    if (!strcmp(sec, "power")) {
        return &b->power;
    }
    return b;
}

/* Keys that do not fit a table. 1 ok, 0 error, -1 not a custom key. */
static int custom_key(Parse *p, const char *sec, void *elem, const char *key, const char *v,
                      int line) {
    BoardCtx *c = p->ctx;
    if (!strcmp(sec, "board") && !strcmp(key, "compatible")) {
        return board_set_compatible(c, line, v);
    }
    if (!strcmp(sec, "cpu") && !strcmp(key, "clusters")) {
        return board_set_clusters(c, line, v);
    }
    if (!strcmp(sec, "fan") && !strcmp(key, "kind")) {
        return board_set_fan_kind(c, line, v);
    }
    if (!strcmp(sec, "cooling") && !strcmp(key, "devices")) {
        return board_set_cooling(c, line, v);
    }
    if (!strcmp(sec, "clocks")) {
        return board_set_clock(c, line, key, v);
    }
    if (!strncmp(sec, "rail.", 5) && !strcmp(key, "feeds")) {
        return board_set_weights(c, line, key, v, ((SbRail *)elem)->feeds);
    }
    if (!strncmp(sec, "zone.", 5) && !strcmp(key, "couple")) {
        return board_set_weights(c, line, key, v, ((SbZone *)elem)->couple);
    }
    if (!strncmp(sec, "zone.", 5) && !strcmp(key, "trips")) {
        return board_set_trips(c, line, elem, v);
    }
    if (!strncmp(sec, "zone.", 5) && !strcmp(key, "alerts")) {
        return board_set_alerts(c, line, elem, v);
    }
    if (!strncmp(sec, "fanprofile.", 11) && !strcmp(key, "points")) {
        return board_set_points(c, line, elem, v);
    }
    if ((!strncmp(sec, "mode.", 5) || !strncmp(sec, "altmode.", 8)) && !strcmp(key, "cores")) {
        return board_set_cores(c, line, elem, v);
    }
    return -1;
}

static const SectionDef *find_section(const char *sec, const char **suffix) {
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        const char *n = sections[i].name;
        size_t len = strlen(n);
        if (n[len - 1] == '.') {
            if (!strncmp(sec, n, len) && sec[len] != '\0') {
                *suffix = sec + len;
                return &sections[i];
            }
        } else if (!strcmp(sec, n)) {
            *suffix = NULL;
            return &sections[i];
        }
    }
    return NULL;
}

static int on_key(void *user, const char *sec, const char *key, const char *v, int line) {
    Parse *p = user;
    BoardCtx *c = p->ctx;
    const char *suffix = NULL;
    const SectionDef *sd = find_section(sec, &suffix);
    if (!sd) {
        diag_warn(c->diag, c->file, line, "unknown section [%s]: ignored", sec);
        return 1;
    }
    void *elem = suffix ? indexed_elem(p, sec, suffix, line) : plain_elem(c, sec, line);
    if (!elem) {
        return 0;
    }
    int rc = custom_key(p, sec, elem, key, v, line);
    if (rc >= 0) {
        return rc;
    }
    for (size_t i = 0; i < sd->n_keys; i++) {
        if (!strcmp(sd->keys[i].key, key)) {
            return set_key(c, line, &sd->keys[i], elem, v);
        }
    }
    diag_warn(c->diag, c->file, line, "unknown key \"%s\" in [%s]: ignored", key, sec);
    return 1;
}

int simboard_parse(const char *text, const char *file, SimBoard *b, Diag *diag) {
    memset(b, 0, sizeof *b);
    board_defaults(b);
    BoardCtx ctx = {.b = b, .file = file, .diag = diag};
    Parse p = {.ctx = &ctx, .elem_index = -1};
    snprintf(b->file, sizeof b->file, "%s", file);
    int errors = diag->n_errors;
    int rc = inifile_parse(text, on_key, &p);
    if (rc == -ENOMEM) {
        diag_error(diag, file, 0, "out of memory");
        return -ENOMEM;
    }
    if (rc > 0 && diag->n_errors == errors) {
        diag_error(diag, file, rc, "malformed line (expected [section] or key = value)");
    }
    if (diag->n_errors == errors) {
        board_finish(b);
        board_check(&ctx);
    }
    return diag->n_errors > errors ? -EINVAL : 0;
}

int simboard_load(const char *path, SimBoard *b, Diag *diag) {
    char *text = NULL;
    size_t len = 0;
    int rc = fileio_slurp(path, 1 << 20, &text, &len);
    if (rc < 0) {
        diag_error(diag, path, 0, "cannot read: %s", strerror(-rc));
        return rc;
    }
    rc = simboard_parse(text, path, b, diag);
    free(text);
    return rc;
}
