#include "options.h"

#include "family.h"
#include "base/error.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { DEFAULT_MAX_WAITERS = 100000, MAX_WAITERS_LIMIT = 1000000, DEFAULT_TASK_US = 1000 };
enum { MAX_WORKERS_LIMIT = 4096, EXIT_USAGE = 2 };

void sb_options_usage(FILE *out)
{
    fprintf(out,
            "usage: slicebench [options] [--benchmark_* options]\n"
            "\n"
            "Runs the benchmark families (--list names them) and writes Google Benchmark's\n"
            "report; --benchmark_out=FILE keeps it as JSON, --benchmark_filter=REGEX picks\n"
            "benchmarks by name (a family's all start with \"<family>/\").\n"
            "\n"
            "What to measure (lists are comma-separated names from --list):\n"
            "  --workloads=LIST         workloads of the scaling family (default: all)\n"
            "  --pinned-workloads=LIST  workloads that also run under the placements other\n"
            "                           than none; the rest run unpinned (default: all)\n"
            "  --models=LIST            execution models (default: all)\n"
            "  --placements=LIST        none, compact, scatter, single (default: all)\n"
            "  --max-workers=N          largest worker count, 1 to %d (default: 2 x PUs)\n"
            "  --tasks=N                tasks per job (default: 4 x max workers)\n"
            "  --task-us=N              duration of one task run alone, in microseconds\n"
            "                           (default: %u)\n"
            "  --max-waiters=N          most concurrent waits of the waiters family,\n"
            "                           1 to %d (default: %d)\n"
            "  --ipc-bytes=LIST         message sizes of the ipc family, in bytes\n"
            "                           (default: 8,512,32768,1048576)\n"
            "\n"
            "About the run:\n"
            "  --machine=NAME           the machine's name in the results' context: letters,\n"
            "                           digits, '.', '_', '-' (default: $SLICEBENCH_MACHINE,\n"
            "                           else the host name)\n"
            "  --list                   print the families, workloads, models and placements\n"
            "  --help                   print this help\n",
            MAX_WORKERS_LIMIT, DEFAULT_TASK_US, MAX_WAITERS_LIMIT, DEFAULT_MAX_WAITERS);
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
    printf("families:\n");
    for (const sb_family *f = sb_families; f->name; f++)
        printf("  %-12s %-9s %s\n", f->name, f->claims, f->summary);
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

int sb_options_check_machine(const char *name)
{
    bool plain = name[0] != '\0' && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
    for (const char *c = name; plain && *c; c++)
        plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '.' ||
                *c == '_' || *c == '-';
    if (!plain) {
        sb_set_error("a machine's name names its results folder, so it takes letters, digits, '.', '_' and '-' "
                     "only (and is not . or ..), got '%s'", name);
        return -1;
    }
    return 0;
}

void sb_options_parse(int argc, char **argv, sb_suite *suite, const char **machine)
{
    unsigned tasks = 0, task_us = DEFAULT_TASK_US;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = strchr(arg, '=');
        value = value ? value + 1 : "";
#define IS(option) (strncmp(arg, option "=", sizeof option) == 0)
        if (strcmp(arg, "--list") == 0) {
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
