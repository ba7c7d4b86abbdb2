#include "paired.h"

#include "base/clock.h"
#include "base/error.h"
#include "base/machine_load.h"
#include "base/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Whether [lo, hi] lies wholly on one side of `bar`, an end on it counted on its side. */
static bool clear_of(double lo, double hi, double bar)
{
    return !(lo < bar && bar < hi);
}

/* The median of the ratios so far and its interval; whether that lies
 * wholly on one side of each bar. `sorted` is scratch room for n values. */
static bool summarise(const double *ratios, double *sorted, unsigned n, const sb_paired_plan *plan,
                      sb_paired_figure *figure)
{
    memcpy(sorted, ratios, n * sizeof *sorted);
    figure->median = sb_median(sorted, n); /* sorts `sorted` */
    size_t k = sb_median_rank(n, plan->confidence);
    figure->lo = k ? sorted[k - 1] : NAN;
    figure->hi = k ? sorted[n - k] : NAN;
    figure->pairs = n;
    figure->decided = k && clear_of(figure->lo, figure->hi, plan->bar) &&
                      (plan->upper_bar == 0 || clear_of(figure->lo, figure->hi, plan->upper_bar));
    return figure->decided;
}

/* One pair's ratio, a's figure over b's, measuring b first when asked: 0,
 * or 1 when a side's figure is not above 0 (a slice in which other work
 * left the spinners no turn shows no rate), which gives no ratio. */
static int measure_pair(const sb_paired_side *a, const sb_paired_side *b, bool b_first, double *ratio)
{
    double figure_a, figure_b;
    const sb_paired_side *first = b_first ? b : a, *second = b_first ? a : b;
    double *first_figure = b_first ? &figure_b : &figure_a, *second_figure = b_first ? &figure_a : &figure_b;
    if (first->measure(first->context, first_figure) != 0 || second->measure(second->context, second_figure) != 0)
        return -1;
    if (!(figure_a > 0) || !(figure_b > 0))
        return 1;
    *ratio = figure_a / figure_b;
    return 0;
}

int sb_paired_measure_counted(void *counted, double *each_ns)
{
    sb_paired_counted *side = counted;
    uint64_t start_ns = sb_clock_ns();
    if (side->run(side->operation, side->count) != 0)
        return -1;
    *each_ns = (double)(sb_clock_ns() - start_ns) / (double)side->count;
    return 0;
}

/* Whether `count` runs of the side take `slice_ns` or more, by two
 * measurements, so that one held up by other work does not stop the
 * doubling short: the second is taken only when the first says so. */
static int fills_slice(sb_paired_counted *side, double slice_ns, bool *fills)
{
    *fills = true;
    for (int look = 0; look < 2 && *fills; look++) {
        double each_ns;
        if (sb_paired_measure_counted(side, &each_ns) != 0)
            return -1;
        *fills = each_ns * (double)side->count >= slice_ns;
    }
    return 0;
}

int sb_paired_size_counted(sb_paired_counted *side, double slice_ns)
{
    for (side->count = 1; side->count < SB_PAIRED_MAX_COUNT; side->count *= 2) {
        bool fills;
        if (fills_slice(side, slice_ns, &fills) != 0)
            return -1;
        if (fills)
            return 0;
    }
    return 0;
}

int sb_paired_sample(const sb_paired_side *a, const sb_paired_side *b, const sb_paired_plan *plan,
                     sb_paired_figure *figure)
{
    *figure = (sb_paired_figure){.median = NAN, .lo = NAN, .hi = NAN, .others_cpu_pus = NAN};
    if (plan->max_pairs == 0 || plan->max_pairs > SB_PAIRED_MAX_PAIRS || !(plan->confidence > 0) ||
        !(plan->confidence < 1) || !(plan->cap_s >= 0)) {
        sb_set_error("a paired plan needs 1 to %d pairs, a confidence between 0 and 1 and a cap of 0 s or more",
                     SB_PAIRED_MAX_PAIRS);
        return -1;
    }
    double *ratios = malloc(2 * plan->max_pairs * sizeof *ratios);
    if (!ratios) {
        sb_set_error("no memory for %u paired ratios", plan->max_pairs);
        return -1;
    }
    double *sorted = ratios + plan->max_pairs;
    sb_machine_mark before, after;
    bool marked = sb_machine_mark_now(&before) == 0;
    uint64_t start_ns = sb_clock_ns();
    uint64_t cap_ns = (uint64_t)(plan->cap_s * 1e9);
    unsigned n = 0, measured = 0;
    int status = 0;
    do {
        int outcome = measure_pair(a, b, measured % 2 == 1, &ratios[n]);
        if (outcome < 0) {
            status = -1;
            break;
        }
        measured++;
        if (outcome == 0)
            n++;
        else
            figure->void_pairs++;
    } while (!(n && summarise(ratios, sorted, n, plan, figure)) && measured < plan->max_pairs &&
             sb_clock_ns() - start_ns < cap_ns);
    figure->sampling_s = (double)(sb_clock_ns() - start_ns) / 1e9;
    if (marked && sb_machine_mark_now(&after) == 0)
        figure->others_cpu_pus = sb_machine_load_between(&before, &after).others_cpu_pus;
    free(ratios);
    return status;
}
