"""The ctxswitch plot's data: the ctxswitch family's results, with the
switch family's coroutine ping-pong, when present, as the coroutine's
switch. Times in nanoseconds, median min max over the repetitions.

  data switches  "mechanism same_median same_min same_max cross_median
                 cross_min cross_max" per switch, lightest mechanism first,
                 NaN where not measured; absent without the family's own
                 rows (a coroutine bar alone says nothing)
  data spawns    "unit median min max" per unit created, run and reclaimed;
                 absent when none ran
  vars tallest   the largest figure in switches, to six significant digits
       same_pus, cross_pus   the PUs (OS indices) of each placement, e.g.
                 "0+0" and "0+1"; "" where it did not run
"""
import math

from analysis.plotting import counter, data_text, number, spread

SWITCHES = ("coroutine", "futex/thread", "futex/process", "pipe/thread", "pipe/process")
SPAWNS = ("pooled_coroutine", "coroutine", "thread", "process")
SAME_PU, CROSS_PU = "same_pu", "cross_pu"
COROUTINE_SWITCH = "switch/ping_pong/asm"
SIGNIFICANT_DIGITS = 6


def _round(value: float) -> float:
    """C's round(): halves away from zero."""
    whole = math.floor(abs(value))
    return math.copysign(whole + (1 if abs(value) - whole >= 0.5 else 0), value)


def significant(value: float) -> float:
    """A number to six significant digits, a whole number whole: enough for
    the y range that tallest sets."""
    if value == math.floor(value):
        return value
    exponent = SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(abs(value)))
    if exponent >= 0:
        scale = math.pow(10, exponent)
        return _round(value * scale) / scale
    scale = math.pow(10, -exponent)
    return _round(value / scale) * scale


def switches(analysis: dict) -> list:
    """[(mechanism, where, switch_time figure, pus)] of every switch measured."""
    made = []
    for b in analysis["benchmarks"]:
        s = b["segments"]
        if s[0] == "ctxswitch" and s[1] != "spawn":
            pus = f"{number(counter(b, 'caller_pu')['median'])}+{number(counter(b, 'partner_pu')['median'])}"
            made.append((f"{s[1]}/{s[2]}", s[3], counter(b, "switch_time"), pus))
        elif b["name"] == COROUTINE_SWITCH:
            made.append(("coroutine", SAME_PU, counter(b, "switch_time"), None))
    return made


def nanoseconds(seconds: float) -> float:
    return seconds * 1e9


def switch_figures(mechanism: str, measured: list) -> list:
    """The mechanism's switch_time figures same PU and across PUs (None: not measured)."""
    return [next((figure for m, w, figure, _ in measured if m == mechanism and w == where), None)
            for where in (SAME_PU, CROSS_PU)]


def tallest(figures: list) -> float:
    """The largest figure drawn, in nanoseconds; 0 for none."""
    values = [nanoseconds(f[key]) for f in figures if f and f["median"] is not None for key in ("median", "min", "max")]
    return significant(max((v for v in values if v > 0), default=0))


def reshape(analysis: dict, history):
    measured = switches(analysis)
    drawn = {m: switch_figures(m, measured) for m in SWITCHES if any(x[0] == m for x in measured)}
    spawned = {b["segments"][2]: b["real_time_ns"] for b in analysis["benchmarks"]
               if b["segments"][:2] == ["ctxswitch", "spawn"]}
    data = {}
    if any("/" in mechanism for mechanism in drawn):
        data["switches"] = data_text(f"{m} {spread(same, nanoseconds)} {spread(cross, nanoseconds)}"
                                     for m, (same, cross) in drawn.items())
    if any(unit in spawned for unit in SPAWNS):
        data["spawns"] = data_text(f"{unit} {spread(spawned[unit])}" for unit in SPAWNS if unit in spawned)
    if not data:
        return None
    pus = {}
    for _, where, _, placed in measured:
        if placed is not None:
            pus.setdefault(where, placed)
    return {"data": data,
            "vars": {"tallest": tallest([f for pair in drawn.values() for f in pair]),
                     "same_pus": pus.get(SAME_PU, ""), "cross_pus": pus.get(CROSS_PU, "")}}
