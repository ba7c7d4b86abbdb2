#!/usr/bin/env bash
# The convoy family through the program, one round a row: the gil and
# cpython series with their counters and no more, CPython's switch interval
# as its interpreter reports it; a CPython peer whose reply is no list of
# wake-ups fails its row in one line and leaves the others; an interpreter
# that cannot run the script, or is missing, skips the cpython series and
# says why; a listing starts no Python.
set -u
slicebench=$1
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

one=(--models=gil --benchmark_min_time=0.001 --benchmark_repetitions=1)
rows='def rows: [.benchmarks[] | select(.run_type == "iteration")];
      def series($s): [rows[] | select(.run_name | startswith("convoy/\($s)/"))];
'
out=$work/convoy.json
expect "the gil and cpython series run" "$slicebench" "${one[@]}" \
    --benchmark_filter='^convoy/(gil|cpython)/cpu_threads:(0|1)/' --benchmark_out="$out"
expect "no row failed, and both series have k = 0 and 1" jq -e "$rows"'
    (rows | all(.[]; .error_occurred | not))
    and ([series("gil"), series("cpython")] | all(.[]; map(.cpu_threads) == [0, 1]))' "$out"
expect "every row has the family's counters, and no rule's expectation" jq -e "$rows"'
    rows | all(.[]; .wakeups > 0 and .lateness_p50_us <= .lateness_p99_us and .lateness_p99_us <= .lateness_max_us
                    and .sleep_us == 500 and .wakeup_shortfall >= 0 and (has("expected_us") | not))' "$out"
expect "CPython reports its own switch interval, 5 ms by default" jq -e "$rows"'
    series("cpython") | all(.[]; .switch_interval_us == 5000)' "$out"
expect "and the series ran" jq -e '.context | has("convoy_cpython_skipped") | not' "$out"

# Stand-ins for the interpreter: one that answers a round with no list of
# numbers, one that cannot say its switch interval, one that notes each start.
cat >"$work/garbling" <<'EOF'
#!/bin/sh
echo ready
while read -r request; do
    case $request in
    switch_interval) echo 5000 ;;
    *) echo '12 x 7' ;;
    esac
done
EOF
printf '#!/bin/sh\necho ready\nwhile read -r request; do echo soon; done\n' >"$work/vague"
printf '#!/bin/sh\ntouch "%s/started"\nexec /usr/bin/python3 "$@"\n' "$work" >"$work/noting"
chmod +x "$work/garbling" "$work/vague" "$work/noting"

garbled=$work/garbled.json
"$slicebench" "${one[@]}" --python="$work/garbling" --benchmark_filter='^convoy/(gil|cpython)/cpu_threads:0/' \
    --benchmark_out="$garbled" >"$work/garbled.log" 2>&1
expect "a reply that is no list of wake-ups fails the cpython row, saying so in one line" jq -e "$rows"'
    series("cpython") | length == 1 and all(.[]; .error_occurred
        and (.error_message | test("reply is not 1 to 1000 wake-ups.*12 x 7"))
        and (.error_message | contains("\n") | not))' "$garbled"
expect "and leaves the gil row" \
    jq -e "$rows"'series("gil") | length == 1 and all(.[]; .error_occurred | not)' "$garbled"

vague=$work/vague.json
expect "an interpreter that cannot say its switch interval" "$slicebench" "${one[@]}" --python="$work/vague" \
    --benchmark_filter='^convoy/gil/cpu_threads:0/' --benchmark_out="$vague"
expect "skips the cpython series, saying why" jq -e "$rows"'
    (series("cpython") | length == 0) and (series("gil") | length > 0)
    and (.context.convoy_cpython_skipped | test("replied .soon. to .switch_interval., not a number"))' "$vague"

missing=$work/missing.json
expect "a missing interpreter" "$slicebench" "${one[@]}" --python="$work/none" \
    --benchmark_filter='^convoy/gil/cpu_threads:0/' --benchmark_out="$missing"
expect "skips the cpython series, saying why" \
    jq -e '.context.convoy_cpython_skipped | test("no Python interpreter at")' "$missing"

expect "listing the family" "$slicebench" --models=gil --python="$work/noting" --benchmark_list_tests=true
expect "lists the cpython series" grep -q '^convoy/cpython/cpu_threads:4/real_time$' "$work/out"
expect "and starts no Python" test ! -e "$work/started"

expect_done convoy_family
