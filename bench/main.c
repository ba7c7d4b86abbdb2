/*
 * slicebench: runs the benchmark families on this machine and writes Google
 * Benchmark's report, with the machine's topology in its context.
 *
 * Its own options select what to measure; every --benchmark_* option goes to
 * Google Benchmark (--benchmark_out=FILE, --benchmark_filter=REGEX, ...).
 */
#include "suite.h"

#include "base/error.h"
#include "gbench.h"
#include "result_file.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { DEFAULT_MAX_WAITERS = 100000, MAX_WAITERS_LIMIT = 1000000 };
enum { MAX_WORKERS_LIMIT = 4096, EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

static void usage(FILE *out)
{
    fprintf(out,
            "usage: slicebench [options] [--benchmark_* options]\n"
            "\n"
            "  --workloads=LIST    comma-separated workloads (default: all)\n"
            "  --pinned-workloads=LIST  workloads that the scaling family also runs under the\n"
            "                      placements other than none; the rest run unpinned (default: all)\n"
            "  --models=LIST       comma-separated execution models (default: all)\n"
            "  --placements=LIST   none, compact, scatter, single (default: all)\n"
            "  --max-workers=N     largest worker count (default: 2 x PUs)\n"
            "  --tasks=N           tasks per job (default: 4 x max workers)\n"
            "  --task-us=N         duration of one task run alone, in microseconds (default: 1000)\n"
            "  --max-waiters=N     most concurrent waits in the waiters family (default: 100000)\n"
            "  --ipc-bytes=LIST    message sizes in bytes of the ipc family (default: 8,512,32768,1048576)\n"
            "  --machine=NAME      the machine's name in the results' context\n"
            "  --list              print the workloads, models and placements, then exit\n"
            "  --help              print this help\n"
            "\n"
            "Google Benchmark's own options (--benchmark_out, --benchmark_filter,\n"
            "--benchmark_repetitions, --benchmark_min_time, ...) are passed through.\n");
}

static unsigned parse_count(const char *option, const char *text, unsigned max)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value <= 0 || value > (long)max) {
        fprintf(stderr, "slicebench: %s must be a whole number from 1 to %u, got '%s'\n", option, max, text);
        exit(EXIT_USAGE);
    }
    return (unsigned)value;
}

/* Calls `add` on each comma-separated item of `list`; exits on a bad or
 * empty item. */
static void for_each_item(const char *option, const char *list, sb_suite *suite,
                          int (*add)(sb_suite *, const char *))
{
    char item[128];
    for (const char *start = list;;) {
        size_t length = strcspn(start, ",");
        if (length == 0 || length >= sizeof item) {
            fprintf(stderr, "slicebench: %s takes a comma-separated list of names, got '%s'\n", option, list);
            exit(EXIT_USAGE);
        }
        memcpy(item, start, length);
        item[length] = '\0';
        if (add(suite, item) != 0) {
            fprintf(stderr, "slicebench: %s\n", sb_last_error());
            exit(EXIT_USAGE);
        }
        if (start[length] == '\0')
            return;
        start += length + 1;
    }
}

static int add_workload_to(uint64_t *set, const char *name)
{
    const sb_workload *workload = sb_workload_find(name);
    if (workload)
        *set |= UINT64_C(1) << (sb_workload_index(workload));
    return workload ? 0 : -1;
}

static int add_workload(sb_suite *suite, const char *name)
{
    return add_workload_to(&suite->workloads, name);
}

static int add_pinned_workload(sb_suite *suite, const char *name)
{
    return add_workload_to(&suite->pinned_workloads, name);
}

static int add_model(sb_suite *suite, const char *name)
{
    const sb_model *model = sb_model_find(name);
    if (model)
        suite->models |= UINT64_C(1) << (sb_model_index(model));
    return model ? 0 : -1;
}

static int add_placement(sb_suite *suite, const char *name)
{
    sb_placement_policy policy;
    if (sb_placement_policy_parse(name, &policy) != 0)
        return -1;
    suite->placements |= UINT64_C(1) << policy;
    return 0;
}

static int add_ipc_size(sb_suite *suite, const char *text)
{
    char *end;
    errno = 0;
    long long bytes = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || bytes <= 0 || bytes > SB_SUITE_MAX_IPC_BYTES) {
        sb_set_error("--ipc-bytes takes sizes from 1 to %d bytes, got '%s'", SB_SUITE_MAX_IPC_BYTES, text);
        return -1;
    }
    if (suite->ipc_sizes == SB_SUITE_MAX_IPC_SIZES) {
        sb_set_error("--ipc-bytes takes at most %d sizes", SB_SUITE_MAX_IPC_SIZES);
        return -1;
    }
    suite->ipc_bytes[suite->ipc_sizes++] = bytes;
    return 0;
}

static void list_choices(void)
{
    printf("workloads:\n");
    for (const sb_workload *const *w = sb_workloads; *w; w++)
        printf("  %-12s %-4s %s\n", (*w)->name, sb_workload_kind_name((*w)->kind), (*w)->description);
    printf("models:\n");
    for (const sb_model *const *m = sb_models; *m; m++)
        printf("  %-12s %s\n", (*m)->name, (*m)->description);
    printf("placements:\n");
    for (int p = 0; p < SB_PLACE_POLICY_COUNT; p++)
        printf("  %s\n", sb_placement_policy_name((sb_placement_policy)p));
}

