/*
 * The coroutine switch for aarch64 (AAPCS64); see coro/backend_asm.c.
 *
 * A switch is a function call, so it saves only what the ABI makes a callee
 * preserve: x19-x28, the frame pointer x29, the link register x30 (where the
 * switch returns to), the stack pointer, and the low halves d8-d15 of
 * v8-v15. Every other register is the caller's to save.
 *
 * A suspended context, from its saved stack pointer up:
 *     0  x19 x20 ... x28, x29, x30
 *    96  d8 ... d15
 */
    .text

/* void *sb_coro_asm_jump(sb_coro_context *from [x0], sb_coro_context *to [x1], void *value [x2]) */
    .globl  sb_coro_asm_jump
    .type   sb_coro_asm_jump, %function
    .p2align 4
sb_coro_asm_jump:
    .cfi_startproc
    sub     sp, sp, #160
    stp     x19, x20, [sp, #0]
    stp     x21, x22, [sp, #16]
    stp     x23, x24, [sp, #32]
    stp     x25, x26, [sp, #48]
    stp     x27, x28, [sp, #64]
    stp     x29, x30, [sp, #80]
    stp     d8, d9, [sp, #96]
    stp     d10, d11, [sp, #112]
    stp     d12, d13, [sp, #128]
    stp     d14, d15, [sp, #144]
    mov     x9, sp
    str     x9, [x0]

    ldr     x9, [x1]
    mov     sp, x9
    ldp     x19, x20, [sp, #0]
    ldp     x21, x22, [sp, #16]
    ldp     x23, x24, [sp, #32]
    ldp     x25, x26, [sp, #48]
    ldp     x27, x28, [sp, #64]
    ldp     x29, x30, [sp, #80]
    ldp     d8, d9, [sp, #96]
    ldp     d10, d11, [sp, #112]
    ldp     d12, d13, [sp, #128]
    ldp     d14, d15, [sp, #144]
    add     sp, sp, #160
    mov     x0, x2
    ret
    .cfi_endproc
    .size   sb_coro_asm_jump, .-sb_coro_asm_jump

/* void *sb_coro_asm_prime(void *stack_top [x0], void (*entry)(void *) [x1])
 * The new context resumes in start with entry in x19. */
    .globl  sb_coro_asm_prime
    .type   sb_coro_asm_prime, %function
    .p2align 4
sb_coro_asm_prime:
    .cfi_startproc
    sub     x0, x0, #160
    stp     x1, xzr, [x0, #0]
    stp     xzr, xzr, [x0, #16]
    stp     xzr, xzr, [x0, #32]
    stp     xzr, xzr, [x0, #48]
    stp     xzr, xzr, [x0, #64]
    adr     x9, start
    stp     xzr, x9, [x0, #80]
    stp     xzr, xzr, [x0, #96]
    stp     xzr, xzr, [x0, #112]
    stp     xzr, xzr, [x0, #128]
    stp     xzr, xzr, [x0, #144]
    ret
    .cfi_endproc
    .size   sb_coro_asm_prime, .-sb_coro_asm_prime

/* The bottom frame of every coroutine: the value of the first jump is in
 * x0, already where entry takes it. entry never returns. */
    .type   start, %function
    .p2align 4
start:
    .cfi_startproc
    .cfi_undefined x30  /* unwinders and debuggers stop here */
    blr     x19
    brk     #0
    .cfi_endproc
    .size   start, .-start

    .section .note.GNU-stack, "", %progbits
