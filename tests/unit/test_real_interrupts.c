/* SPDX-License-Identifier: MIT */
/* The /proc/interrupts of a real Orin Nano (tests/fixtures/real/jp5-orin-nano.interrupts,
 * 144 rows on JetPack 5.1.2) through the reader the sampler uses: every row, its name (a
 * driver's name, a long list of actions cut, a line no driver named), the per-core timer and
 * IPI sums, rates between two reads, the busiest rows of a sample, names made again when a
 * description changes or the rows move, and a parked core's column gone. */
#include <ctype.h>
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
#include "jtune/core/procs.h"
#include "jtune/platform/jetson/irqs.h"
#include "jtune/platform/sysfs.h"

#define NS_PER_S 1000000000LL

typedef struct {
    Fixture fx;
    Sysfs *fs;
    IrqsReader *r;
    char text[32768]; /* the listing without its comment lines */
} Ctx;

/* The fixture's listing: every line that does not start with '#'. */
static void load_listing(Ctx *c) {
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/real/jp5-orin-nano.interrupts",
             test_source_dir());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[4096];
    size_t o = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        if (line[0] == '#') {
            continue;
        }
        assert_true(o + n < sizeof c->text);
        memcpy(c->text + o, line, n);
        o += n;
    }
    c->text[o] = '\0';
    fclose(f);
}

static int setup(void **state) {
    Ctx *c = calloc(1, sizeof *c);
    assert_non_null(c);
    load_listing(c);
    assert_int_equal(fixture_mkroot(&c->fx), 0);
    assert_int_equal(fixture_put(&c->fx, "proc/interrupts", c->text), 0);
    assert_int_equal(sysfs_open(&c->fs, c->fx.root), 0);
    c->r = irqs_open();
    assert_non_null(c->r);
    irqs_probe(c->r, c->fs);
    *state = c;
    return 0;
}

static int teardown(void **state) {
    Ctx *c = *state;
    irqs_close(c->r);
    sysfs_close(c->fs);
    fixture_cleanup(&c->fx);
    free(c);
    return 0;
}

/* Replace the first occurrence of from (which must be there) by to. */
static void edit(char *text, size_t cap, const char *from, const char *to) {
    char *at = strstr(text, from);
    assert_non_null(at);
    size_t fl = strlen(from), tl = strlen(to), rest = strlen(at + fl);
    assert_true((size_t)(at - text) + tl + rest < cap);
    memmove(at + tl, at + fl, rest + 1);
    memcpy(at, to, tl);
}

static const IrqRow *row(const IrqTable *t, const char *label) {
    for (int i = 0; i < t->n; i++) {
        if (strcmp(t->rows[i].label, label) == 0) {
            return &t->rows[i];
        }
    }
    fail_msg("no row %s", label);
    return NULL;
}

static void test_every_row_named(void **state) {
    Ctx *c = *state;
    irqs_read(c->r, c->fs, NS_PER_S);
    const IrqTable *t = irqs_table(c->r);
    assert_true(t->have);
    assert_int_equal(t->n_cpus, 6);
    int lines = 0;
    for (const char *p = c->text; (p = strchr(p, '\n')) != NULL; p++) {
        lines++;
    }
    assert_int_equal(t->n, lines - 1); /* every line but the header is a row */
    assert_int_equal(t->n, 144);
    assert_string_equal(row(t, "13")->name, "arch_timer");
    assert_true(row(t, "13")->timer);
    assert_string_equal(row(t, "11")->name, "kvm guest ptimer");
    assert_false(row(t, "11")->timer);
    assert_string_equal(row(t, "301")->name, "eth0"); /* MSI, a 10-digit hardware number */
    assert_string_equal(row(t, "302")->name, "rtl88x2ce");
    assert_string_equal(row(t, "299")->name, "1-0025");
    assert_string_equal(row(t, "294")->name, "3400000.sdhci cd");
    assert_string_equal(row(t, "55")->name, "tegra-pcie-intr, PCIe PME, aerdrv");
    assert_string_equal(row(t, "233")->name, "gk20a_stall");
    /* no driver named these lines: the chip and its line, not the trigger type */
    assert_string_equal(row(t, "249")->name, "agic-controller 73");
    assert_string_equal(row(t, "253")->name, "agic-controller 89");
    /* 33 actions on one line: cut to the name's room */
    const char *smmu = row(t, "23")->name;
    assert_int_equal(strlen(smmu), IRQS_NAME - 1);
    assert_memory_equal(smmu, "arm-smmu global fault, arm-smmu-context-fault", IRQS_NAME - 1);
    assert_string_equal(row(t, "IPI0")->name, "Rescheduling interrupts");
    assert_true(row(t, "IPI0")->ipi);
    assert_true(row(t, "IPI6")->ipi);
    assert_false(row(t, "13")->ipi);
    assert_string_equal(t->rows[t->n - 1].label, "Err");
    assert_false(t->timer_ps10[0].ok); /* no interval yet */
}

