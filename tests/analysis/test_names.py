from analysis.names import parse


def test_a_point_names_its_arguments_and_concurrency():
    name = parse("scaling/cpu_int/thread/none/workers:4/real_time")
    assert name.short == "scaling/cpu_int/thread/none/workers:4"
    assert name.family == "scaling"
    assert name.segments == ("scaling", "cpu_int", "thread", "none", "workers:4")
    assert name.arguments == {"workers": 4}
    assert name.concurrency == 4
    assert name.series == "scaling/cpu_int/thread/none"


def test_the_last_argument_is_the_concurrency_and_iterations_never_is():
    name = parse("timeslice/thread/pus:2/spinners:8/iterations:1")
    assert name.arguments == {"pus": 2, "spinners": 8, "iterations": 1}
    assert name.concurrency == 8
    assert name.series == "timeslice/thread/pus:2/iterations:1"


def test_a_name_without_arguments_has_no_concurrency():
    name = parse("semantics/memory")
    assert name.concurrency is None and name.arguments == {} and name.series == "semantics/memory"


def test_only_whole_lowercase_key_number_segments_are_arguments():
    assert parse("ipc/round_trip/Pipe:8").arguments == {}
    assert parse("ipc/round_trip/bytes:8x").arguments == {}
