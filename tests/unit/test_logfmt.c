/* SPDX-License-Identifier: MIT */
/* logfmt / logmeta / logparse: CSV and JSONL header and row format, metadata encoding,
 * ISO 8601 times, and the round trip text -> (LogMeta, Samples). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/logfmt.h"
#include "jtune/core/logparse.h"
#include "synth.h"

#define NSAMPLES 12

static Inventory inv;
static Schema sc;
static LogMeta meta;
static LogParser parser;
static char text[1 << 20];

static int setup(void **state) {
    (void)state;
    synth_inventory(&inv);
    logmeta_init(&meta, &inv, "0.1.0", 1000, 1736300977123LL, false);
    return schema_build(&sc, &inv, 0);
}

/* A small rails-only inventory whose output can be written down exactly. */
static void one_rail(Inventory *i) {
    memset(i, 0, sizeof *i);
    i->n_rails = 1;
    i->input_rail = 0;
    snprintf(i->rails[0].label, sizeof i->rails[0].label, "VDD_IN");
}

static void test_csv_rows_exact(void **state) {
    (void)state;
    static Inventory small;
    static Schema rs;
    one_rail(&small);
    assert_int_equal(schema_build(&rs, &small, SCHEMA_RAILS_ONLY), 0);
    LogMeta m;
    logmeta_init(&m, &small, "0.1.0", 1, 0, true);
    char buf[8192];
    int n = logfmt_header(LOGFMT_CSV, &m, &rs, buf, sizeof buf);
    assert_true(n > 0);
    assert_true(strncmp(buf,
                        "# jtune: 0.1.0\n# schema: 1\n# start: 1970-01-01T00:00:00.000Z\n"
                        "# interval_ms: 1\n# rails_only: 1\n",
                        strlen("# jtune: 0.1.0\n# schema: 1\n# start: 1970-01-01T00:00:00.000Z\n"
                               "# interval_ms: 1\n# rails_only: 1\n")) == 0);
    const char *tail =
        "# units: seq,ms,us,mV,mA,mW,mW\n"
        "seq,wall_ms,mono_us,rail_VDD_IN_mv,rail_VDD_IN_ma,rail_VDD_IN_mw,input_mw\n";
    assert_true(n > (int)strlen(tail));
    assert_string_equal(buf + n - strlen(tail), tail);
    assert_non_null(strstr(buf, "\n# rails: VDD_IN\n# input_rail: 0\n"));

    Sample s;
    sample_clear(&s);
    s.seq = 7;
    s.wall_ms = 1700000000123LL;
    s.mono_ns = 5000000999LL;
    s.rail[0].mv = val_of(5072);
    s.rail[0].ma = val_of(1000);
    s.rail[0].mw = val_of(5072);
    n = logfmt_row(LOGFMT_CSV, &rs, &s, buf, sizeof buf);
    assert_string_equal(buf, "7,1700000000123,5000000,5072,1000,5072,\n");
    assert_int_equal(n, (int)strlen(buf));
    n = logfmt_row(LOGFMT_JSONL, &rs, &s, buf, sizeof buf);
    assert_string_equal(buf, "{\"seq\":7,\"wall_ms\":1700000000123,\"mono_us\":5000000,"
                             "\"rail_VDD_IN_mv\":5072,\"rail_VDD_IN_ma\":1000,"
                             "\"rail_VDD_IN_mw\":5072,\"input_mw\":null}\n");
    /* a buffer below the bound is refused up front */
    assert_int_equal(logfmt_row(LOGFMT_CSV, &rs, &s, buf, 10), -ENOSPC);
    assert_int_equal(logfmt_header(LOGFMT_CSV, &m, &rs, buf, 20), -ENOSPC);
}

static void test_decimals_in_rows(void **state) {
    (void)state;
    Sample s;
    synth_sample(&inv, 3, &s);
    s.cpu[0].util_pct10 = val_of(153);
    s.gpu.load_pm = val_of(7);
    char *buf = malloc(logfmt_row_bound(LOGFMT_JSONL, &sc));
    assert_true(logfmt_row(LOGFMT_JSONL, &sc, &s, buf, logfmt_row_bound(LOGFMT_JSONL, &sc)) > 0);
    assert_non_null(strstr(buf, "\"cpu0_load_pct\":15.3,"));
    assert_non_null(strstr(buf, "\"gpu_load_pct\":0.7,"));
    assert_non_null(strstr(buf, "\"temp_cv0_mc\":null,"));
    assert_non_null(strstr(buf, "\"temp_soc2_mc\":-256000,"));
    int n = logfmt_row(LOGFMT_CSV, &sc, &s, buf, logfmt_row_bound(LOGFMT_CSV, &sc));
    /* one field per column: n-1 commas, one newline at the end */
    int commas = 0;
    for (int i = 0; i < n; i++) {
        commas += buf[i] == ',';
        assert_true(buf[i] != '\n' || i == n - 1);
    }
    assert_int_equal(commas, sc.n - 1);
    free(buf);
}

