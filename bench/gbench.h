/*
 * gbench: a C interface to Google Benchmark, so that benchmark families are
 * written in C and still produce Google Benchmark's console and JSON output
 * (and so work with its compare.py).
 *
 * A benchmark function is called once per measurement run and drives a
 * batched loop, so no C++ call sits between iterations:
 *
 *     static void bench_x(sb_gbench_state *state, const void *arg)
 *     {
 *         uint64_t n;
 *         while (sb_gbench_next_batch(state, &n))
 *             for (uint64_t i = 0; i < n; i++)
 *                 work();
 *     }
 *
 * Google Benchmark has no notion of CPU placement: the suite pins its own
 * workers (see core/base/placement.h).
 */
#ifndef SLICEBENCH_GBENCH_H
#define SLICEBENCH_GBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sb_gbench_state sb_gbench_state;
typedef void (*sb_gbench_fn)(sb_gbench_state *state, const void *arg);

typedef enum sb_gbench_unit {
    SB_GBENCH_NS,
    SB_GBENCH_US,
    SB_GBENCH_MS,
    SB_GBENCH_S,
} sb_gbench_unit;

/* What one run of a benchmark instance costs, declared where it is
 * registered so that a plan (plan.h) can price a run before making it: the
 * wall time of one iteration of its timed loop, and what the run spends
 * outside that loop. An iteration far shorter than the min time may be
 * priced 0: Google Benchmark then sizes the run by the min time alone. */
typedef struct sb_gbench_cost {
    double iteration_s;
    double setup_s;
    /* Whether a budget may leave the instance out (plan.h): 0 never, for a
     * row a claim or a curve's shape needs; else the higher, the sooner. */
    unsigned spare;
} sb_gbench_cost;

/* The cost of an instance whose iterations are far shorter than the min
 * time and whose runs start nothing long: the min time alone sizes it. */
sb_gbench_cost sb_gbench_short_cost(const void *arg, int64_t value);

typedef struct sb_gbench_options {
    const char *arg_name;  /* names the argument in the benchmark's name */
    const int64_t *args;   /* each value makes one benchmark instance */
    size_t arg_count;      /* 0: one instance, no argument */
    bool real_time;        /* report wall time instead of the main thread's CPU time */
    uint64_t iterations;   /* fixed iteration count; 0 lets Google Benchmark choose */
    unsigned repetitions;  /* fixed repetition count, for a run that samples until its
                              own figure is decided; 0: the run's --benchmark_repetitions */
    unsigned min_repetitions; /* at least this many, where the run's are fewer: a row
                                 a claim needs an interval of (Google Benchmark then
                                 names it .../repeats:<n>) */
    sb_gbench_unit unit;
    /* What the run of the instance of `value` (0 without args) costs, with
     * the `arg` it was registered with. Required: a plan refuses an
     * instance that has none. */
    sb_gbench_cost (*cost)(const void *arg, int64_t value);
} sb_gbench_options;

/* Registers `fn` (called with `arg`) under `name`. */
void sb_gbench_register(const char *name, sb_gbench_fn fn, const void *arg, const sb_gbench_options *options);

/* The instance's argument (see sb_gbench_options.args). */
int64_t sb_gbench_arg(const sb_gbench_state *state);

/* Starts the timed loop on the first call and stores in *count how many
 * iterations to run; ends it on the second call and returns false. */
bool sb_gbench_next_batch(sb_gbench_state *state, uint64_t *count);

/* Counters appear as columns in the console and as fields in the JSON. */
typedef enum sb_gbench_counter_kind {
    SB_GBENCH_COUNTER_PLAIN,          /* reported as given */
    SB_GBENCH_COUNTER_PER_ITERATION,  /* divided by the number of iterations */
    SB_GBENCH_COUNTER_TIME_EACH,      /* a count of events over the timed loop,
                                         reported as the seconds each took */
} sb_gbench_counter_kind;
void sb_gbench_counter(sb_gbench_state *state, const char *name, double value, sb_gbench_counter_kind kind);

