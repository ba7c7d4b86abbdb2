/*
 * The paired family: the ratios of two timings that the claims judge, each
 * measured in alternating slices within one benchmark (paired.h), so that
 * load which comes and goes between two benchmarks minutes apart does not
 * land in the ratio. Sampling goes on until the interval of the pairs'
 * median ratio lies wholly on one side of the claim's bar (claim_bars.h,
 * from docs/claims.json) or 6 s pass (paired_rows.h). Each kind of row has
 * its file: paired_speedups.c, paired_weights.c, paired_costs.c,
 * paired_throughputs.c.
 *
 * Speedups over seq, a slice being one job of the scaling family's size:
 *
 *   C3  thread on CPU-bound work at workers = PUs, against 0.7 x PUs
 *   C4  gil and process_pool there, against 1.2
 *   C5  gil on IO-bound work at 4 x PUs workers, against 0.5 x workers
 *
 * named paired/<workload>/<model>/none/workers:<n>, the scaling point each
 * stands for, on the workloads the claims prefer (cpu_int, timer) when the
 * run has them, with more than one PU. Counters: speedup and its interval
 * (speedup_lo, speedup_hi), the model's job and its fixed_cost_share.
 *
 * Costs, each the time of one run of an operation over another's, in
 * paired_weights.c (C7) and paired_costs.c (C8, C10): a slice of a switch
 * twin is as many runs as take SB_PAIRED_ROW_SLICE_NS (paired_rows.h) of
 * the thread's, and each side of the others is sized to that on its own:
 *
 *   C7  a switch to a process over one to a thread, on each channel, same
 *       PU and across PUs (the ctxswitch family's ping-pongs, both partners
 *       started at once), against 0.9: paired/ctxswitch/<channel>/<where>;
 *       the thread switch there over a coroutine switch (the switch
 *       family's ping-pong, in the caller's thread), against 1:
 *       paired/thread_switch/<channel>/<where>; a process's life over a
 *       thread's, and a thread's over a coroutine's (the ctxswitch
 *       family's spawns), against 1: paired/spawn/<unit>/<unit>
 *   C8  a list operation through the manager over the same in shared
 *       memory (the ipc family's lists), against 1: paired/list/<op>
 *   C10 an empty task in the pool over one with a thread per task (the
 *       overhead family's), against 0.5: paired/overhead/pool/thread
 *
 * Counters: ratio and its interval (ratio_lo, ratio_hi), the runs a slice
 * of each side (per_slice, over_per_slice).
 *
 * C2's throughput, the timeslice family's spinners' steps per second with
 * 64 a PU over those with one, a slice being a round of either over the
 * same 100 ms window, against both 0.8 and 1.25: paired/timeslice/<kind>.
 * Counters: ratio and its interval, upper_bar, most_ and fewest_spinners.
 *
 * Each row runs once whatever the repetitions: its pairs are its samples.
 * Every row has pairs, sampling_s, decided and the bar; void_pairs where
 * some pair gave no ratio; and others_cpu_pus, the PUs other work kept
 * busy while it sampled, where /proc could be read.
 */
#include "families/paired_rows.h"

void sb_paired_register(sb_suite *suite)
{
    unsigned pus = sb_topology_count(suite->topology, HWLOC_OBJ_PU);
    /* One PU has no second core to speed up on: the claims say so from the scaling family. */
    if (pus >= 2)
        sb_paired_speedups_register(suite, pus);
    sb_paired_weights_register(suite, pus);
    sb_paired_costs_register(suite, pus);
    sb_paired_throughputs_register(suite);
}
