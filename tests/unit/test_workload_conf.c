/* SPDX-License-Identifier: MIT */
/* workload definitions: argv quoting rules, [workload.NAME] sections, built-ins and their
 * overrides, placeholders, and every kind of error with its file:line. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/workload/wlconf.h"
#include "jtune/workload/words.h"

static void split_ok(const char *s, int n, const char *const *want) {
    Words w;
    char why[128];
    assert_int_equal(words_split(s, &w, why, sizeof why), 0);
    assert_int_equal(w.n, n);
    for (int i = 0; i < n; i++) {
        assert_string_equal(words_get(&w, i), want[i]);
    }
    assert_null(words_get(&w, n));
    /* formatting and splitting again gives the same words */
    char line[WORDS_BUF * 2];
    assert_true(words_format(&w, line, sizeof line) >= 0);
    Words again;
    assert_int_equal(words_split(line, &again, why, sizeof why), 0);
    assert_int_equal(again.n, n);
    for (int i = 0; i < n; i++) {
        assert_string_equal(words_get(&again, i), want[i]);
    }
}

static void test_words_quoting(void **state) {
    (void)state;
    split_ok("a b\tc", 3, (const char *const[]){"a", "b", "c"});
    split_ok("  lead  trail  ", 2, (const char *const[]){"lead", "trail"});
    split_ok("\"my model.onnx\" 'it''s'", 2, (const char *const[]){"my model.onnx", "its"});
    split_ok("--name=\"a b\" x", 2, (const char *const[]){"--name=a b", "x"});
    split_ok("\"q\\\"uote\" \"back\\\\slash\" \"keep\\n\"", 3,
             (const char *const[]){"q\"uote", "back\\slash", "keep\\n"});
    split_ok("'single \\ \"raw\"'", 1, (const char *const[]){"single \\ \"raw\""});
    split_ok("a\\ b \\'c", 2, (const char *const[]){"a b", "'c"});
    split_ok("\"\" ''", 2, (const char *const[]){"", ""});
    /* nothing is expanded: shell characters are plain text */
    split_ok("$HOME ~ * ; | > `x`", 7,
             (const char *const[]){"$HOME", "~", "*", ";", "|", ">", "`x`"});
    split_ok("", 0, NULL);
}

static void test_words_errors(void **state) {
    (void)state;
    Words w;
    char why[128];
    assert_int_equal(words_split("a \"open", &w, why, sizeof why), -EINVAL);
    assert_non_null(strstr(why, "unterminated"));
    assert_int_equal(words_split("a 'open", &w, why, sizeof why), -EINVAL);
    assert_int_equal(words_split("a\\", &w, why, sizeof why), -EINVAL);
    assert_non_null(strstr(why, "backslash"));
    char many[WORDS_MAX * 2 + 8] = "";
    for (int i = 0; i <= WORDS_MAX; i++) {
        strcat(many, "x ");
    }
    assert_int_equal(words_split(many, &w, why, sizeof why), -E2BIG);
    char *big = malloc(WORDS_BUF + 10);
    assert_non_null(big);
    memset(big, 'y', WORDS_BUF + 9);
    big[WORDS_BUF + 9] = '\0';
    assert_int_equal(words_split(big, &w, why, sizeof why), -E2BIG);
    free(big);
}

static WlSet set;
static Diag diag;

static int parse(const char *text) {
    wlconf_defaults(&set);
    memset(&diag, 0, sizeof diag);
    return wlconf_parse(&set, text, "jtune.ini", &diag);
}

static bool diag_has(const char *needle) {
    for (int i = 0; i < diag.n; i++) {
        if (strstr(diag.msg[i], needle)) {
            return true;
        }
    }
    return false;
}

