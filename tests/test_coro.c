/* coro: greenlet's semantics (the notes' example, values both ways, results
 * to the parent, parents that change), clean refusals, many coroutines with
 * stacks of their own, the guard page, and one thread's coroutines kept from
 * another. Every test runs once per backend.
 *
 * Coroutine bodies only record what they see: cmocka's failed assertions
 * jump back to the main stack, so the checks run there. */
#include "coro/coro.h"
#include "base/error.h"

#include <fenv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static sb_coro_backend backend;

#define assert_error_mentions(text) assert_non_null(strstr(sb_last_error(), text))

static void *number(uintptr_t n)
{
    return (void *)n;
}

static uintptr_t as_number(void *value)
{
    return (uintptr_t)value;
}

static void *plus_100(void *value)
{
    return number(as_number(value) + 100);
}

/* The notes' greenlet example, except that test2 returns 2 (Python's returns
 * None) to show where its result goes. */
static sb_coro *gr1, *gr2, *gr3;
static char printed[64];

static void print(int n)
{
    size_t used = strlen(printed);
    snprintf(printed + used, sizeof printed - used, "%s%d", used ? " " : "", n);
}

static void *test1(void *value)
{
    (void)value;
    print(12);
    sb_coro_switch(gr2, NULL);
    print(34);
    sb_coro_switch(gr2, NULL);
    return NULL;
}

static void *test2(void *value)
{
    (void)value;
    print(56);
    sb_coro_switch(gr3, NULL);
    print(68);
    return number(2);
}

static void *test3(void *value)
{
    (void)value;
    print(777);
    sb_coro_switch(gr1, NULL);
    return NULL;
}

static void greenlet_example_runs_in_the_notes_order(void **state)
{
    (void)state;
    printed[0] = '\0';
    gr1 = sb_coro_create(test1, SB_CORO_STACK_DEFAULT);
    gr2 = sb_coro_create(test2, SB_CORO_STACK_DEFAULT);
    gr3 = sb_coro_create(test3, SB_CORO_STACK_DEFAULT);
    assert_non_null(gr1);
    assert_non_null(gr2);
    assert_non_null(gr3);

    void *received = sb_coro_switch(gr1, number(1));
    assert_string_equal(printed, "12 56 777 34 68");
    /* test2 returned, so its parent, main, resumed with its result. */
    assert_int_equal(as_number(received), 2);
    assert_true(sb_coro_finished(gr2));
    assert_false(sb_coro_finished(gr1));
    assert_false(sb_coro_finished(gr3));
    assert_ptr_equal(sb_coro_current(), sb_coro_parent(gr2));

    /* Coroutines suspended mid-body are destroyed as they are. */
    assert_int_equal(sb_coro_destroy(gr1), 0);
    assert_int_equal(sb_coro_destroy(gr2), 0);
    assert_int_equal(sb_coro_destroy(gr3), 0);
}

/* Receives n, sends n + 1 back; receives m, returns m + 1. */
static void *add_one_twice(void *value)
{
    void *next = sb_coro_switch(sb_coro_parent(sb_coro_current()), number(as_number(value) + 1));
    return number(as_number(next) + 1);
}

static void values_cross_a_switch_both_ways(void **state)
{
    (void)state;
    sb_coro *coro = sb_coro_create(add_one_twice, SB_CORO_STACK_DEFAULT);
    assert_non_null(coro);
    assert_int_equal(as_number(sb_coro_switch(coro, number(10))), 11);
    assert_false(sb_coro_finished(coro));
    assert_int_equal(as_number(sb_coro_switch(coro, number(20))), 21);
    assert_true(sb_coro_finished(coro));
    assert_int_equal(sb_coro_destroy(coro), 0);
}

static void switching_to_the_current_coroutine_hands_the_value_back(void **state)
{
    (void)state;
    assert_int_equal(as_number(sb_coro_switch(sb_coro_current(), number(7))), 7);
}

