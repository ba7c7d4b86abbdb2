#include "coro/coro.h"

#include "coro/backend.h"
#include "coro/fiber.h"
#include "coro/stack.h"
#include "base/error.h"


typedef struct sb_coro_thread sb_coro_thread;

/* Kept at the top of the coroutine's own stack (the main coroutine's in its
 * thread's state), so a coroutine costs no allocation of its own. */
struct sb_coro {
    sb_coro_context context; /* valid while suspended */
    sb_fiber fiber;
    sb_coro_thread *owner;
    sb_coro *parent;
    sb_coro_fn fn;
    sb_coro_stack stack; /* all of it, this struct included; none for a main coroutine */
    unsigned children;   /* coroutines whose parent this is */
    bool finished;
    bool owns_stack; /* unmapped with the coroutine */
};

/* Below the struct, a coroutine needs at least this much stack to start. */
enum { LEAST_STACK_LEFT = 256 };

/* Every thread's coroutines and how it switches between them. */
struct sb_coro_thread {
    sb_coro main;
    sb_coro *current; /* NULL until the thread first uses coroutines */
    const sb_coro_backend_ops *backend;
    unsigned coroutines; /* created and not yet destroyed */
};

static _Thread_local sb_coro_thread this_thread;

static const sb_coro_backend_ops *const backends[SB_CORO_BACKEND_COUNT] = {
#ifdef SB_CORO_HAVE_ASM
    [SB_CORO_BACKEND_ASM] = &sb_coro_backend_asm,
#endif
    [SB_CORO_BACKEND_UCONTEXT] = &sb_coro_backend_ucontext,
};

static sb_coro_thread *thread_state(void)
{
    sb_coro_thread *thread = &this_thread;
    if (!thread->current) {
        thread->main.owner = thread;
        sb_fiber_init_thread(&thread->main.fiber);
        thread->current = &thread->main;
        thread->backend = backends[sb_coro_backend_default()];
        thread->backend->prepare_main(&thread->main.context);
    }
    return thread;
}

static int check_owner(const sb_coro *coro, const sb_coro_thread *thread)
{
    if (coro->owner != thread) {
        sb_set_error("the coroutine belongs to another thread");
        return -1;
    }
    return 0;
}

/* Runs `to` in place of `from` (the current coroutine). Returns, in `from`,
 * the value of the switch that resumes it. Without sanitizers the jump is a
 * tail call: the resumed side returns straight to its own caller. */
static void *transfer(sb_coro_thread *thread, sb_coro *from, sb_coro *to, void *value)
{
    thread->current = to;
    sb_fiber_leave(&from->fiber, &to->fiber, from->finished);
    value = thread->backend->jump(&from->context, &to->context, value);
    sb_fiber_arrive(&from->fiber);
    return value;
}

_Noreturn void sb_coro_start(void *value)
{
    sb_coro_thread *thread = &this_thread;
    sb_coro *self = thread->current;
    sb_fiber_arrive(&self->fiber);
    void *result = self->fn(value);
    self->finished = true;
    /* The main coroutine never finishes, so this ends. */
    sb_coro *parent = self->parent;
    while (parent->finished)
        parent = parent->parent;
    transfer(thread, self, parent, result);
    /* Nothing switches to a finished coroutine. */
    __builtin_unreachable();
}

/* A coroutine at the top of `stack`, running below itself; it unmaps the
 * stack on destruction when it `owns_stack`. */
static sb_coro *create(sb_coro_fn fn, const sb_coro_stack *stack, bool owns_stack)
{
    sb_coro_thread *thread = thread_state();
    sb_coro_stack below = *stack;
    sb_coro *coro = sb_coro_stack_take_top(&below, sizeof *coro, LEAST_STACK_LEFT);
    if (!coro) {
        sb_set_error("a %zu-byte stack is too small for a coroutine", stack->size);
        return NULL;
    }
    *coro = (sb_coro){.owner = thread, .parent = thread->current, .fn = fn, .stack = *stack,
                      .owns_stack = owns_stack};
    if (thread->backend->prepare(&coro->context, &below) != 0)
        return NULL;
    sb_fiber_init(&coro->fiber, below.bottom, below.size);
    coro->parent->children++;
    thread->coroutines++;
    return coro;
}