static void test_time(void **state) {
    (void)state;
    char b[40];
    assert_int_equal(logmeta_format_time(1736300977123LL, b, sizeof b), 24);
    assert_string_equal(b, "2025-01-08T01:49:37.123Z");
    logmeta_format_time(-1, b, sizeof b);
    assert_string_equal(b, "1969-12-31T23:59:59.999Z");
    logmeta_format_time(1709251199999LL, b, sizeof b);
    assert_string_equal(b, "2024-02-29T23:59:59.999Z");
    int64_t t;
    assert_int_equal(logmeta_parse_time("2024-02-29T23:59:59.999Z", 24, &t), 0);
    assert_true(t == 1709251199999LL);
    assert_int_equal(logmeta_parse_time("1900-03-01T00:00:00Z", 20, &t), 0);
    assert_true(t == -2203891200000LL);
    assert_int_equal(logmeta_parse_time("2025-01-08T01:49:37.5Z", 22, &t), 0);
    assert_true(t == 1736300977500LL);
    static const char *const bad[] = {"2025-13-01T00:00:00Z",  "2025-01-32T00:00:00Z",
                                      "2025-01-01 00:00:00Z",  "2025-01-01T24:00:00Z",
                                      "2025-01-01T00:00:00",   "2025-01-01T00:00:00.Z",
                                      "2025-01-01T00:00:00Zx", "2025-02-29T00:00:00Z"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(logmeta_parse_time(bad[i], strlen(bad[i]), &t), -EINVAL);
    }
}

/* Write a header and NSAMPLES rows into text. */
static size_t write_log(LogFmt f, const LogMeta *m, const Schema *s) {
    int n = logfmt_header(f, m, s, text, sizeof text);
    assert_true(n > 0);
    size_t len = (size_t)n;
    for (int k = 0; k < NSAMPLES; k++) {
        Sample smp;
        synth_sample(&m->inv, k, &smp);
        n = logfmt_row(f, s, &smp, text + len, sizeof text - len);
        assert_true(n > 0);
        len += (size_t)n;
    }
    return len;
}

typedef struct {
    int rows;
    const Schema *sc;
} Check;

/* Every column of the parsed sample equals the synthetic sample it came from. */
static int check_row(void *user, const LogParser *p, const Sample *got) {
    Check *c = user;
    Sample want;
    synth_sample(&p->meta.inv, c->rows, &want);
    want.mono_ns = want.mono_ns / 1000 * 1000; /* logs keep microseconds */
    assert_int_equal(p->schema.n, c->sc->n);
    for (int i = 0; i < p->schema.n; i++) {
        Val a = schema_get(&p->schema.col[i], got);
        Val b = schema_get(&c->sc->col[i], &want);
        if (a.ok != b.ok || (a.ok && a.v != b.v)) {
            fail_msg("row %d column %s: got %d/%lld want %d/%lld", c->rows, p->schema.col[i].name,
                     a.ok, (long long)a.v, b.ok, (long long)b.v);
        }
    }
    assert_true(got->mono_ns == want.mono_ns);
    c->rows++;
    return 0;
}

