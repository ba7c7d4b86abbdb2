// The C++ side of gbench.h: each call maps onto one Google Benchmark call.
#include "gbench.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

// The flags a plan reads or sets for its listing; Google Benchmark declares
// them in its sources, not in its header.
namespace benchmark {
extern bool FLAGS_benchmark_list_tests;
extern std::string FLAGS_benchmark_out;
extern int32_t FLAGS_benchmark_repetitions;
extern double FLAGS_benchmark_min_warmup_time;
#ifdef SB_GBENCH_BARE_MIN_TIME
extern double FLAGS_benchmark_min_time;
#else
extern std::string FLAGS_benchmark_min_time;
#endif
} // namespace benchmark

struct sb_gbench_state {
    benchmark::State &state;
};

namespace {

std::atomic<size_t> failures{0};
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

benchmark::TimeUnit time_unit(sb_gbench_unit unit)
{
    switch (unit) {
    case SB_GBENCH_US: return benchmark::kMicrosecond;
    case SB_GBENCH_MS: return benchmark::kMillisecond;
    case SB_GBENCH_S: return benchmark::kSecond;
    case SB_GBENCH_NS: break;
    }
    return benchmark::kNanosecond;
}

benchmark::Counter::Flags counter_flags(sb_gbench_counter_kind kind)
{
    switch (kind) {
    case SB_GBENCH_COUNTER_PER_ITERATION: return benchmark::Counter::kAvgIterations;
    case SB_GBENCH_COUNTER_TIME_EACH: return benchmark::Counter::kIsRate | benchmark::Counter::kInvert;
    case SB_GBENCH_COUNTER_PLAIN: break;
    }
    return benchmark::Counter::kDefaults;
}

// The errno of the first write of the results file that failed, 0 while none has.
int file_error = 0;
// The runs written to the results file that ended without an error.
size_t measured_runs = 0;

// Whether `run` ended in an error: Run::error_occurred before Google
// Benchmark 1.8, Run::skipped from 1.8 on.
template <class Run> auto ended_in_error(const Run &run, int) -> decltype(bool(run.error_occurred))
{
    return run.error_occurred;
}
template <class Run> auto ended_in_error(const Run &run, long) -> decltype(run.skipped != 0)
{
    return run.skipped != 0;
}

// Google Benchmark's reporter for the results file, flushed and checked after
// each thing it writes: a write that fails (a full disk, a file size limit)
// sets file_error rather than leaving a cut file that looks whole.
template <class Reporter> class CheckedReporter : public Reporter {
public:
    using Reporter::Reporter;

    bool ReportContext(const benchmark::BenchmarkReporter::Context &context) override
    {
        bool go_on = Reporter::ReportContext(context);
        check();
        return go_on;
    }

    void ReportRuns(const std::vector<benchmark::BenchmarkReporter::Run> &runs) override
    {
        Reporter::ReportRuns(runs);
        check();
        for (const auto &run : runs)
            measured_runs += run.run_type == benchmark::BenchmarkReporter::Run::RT_Iteration && !ended_in_error(run, 0);
    }

    void Finalize() override
    {
        Reporter::Finalize();
        check();
    }

private:
    // A failed write leaves its errno, which nothing after it in the stream
    // touches.
    void check()
    {
        if (!this->GetOutputStream().flush() && file_error == 0)
            file_error = errno ? errno : EIO;
    }
};

// The reporter of --benchmark_out_format (checked by options.c), as Google
// Benchmark would make it for the file.
std::unique_ptr<benchmark::BenchmarkReporter> file_reporter(const char *format)
{
    if (std::strcmp(format, "console") == 0)
        return std::make_unique<CheckedReporter<benchmark::ConsoleReporter>>(benchmark::ConsoleReporter::OO_None);
    if (std::strcmp(format, "csv") == 0) {
        // Deprecated, yet still what --benchmark_out_format=csv writes.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        return std::make_unique<CheckedReporter<benchmark::CSVReporter>>();
#pragma GCC diagnostic pop
    }
    return std::make_unique<CheckedReporter<benchmark::JSONReporter>>();
}

#ifdef SB_GBENCH_BARE_MIN_TIME
// This Google Benchmark reads --benchmark_min_time as a bare number of
// seconds, as before 1.8: 1.8's "<seconds>s" loses its suffix. Its "<n>x"
// has no equivalent here (options.c refuses it): a benchmark's own iteration
// count would put "iterations:<n>" in every name.
constexpr bool takes_min_iterations = false;

void adapt_min_time(int argc, char **argv)
{
    static const char flag[] = "--benchmark_min_time=";
    for (int i = 1; i < argc; i++) {
        size_t length = std::strlen(argv[i]);
        if (std::strncmp(argv[i], flag, sizeof flag - 1) == 0 && argv[i][length - 1] == 's')
            argv[i][length - 1] = '\0';
    }
}
#else
constexpr bool takes_min_iterations = true;

void adapt_min_time(int, char **) {}
#endif

// A registration, kept so that a budget can register again the instances it keeps.
struct Registration {
    std::string name;
    sb_gbench_fn fn;
    const void *arg;
    sb_gbench_options options;
    std::vector<int64_t> args;
};
std::deque<Registration> registrations; // a deque: instances point into it

// An instance, by the name Google Benchmark lists it under.
struct Instance {
    const Registration *registration;
    int64_t value;
};
std::map<std::string, Instance> instances_by_name;
std::vector<std::string> listed_names;
std::vector<Instance> listed;
std::vector<sb_gbench_instance> planned;
void (*reset_between_instances)(void);
const Registration *last_run; // with last_value: the instance that ran last
int64_t last_value;

// The repetitions a registration fixes for itself; 0 where the run's apply.
unsigned own_repetitions(const sb_gbench_options &options)
{
    if (options.repetitions)
        return options.repetitions;
    return options.min_repetitions > static_cast<unsigned>(benchmark::FLAGS_benchmark_repetitions)
               ? options.min_repetitions
               : 0;
}

// Google Benchmark's name of an instance: the name, the argument, the fixed
// iteration and repetition counts, the time measured.
std::string instance_name(const Registration &r, const int64_t *value)
{
    std::string name = r.name;
    if (value)
        name += "/" + (r.options.arg_name ? std::string(r.options.arg_name) + ":" : "") + std::to_string(*value);
    if (r.options.iterations)
        name += "/iterations:" + std::to_string(r.options.iterations);
    if (unsigned repetitions = own_repetitions(r.options))
        name += "/repeats:" + std::to_string(repetitions);
    if (r.options.real_time)
        name += "/real_time";
    return name;
}

// Resets the process where `r`'s instance of `value` follows another.
void start_instance(const Registration *r, int64_t value)
{
    if (reset_between_instances && last_run && (last_run != r || last_value != value))
        reset_between_instances();
    last_run = r;
    last_value = value;
}

void add_to_gbench(const Registration &r, const std::vector<int64_t> &args)
{
    const Registration *registration = &r;
    benchmark::internal::Benchmark *b = benchmark::RegisterBenchmark(
        r.name.c_str(), [registration](benchmark::State &state) {
            if (interrupted.load()) {
                state.SkipWithError("interrupted");
                return;
            }
            start_instance(registration, registration->args.empty() ? 0 : state.range(0));
            sb_gbench_state wrapped{state};
            registration->fn(&wrapped, registration->arg);
        });
    const sb_gbench_options &options = r.options;
    if (options.arg_name)
        b->ArgName(options.arg_name);
    for (int64_t value : args)
        b->Arg(value);
    if (options.real_time)
        b->UseRealTime();
    if (options.iterations)
        b->Iterations(static_cast<benchmark::IterationCount>(options.iterations));
    if (unsigned repetitions = own_repetitions(options))
        b->Repetitions(static_cast<int>(repetitions));
    b->Unit(time_unit(options.unit));
}

} // namespace

