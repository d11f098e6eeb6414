"""Numbers as Swedes write them, through Django's localization.

``format_quantity(Decimal("22576"), "tkr")`` gives "22 576 tkr" in Swedish and
"22,576 tkr" in English; the unit is joined with a no-break space so that
"80 %" never breaks over two lines, and a negative number has a real minus
sign ("−8,8 %").

Every number is first rounded half away from zero to the decimals shown, as
people round by hand: 2/3 is "66,7 %", 91,667 % is "91,7 %" and −8,85 % is
"−8,9 %". (Django's ``number_format`` alone would cut the extra decimals
off, and Python's ``round`` rounds halves to even.)
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

from indicators.units import unit_of

NBSP = "\xa0"
MINUS = "\u2212"


def rounded(value: Decimal | int | float, decimals: int) -> Decimal:
    """The value rounded half away from zero to ``decimals`` places; never a negative zero.

    Floats are read as they print (``Decimal(str(x))``), so that 0.05 is 0.05.
    """
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    result = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(result) if result.is_zero() else result


def format_number(value: Decimal | int | float, decimals: int = 0) -> str:
    text = number_format(
        rounded(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )
    return MINUS + text[1:] if text.startswith("-") else text


def format_quantity(value: Decimal | int | float, unit: str, decimals: int = 0) -> str:
    number = format_number(value, decimals)
    suffix = unit_of(unit).suffix
    return f"{number}{NBSP}{suffix}" if suffix else number


def format_value(value: Decimal | int | float, unit: str) -> str:
    """An indicator's value as every page, export and report shows it: to its unit's decimals."""
    return format_quantity(value, unit, unit_of(unit).decimals)


def format_signed(value: Decimal | int | float, unit: str, decimals: int = 0) -> str:
    """Like ``format_quantity``, with "+" before a positive number.

    The sign is that of the number as shown: −0,04 % shown to one decimal is
    "0,0 %", with no sign.
    """
    text = format_quantity(value, unit, decimals)
    return f"+{text}" if rounded(value, decimals) > 0 else text