static int check_fn(sb_coro_fn fn)
{
    if (!fn) {
        sb_set_error("a coroutine needs a function to run");
        return -1;
    }
    return 0;
}

sb_coro *sb_coro_create(sb_coro_fn fn, size_t stack_size)
{
    sb_coro_stack stack;
    if (check_fn(fn) != 0 || sb_coro_stack_alloc(&stack, stack_size) != 0)
        return NULL;
    sb_coro *coro = create(fn, &stack, true);
    if (!coro)
        sb_coro_stack_free(&stack);
    return coro;
}

sb_coro *sb_coro_create_on(sb_coro_fn fn, const sb_coro_stack *stack)
{
    return check_fn(fn) == 0 ? create(fn, stack, false) : NULL;
}

int sb_coro_destroy(sb_coro *coro)
{
    if (!coro)
        return 0;
    sb_coro_thread *thread = &this_thread;
    if (check_owner(coro, thread) != 0)
        return -1;
    if (coro == &thread->main || coro == thread->current) {
        sb_set_error("cannot destroy the %s coroutine", coro == &thread->main ? "main" : "current");
        return -1;
    }
    if (coro->children > 0) {
        sb_set_error("cannot destroy a coroutine that is the parent of %u others", coro->children);
        return -1;
    }
    coro->parent->children--;
    thread->coroutines--;
    sb_fiber_destroy(&coro->fiber);
    if (coro->owns_stack) {
        /* The struct goes with the stack it is on. */
        sb_coro_stack stack = coro->stack;
        sb_coro_stack_free(&stack);
    }
    return 0;
}

void *sb_coro_switch(sb_coro *to, void *value)
{
    sb_coro_thread *thread = &this_thread;
    if (check_owner(to, thread) != 0)
        return NULL;
    if (to->finished) {
        sb_set_error("cannot switch to a finished coroutine");
        return NULL;
    }
    if (to == thread->current)
        return value;
    return transfer(thread, thread->current, to, value);
}

sb_coro *sb_coro_current(void)
{
    return thread_state()->current;
}

sb_coro *sb_coro_parent(const sb_coro *coro)
{
    return coro->parent;
}

int sb_coro_set_parent(sb_coro *coro, sb_coro *parent)
{
    sb_coro_thread *thread = &this_thread;
    if (check_owner(coro, thread) != 0 || check_owner(parent, thread) != 0)
        return -1;
    if (coro == &thread->main) {
        sb_set_error("the main coroutine has no parent");
        return -1;
    }
    for (const sb_coro *ancestor = parent; ancestor; ancestor = ancestor->parent)
        if (ancestor == coro) {
            sb_set_error("that parent would make a cycle of coroutines");
            return -1;
        }
    coro->parent->children--;
    parent->children++;
    coro->parent = parent;
    return 0;
}

bool sb_coro_finished(const sb_coro *coro)
{
    return coro->finished;
}

const char *sb_coro_backend_name(sb_coro_backend backend)
{
    switch (backend) {
    case SB_CORO_BACKEND_ASM: return "asm";
    case SB_CORO_BACKEND_UCONTEXT: return "ucontext";
    case SB_CORO_BACKEND_COUNT: break;
    }
    return "unknown";
}

bool sb_coro_backend_available(sb_coro_backend backend)
{
    return (unsigned)backend < SB_CORO_BACKEND_COUNT && backends[backend];
}

sb_coro_backend sb_coro_backend_default(void)
{
    return backends[SB_CORO_BACKEND_ASM] ? SB_CORO_BACKEND_ASM : SB_CORO_BACKEND_UCONTEXT;
}

int sb_coro_use_backend(sb_coro_backend backend)
{
    if (!sb_coro_backend_available(backend)) {
        sb_set_error("the %s coroutine backend is not built for this machine", sb_coro_backend_name(backend));
        return -1;
    }
    sb_coro_thread *thread = thread_state();
    if (thread->coroutines > 0) {
        sb_set_error("cannot change the coroutine backend while this thread has %u coroutines",
                     thread->coroutines);
        return -1;
    }
    thread->backend = backends[backend];
    thread->backend->prepare_main(&thread->main.context);
    return 0;
}
