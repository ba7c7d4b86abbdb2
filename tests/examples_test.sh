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

# Each reply once, in whatever order they land, then the summary.
gevent=$("$bin/gevent_spawn")
if [ "$(head -n3 <<<"$gevent" | sort | tr '\n' ' ')" != \
     "https://github.com/ 200 https://www.baidu.com/ 200 https://www.sina.com/ 200 " ] ||
   ! tail -n +4 <<<"$gevent" | grep -qxE 'all 3 done in [0-9]+ ms on one thread \((epoll|io_uring) hub\)'; then
    echo "FAIL: gevent_spawn printed: $gevent"
    failures=$((failures + 1))
fi

# Each site's page once, in whatever order the pool's callbacks print them.
crawler=$("$bin/crawler_pool" 20 2>/dev/null | sed -E 's|127\.0\.0\.1:[0-9]+|127.0.0.1:PORT|' | sort | tr '\n' ' ')
expected_crawl=""
for site in www.baidu.com www.doublenactive.cn www.sina.com www.yuzu-soft.com; do
    expected_crawl+="http://127.0.0.1:PORT/delay/20000us/$site 200 $site "
done
if [ "$crawler" != "$expected_crawl" ]; then
    echo "FAIL: crawler_pool printed: $crawler"
    failures=$((failures + 1))
fi
if "$bin/crawler_pool" soon 2>/dev/null; then
    echo "FAIL: crawler_pool took 'soon' for a delay"
    failures=$((failures + 1))
fi

# A Lock lets one thread at a time count v down, so the values come in
# order; a BoundedSemaphore(3) lets three, so only the set of values is sure.
# Every "ddd" is printed, wherever it lands.
counts_down() { # counts_down OUTPUT SORT: the values, sorted if asked, are 9..0
    grep -xE '[0-9]+' <<<"$1" | ${2:-cat} | tr '\n' ' '
}
lock=$("$bin/admission" lock 5)
if [ "$(counts_down "$lock")" != "9 8 7 6 5 4 3 2 1 0 " ] || [ "$(grep -cx ddd <<<"$lock")" != 10 ] ||
   [ "$(tail -n1 <<<"$lock")" != "most inside at once: 1" ] || "$bin/admission" spinlock 2>/dev/null; then
    echo "FAIL: admission lock printed: $lock"
    failures=$((failures + 1))
fi
semaphore=$("$bin/admission" semaphore 5)
if [ "$(counts_down "$semaphore" "sort -rn")" != "9 8 7 6 5 4 3 2 1 0 " ] ||
   [ "$(grep -cx ddd <<<"$semaphore")" != 10 ] || ! tail -n1 <<<"$semaphore" | grep -qx 'most inside at once: [123]'; then
    echo "FAIL: admission semaphore printed: $semaphore"
    failures=$((failures + 1))
fi

# Every thread waits at the event before the answer is read; "1" lets them
# all through, anything else none.
event=$(echo 1 | "$bin/event_gate")
event_status=$?
unset_event=$(echo 0 | "$bin/event_gate")
unset_status=$?
if [ "$event_status" != 0 ] || [ "$(head -n10 <<<"$event" | sort -u)" != ddd ] ||
   [ "$(counts_down "$event" "sort -rn")" != "9 8 7 6 5 4 3 2 1 0 " ] ||
   [ "$unset_status" != 1 ] || [ -n "$(counts_down "$unset_event")" ]; then
    echo "FAIL: event_gate printed: $event"
    failures=$((failures + 1))
fi

# notify(n) lets exactly n threads through, each printing under the lock; the
# end of the input lets the rest go; a line that is not a number is an error.
condition=$(printf '3\n2\n' | "$bin/condition_notify")
printf '3\nthree\n' | "$bin/condition_notify" >/dev/null 2>&1
bad_count_status=$?
if [ "$(head -n10 <<<"$condition" | sort -u)" != ddd ] ||
   [ "$(tail -n +11 <<<"$condition" | tr '\n' ' ')" != "notify(3) 9 8 7 notify(2) 6 5 notify_all() 4 3 2 1 0 " ] ||
   [ "$bad_count_status" != 2 ]; then
    echo "FAIL: condition_notify printed: $condition"
    failures=$((failures + 1))
fi

# Five worker processes, each printing once in whatever order they run; the
# list ends as the notes' does, through shared memory and through a manager.
for share in array manager; do
    shared=$("$bin/share_list" "$share" 0)
    if [ "$(tail -n1 <<<"$shared")" != "final: [1, 1, 1, 1, 1]" ] ||
       [ "$(grep -oE '^worker [0-9]+' <<<"$shared" | sort | tr '\n' ' ')" != \
         "worker 0 worker 1 worker 2 worker 3 worker 4 " ]; then
        echo "FAIL: share_list $share printed: $shared"
        failures=$((failures + 1))
    fi
done
if "$bin/share_list" list 2>/dev/null; then
    echo "FAIL: share_list took 'list' for a way to share"
    failures=$((failures + 1))
fi

echo "examples: $((12 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
