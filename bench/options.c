/* The program's options and the checks of Google Benchmark's: see options.h. */
#include "options.h"

#include "family.h"
#include "base/error.h"
#include "gbench.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum { MOST_REPETITIONS = 1000000 };

static int find_workload(const char *name, unsigned *index)
{
    const sb_workload *workload = sb_workload_find(name);
    if (workload)
        *index = sb_workload_index(workload);
    return workload ? 0 : -1;
}

static int find_model(const char *name, unsigned *index)
{
    const sb_model *model = sb_model_find(name);
    if (model)
        *index = sb_model_index(model);
    return model ? 0 : -1;
}

static int find_placement(const char *name, unsigned *index)
{
    sb_placement_policy policy;
    if (sb_placement_policy_parse(name, &policy) != 0)
        return -1;
    *index = (unsigned)policy;
    return 0;
}

static const sb_option measure_options[] = {
    {.name = "--workloads", .value = "LIST", .kind = SB_OPTION_NAMES,
     .field = SB_OPTION_FIELD(sb_suite, workloads, uint64_t), .fallback = "all", .find = find_workload,
     .help = "workloads of the scaling family"},
    {.name = "--pinned-workloads", .value = "LIST", .kind = SB_OPTION_NAMES,
     .field = SB_OPTION_FIELD(sb_suite, pinned_workloads, uint64_t), .fallback = "all", .find = find_workload,
     .help = "workloads that also run under the placements other than none; the rest run unpinned"},
    {.name = "--models", .value = "LIST", .kind = SB_OPTION_NAMES, .field = SB_OPTION_FIELD(sb_suite, models, uint64_t),
     .fallback = "all", .find = find_model, .help = "execution models"},
    {.name = "--placements", .value = "LIST", .kind = SB_OPTION_NAMES,
     .field = SB_OPTION_FIELD(sb_suite, placements, uint64_t), .fallback = "all", .find = find_placement,
     .help = "none, compact, scatter, single"},
    {.name = "--max-workers", .value = "N", .kind = SB_OPTION_COUNT,
     .field = SB_OPTION_FIELD(sb_suite, max_workers, unsigned), .min = 1, .max = 4096, .fallback = "1024",
     .help = "largest worker count of IO-bound workloads (CPU-bound ones stop at 4 x PUs)"},
    {.name = "--max-coroutines", .value = "N", .kind = SB_OPTION_COUNT,
     .field = SB_OPTION_FIELD(sb_suite, max_coroutines, unsigned), .min = 1, .max = 100000, .fallback = "10000",
     .help = "largest worker count of the coroutine model on IO-bound workloads"},
    {.name = "--tasks", .value = "N", .kind = SB_OPTION_COUNT,
     .field = SB_OPTION_FIELD(sb_suite, tasks_per_worker, unsigned), .min = 1, .max = 1024, .fallback = "4",
     .help = "tasks per worker in a job, at least (more where the job's fixed costs need them)"},
    {.name = "--task-us", .value = "N", .kind = SB_OPTION_MICROSECONDS,
     .field = SB_OPTION_FIELD(sb_suite, task_ns, uint64_t), .min = 1, .max = 60 * 1000 * 1000, .fallback = "1000",
     .help = "duration of one task run alone, in microseconds"},
    {.name = "--python", .value = "PATH", .kind = SB_OPTION_TEXT, .field = SB_OPTION_FIELD(sb_suite, python, const char *),
     .fallback = "/usr/bin/python3", .help = "the CPython interpreter of the families' Python rows (cpython, convoy)"},
    {.name = "--free-threaded-python", .value = "PATH", .kind = SB_OPTION_TEXT,
     .field = SB_OPTION_FIELD(sb_suite, free_threaded_python, const char *),
     .help = "a free-threaded CPython (3.13t or later) for the constructs' ft_ rows (default: the newest "
             "python3.<N>t on PATH)"},
    {0},
};

