#!/usr/bin/env bash
# The claims' one statement, docs/claims.json: it has the claims C1..C10, each
# with its texts; scripts/claims.jq takes its texts from it and fails naming
# a claim it lacks; and docs/claims.md is the page scripts/claims_doc writes
# from it now.
#
#   claims_doc_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"
claims=$root/docs/claims.json

# ---- docs/claims.json ----------------------------------------------------------
expect "docs/claims.json has exactly the claims C1..C10, in order" \
    jq -e '[.[].id] == [range(1; 11) | "C\(.)"]' "$claims"
expect "each claim has a non-empty statement, shape and rule" jq -e '
    all(.[]; all(.claim, .shape, .rule; type == "string" and length > 0))' "$claims"
expect "each claim is measured by one family or more" jq -e '
    all(.[]; (.families | type) == "array" and (.families | length) > 0)' "$claims"
expect "each family named is one of bench/families.def" bash -c '
    jq -r "[.[].families[]] | unique[]" "$1" | while read -r family; do
        grep -q "^SB_FAMILY($family," "$2/bench/families.def" || { echo "no family $family"; exit 1; }
    done' - "$claims" "$root"
expect "each family scripts/claims.jq reads is named by a claim" bash -c '
    for family in $(grep -o "family(\"[a-z_]*\")" "$2/scripts/claims.jq" | sed "s/family(\"\(.*\)\")/\1/" | sort -u); do
        jq -e --arg family "$family" "any(.[]; .families | index([\$family]))" "$1" >/dev/null ||
            { echo "no claim names $family"; exit 1; }
    done' - "$claims" "$root"

# ---- scripts/claims.jq -----------------------------------------------------------
echo '{"context": {"hwloc_pus": "2"}, "benchmarks": []}' >"$work/empty.json"
expect "claims.jq gives a row for every claim" jq -f "$root/scripts/claims.jq" "$work/empty.json"
cp "$work/out" "$work/rows.json"
expect "every id claims.jq gives is in docs/claims.json, with its texts from there" jq -e --slurpfile claims "$claims" '
    map({id, claim, shape, rule}) == ($claims[0] | map({id, claim, shape, rule}))' "$work/rows.json"
mkdir -p "$work/tree/scripts" "$work/tree/docs"
cp "$root/scripts/claims.jq" "$root/scripts/results.jq" "$root/scripts/claims_doc" "$work/tree/scripts/"
jq 'map(select(.id != "C5"))' "$claims" >"$work/tree/docs/claims.json"
expect_failure "claim C5 is missing from docs/claims.json" jq -f "$work/tree/scripts/claims.jq" "$work/empty.json"

# ---- docs/claims.md -------------------------------------------------------------
expect "scripts/claims_doc writes the page" "$root/scripts/claims_doc" "$work/claims.md"
expect "docs/claims.md is what scripts/claims_doc writes from docs/claims.json (if not, run scripts/claims_doc)" \
    diff -u "$root/docs/claims.md" "$work/claims.md"
expect "the page has a section per claim, each with its expected shape, rule and measures" bash -c '
    [ "$(grep -c "^## C[0-9]*: " "$1")" = 10 ] && [ "$(grep -c "^Expected: " "$1")" = 10 ] &&
    [ "$(grep -c "^Decided by: " "$1")" = 10 ] && [ "$(grep -c "^Measured by: " "$1")" = 10 ]' - "$work/claims.md"
echo '[{"id": "C1", "claim": ""}]' >"$work/tree/docs/claims.json"
expect_failure "is not a list of {id, claim, shape, rule, families}" \
    "$work/tree/scripts/claims_doc" "$work/tree/docs/claims.md"

expect_done claims_doc