static void test_rates_and_top(void **state) {
    Ctx *c = *state;
    irqs_read(c->r, c->fs, NS_PER_S);
    char *t2 = c->text;
    size_t cap = sizeof c->text;
    edit(t2, cap, "90531155   96257032   67361432   65420324   64203809   66971399",
         "90531405   96257282   67361682   65420574   64204059   66971649"); /* +250 each */
    edit(t2, cap, "154:   35693103", "154:   35694103");         /* BPMP mailbox +1000 */
    edit(t2, cap, " 67:   54311800", " 67:   54312100");         /* mmc1 +300 */
    edit(t2, cap, "301:   42525629", "301:   42525729");         /* eth0 +100 */
    edit(t2, cap, "43490193   51915366", "43490193   51915426"); /* IPI0 on cpu3 +60 */
    edit(t2, cap, "249:        517", "249:        524");         /* +7 */
    assert_int_equal(fixture_put(&c->fx, "proc/interrupts", t2), 0);
    irqs_read(c->r, c->fs, 2 * NS_PER_S);
    const IrqTable *t = irqs_table(c->r);
    assert_int_equal(row(t, "13")->rate_ps10.v, 15000);
    assert_int_equal(row(t, "301")->rate_ps10.v, 1000);
    assert_int_equal(row(t, "249")->rate_ps10.v, 70);
    assert_true(row(t, "9")->rate_ps10.ok);
    assert_int_equal(row(t, "9")->rate_ps10.v, 0);
    for (int k = 0; k < 6; k++) {
        assert_int_equal(t->timer_ps10[k].v, 2500);
        assert_int_equal(t->ipi_ps10[k].v, k == 3 ? 600 : 0);
    }
    static Sample s;
    procs_fill_sample(NULL, t, &s);
    static const char *const top[] = {
        "13:arch_timer", "154:3c00000.tegra-hsp",        "67:mmc1",
        "301:eth0",      "IPI0:Rescheduling_interrupts", "249:agic-controller_73"};
    for (int k = 0; k < 6; k++) {
        assert_string_equal(s.irq_top[k].name, top[k]);
    }
    assert_int_equal(s.irq_top[1].rate_ps10.v, 10000);
}

/* A name is made again when its row's description changes, and when rows move. */
static void test_names_follow_changes(void **state) {
    Ctx *c = *state;
    irqs_read(c->r, c->fs, NS_PER_S);
    irqs_read(c->r, c->fs, 2 * NS_PER_S); /* the same text: names kept */
    const IrqTable *t = irqs_table(c->r);
    assert_string_equal(row(t, "70")->name, "3160000.i2c");
    edit(c->text, sizeof c->text, "Level     3160000.i2c", "Level     3160000.i2c, ina3221");
    assert_int_equal(fixture_put(&c->fx, "proc/interrupts", c->text), 0);
    irqs_read(c->r, c->fs, 3 * NS_PER_S);
    assert_string_equal(row(t, "70")->name, "3160000.i2c, ina3221");
    int n = t->n;
    /* a driver requests a new line: every row after it moves down one place */
    edit(c->text, sizeof c->text, " 20:",
         " 19:          5          0          0          0          0          0     GICv3 300 "
         "Level     new-device\n 20:");
    assert_int_equal(fixture_put(&c->fx, "proc/interrupts", c->text), 0);
    irqs_read(c->r, c->fs, 4 * NS_PER_S);
    assert_int_equal(t->n, n + 1);
    assert_string_equal(row(t, "19")->name, "new-device");
    assert_memory_equal(row(t, "20")->name, "arm-smmu global fault", 21);
    assert_string_equal(row(t, "25")->name, "13a00000.cbb-fabric");
    assert_string_equal(row(t, "70")->name, "3160000.i2c, ina3221");
    assert_string_equal(row(t, "301")->name, "eth0");
    assert_true(row(t, "13")->timer);
    assert_false(row(t, "19")->timer);
    assert_true(row(t, "IPI0")->ipi);
    assert_false(row(t, "19")->rate_ps10.ok); /* a row whose place changed has no rate */
}

