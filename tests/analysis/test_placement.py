"""analysis.json's placement section: where compact and scatter choose
different PUs, from the topology's counts alone, on the machines hwloc
stands in for (a 2-PU VM, 8 cores with SMT, 2 packages, and 2 packages of
4 NUMA nodes with SMT: "pack:2 numa:4 core:32 pu:2", 512 PUs on 256 cores),
and what placement did where they do: scatter's speedup over compact's at
each count both measured, as an interval."""
import pytest

from analysis import analysis, placement, results
from analysis.placement import Topology
from documents import CONSTRUCTS, document, scaling_rows

VM = Topology(packages=1, numa_nodes=1, cores=2, pus=2)
SMT = Topology(packages=1, numa_nodes=1, cores=8, pus=16)          # "core:8 pu:2"
PACKAGES = Topology(packages=2, numa_nodes=2, cores=32, pus=32)    # "pack:2 core:16 pu:1"
LARGE = Topology(packages=2, numa_nodes=8, cores=256, pus=512)     # "pack:2 numa:4 core:32 pu:2"


def context(counts: Topology) -> dict:
    return {"hwloc_packages": str(counts.packages), "hwloc_numa_nodes": str(counts.numa_nodes),
            "hwloc_cores": str(counts.cores), "hwloc_pus": str(counts.pus)}


# ---- where they differ, from the counts ----------------------------------------------

@pytest.mark.parametrize("counts, workers", [
    (VM, range(0)),
    (SMT, range(2, 15)),          # compact pairs siblings from 2; both fill every core at 15 and 16
    (PACKAGES, range(2, 31)),     # scatter uses the second package from 2, compact from 17
    (LARGE, range(2, 511)),
    (Topology(1, 1, 1, 2), range(0)),            # one core: both put its siblings to work
    (Topology(2, 2, 2, 2), range(0)),            # a PU a package: nothing to spread or fill
    (Topology(1, 1, 16, 24), range(2, 24)),      # uneven (cores with and without SMT): up to PUs - 1
    (Topology(1, 1, 2, 3), range(2, 3))])
def test_the_counts_at_which_compact_and_scatter_choose_different_pus(counts, workers):
    assert placement.differing_workers(counts) == workers


@pytest.mark.parametrize("workers, differ", [(1, False), (2, True), (9, True), (14, True), (15, False), (16, False),
                                             (17, False), (18, True), (30, True), (31, False), (32, False),
                                             (64, False), (66, True)])
def test_past_the_pus_worker_w_goes_where_worker_w_mod_pus_went(workers, differ):
    assert placement.differ_at(SMT, workers) is differ


def test_smt_compact_shares_cores_from_2_workers_scatter_past_the_cores():
    words, short = placement.statement(SMT)
    assert short == ["SMT: compact shares cores from 2 workers, scatter from 9"]
    assert words.startswith("1 package, 1 NUMA node, 8 cores, 16 PUs: compact and scatter choose different PUs "
                            "from 2 to 14 workers, and past 16 at each count that leaves as many over a multiple")
    assert "a core of its own up to 8 workers" in words and words.endswith(placement.SINGLE)


def test_packages_scatter_spreads_first_compact_fills_one_first():
    words, short = placement.statement(PACKAGES)
    assert short == ["2 packages: scatter uses a second from 2 workers, compact from 17 workers"]
    assert "a second package's caches and memory" in words and "SMT" not in words


def test_every_level_that_parts_them_innermost_first():
    _, short = placement.statement(LARGE)
    assert short == ["SMT: compact shares cores from 2 workers, scatter from 257",
                                 "8 NUMA nodes: scatter uses a second from 2 workers, compact from 65 workers",
                                 "2 packages: scatter uses a second from 2 workers, compact from 257 workers"]


def test_one_package_one_numa_node_one_pu_a_core_they_cannot_differ():
    words, short = placement.statement(VM)
    assert short == ["one package, one NUMA node, one PU a core: compact and scatter choose alike"]
    assert "cannot differ here" in words and words.endswith(placement.SINGLE)


def test_uneven_counts_say_only_what_the_counts_tell():
    words, short = placement.statement(Topology(1, 1, 16, 24))
    assert "may choose different PUs from 2 to 23 workers" in words
    assert short == ["SMT: compact shares cores once it reaches a core with siblings, scatter from 17"]


