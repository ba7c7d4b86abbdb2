#!/usr/bin/env bash
# The slicebench program's contract: bad input gets a clear message, exit
# status 2 and no result file; a good run writes Google Benchmark JSON with
# the machine's topology in its context.
set -u
slicebench=$1
source "$(dirname "$0")/expect.sh"

# expect_usage_error "what the message must say" args...
expect_usage_error() {
    local message=$1
    shift
    checks=$((checks + 1))
    "$slicebench" "$@" --benchmark_out="$work/out.json" >"$work/stdout" 2>"$work/stderr"
    local status=$?
    if [ "$status" -ne 2 ] || ! grep -qF -- "$message" "$work/stderr" || [ -e "$work/out.json" ]; then
        echo "FAIL: slicebench $* exited $status, wrote $(ls "$work" | tr '\n' ' '), said: $(cat "$work/stderr")"
        failures=$((failures + 1))
    fi
    rm -f "$work/out.json"
}

expect_usage_error "unknown placement 'spread' (expected none, compact, scatter or single)" --placements=spread
expect_usage_error "--placements takes a comma-separated list of names, got ''" --placements=
expect_usage_error "--models takes a comma-separated list of names, got 'thread,,seq'" --models=thread,,seq
expect_usage_error "unknown workload 'gpu'" --workloads=cpu_int,gpu
expect_usage_error "unknown workload 'disk'" --pinned-workloads=disk
expect_usage_error "unknown model 'fiber'" --models=fiber
expect_usage_error "--max-workers must be a whole number from 1 to 4096, got '0'" --max-workers=0
expect_usage_error "--max-workers must be a whole number from 1 to 4096, got '-2'" --max-workers=-2
expect_usage_error "--tasks must be a whole number" --tasks=many
expect_usage_error "--task-us must be a whole number" --task-us=1e3
expect_usage_error "--max-waiters must be a whole number from 1 to 1000000, got '0'" --max-waiters=0
expect_usage_error "--ipc-bytes takes whole numbers from 1 to 67108864, got '1k'" --ipc-bytes=8,1k
expect_usage_error "--ipc-bytes takes at most 16 numbers" --ipc-bytes=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17
expect_usage_error "unknown option '--bogus'" --bogus
expect_usage_error "--max-workers needs a value, got '--max-workers'" --max-workers
expect_usage_error "--list takes no value, got '--list=yes'" --list=yes
expect_usage_error "no benchmark matched the filter" --benchmark_filter=nothing_is_called_this
expect_usage_error "a machine's name names its results folder, so it takes letters, digits" --machine=../elsewhere
expect_usage_error "got '..'" --machine=..
expect_usage_error "got 'bob's laptop'" "--machine=bob's laptop"
# Google Benchmark's flags are checked before it reads them.
expect_usage_error "--benchmark_out given twice" --benchmark_out="$work/other.json"
expect_usage_error "--benchmark_out needs a file name" --benchmark_out=
expect_usage_error "--benchmark_repetitions must be a whole number from 1 to 1000000, got '-1'" --benchmark_repetitions=-1
expect_usage_error "--benchmark_repetitions must be a whole number from 1 to 1000000, got '0'" --benchmark_repetitions=0
min_time_error="--benchmark_min_time must be a number of seconds above 0 (0.5 or 0.5s) or of iterations (100x), got"
expect_usage_error "$min_time_error '0'" --benchmark_min_time=0
expect_usage_error "$min_time_error '0s'" --benchmark_min_time=0s
expect_usage_error "$min_time_error '0x'" --benchmark_min_time=0x
expect_usage_error "$min_time_error 's'" --benchmark_min_time=s
expect_usage_error "$min_time_error '1.5x'" --benchmark_min_time=1.5x
expect_usage_error "$min_time_error 'soon'" --benchmark_min_time=soon
expect_usage_error "--benchmark_out_format must be console, json or csv, got 'xml'" --benchmark_out_format=xml
expect_usage_error "--benchmark_format must be console, json or csv, got 'bogus'" --benchmark_format=bogus
expect_usage_error "--benchmark_time_unit must be ns, us, ms or s, got 'h'" --benchmark_time_unit=h
expect_usage_error "--benchmark_color needs a value: auto, true or false" --benchmark_color=
expect_usage_error "--benchmark_context takes comma-separated key=value pairs, got 'commit'" --benchmark_context=commit
expect_usage_error "--benchmark_context takes comma-separated key=value pairs, got 'a=1,'" --benchmark_context=a=1,
expect_usage_error "--benchmark_context takes comma-separated key=value pairs, got 'a=1,b=2=3'" --benchmark_context=a=1,b=2=3
expect_usage_error "--benchmark_context cannot set 'slicebench_machine': the program writes that key itself" \
    --benchmark_context=commit=1,slicebench_machine=../../elsewhere
