#!/usr/bin/env bash
# The claims table on real results: the committed run of epyc-2pu-vm, with
# rows of the semantics family added (that run predates it), makes every
# claim hold but C7, whose cross-PU futex switch of a process is too noisy
# to judge; taking away, or marking as errored, the rows a claim needs
# leaves it "not measured", with a reason that names what is missing; and
# semantics counters that show the wrong behaviour make C1 and C9 not hold.
# A frozen run of turin-2pu-vm, and variants of it, test the rules'
# intervals: figures whose interval straddles a bar, too few repetitions, a
# busy or quiet machine or one whose load was not recorded, process models
# whose forks dominate their job, the granularity family's break-even, the
# scaling family's knee rows and the timeslice family's probe counters.
#
#   claims_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

# Committed results, cut to what the claims read, so that the many runs
# of claims.jq below stay quick: every repetition (the rules' intervals are
# over them), no aggregates, of the scaling family only the workloads and
# models the claims pick, no ipc streams, round trips at the smallest size
# only, the sync family's costs of one thread, the waiters family from 1,000
# waits, the timeslice family at its ends.
cut='.benchmarks |= map(select(.run_type == "iteration"
                              and (.run_name | test("^(scaling/(?!cpu_int/(seq|thread|gil|process|process_pool)/|timer/(seq|thread|gil)/)"
                                                    + "|ipc/stream/|ipc/round_trip/.*/bytes:(?!8/)|sync/.*/threads:(?!1/)"
                                                    + "|waiters/.*/waiters:(10|100)/|timeslice/.*/spinners:(4|8|32)/)") | not)))'
# The turin run is a frozen copy, already cut (tests/fixtures/turin-2pu-vm.json:
# the full run of 2026-11-30T18:54, before the machine's results were run
# again), so that the verdicts below stay what they were written against.
cp "$root/tests/fixtures/turin-2pu-vm.json" "$work/turin.json"
# The epyc run, and after it the semantics family's rows as it writes them,
# counters showing Python's semantics.
jq "$cut"' |
    def check($name; counters): {name: "semantics/\($name)/iterations:1/real_time", run_name: "semantics/\($name)/iterations:1/real_time",
                                 run_type: "iteration", repetitions: 1, repetition_index: 0, threads: 1, iterations: 1,
                                 real_time: 500, cpu_time: 200, time_unit: "us"} + counters;
    .benchmarks += [
        check("memory"; {child_write_seen: 0, thread_write_seen: 1}),
        check("lock"; {lock_tries: 3, lock_admitted: 1}),
        check("bounded_semaphore"; {semaphore_places: 3, semaphore_tries: 4, semaphore_admitted: 3, semaphore_over_release_refused: 1}),
        check("rlock"; {rlock_acquires: 3, rlock_depth: 3, rlock_other_admitted: 0, rlock_freed: 1}),
        check("event"; {event_waiters: 4, event_released: 4}),
        check("condition"; {notify_waiters: 4, notify_n: 2, notify_released: 2, notify_still_waiting: 2})
    ]' "$root/results/epyc-2pu-vm/bench.json" >"$work/full.json"

# variant NAME FILTER [BASE]: the results BASE (full unless named), their
# benchmarks changed by a jq filter.
variant() {
    jq ".benchmarks |= ($2)" "$work/${3:-full}.json" >"$work/$1.json"
}
# The rows whose names match a regex: taken away; errored, as Google
# Benchmark writes a failed run (no counters); changed by a jq filter.
without() { variant "$1" "map(select(.run_name | test(\"$2\") | not))"; }
errored() {
    variant "$1" "map(if .run_name | test(\"$2\") then
                          {name, run_name, run_type, repetitions, repetition_index, threads, iterations: 0,
                           real_time: 0, cpu_time: 0, time_unit, error_occurred: true, error_message: \"boom\"}
                      else . end)"
}
changed() { variant "$1" "map(if .run_name | test(\"$2\") then $3 else . end)" "${4:-full}"; }

