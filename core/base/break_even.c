/* The last upward crossing of 1: see break_even.h. */
#include "base/break_even.h"

#include <math.h>
#include <stdbool.h>

int sb_break_even_find(const double *durations, const double *speedups, size_t n, sb_break_even *out)
{
    if (n == 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        bool positive = isfinite(durations[i]) && durations[i] > 0 && isfinite(speedups[i]) && speedups[i] > 0;
        if (!positive || (i > 0 && !(durations[i] > durations[i - 1])))
            return -1;
    }
    size_t losing = n; /* the last point below 1; n when there is none */
    for (size_t i = 0; i < n; i++)
        if (speedups[i] < 1)
            losing = i;
    if (losing == n) {
        *out = (sb_break_even){.kind = SB_BREAK_EVEN_BELOW_RANGE};
        return 0;
    }
    if (losing == n - 1) {
        *out = (sb_break_even){.kind = SB_BREAK_EVEN_ABOVE_RANGE};
        return 0;
    }
    /* speedups[losing] < 1 <= speedups[losing + 1]: the share of the way
     * from one point to the next, in log speedup, where it reaches 1. */
    double low = log(speedups[losing]), high = log(speedups[losing + 1]);
    double share = -low / (high - low);
    double from = log(durations[losing]), to = log(durations[losing + 1]);
    *out = (sb_break_even){.kind = SB_BREAK_EVEN_WITHIN, .duration = exp(from + share * (to - from))};
    return 0;
}
