# What result_file_test.sh and result_safety_test.sh share: one quick
# benchmark, the old results it must not lose, and the checks on them.
# Sourced after tests/expect.sh, which makes $work.
run=(--workloads=timer --models=seq --placements=none --max-workers=1 --tasks=1 --task-us=100
     --benchmark_filter='^scaling/timer/seq/' --benchmark_min_time=0.001)
out=$work/dir/bench.json
mkdir "$work/dir"
old_results() {
    printf '{"old": "results"}\n' >"$out"
    cp "$out" "$work/old.json"
}
unchanged() { cmp "$out" "$work/old.json"; }
no_partial_file() { ! compgen -G "$work/dir/*.partial-*"; }
# Whether $1 is a process that has not ended (a zombie has).
alive() { [ -e "/proc/$1" ] && ! grep -q '^[^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
