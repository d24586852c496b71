/* SPDX-License-Identifier: MIT */
/* sim board files: every shipped board parses cleanly, malformed files give "file:line: msg",
 * the synthetic nvpmodel tables match the fixture's, board lookup, and the demand format. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/core/nvpconf.h"
#include "jtune/platform/fileio.h"
#include "jtune/sim/board.h"
#include "jtune/sim/demand.h"
#include "simtest.h"

static char *board_text(const char *name) {
    char path[4096];
    char *text = NULL;
    size_t len;
    snprintf(path, sizeof path, "%s/config/boards/%s.ini", test_source_dir(), name);
    assert_int_equal(fileio_slurp(path, 1 << 20, &text, &len), 0);
    return text;
}

static void test_every_board_parses_cleanly(void **state) {
    (void)state;
    char names[16][32];
    int n = simtest_boards(names, 16);
    assert_true(n >= 6);
    SimBoard *b = malloc(sizeof *b);
    for (int i = 0; i < n; i++) {
        char path[4096];
        Diag d = {0};
        snprintf(path, sizeof path, "%s/config/boards/%s.ini", test_source_dir(), names[i]);
        int rc = simboard_load(path, b, &d);
        for (int k = 0; k < d.n; k++) {
            print_message("%s\n", d.msg[k]);
        }
        assert_int_equal(rc, 0);
        assert_int_equal(d.n, 0); /* not even a warning */
        assert_string_equal(b->name, names[i]);
        assert_true(b->n_cpus > 0 && b->n_freqs > 0 && b->n_rails > 0 && b->n_zones > 0);
        assert_true(simboard_default_mode(b) >= 0);
        assert_true(b->boot_max_khz >= b->boot_min_khz);
    }
    free(b);
}

static const char *const shipped[] = {"orin-nano-super", "orin-nano", "orin-nx-16gb", "agx-orin",
                                      "xavier-nx",       "nano",      "thor"};

static void test_required_boards_are_shipped(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
        char path[4096];
        assert_int_equal(simboard_locate(shipped[i], path, sizeof path), 0);
    }
}

/* Parse text as "t.ini"; expect an error naming line (0: no line) that contains fragment. */
static void expect_error(const char *text, int line, const char *fragment) {
    SimBoard *b = malloc(sizeof *b);
    Diag d = {0};
    assert_int_equal(simboard_parse(text, "t.ini", b, &d), -EINVAL);
    char prefix[32];
    snprintf(prefix, sizeof prefix, line > 0 ? "t.ini:%d: " : "t.ini: ", line);
    bool found = false;
    for (int i = 0; i < d.n; i++) {
        found = found || (!strncmp(d.msg[i], prefix, strlen(prefix)) && strstr(d.msg[i], fragment));
    }
    if (!found) {
        for (int i = 0; i < d.n; i++) {
            print_message("got: %s\n", d.msg[i]);
        }
        fail_msg("expected \"%s...%s\"", prefix, fragment);
    }
    free(b);
}

static void test_malformed_snippets(void **state) {
    (void)state;
    expect_error("[cpu]\ncount = x\n", 2, "not a number");
    expect_error("; comment\n[cpu]\ncount = 99\n", 3, "outside");
    expect_error("[cpu]\nfreqs_khz = 3 2 1\n", 2, "ascending");
    expect_error("[cpu]\nfreqs_khz = 1 2 x\n", 2, "list of integers");
    expect_error("[cpu]\nclusters = 0-3 zz\n", 2, "not a cpu list");
    expect_error("[board]\njetpack = 8\n", 2, "outside 4..7");
    expect_error("[board]\nthis line has no equals sign\n", 2, "malformed");
    expect_error("[zone.cpu]\ntrips = 99000:passive\n", 2, "TEMP_MC:TYPE:HYST_MC");
    expect_error("[zone.cpu]\nalerts = x:cpu-throttle-alert\n", 2, "TRIP:COOLING_TYPE");
    expect_error("[rail.0]\nfeeds = cpu:x\n", 2, "COMPONENT:WEIGHT");
    expect_error("[rail.0]\nfeeds = fpga:1\n", 2, "unknown component");
    expect_error("[mode.x]\nname = A\n", 2, "mode id");
    expect_error("[mode.1]\ncores = 0-q\n", 2, "not a cpu list");
    expect_error("[fan]\nkind = turbo\n", 2, "none, hwmon or legacy");
    expect_error("[fanprofile.q]\npoints = 0:0:300:10\n", 2, "PWM(0-255)");
    expect_error("[cooling]\ndevices = pwm-fan\n", 2, "TYPE:MAX_STATE");
    expect_error("[gpu]\nenable_3d_scaling = maybe\n", 2, "expected 0 or 1");
    expect_error("[zone.a]\ntype = a\n[zone.b]\ntype = b\n[zone.a]\nidle_mc = 1\n", 6,
                 "appears twice");
    expect_error("[board]\nmodel = a\n", 2, "needs model, compatible, release and kernel");
    expect_error("[board]\nmodel = a\n", 0, "[cpu] needs count and freqs_khz");
}

