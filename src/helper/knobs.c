/* SPDX-License-Identifier: MIT */
/* knobs: the allowlist table - where each target lives, how its text maps to a value, and
 * which values the kernel accepts right now. */
#include "jtune/helper/knobs.h"
#include "jtune/helper/nvpm.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const char *base; /* confinement directory of the write; NULL: not a file (nvpmodel) */
    int (*path)(const KnobEnv *e, const KnobKey *k, const char *attr, char *out, size_t n);
    const char *attr; /* the path function's argument */
    int (*decode)(const char *s, size_t n, int64_t *v);
    int (*encode)(int64_t v, char *out, size_t n);
    int (*check)(KnobEnv *e, const KnobKey *k, int64_t v, int flags);
    bool indexed; /* the index picks an instance; otherwise it must be 0 */
    bool has_sub; /* the sub index picks an instance; otherwise it must be 0 */
} Knob;

/* ---- paths (relative to the row's base; built from integers only) ---- */

static int path_cpu(const KnobEnv *e, const KnobKey *k, const char *attr, char *out, size_t n) {
    (void)e;
    return sysfs_path(out, n, "devices/system/cpu/cpu%u/%s", k->index, attr);
}

static int path_policy(const KnobEnv *e, const KnobKey *k, const char *attr, char *out, size_t n) {
    (void)e;
    return sysfs_path(out, n, "devices/system/cpu/cpufreq/policy%u/%s", k->index, attr);
}

static int path_idle(const KnobEnv *e, const KnobKey *k, const char *attr, char *out, size_t n) {
    (void)e;
    return sysfs_path(out, n, "devices/system/cpu/cpu%u/cpuidle/state%u/%s", k->index,
                      (unsigned)k->sub, attr);
}

static int path_gpu(const KnobEnv *e, const KnobKey *k, const char *attr, char *out, size_t n) {
    (void)k;
    return e->gpu_dir[0] ? sysfs_path(out, n, "%s/%s", e->gpu_dir, attr) : -ENODEV;
}

/* A node of the GPU's device: beside its devfreq node (the "device" link), else under the
 * gpu.0 aliases older kernels have. */
static int path_gpu_dev(const KnobEnv *e, const KnobKey *k, const char *attr, char *out, size_t n) {
    (void)k;
    char rel[PATH_MAX], root_rel[PATH_MAX + 8];
    const char *const dirs[] = {NULL, "devices/platform/gpu.0", "devices/gpu.0"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        int rc = dirs[i]         ? sysfs_path(rel, sizeof rel, "%s/%s", dirs[i], attr)
                 : e->gpu_dir[0] ? sysfs_path(rel, sizeof rel, "%s/device/%s", e->gpu_dir, attr)
                                 : -ENODEV;
        if (rc == 0 && sysfs_path(root_rel, sizeof root_rel, "sys/%s", rel) == 0 &&
            sysfs_exists(e->fs, root_rel)) {
            return sysfs_path(out, n, "%s", rel);
        }
    }
    return -ENODEV;
}

/* A discovered path kept in the env; attr names which one. */
static int path_found(const KnobEnv *e, const KnobKey *k, const char *attr, char *out, size_t n) {
    (void)k;
    const char *p = strcmp(attr, "emc") == 0         ? e->emc_cap
                    : strcmp(attr, "fan_pwm") == 0   ? e->fan_pwm
                    : strcmp(attr, "tj_policy") == 0 ? e->fan_tj_policy
                                                     : e->fan_mode;
    return p[0] ? sysfs_path(out, n, "%s", p) : -ENODEV;
}

static int path_rfkill(const KnobEnv *e, const KnobKey *k, const char *attr, char *out, size_t n) {
    (void)e;
    return sysfs_path(out, n, "class/rfkill/rfkill%u/%s", k->index, attr);
}