static const sb_option run_options[] = {
    {.name = "--machine", .value = "NAME", .kind = SB_OPTION_TEXT,
     .field = SB_OPTION_FIELD(sb_suite, machine, const char *),
     .help = "the machine's name in the results' context: letters, digits, '.', '_', '-' "
             "(default: $SLICEBENCH_MACHINE, else the host name)"},
    {.name = "--plan", .kind = SB_OPTION_SWITCH, .field = SB_OPTION_FIELD(sb_suite, plan, bool),
     .help = "print every benchmark the run would make with its estimated time, each family's and the run's, "
             "and run none"},
    {.name = "--claim-intervals", .kind = SB_OPTION_SWITCH, .field = SB_OPTION_FIELD(sb_suite, claim_intervals, bool),
     .help = "the rows the claims judge over their repetitions run at least as many as the analysis needs for an "
             "interval, whatever --benchmark_repetitions says (Google Benchmark then names them .../repeats:<n>)"},
    {.name = "--budget-s", .value = "N", .kind = SB_OPTION_COUNT,
     .field = SB_OPTION_FIELD(sb_suite, budget_s, unsigned), .min = 1, .max = 7 * 24 * 3600,
     .help = "the seconds the run may take by its plan (none by default); past them its jobs go lean and the rows "
             "its families mark spare are left out"},
    {.name = "--list", .kind = SB_OPTION_ACTION, .action = SB_OPTIONS_LIST,
     .help = "print the families, workloads, models and placements"},
    {.name = "--help", .kind = SB_OPTION_ACTION, .action = SB_OPTIONS_HELP, .help = "print this help"},
    {0},
};

static const sb_option_group measure_group = {
    .title = "What to measure (lists are comma-separated names from --list):",
    .options = measure_options,
};
static const sb_option_group run_group = {.title = "About the run:", .options = run_options};

/* The option groups in --help's order: what to measure, each family's own,
 * about the run; NULL past the last. */
static const sb_option_group *group_at(unsigned index)
{
    if (index == 0)
        return &measure_group;
    for (const sb_family *family = sb_families; family->name; family++)
        if (family->options && --index == 0)
            return family->options;
    return index == 1 ? &run_group : NULL;
}

/* An option of a group, as next_option steps through them all. */
typedef struct option_at {
    unsigned next_group;
    const sb_option_group *group;
    const sb_option *option;
} option_at;

/* Steps `at`, from {0}, to the next option of the next group; false after
 * the last. */
static bool next_option(option_at *at)
{
    if (at->option && (++at->option)->name)
        return true;
    while ((at->group = group_at(at->next_group++))) {
        at->option = at->group->options;
        if (at->option->name)
            return true;
    }
    return false;
}

static void *field_of(const option_at *at, sb_suite *suite)
{
    return (char *)(at->group->settings ? at->group->settings : suite) + at->option->field;
}

static size_t field_size(sb_option_kind kind)
{
    switch (kind) {
    case SB_OPTION_COUNT: return sizeof(unsigned);
    case SB_OPTION_MICROSECONDS:
    case SB_OPTION_NAMES: return sizeof(uint64_t);
    case SB_OPTION_NUMBERS: return sizeof(sb_option_numbers);
    case SB_OPTION_TEXT: return sizeof(const char *);
    case SB_OPTION_SWITCH: return sizeof(bool);
    case SB_OPTION_ACTION: break;
    }
    return 0;
}

static bool is_clear(const void *field, size_t size)
{
    const unsigned char *byte = field;
    for (size_t i = 0; i < size; i++)
        if (byte[i] != 0)
            return false;
    return true;
}

/* Stores in *value the whole number from option->min to option->max that
 * `text` is; false when it is none. */
static bool whole_number(const sb_option *option, const char *text, int64_t *value)
{
    char *end;
    errno = 0;
    long long number = strtoll(text, &end, 10);
    *value = number;
    return errno == 0 && end != text && *end == '\0' && number >= option->min && number <= option->max;
}

