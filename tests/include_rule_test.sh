#!/usr/bin/env bash
# The dependency rule of core/ (core/CMakeLists.txt): each folder is a layer
# that may include its own headers and those of the layers it uses, named by
# folder ("base/clock.h"), and nothing else. Checks every #include under
# core/ against the layers file the build writes, then checks that the check
# itself catches a wrong include.
#
#   tests/include_rule_test.sh BUILD/layers.txt
set -u
layers_file=$1
root=$(cd "$(dirname "$0")/.." && pwd)
source "$(dirname "$0")/expect.sh"

# check_includes CORE_DIR: prints each include that breaks the rule as
# "file:line: why"; fails if there is one.
check_includes() {
    local core=$1 broken=0 layer file line number target target_layer
    declare -A uses=()
    while IFS=: read -r layer line; do
        uses[$layer]=$(echo $line)
    done < <(grep -v '^#' "$layers_file")
    for folder in "$core"/*/; do
        layer=$(basename "$folder")
        if [ -z "${uses[$layer]+set}" ]; then
            echo "core/$layer/: a folder that core/CMakeLists.txt does not declare as a layer"
            broken=1
            continue
        fi
        while IFS=: read -r file number line; do
            [[ $line =~ \"([^\"]*)\" ]] && target=${BASH_REMATCH[1]}
            target_layer=${target%%/*}
            if [ "$target_layer" = "$target" ]; then
                echo "${file#"$core"/}:$number: \"$target\" must name its folder (\"<layer>/$target\")"
                broken=1
            elif [[ " $layer ${uses[$layer]} " != *" $target_layer "* ]]; then
                echo "${file#"$core"/}:$number: $layer may not include $target (it uses: ${uses[$layer]:-no other layer})"
                broken=1
            elif [ ! -e "$core/$target" ]; then
                echo "${file#"$core"/}:$number: $target does not exist"
                broken=1
            fi
        done < <(grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' \
                     "$folder"*.c "$folder"*.h "$folder"*.S 2>/dev/null)
    done
    return $broken
}

expect "the build wrote the layers file" test -s "$layers_file"
expect "every include under core/ keeps the rule" check_includes "$root/core"

# The check must catch each kind of wrong include, in a scratch copy.
wrong_include() { # wrong_include FILE LINE: a copy of core/ with LINE added to FILE
    rm -rf "$work/core"
    cp -r "$root/core" "$work/core"
    printf '%s\n' "$2" >>"$work/core/$1"
}
wrong_include base/clock.c '#include "models/model.h"'
expect_failure 'base/clock.c:' check_includes "$work/core"
expect "it names the rule broken" grep -qF 'base may not include models/model.h' "$work/out"
wrong_include python/gil.c '#include "coro/hub.h"'
expect_failure 'python may not include coro/hub.h (it uses: base)' check_includes "$work/core"
wrong_include coro/hub.c '#include "error.h"'
expect_failure '"error.h" must name its folder' check_includes "$work/core"
wrong_include models/seq.c '#include "base/no_such.h"'
expect_failure 'base/no_such.h does not exist' check_includes "$work/core"
wrong_include base/clock.h '  #  include "probes/pingpong.h"'
expect_failure 'base may not include probes/pingpong.h' check_includes "$work/core"
rm -rf "$work/core" && cp -r "$root/core" "$work/core" && mkdir "$work/core/extra" && touch "$work/core/extra/x.c"
expect_failure 'core/extra/: a folder that core/CMakeLists.txt does not declare' check_includes "$work/core"

expect_done include_rule
