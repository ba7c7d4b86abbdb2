"""The waiters plot's data; nothing when the family did not run.

  data data     one block per series (coroutine/<backend>, thread), headed
                by its title, rows "waiters milliseconds_per_round
                bytes_per_waiter", medians over the repetitions, blocks
                separated by two blank lines
  vars series   how many blocks
       models   words: each block's model (coroutine, thread: its colour)
       dashes   words: each block's dash, 1 for a model's first series,
                2 for its second (coroutine's second backend), ...
       wait_ms  the duration of each wait
"""
from analysis.plotting import counter, data_blocks, family, number


def series_of(benchmark: dict) -> str:
    """waiters/<series...>/waiters:<n>: the series, e.g. coroutine/epoll."""
    return "/".join(benchmark["segments"][1:-1])


def row(benchmark: dict) -> str:
    return (f"{number(benchmark['arguments']['waiters'])} {number(benchmark['real_time_ns']['median'] / 1e6)} "
            f"{number(counter(benchmark, 'rss_bytes_per_waiter')['median'])}")


def reshape(analysis: dict, history):
    benchmarks = family(analysis, "waiters")
    if not benchmarks:
        return None
    series = sorted({series_of(b) for b in benchmarks})
    models = [name.split("/")[0] for name in series]
    blocks = [(name, [row(b) for b in sorted((b for b in benchmarks if series_of(b) == name),
                                             key=lambda b: b["arguments"]["waiters"])]) for name in series]
    return {"data": {"data": data_blocks(blocks)},
            "vars": {"series": len(series), "models": " ".join(models),
                     "dashes": " ".join(str(models[: i + 1].count(model)) for i, model in enumerate(models)),
                     "wait_ms": counter(benchmarks[0], "wait_ms")["median"]}}
