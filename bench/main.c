/*
 * slicebench: runs the benchmark families on this machine and writes Google
 * Benchmark's report, with the machine's topology in its context.
 *
 * Its own options select what to measure; every --benchmark_* option goes to
 * Google Benchmark (--benchmark_out=FILE, --benchmark_filter=REGEX, ...).
 */
#include "family.h"
#include "options.h"
#include "suite.h"

#include "base/error.h"
#include "coro/stack_pool.h"
#include "gbench.h"
#include "plan.h"
#include "result_file.h"
#include "stopper.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

enum { EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

/* As the run begins, Google Benchmark opens the results file and reads the
 * machine's description, two of its files open at once, and dies saying
 * "invalid file name" or "Failed to read from file" when no descriptor is
 * left for them: these are kept for it until then. */
enum { GBENCH_DESCRIPTORS = 3 };
static int kept_for_gbench[GBENCH_DESCRIPTORS];

/* Keeps GBENCH_DESCRIPTORS descriptors free for Google Benchmark, before
 * anything else takes them; exits 1, naming the limit, when they are not
 * there. */
static void keep_descriptors(void)
{
    for (int i = 0; i < GBENCH_DESCRIPTORS; i++) {
        kept_for_gbench[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (kept_for_gbench[i] < 0) {
            struct rlimit limit = {0};
            getrlimit(RLIMIT_NOFILE, &limit);
            fprintf(stderr, "slicebench: cannot open the files a run needs: %s (ulimit -n allows %llu)\n",
                    strerror(errno), (unsigned long long)limit.rlim_cur);
            exit(1);
        }
    }
}

static void free_descriptors(void)
{
    for (int i = 0; i < GBENCH_DESCRIPTORS; i++)
        close(kept_for_gbench[i]);
}

/* Fails before any measurement if the kernel refuses a binding a run needs;
 * a run that only lists or plans binds nothing, so checks nothing. */
static void check_placements(const sb_suite *suite)
{
    for (unsigned p = 0; p < SB_PLACE_POLICY_COUNT; p++) {
        if (!sb_suite_has(suite->placements, p))
            continue;
        sb_placement *placement = sb_placement_plan(suite->topology, (sb_placement_policy)p, suite->max_workers);
        if (!placement || sb_placement_check(placement) != 0) {
            fprintf(stderr, "slicebench: placement %s: %s\n", sb_placement_policy_name((sb_placement_policy)p),
                    sb_last_error());
            exit(1);
        }
        sb_placement_free(placement);
    }
}

static void add_machine_context(const sb_suite *suite, const char *machine)
{
    char text[512];
    sb_gbench_add_context("slicebench_machine", machine);
    sb_gbench_add_context("slicebench_topology", sb_topology_describe(suite->topology, text, sizeof text));
    static const struct {
        const char *key;
        hwloc_obj_type_t type;
    } counts[] = {
        {"hwloc_packages", HWLOC_OBJ_PACKAGE},
        {"hwloc_cores", HWLOC_OBJ_CORE},
        {"hwloc_pus", HWLOC_OBJ_PU},
        {"hwloc_numa_nodes", HWLOC_OBJ_NUMANODE},
    };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        snprintf(text, sizeof text, "%u", sb_topology_count(suite->topology, counts[i].type));
        sb_gbench_add_context(counts[i].key, text);
    }
    sb_gbench_add_context("hwloc_cpu_model", sb_topology_cpu_model(suite->topology));
    /* The kind of each workload, for the plots: "cpu_int=cpu,timer=io". */
    size_t used = 0;
    text[0] = '\0';
    for (const sb_workload *const *w = sb_workloads; *w && used < sizeof text; w++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%s=%s", used ? "," : "", (*w)->name,
                                 sb_workload_kind_name((*w)->kind));
    sb_gbench_add_context("slicebench_workloads", text);
    snprintf(text, sizeof text, "%u", suite->tasks_per_worker);
    sb_gbench_add_context("slicebench_tasks_per_worker", text);
    snprintf(text, sizeof text, "%llu", (unsigned long long)(suite->task_ns / 1000));
    sb_gbench_add_context("slicebench_task_us", text);
}

static void print_usage(void)
{
    sb_options_usage(stdout);
}

/* Checks the Google Benchmark flags and readies --benchmark_out's file,
 * before Google Benchmark reads argv; exits 2 when either is bad. Returns
 * the format of the results file, NULL when none is written; whether the
 * run only lists its benchmarks in *listing, and whether --benchmark_out
 * names a file in *out. */
static const char *ready_result_file(int argc, char **argv, bool *listing, bool *out)
{
    sb_benchmark_flags flags;
    if (sb_options_check_benchmark_flags(argc, argv, &flags) != 0) {
        fprintf(stderr, "slicebench: %s\n", sb_last_error());
        exit(EXIT_USAGE);
    }
    *listing = flags.list_tests;
    *out = flags.out != 0;
    if (!flags.out)
        return NULL;
    if (flags.list_tests) { /* a list is no results: Google Benchmark writes no file */
        argv[flags.out] = "--benchmark_out=";
        return NULL;
    }
    if (sb_result_file_redirect(&argv[flags.out]) != 0) {
        fprintf(stderr, "slicebench: %s\n", sb_last_error());
        exit(EXIT_USAGE);
    }
    return flags.out_format;
}

/* Parses the program's own options into `suite`: exits 2 on a bad one, 0
 * after --list or --help. */
static void parse_options(int argc, char **argv, sb_suite *suite)
{
    switch (sb_options_parse(argc, argv, suite)) {
    case SB_OPTIONS_RUN: return;
    case SB_OPTIONS_LIST: sb_options_list(stdout); break;
    case SB_OPTIONS_HELP: print_usage(); break;
    case SB_OPTIONS_BAD:
        fprintf(stderr, "slicebench: %s\n", sb_last_error());
        exit(EXIT_USAGE);
    }
    exit(0);
}

/* --plan prints a plan and runs nothing: it writes no results and is no
 * list. Exits 2 on those combinations. */
static void check_plan_options(const sb_suite *suite, bool listing, bool out)
{
    if (suite->plan && (listing || out)) {
        sb_result_file_discard();
        fprintf(stderr, "slicebench: --plan prints the plan and runs nothing: it takes no %s\n",
                listing ? "--benchmark_list_tests (the plan lists the same benchmarks)" : "--benchmark_out");
        exit(EXIT_USAGE);
    }
}

/* Prices the run and, under --budget-s, cuts what the budget needs cut;
 * with --plan, prints the plan and exits. The plan's estimate goes in the
 * results' context. */
static void plan_run(const sb_suite *suite)
{
    double planned_s = sb_plan_make(suite->budget_s, suite->plan ? stdout : NULL);
    if (planned_s < 0 && (suite->plan || suite->budget_s)) {
        fprintf(stderr, "slicebench: %s\n", sb_last_error());
        exit(1);
    }
    if (suite->plan)
        exit(0);
}

/* Keeps the results file of a run that ended; exits when nothing is kept. */
static void keep_results(const char *out_format, const sb_gbench_tally *tally)
{
    if (tally->matched == 0) {
        sb_result_file_discard();
        fprintf(stderr, "slicebench: no benchmark matched the filter\n");
        exit(EXIT_USAGE);
    }
    if (out_format && tally->measured == 0 && !sb_gbench_interrupted()) {
        sb_result_file_discard();
        fprintf(stderr, "slicebench: every benchmark run failed; '%s' is left as it was\n", sb_result_file_name());
        exit(1);
    }
    /* A run with failures still finished: its file is whole and says which. */
    if (sb_result_file_commit(sb_gbench_interrupted(), tally->out_error) != 0) {
        fprintf(stderr, "slicebench: %s\n", sb_last_error());
        exit(1);
    }
}

/* Before each benchmark that follows another: what the one before kept for
 * reuse (the coroutine stacks of this thread, the heap's free pages) goes
 * back to the kernel, so that a fork in the next does not copy the page
 * tables of memory it never asked for, and no benchmark's figure depends
 * on which ran before it. */
static void start_afresh(void)
{
    sb_coro_stack_pool_trim_thread();
    malloc_trim(0);
}

int main(int argc, char **argv)
{
    if (sb_stopper_start() != 0) {
        fprintf(stderr, "slicebench: %s\n", sb_last_error());
        return 1;
    }
    keep_descriptors();
    argv = sb_options_take_benchmark_environment(&argc, argv);
    if (!argv) {
        fprintf(stderr, "slicebench: %s\n", sb_last_error());
        return EXIT_USAGE;
    }
    bool listing, out;
    const char *out_format = ready_result_file(argc, argv, &listing, &out);
    sb_gbench_initialize(&argc, argv, print_usage);

    sb_suite suite = {0};
    sb_topology *topology = sb_topology_open();
    if (!topology) {
        fprintf(stderr, "slicebench: %s\n", sb_last_error());
        return 1;
    }
    suite.topology = topology;
    parse_options(argc, argv, &suite);
    check_plan_options(&suite, listing, out);
    suite.listing = listing || suite.plan;
    if (!suite.listing)
        check_placements(&suite);

    const char *machine = suite.machine ? suite.machine : getenv("SLICEBENCH_MACHINE");
    char hostname[HOST_NAME_MAX + 1] = "unknown";
    gethostname(hostname, sizeof hostname);
    if (!machine || !*machine)
        machine = hostname;
    if (sb_options_check_machine(machine) != 0) {
        fprintf(stderr, "slicebench: %s\n", sb_last_error());
        sb_topology_close(topology);
        return EXIT_USAGE;
    }
    add_machine_context(&suite, machine);
    for (const sb_family *family = sb_families; family->name; family++)
        family->register_benchmarks(&suite);
    plan_run(&suite);

    free_descriptors();
    sb_gbench_reset_between_instances(start_afresh);
    sb_gbench_tally tally = sb_gbench_run(out_format);
    sb_stopper_finish();
    sb_suite_release(&suite);
    sb_topology_close(topology);
    keep_results(out_format, &tally);
    if (sb_gbench_interrupted()) {
        if (out_format)
            fprintf(stderr, "slicebench: interrupted; the benchmarks that finished are in '%s', the results file is "
                            "left as it was\n", sb_result_file_name());
        else
            fprintf(stderr, "slicebench: interrupted; the report keeps the benchmarks that finished\n");
        return EXIT_INTERRUPTED;
    }
    if (tally.failed > 0) {
        fprintf(stderr, "slicebench: %zu benchmark run(s) failed; see the errors above\n", tally.failed);
        return 1;
    }
    return 0;
}