static void check_meta(const LogMeta *got, const LogMeta *want) {
    assert_string_equal(got->version, want->version);
    assert_int_equal(got->schema_version, SCHEMA_VERSION);
    assert_int_equal(got->interval_ms, want->interval_ms);
    assert_true(got->start_wall_ms == want->start_wall_ms);
    assert_int_equal(got->rails_only, want->rails_only);
    const Inventory *a = &got->inv, *b = &want->inv;
    assert_string_equal(a->id.model, b->id.model);
    assert_string_equal(a->id.compatible, b->id.compatible);
    assert_string_equal(a->id.module, b->id.module);
    assert_string_equal(a->id.l4t, b->id.l4t);
    assert_string_equal(a->id.jetpack, b->id.jetpack);
    assert_string_equal(a->id.kernel, b->id.kernel);
    assert_int_equal(a->id.super, b->id.super);
    assert_int_equal(a->cpu.n_cpus, b->cpu.n_cpus);
    assert_int_equal(a->cpu.n_policies, b->cpu.n_policies);
    for (int p = 0; p < b->cpu.n_policies; p++) {
        assert_int_equal(a->cpu.policies[p].first_cpu, b->cpu.policies[p].first_cpu);
        assert_true(a->cpu.policies[p].cpus == b->cpu.policies[p].cpus);
    }
    for (int c = 0; c < b->cpu.n_cpus; c++) {
        assert_int_equal(a->cpu.policy_of[c], b->cpu.policy_of[c]);
    }
    assert_int_equal(a->gpu.present, b->gpu.present);
    assert_string_equal(a->gpu.name, b->gpu.name);
    assert_int_equal(a->emc.present, b->emc.present);
    assert_int_equal(a->n_engines, b->n_engines);
    assert_int_equal(a->n_rails, b->n_rails);
    for (int r = 0; r < b->n_rails; r++) {
        assert_string_equal(a->rails[r].label, b->rails[r].label);
        assert_int_equal(a->rails[r].is_input, b->rails[r].is_input);
    }
    assert_int_equal(a->input_rail, b->input_rail);
    assert_int_equal(a->n_zones, b->n_zones);
    for (int z = 0; z < b->n_zones; z++) {
        assert_string_equal(a->zones[z].name, b->zones[z].name);
        assert_string_equal(a->zones[z].type, b->zones[z].type);
    }
    assert_int_equal(a->idle.n_states, b->idle.n_states);
    assert_string_equal(a->idle.states[1].name, b->idle.states[1].name);
    assert_int_equal(a->fan.kind, b->fan.kind);
    assert_int_equal(a->n_radios, b->n_radios);
    assert_string_equal(a->radios[1].type, b->radios[1].type);
    assert_string_equal(a->radios[1].name, b->radios[1].name);
    assert_int_equal(a->nvp.n_modes, b->nvp.n_modes);
    assert_int_equal(a->nvp.present, b->nvp.present);
    for (int i = 0; i < b->nvp.n_modes; i++) {
        assert_int_equal(a->nvp.modes[i].id, b->nvp.modes[i].id);
        assert_string_equal(a->nvp.modes[i].name, b->nvp.modes[i].name);
    }
    assert_int_equal(a->nvp.default_id, b->nvp.default_id);
}

static void roundtrip(LogFmt f, const LogMeta *m, const Schema *s) {
    size_t len = write_log(f, m, s);
    char err[256] = "";
    Check c = {0, s};
    logparse_init(&parser);
    int rc = logparse_text(&parser, text, len, "t.log", check_row, &c, err, sizeof err);
    if (rc) {
        fail_msg("parse failed: %s", err);
    }
    assert_int_equal(c.rows, NSAMPLES);
    assert_int_equal(parser.rows, NSAMPLES);
    assert_int_equal(parser.fmt, f);
    assert_int_equal(parser.n_ignored, 0);
    check_meta(&parser.meta, m);
}

static void test_roundtrip_csv(void **state) {
    (void)state;
    roundtrip(LOGFMT_CSV, &meta, &sc);
}

static void test_roundtrip_jsonl(void **state) {
    (void)state;
    roundtrip(LOGFMT_JSONL, &meta, &sc);
}

/* Labels with separators, quotes, newlines, '%' and non-ASCII survive both formats. */
static void test_roundtrip_awkward_labels(void **state) {
    (void)state;
    static LogMeta odd;
    static Schema os;
    logmeta_init(&odd, &inv, "9.9.9-rc1", 250, 1709251199999LL, false);
    snprintf(odd.inv.id.model, sizeof odd.inv.id.model, "Board, \"rev\" 100%%\nB\\x \xc3\xa9");
    snprintf(odd.inv.zones[2].type, sizeof odd.inv.zones[2].type, "a=b,c d");
    snprintf(odd.inv.rails[1].label, sizeof odd.inv.rails[1].label, "VDD,5V=x");
    snprintf(odd.inv.nvp.modes[2].name, sizeof odd.inv.nvp.modes[2].name, "MODE 10%%");
    assert_int_equal(schema_build(&os, &odd.inv, 0), 0);
    assert_true(schema_find(&os, "rail_VDD_5V_x_mw") >= 0);
    roundtrip(LOGFMT_CSV, &odd, &os);
    roundtrip(LOGFMT_JSONL, &odd, &os);
}

static void test_roundtrip_rails_only(void **state) {
    (void)state;
    static LogMeta rm;
    static Schema rs;
    logmeta_init(&rm, &inv, "0.1.0", 1, 1736300977123LL, true);
    assert_int_equal(schema_build(&rs, &inv, SCHEMA_RAILS_ONLY), 0);
    roundtrip(LOGFMT_CSV, &rm, &rs);
    assert_int_equal(parser.schema.n, rs.n);
}

static int parse_str(const char *t, char *err, size_t errsz) {
    logparse_init(&parser);
    return logparse_text(&parser, t, strlen(t), "f.csv", NULL, NULL, err, errsz);
}

