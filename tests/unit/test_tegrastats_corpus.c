/* SPDX-License-Identifier: MIT */
/* tegrastats: a corpus of real lines from public sources (tests/fixtures/tegrastats/) read
 * right, every cut of every line gives no wrong value and no phantom field, and a log
 * damaged in every way a real one is (junk lines, cuts, NUL blocks, glued restarts, CRLF,
 * mixed boards, a clock set back) imports the rows it holds with the same values. */
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
#include "jtune/record/recording.h"
#include "jtune/core/logmeta.h"
#include "jtune/core/schema.h"
#include "jtune/core/tegrastats.h"

#define S(x)      (x), strlen(x)
#define MAX_LINES 64

static char lines[MAX_LINES][2048];
static int n_lines;

static int load_corpus(void **state) {
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/tegrastats/real-lines.txt", test_source_dir());
    FILE *f = fopen(path, "r");
    if (!f) {
        return -1;
    }
    char buf[4096];
    while (fgets(buf, sizeof buf, f) && n_lines < MAX_LINES) {
        buf[strcspn(buf, "\n")] = '\0';
        if (buf[0] != '#' && buf[0] != '\0') {
            snprintf(lines[n_lines++], sizeof lines[0], "%s", buf);
        }
    }
    fclose(f);
    return n_lines >= 14 ? 0 : -1;
}

static void test_real_lines_clean(void **state) {
    (void)state;
    static TsLine t;
    for (int i = 0; i < n_lines; i++) {
        assert_int_equal(tegrastats_parse(S(lines[i]), 0, &t), 0);
        if (t.n_unknown || t.n_rejected) {
            fail_msg("line %d: %d unknown ('%s'), %d rejected (%s)", i + 1, t.n_unknown,
                     t.unknown[0], t.n_rejected, t.rejected);
        }
        assert_true(t.ram_used_mb.ok && t.ram_total_mb.ok);
        assert_true(t.n_cpus >= 4);
        for (int k = 0; k < t.n_rails; k++) {
            assert_true(t.rails[k].cur_mw.ok && t.rails[k].avg_mw.ok);
        }
        assert_true(t.lfb_blocks.ok && t.lfb_block_kb.ok);
    }
}

static void test_lfb_and_forms(void **state) {
    (void)state;
    static TsLine t;
    /* lfb NxZ: N blocks of the largest free size Z (not N times Z) */
    assert_int_equal(tegrastats_parse(S(lines[10]), 0, &t), 0); /* AGX Xavier: lfb 3x2MB */
    assert_int_equal(t.lfb_blocks.v, 3);
    assert_int_equal(t.lfb_block_kb.v, 2048);
    assert_int_equal(tegrastats_parse(S("RAM 10/20MB (lfb 1x512kB)"), 0, &t), 0);
    assert_int_equal(t.lfb_blocks.v, 1);
    assert_int_equal(t.lfb_block_kb.v, 512);
    Inventory inv;
    Sample s;
    tegrastats_inventory(&t, &inv);
    tegrastats_sample(&t, &inv, &s);
    assert_int_equal(s.mem.lfb_kib.v, 512);
    assert_int_equal(s.mem.lfb_blocks.v, 1);
    /* the documented "CPU [X%,Y%]@Z" and the old L4T 28.1 names */
    assert_int_equal(tegrastats_parse(S(lines[13]), 0, &t), 0);
    assert_int_equal(t.n_cpus, 4);
    assert_int_equal(t.cpu[2].load_pct.v, 29);
    assert_int_equal(t.cpu[2].freq_mhz.v, 408);
    assert_int_equal(t.emc_freq_mhz.v, 408);
    assert_int_equal(t.gr3d_pct.v, 3);
    assert_int_equal(t.gr3d_freq_mhz[0].v, 76);
    /* engines with a load (JetPack 6, busy) */
    assert_int_equal(tegrastats_parse(S(lines[12]), 0, &t), 0);
    assert_string_equal(t.engines[1].name, "NVDEC");
    assert_int_equal(t.engines[1].load_pct.v, 40);
    assert_int_equal(t.engines[1].freq_mhz.v, 115);
    /* AGX Xavier's rails named GPU and CPU are rails, not engines or zones */
    assert_int_equal(tegrastats_parse(S(lines[10]), 0, &t), 0);
    assert_int_equal(t.n_rails, 6);
    assert_string_equal(t.rails[1].name, "CPU");
    assert_int_equal(t.rails[1].cur_mw.v, 618);
    assert_int_equal(t.n_engines, 0);
}

