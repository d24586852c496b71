/* SPDX-License-Identifier: MIT */
/* tree_cpu: sys/devices/system/cpu - online masks, cpufreq policies, cpuidle states. */
#include "sim_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define CPU "sys/devices/system/cpu"

/* "a b c " lists as the kernel prints them (trailing blank). */
static void join_i64(const int64_t *v, int n, char *out, size_t outsz) {
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used < outsz; i++) {
        used += (size_t)snprintf(out + used, outsz - used, "%lld ", (long long)v[i]);
    }
}

static void mask_words(uint64_t mask, char *out, size_t outsz) {
    size_t used = 0;
    out[0] = '\0';
    for (int c = 0; c < 64 && used < outsz; c++) {
        if (mask & (UINT64_C(1) << c)) {
            used += (size_t)snprintf(out + used, outsz - used, "%s%d", used ? " " : "", c);
        }
    }
}

static int first_cpu(uint64_t mask) {
    for (int c = 0; c < 64; c++) {
        if (mask & (UINT64_C(1) << c)) {
            return c;
        }
    }
    return 0;
}

static int policy_static(Sim *s, int k, const char *dir) {
    const SimBoard *b = &s->board;
    char path[PATH_MAX], text[2048];
    int rc = 0;
    mask_words(b->clusters[k], text, sizeof text);
#define P(name) (snprintf(path, sizeof path, "%s/%s", dir, name), path)
    rc = rc ? rc : simfs_printf(s, P("related_cpus"), 0444, "%s\n", text);
    rc = rc ? rc
            : simfs_printf(s, P("cpuinfo_min_freq"), 0444, "%lld\n", (long long)b->freqs_khz[0]);
    rc = rc ? rc
            : simfs_printf(s, P("cpuinfo_max_freq"), 0444, "%lld\n",
                           (long long)b->freqs_khz[b->n_freqs - 1]);
    rc = rc ? rc
            : simfs_printf(s, P("cpuinfo_transition_latency"), 0444, "%lld\n",
                           (long long)b->transition_latency);
    join_i64(b->freqs_khz, b->n_freqs, text, sizeof text);
    rc = rc ? rc : simfs_printf(s, P("scaling_available_frequencies"), 0444, "%s\n", text);
    size_t used = 0;
    for (int g = 0; g < b->n_govs; g++) {
        used += (size_t)snprintf(text + used, sizeof text - used, "%s ", b->govs[g]);
    }
    rc = rc ? rc : simfs_printf(s, P("scaling_available_governors"), 0444, "%s\n", text);
    rc = rc ? rc : simfs_printf(s, P("scaling_driver"), 0444, "%s\n", b->cpufreq_driver);
#undef P
    return rc;
}

static int policy_nodes(Sim *s, int k, const char *dir) {
    static const struct {
        const char *name;
        Role role;
        mode_t mode;
    } nodes[] = {
        {"affected_cpus", R_POL_AFFECTED, 0444},    {"cpuinfo_cur_freq", R_POL_INFO_CUR, 0400},
        {"scaling_governor", R_POL_GOV, 0644},      {"scaling_min_freq", R_POL_MIN, 0644},
        {"scaling_max_freq", R_POL_MAX, 0644},      {"scaling_cur_freq", R_POL_CUR, 0444},
        {"scaling_setspeed", R_POL_SETSPEED, 0644},
    };
    char path[PATH_MAX];
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, nodes[i].name);
        int rc = simfs_node(s, path, nodes[i].mode, nodes[i].role, k, 0);
        if (rc < 0) {
            return rc;
        }
    }
    return 0;
}

