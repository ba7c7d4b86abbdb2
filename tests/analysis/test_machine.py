import pytest

from analysis import machine, results
from documents import document, row


def load_of(*noise_rows, **context):
    return machine.machine_load(results.table(document(list(noise_rows), **context)))


def noise(repetition=0, **counters):
    quiet = {"others_cpu_pus": 0.0, "steal_share": 0.0, "runnable_others_before": 0.0, "runnable_others_after": 0.0}
    return row("noise/over_run/iterations:1", repetition=repetition, **{**quiet, **counters})


def test_without_the_noise_row_the_load_is_not_recorded_and_not_busy():
    load = load_of(noise_load_avg_before="1 2 3")
    assert load["recorded"] is False and load["busy"] is False
    assert load["load_avg_before"] == "1 2 3"
    assert "not recorded" in load["text"]


def test_a_quiet_run_says_so_with_its_figures():
    load = load_of(noise(others_cpu_pus=0.05))
    assert load["recorded"] and not load["busy"]
    assert load["text"] == ("the machine was quiet (other tasks kept 0.05 PUs busy on average, steal 0%, "
                            "0 other tasks runnable before or after)")


@pytest.mark.parametrize("counter, bar", [("others_cpu_pus", machine.BUSY_OTHERS_CPU_PUS),
                                          ("steal_share", machine.BUSY_STEAL_SHARE),
                                          ("runnable_others_before", machine.BUSY_RUNNABLE_OTHERS),
                                          ("runnable_others_after", machine.BUSY_RUNNABLE_OTHERS)])
def test_each_bar_makes_a_run_busy_just_past_it_and_not_on_it(counter, bar):
    assert load_of(noise(**{counter: bar}))["busy"] is False
    assert load_of(noise(**{counter: bar * 1.01}))["busy"] is True


def test_each_counter_is_taken_at_its_highest_over_the_repetitions():
    load = load_of(noise(0, others_cpu_pus=0.02), noise(1, others_cpu_pus=0.5), noise(2, others_cpu_pus=0.01))
    assert load["others_cpu_pus"] == 0.5 and load["busy"]


def test_a_counter_the_run_did_not_record_is_unknown_and_busies_nothing():
    load = load_of(row("noise/over_run/iterations:1", steal_share=0.0, runnable_others_before=0.2))
    assert load["recorded"] and not load["busy"]
    assert (load["others_cpu_pus"], load["runnable_others"]) == (None, 0.2)
    assert load["text"] == ("the machine was quiet (other tasks kept ? PUs busy on average, steal 0%, "
                            "0.2 other tasks runnable before or after)")


def test_runnable_tasks_the_run_did_not_record_are_unknown_and_busy_nothing():
    load = load_of(row("noise/over_run/iterations:1", others_cpu_pus=0.05, steal_share=0.0))
    assert load["recorded"] and not load["busy"]
    assert load["runnable_others"] is None
    assert load["text"] == ("the machine was quiet (other tasks kept 0.05 PUs busy on average, steal 0%, "
                            "? other tasks runnable before or after)")


def test_the_bars_are_the_documented_ones():
    assert (machine.BUSY_OTHERS_CPU_PUS, machine.BUSY_STEAL_SHARE, machine.BUSY_RUNNABLE_OTHERS) == (0.1, 0.05, 0.5)