static int take_count(const sb_option *option, void *field, const char *text)
{
    int64_t value;
    if (!whole_number(option, text, &value)) {
        sb_set_error("%s must be a whole number from %lld to %lld, got '%s'", option->name, (long long)option->min,
                     (long long)option->max, text);
        return -1;
    }
    if (option->kind == SB_OPTION_MICROSECONDS)
        *(uint64_t *)field = (uint64_t)value * 1000;
    else
        *(unsigned *)field = (unsigned)value;
    return 0;
}

static int add_name(const sb_option *option, void *field, const char *name)
{
    unsigned index;
    if (strcmp(name, "all") == 0)
        *(uint64_t *)field = ~UINT64_C(0);
    else if (option->find(name, &index) == 0)
        *(uint64_t *)field |= UINT64_C(1) << index;
    else
        return -1;
    return 0;
}

static int add_number(const sb_option *option, void *field, const char *text)
{
    sb_option_numbers *numbers = field;
    int64_t value;
    if (!whole_number(option, text, &value)) {
        sb_set_error("%s takes whole numbers from %lld to %lld, got '%s'", option->name, (long long)option->min,
                     (long long)option->max, text);
        return -1;
    }
    if (numbers->count == SB_OPTION_MOST_NUMBERS) {
        sb_set_error("%s takes at most %d numbers", option->name, SB_OPTION_MOST_NUMBERS);
        return -1;
    }
    numbers->values[numbers->count++] = value;
    return 0;
}

/* Calls `add` on each comma-separated item of `list`; -1 on a bad or empty
 * item. */
static int for_each_item(const sb_option *option, void *field, const char *list,
                         int (*add)(const sb_option *, void *, const char *))
{
    char item[128];
    for (const char *start = list;;) {
        size_t length = strcspn(start, ",");
        if (length == 0 || length >= sizeof item) {
            sb_set_error("%s takes a comma-separated list of %s, got '%s'", option->name,
                         option->kind == SB_OPTION_NAMES ? "names" : "numbers", list);
            return -1;
        }
        memcpy(item, start, length);
        item[length] = '\0';
        if (add(option, field, item) != 0)
            return -1;
        if (start[length] == '\0')
            return 0;
        start += length + 1;
    }
}

/* Stores the value `text` of `option` into its `field`: 0, or -1 when bad. */
static int take_value(const sb_option *option, void *field, const char *text)
{
    switch (option->kind) {
    case SB_OPTION_COUNT:
    case SB_OPTION_MICROSECONDS: return take_count(option, field, text);
    case SB_OPTION_NAMES: return for_each_item(option, field, text, add_name);
    case SB_OPTION_NUMBERS: return for_each_item(option, field, text, add_number);
    case SB_OPTION_TEXT: *(const char **)field = text; return 0;
    case SB_OPTION_SWITCH:
    case SB_OPTION_ACTION: break;
    }
    return 0;
}

/* Whether `arg` names `name`: "--name" or "--name=...". */
static bool names(const char *arg, const char *name)
{
    size_t length = strlen(name);
    return strncmp(arg, name, length) == 0 && (arg[length] == '\0' || arg[length] == '=');
}

/* Takes one option of argv: SB_OPTIONS_RUN, an action's outcome, or
 * SB_OPTIONS_BAD. */
static sb_options_outcome take_option(const char *arg, sb_suite *suite)
{
    option_at at = {0};
    while (next_option(&at) && !names(arg, at.option->name))
        ;
    if (!at.group) {
        sb_set_error("unknown option '%s' (slicebench --help lists them)", arg);
        return SB_OPTIONS_BAD;
    }
    const char *rest = arg + strlen(at.option->name);
    if (at.option->kind == SB_OPTION_ACTION && *rest == '\0')
        return at.option->action;
    if (at.option->kind == SB_OPTION_SWITCH && *rest == '\0') {
        *(bool *)field_of(&at, suite) = true;
        return SB_OPTIONS_RUN;
    }
    if (at.option->kind == SB_OPTION_ACTION || at.option->kind == SB_OPTION_SWITCH || *rest != '=') {
        sb_set_error("%s %s, got '%s'", at.option->name, at.option->value ? "needs a value" : "takes no value", arg);
        return SB_OPTIONS_BAD;
    }
    return take_value(at.option, field_of(&at, suite), rest + 1) == 0 ? SB_OPTIONS_RUN : SB_OPTIONS_BAD;
}

