/* Claim C1: a forked child's write is invisible to its parent; a thread's
 * write is visible to the rest of its process. */
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static int shared_value;

static void *write_one(void *unused)
{
    (void)unused;
    shared_value = 1;
    return NULL;
}

static void child_process_write_is_invisible_to_parent(void **state)
{
    (void)state;
    shared_value = 0;
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        write_one(NULL);
        _exit(shared_value == 1 ? 0 : 1); /* the child does see its own write */
    }
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(shared_value, 0);
}

static void thread_write_is_visible_to_its_process(void **state)
{
    (void)state;
    shared_value = 0;
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, write_one, NULL), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_int_equal(shared_value, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(child_process_write_is_invisible_to_parent),
        cmocka_unit_test(thread_write_is_visible_to_its_process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
