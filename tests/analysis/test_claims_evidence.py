"""The claims' evidence: min_by and max_by, which the rules use to pick a
point, take the item of smallest or largest key, None the lowest, the first
of equals for min_by and the last for max_by, and None of no items."""
from analysis.claims.evidence import max_by, min_by


def second(item):
    return item[1]


ITEMS = [("a", 3), ("b", 1), ("c", 1), ("d", None), ("e", 3)]


def test_min_by_takes_the_smallest_key_none_lowest_the_first_of_equals():
    assert min_by(ITEMS, second) == ("d", None)
    assert min_by([item for item in ITEMS if item[1] is not None], second) == ("b", 1)


def test_max_by_takes_the_largest_key_the_last_of_equals():
    assert max_by(ITEMS, second) == ("e", 3)
    assert max_by([("d", None)], second) == ("d", None)


def test_neither_takes_anything_of_nothing():
    assert min_by([], second) is None and max_by([], second) is None
