#!/usr/bin/env bash
# The workflow's history between runs (.github/workflows/ci.yml), played
# here: six runs in a row on one runner, and one on the other runner type
# between the first two, each in a fresh workspace, against a scratch
# folder standing in for GitHub's cache. Each run restores the history as
# the workflow's restore step spells it (key, restore keys, path), appends
# its quick run's line as scripts/bench does (scripts/record_history, from a
# small results file), runs the workflow's own summary script and saves the
# history as its save step spells it. The second run must see the first,
# and not the other runner's; a step planted in the fifth run must be
# annotated as a warning once the sixth confirms it, and not before. Bad
# input gets one line and no summary.
#
#   tests/ci_history_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"
runner=ubuntu-24.04 other_runner=ubuntu-24.04-arm

expect "the workflow is YAML" /usr/bin/python3 -c '
import json, sys, yaml
with open(sys.argv[1]) as f:
    json.dump(yaml.safe_load(f), open(sys.argv[2], "w"))' "$root/.github/workflows/ci.yml" "$work/ci.json"

# plan RUNNER RUN_ID FOLDER: what the workflow's steps say for that run, with its
# expressions filled in, one file each in FOLDER: env (the job's, KEY=VALUE
# lines), restore_key, restore_keys (one a line), restore_path, save_key, save_path and
# summary.sh (the summary step's script). Fails on an expression it does not know.
plan() {
    /usr/bin/python3 - "$work/ci.json" "$1" "$2" "$3" <<'PYTHON'
import json, os, re, sys
ci, runner, run_id, folder = sys.argv[1:]
job = json.load(open(ci))["jobs"]["test"]
values = {"matrix.runner": runner, "github.run_id": run_id, "github.run_attempt": "1"}

def fill(text):
    def value(match):
        if match.group(1) not in values:
            sys.exit(f"an expression this test does not know: {match.group(1)}")
        return values[match.group(1)]
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", value, text)

def step(what, test):
    found = [s for s in job["steps"] if test(s)]
    if len(found) != 1:
        sys.exit(f"the workflow has {len(found)} steps that {what}, not one")
    return found[0]

env = {name: fill(text) for name, text in job["env"].items()}
values.update({f"env.{name}": text for name, text in env.items()})
restore = step("restore a cache", lambda s: s.get("uses", "").startswith("actions/cache/restore@"))
save = step("save a cache", lambda s: s.get("uses", "").startswith("actions/cache/save@"))
summary = step("run scripts/ci_summary", lambda s: "scripts/ci_summary" in s.get("run", ""))
values[f"steps.{restore['id']}.outputs.cache-primary-key"] = fill(restore["with"]["key"])
files = {"env": "".join(f"{name}={text}\n" for name, text in env.items()),
         "restore_key": fill(restore["with"]["key"]), "restore_keys": "".join(f"{line}\n" for line in fill(restore["with"]["restore-keys"]).splitlines()),
         "restore_path": fill(restore["with"]["path"]), "save_key": fill(save["with"]["key"]),
         "save_path": fill(save["with"]["path"]), "summary.sh": summary["run"]}
os.makedirs(folder)
for name, text in files.items():
    with open(os.path.join(folder, name), "w") as out:
        out.write(text)
PYTHON
}

# The cache: saved.list holds each saved entry's key and path, a tab
# between, oldest first; entry N (its line) holds the file in folder N.
cache=$work/cache
mkdir -p "$cache"
: >"$cache/saved.list"

# restore PLAN WORKSPACE: actions/cache/restore's rule: the entry of the
# key itself, else the newest whose key starts with a restore key, in their
# order; only an entry saved with the same path matches (the path is part of
# the cache's version).
restore() {
    local plan=$1 workspace=$2 key path prefix line
    key=$(<"$plan/restore_key") path=$(<"$plan/restore_path")
    line=$(awk -F'\t' -v key="$key" -v path="$path" '$1 == key && $2 == path { print NR }' "$cache/saved.list" | tail -n 1)
    while [ -z "$line" ] && IFS= read -r prefix; do
        [ -n "$prefix" ] || continue
        line=$(awk -F'\t' -v prefix="$prefix" -v path="$path" \
            'index($1, prefix) == 1 && $2 == path { print NR }' "$cache/saved.list" | tail -n 1)
    done <"$plan/restore_keys"
    if [ -n "$line" ]; then
        mkdir -p "$(dirname "$workspace/$path")"
        cp "$cache/$line/history" "$workspace/$path"
    fi
}

# save PLAN WORKSPACE: actions/cache/save's rule: a key already saved is
# not saved again, and a missing path saves nothing.
save() {
    local plan=$1 workspace=$2 key path
    key=$(<"$plan/save_key") path=$(<"$plan/save_path")
    if cut -f1 "$cache/saved.list" | grep -qxF -- "$key" || [ ! -f "$workspace/$path" ]; then
        return 0
    fi
    printf '%s\t%s\n' "$key" "$path" >>"$cache/saved.list"
    mkdir "$cache/$(wc -l <"$cache/saved.list")"
    cp "$workspace/$path" "$cache/$(wc -l <"$cache/saved.list")/history"
}

# The quick run's results: the overhead family of a committed run.
jq '.benchmarks |= map(select(.name | startswith("overhead/")))' "$root/results/epyc-2pu-vm/bench.json" \
    >"$work/bench.json"

