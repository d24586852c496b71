/* SPDX-License-Identifier: MIT */
/* The top wakeups and interrupt rates in recordings and the Prometheus file: CSV and JSONL
 * carry them (names included) and read back; a log without these columns - what an older
 * jtune wrote - still replays, with them unknown; the metrics carry rank, pid, comm, IRQ and
 * per-core labels. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/logfmt.h"
#include "jtune/core/logparse.h"
#include "jtune/core/procs.h"
#include "jtune/core/prom.h"
#include "jtune/core/schema.h"
#include "synth.h"

static Inventory inv;
static Schema sc;
static LogMeta meta;
static LogParser parser;
static char text[1 << 20];
static Sample got[4];
static int n_got;

static void with_tops(int k, Sample *s) {
    synth_sample(&inv, k, s);
    static const char *const comm[] = {"Web Content", "gnome-shell", "(sd-pam)"};
    for (int i = 0; i < 3; i++) {
        s->proc_top[i].pid = val_of(1000 + i);
        s->proc_top[i].wakeups_ps10 = val_of(3000 - 100 * i + k);
        s->proc_top[i].cpu_pct10 = val_of(10 * i);
        procs_safe_name(comm[i], s->proc_top[i].comm, sizeof s->proc_top[i].comm);
    }
    s->irq_top[0].rate_ps10 = val_of(2500 + k);
    snprintf(s->irq_top[0].name, sizeof s->irq_top[0].name, "11:arch_timer");
    s->irq_top[1].rate_ps10 = val_of(900);
    procs_safe_name("IPI0:Rescheduling interrupts", s->irq_top[1].name, JT_TOP_NAME);
    for (int c = 0; c < 6; c++) {
        s->timer_ps10[c] = val_of(250 * (c + 1));
        s->ipi_ps10[c] = val_of(40 + c);
    }
}

static int keep(void *user, const LogParser *p, const Sample *s) {
    (void)user;
    (void)p;
    if (n_got < 4) {
        got[n_got] = *s;
    }
    n_got++;
    return 0;
}

/* Write rows 0..2 in f and parse them back into got[]. */
static void round_trip(LogFmt f) {
    size_t len = 0;
    int n = logfmt_header(f, &meta, &sc, text, sizeof text);
    assert_true(n > 0);
    len = (size_t)n;
    for (int k = 0; k < 3; k++) {
        Sample s;
        with_tops(k, &s);
        n = logfmt_row(f, &sc, &s, text + len, sizeof text - len);
        assert_true(n > 0);
        len += (size_t)n;
    }
    n_got = 0;
    char err[256];
    logparse_init(&parser);
    assert_int_equal(logparse_text(&parser, text, len, "t", keep, NULL, err, sizeof err), 0);
    assert_int_equal(n_got, 3);
}

static void check_tops(void) {
    for (int k = 0; k < 3; k++) {
        const Sample *s = &got[k];
        assert_int_equal(s->proc_top[0].pid.v, 1000);
        assert_string_equal(s->proc_top[0].comm, "Web_Content");
        assert_string_equal(s->proc_top[2].comm, "_sd-pam_");
        assert_int_equal(s->proc_top[1].wakeups_ps10.v, 2900 + k);
        assert_int_equal(s->proc_top[1].cpu_pct10.v, 10);
        assert_false(s->proc_top[3].pid.ok);
        assert_string_equal(s->proc_top[3].comm, "");
        assert_string_equal(s->irq_top[0].name, "11:arch_timer");
        assert_int_equal(s->irq_top[0].rate_ps10.v, 2500 + k);
        assert_string_equal(s->irq_top[1].name, "IPI0:Rescheduling_interrupts");
        assert_int_equal(s->timer_ps10[5].v, 1500);
        assert_int_equal(s->ipi_ps10[2].v, 42);
    }
}

static void test_csv(void **state) {
    (void)state;
    round_trip(LOGFMT_CSV);
    assert_non_null(strstr(text, ",wake1_comm,"));
    assert_non_null(strstr(text, ",Web_Content,"));
    check_tops();
}

static void test_jsonl(void **state) {
    (void)state;
    round_trip(LOGFMT_JSONL);
    assert_non_null(strstr(text, "\"wake1_comm\":\"Web_Content\""));
    assert_non_null(strstr(text, "\"wake4_comm\":null"));
    check_tops();
}

