"""The ipc plot's data, from the ipc family's results; nothing when it did
not run.

  data latency     a block per transport, headed by its name, rows
                   "bytes median min max" of the round trip, in microseconds
  data throughput  the same for streaming, in MB/s (10^6 bytes a second)
  data cpu         the same for the CPU time of both processes per message
                   of a round trip, in microseconds
  data list        a block per list (manager, shared_list), headed by its
                   name, rows "x operation median min max", in nanoseconds
                   per operation; x puts each operation's bars side by side
  vars <panel>_names  words: the titles of that panel's blocks, in order
       pinning        how the two processes were placed, for the title

Blocks are separated by two blank lines, transports in the order of
core/ipc/channel.h. Median, min and max are over the repetitions.
"""
from analysis.plotting import counter, data_blocks, family, number, spread

TRANSPORTS = ("shm_spin", "shm_futex", "pipe", "unix", "tcp")
LISTS = ("manager", "shared_list")
OPERATIONS = ("set", "append")


def rank(name: str, names: tuple) -> int:
    """Where a name comes in its order; after all of them when it is not there."""
    return names.index(name) if name in names else len(names)


def panel(name: str, blocks: list) -> dict:
    """A panel's blocks as its data file and the words naming its blocks."""
    return {"data": {name: data_blocks(blocks)}, "vars": {f"{name}_names": "".join(f"{title} " for title, _ in blocks)}}


def curves(benchmarks: list, exchange: str, figure, scale) -> list:
    """One block per transport of the exchange's benchmarks, a row per message
    size: "bytes median min max" of figure(benchmark), each through scale."""
    mine = [b for b in benchmarks if b["segments"][1] == exchange]
    transports = sorted({b["segments"][2] for b in mine}, key=lambda t: (rank(t, TRANSPORTS), t))
    return [(transport, [f"{number(b['arguments']['bytes'])} {spread(figure(b), scale)}"
                         for b in sorted((b for b in mine if b["segments"][2] == transport),
                                         key=lambda b: b["arguments"]["bytes"])])
            for transport in transports]


def lists(benchmarks: list) -> list:
    mine = [b for b in benchmarks if b["segments"][1] == "list"]
    made = []
    for kind in sorted({b["segments"][2] for b in mine}, key=lambda k: (rank(k, LISTS), k)):
        rows = sorted((b for b in mine if b["segments"][2] == kind), key=lambda b: b["segments"][3])
        made.append((kind, [f"{rank(b['segments'][3], OPERATIONS) * 3 + rank(kind, LISTS)} {b['segments'][3]} "
                            f"{spread(b['real_time_ns'])}" for b in rows]))
    return made


def pinning(benchmarks: list) -> str:
    """How the two processes were placed: the PUs, or scatter when they moved."""
    pairs = {(number(counter(b, "parent_pu")[end]), number(counter(b, "child_pu")[end]))
             for b in benchmarks if counter(b, "child_pu") for end in ("min", "max")}
    if len(pairs) == 1:
        parent, child = pairs.pop()
        return f"the two processes pinned to PUs {parent} and {child}"
    return "the two processes pinned to two PUs (scatter)"


def reshape(analysis: dict, history):
    benchmarks = family(analysis, "ipc")
    if not benchmarks:
        return None
    panels = [panel("latency", curves(benchmarks, "round_trip", lambda b: b["real_time_ns"], lambda ns: ns / 1e3)),
              panel("throughput", curves(benchmarks, "stream", lambda b: counter(b, "bytes_per_second"),
                                         lambda rate: rate / 1e6)),
              panel("cpu", curves(benchmarks, "round_trip", lambda b: counter(b, "cpu_ns_per_message"),
                                  lambda ns: ns / 1e3)),
              panel("list", lists(benchmarks))]
    return {"data": {k: v for p in panels for k, v in p["data"].items()},
            "vars": {**{k: v for p in panels for k, v in p["vars"].items()}, "pinning": pinning(benchmarks)}}
