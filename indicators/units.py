"""What each unit of an indicator means, in one table.

A unit says how its values are shown (the suffix after the number and the
decimals they are rounded to), how figures per municipality make a total
(added up, or a mean of them), whether a quarterly indicator's year-to-date
values accumulate over the year (so that an annual target is judged pro rata),
and what a figure the head enters may be. The keys are the values of
``Indicator.Unit``. Nothing here touches the database.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, kw_only=True)
class Unit:
    suffix: str
    """Written after the number with a no-break space ("80 %"); empty for a bare number."""
    decimals: int
    """Decimals shown; values are rounded half away from zero to them."""
    additive: bool
    """Figures per municipality add up to the total; otherwise the total is their mean."""
    cumulative: bool
    """Year-to-date values of a quarterly indicator accumulate over the year."""
    minimum: Decimal
    maximum: Decimal | None
    whole: bool
    out_of_range: str
    """What to tell the head who enters a figure outside minimum–maximum, or not whole."""

    def allows(self, value: Decimal) -> bool:
        """Whether an entered figure can be a value of this unit."""
        if self.whole and value != value.to_integral_value():
            return False
        return self.minimum <= value and (self.maximum is None or value <= self.maximum)


ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)

UNITS: dict[str, Unit] = {
    "percent": Unit(
        suffix="%",
        decimals=1,
        additive=False,
        cumulative=False,
        minimum=ZERO,
        maximum=HUNDRED,
        whole=False,
        out_of_range=_("A share must be between 0 and 100 %."),
    ),
    "count": Unit(
        suffix="",
        decimals=0,
        additive=True,
        cumulative=True,
        minimum=ZERO,
        maximum=None,
        whole=True,
        out_of_range=_("A count must be a whole number, 0 or more."),
    ),
    "mean": Unit(
        suffix="",
        decimals=1,
        additive=False,
        cumulative=False,
        minimum=ZERO,
        maximum=None,
        whole=False,
        out_of_range=_("A mean cannot be negative."),
    ),
    "index": Unit(
        suffix="",
        decimals=1,
        additive=False,
        cumulative=False,
        minimum=ZERO,
        maximum=HUNDRED,
        whole=False,
        out_of_range=_("An index must be between 0 and 100."),
    ),
    "rank": Unit(
        suffix="",
        decimals=0,
        additive=False,
        cumulative=False,
        minimum=ONE,
        maximum=None,
        whole=True,
        out_of_range=_("A rank must be a whole number, 1 or more."),
    ),
    "hours": Unit(
        suffix="h",
        decimals=0,
        additive=True,
        cumulative=True,
        minimum=ZERO,
        maximum=None,
        whole=False,
        out_of_range=_("Hours cannot be negative."),
    ),
    "tkr": Unit(
        suffix="tkr",
        decimals=0,
        additive=True,
        cumulative=False,
        minimum=ZERO,
        maximum=None,
        whole=True,
        out_of_range=_("An amount in tkr must be a whole number, 0 or more."),
    ),
}


def unit_of(name: str) -> Unit:
    """The meaning of a unit; an unknown unit is a programming error, never guessed."""
    try:
        return UNITS[name]
    except KeyError:
        raise ValueError(f"{name!r} is not a unit; the units are {', '.join(UNITS)}") from None