extern "C" void sb_gbench_register(const char *name, sb_gbench_fn fn, const void *arg,
                                   const sb_gbench_options *options)
{
    registrations.push_back(
        {name, fn, arg, *options, std::vector<int64_t>(options->args, options->args + options->arg_count)});
    Registration &r = registrations.back();
    r.options.args = nullptr; // r.args holds them
    add_to_gbench(r, r.args);
}

extern "C" void sb_gbench_reset_between_instances(void (*reset)(void))
{
    reset_between_instances = reset;
}

extern "C" sb_gbench_cost sb_gbench_short_cost(const void *, int64_t)
{
    return sb_gbench_cost{};
}

extern "C" sb_gbench_sizing sb_gbench_sizing_of_run(void)
{
    sb_gbench_sizing sizing{};
#ifdef SB_GBENCH_BARE_MIN_TIME
    sizing.min_time_s = benchmark::FLAGS_benchmark_min_time;
#else
    const std::string &min_time = benchmark::FLAGS_benchmark_min_time;
    if (!min_time.empty() && min_time.back() == 'x')
        sizing.min_iterations = std::stoull(min_time);
    else
        sizing.min_time_s = std::stod(min_time);
#endif
    sizing.min_warmup_s = benchmark::FLAGS_benchmark_min_warmup_time;
    sizing.repetitions = static_cast<unsigned>(benchmark::FLAGS_benchmark_repetitions);
    return sizing;
}

// The names of the instances the filter selects, as --benchmark_list_tests
// prints them, and no results file opened.
static std::vector<std::string> list_selected()
{
    std::ostringstream names, errors;
    benchmark::ConsoleReporter lister;
    lister.SetOutputStream(&names);
    lister.SetErrorStream(&errors);
    bool listing = benchmark::FLAGS_benchmark_list_tests;
    std::string out = benchmark::FLAGS_benchmark_out;
    benchmark::FLAGS_benchmark_list_tests = true;
    benchmark::FLAGS_benchmark_out.clear();
    benchmark::RunSpecifiedBenchmarks(&lister);
    benchmark::FLAGS_benchmark_list_tests = listing;
    benchmark::FLAGS_benchmark_out = out;
    std::vector<std::string> selected;
    std::istringstream lines(names.str());
    for (std::string line; std::getline(lines, line);)
        selected.push_back(line);
    return selected;
}

