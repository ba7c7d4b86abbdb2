"""A peer that misbehaves on request, for tests/cpython_peer_test.c: it
behaves as its first argument says.

    exit       ends before saying ready, saying why on stderr
    chatty     says something other than "ready"
    serve      says ready, then answers each request:
                 echo <words>    the words
                 fail            "error broken on purpose"
                 die             ends with exit status 3
                 hang            never answers
                 long <n>        a line of n x's
                 noisy <n>       n bytes on stderr, then "quiet"
    stubborn   says ready and never ends, whatever its input
"""

import signal
import sys
import time


def answer(words):
    verb, rest = words[0], words[1:]
    if verb == "echo":
        return " ".join(rest)
    if verb == "fail":
        return "error broken on purpose"
    if verb == "die":
        sys.exit(3)
    if verb == "hang":
        time.sleep(600)
    if verb == "long":
        return "x" * int(rest[0])
    if verb == "noisy":
        sys.stderr.write("n" * int(rest[0]))
        sys.stderr.flush()
        return "quiet"
    return "error unknown request"


def main(mode):
    if mode == "exit":
        print("gone on purpose", file=sys.stderr)
        return 1
    if mode == "chatty":
        print("hello", flush=True)
        return 0
    print("ready", flush=True)
    if mode == "stubborn":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            time.sleep(600)
    for line in sys.stdin:
        print(answer(line.split()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
