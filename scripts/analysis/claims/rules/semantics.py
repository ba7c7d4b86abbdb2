"""C1 and C9: what the semantics family shows, not a timing. Each
semantics/<check> row carries counters that say what the run saw (a forked
child's write, a Lock's admissions, ...); the claim holds when every
repetition shows the semantics. C9 shows the sync family's costs beside."""
from dataclasses import dataclass
from typing import Callable

from .. import claim
from ...fmt import duration, number
from ..evidence import counter_ns, intervals
from ..verdict import check, first_reason, judge, passed



@dataclass
class Semantics:
    """One check of the semantics family: its rows, why it cannot be judged
    (or None), whether every repetition is right and what they show."""
    name: str
    rows: list
    missing: object
    right_in: Callable
    shown_in: Callable

    @property
    def right(self) -> bool:
        return all(self.right_in(row.counters) for row in self.rows)

    @property
    def shown(self) -> str:
        return "; ".join(sorted({self.shown_in(row.counters) for row in self.rows}))


def semantics(evidence, check_name: str, counters: tuple, right: Callable, shown: Callable) -> Semantics:
    """semantics/<check_name>, every repetition of which must carry counters."""
    name = f"semantics/{check_name}"
    rows = [r for r in evidence.family("semantics") if r.name.segments[1:2] == (check_name,)]

    def missing():
        yield evidence.errored(f"^{name}/", "semantics")
        if not rows:
            yield f"{name} is not in the results"
        for counter in counters:
            if any(r.counter(counter) is None for r in rows):
                yield f"{name} has no {counter} counter"
    return Semantics(name, rows, first_reason(missing()), right, shown)


@claim("C1")
def separate_memory(evidence, bars):
    memory = semantics(evidence, "memory", ("child_write_seen", "thread_write_seen"),
                       lambda c: c["child_write_seen"] == 0 and c["thread_write_seen"] == 1,
                       lambda c: f"after a forked child wrote 1 the parent read {number(c['child_write_seen'])}; "
                                 f"after a thread wrote 1, {number(c['thread_write_seen'])}")
    if memory.missing:
        return evidence.not_measured(memory.missing)
    return judge(evidence.load, False,
                 [check(passed(memory.right), "the parent's reads do not show the separation: "
                                              "a process's memory is its own, a thread's its process's")],
                 [f"{memory.name}: {memory.shown}"],
                 lambda: "the child's write stayed in the child; the thread's write reached the parent")


def primitives(evidence) -> list:
    """C9's checks, one per primitive."""
    return [
        semantics(evidence, "lock", ("lock_tries", "lock_admitted"),
                  lambda c: c["lock_tries"] > 1 and c["lock_admitted"] == 1,
                  lambda c: f"Lock: {number(c['lock_admitted'])} of {number(c['lock_tries'])} threads admitted"),
        semantics(evidence, "bounded_semaphore",
                  ("semaphore_places", "semaphore_tries", "semaphore_admitted", "semaphore_over_release_refused"),
                  lambda c: c["semaphore_tries"] > c["semaphore_places"]
                  and c["semaphore_admitted"] == c["semaphore_places"] and c["semaphore_over_release_refused"] == 1,
                  lambda c: f"BoundedSemaphore({number(c['semaphore_places'])}): {number(c['semaphore_admitted'])} of "
                            f"{number(c['semaphore_tries'])} threads admitted, a release past its places "
                            f"{'refused' if c['semaphore_over_release_refused'] == 1 else 'accepted'}"),
        semantics(evidence, "event", ("event_waiters", "event_released"),
                  lambda c: c["event_waiters"] > 1 and c["event_released"] == c["event_waiters"],
                  lambda c: f"Event: set released {number(c['event_released'])} of "
                            f"{number(c['event_waiters'])} waiters"),
        semantics(evidence, "condition", ("notify_waiters", "notify_n", "notify_released", "notify_still_waiting"),
                  lambda c: c["notify_n"] < c["notify_waiters"] and c["notify_released"] == c["notify_n"]
                  and c["notify_still_waiting"] == c["notify_waiters"] - c["notify_n"],
                  lambda c: f"Condition: notify({number(c['notify_n'])}) released "
                            f"{number(c['notify_released'])} of {number(c['notify_waiters'])} waiters, "
                            f"{number(c['notify_still_waiting'])} still waiting"),
        semantics(evidence, "rlock", ("rlock_acquires", "rlock_depth", "rlock_other_admitted", "rlock_freed"),
                  lambda c: c["rlock_acquires"] > 1 and c["rlock_depth"] == c["rlock_acquires"]
                  and c["rlock_other_admitted"] == 0 and c["rlock_freed"] == 1,
                  lambda c: f"RLock: its holder re-entered {number(c['rlock_depth'])} of "
                            f"{number(c['rlock_acquires'])} times; "
                            f"another thread {'kept out' if c['rlock_other_admitted'] == 0 else 'let in'} meanwhile, "
                            f"{'let in' if c['rlock_freed'] == 1 else 'still kept out'} once all were undone"),
    ]


# The primitives whose costs the sync family must price.
PRICED = ("lock", "rlock", "semaphore", "event", "condition")


def costs(evidence):
    """The sync family's costs per operation: their figures, and what is
    missing of them as a note (they are shown, not judged)."""
    measured = intervals(evidence.family("sync"), counter_ns("op_time"))
    figures = []
    for primitive in sorted({m.name.segments[1] for m in measured}):
        series = sorted((m for m in measured if m.name.segments[1] == primitive),
                        key=lambda m: (m.name.concurrency is not None, m.name.concurrency or 0))
        figures.append(f"{primitive}: " + ", ".join(
            f"{duration(m.value.median)} at {'?' if m.name.concurrency is None else m.name.concurrency} "
            f"thread{'' if m.name.concurrency == 1 else 's'}" for m in series))
    unpriced = [p for p in PRICED if all(p not in m.name.segments[1] for m in measured)]
    notes = [evidence.errored("^sync/", "sync"),
             "the sync family (their costs) is not in the results" if not measured
             else f"no cost rows for {', '.join(unpriced)}" if unpriced else None]
    return figures, "".join(f"; {note}" for note in notes if note)


@claim("C9")
def primitives_keep_semantics(evidence, bars):
    checks = primitives(evidence)
    cost_figures, cost_note = costs(evidence)
    missing = first_reason(c.missing for c in checks)
    if missing:
        return evidence.not_measured(missing + cost_note, cost_figures)
    wrong = [c.name for c in checks if not c.right]
    return judge(evidence.load, False,
                 [check(passed(not wrong), f"{', '.join(wrong)} did not keep Python's semantics{cost_note}")],
                 [f"{c.name}: {c.shown}" for c in checks] + cost_figures,
                 lambda: f"every primitive kept Python's semantics in every repetition{cost_note}")