static void test_nc_rails_numbered(void **state) {
    (void)state;
    static TsLine t;
    assert_int_equal(tegrastats_parse(S(lines[9]), 0, &t), 0);
    Inventory inv;
    tegrastats_inventory(&t, &inv);
    assert_int_equal(inv.n_rails, 6);
    assert_string_equal(inv.rails[3].label, "NC");
    assert_string_equal(inv.rails[5].label, "NC");
    Schema sc;
    assert_int_equal(schema_build(&sc, &inv, 0), 0);
    assert_true(schema_find(&sc, "rail_NC_mw") >= 0);
    assert_true(schema_find(&sc, "rail_NC_2_mw") >= 0);
    /* each NC keeps its own value */
    char line[2048];
    snprintf(line, sizeof line, "%s", lines[9]);
    char *second = strstr(strstr(line, " NC 0mW/0mW") + 1, " NC 0mW/0mW");
    memcpy(second, " NC 7mW/9mW", 11);
    assert_int_equal(tegrastats_parse(S(line), 0, &t), 0);
    Sample s;
    tegrastats_sample(&t, &inv, &s);
    assert_int_equal(s.rail[3].mw.v, 0);
    assert_int_equal(s.rail[5].mw.v, 7);
    assert_int_equal(s.rail[5].avg_mw.v, 9);
    /* -256C: offline, unknown, never a reading */
    assert_true(t.temps[0].offline);
    assert_false(t.temps[0].temp_mc.ok);
}

static void test_numbers_checked(void **state) {
    (void)state;
    static TsLine t;
    assert_int_equal(tegrastats_parse(S("RAM 1/2MB EMC_FREQ 3%@99999999999999999 "
                                        "GR3D_FREQ -5%@300 VDD_IN -4mW/5mW tj@300C"),
                                      0, &t),
                     0);
    assert_false(t.emc_freq_mhz.ok);
    assert_int_equal(t.emc_pct.v, 3);
    assert_false(t.gr3d_pct.ok);
    assert_int_equal(t.gr3d_freq_mhz[0].v, 300);
    assert_false(t.rails[0].cur_mw.ok);
    assert_int_equal(t.rails[0].avg_mw.v, 5);
    assert_int_equal(t.n_temps, 0);
    assert_int_equal(t.n_rejected, 4);
    assert_non_null(strstr(t.rejected, "EMC"));
    /* a number too long for 64 bits is rejected, not wrapped */
    assert_int_equal(tegrastats_parse(S("RAM 1/2MB CPU [5%@123456789012345678901234]"), 0, &t), 0);
    assert_false(t.cpu[0].freq_mhz.ok);
    assert_int_equal(t.cpu[0].load_pct.v, 5);
    /* impossible dates and used > total */
    assert_int_equal(tegrastats_parse(S("13-01-2025 10:00:00 RAM 3/2MB"), 0, &t), 0);
    assert_false(t.time_s.ok);
    assert_false(t.ram_used_mb.ok);
    assert_int_equal(t.n_rejected, 2);
    assert_int_equal(tegrastats_parse(S("02-30-2025 25:00:00 RAM 1/2MB"), 0, &t), 0);
    assert_false(t.time_s.ok);
    /* not tegrastats at all */
    const char *junk[] = {"Killed", "^C", "nohup: ignoring input", "CPU [1%@2] RAM 1/2MB"};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        assert_int_equal(tegrastats_parse(S(junk[i]), 0, &t), -EINVAL);
    }
}

