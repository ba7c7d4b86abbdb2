// The C++ side of gbench.h: each call maps onto one Google Benchmark call.
#include "gbench.h"

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdio>

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
    benchmark::Initialize(argc, argv, print_help);
}

extern "C" void sb_gbench_add_context(const char *key, const char *value)
{
    benchmark::AddCustomContext(key, value);
}

extern "C" size_t sb_gbench_run(size_t *failed)
{
    size_t ran = benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    *failed = failures.load();
    return ran;
}
