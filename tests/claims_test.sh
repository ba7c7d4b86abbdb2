#!/usr/bin/env bash
# The claims table on real results: the committed run of epyc-2pu-vm, with
# rows of the semantics family added (that run predates it), makes every
# claim hold; taking away, or marking as errored, the rows a claim needs
# leaves it "not measured", with a reason that names what is missing; and
# semantics counters that show the wrong behaviour make C1 and C9 not hold.
#
#   claims_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

# The committed results, cut to what the claims read, so that the many runs
# of claims.jq below stay quick: the first repetition of each benchmark, no
# aggregates, of the scaling family only the workloads and models the claims
# pick, no ipc streams; and after them the semantics family's rows as it
# writes them, counters showing Python's semantics.
jq '
    def check($name; counters): {name: "semantics/\($name)/iterations:1/real_time", run_name: "semantics/\($name)/iterations:1/real_time",
                                 run_type: "iteration", repetitions: 1, repetition_index: 0, threads: 1, iterations: 1,
                                 real_time: 500, cpu_time: 200, time_unit: "us"} + counters;
    .benchmarks |= map(select(.run_type == "iteration" and .repetition_index == 0
                              and (.run_name | test("^(scaling/(?!(cpu_int|timer)/(seq|thread|gil|process|process_pool)/)|ipc/stream/)") | not)))
    | .benchmarks += [
        check("memory"; {child_write_seen: 0, thread_write_seen: 1}),
        check("lock"; {lock_tries: 3, lock_admitted: 1}),
        check("bounded_semaphore"; {semaphore_places: 3, semaphore_tries: 4, semaphore_admitted: 3, semaphore_over_release_refused: 1}),
        check("rlock"; {rlock_acquires: 3, rlock_depth: 3, rlock_other_admitted: 0, rlock_freed: 1}),
        check("event"; {event_waiters: 4, event_released: 4}),
        check("condition"; {notify_waiters: 4, notify_n: 2, notify_released: 2, notify_still_waiting: 2})
    ]' "$root/results/epyc-2pu-vm/bench.json" >"$work/full.json"

# variant NAME FILTER: the full results, their benchmarks changed by a jq filter.
variant() {
    jq ".benchmarks |= ($2)" "$work/full.json" >"$work/$1.json"
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
changed() { variant "$1" "map(if .run_name | test(\"$2\") then $3 else . end)"; }

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
expect "every claim holds on the committed results with the semantics rows, each with its figures" jq -e '
    map(.verdict) == [range(10) | "holds"] and all(.[]; (.figures | length) > 0)' "$work/full.claims"

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
    .[] | select(.id == "C7") | .verdict == "holds" and (.figures[0] | contains("(overhead, switch/create_destroy)"))' \
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
verdict C2 unfair "does not hold" "in timeslice/process/pus:2 fairness fell below 0.5"
verdict C1 child_write_seen "does not hold" "the parent's reads do not show the separation"
verdict C9 lock_admits_two "does not hold" "semantics/lock did not keep Python's semantics"
verdict C9 over_release_accepted "does not hold" "semantics/bounded_semaphore did not keep"
verdict C9 notify_releases_all "does not hold" "semantics/condition did not keep"
verdict C9 event_releases_one "does not hold" "semantics/event did not keep"
verdict C9 rlock_no_reentry "does not hold" "semantics/rlock did not keep"

expect_done claims
