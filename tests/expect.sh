# What the shell tests share, sourced by them: a scratch folder $work,
# removed on exit, and checks that are counted.
#
#   expect "description" command...    passes when the command succeeds
#   expect_failure "message" command... passes when it fails, saying message
#   expect_done NAME                    prints the tally; fails if a check did
#
# A command's output lands in $work/out once it is done, so a check may read
# the output of the command before it.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 checks=0

expect() {
    local description=$1
    shift
    checks=$((checks + 1))
    if ! "$@" >"$work/out.new" 2>&1; then
        # A long output's cause is mostly at its end (an error, a sanitizer's
        # report), so its start and its end are shown.
        if [ "$(wc -c <"$work/out.new")" -le 4000 ]; then
            echo "FAIL: $description: $(cat "$work/out.new")"
        else
            echo "FAIL: $description: $(head -c 1000 "$work/out.new")"
            echo "[...] $(tail -c 3000 "$work/out.new")"
        fi
        failures=$((failures + 1))
    fi
    mv "$work/out.new" "$work/out"
}

expect_failure() {
    local message=$1
    shift
    checks=$((checks + 1))
    if "$@" >"$work/out.new" 2>&1 || ! grep -qF -- "$message" "$work/out.new"; then
        echo "FAIL: $* should fail saying '$message'; it said: $(cat "$work/out.new")"
        failures=$((failures + 1))
    fi
    mv "$work/out.new" "$work/out"
}

expect_done() {
    echo "$1: $((checks - failures)) passed, $failures failed"
    [ "$failures" -eq 0 ]
}
