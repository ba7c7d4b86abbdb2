/*
 * cpu_relax: the processor's hint that the caller is polling memory for a
 * change another core will make, so a spinning wait saves power and, on a
 * core shared by hyperthreads, leaves its sibling the execution units.
 */
#ifndef SLICEBENCH_BASE_CPU_RELAX_H
#define SLICEBENCH_BASE_CPU_RELAX_H

static inline void sb_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

#endif