/* Adds items_per_second: `items` processed over the whole timed loop. */
void sb_gbench_items_processed(sb_gbench_state *state, int64_t items);

/* Adds bytes_per_second: `bytes` moved over the whole timed loop. */
void sb_gbench_bytes_processed(sb_gbench_state *state, int64_t bytes);

/* Marks this run failed with `message`; it is reported, and counted by
 * sb_gbench_run(). Leave the benchmark function right after. */
void sb_gbench_fail(sb_gbench_state *state, const char *message);

/* Lets Google Benchmark take its own flags (--benchmark_*) out of argv. On
 * --help it calls print_usage, prints its own flags after, and exits 0. A
 * --benchmark_min_time in seconds may be written "0.5s" (Google Benchmark
 * 1.8's syntax) whichever Google Benchmark the program is built with. */
void sb_gbench_initialize(int *argc, char **argv, void (*print_usage)(void));

/* Whether --benchmark_min_time may be a number of iterations ("100x"): it
 * may from Google Benchmark 1.8 on. */
bool sb_gbench_takes_min_iterations(void);

/* Has `reset` called before an instance's first run whenever another
 * instance ran last, so that none inherits what the one before it left in
 * the process: a later fork copies every page still mapped. */
void sb_gbench_reset_between_instances(void (*reset)(void));

/* Adds a key/value pair to the "context" of every result file and report. */
void sb_gbench_add_context(const char *key, const char *value);

/* Asks the run to stop: every benchmark not yet started is then skipped with
 * the error "interrupted", so the report still closes properly on the ones
 * that finished. Safe to call from a signal handler. */
void sb_gbench_interrupt(void);
bool sb_gbench_interrupted(void);

/* How Google Benchmark sizes each benchmark's runs, from its flags. */
typedef struct sb_gbench_sizing {
    double min_time_s;       /* --benchmark_min_time in seconds; 0 when given in iterations */
    uint64_t min_iterations; /* --benchmark_min_time in iterations ("100x"); 0 when in seconds */
    double min_warmup_s;     /* --benchmark_min_warmup_time */
    unsigned repetitions;    /* --benchmark_repetitions */
} sb_gbench_sizing;
sb_gbench_sizing sb_gbench_sizing_of_run(void);

/* One benchmark instance a run would make. */
typedef struct sb_gbench_instance {
    const char *name;    /* as --benchmark_list_tests lists it */
    const char *family;  /* its name up to the first '/' */
    bool priced;         /* whether it declared its cost (sb_gbench_options.cost) */
    sb_gbench_cost cost;
    uint64_t iterations; /* its fixed iteration count; 0 when Google Benchmark chooses */
    unsigned repetitions; /* its own repetition count (see sb_gbench_options); 0 when the run's */
} sb_gbench_instance;

/* The instances --benchmark_filter selects, in the order they would run,
 * with their costs: Google Benchmark's own list, without running anything.
 * The array lives until the next call or sb_gbench_cut(). */
const sb_gbench_instance *sb_gbench_instances(size_t *count);

/* Leaves out the instances of the last sb_gbench_instances() whose `cut`
 * is true: they are neither listed nor run. */
void sb_gbench_cut(const bool *cut);

/* What a run did. */
typedef struct sb_gbench_tally {
    size_t matched;  /* benchmarks the filter matched: run, or listed */
    size_t failed;   /* runs marked failed (sb_gbench_fail) */
    size_t measured; /* runs written to the results file that ended without an error */
    int out_error;   /* the errno of a write of the results file that failed, 0 when all went */
} sb_gbench_tally;

/* Runs the benchmarks the --benchmark_filter selects. With --benchmark_out,
 * `out_format` is its --benchmark_out_format (console, json or csv; NULL
 * without). */
sb_gbench_tally sb_gbench_run(const char *out_format);

#ifdef __cplusplus
}
#endif

#endif
