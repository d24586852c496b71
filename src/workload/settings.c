/* SPDX-License-Identifier: MIT */
/* settings: settings lists -> helper requests (see settings.h). */
#include "jtune/workload/settings.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Strict whole number of the whole string. */
static bool whole(const char *s, int64_t *out) {
    return parse_i64(s, strlen(s), out) == 0 && strchr(s, '\n') == NULL;
}

static int add(SettingList *l, const char *key, TuneTarget t, uint32_t index, uint16_t sub,
               int64_t value, char *why, size_t whysz) {
    if (l->n >= SETTINGS_MAX) {
        snprintf(why, whysz, "more than %d settings", SETTINGS_MAX);
        return -E2BIG;
    }
    Setting *s = &l->s[l->n++];
    *s = (Setting){t, index, sub, value, ""};
    snprintf(s->key, sizeof s->key, "%s", key);
    return 0;
}

/* The offered frequency nearest to v from below (down) or above (!down) in an ascending
 * table; the table empty: v itself. -ERANGE when v is outside the table. */
static int snap(const int64_t *tab, int n, int64_t v, bool down, int64_t *out) {
    if (n <= 0) {
        *out = v;
        return 0;
    }
    int pick = -1;
    for (int i = 0; i < n; i++) {
        if (down ? tab[i] <= v : (tab[i] >= v && pick < 0)) {
            pick = i;
        }
    }
    if (pick < 0) {
        return -ERANGE;
    }
    *out = tab[pick];
    return 0;
}

/* A CPU frequency or governor for one policy (p: index in inv->cpu.policies). */
static int policy_item(SettingList *l, const Inventory *inv, int p, const char *key,
                       const char *what, const char *val, char *why, size_t whysz) {
    const PolicyInfo *pi = &inv->cpu.policies[p];
    if (strcmp(what, "governor") == 0) {
        int g = proto_governor_parse(val, strlen(val));
        if (g < 0) {
            snprintf(why, whysz, "%s: unknown governor '%s'", key, val);
            return -EINVAL;
        }
        return add(l, key, TUNE_T_CPU_GOVERNOR, (uint32_t)pi->first_cpu, 0, g, why, whysz);
    }
    bool max = strcmp(what, "max_khz") == 0;
    if (!max && strcmp(what, "min_khz") != 0) {
        snprintf(why, whysz, "%s: expected max_khz, min_khz or governor", key);
        return -EINVAL;
    }
    int64_t v, snapped;
    if (!whole(val, &v) || v <= 0) {
        snprintf(why, whysz, "%s: expected a frequency in kHz, got '%s'", key, val);
        return -EINVAL;
    }
    if (snap(pi->freqs_khz, pi->n_freqs, v, max, &snapped) < 0) {
        snprintf(why, whysz, "%s: %lld kHz is outside policy%d's %lld..%lld kHz", key, (long long)v,
                 pi->first_cpu, (long long)pi->freqs_khz[0],
                 (long long)pi->freqs_khz[pi->n_freqs - 1]);
        return -EINVAL;
    }
    return add(l, key, max ? TUNE_T_CPU_MAX_KHZ : TUNE_T_CPU_MIN_KHZ, (uint32_t)pi->first_cpu, 0,
               snapped, why, whysz);
}