# ---- the results files ------------------------------------------------------------
# Named by what they lack, or have wrong; for each claim, its rows taken
# away and then errored.
without no_memory '^semantics/memory/'
errored memory_errored '^semantics/memory/'

without no_thread_timeslice '^timeslice/thread/'
errored timeslice_errored '^timeslice/.*/spinners:128/'
changed no_fairness '^timeslice/' 'del(.fairness)'
changed no_top_throughput '^timeslice/.*/spinners:128/' 'del(.steps_per_second)'
changed no_p99 '^timeslice/process/' 'del(.probe_p99_us)'
without one_end '^timeslice/.*/spinners:([4-9]|[0-9]{2,})/'
changed flat_latency '^timeslice/thread/.*/spinners:128/' '.probe_p99_us = 100'
changed falling_throughput '^timeslice/thread/.*/spinners:128/' '.steps_per_second /= 2'
changed unfair '^timeslice/process/.*/spinners:128/' '.fairness = 0.2'

without no_threads_at_pus '^scaling/cpu_int/thread/[a-z]+/workers:2/'
errored threads_at_pus_errored '^scaling/cpu_int/thread/[a-z]+/workers:2/'
errored seq_errored '^scaling/cpu_int/seq/'

without gil_one_worker '^scaling/cpu_int/gil/[a-z]+/workers:[2-9]/'
errored gil_errored '^scaling/cpu_int/gil/[a-z]+/workers:[2-9]/'
without no_process_models '^scaling/cpu_int/process'

without io_gil_to_pus '^scaling/timer/gil/[a-z]+/workers:[3-9]/'
errored io_gil_errored '^scaling/timer/gil/[a-z]+/workers:[3-9]/'

without no_thread_waiters '^waiters/thread/'
errored thread_waiters_errored '^waiters/thread/waiters:10000/'
changed no_waiter_memory '^waiters/' 'del(.rss_bytes_per_waiter)'
without few_waits '^waiters/coroutine/.*/waiters:[0-9]{5,}/'
changed more_waiter_counters '^waiters/' '. + {page_faults_per_waiter: 0, work_ns_per_waiter: 500}'

without no_coroutine_switch '^switch/ping_pong/'
errored coroutine_switch_errored '^switch/ping_pong/'
without no_ctxswitch_pairs '^ctxswitch/(futex|pipe)/'
without no_lives '^(ctxswitch/spawn|overhead|switch/create_destroy)/'
errored spawn_errored '^ctxswitch/spawn/thread/'

without no_ipc_lists '^ipc/list/'
errored ipc_list_errored '^ipc/list/manager/set/'

without no_condition_check '^semantics/condition/'
errored lock_check_errored '^semantics/lock/'
changed no_notify_counter '^semantics/condition/' 'del(.notify_released)'

without no_pool '^overhead/pool/'
errored pool_errored '^overhead/pool/'

errored all_errored '.'

changed child_write_seen '^semantics/memory/' '.child_write_seen = 1'
changed lock_admits_two '^semantics/lock/' '.lock_admitted = 2'
changed over_release_accepted '^semantics/bounded_semaphore/' '.semaphore_over_release_refused = 0'
changed notify_releases_all '^semantics/condition/' '.notify_released = 4 | .notify_still_waiting = 0'
changed event_releases_one '^semantics/event/' '.event_released = 1'
changed rlock_no_reentry '^semantics/rlock/' '.rlock_depth = 1'