expect_usage_error "--benchmark_context cannot set 'noise_governor': the program writes that key itself" \
    --benchmark_context=noise_governor=x
expect_usage_error "--benchmark_min_warmup_time must be a number of seconds from 0, got 'soon'" \
    --benchmark_min_warmup_time=soon
expect_usage_error "--benchmark_min_warmup_time must be a number of seconds from 0, got '-1'" \
    --benchmark_min_warmup_time=-1
# The rest are Google Benchmark's to check: a value it cannot read stays in
# argv, which the program then refuses.
expect_usage_error "unknown option '--v=soon'" --v=soon

# --benchmark_min_time in each of Google Benchmark's forms: seconds, bare or
# with an s (1.8's), and iterations, which need 1.8.
one_switch=(--benchmark_filter='^switch/ping_pong/ucontext/' --benchmark_out="$work/min_time.json")
for seconds in 0.001 0.001s; do
    expect "--benchmark_min_time=$seconds runs" "$slicebench" "${one_switch[@]}" --benchmark_min_time="$seconds"
    expect "and writes its results" jq -e '.benchmarks | length == 1' "$work/min_time.json"
done
iterations_taken() {
    "$slicebench" "${one_switch[@]}" --benchmark_min_time=7x 2>"$work/stderr" >/dev/null
    if [ $? -eq 2 ]; then
        grep -qF -- "--benchmark_min_time=7x counts iterations, which needs Google Benchmark 1.8" "$work/stderr"
    else
        jq -e '.benchmarks == [.benchmarks[0]] and .benchmarks[0].iterations == 7' "$work/min_time.json"
    fi
}
expect "--benchmark_min_time=7x runs 7 iterations, or says it needs Google Benchmark 1.8" iterations_taken

# --help gives the suite's options, with their defaults, before Google Benchmark's.
expect "--help exits 0" "$slicebench" --help
cp "$work/out" "$work/help"
expect "--help names every option of the suite, then Google Benchmark's" awk '
    /^  --[a-z-]+/ { split($1, name, "="); seen[name[1]] = NR }
    /Google Benchmark.s options/ { google = NR }
    END {
        n = split("--workloads --pinned-workloads --models --placements --max-workers --max-coroutines --tasks --task-us " \
                  "--max-waiters --ipc-bytes --machine --list --help", names, " ")
        for (i = 1; i <= n; i++) if (!(names[i] in seen) || seen[names[i]] > google) exit 1
        exit !(google > 0)
    }' "$work/help"
# number_options: "--option least most default" for each number option of
# --help, its lines joined.
number_options() {
    awk '/^  --/ { if (option) print option; option = $0; next }
         /^     / { option = option " " $0; next }
         { if (option) print option; option = "" }' "$work/help" |
        sed -nE 's/^  (--[a-z-]+)=[A-Z]+ .* ([0-9]+) +to +([0-9]+) +\(default: ([^)]*)\)$/\1 \2 \3 \4/p'
}
expect "--help gives the bounds and default of every number option" \
    test "$(number_options | cut -d' ' -f1 | tr '\n' ' ')" = \
    "--max-workers --max-coroutines --tasks --task-us --max-waiters --ipc-bytes "