/* cpu.X (every policy), policyN.X, cpuN.online. */
static int cpu_item(SettingList *l, const Inventory *inv, const char *key, const char *val,
                    char *why, size_t whysz) {
    const char *dot = strchr(key, '.');
    int64_t n = -1;
    char num[16] = "";
    const char *head = strncmp(key, "policy", 6) == 0 ? key + 6 : key + 3;
    snprintf(num, sizeof num, "%.*s", (int)(dot - head), head);
    if (num[0] && !whole(num, &n)) {
        n = -2;
    }
    if (key[0] == 'c' && num[0]) { /* cpuN.online */
        int64_t on;
        if (n < 0 || n >= inv->cpu.n_cpus || strcmp(dot + 1, "online") != 0 || !whole(val, &on) ||
            (on != 0 && on != 1)) {
            snprintf(why, whysz, "%s=%s: expected cpuN.online=0|1 for a cpu of this board", key,
                     val);
            return -EINVAL;
        }
        return add(l, key, TUNE_T_CPU_ONLINE, (uint32_t)n, 0, on, why, whysz);
    }
    int rc = 0, found = 0;
    for (int p = 0; p < inv->cpu.n_policies && rc == 0; p++) {
        if (key[0] == 'p' && inv->cpu.policies[p].first_cpu != n) {
            continue;
        }
        found++;
        rc = policy_item(l, inv, p, key, dot + 1, val, why, whysz);
    }
    if (rc == 0 && !found) {
        snprintf(why, whysz, "%s: no such cpufreq policy on this board", key);
        rc = -EINVAL;
    }
    return rc;
}

static int gpu_item(SettingList *l, const Inventory *inv, const char *key, const char *val,
                    char *why, size_t whysz) {
    bool max = strcmp(key, "gpu.max_hz") == 0;
    int64_t v, snapped;
    if (!max && strcmp(key, "gpu.min_hz") != 0) {
        snprintf(why, whysz, "%s: expected gpu.max_hz or gpu.min_hz", key);
        return -EINVAL;
    }
    if (!inv->gpu.present) {
        snprintf(why, whysz, "%s: this board has no GPU devfreq node", key);
        return -EINVAL;
    }
    if (!whole(val, &v) || v <= 0 || snap(inv->gpu.freqs_hz, inv->gpu.n_freqs, v, max, &snapped)) {
        snprintf(why, whysz, "%s: expected a frequency in Hz the GPU offers, got '%s'", key, val);
        return -EINVAL;
    }
    return add(l, key, max ? TUNE_T_GPU_MAX_HZ : TUNE_T_GPU_MIN_HZ, 0, 0, snapped, why, whysz);
}

static int nvp_item(SettingList *l, const Inventory *inv, const char *key, const char *val,
                    char *why, size_t whysz) {
    int64_t id = -1;
    if (!whole(val, &id)) {
        for (int i = 0; i < inv->nvp.n_modes; i++) {
            if (strcmp(inv->nvp.modes[i].name, val) == 0) {
                id = inv->nvp.modes[i].id;
            }
        }
    }
    if (id < 0 || (inv->nvp.n_modes && inventory_mode_index(inv, id) < 0)) {
        snprintf(why, whysz, "%s: no power mode '%s' on this board", key, val);
        return -EINVAL;
    }
    return add(l, key, TUNE_T_NVPMODEL, 0, 0, id, why, whysz);
}

/* TARGET[:INDEX[:SUB]]=INTEGER with a helper target name. */
static int raw_item(SettingList *l, const char *key, const char *val, char *why, size_t whysz) {
    char name[48];
    snprintf(name, sizeof name, "%s", key);
    char *colon = strchr(name, ':');
    int64_t index = 0, sub = 0, v;
    if (colon) {
        *colon = '\0';
        char *colon2 = strchr(colon + 1, ':');
        if (colon2) {
            *colon2 = '\0';
        }
        if (!whole(colon + 1, &index) || index < 0 || index > UINT32_MAX ||
            (colon2 && (!whole(colon2 + 1, &sub) || sub < 0 || sub > UINT16_MAX))) {
            snprintf(why, whysz, "%s: bad instance numbers", key);
            return -EINVAL;
        }
    }
    TuneTarget t = proto_target_by_name(name);
    if (t == TUNE_T_NONE) {
        snprintf(why, whysz, "unknown setting '%s'", key);
        return -EINVAL;
    }
    if (!whole(val, &v)) {
        snprintf(why, whysz, "%s: expected a whole number, got '%s'", key, val);
        return -EINVAL;
    }
    return add(l, key, t, (uint32_t)index, (uint16_t)sub, v, why, whysz);
}