/* Gives each option whose field is still clear its default. */
static sb_options_outcome take_defaults(sb_suite *suite)
{
    for (option_at at = {0}; next_option(&at);) {
        void *field = field_of(&at, suite);
        if (at.option->fallback && is_clear(field, field_size(at.option->kind)) &&
            take_value(at.option, field, at.option->fallback) != 0)
            return SB_OPTIONS_BAD;
    }
    return SB_OPTIONS_RUN;
}

sb_options_outcome sb_options_parse(int argc, char **argv, sb_suite *suite)
{
    for (option_at at = {0}; next_option(&at);)
        memset(field_of(&at, suite), 0, field_size(at.option->kind));
    for (int i = 1; i < argc; i++) {
        sb_options_outcome outcome = take_option(argv[i], suite);
        if (outcome != SB_OPTIONS_RUN)
            return outcome;
    }
    return take_defaults(suite);
}

enum { HEAD_END = 26, LINE_END = 79 };

/* Prints " word" at `column`, on the next line when it would pass the 80th
 * column; returns the column after it. */
static int print_word(FILE *out, int column, const char *word, int length)
{
    if (column > HEAD_END && column + 1 + length > LINE_END)
        column = fprintf(out, "\n%*s", HEAD_END, "") - 1;
    return column + fprintf(out, " %.*s", length, word);
}

/* Prints `head`, then beside it `text` wrapped at the 80th column and
 * `tail` unbroken. */
static void print_wrapped(FILE *out, const char *head, const char *text, const char *tail)
{
    int column = fprintf(out, "  %-24s", head);
    for (const char *word = text + strspn(text, " "); *word; word += strspn(word, " ")) {
        int length = (int)strcspn(word, " ");
        column = print_word(out, column, word, length);
        word += length;
    }
    if (*tail)
        print_word(out, column, tail, (int)strlen(tail));
    fputc('\n', out);
}

/* Prints one option: its name and value, what it does, its bounds and its
 * default. */
static void print_option(FILE *out, const sb_option *option)
{
    char head[64], text[512], fallback[128] = "";
    snprintf(head, sizeof head, "%s%s%s", option->name, option->value ? "=" : "", option->value ? option->value : "");
    long long min = option->min, max = option->max;
    if (option->kind == SB_OPTION_COUNT || option->kind == SB_OPTION_MICROSECONDS)
        snprintf(text, sizeof text, "%s: %lld to %lld", option->help, min, max);
    else if (option->kind == SB_OPTION_NUMBERS)
        snprintf(text, sizeof text, "%s: at most %d, each %lld to %lld", option->help, SB_OPTION_MOST_NUMBERS, min, max);
    else
        snprintf(text, sizeof text, "%s", option->help);
    if (option->fallback)
        snprintf(fallback, sizeof fallback, "(default: %s)", option->fallback);
    print_wrapped(out, head, text, fallback);
}

void sb_options_usage(FILE *out)
{
    fputs("usage: slicebench [options] [--benchmark_* options]\n"
          "\n"
          "Runs the benchmark families (--list names them) and writes Google Benchmark's\n"
          "report; --benchmark_out=FILE keeps it as JSON, --benchmark_filter=REGEX picks\n"
          "benchmarks by name (a family's all start with \"<family>/\").\n",
          out);
    for (option_at at = {0}; next_option(&at);) {
        if (at.option == at.group->options)
            fprintf(out, "\n%s\n", at.group->title);
        print_option(out, at.option);
    }
}

