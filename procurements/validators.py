"""Swedish organisation numbers: format, Luhn check digit and the stored form.

An organisation number has ten digits, written NNNNNN-NNNN; the last digit is a
Luhn (modulus 10) check digit over the first nine. Sole traders use their
personal identity number, which follows the same rule.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ORGANISATION_NUMBER = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit for a string of digits (weights 2, 1, 2, … from the left)."""
    total = 0
    for position, character in enumerate(digits):
        product = int(character) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def normalise_organisation_number(value: str) -> str:
    """The stored form "NNNNNN-NNNN" of a valid number; raises ValidationError otherwise."""
    match = _ORGANISATION_NUMBER.match((value or "").strip())
    if match is None:
        raise ValidationError(
            _(
                "Enter the organisation number as ten digits, "
                "with or without a hyphen after the sixth: NNNNNN-NNNN."
            ),
            code="organisation_number_format",
        )
    digits = match.group(1) + match.group(2)
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            _("The organisation number %(value)s is not valid: its check digit is wrong."),
            code="organisation_number_check_digit",
            params={"value": f"{digits[:6]}-{digits[6:]}"},
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_organisation_number(value: str) -> None:
    """Django validator: ten digits, an optional hyphen after the sixth, a valid check digit."""
    normalise_organisation_number(value)
