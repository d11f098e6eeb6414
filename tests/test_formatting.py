from decimal import Decimal

import pytest
from django.utils import translation

from indicators.formatting import (
    format_number,
    format_quantity,
    format_signed,
    format_value,
    rounded,
)


def test_swedish_numbers_group_thousands_with_a_space_and_use_a_decimal_comma():
    with translation.override("sv"):
        assert format_quantity(Decimal("22576"), "tkr") == "22\xa0576\xa0tkr"
        assert format_quantity(Decimal("80"), "percent") == "80\xa0%"
        assert format_quantity(Decimal("4.3"), "mean", decimals=1) == "4,3"
        assert format_number(Decimal("3.0"), decimals=1) == "3,0"


def test_english_numbers_follow_english_conventions():
    with translation.override("en"):
        assert format_quantity(Decimal("22576"), "tkr") == "22,576\xa0tkr"
        assert format_quantity(Decimal("4.3"), "mean", decimals=1) == "4.3"


def test_units_without_a_suffix_are_shown_as_bare_numbers():
    with translation.override("sv"):
        assert format_quantity(Decimal("250"), "count") == "250"
        assert format_quantity(Decimal("220"), "rank") == "220"


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "shown"),
    [
        (Decimal(2) * 100 / 3, "percent", 1, "66,7\xa0%"),  # 66,666… cut off would be 66,6
        (Decimal("91.667"), "percent", 1, "91,7\xa0%"),
        (Decimal(27) / 7, "mean", 1, "3,9"),  # 3,857…
        (Decimal("0.05"), "mean", 1, "0,1"),  # half away from zero, not to even
        (Decimal("0.25"), "mean", 1, "0,3"),
        (Decimal("-8.85"), "percent", 1, "\u22128,9\xa0%"),
        (Decimal("2.5"), "count", 0, "3"),
        (Decimal("-0.04"), "percent", 1, "0,0\xa0%"),  # no minus before a zero
        (Decimal("22575.5"), "tkr", 0, "22\xa0576\xa0tkr"),
        (2.675, "mean", 2, "2,68"),  # a float as it prints, not as it is stored
    ],
)
def test_numbers_are_rounded_half_away_from_zero_not_cut_off(value, unit, decimals, shown):
    with translation.override("sv"):
        assert format_quantity(value, unit, decimals) == shown


def test_rounded_gives_the_value_as_shown():
    assert rounded(Decimal("91.667"), 1) == Decimal("91.7")
    assert rounded(Decimal("-8.85"), 1) == Decimal("-8.9")
    assert rounded(Decimal("0.05"), 1) == Decimal("0.1")
    assert str(rounded(Decimal("-0.04"), 1)) == "0.0"


def test_a_value_is_shown_to_its_units_decimals():
    with translation.override("sv"):
        assert format_value(Decimal(200) / 3, "percent") == "66,7\xa0%"
        assert format_value(Decimal("12.5"), "count") == "13"
        assert format_value(Decimal("3.857"), "mean") == "3,9"
        assert format_value(Decimal("7.5"), "hours") == "8\xa0h"


def test_a_signed_number_has_a_plus_only_when_shown_above_zero():
    with translation.override("sv"):
        assert format_signed(Decimal("2.05"), "percent", 1) == "+2,1\xa0%"
        assert format_signed(Decimal("-950"), "tkr") == "\u2212950\xa0tkr"
        assert format_signed(Decimal("0.04"), "percent", 1) == "0,0\xa0%"