# ---- the rules' intervals, on variants of the turin run --------------------------
# noise NAME BASE OTHERS_CPU_PUS STEAL RUNNABLE: BASE with the noise family's
# row, one per repetition, showing that load.
noise() {
    variant "$1" ". + [range(5) as \$i | {name: \"noise/over_run/iterations:1/real_time\", run_name: \"noise/over_run/iterations:1/real_time\",
                       run_type: \"iteration\", repetitions: 5, repetition_index: \$i, threads: 1, iterations: 1,
                       real_time: 600, cpu_time: 1, time_unit: \"s\", others_cpu_pus: $3, steal_share: $4,
                       runnable_others_before: $5, runnable_others_after: $5, load_avg_1m_before: 1, load_avg_1m_after: 1, pus: 2, run_s: 600}]" "$2"
}
variant few_repetitions 'map(select(.repetition_index < 3))' turin
noise turin_busy turin 0.98 0.002 1
noise turin_quiet turin 0.01 0 0
noise turin_stolen turin 0 0.2 0
# The thread model at as many workers as PUs: flat (decidedly short of
# 1.4x), or spread so widely over the repetitions that 1.4x is inside.
changed threads_flat '^scaling/cpu_int/thread/(compact|none|scatter)/workers:2/' '.items_per_second = 1000' turin
changed threads_spread '^scaling/cpu_int/thread/(compact|none|scatter)/workers:2/' '.items_per_second = 1300 + 300 * .repetition_index' turin
noise threads_flat_busy threads_flat 0.98 0.002 1
noise threads_flat_quiet threads_flat 0.01 0 0
# A pool task's cost spread across half a thread's.
changed pool_spread '^overhead/pool/' '.real_time = 20000 + 2000 * .repetition_index | .time_unit = "ns"' turin
# The process models with the fixed costs the scaling family measures: small
# (they judge C4), large (they cannot), large but passing anyway; and old
# results with nothing to estimate them from.
changed forks_small '^scaling/cpu_int/process_pool/' '.fixed_cost_share = 0.01' turin
changed forks_large '^scaling/cpu_int/process' '.fixed_cost_share = 0.2' turin
noise forks_small_busy forks_small 0.98 0.002 1
changed forks_large_passing '^scaling/cpu_int/process' '.fixed_cost_share = 0.3'
variant forks_unknown 'map(select(.run_name | startswith("ctxswitch/spawn/process/") | not))' turin
# The granularity family's break-even rows: a duration, and one beyond the
# durations measured.
variant break_even '. + [range(5) as $i | {run_type: "iteration", repetitions: 5, repetition_index: $i, iterations: 1,
                        real_time: 1, cpu_time: 1, time_unit: "s"}
                       | (. + {run_name: "granularity/cpu_int/process_pool/break_even/iterations:1/real_time", break_even_us: 5000}),
                         (. + {run_name: "granularity/cpu_int/process/break_even/iterations:1/real_time", break_even_us: 0, above_range: 1})
                       | .name = .run_name]' turin
# The scaling family's knee rows, which are no points.
variant knees '. + [.[] | select(.run_name | test("^scaling/cpu_int/thread/none/workers:2/"))
                   | .run_name = "scaling/cpu_int/thread/none/knee/iterations:1/real_time" | .name = .run_name
                   | del(.items_per_second) | .knee_workers = 2]' turin
# The timeslice probe starved at the most spinners: its p99 untrusted, but
# its median there still decides; then a median that does not. A series at
# another priority, with figures that would fail, is not the rule's.
changed probe_starved '^timeslice/.*/spinners:128/' '.probe_wakeups = 4 | .probe_shortfall = 996 | .probe_p999_us = 1' turin
changed probe_starved_close '^timeslice/.*/spinners:128/' '.probe_p50_us = 150' probe_starved
variant probe_fifo '. + [.[] | select(.run_name | startswith("timeslice/thread/"))
                       | .run_name |= sub("/pus:2/"; "/pus:2/probe:fifo/") | .name = .run_name | .probe_p99_us = 1 | .fairness = 0.1]' turin
noise child_write_seen_busy child_write_seen 0.98 0.002 1

