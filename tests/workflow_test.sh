#!/usr/bin/env bash
# The CI workflow, .github/workflows/ci.yml, read as GitHub Actions reads
# it: it runs on pushes and pull requests, on each runner type, in Debian;
# it tests, gates, compares a pull request's wall time with its base into
# the job's summary, keeps each runner's history of runs in the cache
# (restored before the quick run, summarised and saved after it), and keeps
# the results; its scripts are valid bash, run what exists, and take no
# expression into their source.
#
#   tests/workflow_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"
workflow=$root/.github/workflows/ci.yml

# YAML 1.1, which PyYAML reads, takes the key `on` for true; GitHub reads it
# as "on", and so does the JSON written here for jq.
expect "the workflow is YAML" /usr/bin/python3 -c '
import json, sys, yaml
with open(sys.argv[1]) as f:
    document = yaml.safe_load(f)
if True in document:
    document["on"] = document.pop(True)
with open(sys.argv[2], "w") as f:
    json.dump(document, f)' "$workflow" "$work/ci.json"
check() {
    jq -e "def job: .jobs.test; def step(\$text): job.steps[] | select(.run // \"\" | contains(\$text));
           def uses(\$action): job.steps[] | select(.uses // \"\" | startswith(\$action + \"@\")); $1" \
        "$work/ci.json" >/dev/null
}

expect "it runs on every push and pull request" check '.on | has("push") and has("pull_request")'
expect "on x86-64 and arm runners" \
    check 'job.strategy.matrix.runner | index("ubuntu-24.04") and index("ubuntu-24.04-arm")'
expect "each job on its matrix's runner" check 'job."runs-on" == "${{ matrix.runner }}"'
expect "in a Debian container" check 'job.container | (.image? // .) | startswith("debian:")'
expect "with the whole history checked out" \
    check 'job.steps[] | select(.uses // "" | startswith("actions/checkout@")) | .with."fetch-depth" == 0'
expect "it tests, then gates, then compares" check '
    [job.steps | to_entries[] | select(.value.run // "" | test("make test|make gate|scripts/ab")) | .value.run
     | capture("(?<what>make test|make gate|scripts/ab)").what] == ["make test", "make gate", "scripts/ab"]'
expect "it compares on pull requests only" check 'step("scripts/ab") | .if | contains("pull_request")'
expect "against the pull request's base, passed as data" \
    check 'step("scripts/ab") | .env.BASE == "${{ github.event.pull_request.base.sha }}" and (.run | contains("\"$BASE\""))'
expect "its summary goes to the job's summary" check '
    step("scripts/ab") | .run | capture("--out=(?<out>[^ ]+)").out as $out
    | contains("\($out)/summary.md >>\"$GITHUB_STEP_SUMMARY\"")'
expect "the results, report and comparison are kept, even when a step fails" check '
    job.steps[] | select(.uses // "" | startswith("actions/upload-artifact@")) | .if == "always()"
    and (.with.path | contains("results/report/") and contains("build-ab/ab.json") and contains("build-ab/summary.md"))'
expect "an artifact's name is its runner's" \
    check 'job.steps[] | select(.uses // "" | startswith("actions/upload-artifact@")) | .with.name | contains("${{ matrix.runner }}")'

# The runner's history between runs (tests/ci_history_test.sh plays these steps).
expect "it restores the history after the checkout, runs, summarises, saves, then keeps the artifact" check '
    [job.steps[] | (.uses // "") as $uses | (.run // "") as $run
     | if ($uses | startswith("actions/checkout@")) then "checkout"
       elif ($uses | startswith("actions/cache/restore@")) then "restore"
       elif ($run | contains("make bench-quick")) then "quick run"
       elif ($run | contains("scripts/ci_summary")) then "summary"
       elif ($uses | startswith("actions/cache/save@")) then "save"
       elif ($uses | startswith("actions/upload-artifact@")) then "artifact"
       else empty end] == ["checkout", "restore", "quick run", "summary", "save", "artifact"]'
expect "the history kept is the one the quick run appends to" \
    check 'job.env.SLICEBENCH_CI_HISTORY == "results/history/\(job.env.SLICEBENCH_MACHINE).jsonl"'
expect "restored and saved at that path, kept in the artifact" check '
    "${{ env.SLICEBENCH_CI_HISTORY }}" as $path
    | uses("actions/cache/restore").with.path == $path and uses("actions/cache/save").with.path == $path
      and (uses("actions/upload-artifact").with.path | contains($path))'
expect "its cache key names the runner and changes with each run" check '
    uses("actions/cache/restore").with.key | contains("${{ matrix.runner }}") and contains("${{ github.run_id }}")'
expect "it restores the newest of its runner'\''s, by a prefix of the key" check '
    uses("actions/cache/restore").with as $with | $with."restore-keys" as $prefix
    | ($prefix | contains("${{ matrix.runner }}")) and ($with.key | startswith($prefix)) and $with.key != $prefix'
expect "it saves under the key it restored with" check '
    uses("actions/cache/restore").id as $id
    | uses("actions/cache/save").with.key == "${{ steps.\($id).outputs.cache-primary-key }}"'
expect "it saves even when a step failed, not when cancelled" check 'uses("actions/cache/save").if | contains("!cancelled()")'
expect "the history's summary goes to the job's summary and the artifact" check '
    uses("actions/upload-artifact").with.path as $kept
    | job.steps[] | select(.run // "" | contains("scripts/ci_summary")) | .run
    | capture("\"\\$SLICEBENCH_CI_HISTORY\" [^ ]+ (?<out>[^ \n]+)").out as $out
    | contains("\($out) >>\"$GITHUB_STEP_SUMMARY\"") and ($kept | contains($out))'
expect "no script takes an expression into its source" check '[job.steps[].run // empty | contains("${{")] | any | not'

jq -r '.jobs.test.steps | to_entries[] | select(.value.run) | "\(.key)\t\(.value.run | @base64)"' "$work/ci.json" |
while IFS=$'\t' read -r index script; do
    base64 -d <<<"$script" >"$work/step-$index.sh"
done
for script in "$work"/step-*.sh; do
    expect "the script of step $(basename "$script" .sh | cut -d- -f2) is valid bash" bash -n "$script"
done
for target in $(grep -ohE '\bmake [a-z-]+' "$work"/step-*.sh | cut -d' ' -f2 | sort -u); do
    expect "make $target is a target of the Makefile" make -n -C "$root" "$target"
done

expect_done workflow