/* Replace the first occurrence of from with to in a copy of text. */
static char *replace(const char *text, const char *from, const char *to) {
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return out;
}

/* The line number (1-based) of the first line of text that contains needle. */
static int line_of(const char *text, const char *needle) {
    const char *at = strstr(text, needle);
    assert_non_null(at);
    int line = 1;
    for (const char *p = text; p < at; p++) {
        line += *p == '\n';
    }
    return line;
}

static void test_cross_reference_errors_name_the_section(void **state) {
    (void)state;
    char *text = board_text("orin-nano-super");
    char *bad = replace(text, "alerts = 0:cpu-throttle-alert", "alerts = 0:no-such-alert");
    expect_error(bad, line_of(bad, "type = cpu-thermal"), "unknown cooling device no-such-alert");
    free(bad);
    bad = replace(text, "default = 1\n", "default = 7\n");
    expect_error(bad, line_of(bad, "cpu_param = CPU_A78_"), "default mode 7 is not defined");
    free(bad);
    bad =
        replace(text, "cores = 0-5\ntpc_pg_mask = 240\ncpu_min_khz = 729600\ncpu_max_khz = 1344000",
                "cores = 1-5\ntpc_pg_mask = 240\ncpu_min_khz = 729600\ncpu_max_khz = 1344000");
    expect_error(bad, line_of(bad, "name = 25W"), "keep cpu0");
    free(bad);
    bad = replace(text, "governor = schedutil", "governor = turbo");
    expect_error(bad, line_of(bad, "count = 6"), "governor turbo is not among governors");
    free(bad);
    free(text);
}

static void test_unknown_keys_warn(void **state) {
    (void)state;
    char *text = board_text("orin-nano-super");
    size_t n = strlen(text) + 64;
    char *more = malloc(n);
    snprintf(more, n, "%s\n[power]\nbogus = 1\n", text);
    SimBoard *b = malloc(sizeof *b);
    Diag d = {0};
    assert_int_equal(simboard_parse(more, "w.ini", b, &d), 0);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(d.n_warnings, 1);
    char expect[64];
    snprintf(expect, sizeof expect, "w.ini:%d: warning: unknown key \"bogus\"",
             line_of(more, "bogus = 1"));
    assert_non_null(strstr(d.msg[0], expect));
    free(b);
    free(more);
    free(text);
}

/* The fixture's synthetic table (unescaped), for a path of the reference tree. */
static char *fixture_file(const char *rel) {
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/orin-nano-super.tree", test_source_dir());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *line = NULL, *out = NULL;
    size_t cap = 0, rl = strlen(rel);
    while (getline(&line, &cap, f) > 0 && !out) {
        if (strncmp(line, rel, rl) || line[rl] != '\t') {
            continue;
        }
        out = calloc(1, strlen(line) + 2);
        size_t o = 0;
        for (const char *p = line + rl + 1; *p && *p != '\t'; p++) {
            if (*p == '\\' && p[1]) {
                char c = *++p;
                out[o++] = c == 'n' ? '\n' : c == 't' ? '\t' : c == '0' ? '\0' : c;
            } else {
                out[o++] = *p;
            }
        }
        out[o] = '\n';
    }
    free(line);
    fclose(f);
    assert_non_null(out);
    return out;
}

static void check_table(const SimBoard *b, bool alt, const char *fixture_rel) {
    NvpConf *c = nvpconf_new();
    char header[1024];
    char *text = malloc(65536);
    assert_int_equal(simboard_nvpconf(b, alt, c), 0);
    simboard_nvp_header(alt ? &b->nvp.alt : &b->nvp.main, header, sizeof header);
    assert_true(nvpconf_format(c, header, text, 65536) > 0);
    char *want = fixture_file(fixture_rel);
    assert_string_equal(text, want);
    free(want);
    free(text);
    nvpconf_free(c);
}

static void test_nvpmodel_tables_match_the_fixture(void **state) {
    (void)state;
    SimBoard *b = malloc(sizeof *b);
    Diag d = {0};
    char path[4096];
    assert_int_equal(simboard_locate("orin-nano-super", path, sizeof path), 0);
    assert_int_equal(simboard_load(path, b, &d), 0);
    check_table(b, false, "etc/nvpmodel/nvpmodel_p3767_0003_super.conf");
    check_table(b, true, "etc/nvpmodel/nvpmodel_p3767_0003.conf");
    NvpConf *c = nvpconf_new();
    assert_int_equal(simboard_nvpconf(b, false, c), 0);
    assert_int_equal(c->default_id, 1);
    nvpconf_free(c);
    free(b);
}

