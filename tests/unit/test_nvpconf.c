/* SPDX-License-Identifier: MIT */
/* nvpconf: parsing NVIDIA-syntax nvpmodel tables, *_KNEXT path variants, mode summaries,
 * the reboot rule, line-numbered errors, and format -> parse round trips. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/core/nvpconf.h"

/* The content of one path of the reference fixture tree, unescaped (static buffer). */
static const char *fixture_content(const char *rel) {
    static char out[16384];
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/orin-nano-super.tree", test_source_dir());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char line[32768];
    size_t rl = strlen(rel);
    out[0] = '\0';
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, rel, rl) != 0 || line[rl] != '\t') {
            continue;
        }
        const char *p = line + rl + 1;
        size_t o = 0;
        for (; *p && *p != '\t' && o + 1 < sizeof out; p++) {
            if (*p == '\\' && p[1]) {
                char c = *++p;
                out[o++] = c == 'n' ? '\n' : c == 't' ? '\t' : c == '0' ? '\0' : c;
            } else {
                out[o++] = *p;
            }
        }
        out[o] = '\0';
        break;
    }
    fclose(f);
    assert_true(out[0] != '\0');
    return out;
}

static NvpConf *parse_ok(const char *text) {
    NvpConf *c = nvpconf_new();
    assert_non_null(c);
    Diag d = {0};
    int rc = nvpconf_parse(text, "t.conf", c, &d);
    for (int i = 0; i < d.n; i++) {
        print_message("%s\n", d.msg[i]);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(d.n_errors, 0);
    return c;
}

static void test_super_table_from_fixture(void **state) {
    (void)state;
    NvpConf *c = parse_ok(fixture_content("etc/nvpmodel/nvpmodel_p3767_0003_super.conf"));
    assert_int_equal(c->n_modes, 4); /* 15W, 25W, MAXN_SUPER and, since R36.4.x, 7W */
    assert_int_equal(c->default_id, 1);
    int m = nvpconf_find_mode(c, 1);
    assert_true(m >= 0);
    assert_string_equal(c->modes[m].name, "25W");
    assert_string_equal(c->modes[nvpconf_find_mode(c, 2)].name, "MAXN_SUPER");
    NvpCaps caps;
    assert_int_equal(nvpconf_mode_caps(c, m, &caps), 0);
    assert_int_equal(caps.cores_set, 0x3f);
    assert_int_equal(caps.cores_online, 0x3f);
    assert_int_equal(caps.n_cpu, 2);
    assert_string_equal(caps.cpu[0].param, "CPU_A78_0");
    assert_int_equal(caps.cpu[0].cpu, 0);
    assert_int_equal(caps.cpu[1].cpu, 4);
    assert_int_equal(caps.cpu[1].min_khz, 729600);
    assert_int_equal(caps.cpu[1].max_khz, 1344000);
    assert_true(caps.has_gpu_max && caps.has_gpu_min && caps.has_emc_cap && caps.has_tpc_mask);
    assert_int_equal(caps.gpu_min_hz, 0);
    assert_int_equal(caps.gpu_max_hz, 918000000);
    assert_int_equal(caps.emc_cap_hz, 3199000000LL);
    assert_int_equal(caps.tpc_pg_mask, 240);
    /* MAXN_SUPER: -1 everywhere means uncapped */
    assert_int_equal(nvpconf_mode_caps(c, nvpconf_find_mode(c, 2), &caps), 0);
    assert_int_equal(caps.cpu[0].max_khz, NVP_NO_CAP);
    assert_int_equal(caps.gpu_max_hz, NVP_NO_CAP);
    assert_int_equal(caps.emc_cap_hz, NVP_NO_CAP);
    /* JP6 table: only *_KNEXT paths, found for either preference */
    int gpu = nvpconf_find_param(c, "GPU");
    assert_string_equal(nvpconf_arg_path(c, gpu, "MAX_FREQ", true),
                        "/sys/devices/platform/17000000.gpu/devfreq_dev/max_freq");
    assert_string_equal(nvpconf_arg_path(c, gpu, "MAX_FREQ", false),
                        "/sys/devices/platform/17000000.gpu/devfreq_dev/max_freq");
    assert_null(nvpconf_arg_path(c, gpu, "GOVERNOR", true));
    nvpconf_free(c);
}

static void test_reboot_rule_on_non_super_table(void **state) {
    (void)state;
    NvpConf *c = parse_ok(fixture_content("etc/nvpmodel/nvpmodel_p3767_0003.conf"));
    assert_int_equal(c->default_id, 0);
    NvpCaps m15, m7;
    assert_int_equal(nvpconf_mode_caps(c, nvpconf_find_mode(c, 0), &m15), 0);
    assert_int_equal(nvpconf_mode_caps(c, nvpconf_find_mode(c, 1), &m7), 0);
    assert_int_equal(m15.emc_cap_hz, NVP_NO_CAP); /* "EMC MAX_FREQ 0" = no cap */
    assert_int_equal(m7.cores_online, 0x0f);
    assert_int_equal(m7.cores_set, 0x3f);
    assert_int_equal(m7.tpc_pg_mask, 252);
    assert_true(nvpconf_needs_reboot(&m15, &m7));
    assert_true(nvpconf_needs_reboot(&m7, &m15));
    assert_false(nvpconf_needs_reboot(&m15, &m15));
    /* same cores, different TPC mask: still a reboot */
    NvpCaps t = m15;
    t.tpc_pg_mask = 252;
    assert_true(nvpconf_needs_reboot(&m15, &t));
    nvpconf_free(c);
}

/* 15W, 25W and MAXN_SUPER switch live; 7W parks two cores and changes the TPC mask. */
static void test_super_modes_need_no_reboot(void **state) {
    (void)state;
    NvpConf *c = parse_ok(fixture_content("etc/nvpmodel/nvpmodel_p3767_0003_super.conf"));
    NvpCaps a, b;
    int m7 = nvpconf_find_mode(c, 3);
    assert_true(m7 >= 0);
    assert_string_equal(c->modes[m7].name, "7W");
    for (int i = 0; i < c->n_modes; i++) {
        for (int j = 0; j < c->n_modes; j++) {
            nvpconf_mode_caps(c, i, &a);
            nvpconf_mode_caps(c, j, &b);
            assert_int_equal(nvpconf_needs_reboot(&a, &b), (i == m7) != (j == m7));
        }
    }
    nvpconf_free(c);
}

static const char *const knext_text =
    "# both kernels\n"
    "< PARAM TYPE=CLOCK NAME=GPU >\n"
    "MAX_FREQ /sys/devices/17000000.ga10b/devfreq/17000000.ga10b/max_freq\n"
    "MAX_FREQ_KNEXT /sys/devices/platform/17000000.gpu/devfreq_dev/max_freq  # JP6\n"
    "< PARAM TYPE=FILE NAME=GPU_POWER_CONTROL_ENABLE >\n"
    "GPU_PWR_CNTL_EN /sys/devices/platform/gpu.0/power/control\n"
    "< POWER_MODEL ID=3 NAME=LOW >\n"
    "GPU MAX_FREQ 408000000\n"
    "GPU_POWER_CONTROL_ENABLE GPU_PWR_CNTL_EN on\n"
    "< POWER_MODEL ID=7 NAME=HIGH >\n"
    "GPU MAX_FREQ -1\n"
    "< PM_CONFIG DEFAULT=7 >\n";

static void test_knext_variants_and_values(void **state) {
    (void)state;
    NvpConf *c = parse_ok(knext_text);
    int gpu = nvpconf_find_param(c, "GPU");
    assert_true(gpu >= 0);
    assert_string_equal(nvpconf_arg_path(c, gpu, "MAX_FREQ", false),
                        "/sys/devices/17000000.ga10b/devfreq/17000000.ga10b/max_freq");
    assert_string_equal(nvpconf_arg_path(c, gpu, "MAX_FREQ", true),
                        "/sys/devices/platform/17000000.gpu/devfreq_dev/max_freq");
    int first = -1;
    int m = nvpconf_find_mode(c, 3);
    assert_int_equal(nvpconf_mode_settings(c, m, &first), 2);
    const NvpSetting *on = &c->settings[first + 1];
    assert_false(on->is_int);
    assert_string_equal(on->value, "on");
    assert_string_equal(nvpconf_conf_val(on), "on");
    int first_high;
    assert_int_equal(nvpconf_mode_settings(c, nvpconf_find_mode(c, 7), &first_high), 1);
    assert_string_equal(nvpconf_conf_val(&c->settings[first_high]), "9223372036854775807");
    assert_int_equal(nvpconf_mode_settings(c, 99, &first), 0);
    nvpconf_free(c);
}

/* Each malformed text must produce an error naming the given line. */
static void expect_error(const char *text, int line, const char *fragment) {
    NvpConf *c = nvpconf_new();
    Diag d = {0};
    int rc = nvpconf_parse(text, "bad.conf", c, &d);
    assert_int_equal(rc, -EINVAL);
    assert_true(d.n_errors >= 1);
    char prefix[32];
    if (line > 0) {
        snprintf(prefix, sizeof prefix, "bad.conf:%d: ", line);
    } else {
        snprintf(prefix, sizeof prefix, "bad.conf: ");
    }
    bool found = false;
    for (int i = 0; i < d.n; i++) {
        if (strncmp(d.msg[i], prefix, strlen(prefix)) == 0 && strstr(d.msg[i], fragment)) {
            found = true;
        }
    }
    if (!found) {
        for (int i = 0; i < d.n; i++) {
            print_message("got: %s\n", d.msg[i]);
        }
        fail_msg("no \"%s...%s\" error", prefix, fragment);
    }
    nvpconf_free(c);
}

static void test_errors_carry_line_numbers(void **state) {
    (void)state;
    const char *head = "< PARAM TYPE=CLOCK NAME=GPU >\nMAX_FREQ /sys/gpu/max_freq\n";
    char buf[512];
    snprintf(buf, sizeof buf, "%s< POWER_MODEL ID=0 NAME=A >\nCPU MAX_FREQ 1\n", head);
    expect_error(buf, 4, "unknown PARAM CPU");
    snprintf(buf, sizeof buf, "%s< POWER_MODEL ID=0 NAME=A >\nGPU MIN_FREQ 1\n", head);
    expect_error(buf, 4, "has no ARG MIN_FREQ");
    snprintf(buf, sizeof buf, "%s< POWER_MODEL ID=0 NAME=A >\nGPU MAX_FREQ\n", head);
    expect_error(buf, 4, "PARAM ARG VALUE");
    expect_error("\n# comment\nCORE_0 /sys/x\n", 3, "outside");
    expect_error("< PARAM TYPE=FILE NAME=X\n", 1, "closing");
    expect_error("< PARAM TYPE=WIRE NAME=X >\n", 1, "TYPE=FILE");
    expect_error("< PARAM TYPE=FILE >\n", 1, "NAME=");
    expect_error("< PARAM TYPE=FILE NAME=X >\nA relative/path\n", 2, "absolute");
    expect_error("< PARAM TYPE=FILE NAME=X >\nA /p extra\n", 2, "ARG PATH");
    expect_error("< POWER_MODEL ID=x NAME=A >\n", 1, "ID=");
    expect_error("< POWER_MODEL ID=1 NAME=A >\n< POWER_MODEL ID=1 NAME=B >\n", 2, "twice");
    expect_error("< PARAM TYPE=FILE NAME=X >\n< PARAM TYPE=CLOCK NAME=X >\n", 2, "twice");
    expect_error("< PM_CONFIG DEFAULT= >\n", 1, "DEFAULT");
    expect_error("< POWER_MODEL ID=1 NAME=A >\n< PM_CONFIG DEFAULT=2 >\n", 0, "names no");
    expect_error("< PM_CONFIG DEFAULT=1 >\nGPU MAX_FREQ 1\n", 2, "after PM_CONFIG");
}

static void test_unknown_block_is_a_warning(void **state) {
    (void)state;
    NvpConf *c = nvpconf_new();
    Diag d = {0};
    const char *text = "< FAN_CONFIG DEFAULT=quiet >\nwhatever goes here\n"
                       "< POWER_MODEL ID=0 NAME=ONLY >\n< PM_CONFIG DEFAULT=0 >\n";
    assert_int_equal(nvpconf_parse(text, "w.conf", c, &d), 0);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(d.n_warnings, 1);
    assert_non_null(strstr(d.msg[0], "w.conf:1: warning: unknown block <FAN_CONFIG>"));
    assert_int_equal(c->n_modes, 1);
    assert_int_equal(c->default_id, 0);
    nvpconf_free(c);
}

static void test_format_round_trip(void **state) {
    (void)state;
    NvpConf *a = parse_ok(fixture_content("etc/nvpmodel/nvpmodel_p3767_0003_super.conf"));
    static char t1[32768], t2[32768];
    int n1 = nvpconf_format(a, "synthetic table\n\nsecond line", t1, sizeof t1);
    assert_true(n1 > 0);
    assert_int_equal((size_t)n1, strlen(t1));
    assert_non_null(strstr(t1, "# synthetic table\n#\n# second line\n\n< PARAM"));
    assert_non_null(strstr(t1, "< POWER_MODEL ID=2 NAME=MAXN_SUPER >\n"));
    assert_non_null(strstr(t1, "\n< PM_CONFIG DEFAULT=1 >\n"));
    NvpConf *b = parse_ok(t1);
    assert_int_equal(b->n_modes, a->n_modes);
    assert_int_equal(b->n_settings, a->n_settings);
    assert_int_equal(b->n_args, a->n_args);
    int n2 = nvpconf_format(b, "synthetic table\n\nsecond line", t2, sizeof t2);
    assert_int_equal(n1, n2);
    assert_string_equal(t1, t2);
    /* too small a buffer: -ERANGE, never a torn table passed off as complete */
    assert_int_equal(nvpconf_format(a, NULL, t2, 100), -ERANGE);
    nvpconf_free(a);
    nvpconf_free(b);
}

static void test_build_api(void **state) {
    (void)state;
    NvpConf *c = nvpconf_new();
    assert_int_equal(c->default_id, -1);
    assert_int_equal(nvpconf_add_setting(c, "GPU", "MAX_FREQ", "1"), -EINVAL); /* no mode */
    int p = nvpconf_add_param(c, NVP_PARAM_CLOCK, "CPU_A57_0");
    assert_int_equal(p, 0);
    assert_int_equal(nvpconf_add_param(c, NVP_PARAM_FILE, "CPU_A57_0"), -EEXIST);
    assert_int_equal(nvpconf_add_arg(c, p, "MAX_FREQ_KNEXT",
                                     "/sys/devices/system/cpu/cpu2/cpufreq/scaling_max_freq"),
                     0);
    assert_int_equal(nvpconf_add_arg(c, 5, "X", "/x"), -EINVAL);
    assert_int_equal(nvpconf_add_mode(c, 4, "MAXN"), 0);
    assert_int_equal(nvpconf_add_mode(c, 4, "AGAIN"), -EEXIST);
    assert_int_equal(nvpconf_add_setting(c, "CPU_A57_0", "MIN_FREQ", "1"), -ENOENT);
    assert_int_equal(nvpconf_add_setting(c, "NOPE", "MAX_FREQ", "1"), -ENOENT);
    assert_int_equal(nvpconf_add_setting(c, "CPU_A57_0", "MAX_FREQ", "1428000"), 0);
    NvpCaps caps;
    assert_int_equal(nvpconf_mode_caps(c, 0, &caps), 0);
    assert_int_equal(caps.n_cpu, 1);
    assert_int_equal(caps.cpu[0].cpu, 2);
    assert_true(caps.cpu[0].has_max);
    assert_false(caps.cpu[0].has_min);
    assert_int_equal(caps.cpu[0].max_khz, 1428000);
    assert_false(caps.has_gpu_max);
    assert_int_equal(nvpconf_mode_caps(c, 1, &caps), -EINVAL);
    for (int i = 1; i < NVP_MAX_MODES; i++) {
        assert_int_equal(nvpconf_add_mode(c, 100 + i, "M"), i);
    }
    assert_int_equal(nvpconf_add_mode(c, 999, "ONE_TOO_MANY"), -ERANGE);
    nvpconf_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_super_table_from_fixture),
        cmocka_unit_test(test_reboot_rule_on_non_super_table),
        cmocka_unit_test(test_super_modes_need_no_reboot),
        cmocka_unit_test(test_knext_variants_and_values),
        cmocka_unit_test(test_errors_carry_line_numbers),
        cmocka_unit_test(test_unknown_block_is_a_warning),
        cmocka_unit_test(test_format_round_trip),
        cmocka_unit_test(test_build_api),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
