/*
 * plan: what a run would cost, priced before it is made. Each benchmark
 * instance declares, where its family registers it, the wall time of one
 * iteration and of what it does outside its timed loop (gbench.h's
 * sb_gbench_cost); the plan sizes each as Google Benchmark's runner would
 * (1.7.1 to 1.9: the first repetition grows the iteration count until it
 * fills the min time, the others repeat that count) and sums them.
 *
 * Under a budget, a run that does not fit first runs lean jobs (fewer
 * tasks each: see sb_plan_lean_jobs), then leaves out the instances their
 * families marked spare, sparest and dearest first, until it fits or none
 * is left; the results' context says what was cut (plan_cut/jobs,
 * plan_cut/<family>) and what the plan came to (plan_estimate_s).
 */
#ifndef SLICEBENCH_PLAN_H
#define SLICEBENCH_PLAN_H

#include "gbench.h"

#include <stdbool.h>
#include <stdio.h>

/* A lean job has SB_PLAN_LEAN_DIVISOR times fewer tasks than its family's
 * rule gives, and at least one a worker. */
enum { SB_PLAN_LEAN_DIVISOR = 4 };

/* Whether the budget made the run's jobs lean: the families that size jobs
 * of tasks read it when they size and price them. */
bool sb_plan_lean_jobs(void);

/* Seconds Google Benchmark spends on an instance of `cost` with a fixed
 * iteration count `iterations` (0: it chooses) and a fixed repetition
 * count `repetitions` (0: the run's), under `sizing`. */
double sb_plan_instance_s(const sb_gbench_cost *cost, uint64_t iterations, unsigned repetitions,
                          const sb_gbench_sizing *sizing);

/* One instance of a plan: its seconds, how spare it is (see
 * sb_gbench_cost.spare), and whether the budget cut it. */
typedef struct sb_plan_row {
    double seconds;
    unsigned spare;
    bool cut;
} sb_plan_row;

/* Cuts `rows`, sparest first and of those the dearest first, until what is
 * left fits `budget_s` or no spare row is left; returns the seconds left.
 * A smaller budget cuts the same rows and more: the total never rises as
 * the budget falls. */
double sb_plan_cut(sb_plan_row *rows, size_t count, double budget_s);

/* Prices the instances the run would make and, with budget_s > 0, cuts
 * what the budget needs cut; prints the plan to `out` when not NULL.
 * Returns the seconds the run is planned to take; -1, with
 * sb_last_error(), when an instance declares no cost or none is selected. */
double sb_plan_make(double budget_s, FILE *out);

#endif
