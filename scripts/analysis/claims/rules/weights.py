"""C7: processes are heavier than threads, coroutines lighter still. One
life of each unit, from the first source that priced all three without a
failed row (ctxswitch/spawn, else overhead and switch/create_destroy): a
process's over a thread's and a thread's over a coroutine's above the bar;
every thread switch of ctxswitch over the cheapest coroutine switch above
it; each process switch at least a share of its thread twin's. Each ratio
is the paired family's where it ran (the two measured in alternating
slices): a process switch over its thread twin, that thread switch over a
coroutine switch, a life over a lighter one."""
from dataclasses import dataclass
from typing import Optional

from .. import claim
from ... import paired as paired_family
from ...fmt import number, ratio_text, sig3_text, speed, time_text
from ...stats.intervals import NO, Interval, above, at_least, ratio_interval
from ..evidence import by_median, counter_ns, intervals, min_by, paired, time_ns
from ..verdict import check, first_reason, judge
from ..words import percent

UNITS = ("process", "thread", "coroutine")
CHEAPEST = by_median(lambda m: m.value)


@dataclass(frozen=True)
class Lives:
    """One life of a process, a thread and a coroutine, from one source."""
    source: str
    failed: Optional[str]
    process: object
    thread: object
    coroutine: object

    @property
    def complete(self) -> bool:
        return self.failed is None and all(getattr(self, unit) is not None for unit in UNITS)


def _life(measured, unit):
    return next((m.value for m in measured if unit in m.name.segments), None)


def _sources(evidence) -> list:
    overhead = intervals(evidence.family("overhead"), time_ns)
    created = intervals([r for r in evidence.family("switch") if r.name.segments[1:2] == ("create_destroy",)], time_ns)
    cheapest_created = min_by(created, CHEAPEST)
    return [Lives("ctxswitch/spawn", evidence.errored("^ctxswitch/spawn/", "spawn"),
                  *(_life(evidence.spawn, unit) for unit in UNITS)),
            Lives("overhead, switch/create_destroy",
                  evidence.errored("^(overhead/(process|thread)|switch/create_destroy)/",
                                   "overhead and create_destroy"),
                  _life(overhead, "process"), _life(overhead, "thread"),
                  cheapest_created.value if cheapest_created else None)]


@dataclass(frozen=True)
class Weight:
    """A heavier operation over a lighter one, and its sampling where paired."""
    what: str
    ratio: Interval
    sampling: Optional[object]  # paired.Sampling

    def text(self) -> str:
        return f"{ratio_text(self.ratio)}{paired_family.note(self.sampling)}"


def _weight(what, a, b, figures, key, paired_what=None) -> Weight:
    """a over b, the paired family's figure under key in its place where it
    ran (then said as paired_what, where the two sides differ)."""
    ratio, sampling = paired_family.ratio_or(figures, key, ratio_interval(a, b))
    return Weight(paired_what if sampling and paired_what else what, ratio, sampling)


def _heavier(weight, bar):
    """A weight above the bar."""
    status = above(weight.ratio, bar)
    return check(status, f"{weight.what}: {'not above' if status == NO else 'against'} {speed(bar)}, {weight.text()}",
                 weight.sampling is not None)


def _thread_switch_key(pair) -> str:
    """The paired family's key of the thread switch of a ctxswitch pair over a coroutine switch."""
    segments = pair.a.name.segments
    return f"thread_switch/{segments[1]}/{segments[3]}"


def _twin_check(twin, bar):
    """A process switch over its thread twin (a Weight named by their key) at least the bar."""
    status = at_least(twin.ratio, bar)
    said = f"cost over {percent(1 - bar)} less than" if status == NO else f"against {number(bar)} x"
    return check(status, f"{twin.what}: a process switch {said} its thread twin, {twin.text()}",
                 twin.sampling is not None)


@claim("C7")
def processes_heavier(evidence, bars):
    sources = _sources(evidence)
    lives = next((s for s in sources if s.complete), None)
    switches = [r for r in evidence.family("switch")
                if r.name.segments[1:2] == ("ping_pong",) and r.counter("switch_time") is not None]
    coroutine_switch = min_by(intervals(switches, counter_ns("switch_time")), CHEAPEST)
    ctxswitch = [r for r in evidence.family("ctxswitch") if r.name.segments[1:2] != ("spawn",)]
    pairs = paired(intervals(ctxswitch, counter_ns("switch_time")), "^thread$", "^process$")
    twins = evidence.paired_ratios

    def missing():
        if lives is None:
            yield next((s.failed for s in sources if s.failed), "neither ctxswitch/spawn nor the overhead and switch "
                       "families (create_destroy) priced a process, a thread and a coroutine")
        yield evidence.errored("^switch/ping_pong/", "coroutine switch")
        if coroutine_switch is None:
            yield "no coroutine switch was timed (switch/ping_pong)"
        yield evidence.errored("^ctxswitch/(?!spawn/)", "ctxswitch")
        if not pairs:
            yield "no thread and process switches alike in the rest of their name were timed (ctxswitch)"
    reason = first_reason(missing())
    if reason:
        return evidence.not_measured(reason)
    heavier, twin = bars["heavier"], bars["process_over_thread_switch"]
    # Each process switch over its thread twin, named by their key.
    twin_weights = [_weight(p.key, p.b.value, p.a.value, twins, p.key) for p in pairs]
    weights = ([_weight("one process's life over one thread's", lives.process, lives.thread, twins,
                        "spawn/process/thread"),
                _weight("one thread's life over one coroutine's", lives.thread, lives.coroutine, twins,
                        "spawn/thread/coroutine")]
               + [_weight(f"{p.key}'s thread switch over the cheapest coroutine switch", p.a.value,
                          coroutine_switch.value, twins, _thread_switch_key(p),
                          f"{p.key}'s thread switch over a coroutine switch on the thread's own backend")
                  for p in pairs])
    checks = ([_heavier(w, heavier) for w in weights]
              + [_twin_check(w, twin) for w in twin_weights])
    figures = ([f"one life ({lives.source}): process {time_text(lives.process)}, thread {time_text(lives.thread)}, "
                f"coroutine {time_text(lives.coroutine)}",
                f"coroutine switch: {time_text(coroutine_switch.value)} ({coroutine_switch.name.segments[2]})"]
               + [f"{p.key} switch: thread {time_text(p.a.value)}, process {time_text(p.b.value)}; "
                  f"process over thread {w.text()}" for p, w in zip(pairs, twin_weights)]
               + [f"{w.what}: {w.text()}" for w in weights if w.sampling])

    def holds():
        shares = [w.ratio.median for w in twin_weights]
        return ("creation is ordered process > thread > coroutine; a coroutine switch is the cheapest, and process "
                f"switches cost {sig3_text(min(shares))} to {sig3_text(max(shares))} x their thread twins")
    return judge(evidence.load, True, checks, figures, holds)