static void test_locate_and_list(void **state) {
    (void)state;
    char path[4096];
    assert_int_equal(simboard_locate("no-such-board", path, sizeof path), -ENOENT);
    assert_int_equal(simboard_locate("orin-nano-super", path, sizeof path), 0);
    assert_non_null(strstr(path, "orin-nano-super.ini"));
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", path);
    assert_int_equal(simboard_locate(copy, path, sizeof path), 0); /* a path works too */
    assert_string_equal(path, copy);
    /* $JTUNE_DATADIR/boards comes first */
    Fixture fx;
    assert_int_equal(fixture_mkroot(&fx), 0);
    assert_int_equal(fixture_put(&fx, "boards/my-board.ini", "[board]\ndescription = mine\n"), 0);
    setenv("JTUNE_DATADIR", fx.root, 1);
    assert_int_equal(simboard_locate("my-board", path, sizeof path), 0);
    assert_string_equal(path, fixture_path(&fx, "boards/my-board.ini"));
    unsetenv("JTUNE_DATADIR");
    assert_int_equal(simboard_locate("my-board", path, sizeof path), -ENOENT);
    fixture_cleanup(&fx);
}

static void test_list_prints_every_board(void **state) {
    (void)state;
    char out[8192];
    const char *argv[] = {simtest_exe(), "--list", NULL};
    assert_int_equal(simtest_run(argv, NULL, out, sizeof out), 0);
    for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "\n%s ", shipped[i]);
        char with_nl[8300];
        snprintf(with_nl, sizeof with_nl, "\n%s", out);
        assert_non_null(strstr(with_nl, want));
    }
    assert_non_null(strstr(out, "JetPack 6.2"));
    const char *help[] = {simtest_exe(), "--help", NULL};
    assert_int_equal(simtest_run(help, NULL, out, sizeof out), 0);
    assert_non_null(strstr(out, "--ready-fd"));
    assert_non_null(strstr(out, "run/jtune-sim/demand"));
    const char *bad[] = {simtest_exe(), "--board", "nope", "--root", "/tmp/x", NULL};
    assert_int_equal(simtest_run(bad, NULL, out, sizeof out), 2);
    assert_non_null(strstr(out, "no board \"nope\""));
    const char *noroot[] = {simtest_exe(), "--once", NULL};
    assert_int_equal(simtest_run(noroot, NULL, out, sizeof out), 2);
    assert_non_null(strstr(out, "--root DIR is required"));
}

static void test_demand_parse_and_format(void **state) {
    (void)state;
    SimDemand d;
    int bad = 0;
    const char *text = "# burners\ncpu 0-3 80\ngpu 50.5\n\nemc 10  # traffic\ncpu 2 10\n"
                       "gpu 101\nwarp 9\n";
    assert_int_equal(simdemand_parse(text, &d, &bad), 2);
    assert_int_equal(bad, 7);
    assert_true(d.cpu_pct[0] == 80 && d.cpu_pct[1] == 80 && d.cpu_pct[3] == 80);
    assert_true(d.cpu_pct[2] == 10 && d.cpu_pct[4] == 0);
    assert_true(d.gpu_pct == 50.5 && d.emc_pct == 10);
    char out[256];
    assert_true(simdemand_format(&d, 6, out, sizeof out) > 0);
    assert_string_equal(out, "cpu 0-1,3 80\ncpu 2 10\ngpu 50.5\nemc 10\n");
    SimDemand again;
    assert_int_equal(simdemand_parse(out, &again, NULL), 0);
    assert_memory_equal(&again, &d, sizeof d);
    assert_int_equal(simdemand_format(&d, 6, out, 8), -ERANGE);
    assert_int_equal(simdemand_parse("", &d, &bad), 0);
    assert_int_equal(bad, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_board_parses_cleanly),
        cmocka_unit_test(test_required_boards_are_shipped),
        cmocka_unit_test(test_malformed_snippets),
        cmocka_unit_test(test_cross_reference_errors_name_the_section),
        cmocka_unit_test(test_unknown_keys_warn),
        cmocka_unit_test(test_nvpmodel_tables_match_the_fixture),
        cmocka_unit_test(test_locate_and_list),
        cmocka_unit_test(test_list_prints_every_board),
        cmocka_unit_test(test_demand_parse_and_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