static int idle_state(Sim *s, int cpu, int k) {
    const SbIdleState *st = &s->board.idle[k];
    char dir[PATH_MAX], path[PATH_MAX + 32];
    snprintf(dir, sizeof dir, CPU "/cpu%d/cpuidle/state%d", cpu, k);
    int rc = 0;
#define P(name) (snprintf(path, sizeof path, "%s/%s", dir, name), path)
    rc = rc ? rc : simfs_printf(s, P("name"), 0444, "%s\n", st->name);
    rc = rc ? rc : simfs_printf(s, P("desc"), 0444, "%s\n", st->desc);
    rc = rc ? rc : simfs_printf(s, P("latency"), 0444, "%lld\n", (long long)st->latency_us);
    rc = rc ? rc : simfs_printf(s, P("residency"), 0444, "%lld\n", (long long)st->residency_us);
    rc = rc ? rc : simfs_printf(s, P("power"), 0444, "%lld\n", (long long)st->power);
    rc = rc ? rc : simfs_printf(s, P("default_status"), 0444, "enabled\n");
    rc = rc ? rc : simfs_printf(s, P("rejected"), 0444, "0\n");
    rc = rc ? rc : simfs_node(s, P("disable"), 0644, R_IDLE_DISABLE, cpu, k);
    rc = rc ? rc : simfs_node(s, P("usage"), 0444, R_IDLE_USAGE, cpu, k);
    rc = rc ? rc : simfs_node(s, P("time"), 0444, R_IDLE_TIME, cpu, k);
    rc = rc ? rc : simfs_node(s, P("above"), 0444, R_IDLE_ABOVE, cpu, k);
    rc = rc ? rc : simfs_node(s, P("below"), 0444, R_IDLE_BELOW, cpu, k);
#undef P
    return rc;
}

static int one_cpu(Sim *s, int cpu) {
    const SimBoard *b = &s->board;
    char path[PATH_MAX], target[64];
    int k = simboard_cluster_of(b, cpu);
    int rc = 0;
    snprintf(path, sizeof path, CPU "/cpu%d/online", cpu);
    rc = rc ? rc : simfs_node(s, path, 0644, R_CPU_ONLINE, cpu, 0);
    snprintf(path, sizeof path, CPU "/cpu%d/cpufreq", cpu);
    snprintf(target, sizeof target, "../cpufreq/policy%d", first_cpu(b->clusters[k]));
    rc = rc ? rc : simfs_link(s, path, target);
    snprintf(path, sizeof path, CPU "/cpu%d/topology/cluster_id", cpu);
    rc = rc ? rc : simfs_printf(s, path, 0444, "%d\n", k);
    snprintf(path, sizeof path, CPU "/cpu%d/topology/core_id", cpu);
    rc = rc ? rc : simfs_printf(s, path, 0444, "%d\n", cpu - first_cpu(b->clusters[k]));
    snprintf(path, sizeof path, CPU "/cpu%d/topology/physical_package_id", cpu);
    rc = rc ? rc : simfs_printf(s, path, 0444, "0\n");
    for (int i = 0; rc == 0 && i < b->n_idle; i++) {
        rc = idle_state(s, cpu, i);
    }
    return rc;
}

int tree_cpu(Sim *s) {
    const SimBoard *b = &s->board;
    char all[32], path[PATH_MAX];
    snprintf(all, sizeof all, b->n_cpus > 1 ? "0-%d" : "%d", b->n_cpus - 1);
    int rc = 0;
    rc = rc ? rc : simfs_printf(s, CPU "/possible", 0444, "%s\n", all);
    rc = rc ? rc : simfs_printf(s, CPU "/present", 0444, "%s\n", all);
    rc = rc ? rc : simfs_printf(s, CPU "/kernel_max", 0444, "%d\n", b->n_cpus - 1);
    rc = rc ? rc : simfs_node(s, CPU "/online", 0444, R_CPU_ONLINE_LIST, 0, 0);
    rc = rc ? rc : simfs_node(s, CPU "/offline", 0444, R_CPU_OFFLINE_LIST, 0, 0);
    rc = rc ? rc : simfs_printf(s, CPU "/cpuidle/current_driver", 0444, "%s\n", b->idle_driver);
    rc = rc ? rc
            : simfs_printf(s, CPU "/cpuidle/current_governor_ro", 0444, "%s\n", b->idle_governor);
    for (int k = 0; rc == 0 && k < b->n_clusters; k++) {
        snprintf(path, sizeof path, CPU "/cpufreq/policy%d", first_cpu(b->clusters[k]));
        rc = policy_static(s, k, path);
        rc = rc ? rc : policy_nodes(s, k, path);
    }
    for (int cpu = 0; rc == 0 && cpu < b->n_cpus; cpu++) {
        rc = one_cpu(s, cpu);
    }
    return rc;
}
