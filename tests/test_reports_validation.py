"""What a figure the head enters may be, by unit (reports.validation.check_value)."""

from decimal import Decimal

import pytest
from django.utils import translation

from reports.validation import check_value


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("unit", "value"),
    [
        ("percent", "0"),
        ("percent", "100"),
        ("percent", "37.5"),
        ("index", "0"),
        ("index", "72.4"),
        ("index", "100"),
        ("count", "0"),
        ("count", "250"),
        ("count", "12.00"),
        ("rank", "1"),
        ("rank", "290"),
        ("mean", "0"),
        ("mean", "4.3"),
        ("hours", "0"),
        ("hours", "1250.5"),
        ("tkr", "0"),
        ("tkr", "22576"),
    ],
)
def test_a_value_within_its_units_range_is_accepted(unit, value):
    assert check_value(unit, Decimal(value)) is None


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        ("percent", "-0.1", "A share must be between 0 and 100 %."),
        ("percent", "100.01", "A share must be between 0 and 100 %."),
        ("percent", "120", "A share must be between 0 and 100 %."),
        ("index", "-1", "An index must be between 0 and 100."),
        ("index", "101", "An index must be between 0 and 100."),
        ("count", "-3", "A count must be a whole number, 0 or more."),
        ("count", "12.5", "A count must be a whole number, 0 or more."),
        ("rank", "0", "A rank must be a whole number, 1 or more."),
        ("rank", "-2", "A rank must be a whole number, 1 or more."),
        ("rank", "3.5", "A rank must be a whole number, 1 or more."),
        ("mean", "-0.5", "A mean cannot be negative."),
        ("hours", "-1", "Hours cannot be negative."),
        ("tkr", "-100", "An amount in tkr must be a whole number, 0 or more."),
        ("tkr", "100.5", "An amount in tkr must be a whole number, 0 or more."),
    ],
)
def test_a_value_outside_its_units_range_is_refused_with_a_reason(unit, value, message):
    assert check_value(unit, Decimal(value)) == message


def test_hours_may_have_decimals_but_counts_may_not():
    assert check_value("hours", Decimal("7.5")) is None
    assert check_value("count", Decimal("7.5")) is not None


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_a_value_that_is_not_a_number_is_refused(value):
    assert check_value("mean", Decimal(value)) == "Enter a number."


def test_an_unknown_unit_still_refuses_a_negative_value():
    assert check_value("something-new", Decimal("-1")) == "The value cannot be negative."
    assert check_value("something-new", Decimal("3.25")) is None


def test_the_reasons_are_given_in_swedish_when_the_language_is_swedish():
    with translation.override("sv"):
        assert check_value("percent", Decimal(120)) == "En andel måste vara mellan 0 och 100 %."
        assert check_value("rank", Decimal(0)) == "En placering måste vara ett heltal, 1 eller mer."
