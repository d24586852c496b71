/* SPDX-License-Identifier: MIT */
/* wstat: the statistics of energy measurements - running mean and spread (Welford), 95 %
 * confidence intervals from Student's t, and Welch's unequal-variance t-test. Pure; the t
 * distribution is computed here (regularized incomplete beta by continued fraction), so
 * no statistics library is needed.
 */
#ifndef JTUNE_WORKLOAD_WSTAT_H
#define JTUNE_WORKLOAD_WSTAT_H

#include <stdbool.h>
#include <stdint.h>

/* A running summary of observations (Welford's update: stable for long runs). */
typedef struct {
    int64_t n;
    double mean;
    double m2; /* sum of squared deviations from the mean */
    double min, max;
} WStat;

/* Start empty. */
void wstat_init(WStat *s);

/* Fold one observation in (NaN and infinities are skipped). */
void wstat_add(WStat *s, double x);

/* Fold every observation of from into into (as if they had been added one by one). */
void wstat_merge(WStat *into, const WStat *from);

/* Sample variance (n - 1 denominator); NaN with fewer than 2 observations. */
double wstat_var(const WStat *s);

/* Sample standard deviation; NaN with fewer than 2 observations. */
double wstat_sd(const WStat *s);

/* Half-width of the 95 % confidence interval of the mean (t with n - 1 degrees of freedom);
 * NaN with fewer than 2 observations. */
double wstat_ci95(const WStat *s);

/* P(T <= t) for Student's t with df > 0 degrees of freedom (df need not be whole). */
double wstat_t_cdf(double t, double df);

/* The t with P(T <= t) = p, 0 < p < 1, df > 0; NaN outside those ranges. */
double wstat_t_quantile(double p, double df);

typedef struct {
    double diff;      /* mean(b) - mean(a) */
    double t;         /* Welch's t of b against a */
    double df;        /* Welch-Satterthwaite degrees of freedom */
    double p;         /* two-sided p value */
    bool significant; /* p < alpha */
} WelchResult;

/* Welch's t-test of b against a at level alpha (two-sided). 0, or -EDOM when either side
 * has fewer than 2 observations (out is then filled with NaN and not significant). Two
 * sides without spread are significantly different exactly when their means differ. */
int wstat_welch(const WStat *a, const WStat *b, double alpha, WelchResult *out);

#endif
