"""Numbers as Swedes write them, through Django's localization.

``format_quantity(Decimal("22576"), "tkr")`` gives "22 576 tkr" in Swedish and
"22,576 tkr" in English; the unit is joined with a no-break space so that
"80 %" never breaks over two lines.
"""

from decimal import Decimal

from django.utils.formats import number_format

NBSP = "\xa0"
UNIT_SUFFIXES = {"percent": "%", "tkr": "tkr", "hours": "h"}


def format_number(value: Decimal | int | float, decimals: int = 0) -> str:
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_quantity(value: Decimal | int | float, unit: str, decimals: int = 0) -> str:
    number = format_number(value, decimals)
    suffix = UNIT_SUFFIXES.get(unit)
    return f"{number}{NBSP}{suffix}" if suffix else number