static void the_result_goes_to_the_parent_even_a_changed_one(void **state)
{
    (void)state;
    sb_coro *main_coro = sb_coro_current();
    sb_coro *first = sb_coro_create(plus_100, SB_CORO_STACK_DEFAULT);
    sb_coro *second = sb_coro_create(plus_100, SB_CORO_STACK_DEFAULT);
    assert_non_null(first);
    assert_non_null(second);
    assert_ptr_equal(sb_coro_parent(second), main_coro);
    assert_int_equal(sb_coro_set_parent(second, first), 0);
    assert_ptr_equal(sb_coro_parent(second), first);

    /* second returns 101 to first, which starts with it and returns 201. */
    assert_int_equal(as_number(sb_coro_switch(second, number(1))), 201);
    assert_true(sb_coro_finished(first));
    assert_true(sb_coro_finished(second));
    assert_int_equal(sb_coro_destroy(second), 0);
    assert_int_equal(sb_coro_destroy(first), 0);
}

static void *create_child(void *value)
{
    (void)value;
    return sb_coro_create(plus_100, SB_CORO_STACK_DEFAULT);
}

/* The child outlives its parent: its result must skip the finished parent
 * and go to the parent's parent, main, which is the only one that can take
 * it (a finished coroutine has nothing to resume). Run in a child process,
 * which exits 0 only when main got the result: a switch into a finished
 * coroutine's stale registers crashes the child, not the tests. */
static int finished_parent_skipped(void)
{
    sb_coro *main_coro = sb_coro_current();
    sb_coro *parent = sb_coro_create(create_child, SB_CORO_STACK_DEFAULT);
    if (!parent)
        return 2;
    sb_coro *child = sb_coro_switch(parent, NULL);
    if (!child || !sb_coro_finished(parent) || sb_coro_parent(child) != parent)
        return 3;
    void *result = sb_coro_switch(child, number(1));
    if (as_number(result) != 101 || sb_coro_current() != main_coro || !sb_coro_finished(child))
        return 4;
    return sb_coro_destroy(child) == 0 && sb_coro_destroy(parent) == 0 ? 0 : 5;
}

static void a_result_skips_a_finished_parent(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(finished_parent_skipped());
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status))
        fail_msg("the child died of signal %d", WTERMSIG(status));
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void parents_form_a_tree_rooted_at_main(void **state)
{
    (void)state;
    sb_coro *main_coro = sb_coro_current();
    assert_null(sb_coro_parent(main_coro));
    sb_coro *outer = sb_coro_create(create_child, SB_CORO_STACK_DEFAULT);
    assert_non_null(outer);
    sb_coro *inner = sb_coro_switch(outer, NULL);
    assert_non_null(inner);
    assert_ptr_equal(sb_coro_parent(inner), outer);
    assert_ptr_equal(sb_coro_parent(outer), main_coro);

    assert_int_equal(sb_coro_set_parent(outer, inner), -1);
    assert_error_mentions("cycle");
    assert_int_equal(sb_coro_set_parent(main_coro, outer), -1);
    assert_error_mentions("main");
    assert_int_equal(sb_coro_destroy(outer), -1);
    assert_error_mentions("parent");

    assert_int_equal(sb_coro_destroy(inner), 0);
    assert_int_equal(sb_coro_destroy(outer), 0);
}

static void a_finished_coroutine_refuses_a_switch(void **state)
{
    (void)state;
    sb_coro *coro = sb_coro_create(plus_100, SB_CORO_STACK_DEFAULT);
    assert_non_null(coro);
    assert_int_equal(as_number(sb_coro_switch(coro, number(1))), 101);
    assert_null(sb_coro_switch(coro, number(2)));
    assert_error_mentions("finished");
    assert_null(sb_coro_parent(sb_coro_current()));
    assert_int_equal(sb_coro_destroy(coro), 0);
}

