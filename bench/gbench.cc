// The C++ side of gbench.h: each call maps onto one Google Benchmark call.
#include "gbench.h"

#include <benchmark/benchmark.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <ostream>

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

} // namespace

extern "C" void sb_gbench_register(const char *name, sb_gbench_fn fn, const void *arg,
                                   const sb_gbench_options *options)
{
    benchmark::internal::Benchmark *b = benchmark::RegisterBenchmark(
        name, [fn, arg](benchmark::State &state) {
            if (interrupted.load()) {
                state.SkipWithError("interrupted");
                return;
            }
            sb_gbench_state wrapped{state};
            fn(&wrapped, arg);
        });
    if (options->arg_name)
        b->ArgName(options->arg_name);
    for (size_t i = 0; i < options->arg_count; i++)
        b->Arg(options->args[i]);
    if (options->real_time)
        b->UseRealTime();
    if (options->iterations)
        b->Iterations(static_cast<benchmark::IterationCount>(options->iterations));
    b->Unit(time_unit(options->unit));
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