static void test_builtins(void **state) {
    (void)state;
    assert_int_equal(parse(""), 0);
    const char *names[] = {"cpu-gemm", "cpu-copy", "gpu-gemm", "gpu-copy"};
    for (size_t i = 0; i < 4; i++) {
        const WlDef *d = wlconf_find(&set, names[i]);
        assert_non_null(d);
        assert_true(d->builtin);
        assert_int_equal(d->mode, WL_BATCH_LINES);
        assert_int_equal(d->gpu, names[i][0] == 'g');
    }
    Words argv;
    char why[128];
    const WlDef *d = wlconf_find(&set, "cpu-copy");
    assert_int_equal(wlconf_expand(d, NULL, &argv, why, sizeof why), 0);
    char line[512];
    words_format(&argv, line, sizeof line);
    assert_string_equal(line,
                        "jtune-burn-cpu --batches 10 --batch-ms 2000 --idle-ms 2000 --kind copy");
    assert_null(wlconf_find(&set, "nope"));
}

static void test_sections(void **state) {
    (void)state;
    const char *text = "[ui]\n"
                       "interval_ms = 500\n"
                       "[workload.infer]\n"
                       "command = /opt/infer --model \"my model.onnx\" --n {batch}\n"
                       "batches = 4\n"
                       "idle_ms = 250\n"
                       "cpus = 4-5\n"
                       "cpu_quota_pct = 150\n"
                       "env = OMP_NUM_THREADS=2 \"LABEL=a b\"\n"
                       "output = /tmp/infer.out\n"
                       "baseline_ms = 0\n"
                       "[workload.stream]\n"
                       "command = ./stream --for {batch_ms} --count {batches}\n"
                       "batch_ms = 300\n"
                       "[workload.gpu-gemm]\n"
                       "batches = 50\n";
    assert_int_equal(parse(text), 0);
    assert_int_equal(diag.n, 0);
    const WlDef *d = wlconf_find(&set, "infer");
    assert_non_null(d);
    assert_false(d->builtin);
    assert_int_equal(d->mode, WL_BATCH_RUN);
    assert_int_equal(d->batches, 4);
    assert_int_equal(d->idle_ms, 250);
    assert_int_equal(d->baseline_ms, 0);
    assert_int_equal(d->cpus, 0x30);
    assert_int_equal(d->cpu_quota_pct, 150);
    assert_int_equal(d->env.n, 2);
    assert_string_equal(words_get(&d->env, 1), "LABEL=a b");
    assert_int_equal(d->output, WL_OUT_FILE);
    assert_string_equal(d->output_path, "/tmp/infer.out");
    assert_int_equal(d->line, 4);
    Words argv;
    char why[128];
    WlVars v = {.batch = 3};
    assert_int_equal(wlconf_expand(d, &v, &argv, why, sizeof why), 0);
    assert_int_equal(argv.n, 5);
    assert_string_equal(words_get(&argv, 2), "my model.onnx");
    assert_string_equal(words_get(&argv, 4), "3");

    d = wlconf_find(&set, "stream");
    assert_int_equal(d->mode, WL_BATCH_LINES); /* batch_ms given: the program marks batches */
    assert_int_equal(wlconf_expand(d, NULL, &argv, why, sizeof why), 0);
    assert_string_equal(words_get(&argv, 2), "300");
    assert_string_equal(words_get(&argv, 4), "10");

    /* a built-in keeps its command and takes the keys it was given */
    d = wlconf_find(&set, "gpu-gemm");
    assert_true(d->builtin);
    assert_int_equal(d->batches, 50);
    assert_int_equal(d->batch_ms, WL_DEFAULT_BATCH_MS);
}

static void test_replace_builtin(void **state) {
    (void)state;
    assert_int_equal(parse("[workload.cpu-gemm]\ncommand = my-burner\nmode = lines\n"), 0);
    const WlDef *d = wlconf_find(&set, "cpu-gemm");
    assert_false(d->builtin);
    assert_int_equal(d->command.n, 1);
    assert_int_equal(d->mode, WL_BATCH_LINES);
}

