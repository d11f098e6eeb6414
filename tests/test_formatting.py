from decimal import Decimal

from django.utils import translation

from indicators.formatting import format_number, format_quantity


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
