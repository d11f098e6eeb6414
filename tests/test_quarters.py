"""A quarter's dates and names."""

import datetime

import pytest
from django.utils import translation

from indicators.quarters import Quarter


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, datetime.date(2023, 1, 1), datetime.date(2023, 3, 31)),
        (2, datetime.date(2023, 4, 1), datetime.date(2023, 6, 30)),
        (3, datetime.date(2023, 7, 1), datetime.date(2023, 9, 30)),
        (4, datetime.date(2023, 10, 1), datetime.date(2023, 12, 31)),
    ],
)
def test_a_quarter_knows_its_first_and_last_day(quarter, start, end):
    q = Quarter(2023, quarter)
    assert (q.start, q.end) == (start, end)
    assert q.year_start == datetime.date(2023, 1, 1)
    assert Quarter.containing(start) == Quarter.containing(end) == q


def test_the_quarter_before_the_first_is_last_years_fourth():
    assert Quarter(2024, 1).previous() == Quarter(2023, 4)
    assert Quarter(2024, 3).previous() == Quarter(2024, 2)
    assert Quarter(2024, 3).a_year_earlier() == Quarter(2023, 3)


def test_quarters_are_named_the_swedish_way():
    with translation.override("sv"):
        assert Quarter(2023, 2).short_label == "Kv2"
        assert Quarter(2023, 2).label == "Kv2 2023"
        assert Quarter(2023, 2).long_label == "kvartal 2 2023"
    with translation.override("en"):
        assert Quarter(2023, 2).label == "Q2 2023"


@pytest.mark.parametrize("quarter", [0, 5])
def test_there_are_four_quarters(quarter):
    with pytest.raises(ValueError):
        Quarter(2023, quarter)
