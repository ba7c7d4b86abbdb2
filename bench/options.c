/* The program's options and the checks of Google Benchmark's: see options.h. */
#include "options.h"

#include "family.h"
#include "base/error.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum { DEFAULT_MAX_WAITERS = 1000000, MAX_WAITERS_LIMIT = 1000000, DEFAULT_TASK_US = 1000 };
enum { DEFAULT_MAX_WORKERS = 1024, MAX_WORKERS_LIMIT = 4096, DEFAULT_TASKS_PER_WORKER = 4, MAX_REPETITIONS = 1000000 };
enum { DEFAULT_MAX_COROUTINES = 10000, MAX_COROUTINES_LIMIT = 100000 };

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
            "  --max-workers=N          largest worker count of IO-bound workloads, 1 to %d\n"
            "                           (default: %d); CPU-bound ones stop at 4 x PUs\n"
            "  --max-coroutines=N       largest worker count of the coroutine model on\n"
            "                           IO-bound workloads, 1 to %d (default: %d)\n"
            "  --tasks=N                tasks per worker in a job, at least (default: %d):\n"
            "                           more where the job's fixed costs need them\n"
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
            MAX_WORKERS_LIMIT, DEFAULT_MAX_WORKERS, MAX_COROUTINES_LIMIT, DEFAULT_MAX_COROUTINES,
            DEFAULT_TASKS_PER_WORKER, DEFAULT_TASK_US, MAX_WAITERS_LIMIT, DEFAULT_MAX_WAITERS);
}

/* Whether `arg` is `option` given a value: "--option=...". */
static bool is_option(const char *arg, const char *option)
{
    size_t length = strlen(option);
    return strncmp(arg, option, length) == 0 && arg[length] == '=';
}

/* Stores in *count the whole number from 1 to `max` that `text` is. */
static int parse_count(const char *option, const char *text, unsigned max, unsigned *count)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value <= 0 || value > (long)max) {
        sb_set_error("%s must be a whole number from 1 to %u, got '%s'", option, max, text);
        return -1;
    }
    *count = (unsigned)value;
    return 0;
}

/* Calls `add` on each comma-separated item of `list`; -1 on a bad or empty
 * item. */
