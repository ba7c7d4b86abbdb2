#!/usr/bin/env bash
# The examples print what the notes say they print.
set -u
bin=$1
failures=0

separate=$("$bin/separate_memory")
expected='after a child process wrote it: 0
after a thread wrote it:        1'
if [ "$separate" != "$expected" ]; then
    echo "FAIL: separate_memory printed: $separate"
    failures=$((failures + 1))
fi

# "hello" and each of 0..9 exactly once. The notes' point that "hello" comes
# first holds because the threads sleep before printing: a matter of timing,
# so it is shown by the example, not asserted here.
threads=$("$bin/threads_start" 20)
if [ "$(sort <<<"$threads" | tr '\n' ' ')" != "0 1 2 3 4 5 6 7 8 9 hello " ]; then
    echo "FAIL: threads_start printed: $threads"
    failures=$((failures + 1))
fi

# The greenlets hand control around in the notes' order.
greenlet=$("$bin/greenlet_switch")
if [ "$greenlet" != $'12\n56\n777\n34\n68' ]; then
    echo "FAIL: greenlet_switch printed: $greenlet"
    failures=$((failures + 1))
fi

echo "examples: $((3 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