static void *destroy_self(void *value)
{
    (void)value;
    return number((uintptr_t)sb_coro_destroy(sb_coro_current()));
}

static void destroy_refuses_the_main_and_the_current_coroutine(void **state)
{
    (void)state;
    assert_int_equal(sb_coro_destroy(sb_coro_current()), -1);
    assert_error_mentions("main");
    sb_coro *coro = sb_coro_create(destroy_self, SB_CORO_STACK_DEFAULT);
    assert_non_null(coro);
    assert_int_equal((int)as_number(sb_coro_switch(coro, NULL)), -1);
    assert_int_equal(sb_coro_destroy(coro), 0);
    assert_int_equal(sb_coro_destroy(NULL), 0);
}

enum { MANY = 10000 };

static void ten_thousand_coroutines_run_to_completion(void **state)
{
    (void)state;
    for (uintptr_t i = 0; i < MANY; i++) {
        sb_coro *coro = sb_coro_create(plus_100, SB_CORO_STACK_DEFAULT);
        assert_non_null(coro);
        assert_int_equal(as_number(sb_coro_switch(coro, number(i))), i + 100);
        assert_int_equal(sb_coro_destroy(coro), 0);
    }
}

/* Keeps what it first receives in a local while it is suspended. */
static void *remember_across_a_switch(void *value)
{
    uintptr_t kept = as_number(value);
    void *later = sb_coro_switch(sb_coro_parent(sb_coro_current()), NULL);
    return number(kept * 1000 + as_number(later));
}

enum { SUSPENDED_AT_ONCE = 200 };

static void suspended_coroutines_keep_their_own_stacks(void **state)
{
    (void)state;
    sb_coro *coros[SUSPENDED_AT_ONCE];
    for (uintptr_t i = 0; i < SUSPENDED_AT_ONCE; i++) {
        coros[i] = sb_coro_create(remember_across_a_switch, SB_CORO_STACK_DEFAULT);
        assert_non_null(coros[i]);
        assert_null(sb_coro_switch(coros[i], number(i)));
    }
    for (uintptr_t i = SUSPENDED_AT_ONCE; i-- > 0;) {
        assert_int_equal(as_number(sb_coro_switch(coros[i], number(7))), i * 1000 + 7);
        assert_true(sb_coro_finished(coros[i]));
    }
    for (size_t i = 0; i < SUSPENDED_AT_ONCE; i++)
        assert_int_equal(sb_coro_destroy(coros[i]), 0);
}

static unsigned recurse(unsigned depth)
{
    volatile char frame[256];
    frame[0] = (char)depth;
    return depth ? recurse(depth - 1) + (unsigned)frame[0] : 0;
}

static void *overflow_the_stack(void *value)
{
    (void)value;
    return number(recurse(1u << 24));
}

static void a_stack_overflow_faults_on_the_guard_page(void **state)
{
    (void)state;
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        /* The fault is the expected outcome: no core file, no report. */
        setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});
        freopen("/dev/null", "w", stderr);
        sb_coro *coro = sb_coro_create(overflow_the_stack, 4096);
        if (coro)
            sb_coro_switch(coro, NULL);
        _exit(0);
    }
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    /* Killed by SIGSEGV, or a sanitizer's report of it and exit(1). */
    assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

typedef struct foreign_attempt {
    sb_coro *coro;         /* the test thread's */
    sb_coro *own_main;     /* the other thread's current coroutine */
    bool own_main_is_root; /* it has no parent */
    bool switched;
    int destroy_rc, set_parent_rc;
} foreign_attempt;

static void *touch_foreign_coroutine(void *arg)
{
    foreign_attempt *attempt = arg;
    attempt->own_main = sb_coro_current();
    attempt->own_main_is_root = sb_coro_parent(attempt->own_main) == NULL;
    attempt->switched = sb_coro_switch(attempt->coro, number(1)) != NULL;
    attempt->destroy_rc = sb_coro_destroy(attempt->coro);
    attempt->set_parent_rc = sb_coro_set_parent(attempt->coro, attempt->own_main);
    return NULL;
}

