"""The table of units: one entry for every unit an indicator can have."""

from decimal import Decimal

import pytest

from indicators.models import Indicator
from indicators.units import UNITS, unit_of


def test_every_unit_of_an_indicator_has_a_meaning():
    assert set(UNITS) == set(Indicator.Unit.values)


def test_an_unknown_unit_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="not a unit"):
        unit_of("procent")


@pytest.mark.parametrize(
    ("unit", "additive", "cumulative"),
    [
        ("count", True, True),  # contract follow-ups: a sum of municipalities, pro rata targets
        ("hours", True, True),
        ("tkr", True, False),
        ("percent", False, False),  # a share per municipality makes a mean, not a sum
        ("rank", False, False),
        ("mean", False, False),
        ("index", False, False),
    ],
)
def test_counts_and_amounts_add_up_and_counts_and_hours_accumulate(unit, additive, cumulative):
    assert unit_of(unit).additive is additive
    assert unit_of(unit).cumulative is cumulative


def test_a_unit_allows_what_the_head_may_enter():
    assert unit_of("percent").allows(Decimal("100"))
    assert not unit_of("percent").allows(Decimal("100.5"))
    assert not unit_of("count").allows(Decimal("2.5"))
    assert unit_of("hours").allows(Decimal("2.5"))
    assert not unit_of("rank").allows(Decimal(0))