extern "C" const sb_gbench_instance *sb_gbench_instances(size_t *count)
{
    instances_by_name.clear();
    for (const Registration &r : registrations) {
        if (r.args.empty())
            instances_by_name[instance_name(r, nullptr)] = {&r, 0};
        for (const int64_t &value : r.args)
            instances_by_name[instance_name(r, &value)] = {&r, value};
    }
    listed_names = list_selected();
    listed.clear();
    planned.clear();
    for (const std::string &name : listed_names) {
        auto found = instances_by_name.find(name);
        Instance instance = found != instances_by_name.end() ? found->second : Instance{nullptr, 0};
        listed.push_back(instance);
        sb_gbench_instance p{};
        p.name = name.c_str();
        if (instance.registration) {
            const sb_gbench_options &options = instance.registration->options;
            p.priced = options.cost != nullptr;
            if (p.priced)
                p.cost = options.cost(instance.registration->arg, instance.value);
            p.iterations = options.iterations;
            p.repetitions = own_repetitions(options);
        }
        planned.push_back(p);
    }
    *count = planned.size();
    return planned.data();
}

extern "C" void sb_gbench_cut(const bool *cut)
{
    // What stays, by registration, in order: the instances of the filter
    // not cut, and every one the filter left out (it stays out).
    std::map<const Registration *, std::vector<int64_t>> dropped;
    for (size_t i = 0; i < listed.size(); i++)
        if (cut[i] && listed[i].registration)
            dropped[listed[i].registration].push_back(listed[i].value);
    benchmark::ClearRegisteredBenchmarks();
    for (const Registration &r : registrations) {
        const std::vector<int64_t> &gone = dropped[&r];
        std::vector<int64_t> kept;
        for (int64_t value : r.args)
            if (std::find(gone.begin(), gone.end(), value) == gone.end())
                kept.push_back(value);
        bool whole = !r.args.empty() ? !kept.empty() : gone.empty();
        if (whole)
            add_to_gbench(r, kept);
    }
    listed.clear();
    planned.clear();
}

extern "C" int64_t sb_gbench_arg(const sb_gbench_state *state)
{
    return state->state.range(0);
}

extern "C" bool sb_gbench_next_batch(sb_gbench_state *state, uint64_t *count)
{
    benchmark::IterationCount n = state->state.max_iterations;
    *count = static_cast<uint64_t>(n);
    return state->state.KeepRunningBatch(n);
}

extern "C" void sb_gbench_counter(sb_gbench_state *state, const char *name, double value,
                                  sb_gbench_counter_kind kind)
{
    state->state.counters[name] = benchmark::Counter(value, counter_flags(kind));
}

extern "C" void sb_gbench_items_processed(sb_gbench_state *state, int64_t items)
{
    state->state.SetItemsProcessed(items);
}

extern "C" void sb_gbench_bytes_processed(sb_gbench_state *state, int64_t bytes)
{
    state->state.SetBytesProcessed(bytes);
}

extern "C" void sb_gbench_fail(sb_gbench_state *state, const char *message)
{
    failures++;
    state->state.SkipWithError(message);
}

extern "C" void sb_gbench_interrupt(void)
{
    interrupted.store(true);
}

extern "C" bool sb_gbench_interrupted(void)
{
    return interrupted.load();
}

static void (*print_suite_help)(void);

// What --help prints: the program's own options, then Google Benchmark's.
static void print_help()
{
    print_suite_help();
    std::printf("\nGoogle Benchmark's options, passed through:\n");
    benchmark::PrintDefaultHelp();
}

extern "C" void sb_gbench_initialize(int *argc, char **argv, void (*print_usage)(void))
{
    print_suite_help = print_usage;
    adapt_min_time(*argc, argv);
    benchmark::Initialize(argc, argv, print_help);
}

extern "C" bool sb_gbench_takes_min_iterations(void)
{
    return takes_min_iterations;
}

extern "C" void sb_gbench_add_context(const char *key, const char *value)
{
    benchmark::AddCustomContext(key, value);
}

extern "C" sb_gbench_tally sb_gbench_run(const char *out_format)
{
    std::unique_ptr<benchmark::BenchmarkReporter> file = out_format ? file_reporter(out_format) : nullptr;
    sb_gbench_tally tally{};
    tally.matched = benchmark::RunSpecifiedBenchmarks(nullptr, file.get());
    benchmark::Shutdown();
    tally.failed = failures.load();
    tally.measured = measured_runs;
    tally.out_error = file_error;
    return tally;
}