/* What is left in argv after Google Benchmark took its own options. */
static void parse_options(int argc, char **argv, sb_suite *suite, const char **machine)
{
    unsigned tasks = 0, task_us = 1000;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = strchr(arg, '=');
        value = value ? value + 1 : "";
#define IS(option) (strncmp(arg, option "=", sizeof option) == 0)
        if (strcmp(arg, "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(arg, "--list") == 0) {
            list_choices();
            exit(0);
        } else if (IS("--workloads")) {
            for_each_item("--workloads", value, suite, add_workload);
        } else if (IS("--pinned-workloads")) {
            for_each_item("--pinned-workloads", value, suite, add_pinned_workload);
        } else if (IS("--models")) {
            for_each_item("--models", value, suite, add_model);
        } else if (IS("--placements")) {
            for_each_item("--placements", value, suite, add_placement);
        } else if (IS("--max-workers")) {
            suite->max_workers = parse_count("--max-workers", value, MAX_WORKERS_LIMIT);
        } else if (IS("--tasks")) {
            tasks = parse_count("--tasks", value, 1u << 20);
        } else if (IS("--task-us")) {
            task_us = parse_count("--task-us", value, 60u * 1000 * 1000);
        } else if (IS("--max-waiters")) {
            suite->max_waiters = parse_count("--max-waiters", value, MAX_WAITERS_LIMIT);
        } else if (IS("--ipc-bytes")) {
            for_each_item("--ipc-bytes", value, suite, add_ipc_size);
        } else if (IS("--machine")) {
            *machine = value;
        } else {
            fprintf(stderr, "slicebench: unknown option '%s' (slicebench --help lists them)\n", arg);
            exit(EXIT_USAGE);
        }
#undef IS
    }
    /* Nothing chosen means everything. */
    if (suite->workloads == 0)
        suite->workloads = ~UINT64_C(0);
    if (suite->pinned_workloads == 0)
        suite->pinned_workloads = ~UINT64_C(0);
    if (suite->models == 0)
        suite->models = ~UINT64_C(0);
    if (suite->placements == 0)
        suite->placements = ~UINT64_C(0);
    if (suite->max_workers == 0)
        suite->max_workers = 2 * sb_topology_count(suite->topology, HWLOC_OBJ_PU);
    suite->tasks = tasks ? tasks : 4 * suite->max_workers;
    suite->task_ns = (uint64_t)task_us * 1000;
    if (suite->max_waiters == 0)
        suite->max_waiters = DEFAULT_MAX_WAITERS;
}

/* Fails before any measurement if the kernel refuses a binding a run needs. */
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
    snprintf(text, sizeof text, "%u", suite->tasks);
    sb_gbench_add_context("slicebench_tasks_per_job", text);
    snprintf(text, sizeof text, "%llu", (unsigned long long)(suite->task_ns / 1000));
    sb_gbench_add_context("slicebench_task_us", text);
}

static void stop_running(int signal_number)
{
    (void)signal_number;
    sb_gbench_interrupt();
}

/* SIGINT or SIGTERM lets the benchmark running now finish, skips the rest and
 * keeps the report of what finished. Children of the models inherit the
 * handler, so they finish their task and are reaped as usual. */
static void stop_on_signals(void)
{
    struct sigaction action = {.sa_handler = stop_running, .sa_flags = SA_RESTART};
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

int main(int argc, char **argv)
{
    if (sb_result_file_redirect(argc, argv) != 0) {
        fprintf(stderr, "slicebench: %s\n", sb_last_error());
        return 1;
    }
    sb_gbench_initialize(&argc, argv);

    sb_suite suite = {0};
    sb_topology *topology = sb_topology_open();
    if (!topology) {
        fprintf(stderr, "slicebench: %s\n", sb_last_error());
        return 1;
    }
    suite.topology = topology;
    const char *machine = getenv("SLICEBENCH_MACHINE");
    parse_options(argc, argv, &suite, &machine);
    check_placements(&suite);

    char hostname[HOST_NAME_MAX + 1] = "unknown";
    gethostname(hostname, sizeof hostname);
    add_machine_context(&suite, machine && *machine ? machine : hostname);
    sb_scaling_register(&suite);
    sb_overhead_register(&suite);
    sb_switch_register(&suite);
    sb_waiters_register(&suite);
    sb_ctxswitch_register(&suite);
    sb_timeslice_register(&suite);
    sb_sync_register(&suite);
    sb_ipc_register(&suite);

    stop_on_signals();
    size_t failed = 0;
    size_t ran = sb_gbench_run(&failed);
    sb_suite_release(&suite);
    sb_topology_close(topology);
    if (ran == 0) {
        sb_result_file_discard();
        fprintf(stderr, "slicebench: no benchmark matched the filter\n");
        return EXIT_USAGE;
    }
    /* A run with failures still finished: its file is whole and says which. */
    if (sb_result_file_commit() != 0) {
        fprintf(stderr, "slicebench: %s\n", sb_last_error());
        return 1;
    }
    if (sb_gbench_interrupted()) {
        fprintf(stderr, "slicebench: interrupted; the report keeps the benchmarks that finished\n");
        return EXIT_INTERRUPTED;
    }
    if (failed > 0) {
        fprintf(stderr, "slicebench: %zu benchmark run(s) failed; see the errors above\n", failed);
        return 1;
    }
    return 0;
}