void sb_options_list(FILE *out)
{
    fprintf(out, "families:\n");
    for (const sb_family *f = sb_families; f->name; f++)
        fprintf(out, "  %-12s %s\n", f->name, f->summary);
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

/* Google Benchmark's reading of a boolean flag's value: "" (the bare flag)
 * and anything but 0, f, n, false, no and off are true. */
static bool truthy(const char *value)
{
    if (value[0] != '\0' && value[1] == '\0')
        return isalnum((unsigned char)value[0]) && strchr("0fFnN", value[0]) == NULL;
    return strcasecmp(value, "false") != 0 && strcasecmp(value, "no") != 0 && strcasecmp(value, "off") != 0;
}

/* Whether `text` is a number of iterations above 0: "100x". */
static bool is_iterations(const char *text)
{
    char *end;
    errno = 0;
    long long iterations = strtoll(text, &end, 10);
    return errno == 0 && end != text && strcmp(end, "x") == 0 && iterations > 0;
}

/* Whether `text` is a number of seconds above 0: "0.5s", or "0.5" as Google
 * Benchmark wrote it before 1.8. */
static bool is_seconds(const char *text)
{
    char *end;
    errno = 0;
    double seconds = strtod(text, &end);
    bool number = errno == 0 && end != text && isfinite(seconds) && seconds > 0;
    return number && (strcmp(end, "s") == 0 || *end == '\0');
}

static int check_min_time(const char *flag, const char *value, sb_benchmark_flags *flags)
{
    (void)flags;
    if (is_iterations(value) && !sb_gbench_takes_min_iterations()) {
        sb_set_error("%s=%s counts iterations, which needs Google Benchmark 1.8 or later; this slicebench is built "
                     "with an older one: give seconds (0.5s)", flag, value);
        return -1;
    }
    if (!is_iterations(value) && !is_seconds(value)) {
        sb_set_error("%s must be a number of seconds above 0 (0.5 or 0.5s) or of iterations (100x), got '%s'", flag,
                     value);
        return -1;
    }
    return 0;
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

static int check_repetitions(const char *flag, const char *value, sb_benchmark_flags *flags)
{
    (void)flags;
    const sb_option repetitions = {.name = flag, .kind = SB_OPTION_COUNT, .min = 1, .max = MOST_REPETITIONS};
    unsigned count;
    return take_count(&repetitions, &count, value);
}

static int check_min_warmup_time(const char *flag, const char *value, sb_benchmark_flags *flags)
{
    (void)flags;
    char *end;
    errno = 0;
    double seconds = strtod(value, &end);
    if (errno != 0 || end == value || *end != '\0' || !isfinite(seconds) || seconds < 0) {
        sb_set_error("%s must be a number of seconds from 0, got '%s'", flag, value);
        return -1;
    }
    return 0;
}

/* What Google Benchmark writes a report as, on the console or in the file. */
static const char *const formats[] = {"console", "json", "csv", NULL};
static const char *const time_units[] = {"ns", "us", "ms", "s", NULL};

/* 0 when `value` is one of `valid`; -1, naming them, when it is none. */
static int check_one_of(const char *flag, const char *value, const char *const *valid)
{
    char names[64] = "";
    size_t used = 0;
    for (const char *const *name = valid; *name; name++) {
        if (strcmp(value, *name) == 0)
            return 0;
        const char *separator = name == valid ? "" : name[1] ? ", " : " or ";
        used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", separator, *name);
    }
    sb_set_error("%s must be %s, got '%s'", flag, names, value);
    return -1;
}

static int check_format(const char *flag, const char *value, sb_benchmark_flags *flags)
{
    (void)flags;
    return check_one_of(flag, value, formats);
}

static int check_out_format(const char *flag, const char *value, sb_benchmark_flags *flags)
{
    flags->out_format = value;
    return check_one_of(flag, value, formats);
}

/* Google Benchmark takes an empty unit for its own default. */
static int check_time_unit(const char *flag, const char *value, sb_benchmark_flags *flags)
{
    (void)flags;
    return value[0] == '\0' ? 0 : check_one_of(flag, value, time_units);
}

static int check_color(const char *flag, const char *value, sb_benchmark_flags *flags)
{
    (void)flags;
    if (value[0] == '\0') {
        sb_set_error("%s needs a value: auto, true or false", flag);
        return -1;
    }
    return 0;
}

/* Whether a context key is one the program writes itself: slicebench_ and
 * hwloc_ keys, and a family's own ("<family>_..." or "<family>/..."). Google
 * Benchmark adds --benchmark_context's keys first, and the program's own
 * value would then be dropped: the machine's name among them. */
static bool program_context_key(const char *key, size_t length)
{
    static const char *const prefixes[] = {"slicebench_", "hwloc_"};
    for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes; p++) {
        if (length >= strlen(prefixes[p]) && strncmp(key, prefixes[p], strlen(prefixes[p])) == 0)
            return true;
    }
    for (const sb_family *family = sb_families; family->name; family++) {
        size_t n = strlen(family->name);
        if (length > n && strncmp(key, family->name, n) == 0 && (key[n] == '_' || key[n] == '/'))
            return true;
    }
    return false;
}

/* "key=value,key=value": each comma-separated item holds one '=', and no
 * key is one the program writes. */
static int check_context(const char *flag, const char *value, sb_benchmark_flags *flags)
{
    (void)flags;
    if (value[0] == '\0') /* no pairs */
        return 0;
    for (const char *item = value;;) {
        size_t length = strcspn(item, ",");
        const char *equals = memchr(item, '=', length);
        if (!equals || memchr(equals + 1, '=', length - (size_t)(equals + 1 - item))) {
            sb_set_error("%s takes comma-separated key=value pairs, got '%s'", flag, value);
            return -1;
        }
        if (program_context_key(item, (size_t)(equals - item))) {
            sb_set_error("%s cannot set '%.*s': the program writes that key itself", flag, (int)(equals - item), item);
            return -1;
        }
        if (item[length] == '\0')
            return 0;
        item += length + 1;
    }
}

/* The Google Benchmark flags whose values the program checks, each given
 * as "--flag=VALUE". */
static const struct {
    const char *flag;
    int (*check)(const char *flag, const char *value, sb_benchmark_flags *flags);
} value_checks[] = {
    {"--benchmark_repetitions", check_repetitions},
    {"--benchmark_min_time", check_min_time},
    {"--benchmark_min_warmup_time", check_min_warmup_time},
    {"--benchmark_format", check_format},
    {"--benchmark_out_format", check_out_format},
    {"--benchmark_time_unit", check_time_unit},
    {"--benchmark_color", check_color},
    {"--benchmark_context", check_context},
};

/* Whether `arg` is `option` given a value: "--option=...". */
static bool is_option(const char *arg, const char *option)
{
    size_t length = strlen(option);
    return strncmp(arg, option, length) == 0 && arg[length] == '=';
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
    if (is_option(arg, "--benchmark_list_tests") || strcmp(arg, "--benchmark_list_tests") == 0)
        flags->list_tests = truthy(value);
    for (size_t i = 0; i < sizeof value_checks / sizeof value_checks[0]; i++)
        if (is_option(arg, value_checks[i].flag))
            return value_checks[i].check(value_checks[i].flag, value, flags);
    return 0;
}

int sb_options_check_benchmark_flags(int argc, char *const *argv, sb_benchmark_flags *flags)
{
    *flags = (sb_benchmark_flags){.out_format = "json"};
    for (int i = 1; i < argc; i++)
        if (check_benchmark_flag(argv, i, flags) != 0)
            return -1;
    return 0;
}

extern char **environ;

/* The flags of Google Benchmark 1.7.1 that take their default from the
 * environment, bar --benchmark_out (refused there) and --v, whose variable
 * V, not of the BENCHMARK_ kind, sets how much it logs and nothing else. */
static const char *const environment_flags[] = {
    "benchmark_list_tests", "benchmark_filter", "benchmark_min_time", "benchmark_min_warmup_time",
    "benchmark_repetitions", "benchmark_enable_random_interleaving", "benchmark_report_aggregates_only",
    "benchmark_display_aggregates_only", "benchmark_format", "benchmark_out_format", "benchmark_color",
    "benchmark_counters_tabular", "benchmark_perf_counters", "benchmark_context", "benchmark_time_unit",
};
static const char environment_prefix[] = "BENCHMARK_";

/* The flag whose variable `variable` ("NAME=VALUE") is, as Google Benchmark
 * names it (the flag in capitals); NULL when none is. */
static const char *flag_of_variable(const char *variable)
{
    size_t name_length = strcspn(variable, "=");
    for (size_t i = 0; i < sizeof environment_flags / sizeof environment_flags[0]; i++) {
        const char *flag = environment_flags[i];
        size_t length = strlen(flag);
        bool same = length == name_length;
        for (size_t c = 0; same && c < length; c++)
            same = toupper((unsigned char)flag[c]) == variable[c];
        if (same)
            return flag;
    }
    return NULL;
}

/* The flag "--flag=VALUE" that the variable `variable` ("NAME=VALUE") stands
 * for, checked; NULL, with sb_last_error(), when it is refused. */
static char *flag_for_variable(const char *variable)
{
    size_t name_length = strcspn(variable, "=");
    const char *value = variable[name_length] ? variable + name_length + 1 : "";
    if (strncmp(variable, "BENCHMARK_OUT=", name_length + 1) == 0) {
        sb_set_error("the environment sets BENCHMARK_OUT='%s'; unset it and give --benchmark_out=FILE instead", value);
        return NULL;
    }
    const char *flag = flag_of_variable(variable);
    if (!flag) {
        sb_set_error("the environment sets %.*s, which is none of Google Benchmark 1.7.1's variables, yet a later "
                     "Google Benchmark may read it as a flag's default; unset it", (int)name_length, variable);
        return NULL;
    }
    size_t size = strlen(flag) + strlen(value) + sizeof "--=";
    char *arg = malloc(size);
    if (!arg) {
        sb_set_error("out of memory");
        return NULL;
    }
    snprintf(arg, size, "--%s=%s", flag, value);
    sb_benchmark_flags unused = {0};
    char *const args[] = {NULL, arg};
    if (check_benchmark_flag(args, 1, &unused) != 0) {
        char reason[512];
        snprintf(reason, sizeof reason, "%s", sb_last_error());
        sb_set_error("the environment sets %.*s='%s', the default of --%s: %s", (int)name_length, variable, value, flag,
                     reason);
        free(arg);
        return NULL;
    }
    return arg;
}

/* What sb_options_take_benchmark_environment made lives as long as the
 * program: Google Benchmark keeps argv, and drops the flags it reads from
 * it, so each made flag is kept here too. */
static struct {
    char **args;  /* the new argv */
    char **flags; /* the flags made from the environment, NULL-terminated */
} taken;

char **sb_options_take_benchmark_environment(int *argc, char **argv)
{
    size_t variables = 0;
    for (char **variable = environ; *variable; variable++)
        variables += strncmp(*variable, environment_prefix, sizeof environment_prefix - 1) == 0;
    taken.args = malloc(((size_t)*argc + variables + 1) * sizeof *taken.args);
    taken.flags = calloc(variables + 1, sizeof *taken.flags);
    if (!taken.args || !taken.flags) {
        sb_set_error("out of memory");
        return NULL;
    }
    int count = 0;
    taken.args[count++] = argv[0];
    size_t made = 0;
    for (char **variable = environ; *variable; variable++) {
        if (strncmp(*variable, environment_prefix, sizeof environment_prefix - 1) != 0)
            continue;
        if (!(taken.flags[made] = flag_for_variable(*variable)))
            return NULL;
        taken.args[count++] = taken.flags[made++];
    }
    for (int i = 1; i < *argc; i++)
        taken.args[count++] = argv[i];
    taken.args[count] = NULL;
    *argc = count;
    return taken.args;
}