static int path_usb(const KnobEnv *e, const KnobKey *k, const char *attr, char *out, size_t n) {
    (void)e;
    char name[40];
    if (proto_usb_id_format(k->index, name, sizeof name) < 0) {
        return -ENODEV;
    }
    return sysfs_path(out, n, "bus/usb/devices/%s/%s", name, attr);
}

static int path_fixed(const KnobEnv *e, const KnobKey *k, const char *attr, char *out, size_t n) {
    (void)e;
    (void)k;
    return sysfs_path(out, n, "%s", attr);
}

/* ---- value <-> text ---- */

static int dec_int(const char *s, size_t n, int64_t *v) {
    return parse_i64(s, n, v);
}

static int enc_int(int64_t v, char *out, size_t n) {
    return snprintf(out, n, "%lld", (long long)v) < (int)n ? 0 : -ERANGE;
}

static int dec_governor(const char *s, size_t n, int64_t *v) {
    StrView w = parse_first_line(s, n);
    int g = proto_governor_parse(w.p, w.n);
    if (g < 0) {
        return w.n ? -EOPNOTSUPP : -ENODATA; /* a governor the protocol cannot name back */
    }
    *v = g;
    return 0;
}

static int enc_governor(int64_t v, char *out, size_t n) {
    const char *name = proto_governor_name((TuneGovernor)v);
    return name && snprintf(out, n, "%s", name) < (int)n ? 0 : -EINVAL;
}

/* Legacy temp_control: 1 = the kernel drives the fan (auto), 0 = target_pwm is obeyed. */
static int dec_fan_mode(const char *s, size_t n, int64_t *v) {
    int64_t x;
    int rc = parse_i64(s, n, &x);
    if (rc == 0) {
        *v = x ? TUNE_FAN_AUTO : TUNE_FAN_MANUAL;
    }
    return rc;
}

static int enc_fan_mode(int64_t v, char *out, size_t n) {
    return snprintf(out, n, "%d", v == TUNE_FAN_AUTO ? 1 : 0) < (int)n ? 0 : -ERANGE;
}

static int dec_word(const char *s, size_t n, const char *(*name)(int), int count, int64_t *v) {
    StrView w = parse_first_line(s, n);
    StrView sel;
    if (parse_bracketed(w.p, w.n, &sel) == 0) {
        w = sel; /* "always [madvise] never" */
    }
    for (int i = 0; i < count; i++) {
        if (strview_eq(w, name(i))) {
            *v = i;
            return 0;
        }
    }
    return w.n ? -EOPNOTSUPP : -ENODATA;
}

static const char *usb_name(int i) {
    return proto_usb_power_name((TuneUsbPower)i);
}

static const char *thp_name(int i) {
    return proto_thp_name((TuneThp)i);
}

static int dec_usb(const char *s, size_t n, int64_t *v) {
    return dec_word(s, n, usb_name, TUNE_USB_POWER_COUNT, v);
}

static int enc_usb(int64_t v, char *out, size_t n) {
    const char *name = usb_name((int)v);
    return name && snprintf(out, n, "%s", name) < (int)n ? 0 : -EINVAL;
}

static int dec_thp(const char *s, size_t n, int64_t *v) {
    return dec_word(s, n, thp_name, TUNE_THP_COUNT, v);
}

static int enc_thp(int64_t v, char *out, size_t n) {
    const char *name = thp_name((int)v);
    return name && snprintf(out, n, "%s", name) < (int)n ? 0 : -EINVAL;
}

/* ---- what the kernel advertises ---- */

static int read_sys(KnobEnv *e, const char *rel, char *buf, size_t n) {
    char p[KNOB_PATH + 8];
    if (sysfs_path(p, sizeof p, "sys/%s", rel) < 0) {
        return -ENAMETOOLONG;
    }
    ssize_t got = sysfs_read(e->fs, p, buf, n);
    return got < 0 ? (int)got : 0;
}

static int read_sys_i64(KnobEnv *e, const char *rel, int64_t *v) {
    char buf[64];
    int rc = read_sys(e, rel, buf, sizeof buf);
    return rc < 0 ? rc : parse_i64(buf, strlen(buf), v);
}

