/* SPDX-License-Identifier: MIT */
/* Statistics of experiments: Welford against direct formulas, Student's t against closed
 * forms (df 1 and 2) and printed tables, Welch's t-test by hand and its false-positive
 * rate on equal populations. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "jtune/workload/wstat.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static void test_welford(void **state) {
    (void)state;
    const double x[] = {4.0, 7.0, 13.0, 16.0, 1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
    WStat s;
    wstat_init(&s);
    assert_true(isnan(wstat_var(&s)));
    for (int i = 0; i < 4; i++) {
        wstat_add(&s, x[i]);
    }
    wstat_add(&s, NAN); /* skipped */
    assert_int_equal(s.n, 4);
    NEAR(s.mean, 10.0, 1e-12);
    NEAR(wstat_var(&s), 30.0, 1e-12); /* (36 + 9 + 9 + 36) / 3 */
    NEAR(s.min, 4.0, 0);
    NEAR(s.max, 16.0, 0);
    /* a large offset does not destroy the spread (the naive sum of squares would) */
    WStat big;
    wstat_init(&big);
    for (int i = 4; i < 8; i++) {
        wstat_add(&big, x[i]);
    }
    NEAR(wstat_var(&big), 30.0, 1e-6);
    /* merging two halves equals adding everything to one */
    WStat h1, h2, all;
    wstat_init(&h1);
    wstat_init(&h2);
    wstat_init(&all);
    for (int i = 0; i < 8; i++) {
        wstat_add(i < 3 ? &h1 : &h2, x[i] - (i >= 4 ? 1e9 : 0) + i);
        wstat_add(&all, x[i] - (i >= 4 ? 1e9 : 0) + i);
    }
    WStat empty;
    wstat_init(&empty);
    wstat_merge(&h1, &empty);
    wstat_merge(&h1, &h2);
    assert_int_equal(h1.n, 8);
    NEAR(h1.mean, all.mean, 1e-12);
    NEAR(wstat_var(&h1), wstat_var(&all), 1e-9);
    NEAR(h1.min, all.min, 0);
    NEAR(h1.max, all.max, 0);
    wstat_merge(&empty, &h2);
    NEAR(empty.mean, h2.mean, 1e-12);
    assert_int_equal(empty.n, h2.n);
    /* CI of n = 4, sd = sqrt(30): t(0.975, 3) = 3.182446 from the tables */
    NEAR(wstat_ci95(&s), 3.182446 * sqrt(30.0) / 2.0, 1e-5);
}

static void test_t_closed_forms(void **state) {
    (void)state;
    const double ts[] = {-30, -4.5, -1, -0.2, 0, 0.3, 1, 2.5, 12, 300};
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
        double t = ts[i];
        /* df = 1 is the Cauchy distribution; df = 2 has an algebraic CDF */
        NEAR(wstat_t_cdf(t, 1), 0.5 + atan(t) / M_PI, 1e-12);
        NEAR(wstat_t_cdf(t, 2), 0.5 + t / (2 * sqrt(2 + t * t)), 1e-12);
    }
    NEAR(wstat_t_quantile(0.975, 1), tan(M_PI * 0.475), 1e-8);
    NEAR(wstat_t_quantile(0.9, 2), 0.8 * sqrt(2.0 / (1 - 0.64)), 1e-9); /* 2p-1 = 0.8 */
}

static void test_t_tables(void **state) {
    (void)state;
    /* two-sided 95 % critical values from printed t tables */
    const struct {
        double df, t;
    } table[] = {{1, 12.706205}, {2, 4.302653},  {3, 3.182446},  {4, 2.776445},
                 {5, 2.570582},  {10, 2.228139}, {30, 2.042272}, {120, 1.979930}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        NEAR(wstat_t_quantile(0.975, table[i].df), table[i].t, 2e-6);
        NEAR(wstat_t_cdf(table[i].t, table[i].df), 0.975, 1e-7);
        NEAR(wstat_t_quantile(0.025, table[i].df), -table[i].t, 2e-6);
    }
    NEAR(wstat_t_quantile(0.975, 1e7), 1.959964, 1e-5); /* the normal limit */
    NEAR(wstat_t_quantile(0.995, 10), 3.169273, 2e-6);
    NEAR(wstat_t_quantile(0.5, 7.3), 0, 1e-12);
    /* fractional df (Welch) lies between its whole neighbours */
    double q45 = wstat_t_quantile(0.975, 4.5);
    assert_true(q45 < 2.776445 && q45 > 2.570582);
    assert_true(isnan(wstat_t_quantile(0, 5)));
    assert_true(isnan(wstat_t_quantile(1, 5)));
    assert_true(isnan(wstat_t_quantile(0.9, 0)));
}