static void test_errors(void **state) {
    (void)state;
    assert_int_equal(parse("[workload.a]\ncommand = x\nbatches = 0\n"), -EINVAL);
    assert_true(diag_has("jtune.ini:3: batches: expected a whole number from 1 to 1000000"));
    assert_true(wlconf_find(&set, "a")->bad);

    assert_int_equal(parse("[workload.a]\ncommand = x \"open\n"), -EINVAL);
    assert_true(diag_has("jtune.ini:2: command: unterminated \" quote"));

    assert_int_equal(parse("[workload.a]\ncommand = x\ncpus = 0-3,\n"), -EINVAL);
    assert_true(diag_has("jtune.ini:3: cpus:"));
    assert_int_equal(parse("[workload.a]\ncommand = x\ncpus = 70\n"), -EINVAL);

    assert_int_equal(parse("[workload.a]\ncommand = x\nenv = 1X=2\n"), -EINVAL);
    assert_true(diag_has("jtune.ini:3: env: '1X=2' is not NAME=VALUE"));
    assert_int_equal(parse("[workload.a]\ncommand = x\nenv = NOVALUE\n"), -EINVAL);

    assert_int_equal(parse("[workload.a]\ncommand = x\nmode = sometimes\n"), -EINVAL);
    assert_int_equal(parse("[workload.a]\ncommand = x\ncpu_quota_pct = 12.5\n"), -EINVAL);
    assert_int_equal(parse("[workload.a]\ncommand = x\nidle_ms = -1\n"), -EINVAL);

    assert_int_equal(parse("[workload.bad name]\ncommand = x\n"), -EINVAL);
    assert_true(diag_has("jtune.ini:2: [workload.bad name]: a workload name"));

    /* completeness, reported at the section's first line */
    assert_int_equal(parse("\n[workload.empty]\nbatches = 3\n"), -EINVAL);
    assert_true(diag_has("jtune.ini:3: workload 'empty': no command"));
    assert_int_equal(parse("[workload.l]\ncommand = x {batch}\nbatch_ms = 10\n"), -EINVAL);
    assert_true(diag_has("{batch} needs one run per batch"));
    assert_int_equal(parse("[workload.r]\ncommand = x {batch_ms}\n"), -EINVAL);
    assert_true(diag_has("uses {batch_ms} but batch_ms is not set"));

    /* a broken line outside any key */
    assert_int_equal(parse("[workload.a]\ncommand = x\nthis is not ini\n"), -EINVAL);
    assert_true(diag_has("jtune.ini:3:"));
}

static void test_warnings(void **state) {
    (void)state;
    assert_int_equal(parse("[workload.a]\ncommand = x\ncolour = red\nbatches = 2\nbatches = 3\n"),
                     0);
    assert_int_equal(diag.n_warnings, 2);
    assert_true(diag_has("jtune.ini:3: warning: unknown key 'colour'"));
    assert_true(diag_has("jtune.ini:5: warning: batches given twice"));
    assert_int_equal(wlconf_find(&set, "a")->batches, 3);
    assert_false(wlconf_find(&set, "a")->bad);
}

static void test_too_many(void **state) {
    (void)state;
    char text[8192] = "";
    for (int i = 0; i < WL_MAX + 2; i++) {
        char sec[64];
        snprintf(sec, sizeof sec, "[workload.w%d]\ncommand = x\n", i);
        strcat(text, sec);
    }
    assert_int_equal(parse(text), -EINVAL);
    assert_true(diag_has("too many workloads"));
    assert_int_equal(set.n, WL_MAX);
}

static void test_describe(void **state) {
    (void)state;
    assert_int_equal(parse("[workload.r]\ncommand = x\nbatches = 7\nidle_ms = 5\n"), 0);
    char buf[96];
    assert_string_equal(wlconf_describe(wlconf_find(&set, "r"), buf, sizeof buf),
                        "7 runs, 5 ms idle");
    assert_string_equal(wlconf_describe(wlconf_find(&set, "cpu-gemm"), buf, sizeof buf),
                        "10 batches x 2000 ms, 2000 ms idle");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_quoting),   cmocka_unit_test(test_words_errors),
        cmocka_unit_test(test_builtins),        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_replace_builtin), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_warnings),        cmocka_unit_test(test_too_many),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