/* v must be one of the numbers in the table file; -ENODATA when there is no table. */
static int in_table(KnobEnv *e, const char *rel, int64_t v) {
    char buf[2048];
    int64_t f[96];
    size_t n = 0;
    int rc = read_sys(e, rel, buf, sizeof buf);
    if (rc < 0) {
        return -ENODATA;
    }
    if (parse_i64_list(buf, strlen(buf), f, 96, &n) < 0 || n == 0) {
        return -ENODATA;
    }
    for (size_t i = 0; i < n; i++) {
        if (f[i] == v) {
            return 0;
        }
    }
    return -EINVAL;
}

/* v must be one of the words of the list file ("[madvise]" counts as "madvise"). */
static int in_words(KnobEnv *e, const char *rel, const char *word) {
    char buf[512];
    StrView w[32];
    size_t n = 0;
    if (!word || read_sys(e, rel, buf, sizeof buf) < 0) {
        return word ? -ENODATA : -EINVAL;
    }
    parse_words(buf, strlen(buf), w, 32, &n);
    for (size_t i = 0; i < n; i++) {
        if (w[i].n >= 2 && w[i].p[0] == '[' && w[i].p[w[i].n - 1] == ']') {
            w[i].p++;
            w[i].n -= 2;
        }
        if (strview_eq(w[i], word)) {
            return 0;
        }
    }
    return -EINVAL;
}

static unsigned knobs_thp_choices(const char *text) {
    StrView w[16];
    size_t n = 0;
    unsigned mask = 0;
    parse_words(text, strlen(text), w, 16, &n);
    for (size_t i = 0; i < n; i++) {
        if (w[i].n >= 2 && w[i].p[0] == '[' && w[i].p[w[i].n - 1] == ']') {
            w[i].p++;
            w[i].n -= 2;
        }
        for (int t = 0; t < TUNE_THP_COUNT; t++) {
            mask |= strview_eq(w[i], proto_thp_name((TuneThp)t)) ? 1u << t : 0;
        }
    }
    return mask;
}

/* A frequency from table and on the right side of its partner limit. */
static int check_limit(KnobEnv *e, const char *dir, const char *table, const char *partner,
                       bool is_min, int64_t v) {
    char rel[KNOB_PATH + 48];
    sysfs_path(rel, sizeof rel, "%s/%s", dir, table);
    int rc = in_table(e, rel, v);
    if (rc < 0) {
        return rc;
    }
    int64_t other;
    sysfs_path(rel, sizeof rel, "%s/%s", dir, partner);
    if (read_sys_i64(e, rel, &other) < 0) {
        return -ENODATA;
    }
    return (is_min ? v > other : v < other) ? -ERANGE : 0;
}

static int chk_none(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)e;
    (void)k;
    (void)v;
    (void)flags;
    return 0;
}

static int chk_cpu_online(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)flags;
    if (v == 1) {
        return 0;
    }
    if (k->index == 0) {
        return -EPERM; /* the boot cpu never goes offline */
    }
    char buf[256];
    uint64_t online;
    if (read_sys(e, "devices/system/cpu/online", buf, sizeof buf) < 0 ||
        parse_cpulist(buf, strlen(buf), &online) < 0) {
        return -ENODATA;
    }
    uint64_t me = k->index < 64 ? 1ULL << k->index : 0;
    return (online & ~me) == 0 ? -EBUSY : 0;
}

static int chk_governor(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)flags;
    char rel[96];
    sysfs_path(rel, sizeof rel, "devices/system/cpu/cpufreq/policy%u/scaling_available_governors",
               k->index);
    return in_words(e, rel, proto_governor_name((TuneGovernor)v));
}

static int chk_policy_limit(KnobEnv *e, const KnobKey *k, int64_t v, bool is_min) {
    char dir[64];
    sysfs_path(dir, sizeof dir, "devices/system/cpu/cpufreq/policy%u", k->index);
    return check_limit(e, dir, "scaling_available_frequencies",
                       is_min ? "scaling_max_freq" : "scaling_min_freq", is_min, v);
}