@pytest.mark.parametrize("changes", [{"hwloc_cores": None}, {"hwloc_pus": "0"}, {"hwloc_pus": "2x"},
                                     {"hwloc_pus": " 2"}, {"hwloc_pus": "9" * 40}, {"hwloc_cores": "4"},
                                     {"hwloc_packages": 1}, {"hwloc_numa_nodes": "<b>1</b>"}])
def test_counts_missing_or_not_whole_numbers_are_no_topology(changes):
    made = {**context(VM), **changes}
    assert placement.topology({k: v for k, v in made.items() if v is not None}) is None
    assert placement.statement(None) == (placement.NOT_RECORDED, [placement.NOT_RECORDED_SHORT])


def test_the_context_s_counts_are_read():
    assert placement.topology(context(LARGE)) == LARGE


# ---- what placement did ------------------------------------------------------------------

SEQ = [100.0] * 5
COMPACT = [90.0, 100.0, 100.0, 100.0, 110.0]
SCATTER = [190.0, 200.0, 200.0, 200.0, 210.0]


def section(counts, rows):
    return placement.placement(results.table(document(rows, **({} if counts is None else context(counts)))))


def measured(workload="cpu_int", model="thread", workers=(1, 2, 8, 16, 18)):
    """seq, and the model under none, compact and scatter, scatter twice compact's rate."""
    return [*scaling_rows(workload, "seq", "none", 1, SEQ),
            *(r for n in workers for p, rates in (("none", SEQ), ("compact", COMPACT), ("scatter", SCATTER))
              for r in scaling_rows(workload, model, p, n, rates))]


def test_scatter_over_compact_at_each_count_both_measured_where_they_differ():
    made = section(SMT, [*measured(), *measured(model="pool", workers=(2,))])
    assert [(r["model"], r["workers"]) for r in made["ratios"]] == [("thread", 2), ("thread", 8), ("thread", 18),
                                                                     ("pool", 2)]
    # the rates' worst pairing of ends: seq divides both alike
    assert made["ratios"][0]["ratio"] == {"median": 2.0, "lo": 190 / 110, "hi": 210 / 90, "n": 5}
    assert made["lines"] == ["cpu_int, scatter over compact: at 2 workers 2x (1.73x to 2.33x, 5 repetitions) for "
                             "thread, 2x (1.73x to 2.33x, 5 repetitions) for pool; at 8 workers 2x (1.73x to 2.33x, "
                             "5 repetitions) for thread; at 18 workers 2x (1.73x to 2.33x, 5 repetitions) for thread"]
    assert made["differ_workers"] == [2, 14] and made["nothing"] is None
    assert made["topology"] == {"packages": 1, "numa_nodes": 1, "cores": 8, "pus": 16}


def test_a_line_per_workload_and_a_model_under_one_of_the_two_has_no_ratio():
    rows = [*measured(workers=(2,)), *measured("timer", workers=(4,)),
            *scaling_rows("cpu_int", "process", "compact", 2, COMPACT)]
    made = section(SMT, rows)
    assert [line.split(",")[0] for line in made["lines"]] == ["cpu_int", "timer"]
    assert {r["model"] for r in made["ratios"]} == {"thread"}


def test_where_they_cannot_differ_no_ratios_just_the_statement():
    made = section(VM, measured(workers=(1, 2, 4)))
    assert made["ratios"] == made["lines"] == [] and made["nothing"] is None and made["differ_workers"] is None
    assert made["statement"] == placement.statement(VM)[0]


def test_without_the_topology_no_ratios_and_the_statement_says_why():
    made = section(None, measured())
    assert (made["topology"], made["statement"], made["ratios"]) == (None, placement.NOT_RECORDED, [])


def test_where_they_differ_but_neither_count_was_measured_by_both_it_says_so():
    made = section(SMT, measured(workers=(1, 16)))
    assert made["ratios"] == [] and made["nothing"] == (
        "No workload was measured under both compact and scatter at a worker count where they differ "
        "(from 2 to 14 workers, or as many over a multiple of 16).")


def test_the_analysis_holds_the_section():
    table = results.table(document(measured(), **context(PACKAGES)))
    assert analysis.analyse(table, CONSTRUCTS)["placement"] == placement.placement(table)