# Each number option takes its least and its most, and refuses one past
# either; the defaults --help gives are what a run without the options gets.
# The models are those whose curves the measured start costs never cut (a
# coroutine costs well under a microsecond): a curve of threads stops where
# starting them would take half a second, which two runs on a loaded machine
# price apart, even for a pool's 1,024 workers.
listed() { "$slicebench" --workloads=timer --models=seq,coroutine --benchmark_list_tests=true "$@"; }
each_option() { number_options | awk -v field="$1" '{ printf "%s=%s\n", $1, $field }'; }
expect "the number options take their least" listed $(each_option 2)
expect "and their most" listed $(each_option 3)
# The waiters' last count is what memory allows at that moment (capacity.h),
# which moves between two runs; their powers of ten do not.
steady() { sed -E '\|^waiters/|{\|/waiters:10*/|!d}'; }
listed | steady >"$work/without"
listed $(each_option 4) | steady >"$work/defaults"
expect "and their defaults are those of --help" diff "$work/without" "$work/defaults"
while read -r option least most default; do
    expect_usage_error "from $least to $most, got '$((least - 1))'" "$option=$((least - 1))"
    expect_usage_error "from $least to $most, got '$((most + 1))'" "$option=$((most + 1))"
done < <(number_options)
expect "--help ends with Google Benchmark's flags" grep -q -- "--benchmark_repetitions" "$work/help"
expect "--list names every family of bench/families.def" bash -c '
    "$1" --list >"$2/list" &&
    for family in $(sed -n "s/^SB_FAMILY(\([a-z_0-9]*\),.*/\1/p" "$3/bench/families.def"); do
        grep -q "^  $family " "$2/list" || { echo "no $family"; exit 1; }
    done' list "$slicebench" "$work" "$(cd "$(dirname "$0")/.." && pwd)"

quick=(--workloads=cpu_int,timer --max-workers=2 --tasks=4 --task-us=200 --max-waiters=100 --ipc-bytes=8,100000 --benchmark_min_time=0.001
       --benchmark_out_format=json --benchmark_out="$work/run.json")

expect "a small run succeeds" "$slicebench" "${quick[@]}" --models=seq,thread,process --placements=none,compact \
    --machine=test-machine
expect "the context names the machine and its PUs" \
    jq -e --arg pus "$(nproc)" '.context.slicebench_machine == "test-machine" and .context.hwloc_pus == $pus' "$work/run.json"
expect "every model, placement and worker count is there" \
    jq -e '[.benchmarks[].name | select(startswith("scaling/") and contains("/workers:"))]
           | index("scaling/timer/process/compact/workers:2/real_time") != null
           and index("scaling/cpu_int/seq/none/workers:1/real_time") != null and length == 18' "$work/run.json"
expect "every run processed 4 tasks a worker and counted its workers" \
    jq -e 'all(.benchmarks[] | select(.name | startswith("scaling/") and contains("/workers:"));
               .items_per_second > 0 and .tasks == 4 * .workers and (.workers as $w | .name | endswith("workers:\($w)/real_time")))' \
    "$work/run.json"
expect "the scaling family writes points alone, each with the task duration and costs its curve's knee is derived from" \
    jq -e '[.benchmarks[] | select(.name | startswith("scaling/"))]
           | all(.name | contains("/workers:"))
             and all(.task_us == 200 and .cpu_us_per_task >= 0 and .caller_cpu_us_per_task >= 0
                     and .fixed_cost_share >= 0 and .fixed_cost_share <= 1)' "$work/run.json"
expect "the switch family times a switch with ucontext and with Boost.Context" \
    jq -e '[.benchmarks[] | select(.name | startswith("switch/ping_pong/"))]
           | any(.name == "switch/ping_pong/ucontext/real_time") and any(.name == "switch/ping_pong/fcontext/real_time")
             and all(.switch_time > 0)' "$work/run.json"
expect "the overhead family prices an empty task in each chosen model and in OpenMP" \
    jq -e --arg pus "$(nproc)" '[.benchmarks[] | select(.name | startswith("overhead/"))]
           | ([.[].name] | sort) == (["openmp_task", "process", "thread"] | map("overhead/\(.)/workers:\($pus)/real_time")
                                     + ["overhead/seq/workers:1/real_time"] | sort)
             and all(.items_per_second > 0)' "$work/run.json"