static int for_each_item(const char *option, const char *list, sb_suite *suite, int (*add)(sb_suite *, const char *))
{
    char item[128];
    for (const char *start = list;;) {
        size_t length = strcspn(start, ",");
        if (length == 0 || length >= sizeof item) {
            sb_set_error("%s takes a comma-separated list of names, got '%s'", option, list);
            return -1;
        }
        memcpy(item, start, length);
        item[length] = '\0';
        if (add(suite, item) != 0)
            return -1;
        if (start[length] == '\0')
            return 0;
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

void sb_options_list(FILE *out)
{
    fprintf(out, "families:\n");
    for (const sb_family *f = sb_families; f->name; f++)
        fprintf(out, "  %-12s %-9s %s\n", f->name, f->claims, f->summary);
    fprintf(out, "workloads:\n");
    for (const sb_workload *const *w = sb_workloads; *w; w++)
        fprintf(out, "  %-12s %-4s %s\n", (*w)->name, sb_workload_kind_name((*w)->kind), (*w)->description);
    fprintf(out, "models:\n");
    for (const sb_model *const *m = sb_models; *m; m++)
        fprintf(out, "  %-12s %s\n", (*m)->name, (*m)->description);
    fprintf(out, "placements:\n");
    for (int p = 0; p < SB_PLACE_POLICY_COUNT; p++)
        fprintf(out, "  %s\n", sb_placement_policy_name((sb_placement_policy)p));
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

/* Takes one option of argv into `suite`: 0, 1 for --list, -1 when bad. */
static int parse_option(const char *arg, sb_suite *suite, unsigned *tasks, unsigned *task_us, const char **machine)
{
    const char *value = strchr(arg, '=');
    value = value ? value + 1 : "";
    if (strcmp(arg, "--list") == 0)
        return 1;
    if (is_option(arg, "--workloads"))
        return for_each_item("--workloads", value, suite, add_workload);
    if (is_option(arg, "--pinned-workloads"))
        return for_each_item("--pinned-workloads", value, suite, add_pinned_workload);
    if (is_option(arg, "--models"))
        return for_each_item("--models", value, suite, add_model);
    if (is_option(arg, "--placements"))
        return for_each_item("--placements", value, suite, add_placement);
    if (is_option(arg, "--max-workers"))
        return parse_count("--max-workers", value, MAX_WORKERS_LIMIT, &suite->max_workers);
    if (is_option(arg, "--max-coroutines"))
        return parse_count("--max-coroutines", value, MAX_COROUTINES_LIMIT, &suite->max_coroutines);
    if (is_option(arg, "--tasks"))
        return parse_count("--tasks", value, 1024, tasks);
    if (is_option(arg, "--task-us"))
        return parse_count("--task-us", value, 60u * 1000 * 1000, task_us);
    if (is_option(arg, "--max-waiters"))
        return parse_count("--max-waiters", value, MAX_WAITERS_LIMIT, &suite->max_waiters);
    if (is_option(arg, "--ipc-bytes"))
        return for_each_item("--ipc-bytes", value, suite, add_ipc_size);
    if (is_option(arg, "--machine")) {
        *machine = value;
        return 0;
    }
    sb_set_error("unknown option '%s' (slicebench --help lists them)", arg);
    return -1;
}

int sb_options_parse(int argc, char **argv, sb_suite *suite, const char **machine)
{
    unsigned tasks = 0, task_us = DEFAULT_TASK_US;
    for (int i = 1; i < argc; i++) {
        int taken = parse_option(argv[i], suite, &tasks, &task_us, machine);
        if (taken != 0)
            return taken;
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
        suite->max_workers = DEFAULT_MAX_WORKERS;
    if (suite->max_coroutines == 0)
        suite->max_coroutines = DEFAULT_MAX_COROUTINES;
    suite->tasks_per_worker = tasks ? tasks : DEFAULT_TASKS_PER_WORKER;
    suite->task_ns = (uint64_t)task_us * 1000;
    if (suite->max_waiters == 0)
        suite->max_waiters = DEFAULT_MAX_WAITERS;
    return 0;
}

/* Google Benchmark's reading of a boolean flag's value: "" (the bare flag)
 * and anything but 0, f, n, false, no and off are true. */
static bool truthy(const char *value)
{
    if (value[0] != '\0' && value[1] == '\0')
        return isalnum((unsigned char)value[0]) && strchr("0fFnN", value[0]) == NULL;
    return strcasecmp(value, "false") != 0 && strcasecmp(value, "no") != 0 && strcasecmp(value, "off") != 0;
}

/* Whether `text` is a number of seconds above 0 (or 0 itself, when
 * `zero_allowed`), written as Google Benchmark reads one (strtod). */
static bool is_seconds(const char *text, bool zero_allowed)
{
    char *end;
    double seconds = strtod(text, &end);
    return end != text && *end == '\0' && isfinite(seconds) && (seconds > 0 || (zero_allowed && seconds == 0));
}

static int check_out(const char *path)
{
    struct stat status;
    if (path[0] == '\0') {
        sb_set_error("--benchmark_out needs a file name");
        return -1;
    }
    if (stat(path, &status) == 0 && S_ISDIR(status.st_mode)) {
        sb_set_error("--benchmark_out names a folder, '%s'; it takes the results file's name", path);
        return -1;
    }
    return 0;
}

/* Checks one flag of argv[index] into `flags`: 0, or -1 when bad. */
static int check_benchmark_flag(char *const *argv, int index, sb_benchmark_flags *flags)
{
    const char *arg = argv[index];
    const char *value = strchr(arg, '=');
    value = value ? value + 1 : "";
    if (is_option(arg, "--benchmark_out")) {
        if (flags->out != 0) {
            sb_set_error("--benchmark_out given twice, as '%s' and '%s'; it takes one file", argv[flags->out], arg);
            return -1;
        }
        flags->out = index;
        return check_out(value);
    }
    if (is_option(arg, "--benchmark_out_format")) {
        if (strcmp(value, "json") != 0 && strcmp(value, "console") != 0 && strcmp(value, "csv") != 0) {
            sb_set_error("--benchmark_out_format must be json, console or csv, got '%s'", value);
            return -1;
        }
        flags->out_format = value;
    } else if (is_option(arg, "--benchmark_repetitions")) {
        unsigned repetitions;
        return parse_count("--benchmark_repetitions", value, MAX_REPETITIONS, &repetitions);
    } else if (is_option(arg, "--benchmark_min_time")) {
        if (!is_seconds(value, false)) {
            sb_set_error("--benchmark_min_time must be a number of seconds above 0, got '%s'", value);
            return -1;
        }
    } else if (is_option(arg, "--benchmark_min_warmup_time")) {
        if (!is_seconds(value, true)) {
            sb_set_error("--benchmark_min_warmup_time must be a number of seconds from 0, got '%s'", value);
            return -1;
        }
    } else if (is_option(arg, "--benchmark_list_tests") || strcmp(arg, "--benchmark_list_tests") == 0) {
        flags->list_tests = truthy(value);
    }
    return 0;
}

int sb_options_check_benchmark_flags(int argc, char *const *argv, sb_benchmark_flags *flags)
{
    *flags = (sb_benchmark_flags){.out_format = "json"};
    /* Google Benchmark takes its flags' defaults from the environment too;
     * an output file named there would be written in place, not whole or
     * not at all. */
    const char *from_environment = getenv("BENCHMARK_OUT");
    if (from_environment && *from_environment) {
        sb_set_error("the environment sets BENCHMARK_OUT='%s'; unset it and give --benchmark_out=FILE instead",
                     from_environment);
        return -1;
    }
    for (int i = 1; i < argc; i++)
        if (check_benchmark_flag(argv, i, flags) != 0)
            return -1;
    return 0;
}