static void fill(WStat *s, const double *x, int n) {
    wstat_init(s);
    for (int i = 0; i < n; i++) {
        wstat_add(s, x[i]);
    }
}

static void test_welch_by_hand(void **state) {
    (void)state;
    const double a[] = {1, 2, 3, 4, 5};  /* mean 3, var 2.5 */
    const double b[] = {2, 4, 6, 8, 10}; /* mean 6, var 10 */
    WStat sa, sb;
    fill(&sa, a, 5);
    fill(&sb, b, 5);
    WelchResult r;
    assert_int_equal(wstat_welch(&sa, &sb, 0.05, &r), 0);
    double se2 = 2.5 / 5 + 10.0 / 5;
    NEAR(r.diff, 3.0, 1e-12);
    NEAR(r.t, 3.0 / sqrt(se2), 1e-12);
    NEAR(r.df, se2 * se2 / (0.5 * 0.5 / 4 + 2.0 * 2.0 / 4), 1e-12);
    NEAR(r.p, 2 * (1 - wstat_t_cdf(r.t, r.df)), 1e-12);
    /* |t| = 1.90 is below the 95 % critical value for about 5.9 df: not significant */
    assert_true(r.p > 0.05 && r.p < 0.2);
    assert_false(r.significant);
    /* swapping the sides flips the sign only */
    WelchResult q;
    wstat_welch(&sb, &sa, 0.05, &q);
    NEAR(q.t, -r.t, 1e-12);
    NEAR(q.p, r.p, 1e-12);
    /* a clear difference is significant */
    const double c[] = {20, 21, 19, 20.5, 19.5};
    WStat sc;
    fill(&sc, c, 5);
    assert_int_equal(wstat_welch(&sa, &sc, 0.05, &r), 0);
    assert_true(r.significant);
    assert_true(r.p < 1e-4);
}

static void test_welch_edges(void **state) {
    (void)state;
    WStat one, flat_a, flat_b, flat_c;
    const double x1[] = {5};
    const double f[] = {3, 3, 3};
    const double g[] = {4, 4, 4};
    fill(&one, x1, 1);
    fill(&flat_a, f, 3);
    fill(&flat_b, f, 3);
    fill(&flat_c, g, 3);
    WelchResult r;
    assert_int_equal(wstat_welch(&one, &flat_a, 0.05, &r), -EDOM);
    assert_false(r.significant);
    assert_true(isnan(r.p));
    assert_int_equal(wstat_welch(&flat_a, &flat_b, 0.05, &r), 0);
    assert_false(r.significant);
    assert_int_equal(wstat_welch(&flat_a, &flat_c, 0.05, &r), 0);
    assert_true(r.significant);
}

/* xorshift64* and Box-Muller: normal samples with a fixed seed (deterministic). */
static uint64_t rng = 0x9e3779b97f4a7c15ull;
static double uniform(void) {
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return ((double)((rng * 2685821657736338717ull) >> 11) + 0.5) / 9007199254740992.0;
}
static double normal(double mean, double sd) {
    return mean + sd * sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

static void test_welch_false_positive_rate(void **state) {
    (void)state;
    /* equal means, unequal spreads and sizes: about 5 % of tests reject at alpha 0.05 */
    int trials = 4000, rejected = 0, covered = 0;
    for (int k = 0; k < trials; k++) {
        WStat a, b;
        wstat_init(&a);
        wstat_init(&b);
        for (int i = 0; i < 6; i++) {
            wstat_add(&a, normal(10, 1));
        }
        for (int i = 0; i < 11; i++) {
            wstat_add(&b, normal(10, 3));
        }
        WelchResult r;
        assert_int_equal(wstat_welch(&a, &b, 0.05, &r), 0);
        rejected += r.significant;
        covered += fabs(a.mean - 10) <= wstat_ci95(&a); /* the CI holds the true mean */
    }
    double rate = (double)rejected / trials, cover = (double)covered / trials;
    printf("false positives %.3f, CI coverage %.3f\n", rate, cover);
    assert_true(rate > 0.035 && rate < 0.065);
    assert_true(cover > 0.935 && cover < 0.965);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_welford),     cmocka_unit_test(test_t_closed_forms),
        cmocka_unit_test(test_t_tables),    cmocka_unit_test(test_welch_by_hand),
        cmocka_unit_test(test_welch_edges), cmocka_unit_test(test_welch_false_positive_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