static int item(SettingList *l, const Inventory *inv, const char *key, const char *val, char *why,
                size_t whysz) {
    if (strncmp(key, "cpu", 3) == 0 && strchr(key, '.')) {
        return cpu_item(l, inv, key, val, why, whysz);
    }
    if (strncmp(key, "policy", 6) == 0 && strchr(key, '.')) {
        return cpu_item(l, inv, key, val, why, whysz);
    }
    if (strncmp(key, "gpu.", 4) == 0) {
        return gpu_item(l, inv, key, val, why, whysz);
    }
    if (strcmp(key, "nvpmodel") == 0) {
        return nvp_item(l, inv, key, val, why, whysz);
    }
    if (strcmp(key, "emc.cap_hz") == 0) {
        return raw_item(l, "emc_cap_hz", val, why, whysz);
    }
    if (strcmp(key, "fan.pwm") == 0) {
        return raw_item(l, "fan_pwm", val, why, whysz);
    }
    return raw_item(l, key, val, why, whysz);
}

/* nvpmodel first: a power mode resets the clocks the other items set. */
static void mode_first(SettingList *l) {
    for (int i = 1; i < l->n; i++) {
        if (l->s[i].target == TUNE_T_NVPMODEL) {
            Setting s = l->s[i];
            memmove(&l->s[1], &l->s[0], (size_t)i * sizeof s);
            l->s[0] = s;
        }
    }
}

int settings_parse(const char *text, const Inventory *inv, SettingList *out, char *why,
                   size_t whysz) {
    memset(out, 0, sizeof *out);
    snprintf(out->text, sizeof out->text, "%s", text);
    char buf[1024];
    if (snprintf(buf, sizeof buf, "%s", text) >= (int)sizeof buf) {
        snprintf(why, whysz, "settings list too long");
        return -E2BIG;
    }
    int rc = 0;
    for (char *save = NULL, *it = strtok_r(buf, ",", &save); it && rc == 0;
         it = strtok_r(NULL, ",", &save)) {
        StrView v = parse_first_line(it, strlen(it));
        char one[256];
        strview_copy(v, one, sizeof one);
        char *eq = strchr(one, '=');
        if (!eq || eq == one || !eq[1]) {
            snprintf(why, whysz, "'%s' is not KEY=VALUE", one);
            return -EINVAL;
        }
        *eq = '\0';
        StrView k = parse_first_line(one, strlen(one)),
                val = parse_first_line(eq + 1, strlen(eq + 1));
        char key[64], value[128];
        strview_copy(k, key, sizeof key);
        strview_copy(val, value, sizeof value);
        rc = item(out, inv, key, value, why, whysz);
    }
    if (rc == 0 && out->n == 0) {
        snprintf(why, whysz, "no settings in '%s'", text);
        rc = -EINVAL;
    }
    mode_first(out);
    return rc;
}

const char *settings_format(const SettingList *l, char *out, size_t outsz) {
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < l->n && o < outsz; i++) {
        const TuneTargetInfo *ti = proto_target_info(l->s[i].target);
        int w = snprintf(out + o, outsz - o, "%s%s[%u]=%lld", i ? " " : "", ti ? ti->name : "?",
                         l->s[i].index, (long long)l->s[i].value);
        if (w < 0) {
            break;
        }
        o += (size_t)w;
    }
    return out;
}

int settings_apply(TuneClient *t, const SettingList *l, char *err, size_t errsz) {
    int rc = tune_txn_begin(t);
    if (rc < 0) {
        snprintf(err, errsz, "cannot start a change: %s", tune_last_error(t));
        return rc;
    }
    for (int i = 0; i < l->n; i++) {
        const Setting *s = &l->s[i];
        rc = tune_set(t, s->target, s->index, s->sub, s->value);
        if (rc < 0) {
            snprintf(err, errsz, "%s=%lld: %s", s->key, (long long)s->value, tune_last_error(t));
            tune_txn_abort(t);
            return rc;
        }
    }
    rc = tune_txn_commit(t);
    if (rc < 0) {
        snprintf(err, errsz, "the change was rolled back: %s", tune_last_error(t));
    }
    return rc;
}
