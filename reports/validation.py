"""What a figure the head enters may be, by the indicator's unit.

``check_value`` is a pure function: it returns the message to show, or None
when the value is acceptable. Empty input is not its concern; a blank field
means "no data", which is always allowed.

- share (%) and index: 0–100
- count: a whole number, 0 or more
- rank: a whole number, 1 or more
- mean and hours: 0 or more, decimals allowed
- tkr: a whole number, 0 or more
"""

from decimal import Decimal

from django.utils.translation import gettext as _

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def _is_whole(value: Decimal) -> bool:
    return value == value.to_integral_value()


def check_value(unit: str, value: Decimal) -> str | None:
    """The reason ``value`` cannot be a figure of ``unit``, or None if it can."""
    if not value.is_finite():
        return _("Enter a number.")
    if unit == "percent":
        if not ZERO <= value <= HUNDRED:
            return _("A share must be between 0 and 100 %.")
    elif unit == "index":
        if not ZERO <= value <= HUNDRED:
            return _("An index must be between 0 and 100.")
    elif unit == "count":
        if not _is_whole(value) or value < ZERO:
            return _("A count must be a whole number, 0 or more.")
    elif unit == "rank":
        if not _is_whole(value) or value < 1:
            return _("A rank must be a whole number, 1 or more.")
    elif unit == "tkr":
        if not _is_whole(value) or value < ZERO:
            return _("An amount in tkr must be a whole number, 0 or more.")
    elif unit == "mean":
        if value < ZERO:
            return _("A mean cannot be negative.")
    elif unit == "hours":
        if value < ZERO:
            return _("Hours cannot be negative.")
    elif value < ZERO:
        return _("The value cannot be negative.")
    return None
