#!/usr/bin/env bash
# docs/claims.md is the page scripts/claims_doc writes from docs/claims.json
# now, with a section per claim; scripts/claims_doc refuses a claims file
# that is not a list of claims, in one line. (docs/claims.json itself, and
# the claims' rules that read it, are tested in tests/analysis/test_claims_*.py.)
#
#   claims_doc_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

expect "scripts/claims_doc writes the page" "$root/scripts/claims_doc" "$work/claims.md"
expect "docs/claims.md is what scripts/claims_doc writes from docs/claims.json (if not, run scripts/claims_doc)" \
    diff -u "$root/docs/claims.md" "$work/claims.md"
expect "scripts/claims_doc writes the page to stdout with -" bash -c '"$1/scripts/claims_doc" - | cmp - "$2"' \
    - "$root" "$work/claims.md"
expect "the page has a section per claim of docs/claims.json, each with its expected shape, rule and measures" bash -c '
    claims=$(/usr/bin/python3 -c "import json, sys; print(len(json.load(open(sys.argv[1]))))" "$2")
    [ "$claims" -gt 0 ] && [ "$(grep -c "^## C[0-9]*: " "$1")" = "$claims" ] &&
    [ "$(grep -c "^Expected: " "$1")" = "$claims" ] && [ "$(grep -c "^Decided by: " "$1")" = "$claims" ] &&
    [ "$(grep -c "^Measured by: " "$1")" = "$claims" ]' - "$work/claims.md" "$root/docs/claims.json"

mkdir -p "$work/tree/docs" "$work/tree/scripts"
cp -r "$root/scripts/claims_doc" "$root/scripts/analysis" "$work/tree/scripts/"
echo '[{"id": "C1", "claim": ""}]' >"$work/tree/docs/claims.json"
expect_failure "claims_doc: $work/tree/docs/claims.json is not a list of {id, claim, shape, rule, families, bars}" \
    "$work/tree/scripts/claims_doc" "$work/tree/docs/claims.md"
expect "a refused claims file leaves no page behind" test ! -e "$work/tree/docs/claims.md"
expect "the refusal is one line" bash -c '! "$1" 2>&1 >/dev/null | sed -n 2p | grep -q .' - "$work/tree/scripts/claims_doc"

expect_done claims_doc
