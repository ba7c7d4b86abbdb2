#!/usr/bin/env bash
# The processes a run forks never outlive it: they die with the program,
# even one killed by SIGKILL, which no handler sees; and every signal that
# would end the program stops the run, says so on stderr, kills its
# processes and exits with 128 + the signal's number.
set -u
slicebench=$1
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

# Whether $1 is a process that has not ended (a zombie has).
alive() { [ -e "/proc/$1" ] && ! grep -q '^[^)]*) Z' "/proc/$1/stat" 2>/dev/null; }

# Polls, 0.05 s apart for at most $1 seconds, until none of the processes
# $2... is alive.
all_gone() {
    local tries=$(($1 * 20)) pid
    shift
    for _ in $(seq "$tries"); do
        for pid in "$@"; do
            alive "$pid" && break
        done
        alive "$pid" || return 0
        sleep 0.05
    done
    return 1
}

# start MODEL [OPTION...]: starts a long run of MODEL, its output in
# $work/stdout and $work/stderr; sets $run to its pid and the array
# $children to its two workers' once both are running. The program's
# short-lived children of before (a process priced at registration) come
# one at a time.
start() {
    local model=$1
    shift
    # Two workers' tasks of a minute each: processes that would spin on long
    # after the program, were they left. Started in a session of its own,
    # whose process group clean_up ends.
    setsid "$slicebench" --workloads=cpu_int --models="$model" --placements=none --max-workers=2 --tasks=1 \
        --task-us=60000000 --benchmark_filter="^scaling/cpu_int/$model/none/workers:2/" "$@" \
        >"$work/stdout" 2>"$work/stderr" &
    run=$!
    for _ in $(seq 600); do
        read -ra children <<<"$(cat /proc/"$run"/task/*/children 2>/dev/null)"
        [ "${#children[@]}" -ge 2 ] && return 0
        sleep 0.05
    done
    echo "the run's two workers never started: $(cat "$work/stderr")"
    clean_up
    return 1
}

# Ends whatever is left of the run's session, which a failed check leaves
# spinning, and reaps the program.
clean_up() {
    kill -KILL -- -"$run" 2>/dev/null
    wait "$run" 2>/dev/null
}

# killed_run MODEL: SIGKILL ends the program; its workers must be gone
# within 5 s.
killed_run() {
    start "$1" || return 1
    kill -KILL "$run"
    wait "$run" 2>/dev/null
    local ok=0
    all_gone 5 "${children[@]}" || { echo "workers left running: ${children[*]}"; ok=1; }
    clean_up
    return $ok
}
for model in process process_pool; do
    expect "a run of the $model model killed by SIGKILL leaves no worker" killed_run "$model"
done

# ends_stopped SIGNAL: the run must end within 30 s with 128 + the signal's
# number, saying so, and leave no worker.
ends_stopped() {
    local signal=$1 status ok=0
    if all_gone 30 "$run"; then
        wait "$run"
        status=$?
        [ "$status" -eq $((128 + $(kill -l "$signal"))) ] || { echo "exit status $status after SIG$signal"; ok=1; }
        grep -q "slicebench: stopped by SIG$signal; the run's processes are killed" "$work/stderr" ||
            { echo "no word of SIG$signal on stderr: $(cat "$work/stderr")"; ok=1; }
        all_gone 5 "${children[@]}" || { echo "workers left running after SIG$signal"; ok=1; }
    else
        echo "the run was still going 30 s after SIG$signal"
        ok=1
    fi
    clean_up
    return $ok
}

# stopped_run SIGNAL TARGET MODEL: sends SIGNAL to the program (TARGET
# "program") or to its whole session (TARGET "session", as a closed terminal
# sends SIGHUP), which must stop the run.
stopped_run() {
    local signal=$1 target=$2 model=$3
    start "$model" || return 1
    if [ "$target" = session ]; then
        kill -"$signal" -- -"$run"
    else
        kill -"$signal" "$run"
    fi
    ends_stopped "$signal"
}

# As under nohup, SIGHUP ignored from the start: it leaves the run going,
# and the SIGTERM after it stops the run (were SIGHUP taken, its lower
# number would have it handled first).
nohup_run() {
    trap '' HUP
    start process_pool
    local started=$?
    trap - HUP
    [ "$started" -eq 0 ] || return 1
    kill -HUP "$run"
    kill -TERM "$run"
    ends_stopped TERM
}

# Workers sent SIGTERM on their own end, and the run fails saying how.
terminated_worker() {
    start process --benchmark_min_time=0.001 || return 1
    kill -TERM "${children[@]}"
    local ok=0
    if all_gone 30 "$run"; then
        wait "$run"
        [ $? -eq 1 ] || { echo "the run did not fail"; ok=1; }
        grep -q "was killed by signal 15" "$work/stdout" || { echo "the report: $(cat "$work/stdout")"; ok=1; }
    else
        echo "the workers ignored SIGTERM"
        ok=1
    fi
    clean_up
    return $ok
}

if [ -z "${SLICEBENCH_TEST_SIGNALS_LATE:-}" ]; then
    for signal in HUP QUIT PIPE USR1 ALRM USR2; do
        expect "SIG$signal stops a run of the process_pool model, says so and leaves no worker" \
            stopped_run "$signal" program process_pool
    done
    expect "SIGTERM does so for a run of the process model" stopped_run TERM program process
    # Each worker gets the signal too: the program's handler, which the
    # workers inherit, must not keep them from ending.
    expect "SIGHUP to the whole session (a closed terminal) stops a run of the process model" \
        stopped_run HUP session process
    expect "and of the process_pool model" stopped_run HUP session process_pool
    expect "SIGHUP ignored from the start (nohup) stays ignored" nohup_run
    expect "workers sent SIGTERM end, failing the run" terminated_worker
else
    echo "children: the stop checks are left to the builds without ThreadSanitizer, which delivers signals late"
fi

# A reader that has gone (a `| head` that has exited): the run's report meets
# a closed pipe, and the run stops with 141, saying so, writing no results.
closed_pipe() {
    mkfifo "$work/pipe"
    # Its write end, on 4, once the only read end, on 3, is closed.
    # shellcheck disable=SC2094
    exec 3<>"$work/pipe" 4>"$work/pipe" 3<&-
    "$slicebench" --workloads=timer --models=seq,process --placements=none --max-workers=2 --tasks=2 --task-us=1000 \
        --benchmark_filter='^scaling/timer/' --benchmark_min_time=0.001 --benchmark_out="$work/pipe.json" \
        >&4 2>"$work/stderr"
    local status=$?
    exec 4>&-
    [ "$status" -eq 141 ] || { echo "exit status $status"; return 1; }
    grep -q "slicebench: stopped by SIGPIPE" "$work/stderr" || { echo "stderr: $(cat "$work/stderr")"; return 1; }
    ! compgen -G "$work/pipe.json*"
}
expect "a closed pipe on stdout stops the run with 141, says so and writes no results" closed_pipe

expect_done children