/* Drop every field whose header name is one of the new columns from a CSV text. */
static size_t strip_new_columns(char *t, size_t len) {
    static char out[1 << 20];
    bool drop[SCHEMA_MAX_COLS] = {false};
    size_t o = 0;
    bool header_done = false;
    for (size_t a = 0; a < len;) {
        char *nl = memchr(t + a, '\n', len - a);
        size_t n = (size_t)(nl - (t + a));
        if (t[a] == '#') {
            memcpy(out + o, t + a, n + 1);
            o += n + 1;
            a += n + 1;
            continue;
        }
        int field = 0;
        size_t start = a;
        bool first = true;
        for (size_t i = a; i <= a + n; i++) {
            if (i < a + n && t[i] != ',') {
                continue;
            }
            size_t fl = i - start;
            if (!header_done) {
                drop[field] = (fl > 4 && memcmp(t + start, "wake", 4) == 0) ||
                              (fl > 3 && memcmp(t + start, "irq", 3) == 0) ||
                              (fl > 10 && (memmem(t + start, fl, "_timer_per_s", 12) ||
                                           memmem(t + start, fl, "_ipi_per_s", 10)));
            }
            if (!drop[field]) {
                if (!first) {
                    out[o++] = ',';
                }
                memcpy(out + o, t + start, fl);
                o += fl;
                first = false;
            }
            field++;
            start = i + 1;
        }
        out[o++] = '\n';
        header_done = true;
        a += n + 1;
    }
    memcpy(t, out, o);
    return o;
}

static void test_old_log_replays(void **state) {
    (void)state;
    round_trip(LOGFMT_CSV);
    size_t len = strip_new_columns(text, strlen(text));
    assert_null(strstr(text, "wake1_"));
    assert_null(strstr(text, "cpu0_timer_per_s"));
    n_got = 0;
    char err[256];
    logparse_init(&parser);
    assert_int_equal(logparse_text(&parser, text, len, "old.csv", keep, NULL, err, sizeof err), 0);
    assert_int_equal(n_got, 3);
    assert_int_equal(parser.n_ignored, 0);
    Sample want;
    synth_sample(&inv, 1, &want);
    assert_int_equal(got[1].rail[0].mw.v, want.rail[0].mw.v);
    assert_false(got[1].proc_top[0].pid.ok);
    assert_false(got[1].irq_top[0].rate_ps10.ok);
    assert_false(got[1].timer_ps10[0].ok);
    /* the replay's page: nothing to show, and it says so */
    static ProcTable pt;
    static IrqTable it;
    procs_from_sample(&got[1], &pt, &it);
    assert_false(pt.have);
    assert_false(it.have);
}

static void test_prom(void **state) {
    (void)state;
    static char buf[1 << 17];
    Sample s;
    with_tops(0, &s);
    int n = prom_format(&inv, &s, NULL, buf, sizeof buf);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "# TYPE jtune_process_wakeups_per_second gauge\n"));
    assert_non_null(strstr(buf, "jtune_process_wakeups_per_second{board=\""));
    assert_non_null(strstr(buf, "rank=\"1\",pid=\"1000\",comm=\"Web_Content\"} 300\n"));
    assert_non_null(strstr(buf, "rank=\"2\",pid=\"1001\",comm=\"gnome-shell\"} 290\n"));
    assert_non_null(strstr(buf, "jtune_process_cpu_ratio{"));
    assert_non_null(strstr(buf, "irq=\"11\",name=\"arch_timer\"} 250\n"));
    assert_non_null(strstr(buf, "irq=\"IPI0\",name=\"Rescheduling_interrupts\"} 90\n"));
    assert_non_null(strstr(buf, "jtune_cpu_timer_interrupts_per_second{board="));
    assert_non_null(strstr(buf, ",cpu=\"5\"} 150\n"));
    assert_non_null(strstr(buf, "jtune_cpu_ipi_per_second{"));
    /* unknown is omitted, never zero */
    Sample none;
    synth_sample(&inv, 0, &none);
    n = prom_format(&inv, &none, NULL, buf, sizeof buf);
    assert_true(n > 0);
    assert_null(strstr(buf, "jtune_process_wakeups_per_second"));
    assert_null(strstr(buf, "jtune_irq_per_second"));
}

static int setup(void **state) {
    (void)state;
    synth_inventory(&inv);
    assert_int_equal(schema_build(&sc, &inv, 0), 0);
    logmeta_init(&meta, &inv, "0.1.0", 1000, 1736300977123LL, false);
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_old_log_replays),
        cmocka_unit_test(test_prom),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