/* Every value the cut line gives equals the whole line's value at the same place. */
static void check_cut(const TsLine *w, const TsLine *c, int line, size_t k) {
#define SAME(field)                                                                                \
    do {                                                                                           \
        if (c->field.ok && (!w->field.ok || c->field.v != w->field.v)) {                           \
            fail_msg("line %d cut at %zu: %s %lld, whole line %lld", line, k, #field,              \
                     (long long)c->field.v, (long long)w->field.v);                                \
        }                                                                                          \
    } while (0)
    SAME(time_s);
    SAME(ram_used_mb);
    SAME(ram_total_mb);
    SAME(lfb_blocks);
    SAME(lfb_block_kb);
    SAME(swap_used_mb);
    SAME(swap_total_mb);
    SAME(swap_cached_mb);
    SAME(iram_used_kb);
    SAME(iram_total_kb);
    SAME(iram_lfb_kb);
    SAME(emc_pct);
    SAME(emc_freq_mhz);
    SAME(gr3d_pct);
    SAME(gr3d_freq_mhz[0]);
    SAME(gr3d_freq_mhz[1]);
    SAME(mts_fg_pct);
    SAME(mts_bg_pct);
    assert_true(c->n_cpus <= w->n_cpus);
    for (int i = 0; i < c->n_cpus; i++) {
        SAME(cpu[i].load_pct);
        SAME(cpu[i].freq_mhz);
    }
    assert_true(c->n_engines <= w->n_engines);
    for (int i = 0; i < c->n_engines; i++) {
        assert_string_equal(c->engines[i].name, w->engines[i].name);
        SAME(engines[i].freq_mhz);
        SAME(engines[i].load_pct);
    }
    assert_true(c->n_temps <= w->n_temps);
    for (int i = 0; i < c->n_temps; i++) {
        assert_string_equal(c->temps[i].name, w->temps[i].name);
        SAME(temps[i].temp_mc);
        SAME(temps[i].max_mc);
    }
    if (c->n_rails > w->n_rails) {
        fail_msg("line %d cut at %zu: phantom rail %s", line, k, c->rails[c->n_rails - 1].name);
    }
    for (int i = 0; i < c->n_rails; i++) {
        assert_string_equal(c->rails[i].name, w->rails[i].name);
        SAME(rails[i].cur_mw);
        SAME(rails[i].avg_mw);
        SAME(rails[i].max_mw);
    }
#undef SAME
}

static void test_cut_at_every_byte(void **state) {
    (void)state;
    static TsLine whole, cut;
    size_t cuts = 0;
    for (int i = 0; i < n_lines; i++) {
        size_t len = strlen(lines[i]);
        assert_int_equal(tegrastats_parse(lines[i], len, 0, &whole), 0);
        for (size_t k = 1; k < len; k++) {
            int rc = tegrastats_parse(lines[i], k, TS_CUT, &cut);
            assert_true(rc == 0 || rc == -EINVAL);
            if (rc == 0) {
                check_cut(&whole, &cut, i + 1, k);
                assert_int_equal(cut.n_rejected, 0); /* a cut is not damage inside a token */
                cuts++;
            }
        }
    }
    assert_true(cuts > 3000);
}

/* ---------------------------------------------------------------- whole damaged logs */

typedef struct {
    char *p;
    size_t len, cap;
} Text;

