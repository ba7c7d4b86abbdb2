// The C++ side of fcontext_peer.h: Boost.Context's jump_fcontext and
// make_fcontext, on a stack from core/coro/stack.h, with the same sanitizer
// annotations as the suite's own coroutines.
#include "fcontext_peer.h"

#include "coro/fiber.h"
extern "C" {
#include "coro/stack.h"
#include "base/error.h"
}

#include <boost/context/detail/fcontext.hpp>

#include <new>

namespace fctx = boost::context::detail;

struct sb_fcontext_peer {
    sb_coro_stack stack;
    fctx::fcontext_t echo; // where the echoing side resumes
    sb_fiber caller_fiber, echo_fiber;
};

namespace {

// The peer's body. The first jump to it brings its sb_fcontext_peer; every
// jump after that brings a value to send back.
void echo(fctx::transfer_t from_caller)
{
    auto *peer = static_cast<sb_fcontext_peer *>(from_caller.data);
    for (;;) {
        sb_fiber_arrive(&peer->echo_fiber);
        sb_fiber_leave(&peer->echo_fiber, &peer->caller_fiber, false);
        from_caller = fctx::jump_fcontext(from_caller.fctx, from_caller.data);
    }
}

} // namespace

extern "C" sb_fcontext_peer *sb_fcontext_peer_create(size_t stack_size)
{
    auto *peer = new (std::nothrow) sb_fcontext_peer{};
    if (!peer) {
        sb_set_error("out of memory for a Boost.Context peer");
        return nullptr;
    }
    if (sb_coro_stack_alloc(&peer->stack, stack_size) != 0) {
        delete peer;
        return nullptr;
    }
    sb_fiber_init_thread(&peer->caller_fiber);
    sb_fiber_init(&peer->echo_fiber, peer->stack.bottom, peer->stack.size);
    peer->echo = fctx::make_fcontext(static_cast<char *>(peer->stack.bottom) + peer->stack.size,
                                     peer->stack.size, echo);
    // Starts the echo, which keeps the pointer to its state.
    sb_fcontext_peer_round_trip(peer, peer);
    return peer;
}

extern "C" void *sb_fcontext_peer_round_trip(sb_fcontext_peer *peer, void *value)
{
    sb_fiber_leave(&peer->caller_fiber, &peer->echo_fiber, false);
    fctx::transfer_t back = fctx::jump_fcontext(peer->echo, value);
    sb_fiber_arrive(&peer->caller_fiber);
    peer->echo = back.fctx;
    return back.data;
}

extern "C" void sb_fcontext_peer_destroy(sb_fcontext_peer *peer)
{
    if (!peer)
        return;
    sb_fiber_destroy(&peer->echo_fiber);
    sb_coro_stack_free(&peer->stack);
    delete peer;
}
