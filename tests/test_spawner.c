/* spawner: never more than `workers` tasks in flight, a task only ever starts
 * in a free seat, and a failure stops new starts but still waits for the rest. */
#include "base/error.h"
#include "models/spawner.h"

#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

enum { MAX_SEATS = 8, MAX_TASKS = 64 };

/* A pretend runner: tasks "finish" in the order they started. */
typedef struct fake {
    unsigned workers;
    int seat_task[MAX_SEATS];  /* -1 when free */
    unsigned queue[MAX_SEATS]; /* seats in flight, in start order */
    unsigned queued;
    unsigned started[MAX_TASKS];
    unsigned waited;
    int fail_start_of_task;    /* -1: never */
    int fail_wait_number;      /* the n-th wait fails; -1: never */
} fake;

static int fake_start(void *context, unsigned worker, unsigned task)
{
    fake *f = context;
    assert_true(worker < f->workers);
    assert_int_equal(f->seat_task[worker], -1);
    if ((int)task == f->fail_start_of_task) {
        sb_set_error("start of task %u failed", task);
        return -1;
    }
    f->seat_task[worker] = (int)task;
    f->queue[f->queued++] = worker;
    f->started[task]++;
    return 0;
}

static int fake_wait_any(void *context, unsigned *worker)
{
    fake *f = context;
    assert_true(f->queued > 0);
    *worker = f->queue[0];
    memmove(f->queue, f->queue + 1, --f->queued * sizeof f->queue[0]);
    f->seat_task[*worker] = -1;
    if ((int)f->waited++ == f->fail_wait_number) {
        sb_set_error("task in seat %u failed", *worker);
        return -1;
    }
    return 0;
}

static const sb_spawner_ops fake_ops = {.start = fake_start, .wait_any = fake_wait_any};

static fake new_fake(unsigned workers)
{
    fake f = {.workers = workers, .fail_start_of_task = -1, .fail_wait_number = -1};
    memset(f.seat_task, -1, sizeof f.seat_task);
    return f;
}

static void runs_each_task_once_in_free_seats(void **state)
{
    (void)state;
    for (unsigned workers = 1; workers <= MAX_SEATS; workers++) {
        for (unsigned tasks = 1; tasks <= 20; tasks += 3) {
            fake f = new_fake(workers);
            assert_int_equal(sb_spawner_run(&fake_ops, &f, tasks, workers), 0);
            for (unsigned t = 0; t < tasks; t++)
                assert_int_equal(f.started[t], 1);
            assert_int_equal(f.queued, 0);
            assert_int_equal(f.waited, tasks);
        }
    }
}

static void a_failed_start_stops_new_tasks_and_reaps_the_rest(void **state)
{
    (void)state;
    fake f = new_fake(3);
    f.fail_start_of_task = 5;
    assert_int_equal(sb_spawner_run(&fake_ops, &f, 12, 3), -1);
    assert_string_equal(sb_last_error(), "start of task 5 failed");
    for (unsigned t = 6; t < 12; t++)
        assert_int_equal(f.started[t], 0);
    assert_int_equal(f.queued, 0);
}

static void a_failed_task_is_reported_after_the_rest_are_reaped(void **state)
{
    (void)state;
    fake f = new_fake(2);
    f.fail_wait_number = 1;
    assert_int_equal(sb_spawner_run(&fake_ops, &f, 10, 2), -1);
    assert_string_equal(sb_last_error(), "task in seat 1 failed");
    assert_int_equal(f.queued, 0);
    assert_int_equal(f.started[3], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runs_each_task_once_in_free_seats),
        cmocka_unit_test(a_failed_start_stops_new_tasks_and_reaps_the_rest),
        cmocka_unit_test(a_failed_task_is_reported_after_the_rest_are_reaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
