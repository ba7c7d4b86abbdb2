#!/usr/bin/env bash
# scripts/convoy_fidelity's contract, with a stand-in for slicebench that
# writes known rounds: it asks for the convoy's rounds interleaved and the
# noise row, writes the results and the check into --out and prints the
# check; its spinners run beside the rounds and none outlives it, whether
# it ends well, the rounds fail or it is stopped; bad usage gets status 2,
# results that will not do status 1, and neither leaves a file in --out.
#
#   tests/convoy_fidelity_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"
script=$root/scripts/convoy_fidelity

# The stand-in: records its arguments and how many spinners run, then acts
# as $STAND_IN_DOES says: "rounds" (the gil and cpython series at k = 2,
# ten rounds each), "gil-only", "fail", "hang" or "plan-fails" (its --plan
# fails; its run is then never made).
cat >"$work/slicebench" <<'STAND_IN'
#!/usr/bin/env bash
if [ "$1" = --plan ]; then
    [ "$STAND_IN_DOES" != plan-fails ] || { echo "no plan" >&2; exit 2; }
    echo "total 7 benchmarks 1.0 s (0.0 min); 10 repetition(s), min time 0.5 s"
    exit 0
fi
printf '%s\n' "$@" >"$STAND_IN_LOG"
# A spinner forked but not yet its shell is not named yet: wait a while for
# as many as $STAND_IN_SPINNERS.
for _ in $(seq 100); do
    [ "$(pgrep -fc convoy_fidelity-spinner)" -ge "$STAND_IN_SPINNERS" ] && break
    sleep 0.1
done
pgrep -fc convoy_fidelity-spinner >"$STAND_IN_LOG.spinners"
out=
for argument in "$@"; do
    case $argument in --benchmark_out=*) out=${argument#*=} ;; esac
done
case $STAND_IN_DOES in
fail) echo "a round failed" >&2; exit 1 ;;
hang) echo $$ >"$STAND_IN_LOG.pid"; exec sleep 600 ;;
esac
/usr/bin/python3 - "$out" "$STAND_IN_DOES" <<'WRITE'
import json, sys
out, does = sys.argv[1], sys.argv[2]
series = ["gil"] if does == "gil-only" else ["gil", "cpython"]
rows = [{"name": f"convoy/{s}/cpu_threads:2/real_time", "run_name": f"convoy/{s}/cpu_threads:2/real_time",
         "run_type": "iteration", "repetitions": 10, "repetition_index": i, "threads": 1, "iterations": 1,
         "real_time": 700.0, "cpu_time": 1.0, "time_unit": "ms", "lateness_p50_us": 9800.0,
         "lateness_p99_us": 40000.0, "long_wait_share": 0.6, "wakeups": 50, "cpu_threads": 2}
        for s in series for i in range(10)]
json.dump({"context": {"slicebench_machine": "m", "slicebench_topology": "t", "hwloc_pus": "2"},
           "benchmarks": rows}, open(out, "w"))
WRITE
STAND_IN
chmod +x "$work/slicebench"
export SLICEBENCH=$work/slicebench STAND_IN_LOG=$work/stand_in.log

# Spinners are counted by name across the machine: any that another run left
# (a check killed by SIGKILL cannot end its own) make the baseline.
spinners_left() { pgrep -fc convoy_fidelity-spinner || true; }
baseline=$(spinners_left)
export STAND_IN_SPINNERS=$baseline
no_spinner_left() { [ "$(spinners_left)" = "$baseline" ]; }
empty() { [ -z "$(ls -A "$1" 2>/dev/null)" ]; }

export STAND_IN_DOES=rounds
expect "a check of ten rounds" env STAND_IN_SPINNERS=$((baseline + 2)) \
    "$script" --rounds=10 --spinners=2 --out="$work/checked"
cp "$work/out" "$work/printed"
expect "prints the check's table" grep -qF "| 2 | p50 | 9.8 ms (9.8 ms to 9.8 ms) |" "$work/printed"
expect "says how long the program plans the rounds to take" \
    grep -qF "by the program's plan: total 7 benchmarks 1.0 s" "$work/printed"
expect "writes the results and the check" test -s "$work/checked/bench.json" -a -s "$work/checked/convoy_check.json" \
    -a -s "$work/checked/convoy_check.md"