expect "the timeslice family spins 1 to 64 threads and processes per PU, the raised probes run where permitted, and its fairness is a Jain index" \
    jq -e '.context as $c | $c.hwloc_pus as $pus | [.benchmarks[] | select(.name | startswith("timeslice/"))]
           | ([.[].name] | sort) == ([(["process", "thread"][] as $kind | (1, 2, 4, 16, 64) as $per_pu
                                       | "timeslice/\($kind)/pus:\($pus)/spinners:\($per_pu * ($pus | tonumber))/real_time"),
                                      (["nice-10", "fifo"][] | select($c["timeslice_probe_\(.)"] == "ran") as $probe | (1, 64) as $per_pu
                                       | "timeslice/thread/probe:\($probe)/pus:\($pus)/spinners:\($per_pu * ($pus | tonumber))/real_time")]
                                    | sort)
             and all(.spinners == .pus * .spinners_per_pu and .steps_per_second > 0
                     and .fairness >= 1 / .spinners - 1e-9 and .fairness <= 1 + 1e-9)' "$work/run.json"
expect "each timeslice row carries every counter docs/families/timeslice.md lists, at the values it gives" \
    /usr/bin/python3 - "$(dirname "$0")/../docs/families/timeslice.md" "$work/run.json" <<'EOF'
import json, re, sys
table = [line.split("|")[1:4] for line in open(sys.argv[1]) if line.startswith("| `")]
named = {name for names, _, _ in table for name in re.findall(r"`(\w+)`", names)}
# A meaning that ends with a number in parentheses, "(250)", gives the counter's value.
given = {re.findall(r"`(\w+)`", names)[0]: float(value.replace(",", ""))
         for names, _, meaning in table for value in re.findall(r"\(([\d,.]+)\)\s*$", meaning)}
rows = [row for row in json.load(open(sys.argv[2]))["benchmarks"] if row["name"].startswith("timeslice/")]
for row in rows:
    missing = sorted(named - set(row))
    unlike = [name for name, value in given.items() if row.get(name) != value]
    if missing or unlike:
        sys.exit(f"{row['name']}: {missing} missing, {unlike} not as documented")
sys.exit(0 if rows and given else "no timeslice row, or no value documented")
EOF
# A value v at rank r = p/100 x (n - 1) of n sorted samples lies between the
# samples of ranks floor(r) and floor(r) + 1 (from 0), so the bucket holding
# it has at least floor(r) + 1 samples at or below its upper edge, and the
# buckets below it at most that many.
expect "the timeslice probe's histogram counts each wake-up of every round once, and its percentiles lie in the buckets that hold them" \
    jq -e '[.benchmarks[] | select(.name | startswith("timeslice/"))]
           | length > 0 and all(.[];
               . as $b
               | [to_entries[] | select(.key | startswith("probe_hist_le_"))] | sort_by(.key)
               | map({edge: (.key | ltrimstr("probe_hist_le_") | if . == "inf" then infinite else rtrimstr("us") | tonumber end),
                      count: .value}) as $buckets
               | ($buckets | map(.count) | add) as $n
               | [foreach $buckets[].count as $count (0; . + $count)] as $through
               | $n > 0 and ($n - $b.probe_wakeups * $b.iterations | if . < 0 then -. else . end) < 1e-6 * $n
                 and $b.probe_p50_us <= $b.probe_p99_us and $b.probe_p99_us <= $b.probe_p999_us
                 and $b.probe_p999_us <= $b.probe_max_us
                 and all([50, $b.probe_p50_us], [99, $b.probe_p99_us], [99.9, $b.probe_p999_us], [100, $b.probe_max_us];
                         .[1] as $value | (.[0] / 100 * ($n - 1)) as $rank
                         | ([$buckets[].edge | select(. < $value)] | length) as $bucket
                         | (if $bucket == 0 then 0 else $through[$bucket - 1] end) <= ($rank + 1e-9 | floor) + 1
                           and ($rank - 1e-9 | floor) + 1 <= $through[$bucket]))' "$work/run.json"
# Without the right to raise a thread's priority (no CAP_SYS_NICE, which
# root gives up from its bounding set, and RLIMIT_NICE and RLIMIT_RTPRIO of
# 0), the raised probes' series are skipped and the context says why.
without_priority_rights=(prlimit --nice=0 --rtprio=0)
if [ "$(id -u)" -eq 0 ]; then
    without_priority_rights=(setpriv --bounding-set=-sys_nice --inh-caps=-sys_nice "${without_priority_rights[@]}")
