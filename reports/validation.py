"""What a figure the head enters may be, by the indicator's unit.

``check_value`` is a pure function: it returns the message to show, or None
when the value is acceptable. Empty input is not its concern; a blank field
means "no data", which is always allowed. The range of each unit is in
``indicators.units``: shares and indexes 0–100, counts and tkr whole numbers
of 0 or more, ranks whole numbers of 1 or more, means and hours 0 or more.
A unit the table does not know may be anything but negative.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.units import UNITS


def check_value(unit: str, value: Decimal) -> str | None:
    """The reason ``value`` cannot be a figure of ``unit``, or None if it can."""
    if not value.is_finite():
        return _("Enter a number.")
    meaning = UNITS.get(unit)
    if meaning is None:
        return _("The value cannot be negative.") if value < 0 else None
    return None if meaning.allows(value) else str(meaning.out_of_range)
