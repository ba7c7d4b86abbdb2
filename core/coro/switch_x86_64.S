/*
 * The coroutine switch for x86-64 (System V ABI); see coro/backend_asm.c.
 *
 * A switch is a function call, so it saves only what the ABI makes a callee
 * preserve: rbx, rbp, r12-r15, the stack pointer, and the control bits of
 * MXCSR and of the x87 FPU (rounding, precision, exception masks). Every
 * other register, xmm included, is the caller's to save. The control words
 * travel with each coroutine, as Boost.Context does, so one that changes its
 * rounding mode does not change it for the others.
 *
 * It leaves by an indirect jump, not ret, as Boost.Context does: the return
 * predictor would expect the caller of this very switch and miss on every
 * one, while the indirect predictor learns where the coroutines alternate.
 *
 * A suspended context, from its saved stack pointer up:
 *     0  MXCSR (4 bytes), x87 control word (2 bytes)
 *     8  r15, r14, r13, r12, rbx, rbp
 *    56  the address to resume at
 */
    .text

/* void *sb_coro_asm_jump(sb_coro_context *from [rdi], sb_coro_context *to [rsi], void *value [rdx]) */
    .globl  sb_coro_asm_jump
    .type   sb_coro_asm_jump, @function
    .p2align 4
sb_coro_asm_jump:
    .cfi_startproc
    pushq   %rbp
    pushq   %rbx
    pushq   %r12
    pushq   %r13
    pushq   %r14
    pushq   %r15
    subq    $8, %rsp
    stmxcsr (%rsp)
    fnstcw  4(%rsp)
    movq    %rsp, (%rdi)

    movq    (%rsi), %rsp
    ldmxcsr (%rsp)
    fldcw   4(%rsp)
    addq    $8, %rsp
    popq    %r15
    popq    %r14
    popq    %r13
    popq    %r12
    popq    %rbx
    popq    %rbp
    popq    %rcx
    movq    %rdx, %rax
    jmpq    *%rcx
    .cfi_endproc
    .size   sb_coro_asm_jump, .-sb_coro_asm_jump

/* void *sb_coro_asm_prime(void *stack_top [rdi], void (*entry)(void *) [rsi])
 * The new context resumes in start with entry in r12 and inherits the
 * caller's control words. */
    .globl  sb_coro_asm_prime
    .type   sb_coro_asm_prime, @function
    .p2align 4
sb_coro_asm_prime:
    .cfi_startproc
    leaq    -64(%rdi), %rax
    movq    $0, (%rax)
    stmxcsr (%rax)
    fnstcw  4(%rax)
    movq    $0, 8(%rax)
    movq    $0, 16(%rax)
    movq    $0, 24(%rax)
    movq    %rsi, 32(%rax)
    movq    $0, 40(%rax)
    movq    $0, 48(%rax)
    leaq    start(%rip), %rcx
    movq    %rcx, 56(%rax)
    ret
    .cfi_endproc
    .size   sb_coro_asm_prime, .-sb_coro_asm_prime

/* The bottom frame of every coroutine: the value of the first jump is in
 * rax; the stack is 16-byte aligned, as a call needs. entry never returns. */
    .type   start, @function
    .p2align 4
start:
    .cfi_startproc
    .cfi_undefined rip  /* unwinders and debuggers stop here */
    movq    %rax, %rdi
    call    *%r12
    ud2
    .cfi_endproc
    .size   start, .-start

    .section .note.GNU-stack, "", @progbits