static int chk_cpu_min(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)flags;
    return chk_policy_limit(e, k, v, true);
}

static int chk_cpu_max(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)flags;
    return chk_policy_limit(e, k, v, false);
}

static int chk_gpu_min(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)k;
    (void)flags;
    return check_limit(e, e->gpu_dir, "available_frequencies", "max_freq", true, v);
}

static int chk_gpu_max(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)k;
    (void)flags;
    return check_limit(e, e->gpu_dir, "available_frequencies", "min_freq", false, v);
}

/* The EMC cap file takes Hz; the legal span is the EMC clock's own min/max rate, which the
 * BPMP publishes in debugfs (root-only: the helper's CAP_DAC_OVERRIDE reads it). */
static int chk_emc(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)k;
    (void)flags;
    int64_t lo, hi;
    if (read_sys_i64(e, "kernel/debug/bpmp/debug/clk/emc/min_rate", &lo) < 0 ||
        read_sys_i64(e, "kernel/debug/bpmp/debug/clk/emc/max_rate", &hi) < 0) {
        return -ENODATA;
    }
    return (v < lo || v > hi) ? -EINVAL : 0;
}

static int chk_fan_pwm(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)k;
    if (!(flags & KNOB_RESTORE) && v < e->fan_floor_pwm && knobs_near_trip(e)) {
        e->detail = e->fan_floor_pwm;
        return -EAGAIN;
    }
    return 0;
}

/* The kernel lists every choice with the current one bracketed ("always [madvise] never").
 * A plain word instead means a simulated tree's file (it holds the last word written): then
 * the kernel's fixed set applies. */
static int chk_thp(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)k;
    (void)flags;
    char buf[512];
    if (read_sys(e, "kernel/mm/transparent_hugepage/enabled", buf, sizeof buf) < 0) {
        return -ENODATA;
    }
    unsigned mask = strchr(buf, '[') ? knobs_thp_choices(buf) : (1u << TUNE_THP_COUNT) - 1;
    return mask & (1u << v) ? 0 : -EINVAL;
}

/* A thermal zone's governor by name; chk_tz checks it against what the zone lists. */
static const char *tz_name(int i) {
    static const char *const names[TUNE_TZ_COUNT] = {[TUNE_TZ_STEP_WISE] = "step_wise",
                                                     [TUNE_TZ_USER_SPACE] = "user_space",
                                                     [TUNE_TZ_POWER_ALLOCATOR] = "power_allocator",
                                                     [TUNE_TZ_FAIR_SHARE] = "fair_share",
                                                     [TUNE_TZ_BANG_BANG] = "bang_bang"};
    return i >= 0 && i < TUNE_TZ_COUNT ? names[i] : NULL;
}

static int dec_tz(const char *s, size_t n, int64_t *v) {
    return dec_word(s, n, tz_name, TUNE_TZ_COUNT, v);
}

static int enc_tz(int64_t v, char *out, size_t n) {
    const char *name = tz_name((int)v);
    return name && snprintf(out, n, "%s", name) < (int)n ? 0 : -EINVAL;
}

static int chk_tz(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)k;
    (void)flags;
    char rel[KNOB_PATH + 32], buf[256];
    const char *slash = strrchr(e->fan_tj_policy, '/');
    if (!slash || sysfs_path(rel, sizeof rel, "%.*s/available_policies",
                             (int)(slash - e->fan_tj_policy), e->fan_tj_policy) < 0) {
        return -ENODEV;
    }
    if (read_sys(e, rel, buf, sizeof buf) < 0) {
        return -ENODATA;
    }
    StrView w[8];
    size_t nw = 0;
    parse_words(buf, strlen(buf), w, 8, &nw);
    for (size_t i = 0; i < nw; i++) {
        if (strview_eq(w[i], tz_name((int)v))) {
            return 0;
        }
    }
    return -EINVAL;
}

