/* gbench's reset between instances: called before the first run of each
 * instance that follows another (a new argument of the same benchmark
 * included), and never between the runs of one instance (its sizing run
 * and its repetitions), which may keep what the instance left for reuse. */
#include "gbench.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

/* What happened, in order: 'r' a reset, else the tag of the instance run. */
static char events[256];
static size_t event_count;

static void record(char event)
{
    if (event_count + 1 < sizeof events)
        events[event_count++] = event;
}

static void reset(void)
{
    record('r');
}

/* Tags each run with its benchmark's letter, then its argument's digit. */
static void bench_tagged(sb_gbench_state *state, const void *arg)
{
    const char *letter = arg;
    record(*letter);
    uint64_t count;
    while (sb_gbench_next_batch(state, &count))
        ;
}

static void runs(const char *flags[], size_t flag_count)
{
    char *argv[8] = {"test_gbench_reset"};
    int argc = 1;
    for (size_t i = 0; i < flag_count; i++)
        argv[argc++] = (char *)flags[i];
    sb_gbench_initialize(&argc, argv, NULL);
    sb_gbench_reset_between_instances(reset);
    static const int64_t two_args[] = {1, 2};
    sb_gbench_register("a", bench_tagged, "a", &(sb_gbench_options){.arg_name = "n", .args = two_args, .arg_count = 2});
    sb_gbench_register("b", bench_tagged, "b", &(sb_gbench_options){.iterations = 1});
    sb_gbench_tally tally = sb_gbench_run(NULL);
    assert_int_equal(tally.matched, 3);
    assert_int_equal(tally.failed, 0);
}

/* Three instances (a/n:1, a/n:2, b), three repetitions each: a reset before
 * the second and the third alone, whatever number of runs each made. */
static void each_instance_after_the_first_starts_from_a_reset(void **state)
{
    (void)state;
    const char *flags[] = {"--benchmark_repetitions=3", "--benchmark_min_time=0.001"};
    runs(flags, sizeof flags / sizeof *flags);
    events[event_count] = '\0';
    char collapsed[sizeof events];
    size_t length = 0;
    for (size_t i = 0; i < event_count; i++)
        if (length == 0 || collapsed[length - 1] != events[i])
            collapsed[length++] = events[i];
    collapsed[length] = '\0';
    assert_string_equal(collapsed, "ararb");
    size_t resets = 0, b_runs = 0;
    for (size_t i = 0; i < event_count; i++) {
        resets += events[i] == 'r';
        b_runs += events[i] == 'b';
    }
    assert_int_equal(resets, 2);
    assert_int_equal(b_runs, 3); /* a fixed count: one run a repetition, none reset */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_instance_after_the_first_starts_from_a_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