# tables FILE...: the claims of each results file, NAME.claims beside
# NAME.json, from one claims.jq that writes their tables one a line, in order.
tables() {
    jq -c -f "$root/scripts/claims.jq" "$@" | paste -d '\t' <(printf '%s\n' "$@") - |
        while IFS=$'\t' read -r file table; do printf '%s\n' "$table" >"${file%.json}.claims"; done
    [ "${PIPESTATUS[0]}" = 0 ]
}
# The claims of every results file, the files shared among the cores.
evaluate() {
    local files=("$work"/*.json) cores pids=() failed=0
    cores=$(nproc)
    local share=$(((${#files[@]} + cores - 1) / cores))
    for ((first = 0; first < ${#files[@]}; first += share)); do
        tables "${files[@]:first:share}" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || failed=1
    done
    return "$failed"
}
expect "claims.jq reads every results file" evaluate
expect "claims.jq still takes the demos argument scripts/report passes" \
    jq -f "$root/scripts/claims.jq" --argjson demos '{"C1": []}' "$work/full.json"

# verdict ID NAME VERDICT REASON: claim ID on results NAME has the verdict,
# and its reason contains REASON.
verdict() {
    expect "$1 on $2: $3, saying '$4'" jq -e --arg id "$1" --arg verdict "$3" --arg reason "$4" '
        .[] | select(.id == $id) | if .verdict == $verdict and (.reason | contains($reason)) then true
                                   else error("\(.verdict): \(.reason)") end' "$work/$2.claims"
}

# ---- everything there --------------------------------------------------------------
expect "every claim but C7 holds on the committed epyc results with the semantics rows, each with its figures" jq -e '
    map(.verdict) == [range(6) | "holds"] + ["inconclusive"] + [range(3) | "holds"] and all(.[]; (.figures | length) > 0)' "$work/full.claims"
verdict C7 full inconclusive "too noisy: ctxswitch/futex/*/cross_pu: a process switch against 0.9 x its thread twin, 0.995x (0.344x to 1.03x, 5 repetitions)"
verdict C4 full holds "process_pool reached 1.72x (1.7x to 1.75x, 5 repetitions)"
expect "every reason of results without the noise family says the load was not recorded" jq -e '
    all(.[]; .reason | endswith("the machine'"'"'s load was not recorded (no noise/over_run row)"))' "$work/full.claims"

# ---- each claim's rows, missing or errored -------------------------------------------
verdict C1 no_memory "not measured" "semantics/memory is not in the results"
verdict C1 memory_errored "not measured" "1 semantics row errored: semantics/memory/iterations:1 (boom)"

verdict C2 no_thread_timeslice "not measured" "no thread series ran in the timeslice family"
verdict C2 timeslice_errored "not measured" "2 timeslice rows errored: timeslice/process/pus:2/spinners:128 (boom)"
verdict C2 no_fairness "not measured" "has no fairness counter at 2 spinners"
verdict C2 no_top_throughput "not measured" "has no throughput counter at 128 spinners"
verdict C2 no_p99 "not measured" "timeslice/process/pus:2 has no p99 latency counter"
verdict C2 one_end "not measured" "ran at 2 spinners only"

verdict C3 no_threads_at_pus "not measured" "the thread model did not run cpu_int at 2 workers"
verdict C3 threads_at_pus_errored "not measured" "3 thread rows errored: scaling/cpu_int/thread/compact/workers:2 (boom)"
verdict C3 seq_errored "not measured" "1 seq row errored: scaling/cpu_int/seq/none/workers:1 (boom)"

verdict C4 seq_errored "not measured" "1 seq row errored"
verdict C4 gil_one_worker "not measured" "the gil model ran at 1 worker only on cpu_int"
verdict C4 gil_errored "not measured" "9 gil rows errored: scaling/cpu_int/gil/compact/workers:2 (boom)"
verdict C4 no_process_models "not measured" "process and process_pool did not run on cpu_int"

verdict C5 io_gil_to_pus "not measured" "not past the 2 PUs"
verdict C5 io_gil_errored "not measured" "6 gil rows errored"

verdict C6 no_thread_waiters "not measured" "no thread series to compare memory with"
verdict C6 thread_waiters_errored "not measured" "1 waiters row errored: waiters/thread/waiters:10000 (boom)"
verdict C6 no_waiter_memory "not measured" "the coroutine rows at 10000 waits have no memory counter"
verdict C6 few_waits "not measured" "the coroutine series went only to 1000 waits"
verdict C6 more_waiter_counters "holds" "each lighter than a thread's"

verdict C7 no_coroutine_switch "not measured" "no coroutine switch was timed (switch/ping_pong)"
verdict C7 coroutine_switch_errored "not measured" "3 coroutine switch rows errored"
verdict C7 no_ctxswitch_pairs "not measured" "no thread and process switches"
verdict C7 no_lives "not measured" "neither ctxswitch/spawn nor the overhead and switch families"
expect "an errored spawn row leaves C7 to the overhead and switch families, as its rule says" jq -e '
    .[] | select(.id == "C7") | .verdict != "not measured" and (.figures[0] | contains("(overhead, switch/create_destroy)"))' \
    "$work/spawn_errored.claims"

verdict C8 no_ipc_lists "not measured" "no shared-memory and manager rows alike"
verdict C8 ipc_list_errored "not measured" "1 ipc row errored: ipc/list/manager/set (boom)"

verdict C9 no_condition_check "not measured" "semantics/condition is not in the results"
verdict C9 lock_check_errored "not measured" "1 semantics row errored: semantics/lock/iterations:1 (boom)"
verdict C9 no_notify_counter "not measured" "semantics/condition has no notify_released counter"

verdict C10 no_pool "not measured" "did not price both pool and thread tasks"
verdict C10 pool_errored "not measured" "1 overhead row errored: overhead/pool/workers:2 (boom)"

expect "with every row errored, every claim is not measured" jq -e 'map(.verdict) == [range(10) | "not measured"]' \
    "$work/all_errored.claims"

# ---- figures that miss a rule ----------------------------------------------------------
verdict C2 flat_latency "does not hold" "in timeslice/thread/pus:2 the probe's p99 grew less than twofold"
verdict C2 falling_throughput "does not hold" "in timeslice/thread/pus:2 throughput went outside 0.8 to 1.25 x"
verdict C2 unfair "does not hold" "in timeslice/process/pus:2 fairness at 128 spinners fell below 0.5: 0.2 (0.2 to 0.2, 5 repetitions)"
verdict C1 child_write_seen "does not hold" "the parent's reads do not show the separation"
verdict C9 lock_admits_two "does not hold" "semantics/lock did not keep Python's semantics"
verdict C9 over_release_accepted "does not hold" "semantics/bounded_semaphore did not keep"
verdict C9 notify_releases_all "does not hold" "semantics/condition did not keep"
verdict C9 event_releases_one "does not hold" "semantics/event did not keep"
verdict C9 rlock_no_reentry "does not hold" "semantics/rlock did not keep"

# ---- intervals, load and fixed costs ---------------------------------------------------
expect "on the committed turin run, each claim's verdict" jq -e '
    map(.verdict) == ["holds", "holds", "holds", "inconclusive", "holds", "holds", "inconclusive", "holds", "holds", "holds"]' \
    "$work/turin.claims"
verdict C4 turin inconclusive "fixed costs dominate the job: every process point spent more than 5% of its job on fixed costs (7.54% to 57.2%, estimated from one process's life, 1.72 ms, and 16 tasks per job); the best, process_pool/none, 2 workers, reached 1.14x (1.12x to 1.19x, 5 repetitions)"
verdict C7 turin inconclusive "too noisy: ctxswitch/futex/*/cross_pu: a process switch against 0.9 x its thread twin, 0.711x (0.639x to 1.33x, 5 repetitions)"
expect "each inconclusive claim names its cause" jq -e '
    [.[] | select(.verdict == "inconclusive") | .cause] == ["fixed costs dominate the job", "too noisy"]' "$work/turin.claims"
verdict C3 turin holds "thread/none reaches 1.72x (1.67x to 1.75x, 5 repetitions) at 2 workers"

verdict C3 few_repetitions inconclusive "too few samples: the thread model 0.7 x 2 = 1.4x at 2 workers: compact 1.52x (3 repetitions, too few for an interval), none 1.72x"
verdict C10 few_repetitions inconclusive "too few samples"
verdict C1 few_repetitions holds "the child's write stayed in the child"
verdict C3 threads_flat "does not hold" "no placement of the thread model reached 0.7 x 2 = 1.4x at 2 workers: compact 1.02x (1.01x to 1.03x, 5 repetitions)"
verdict C3 threads_spread inconclusive "too noisy: the thread model 0.7 x 2 = 1.4x at 2 workers: compact 1.93x (1.31x to 2.57x, 5 repetitions)"
verdict C10 pool_spread inconclusive "too noisy: a task in the pool cost against half of one with a thread per task: 0.493x (0.385x to 0.651x, 5 repetitions)"

verdict C3 threads_flat_busy inconclusive "the machine was busy: no placement of the thread model reached 0.7 x 2 = 1.4x"
verdict C3 threads_flat_busy inconclusive "the machine was busy (other tasks kept 0.98 PUs busy on average, steal 0.2%, 1 other tasks runnable before or after)"
verdict C5 threads_flat_busy holds "gil/scatter reaches 3.19x (3.08x to 3.31x, 5 repetitions) with 4 workers on 2 PUs, at least 0.5 x 4 = 2x"
verdict C3 threads_flat_quiet "does not hold" "the machine was quiet (other tasks kept 0.01 PUs busy on average, steal 0%"
verdict C3 turin_stolen holds "the machine was busy (other tasks kept 0 PUs busy on average, steal 20%"
verdict C4 turin_busy inconclusive "fixed costs dominate the job"
verdict C1 child_write_seen_busy "does not hold" "the parent's reads do not show the separation"
expect "the busy rule: busy with others' CPU or steal, quiet without, not recorded without the row" bash -c '
    for name in turin_busy turin_stolen turin_quiet turin; do
        jq -r -L "$1" "include \"results\"; machine_load | \"\(.recorded) \(.busy)\"" "$2/$name.json"
    done | paste -sd, | grep -qx "true true,true true,true false,false false"' - "$root/scripts" "$work"

verdict C4 forks_small "does not hold" "no process model with fixed costs of 5% or less passed 1.2x (best 1.14x (1.12x to 1.19x, 5 repetitions), process_pool/none, 2 workers, 1% fixed costs)"
verdict C4 forks_large inconclusive "fixed costs dominate the job: every process point spent more than 5% of its job on fixed costs (20% to 20%)"
verdict C4 forks_small_busy inconclusive "the machine was busy: no process model with fixed costs of 5% or less passed 1.2x"
verdict C4 forks_large_passing holds "process_pool reached 1.72x"
verdict C4 forks_unknown inconclusive "fixed costs not measured: no process model passed 1.2x"
expect "C4 cites the process models' break-even, read defensively" jq -e '
    .[] | select(.id == "C4") | .figures | index(["process_pool breaks even with seq at tasks of 5 ms (5 ms to 5 ms, 5 repetitions) (granularity; the scaling job'"'"'s tasks are 1000 us)"])
    and index(["process breaks even with seq at no task duration measured (above_range) (granularity; the scaling job'"'"'s tasks are 1000 us)"])' \
    "$work/break_even.claims"
expect "the scaling family's knee rows are no points, and change no verdict" bash -c '
    jq -e -L "$1" "include \"results\"; results_problem == null and (scaling_runs | all(.workers > 0))" "$2/knees.json" >/dev/null &&
    diff <(jq -c "map(.verdict, .reason)" "$2/turin.claims") <(jq -c "map(.verdict, .reason)" "$2/knees.claims")' - "$root/scripts" "$work"

verdict C2 probe_starved holds "in every series the probe's p99 grew at least twofold"
expect "a starved probe is shown" jq -e '.[] | select(.id == "C2") | .figures | all(contains("fewer than 1,000 wake-ups at 128 spinners"))' \
    "$work/probe_starved.claims"
verdict C2 probe_starved_close inconclusive "too few samples: in timeslice/process/pus:2 the probe woke 4 times at 128 spinners, short of 1,000, too few for its p99"
verdict C2 probe_fifo holds "in every series the probe's p99 grew at least twofold"

expect_done claims