fi
expect "a run without the right to raise a thread's priority succeeds" "${without_priority_rights[@]}" "$slicebench" \
    --benchmark_filter='^noise/' --benchmark_min_time=0.001 --benchmark_out="$work/unraised.json"
expect "and its context says why each raised probe is skipped" \
    jq -e '.context | (.["timeslice_probe_nice-10"] | startswith("skipped: not permitted: "))
                      and (.timeslice_probe_fifo | startswith("skipped: not permitted: "))' "$work/unraised.json"
# The plan prices a timeslice round at starting its spinners and its
# window: a probe period per wake-up for every spinner on a PU, a quarter
# second at one spinner per PU, up to the 1 s cap from four. Rows print to
# 0.01 s; at 16 and 64 spinners per PU both windows are the cap, so their
# difference is what 48 spinners per PU take to start, whatever it is here.
expect "the timeslice rows of threads and processes are planned" \
    "$slicebench" --plan --benchmark_filter='^timeslice/(thread|process)/pus:' --benchmark_min_time=0.001 \
    --benchmark_repetitions=1
expect "each priced at its spinners' start and its window, a quarter second at one spinner per PU, the 1 s cap from four" \
    awk '
    $1 == "run" && split($4, part, "/") == 5 {
        per_pu = substr(part[4], 10) / substr(part[3], 5)
        cost[part[2], per_pu] = $2
        kinds[part[2]]
    }
    END {
        for (kind in kinds) {
            start = (cost[kind, 64] - cost[kind, 16]) / 48
            for (per_pu = 1; per_pu <= 16; per_pu *= 2) {
                if (per_pu == 8)
                    continue
                window = cost[kind, per_pu] - per_pu * start
                wanted = per_pu < 4 ? per_pu / 4 : 1
                if (window < wanted - 0.02 || window > wanted + 0.02) {
                    printf "%s at %d spinners per PU: a window of %.3f s, not %.2f\n", kind, per_pu, window, wanted
                    exit 1
                }
            }
            checked++
        }
        exit checked != 2
    }' "$work/out"
expect "the ctxswitch family times each hand-off on one PU and across PUs, and the spawn of each unit" \
    jq -e '(.context.hwloc_pus | tonumber) as $pus | [.benchmarks[] | select(.name | startswith("ctxswitch/"))]
           | ([.[].name] | sort) == ([(["futex", "pipe"][] as $channel | ["thread", "process"][] as $partner
                                       | (["same_pu"] + if $pus > 1 then ["cross_pu"] else [] end)[] as $where
                                       | "\($channel)/\($partner)/\($where)"),
                                      "spawn/thread", "spawn/process", "spawn/coroutine", "spawn/pooled_coroutine"]
                                     | map("ctxswitch/\(.)/real_time") | sort)
             and all(.real_time > 0)
             and all(.[] | select(.name | contains("_pu/")); .switch_time > 0
                     and ((.caller_pu == .partner_pu) == (.name | contains("/same_pu/"))))' "$work/run.json"
expect "the waiters family waits on coroutines with each backend and on threads, up to --max-waiters" \
    jq -e '[.benchmarks[] | select(.name | startswith("waiters/"))]
           | ([.[].name | select(startswith("waiters/thread/"))] | sort)
               == ["waiters/thread/waiters:10/real_time", "waiters/thread/waiters:100/real_time"]
             and any(.name == "waiters/coroutine/epoll/waiters:100/real_time")
             and all(.waiters <= 100 and .wait_ms == 10 and .rss_bytes_per_waiter != null)' "$work/run.json"
expect "the ipc family exchanges each --ipc-bytes size over every transport, between two PUs, and times both lists" \
    jq -e '(.context.hwloc_pus | tonumber) as $pus | [.benchmarks[] | select(.name | startswith("ipc/"))]
           | ([.[].name] | sort) == ([(["round_trip", "stream"][] as $exchange
                                       | ["shm_spin", "shm_futex", "pipe", "unix", "tcp"][] as $transport
                                       | (8, 100000) as $bytes | "\($exchange)/\($transport)/bytes:\($bytes)"),
                                      (["manager", "shared_list"][] as $list | ["set", "append"][] as $op
                                       | "list/\($list)/\($op)")]
                                     | map("ipc/\(.)/real_time") | sort)
             and all(.real_time > 0)
             and all(.[] | select(.name | startswith("ipc/list/shared_list/") | not);
                     .parent_pu != .child_pu or $pus == 1)
             and all(.[] | select(.name | test("^ipc/(round_trip|stream)/"));
                     .bytes_per_second > 0 and .cpu_ns_per_message >= 0)' "$work/run.json"