static void another_thread_has_its_own_main_and_cannot_touch_ours(void **state)
{
    (void)state;
    foreign_attempt attempt = {.coro = sb_coro_create(plus_100, SB_CORO_STACK_DEFAULT)};
    assert_non_null(attempt.coro);
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, touch_foreign_coroutine, &attempt), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_ptr_not_equal(attempt.own_main, sb_coro_current());
    assert_true(attempt.own_main_is_root);
    assert_false(attempt.switched);
    assert_int_equal(attempt.destroy_rc, -1);
    assert_int_equal(attempt.set_parent_rc, -1);
    assert_false(sb_coro_finished(attempt.coro));
    assert_int_equal(sb_coro_destroy(attempt.coro), 0);
}

static void the_backend_changes_only_without_coroutines(void **state)
{
    (void)state;
    sb_coro *coro = sb_coro_create(plus_100, SB_CORO_STACK_DEFAULT);
    assert_non_null(coro);
    assert_int_equal(sb_coro_use_backend(backend), -1);
    assert_error_mentions("coroutines");
    assert_int_equal(sb_coro_destroy(coro), 0);
    assert_int_equal(sb_coro_use_backend(backend), 0);
}

#ifdef __x86_64__
static void *round_upward(void *value)
{
    fesetround(FE_UPWARD);
    sb_coro_switch(sb_coro_parent(sb_coro_current()), number((uintptr_t)fegetround()));
    return value;
}

/* The switch carries the SSE and x87 control words with each coroutine. */
static void a_rounding_mode_stays_with_its_coroutine(void **state)
{
    (void)state;
    sb_coro *coro = sb_coro_create(round_upward, SB_CORO_STACK_DEFAULT);
    assert_non_null(coro);
    assert_int_equal(as_number(sb_coro_switch(coro, NULL)), FE_UPWARD);
    assert_int_equal(fegetround(), FE_TONEAREST);
    assert_int_equal(sb_coro_destroy(coro), 0);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(greenlet_example_runs_in_the_notes_order),
        cmocka_unit_test(values_cross_a_switch_both_ways),
        cmocka_unit_test(switching_to_the_current_coroutine_hands_the_value_back),
        cmocka_unit_test(the_result_goes_to_the_parent_even_a_changed_one),
        cmocka_unit_test(a_result_skips_a_finished_parent),
        cmocka_unit_test(parents_form_a_tree_rooted_at_main),
        cmocka_unit_test(a_finished_coroutine_refuses_a_switch),
        cmocka_unit_test(destroy_refuses_the_main_and_the_current_coroutine),
        cmocka_unit_test(ten_thousand_coroutines_run_to_completion),
        cmocka_unit_test(suspended_coroutines_keep_their_own_stacks),
        cmocka_unit_test(a_stack_overflow_faults_on_the_guard_page),
        cmocka_unit_test(another_thread_has_its_own_main_and_cannot_touch_ours),
        cmocka_unit_test(the_backend_changes_only_without_coroutines),
#ifdef __x86_64__
        cmocka_unit_test(a_rounding_mode_stays_with_its_coroutine),
#endif
    };
    int failed = 0;
    for (backend = 0; backend < SB_CORO_BACKEND_COUNT; backend++) {
        if (!sb_coro_backend_available(backend)) {
            printf("[  SKIPPED ] the %s backend is not built here\n", sb_coro_backend_name(backend));
            continue;
        }
        if (sb_coro_use_backend(backend) != 0) {
            printf("cannot use the %s backend: %s\n", sb_coro_backend_name(backend), sb_last_error());
            return 1;
        }
        failed += cmocka_run_group_tests_name(sb_coro_backend_name(backend), tests, NULL, NULL);
    }
    return failed;
}
