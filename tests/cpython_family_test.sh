#!/usr/bin/env bash
# The cpython family run tiny through the program (one repetition of a job
# or so each): every construct of bench/cpython/constructs.def on every
# workload, by workers and by task duration, with its counters, and the
# interpreter in the context. Then what it does without gevent and requests
# (their rows left out, saying why), without an interpreter (the family
# skipped, saying why), with an interpreter that keeps its GIL for the
# free-threaded one and with one that does not, with models left out, and
# when it only lists: no Python started.
set -u
slicebench=$1
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

constructs=$(sed -n 's/^SB_CONSTRUCT(\([a-z_0-9]*\), .*/\1/p' "$(dirname "$0")/../bench/cpython/constructs.def" |
    grep -v '^ft_' | jq -R . | jq -sc .)
tiny=(--max-workers=2 --tasks=1 --task-us=200 --benchmark_min_time=0.001 --benchmark_repetitions=1)
out=$work/cpython.json
expect "the family runs" "$slicebench" "${tiny[@]}" --benchmark_filter='^cpython/' --benchmark_out="$out"

rows='def rows: [.benchmarks[] | select(.run_type == "iteration")];
      def named($w; $c; $axis): [rows[] | select(.run_name | startswith("cpython/\($w)/\($c)/\($axis):"))];
'
expect "no row failed" jq -e "$rows"'rows | length > 0 and all(.[]; .error_occurred | not)' "$out"
expect "every row is named cpython/<workload>/<construct>/<workers or task_us>:<n>/real_time" jq -e "$rows"'
    rows | all(.[]; .run_name | test("^cpython/(cpu_int|timer|http|file_read)/[a-z_]+/(workers|task_us):[0-9]+/real_time$"))' \
    "$out"
expect "every construct on every workload by workers, each row with its rate and the job's shape" \
    jq -e --argjson constructs "$constructs" "$rows"'
    [$constructs[] as $c | ("cpu_int", "timer", "http", "file_read") as $w | named($w; $c; "workers")
     | length > 0 and all(.[]; .items_per_second > 0 and .task_us == 200 and .tasks == .workers
                              and (.workers as $n | .run_name | endswith("/workers:\($n)/real_time")))] | all' "$out"
expect "seq, the baseline, by one worker alone" jq -e "$rows"'
    all(("cpu_int", "timer", "http", "file_read") as $w | named($w; "seq"; "workers"); map(.workers) == [1])' "$out"
expect "every construct on cpu_int and timer by task duration, at the granularity family's up to 10 ms, on the PUs" \
    jq -e --argjson constructs "$constructs" "$rows"'
    (.context.hwloc_pus | tonumber) as $pus
    | [$constructs[] as $c | ("cpu_int", "timer") as $w | named($w; $c; "task_us")
       | length > 0 and all(.[]; .items_per_second > 0 and (.task_us as $us | [10, 100, 1000, 10000] | index($us)) != null
                                and .workers == (if $c == "seq" then 1 else $pus end))] | all' "$out"
expect "the interpreter in the context" jq -e '.context | (.cpython_version | test("^3\\.[0-9]+\\.[0-9]+"))
    and .cpython_start_method == "fork" and (.cpython_executable | length > 0)
    and (.cpython_free_threaded | length > 0) and (has("cpython_skipped") | not)' "$out"

# Wrappers of the interpreter: one that notes each start, one without the
# site packages (so without gevent and requests).
printf '#!/bin/sh\ntouch "%s/started"\nexec /usr/bin/python3 "$@"\n' "$work" >"$work/python"
printf '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n' >"$work/bare-python"
chmod +x "$work/python" "$work/bare-python"

expect "listing the family's benchmarks" "$slicebench" --python="$work/python" --benchmark_list_tests=true
expect "lists its rows" grep -q '^cpython/timer/asyncio/workers:1/real_time$' "$work/out"
expect "and starts no Python" test ! -e "$work/started"

bare=$work/bare.json
expect "a run whose interpreter lacks gevent and requests" "$slicebench" "${tiny[@]}" --python="$work/bare-python" \
    --workloads=timer,http --models=seq,gil,coroutine --benchmark_filter='^cpython/(timer|http)/[a-z_]+/workers:' \
    --benchmark_out="$bare"
expect "runs what needs neither: asyncio's pages, with its own streams" jq -e "$rows"'
    (named("http"; "asyncio"; "workers") | length > 0) and (named("timer"; "threading"; "workers") | length > 0)
    and (rows | all(.[]; .error_occurred | not))' "$bare"
expect "leaves out gevent, and requests' pages, saying why" jq -e "$rows"'
    (named("timer"; "gevent"; "workers") + named("http"; "threading"; "workers") | length == 0)
    and (.context["cpython_stop/timer/gevent"] | test("^not run: .*gevent is not installed"))
    and (.context["cpython_stop/http/threading"] | test("^not run: .*requests is not installed"))' "$bare"

skipped=$work/skipped.json
expect "a run whose interpreter is missing" "$slicebench" "${tiny[@]}" --python=/nonexistent/python3 \
    --benchmark_filter='^(cpython/|overhead/seq/)' --benchmark_out="$skipped"
expect "skips the family, saying why" jq -e '
    ([.benchmarks[] | select(.run_name | startswith("cpython/"))] | length == 0)
    and .context.cpython_skipped == "no Python interpreter at '"'/nonexistent/python3'"': No such file or directory"' \
    "$skipped"

gil=$work/gil.json
expect "a run given a free-threaded interpreter that keeps its GIL" "$slicebench" "${tiny[@]}" \
    --free-threaded-python="$work/python" --workloads=timer --models=seq,thread \
    --benchmark_filter='^(cpython/|overhead/seq/)' --benchmark_out="$gil"
expect "runs no ft_ row, saying why" jq -e '
    ([.benchmarks[] | select(.run_name | startswith("cpython/timer/ft_"))] | length == 0)
    and (.context.cpython_free_threaded | test("^none: .* runs with the GIL$"))' "$gil"

# An interpreter that says it runs without the GIL, as a free-threaded one does.
mkdir "$work/no-gil"
printf 'import sys\nsys._is_gil_enabled = lambda: False\n' >"$work/no-gil/sitecustomize.py"
printf '#!/bin/sh\nPYTHONPATH="%s/no-gil" exec /usr/bin/python3 "$@"\n' "$work" >"$work/ft-python"
chmod +x "$work/ft-python"
ft=$work/ft.json
expect "a run given a free-threaded interpreter" "$slicebench" "${tiny[@]}" --free-threaded-python="$work/ft-python" \
    --workloads=timer --models=seq,thread,pool --benchmark_filter='^cpython/timer/ft_' --benchmark_out="$ft"
expect "runs the ft_ rows on it, by workers and by duration, and names it" jq -e "$rows"'
    [("ft_seq", "ft_threading", "ft_thread_pool") as $c | named("timer"; $c; "workers"), named("timer"; $c; "task_us")
     | length > 0 and all(.[]; .error_occurred | not)] | all' "$ft"
expect "and names it" jq -e --arg python "$work/ft-python" '.context.cpython_free_threaded | startswith("\($python) (3.")' \
    "$ft"

expect "a run of the process models alone" "$slicebench" "${tiny[@]}" --models=process,process_pool \
    --workloads=cpu_int --benchmark_filter='^cpython/' --benchmark_list_tests=true
expect "runs the constructs held to them alone" diff <(sed -E 's|^cpython/cpu_int/([a-z_]+)/.*|\1|' "$work/out" | sort -u) \
    <(printf '%s\n' process process_pool process_pool_executor)

expect_done cpython_family
