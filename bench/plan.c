/* What a run would cost, and what a budget cuts: see plan.h. */
#include "plan.h"

#include "base/error.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Google Benchmark's runner: at most this many iterations in a run, and how
 * it predicts the count that fills the min time (BenchmarkRunner::
 * PredictNumItersNeeded): 1.4 times what the last run's rate needs once a
 * run took a tenth of the min time, ten times as many before. */
static const double MAX_ITERATIONS = 1e9, FILL = 1.4, SIGNIFICANT = 0.1, GROWTH = 10;
/* An iteration priced 0 takes this long: short enough that the min time
 * alone sizes its runs. */
static const double SHORTEST_ITERATION_S = 1e-9;

double sb_plan_instance_s(const sb_gbench_cost *cost, uint64_t iterations, unsigned repetitions,
                          const sb_gbench_sizing *sizing)
{
    double each_s = fmax(cost->iteration_s, SHORTEST_ITERATION_S);
    double count = (double)(iterations ? iterations : sizing->min_iterations);
    double first_s = 0;
    if (count == 0) { /* the first repetition grows its count until the min time is filled */
        double min_time_s = sizing->min_time_s;
        for (count = 1;;) {
            double run_s = count * each_s;
            first_s += cost->setup_s + run_s;
            if (run_s >= min_time_s || count >= MAX_ITERATIONS)
                break;
            double multiplier = run_s / min_time_s > SIGNIFICANT ? FILL * min_time_s / run_s : GROWTH;
            count = fmin(fmax(round(multiplier * count), count + 1), MAX_ITERATIONS);
        }
    } else {
        first_s = cost->setup_s + count * each_s;
    }
    double warmup_s = sizing->min_warmup_s > 0 ? sizing->min_warmup_s + each_s : 0;
    unsigned runs = repetitions ? repetitions : sizing->repetitions;
    return warmup_s + first_s + (runs - 1) * (cost->setup_s + count * each_s);
}

static bool lean_jobs;

bool sb_plan_lean_jobs(void)
{
    return lean_jobs;
}

/* Sparest first, then dearest first, then the later in the run first: the
 * order a budget cuts in, the same for the same rows. */
static int cut_order(const void *a, const void *b)
{
    const sb_plan_row *x = *(const sb_plan_row *const *)a, *y = *(const sb_plan_row *const *)b;
    if (x->spare != y->spare)
        return x->spare < y->spare ? 1 : -1;
    if (x->seconds != y->seconds)
        return x->seconds < y->seconds ? 1 : -1;
    return (x < y) - (x > y);
}