static void add(Text *t, const char *s, size_t n) {
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        assert_non_null(t->p);
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

static void add_str(Text *t, const char *s) {
    add(t, s, strlen(s));
}

static Recording *load(Text t, const RecOptions *o) {
    Recording *r = NULL;
    char err[512] = "";
    if (recording_parse(&r, "damaged.log", t.p, t.len, o, err, sizeof err) != 0) {
        fail_msg("load: %s", err);
    }
    return r;
}

/* Orin Nano JetPack 6 lines at 12:00:00+i */
static void stamped(Text *t, int i, const char *eol) {
    char line[2100];
    const char *body = strstr(lines[5], "RAM ");
    snprintf(line, sizeof line, "09-21-2025 12:%02d:%02d %s%s", i / 60, i % 60, body, eol);
    add_str(t, line);
}

static void check_row(const Recording *r, size_t i, int64_t want_input_mw) {
    Sample s;
    assert_int_equal(recording_sample(r, i, &s), 0);
    if (s.input_mw.v != want_input_mw) {
        fail_msg("row %zu: input %lld: '%.*s'", i, (long long)s.input_mw.v, (int)r->rows[i].len,
                 r->text + r->rows[i].off);
    }
    assert_int_equal(s.mem.lfb_kib.v, 4096);
    assert_int_equal(s.mem.lfb_blocks.v, 63);
}

static void test_damaged_log(void **state) {
    (void)state;
    Text t = {0};
    add_str(&t, "nohup: ignoring input\n");
    stamped(&t, 0, "\n");
    stamped(&t, 1, "\r\n"); /* CRLF */
    add_str(&t, "^C\n");
    stamped(&t, 2, "\n");
    /* a power loss: line 3 cut inside VDD_IN's value, the next run glued on */
    char cut[2100];
    snprintf(cut, sizeof cut, "09-21-2025 12:00:03 %s", strstr(lines[5], "RAM "));
    *strstr(cut, "VDD_IN 2957") = '\0';
    strcat(cut, "VDD_IN 29");
    add_str(&t, cut);
    stamped(&t, 4, "\n");
    /* a NUL block, then a whole line */
    add(&t, "\0\0\0\0\0\0\0\0", 8);
    stamped(&t, 5, "\n");
    add_str(&t, "Killed\n");
    stamped(&t, 6, "\n");
    /* the last line cut short inside the EMC clock */
    snprintf(cut, sizeof cut, "09-21-2025 12:00:07 %s", strstr(lines[5], "RAM "));
    *(strstr(cut, "EMC_FREQ 0%@204") + 12) = '\0';
    add_str(&t, cut);
    Recording *r = load(t, NULL);
    assert_int_equal(r->n, 8);
    assert_int_equal(r->damage.skipped, 3);
    assert_int_equal(r->damage.skipped_at[0], 1);
    assert_int_equal(r->damage.skipped_at[1], 4);
    assert_int_equal(r->damage.skipped_at[2], 8);
    assert_int_equal(r->damage.cut, 2);
    assert_int_equal(r->damage.nul_runs, 1);
    assert_int_equal(r->damage.rejected, 0);
    assert_true(r->has_timestamps);
    for (size_t i = 0; i < r->n; i++) {
        assert_int_equal(r->rows[i].t_ns, (int64_t)i * 1000000000LL);
        if (i != 3 && i != 7) {
            check_row(r, i, 2957);
        }
    }
    Sample s;
    assert_int_equal(recording_sample(r, 3, &s), 0);
    assert_false(s.input_mw.ok && s.input_mw.v != 2957); /* the cut rail gives nothing */
    assert_false(s.rail[0].mw.ok);
    assert_true(s.zone_mc[0].ok); /* what came before the cut is kept */
    assert_int_equal(recording_sample(r, 7, &s), 0);
    assert_false(s.emc.freq_hz.ok); /* "@2" of "@204" is not a clock */
    assert_int_equal(s.emc.util_pct10.v, 0);
    assert_int_equal(r->meta.inv.n_engines, 6); /* no phantom "VDD_IN" engine */
    recording_free(r);
}

/* The damaged fixture through the file reader (read in windows, rows re-read with pread). */
static void test_damaged_fixture_file(void **state) {
    (void)state;
    char path[4096], err[512] = "";
    snprintf(path, sizeof path, "%s/tests/fixtures/tegrastats/damaged.log", test_source_dir());
    Recording *r = NULL;
    assert_int_equal(recording_load(&r, path, NULL, err, sizeof err), 0);
    assert_true(r->text == NULL); /* not slurped */
    assert_int_equal(r->n, 6);
    assert_int_equal(r->damage.skipped, 3); /* nohup, ^C, Killed */
    assert_int_equal(r->damage.cut, 2);
    assert_int_equal(r->damage.nul_runs, 1);
    assert_int_equal(r->damage.unknown + r->damage.rejected, 0); /* a cut is no junk */
    assert_true(r->has_timestamps);
    for (size_t i = 0; i < r->n; i++) {
        Sample s;
        assert_int_equal(recording_sample(r, i, &s), 0);
        assert_int_equal(r->rows[i].t_ns, (int64_t)i * 1000000000LL);
        assert_int_equal(s.mem.lfb_blocks.v, 1759);
        if (i < 5) {
            assert_int_equal(s.rail[0].mw.v, 2340); /* VDD_GPU_SOC */
        }
        if (i == 2) {
            assert_false(s.rail[1].mw.ok); /* "VDD_CPU_CV 39" of 390 */
        } else if (i < 5) {
            assert_int_equal(s.rail[1].mw.v, 390);
            assert_int_equal(s.rail[5].mw.v, 0); /* the second NC */
        } else {
            assert_false(s.emc.freq_hz.ok); /* "@21" of "@2133" */
        }
    }
    recording_free(r);
    RecOptions strict = {.strict = true};
    assert_int_equal(recording_load(&r, path, &strict, err, sizeof err), -EINVAL);
    assert_non_null(strstr(err, "damaged.log:1: not a tegrastats line"));
}

static void test_clock_set_back(void **state) {
    (void)state;
    /* 5 s rows; at row 10 the clock goes back an hour (a DST fall-back) */
    Text t = {0};
    for (int i = 0; i < 20; i++) {
        char line[2100];
        int sec = i * 5 + (i >= 10 ? -3600 : 0) + 7200;
        snprintf(line, sizeof line, "09-21-2025 %02d:%02d:%02d %s\n", sec / 3600, sec / 60 % 60,
                 sec % 60, strstr(lines[5], "RAM "));
        add_str(&t, line);
    }
    Recording *r = load(t, NULL);
    assert_int_equal(r->n, 20);
    assert_int_equal(r->damage.steps_back, 1);
    assert_non_null(strstr(r->warning, "backwards"));
    for (size_t i = 1; i < r->n; i++) {
        assert_int_equal(r->rows[i].t_ns - r->rows[i - 1].t_ns, 5000000000LL);
    }
    recording_free(r);
}

static void test_tz(void **state) {
    (void)state;
    Text a = {0}, b = {0};
    stamped(&a, 0, "\n");
    stamped(&b, 0, "\n");
    Recording *utc = load(a, NULL);
    RecOptions o = {.tz = "Europe/Berlin"};
    Recording *berlin = load(b, &o);
    /* 12:00 in Berlin (CEST, UTC+2 in September) is 10:00 UTC */
    assert_int_equal(utc->rows[0].wall_ms - berlin->rows[0].wall_ms, 2 * 3600 * 1000);
    recording_free(utc);
    recording_free(berlin);
    Text c = {0};
    stamped(&c, 0, "\n");
    Recording *r = NULL;
    char err[256];
    RecOptions bad = {.tz = "Nowhere/Atlantis"};
    assert_int_equal(recording_parse(&r, "x.log", c.p, c.len, &bad, err, sizeof err), -EINVAL);
    assert_non_null(strstr(err, "not a time zone"));
}

static void test_mixed_boards(void **state) {
    (void)state;
    /* every real line in one file: Nano rows keep input power from POM_5V_IN */
    Text t = {0};
    for (int i = 0; i < n_lines; i++) {
        add_str(&t, lines[i]);
        add_str(&t, "\n");
    }
    Recording *r = load(t, NULL);
    assert_int_equal(r->n, (size_t)n_lines);
    Sample s;
    assert_int_equal(recording_sample(r, 1, &s), 0); /* Nano */
    assert_int_equal(s.input_mw.v, 1022);
    /* more rails than jtune keeps: reported, never silent */
    assert_true(r->damage.dropped > 0);
    assert_non_null(strstr(r->damage.first_dropped, "rail"));
    assert_int_equal(r->meta.inv.n_rails, JT_MAX_RAILS);
    recording_free(r);
}

/* AGX Orin has no input rail: its total is VDD_GPU_SOC + VDD_CPU_CV + VIN_SYS_5V0
 * (core/boardtotal.h), never VIN_SYS_5V0 alone. */
static void test_agx_orin_total(void **state) {
    (void)state;
    int agx = -1;
    for (int i = 0; i < n_lines && agx < 0; i++) {
        agx = strstr(lines[i], "VDD_GPU_SOC 3205mW") ? i : -1;
    }
    assert_true(agx >= 0);
    Text t = {0};
    add_str(&t, lines[agx]);
    add_str(&t, "\n");
    Recording *r = load(t, NULL);
    assert_int_equal(r->meta.inv.total.kind, TOTAL_SUM);
    assert_int_equal(r->meta.inv.total.n, 3);
    Sample s;
    assert_int_equal(recording_sample(r, 0, &s), 0);
    assert_true(s.input_mw.ok);
    assert_int_equal(s.input_mw.v, 3205 + 4405 + 4767);
    TsLine ts;
    assert_int_equal(tegrastats_parse(S(lines[agx]), 0, &ts), 0);
    Val v = tegrastats_input_mw(&ts, &r->meta.inv);
    assert_true(v.ok);
    assert_int_equal(v.v, 3205 + 4405 + 4767);
    recording_free(r);
}

/* The kept columns: named in the metadata, so a reader of the CSV rebuilds them. */
static void test_kept_columns(void **state) {
    (void)state;
    static TsLine t;
    assert_int_equal(tegrastats_parse(S(lines[7]), 0, &t), 0); /* JetPack 7 */
    Inventory inv;
    tegrastats_inventory(&t, &inv);
    unsigned want = LOGCOL_RAIL_AVG | LOGCOL_RAIL_MAX | LOGCOL_ZONE_MAX | LOGCOL_LFB_COUNT;
    assert_int_equal(inv.log_cols, want);
    static LogMeta m, back;
    logmeta_init(&m, &inv, "test", 1000, 0, false);
    logmeta_reset(&back);
    char val[256];
    int k = 0;
    while (strcmp(logmeta_key(k), "log_cols") != 0) {
        assert_true(++k < logmeta_count());
    }
    int n = logmeta_format(&m, k, val, sizeof val);
    assert_true(n > 0);
    assert_string_equal(val, "rail_avg,rail_max,zone_max,lfb_count");
    assert_int_equal(logmeta_parse(&back, "log_cols", val, (size_t)n), 0);
    assert_int_equal(back.inv.log_cols, want);
    static Schema sc;
    assert_int_equal(schema_build(&sc, &inv, 0), 0);
    const char *cols[] = {"rail_VDD_IN_avg_mw", "rail_VDD_IN_max_mw", "temp_tj_max_mc",
                          "mem_lfb_blocks"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        assert_true(schema_find(&sc, cols[i]) >= 0);
    }
    assert_true(schema_find(&sc, "iram_total_kib") < 0); /* only what the log has */
    Sample s;
    tegrastats_sample(&t, &inv, &s);
    int c = schema_find(&sc, "temp_tj_max_mc");
    assert_int_equal(schema_get(&sc.col[c], &s).v, 46843);
}

/* What the writer prints, the parser reads back exactly (with a real N in lfb). */
static void test_round_trip_real(void **state) {
    (void)state;
    static TsLine t, back;
    for (int i = 0; i < n_lines - 1; i++) { /* the old L4T 28.1 form is not written */
        assert_int_equal(tegrastats_parse(S(lines[i]), 0, &t), 0);
        Inventory inv;
        Sample s, s2;
        tegrastats_inventory(&t, &inv);
        tegrastats_sample(&t, &inv, &s);
        char out[4096];
        int n = tegrastats_format(&inv, &s, NULL, out, sizeof out);
        assert_true(n > 0);
        assert_int_equal(tegrastats_parse(out, (size_t)n, 0, &back), 0);
        assert_int_equal(back.n_unknown + back.n_rejected, 0);
        tegrastats_sample(&back, &inv, &s2);
        assert_int_equal(s2.mem.lfb_blocks.v, s.mem.lfb_blocks.v);
        assert_int_equal(s2.mem.lfb_kib.v, s.mem.lfb_kib.v);
        assert_int_equal(s2.input_mw.v, s.input_mw.v);
        for (int k = 0; k < inv.n_rails; k++) {
            assert_int_equal(s2.rail[k].mw.v, s.rail[k].mw.v);
            assert_int_equal(s2.rail[k].avg_mw.v, s.rail[k].avg_mw.v);
            assert_int_equal(s2.rail[k].max_mw.ok, s.rail[k].max_mw.ok);
        }
        for (int k = 0; k < inv.n_zones; k++) {
            assert_int_equal(s2.zone_mc[k].ok, s.zone_mc[k].ok);
            assert_int_equal(s2.zone_mc[k].v, s.zone_mc[k].v);
            assert_int_equal(s2.zone_max_mc[k].v, s.zone_max_mc[k].v);
        }
        for (int k = 0; k < inv.n_engines; k++) {
            assert_int_equal(s2.engine[k].on.v, s.engine[k].on.v);
            assert_int_equal(s2.engine[k].load_pct10.v, s.engine[k].load_pct10.v);
        }
        assert_int_equal(s2.mem.iram_total_kib.v, s.mem.iram_total_kib.v);
        assert_int_equal(s2.mts_fg_pct10.v, s.mts_fg_pct10.v);
        assert_int_equal(s2.cpu_total_pct10.v, s.cpu_total_pct10.v);
        /* the PMIC placeholder is printed as tegrastats does, never as a real zone */
        assert_null(strstr(out, "pmic@"));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_lines_clean),
        cmocka_unit_test(test_lfb_and_forms),
        cmocka_unit_test(test_nc_rails_numbered),
        cmocka_unit_test(test_numbers_checked),
        cmocka_unit_test(test_cut_at_every_byte),
        cmocka_unit_test(test_damaged_log),
        cmocka_unit_test(test_damaged_fixture_file),
        cmocka_unit_test(test_clock_set_back),
        cmocka_unit_test(test_tz),
        cmocka_unit_test(test_mixed_boards),
        cmocka_unit_test(test_round_trip_real),
        cmocka_unit_test(test_kept_columns),
        cmocka_unit_test(test_agx_orin_total),
    };
    return cmocka_run_group_tests(tests, load_corpus, NULL);
}