expect "the sync family prices each primitive beside a pthread mutex, alone, with PUs and with 2 x PUs threads" \
    jq -e '(.context.hwloc_pus | tonumber) as $pus | [.benchmarks[] | select(.name | startswith("sync/"))]
           | ([.[].name] | sort)
               == ([["pthread_mutex", "lock", "rlock", "bounded_semaphore", "condition", "event", "barrier"][] as $primitive
                    | ([1, $pus, 2 * $pus] | unique)[] as $threads | "sync/\($primitive)/threads:\($threads)/real_time"]
                   | sort)
             and all(.op_time > 0 and (.threads as $threads | .name | endswith("threads:\($threads)/real_time"))
                     and .voluntary_switches_per_op >= 0 and .involuntary_switches_per_op >= 0)' "$work/run.json"

# The IO workloads run under every model; those left out of
# --pinned-workloads run under placement none alone.
expect "a run of the IO workloads succeeds" "$slicebench" --workloads=cpu_int,http,file_read,mixed50 \
    --pinned-workloads=cpu_int --models=seq,thread,gil,process --placements=none,compact --max-workers=2 --tasks=4 \
    --task-us=200 --benchmark_filter='^scaling/' --benchmark_min_time=0.001 --benchmark_out="$work/io.json"
expect "and runs only the pinned workloads pinned" \
    jq -e '([.benchmarks[].name | select(contains("/compact/")) | split("/")[1]] | unique) == ["cpu_int"]
           and ([.benchmarks[].name | select(startswith("scaling/http/") and contains("/workers:"))] | length) == 7
           and all(.benchmarks[] | select(.name | contains("/workers:")); .items_per_second > 0)' "$work/io.json"

# Ctrl-C in the middle of a run (SIGINT to its whole process group, children
# included): the report of what finished closes beside the results file,
# nothing is left running.
setsid "$slicebench" --workloads=timer --models=process,process_pool --max-workers=2 --task-us=2000 \
    --benchmark_filter='^scaling/' --benchmark_min_time=0.2 --benchmark_out="$work/ctrl-c.json" \
    >"$work/stdout" 2>"$work/stderr" &
group=$!
for _ in $(seq 200); do # until the run has begun writing its report
    grep -qs '"benchmarks"' "$work"/ctrl-c.json.partial-* && break
    sleep 0.05
done
kill -INT -- -"$group"
wait "$group"
expect "an interrupted run exits with 130" test $? -eq 130
expect "and says so" grep -q "interrupted; the benchmarks that finished are in '$work/ctrl-c.interrupted.json'" \
    "$work/stderr"
expect "its report is whole JSON, the skipped benchmarks marked" \
    jq -e '[.benchmarks[] | select(.error_message == "interrupted")] | length > 0' "$work/ctrl-c.interrupted.json"
expect "the results file is not written" test ! -e "$work/ctrl-c.json"
expect "no partial file is left" bash -c "! compgen -G '$work/ctrl-c.json.partial-*'"
expect "no process of the run is left" bash -c "! pgrep -g $group"

# Confined by taskset to one CPU, every policy stays on it.
cpu=$(taskset -pc $$ | sed 's/.*: //; s/[-,].*//')
expect "a run confined to one CPU succeeds" taskset -c "$cpu" "$slicebench" "${quick[@]}" --models=thread \
    --placements=scatter
expect "and sees one PU" jq -e '.context.hwloc_pus == "1"' "$work/run.json"
expect "where the lone spinner of a timeslice round makes steps" \
    jq -e '[.benchmarks[] | select(.name | startswith("timeslice/") and contains("/spinners:1/"))]
           | length > 0 and all(.steps_per_second > 0)' "$work/run.json"

expect_done cli
