#!/usr/bin/env bash
# Runs the option parser's fuzz target (fuzz_options.c) for a bounded time,
# from a corpus of the options' and flags' names; it fails on any crash,
# leak or undefined behaviour it finds.
set -eu
fuzzer=$1
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
# Seeds: an argv per file, its arguments separated by NUL bytes.
seed=0
for args in "--workloads=cpu_int,timer --models=seq" "--placements=none,compact --max-workers=2" \
    "--tasks=4 --task-us=200 --max-waiters=100" "--ipc-bytes=8,100000 --machine=host" "--list" \
    "--pinned-workloads=cpu_int --benchmark_out=/nonexistent/x.json --benchmark_out_format=csv" \
    "--benchmark_repetitions=3 --benchmark_min_time=0.5 --benchmark_min_warmup_time=0" \
    "--benchmark_min_time=0.5s --models=all --help" "--benchmark_min_time=100x --max-workers" \
    "--benchmark_list_tests=true --benchmark_out=x --benchmark_out=y"; do
    printf '%s' "$args" | tr ' ' '\0' >"$corpus/seed-$seed"
    seed=$((seed + 1))
done
"$fuzzer" -max_total_time=20 -runs=2000000 -max_len=512 -timeout=5 "$corpus"