/* The listing as the kernel prints it with core `gone` offline: that core's column left out
 * of the header and of every row (the kernel lists online cores only). */
static void drop_core(const char *in, char *out, size_t cap, int gone) {
    size_t o = 0;
    bool header = true;
    for (const char *p = in; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[4096], word[16];
        assert_true(len < sizeof line);
        memcpy(line, p, len);
        line[len] = '\0';
        if (header) {
            snprintf(word, sizeof word, "CPU%d", gone);
            char *w = strstr(line, word), *e = w + strlen(word);
            while (*e == ' ') {
                e++;
            }
            memmove(w, e, strlen(e) + 1);
            header = false;
        } else {
            char *q = strchr(line, ':') + 1;
            for (int col = 0; col <= gone; col++) {
                char *start = q;
                while (*q == ' ') {
                    q++;
                }
                if (!isdigit((unsigned char)*q)) {
                    break; /* fewer counts: Err */
                }
                while (isdigit((unsigned char)*q)) {
                    q++;
                }
                if (col == gone) {
                    memmove(start, q, strlen(q) + 1);
                }
            }
        }
        o += (size_t)snprintf(out + o, cap - o, "%s\n", line);
        assert_true(o < cap);
        p = nl ? nl + 1 : p + len;
    }
}

/* A parked core drops out of every column: the other cores keep their own counts, the parked
 * one has no rate, nor has any row the sample its core set changed. */
static void test_parked_core(void **state) {
    Ctx *c = *state;
    static char parked[32768];
    irqs_read(c->r, c->fs, NS_PER_S);
    edit(c->text, sizeof c->text, "90531155   96257032   67361432   65420324   64203809   66971399",
         "90531405   96257282   67361682   65420324   64204209   66971899"); /* +250, cpu4 +400,
                                                                              cpu5 +500 */
    drop_core(c->text, parked, sizeof parked, 3);
    assert_null(strstr(parked, "CPU3"));
    assert_int_equal(fixture_put(&c->fx, "proc/interrupts", parked), 0);
    irqs_read(c->r, c->fs, 2 * NS_PER_S);
    const IrqTable *t = irqs_table(c->r);
    assert_true(t->have);
    assert_int_equal(t->n_cpus, 6);
    assert_int_equal(t->n, 144);
    assert_int_equal(t->timer_ps10[2].v, 2500);
    assert_false(t->timer_ps10[3].ok);
    assert_int_equal(t->timer_ps10[4].v, 4000); /* cpu4's own count, not the next column's */
    assert_int_equal(t->timer_ps10[5].v, 5000);
    assert_false(row(t, "13")->rate_ps10.ok); /* the row's total lost cpu3's count */
    irqs_read(c->r, c->fs, 3 * NS_PER_S);
    assert_true(row(t, "13")->rate_ps10.ok);
    assert_int_equal(row(t, "13")->rate_ps10.v, 0);
    assert_false(t->timer_ps10[3].ok);
    assert_int_equal(fixture_put(&c->fx, "proc/interrupts", c->text), 0); /* cpu3 is back */
    irqs_read(c->r, c->fs, 4 * NS_PER_S);
    assert_false(row(t, "13")->rate_ps10.ok); /* cpu3's count from before came back with it */
    assert_false(t->timer_ps10[3].ok);
    assert_int_equal(t->timer_ps10[4].v, 0);
    irqs_read(c->r, c->fs, 5 * NS_PER_S);
    assert_int_equal(t->timer_ps10[3].v, 0);
    assert_int_equal(row(t, "13")->rate_ps10.v, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_row_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rates_and_top, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_follow_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parked_core, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
