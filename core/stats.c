#include "stats.h"

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
