/* SPDX-License-Identifier: MIT */
/* wstat: Welford summaries, Student's t and Welch's test (see wstat.h). */
#include "jtune/workload/wstat.h"

#include <errno.h>
#include <math.h>

void wstat_init(WStat *s) {
    s->n = 0;
    s->mean = 0;
    s->m2 = 0;
    s->min = INFINITY;
    s->max = -INFINITY;
}

void wstat_add(WStat *s, double x) {
    if (!isfinite(x)) {
        return;
    }
    s->n++;
    double d = x - s->mean;
    s->mean += d / (double)s->n;
    s->m2 += d * (x - s->mean);
    s->min = x < s->min ? x : s->min;
    s->max = x > s->max ? x : s->max;
}

void wstat_merge(WStat *into, const WStat *from) {
    if (from->n == 0) {
        return;
    }
    /* Chan et al.: combine two (n, mean, M2) summaries */
    int64_t n = into->n + from->n;
    double d = from->mean - into->mean;
    into->m2 += from->m2 + d * d * (double)into->n * (double)from->n / (double)n;
    into->mean += d * (double)from->n / (double)n;
    into->n = n;
    into->min = from->min < into->min ? from->min : into->min;
    into->max = from->max > into->max ? from->max : into->max;
}

double wstat_var(const WStat *s) {
    return s->n < 2 ? NAN : s->m2 / (double)(s->n - 1);
}

double wstat_sd(const WStat *s) {
    return sqrt(wstat_var(s));
}

double wstat_ci95(const WStat *s) {
    if (s->n < 2) {
        return NAN;
    }
    return wstat_t_quantile(0.975, (double)(s->n - 1)) * wstat_sd(s) / sqrt((double)s->n);
}

/* Continued fraction of the regularized incomplete beta I_x(a, b) (modified Lentz),
 * valid for x < (a + 1) / (a + b + 2). */
static double beta_cf(double a, double b, double x) {
    const double tiny = 1e-300, eps = 1e-15;
    double f = 1, c = 1, d = 0;
    for (int j = 1; j < 1000; j++) {
        int m = j / 2;
        double num;
        if (j % 2) { /* d_{2m+1} */
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
        } else { /* d_{2m} */
            num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
        }
        d = 1 + num * d;
        d = fabs(d) < tiny ? tiny : d;
        c = 1 + num / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        double delta = c * d;
        f *= delta;
        if (fabs(delta - 1) < eps) {
            break;
        }
    }
    return 1 / f;
}

/* Regularized incomplete beta I_x(a, b), 0 <= x <= 1. */
static double beta_inc(double a, double b, double x) {
    if (x <= 0) {
        return 0;
    }
    if (x >= 1) {
        return 1;
    }
    double ln_front = a * log(x) + b * log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b));
    if (x < (a + 1) / (a + b + 2)) {
        return exp(ln_front) * beta_cf(a, b, x) / a;
    }
    return 1 - exp(ln_front) * beta_cf(b, a, 1 - x) / b;
}

double wstat_t_cdf(double t, double df) {
    if (!(df > 0) || isnan(t)) {
        return NAN;
    }
    if (isinf(t)) {
        return t > 0 ? 1 : 0;
    }
    /* P(|T| > |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2) */
    double tail = 0.5 * beta_inc(df / 2, 0.5, df / (df + t * t));
    return t >= 0 ? 1 - tail : tail;
}

double wstat_t_quantile(double p, double df) {
    if (!(p > 0 && p < 1) || !(df > 0)) {
        return NAN;
    }
    if (p < 0.5) {
        return -wstat_t_quantile(1 - p, df);
    }
    double upper = 1 - p; /* wanted upper tail */
    double lo = 0, hi = 1;
    while (0.5 * beta_inc(df / 2, 0.5, df / (df + hi * hi)) > upper && hi < 1e300) {
        lo = hi;
        hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (0.5 * beta_inc(df / 2, 0.5, df / (df + mid * mid)) > upper) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return 0.5 * (lo + hi);
}

int wstat_welch(const WStat *a, const WStat *b, double alpha, WelchResult *out) {
    *out = (WelchResult){NAN, NAN, NAN, NAN, false};
    if (a->n < 2 || b->n < 2) {
        return -EDOM;
    }
    double va = wstat_var(a) / (double)a->n, vb = wstat_var(b) / (double)b->n;
    out->diff = b->mean - a->mean;
    double se2 = va + vb;
    if (se2 <= 0) {
        /* no spread on either side: any difference is certain */
        out->df = (double)(a->n + b->n - 2);
        out->t = out->diff == 0 ? 0 : copysign(INFINITY, out->diff);
        out->p = out->diff == 0 ? 1 : 0;
    } else {
        out->t = out->diff / sqrt(se2);
        out->df = se2 * se2 / (va * va / (double)(a->n - 1) + vb * vb / (double)(b->n - 1));
        out->p = 2 * wstat_t_cdf(-fabs(out->t), out->df);
    }
    out->significant = out->p < alpha;
    return 0;
}