static void test_parse_errors(void **state) {
    (void)state;
    char err[256];
    const char *hdr = "# jtune: 0.1.0\n# schema: 1\n# rails: VDD_IN\n# rails_only: 1\n"
                      "seq,wall_ms,mono_us,rail_VDD_IN_mw\n";
    char t[1024];
    snprintf(t, sizeof t, "%s1,2,3,4\n1,2,3\n", hdr);
    assert_int_equal(parse_str(t, err, sizeof err), -EINVAL);
    assert_string_equal(err, "f.csv:7: 3 fields, the header has 4");
    snprintf(t, sizeof t, "%s1,2,3,4,5\n", hdr);
    assert_int_equal(parse_str(t, err, sizeof err), -EINVAL);
    assert_non_null(strstr(err, "f.csv:6: "));
    snprintf(t, sizeof t, "%s1,2,3,4x\n", hdr);
    assert_int_equal(parse_str(t, err, sizeof err), -EINVAL);
    assert_string_equal(err, "f.csv:6: column rail_VDD_IN_mw: bad value '4x'");
    snprintf(t, sizeof t, "# jtune: 0.1.0\n# interval_ms: soon\nseq\n");
    assert_int_equal(parse_str(t, err, sizeof err), -EINVAL);
    assert_string_equal(err, "f.csv:2: bad value for 'interval_ms': 'soon'");
    assert_int_equal(parse_str("# only comments\n", err, sizeof err), -EINVAL);
    assert_string_equal(err, "f.csv: no jtune log header found");
    assert_int_equal(parse_str("seq,wall ms\n", err, sizeof err), -EINVAL);
    assert_int_equal(parse_str("seq,seq\n", err, sizeof err), -EINVAL);
    /* JSONL */
    assert_int_equal(parse_str("{\"seq\":1}\n", err, sizeof err), -EINVAL);
    assert_non_null(strstr(err, "f.csv:1: the first line is not jtune metadata"));
    assert_int_equal(parse_str("{\"jtune_meta\":1,\"rails\":\"A\",\"rails_only\":1}\n"
                               "{\"seq\":1,\"rail_A_mw\":\"5\"}\n",
                               err, sizeof err),
                     -EINVAL);
    assert_string_equal(err, "f.csv:2: column rail_A_mw: not a number");
    assert_int_equal(parse_str("{\"jtune_meta\":1}\n{\"seq\":1,}\n", err, sizeof err), -EINVAL);
    assert_int_equal(parse_str("{\"jtune_meta\":1}\n{\"seq\":1} x\n", err, sizeof err), -EINVAL);
    assert_int_equal(parse_str("{\"jtune_meta\":1}\n{\"jtune_meta\":1}\n", err, sizeof err),
                     -EINVAL);
    assert_int_equal(
        parse_str("{\"jtune_meta\":1,\"model\":\"a\\u00e9\\ud83d\\ude00\"}\n", err, sizeof err), 0);
    assert_string_equal(parser.meta.inv.id.model, "a\xc3\xa9\xf0\x9f\x98\x80");
}

/* Columns this version does not know are skipped; missing ones stay unknown; blank lines,
 * CRLF and a last line without newline are fine. */
static void test_parse_lenient(void **state) {
    (void)state;
    char err[256];
    Sample s;
    const char *t = "# jtune: 0.1.0\r\n# rails: VDD_IN\r\n# future_key: whatever\r\n"
                    "# rails_only: 1\r\nseq,future_col,rail_VDD_IN_mw\r\n\r\n3,zz,4100\r\n4,,";
    logparse_init(&parser);
    const char *line = t;
    int rows = 0;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        int rc = logparse_line(&parser, line, n, &s);
        assert_true(rc >= 0);
        if (rc == 1) {
            rows++;
            assert_true(s.seq == (uint64_t)(rows + 2));
            assert_false(s.input_mw.ok);
            assert_int_equal(s.rail[0].mw.ok, rows == 1);
            if (rows == 1) {
                assert_int_equal(s.rail[0].mw.v, 4100);
            }
        }
        line += n + (nl ? 1 : 0);
    }
    assert_int_equal(rows, 2);
    assert_int_equal(parser.n_ignored, 1);
    (void)err;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_rows_exact),
        cmocka_unit_test(test_decimals_in_rows),
        cmocka_unit_test(test_time),
        cmocka_unit_test(test_roundtrip_csv),
        cmocka_unit_test(test_roundtrip_jsonl),
        cmocka_unit_test(test_roundtrip_awkward_labels),
        cmocka_unit_test(test_roundtrip_rails_only),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_lenient),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