# ci_run RUNNER N FACTOR STEP: run N of the workflow on RUNNER, each time
# FACTOR (fixed noise) and the pool's task STEP times dearer; its workspace
# is $work/RUNNER-N, its job's summary step-summary.md there, its
# annotations (the summary step's output) annotations.txt.
ci_run() {
    local run=$2 factor=$3 step=$4 workspace=$work/$1-$2 plan=$work/plan-$1-$2 machine
    plan "$1" "$run" "$plan" || return 1
    mkdir -p "$workspace"
    ln -s "$root/scripts" "$workspace/scripts"
    restore "$plan" "$workspace"
    machine=$(sed -n 's/^SLICEBENCH_MACHINE=//p' "$plan/env")
    # What make bench-quick leaves: the results, their analysis, and its line
    # appended to the history by scripts/record_history, as scripts/bench does.
    mkdir -p "$workspace/results/$machine"
    jq --arg date "2027-01-0${run}T00:00:00+00:00" --arg machine "$machine" \
       --argjson factor "$factor" --argjson step "$step" '
        .context.date = $date | .context.slicebench_machine = $machine
        | .benchmarks |= map(.real_time *= $factor
                             | if (.name | startswith("overhead/pool/")) then .real_time *= $step else . end)' \
        "$work/bench.json" >"$workspace/results/$machine/bench.json"
    "$root/scripts/analyse" "$workspace/results/$machine" >/dev/null || return 1
    "$root/scripts/record_history" "$workspace/results/$machine/bench.json" \
        "$workspace/results/history/$machine.jsonl" quick >/dev/null || return 1
    mapfile -t environment <"$plan/env"
    (cd "$workspace" && env "${environment[@]}" GITHUB_STEP_SUMMARY="$workspace/step-summary.md" \
        bash -e "$plan/summary.sh" >"$workspace/annotations.txt") || return 1
    save "$plan" "$workspace"
}

expect "the first run" ci_run "$runner" 1 1.00 1
expect "its summary says it is the first run" \
    grep -qF "This run is run 0 (2027-01-01, " "$work/$runner-1/step-summary.md"
expect "under the runner's machine name" \
    grep -qF "### slicebench on \` ci-$runner \`: its history of runs and its claims" "$work/$runner-1/step-summary.md"
expect "of one" grep -qF "the last of 1 run in the history: no step can be found" "$work/$runner-1/step-summary.md"
expect "with the claims' verdicts" grep -qE '^\| C10 \| holds \|' "$work/$runner-1/step-summary.md"
expect "no annotation" test ! -s "$work/$runner-1/annotations.txt"
expect "its history is saved in the cache, under the runner's name" \
    grep -qE "^[^[:space:]]*${runner}[^[:space:]]*	" "$cache/saved.list"

expect "a run on the other runner type" ci_run "$other_runner" 1 1.00 1
expect "starts from no history" grep -qF "the last of 1 run in the history" "$work/$other_runner-1/step-summary.md"
expect "the second run" ci_run "$runner" 2 1.02 1
expect "restores the first's history, not the other runner's, and appends to it" jq -se '
    length == 2 and all(.machine == "ci-ubuntu-24.04")' "$work/$runner-2/results/history/ci-$runner.jsonl"
expect "its summary names the run before it" \
    grep -qF "the run before it is run 0 (2027-01-01, " "$work/$runner-2/step-summary.md"
expect "of two" grep -qF "This run is run 1 (2027-01-02, " "$work/$runner-2/step-summary.md"
expect "each run saves its own" test "$(wc -l <"$cache/saved.list")" -eq 3

expect "the third run" ci_run "$runner" 3 0.99 1
expect "the fourth run" ci_run "$runner" 4 1.01 1
expect "the fifth run, the pool's task 1.5 times dearer" ci_run "$runner" 5 1.00 1.5
expect "the fifth run restores the fourth's history" \
    test "$(wc -l <"$work/$runner-5/results/history/ci-$runner.jsonl")" -eq 5
expect "one run at a new level is no step yet" test ! -s "$work/$runner-5/annotations.txt"
expect "and its summary says there is none" grep -qF "No step in the history" "$work/$runner-5/step-summary.md"

expect "the sixth run, still 1.5 times dearer" ci_run "$runner" 6 0.98 1.5
expect "annotates the step once, as a warning" test "$(wc -l <"$work/$runner-6/annotations.txt")" -eq 1
expect "naming the benchmark, its size and the run it starts at" grep -qE \
    '^::warning title=[^:]+::overhead/pool/workers:2 is 1\.[45][0-9]*x slower from run 4 \(2027-01-05, [0-9a-f]+\+?\) on$' \
    "$work/$runner-6/annotations.txt"
expect "its summary has the step in its table, annotated" grep -qE \
    '^\| ` overhead/pool/workers:2 ` \| run 4 \(2027-01-05, [0-9a-f]+\+?\) \| 1\.[45][0-9]*x \(slower\) \| 4, 2 \| [0-9.]+% \| \*\*warning\*\* \|$' \
    "$work/$runner-6/step-summary.md"
expect "the summary is kept in the workspace, as the artifact takes it" \
    cmp "$work/$runner-6/build-history/summary.md" "$work/$runner-6/step-summary.md"

# Bad input: one line, a non-zero exit and no summary written.
cd "$work/$runner-6" || exit 1
echo '{"benchmarks": []}' >"$work/not_history.jsonl"
expect_failure "ci_summary: $work/not_history.jsonl is not a slicebench history" \
    scripts/ci_summary "$work/not_history.jsonl" results/ci-$runner "$work/bad.md"
expect "without a summary" test ! -e "$work/bad.md"
expect_failure "ci_summary: $work/none/analysis.json cannot be read" \
    scripts/ci_summary "results/history/ci-$runner.jsonl" "$work/none" "$work/bad.md"
expect "in one line" test "$(wc -l <"$work/out")" -eq 1
expect "still without a summary" test ! -e "$work/bad.md"
expect_failure "usage: scripts/ci_summary" scripts/ci_summary "results/history/ci-$runner.jsonl"
cd "$root" || exit 1

expect_done ci_history