expect "asks for the rounds interleaved" grep -qx -- "--benchmark_enable_random_interleaving=true" "$STAND_IN_LOG"
expect "asks for ten of each" grep -qx -- "--benchmark_repetitions=10" "$STAND_IN_LOG"
expect "asks for the convoy's gil and cpython series and the noise row" grep -qxF -- \
    "--benchmark_filter=^(convoy/(gil|cpython)/cpu_threads:(1|2|4)/|noise/)" "$STAND_IN_LOG"
expect "its two spinners ran beside the rounds" grep -qx $((baseline + 2)) "$STAND_IN_LOG.spinners"
expect "no spinner outlives it" no_spinner_left

expect_failure "--rounds must be a whole number from 10 to 1000" "$script" --rounds=9 --out="$work/bad"
expect_failure "--spinners must be a whole number from 0 to 64" "$script" --spinners=65 --out="$work/bad"
expect_failure "--spinners must be a whole number from 0 to 64" "$script" --spinners='1;true' --out="$work/bad"
expect_failure "unknown argument '--round=10'" "$script" --round=10 --out="$work/bad"
expect "bad usage leaves no --out" test ! -e "$work/bad"
expect_failure "is not built" env SLICEBENCH="$work/missing" "$script" --out="$work/bad"
expect "--rounds=010 is ten rounds, not octal eight" "$script" --rounds=010 --spinners=08 --out="$work/leading-zeros"
expect "  and asks for ten" grep -qx -- "--benchmark_repetitions=10" "$STAND_IN_LOG"

STAND_IN_DOES=plan-fails
rm -f "$STAND_IN_LOG"
expect_failure "the program cannot plan the rounds: no plan" "$script" --rounds=10 --spinners=1 --out="$work/unplanned"
expect "so no run is made" test ! -e "$STAND_IN_LOG"
expect "and no spinner is left" no_spinner_left

STAND_IN_DOES=fail
expect_failure "the rounds failed: a round failed" env STAND_IN_SPINNERS=$((baseline + 1)) \
    "$script" --rounds=10 --spinners=1 --out="$work/failed"
expect "failed rounds leave --out empty" empty "$work/failed"
expect "and no spinner" no_spinner_left

STAND_IN_DOES=gil-only
expect_failure "no convoy/gil and convoy/cpython rows" "$script" --rounds=10 --out="$work/one-sided"
expect "results that will not do leave --out empty" empty "$work/one-sided"

STAND_IN_DOES=hang
rm -f "$STAND_IN_LOG.pid"
STAND_IN_SPINNERS=$((baseline + 2)) "$script" --rounds=10 --spinners=2 --out="$work/stopped" >"$work/stopped.log" 2>&1 &
stopped=$!
for _ in $(seq 200); do [ -s "$STAND_IN_LOG.pid" ] && break; sleep 0.1; done
kill -TERM "$stopped"
wait "$stopped"
expect "a stopped check exits 143, as TERM's status" test $? = 143
expect "and leaves no spinner" no_spinner_left
expect "nor its run" eval "! kill -0 $(cat "$STAND_IN_LOG.pid") 2>/dev/null"
expect "nor a file in --out" empty "$work/stopped"

# Stopped before a busy loop leads a group of its own: setsid, slowed down
# here as a loaded machine may slow it, has not yet made one, so the loop's
# own pid must be ended too.
mkdir "$work/slow"
cat >"$work/slow/setsid" <<'SLOW'
#!/usr/bin/env bash
sleep 1
exec /usr/bin/setsid "$@"
SLOW
chmod +x "$work/slow/setsid"
PATH=$work/slow:$PATH "$script" --rounds=10 --spinners=1 --out="$work/early" >"$work/early.log" 2>&1 &
early=$!
sleep 0.3
kill -TERM "$early"
ended() { for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; return 1; }
if ended "$early"; then
    wait "$early"
    expect "stopped while its loops start, it exits 143" test $? = 143
else
    expect "stopped while its loops start, it ends" false
    pkill -KILL -f "$work/early" # the script, hung
fi
sleep 1.2 # past the slowed setsid's pause: a loop that escaped would be running by now
expect "  and no loop escapes it" no_spinner_left

expect_done convoy_fidelity
