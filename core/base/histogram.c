#include "base/histogram.h"

#include <math.h>

size_t sb_histogram_bucket(double value)
{
    if (isnan(value) || value > ldexp(1, SB_HISTOGRAM_TOP_POWER))
        return SB_HISTOGRAM_OVERFLOW;
    if (value <= 1)
        return 0;
    /* value = m * 2^e with 0.5 <= m < 1: an exact power of two (m = 0.5)
     * is the upper edge of bucket e - 1, anything else lies inside bucket e. */
    int e;
    double m = frexp(value, &e);
    return (size_t)(m == 0.5 ? e - 1 : e);
}

double sb_histogram_upper_edge(size_t bucket)
{
    return bucket >= SB_HISTOGRAM_OVERFLOW ? INFINITY : ldexp(1, (int)bucket);
}

void sb_histogram_add(sb_histogram *histogram, double value)
{
    histogram->counts[sb_histogram_bucket(value)]++;
}

uint64_t sb_histogram_total(const sb_histogram *histogram)
{
    uint64_t total = 0;
    for (size_t b = 0; b < SB_HISTOGRAM_BUCKETS; b++)
        total += histogram->counts[b];
    return total;
}
