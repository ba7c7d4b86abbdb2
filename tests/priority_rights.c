#include "priority_rights.h"

#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static struct __user_cap_header_struct this_thread(void)
{
    return (struct __user_cap_header_struct){.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
}

static void set_capabilities(const struct __user_cap_data_struct *capabilities)
{
    struct __user_cap_header_struct header = this_thread();
    assert_int_equal(syscall(SYS_capset, &header, capabilities), 0);
}

void drop_priority_rights(priority_rights *saved)
{
    struct __user_cap_header_struct header = this_thread();
    assert_int_equal(syscall(SYS_capget, &header, saved->capabilities), 0);
    assert_int_equal(getrlimit(RLIMIT_NICE, &saved->nice), 0);
    assert_int_equal(getrlimit(RLIMIT_RTPRIO, &saved->rtprio), 0);

    struct __user_cap_data_struct none[_LINUX_CAPABILITY_U32S_3];
    memcpy(none, saved->capabilities, sizeof none);
    for (size_t i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
        none[i].effective = 0;
    set_capabilities(none);
    assert_int_equal(setrlimit(RLIMIT_NICE, &(struct rlimit){0, saved->nice.rlim_max}), 0);
    assert_int_equal(setrlimit(RLIMIT_RTPRIO, &(struct rlimit){0, saved->rtprio.rlim_max}), 0);
}

void restore_priority_rights(const priority_rights *saved)
{
    set_capabilities(saved->capabilities);
    assert_int_equal(setrlimit(RLIMIT_NICE, &saved->nice), 0);
    assert_int_equal(setrlimit(RLIMIT_RTPRIO, &saved->rtprio), 0);
}