/* A 0/1 switch (the protocol's range check already keeps it to 0..1). */
static int chk_bool(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)e;
    (void)k;
    (void)flags;
    return v == 0 || v == 1 ? 0 : -EINVAL;
}

static int chk_nvpmodel(KnobEnv *e, const KnobKey *k, int64_t v, int flags) {
    (void)k;
    (void)flags;
    return nvpm_check_mode(e, v);
}

/* ---- the table: one row per protocol target ---- */

static const Knob knobs[TUNE_T_COUNT] = {
    [TUNE_T_CPU_ONLINE] = {"sys", path_cpu, "online", dec_int, enc_int, chk_cpu_online, true,
                           false},
    [TUNE_T_CPU_GOVERNOR] = {"sys", path_policy, "scaling_governor", dec_governor, enc_governor,
                             chk_governor, true, false},
    [TUNE_T_CPU_MIN_KHZ] = {"sys", path_policy, "scaling_min_freq", dec_int, enc_int, chk_cpu_min,
                            true, false},
    [TUNE_T_CPU_MAX_KHZ] = {"sys", path_policy, "scaling_max_freq", dec_int, enc_int, chk_cpu_max,
                            true, false},
    [TUNE_T_GPU_MIN_HZ] = {"sys", path_gpu, "min_freq", dec_int, enc_int, chk_gpu_min, false,
                           false},
    [TUNE_T_GPU_MAX_HZ] = {"sys", path_gpu, "max_freq", dec_int, enc_int, chk_gpu_max, false,
                           false},
    [TUNE_T_EMC_CAP_HZ] = {"sys", path_found, "emc", dec_int, enc_int, chk_emc, false, false},
    [TUNE_T_CPUIDLE_DISABLE] = {"sys", path_idle, "disable", dec_int, enc_int, chk_none, true,
                                true},
    [TUNE_T_FAN_PWM] = {"sys", path_found, "fan_pwm", dec_int, enc_int, chk_fan_pwm, false, false},
    [TUNE_T_FAN_MODE] = {"sys", path_found, "fan_mode", dec_fan_mode, enc_fan_mode, chk_none, false,
                         false},
    [TUNE_T_RADIO_BLOCK] = {"sys", path_rfkill, "soft", dec_int, enc_int, chk_none, true, false},
    [TUNE_T_NVPMODEL] = {NULL, NULL, NULL, NULL, NULL, chk_nvpmodel, false, false},
    [TUNE_T_USB_POWER] = {"sys", path_usb, "power/control", dec_usb, enc_usb, chk_none, true,
                          false},
    [TUNE_T_THP_ENABLED] = {"sys", path_fixed, "kernel/mm/transparent_hugepage/enabled", dec_thp,
                            enc_thp, chk_thp, false, false},
    [TUNE_T_VM_SWAPPINESS] = {"proc/sys", path_fixed, "vm/swappiness", dec_int, enc_int, chk_none,
                              false, false},
    [TUNE_T_VM_DIRTY_RATIO] = {"proc/sys", path_fixed, "vm/dirty_ratio", dec_int, enc_int, chk_none,
                               false, false},
    [TUNE_T_FAN_TJ_POLICY] = {"sys", path_found, "tj_policy", dec_tz, enc_tz, chk_tz, false, false},
    [TUNE_T_GPU_RAILGATE] = {"sys", path_gpu_dev, "railgate_enable", dec_int, enc_int, chk_bool,
                             false, false},
    [TUNE_T_GPU_3D_SCALING] = {"sys", path_gpu_dev, "enable_3d_scaling", dec_int, enc_int, chk_bool,
                               false, false},
    [TUNE_T_VM_DIRTY_BG_RATIO] = {"proc/sys", path_fixed, "vm/dirty_background_ratio", dec_int,
                                  enc_int, chk_none, false, false},
};