double sb_plan_cut(sb_plan_row *rows, size_t count, double budget_s)
{
    double total_s = 0;
    for (size_t i = 0; i < count; i++)
        total_s += rows[i].cut ? 0 : rows[i].seconds;
    sb_plan_row **order = malloc((count ? count : 1) * sizeof *order);
    if (!order) {
        fprintf(stderr, "slicebench: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < count; i++)
        order[i] = &rows[i];
    qsort(order, count, sizeof *order, cut_order);
    for (size_t i = 0; i < count && total_s > budget_s && order[i]->spare > 0; i++) {
        if (!order[i]->cut)
            total_s -= order[i]->seconds;
        order[i]->cut = true;
    }
    free(order);
    return total_s;
}

/* The length of `name`'s family: up to its first '/'. */
static int family_length(const char *name)
{
    return (int)strcspn(name, "/");
}

/* Prints each family's kept and cut instances and seconds, and states the
 * cuts in the results' context. */
static void report_families(const sb_gbench_instance *instances, const sb_plan_row *rows, size_t count, FILE *out)
{
    for (size_t first = 0; first < count;) {
        const char *family = instances[first].name;
        int length = family_length(family);
        size_t end = first, kept = 0;
        double kept_s = 0, cut_s = 0;
        for (; end < count && family_length(instances[end].name) == length &&
               strncmp(instances[end].name, family, (size_t)length) == 0;
             end++) {
            kept += !rows[end].cut;
            *(rows[end].cut ? &cut_s : &kept_s) += rows[end].seconds;
        }
        char key[128], text[160];
        if (kept < end - first) {
            snprintf(key, sizeof key, "plan_cut/%.*s", length, family);
            snprintf(text, sizeof text, "%zu of %zu rows left out (%.1f s of %.1f s) to keep within the budget",
                     end - first - kept, end - first, cut_s, cut_s + kept_s);
            sb_gbench_add_context(key, text);
        }
        if (out)
            fprintf(out, "family %-12.*s %5zu benchmarks %9.1f s%s%s\n", length, family, kept, kept_s,
                    kept < end - first ? "  (" : "", kept < end - first ? "cut: see above)" : "");
        first = end;
    }
}

/* Prices each instance of the run into `run`; returns the total, or -1
 * with sb_last_error() when one declares no cost. */
static double price(sb_plan_row *rows, const sb_gbench_instance *instances, size_t count,
                    const sb_gbench_sizing *sizing)
{
    double total_s = 0;
    for (size_t i = 0; i < count; i++) {
        if (!instances[i].priced) {
            sb_set_error("%s declares no cost, so no plan can price it", instances[i].name);
            return -1;
        }
        rows[i] = (sb_plan_row){sb_plan_instance_s(&instances[i].cost, instances[i].iterations,
                                                   instances[i].repetitions, sizing),
                                instances[i].cost.spare, false};
        total_s += rows[i].seconds;
    }
    return total_s;
}

/* Prints each instance of the run, and whether it is cut. */
static void print_instances(const sb_gbench_instance *instances, const sb_plan_row *rows, size_t count, FILE *out)
{
    for (size_t i = 0; i < count; i++)
        fprintf(out, "%s %9.2f s  %s\n", rows[i].cut ? "cut " : "run ", rows[i].seconds, instances[i].name);
}

double sb_plan_make(double budget_s, FILE *out)
{
    size_t count;
    const sb_gbench_instance *instances = sb_gbench_instances(&count);
    if (count == 0) {
        sb_set_error("no benchmark matched the filter");
        return -1;
    }
    sb_gbench_sizing sizing = sb_gbench_sizing_of_run();
    sb_plan_row *rows = calloc(count, sizeof *rows);
    bool *cut = calloc(count, sizeof *cut);
    if (!rows || !cut) {
        fprintf(stderr, "slicebench: out of memory\n");
        exit(1);
    }
    double total_s = price(rows, instances, count, &sizing), whole_s = total_s;
    lean_jobs = false;
    if (total_s > budget_s && budget_s > 0) {
        lean_jobs = true;
        instances = sb_gbench_instances(&count);
        total_s = price(rows, instances, count, &sizing);
    }
    double planned_s = total_s >= 0 && budget_s > 0 ? sb_plan_cut(rows, count, budget_s) : total_s;
    if (planned_s < 0) {
        free(rows);
        free(cut);
        return -1;
    }
    size_t kept = 0;
    for (size_t i = 0; i < count; i++)
        kept += !(cut[i] = rows[i].cut);
    char text[160];
    if (lean_jobs) {
        snprintf(text, sizeof text, "jobs of %d times fewer tasks, at least one a worker: %.1f s of %.1f s",
                 SB_PLAN_LEAN_DIVISOR, total_s, whole_s);
        sb_gbench_add_context("plan_cut/jobs", text);
    }
    if (out)
        print_instances(instances, rows, count, out);
    report_families(instances, rows, count, out);
    snprintf(text, sizeof text, "%.0f", planned_s);
    sb_gbench_add_context("plan_estimate_s", text);
    if (out) {
        fprintf(out, "total %zu benchmarks %.1f s (%.1f min)", kept, planned_s, planned_s / 60);
        if (budget_s > 0)
            fprintf(out, "; budget %.0f s: %s", budget_s,
                    planned_s <= budget_s ? "fits" : "exceeded: no row left that the budget may cut");
        if (lean_jobs)
            fprintf(out, "; lean jobs (%.0f s before)", whole_s);
        fprintf(out, "; %u repetition(s), min time %g s\n", sizing.repetitions, sizing.min_time_s);
    }
    if (kept < count)
        sb_gbench_cut(cut);
    free(cut);
    free(rows);
    return planned_s;
}
