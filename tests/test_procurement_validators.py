import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from procurements.validators import (
    luhn_check_digit,
    normalise_organisation_number,
    validate_organisation_number,
)


@pytest.mark.parametrize(
    "value",
    [
        "556036-0793",  # a real aktiebolag
        "5560360793",  # the same without hyphen
        "212000-2064",  # check digit worked out by hand: 4+1+4+0+0+0+4+0+3 = 16 → 4
        " 202100-5489 ",  # surrounding spaces are forgiven
    ],
)
def test_valid_organisation_numbers_are_accepted(value):
    validate_organisation_number(value)


@pytest.mark.parametrize(
    "value",
    ["556036-0794", "212000-2065", "5560360790"],
)
def test_a_wrong_check_digit_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_organisation_number(value)
    assert error.value.code == "organisation_number_check_digit"


@pytest.mark.parametrize(
    "value",
    ["", "55603-60793", "556036-079", "55603607931", "556036 0793", "abcdef-ghij", "5560-360793"],
)
def test_a_badly_formed_number_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_organisation_number(value)
    assert error.value.code == "organisation_number_format"


def test_numbers_are_normalised_with_a_hyphen_after_six_digits():
    assert normalise_organisation_number("5560360793") == "556036-0793"
    assert normalise_organisation_number("556036-0793") == "556036-0793"


def test_luhn_check_digit_matches_the_known_examples():
    assert luhn_check_digit("556036079") == 3
    assert luhn_check_digit("212000206") == 4


def test_the_error_message_names_the_number_and_is_translated():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_organisation_number("5560360794")
    with translation.override("en"):
        message = error.value.messages[0]
    assert "556036-0794" in message
    assert "check digit" in message