static const Knob *knob_row(const KnobKey *k) {
    if (!proto_target_info(k->target)) {
        return NULL;
    }
    const Knob *r = &knobs[k->target];
    return r->check ? r : NULL;
}

/* Instance rules: a target without instances (the power mode, the GPU) has only index 0,
 * sub 0, so one node never gets two journal keys. */
static int knob_instance(const Knob *r, const KnobKey *k) {
    return (!r->indexed && k->index != 0) || (!r->has_sub && k->sub != 0) ? -ENODEV : 0;
}

/* Instance rules and the path of the node (rel under r->base). */
static int knob_locate(const KnobEnv *e, const Knob *r, const KnobKey *k, char *rel, size_t n) {
    if (knob_instance(r, k) < 0) {
        return -ENODEV;
    }
    int rc = r->path(e, k, r->attr, rel, n);
    return rc == -ENAMETOOLONG ? -ENODEV : rc;
}

static int read_node(KnobEnv *e, const Knob *r, const char *rel, char *buf, size_t n) {
    int fd = sysfs_open_beneath(e->fs, r->base, rel, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        return fd == -ENOENT ? -ENODEV : fd;
    }
    ssize_t got = read(fd, buf, n - 1);
    if (got < 0) {
        int err = errno;
        close(fd);
        return -err;
    }
    close(fd);
    buf[got] = '\0';
    return got == 0 ? -ENODATA : 0;
}

int knobs_get(KnobEnv *e, const KnobKey *k, int64_t *value) {
    const Knob *r = knob_row(k);
    if (!r) {
        return -EINVAL;
    }
    if (!r->base) {
        return knob_instance(r, k) < 0 ? -ENODEV : nvpm_get_mode(e, value);
    }
    char rel[KNOB_PATH + 64];
    char buf[512];
    int rc = knob_locate(e, r, k, rel, sizeof rel);
    if (rc == 0) {
        rc = read_node(e, r, rel, buf, sizeof buf);
    }
    return rc < 0 ? rc : r->decode(buf, strlen(buf), value);
}

int knobs_check(KnobEnv *e, const KnobKey *k, int64_t value, int flags) {
    const Knob *r = knob_row(k);
    const TuneTargetInfo *ti = proto_target_info(k->target);
    if (!r || value < ti->min || value > ti->max) {
        return -EINVAL;
    }
    e->detail = 0;
    if (knob_instance(r, k) < 0) {
        return -ENODEV;
    }
    if (r->base) {
        char rel[KNOB_PATH + 64];
        int rc = knob_locate(e, r, k, rel, sizeof rel);
        if (rc < 0) {
            return rc;
        }
        int fd = sysfs_open_beneath(e->fs, r->base, rel, O_PATH);
        if (fd < 0) {
            return fd == -ENOENT ? -ENODEV : fd;
        }
        close(fd);
    }
    return r->check(e, k, value, flags);
}

int knobs_write(KnobEnv *e, const KnobKey *k, int64_t value, int flags) {
    int rc = knobs_check(e, k, value, flags);
    if (rc < 0) {
        return rc;
    }
    const Knob *r = knob_row(k);
    if (!r->base) {
        return nvpm_set_mode(e, (int)value);
    }
    char rel[KNOB_PATH + 64];
    char text[64];
    if ((rc = knob_locate(e, r, k, rel, sizeof rel)) < 0 ||
        (rc = r->encode(value, text, sizeof text - 1)) < 0) {
        return rc;
    }
    /* as "echo value > node" writes it; every store accepts it (encode left the room) */
    size_t len = strlen(text);
    snprintf(text + len, sizeof text - len, "\n");
    return sysfs_write_beneath(e->fs, r->base, rel, text);
}

int knobs_possible_cpus(KnobEnv *e, uint64_t *mask) {
    char buf[256];
    int rc = read_sys(e, "devices/system/cpu/possible", buf, sizeof buf);
    return rc < 0 ? rc : parse_cpulist(buf, strlen(buf), mask);
}
