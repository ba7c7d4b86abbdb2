#include "base/stats.h"

#include <math.h>
#include <stdlib.h>

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double sb_percentile(double *samples, size_t n, double p)
{
    qsort(samples, n, sizeof *samples, compare_doubles);
    double rank = p / 100.0 * (double)(n - 1);
    size_t below = (size_t)floor(rank);
    size_t above = below + 1 < n ? below + 1 : below;
    double fraction = rank - (double)below;
    return samples[below] + fraction * (samples[above] - samples[below]);
}

double sb_median(double *samples, size_t n)
{
    return sb_percentile(samples, n, 50.0);
}

double sb_jain_index(const double *shares, size_t n)
{
    double sum = 0, sum_of_squares = 0;
    for (size_t i = 0; i < n; i++) {
        sum += shares[i];
        sum_of_squares += shares[i] * shares[i];
    }
    if (sum_of_squares == 0)
        return 1.0;
    return sum * sum / ((double)n * sum_of_squares);
}

size_t sb_median_rank(size_t n, double confidence)
{
    /* P(Binomial(n, 1/2) = i) in logs, so that 2^-n does not underflow. */
    double log_half_n = (double)n * log(0.5);
    double below = 0; /* P(Binomial(n, 1/2) < k) */
    size_t rank = 0;
    for (size_t k = 1; k <= (n + 1) / 2; k++) {
        below += exp(lgamma((double)n + 1) - lgamma((double)k) - lgamma((double)(n - k) + 2) + log_half_n);
        if (2 * below > 1 - confidence)
            break;
        rank = k;
    }
    return rank;
}
