"""Parsing one cell of the file, and the register data cells refer to."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.models import Municipality
from indicators.whole_numbers import integer_bounds, out_of_range_message
from procurements.importing.columns import CHOICE_ALIASES, Column, Kind
from procurements.models import Category, Procurement

logger = logging.getLogger(__name__)


class CellError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "ja" if cell else "nej"
    if isinstance(cell, dt.datetime):
        if cell.time() == dt.time(0, 0):
            return cell.date().isoformat()
        return cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_date(cell: object) -> dt.date | None:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = cell_text(cell)
    if not text:
        return None
    match = _DATE.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CellError(_("“%(value)s” is not a date that exists.") % {"value": text}) from None
    raise CellError(
        _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2024-03-15.") % {"value": text}
    )


YES = {"ja", "j", "x", "1", "sant", "true", "yes", "y"}
NO = {"", "nej", "n", "0", "falskt", "false", "no"}


def parse_bool(cell: object) -> bool:
    if isinstance(cell, bool):
        return cell
    word = cell_text(cell).casefold()
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(
        _("“%(value)s” is neither ja nor nej (1 or 0, x or an empty cell also work).")
        % {"value": cell_text(cell)}
    )


def parse_integer(cell: object, minimum: int, maximum: int) -> int | None:
    """A whole number between the bounds (a string of any length is checked before ``int``)."""
    if isinstance(cell, bool):
        raise CellError(_("Write a whole number."))
    if isinstance(cell, int):
        number = cell
    else:
        text = cell_text(cell)
        if not text:
            return None
        plain = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
        match = re.fullmatch(r"([+-]?)0*(\d+)(?:\.0*)?", plain)
        if match is None:
            if re.fullmatch(r"[+-]?\d*\.\d+", plain):
                raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})
            raise CellError(_("“%(value)s” is not a number.") % {"value": text})
        sign, digits = match.groups()
        if len(digits) > len(str(max(abs(minimum), abs(maximum)))):
            raise CellError(out_of_range_message(minimum, maximum))
        number = int(sign + digits)
    if not minimum <= number <= maximum:
        raise CellError(out_of_range_message(minimum, maximum))
    return number


def parse_quarter(cell: object, minimum: int, maximum: int) -> int | None:
    """1 to 4, also written Kv2, Q2 or kvartal 2 (the range is the model's to check)."""
    text = cell_text(cell)
    match = re.fullmatch(r"(?:kvartal|kv|q)?\s*(\d+)", text.casefold())
    return parse_integer(match.group(1) if match else cell, minimum, maximum)


def _word(text: str) -> str:
    word = " ".join(text.replace("_", " ").casefold().split())
    return word.removesuffix(" förfarande")


def parse_choice(column: Column, cell: object) -> str:
    text = cell_text(cell)
    if not text:
        return str(column.model._meta.get_field(column.field).default)
    word = _word(text)
    values = {value for _word_, value in column.choices}
    for known, value in column.choices:
        if word == _word(known):
            return value
    if word in values:
        return word
    alias = CHOICE_ALIASES.get(word)
    if alias is not None and str(alias) in values:
        return str(alias)
    raise CellError(
        _("“%(value)s” is not one of: %(words)s.")
        % {"value": text, "words": ", ".join(known for known, _value in column.choices)}
    )


def parse_text(cell: object) -> str:
    return cell_text(cell)


def parse_organisation_number(cell: object) -> str:
    """As written; a number cell keeps leading zeros Excel dropped (ten digits in all)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return str(int(cell)).zfill(10)
    return cell_text(cell)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass
class Register:
    """What the import needs from the database, fetched once."""

    categories: dict[str, Category]  # by _key(name)
    municipalities: list[Municipality]
    procurements: dict[
        str, Procurement
    ]  # by registry number, municipalities and tenders prefetched

    @cached_property
    def municipalities_by_key(self) -> dict[str, Municipality]:
        found = {_key(m.name): m for m in self.municipalities}
        found.update({m.code: m for m in self.municipalities})
        return found

    def category(self, cell: object) -> Category | None:
        text = cell_text(cell)
        if not text:
            return None
        category = self.categories.get(_key(text))
        if category is None:
            names = sorted(c.name for c in self.categories.values())
            if not names:
                raise CellError(
                    _(
                        "There is no category “%(value)s”. The register has no categories yet: "
                        "an administrator adds them."
                    )
                    % {"value": text}
                )
            raise CellError(
                _("There is no category “%(value)s”. The categories are: %(names)s.")
                % {"value": text, "names": "; ".join(names)}
            )
        return category

    def municipality_ids(self, cell: object) -> frozenset[int]:
        text = cell_text(cell)
        parts = [part.strip() for part in re.split(r"[;,\n]", text) if part.strip()]
        if any(_key(part) == "alla" for part in parts):
            return frozenset(m.pk for m in self.municipalities)
        found, unknown = set(), []
        for part in parts:
            municipality = self.municipalities_by_key.get(_key(part))
            if municipality is None:
                unknown.append(part)
            else:
                found.add(municipality.pk)
        if unknown:
            raise CellError(
                ngettext(
                    "Unknown municipality: %(unknown)s. Give names or codes: %(known)s.",
                    "Unknown municipalities: %(unknown)s. Give names or codes: %(known)s.",
                    len(unknown),
                )
                % {
                    "unknown": "; ".join(unknown),
                    "known": "; ".join(f"{m.name} ({m.code})" for m in self.municipalities),
                }
            )
        return frozenset(found)

    def procurement(self, cell: object) -> Procurement | None:
        number = registry_number_of(cell)
        if not number:
            return None
        procurement = self.procurements.get(number)
        if procurement is None:
            raise CellError(
                _(
                    "There is no procurement with the registry number “%(value)s” in the "
                    "register. Leave the cell empty until the procurement is registered."
                )
                % {"value": number}
            )
        return procurement


def load_register(
    registry_numbers: Iterable[str], related: tuple[str, ...] = ("municipalities", "tenders")
) -> Register:
    """Categories, municipalities and the procurements named in the file, each with its
    ``related`` rows: three queries and one for each of ``related``."""
    numbers = sorted(set(registry_numbers))
    procurements = (
        Procurement.objects.filter(registry_number__in=numbers).prefetch_related(*related)
        if numbers
        else []
    )
    return Register(
        categories={_key(c.name): c for c in Category.objects.all()},
        municipalities=list(Municipality.objects.all()),
        procurements={p.registry_number: p for p in procurements},
    )


def _field(column: Column):
    return column.model._meta.get_field(column.field)


def _stored_bounds(column: Column) -> tuple[int, int]:
    """What the column's database field can hold; a year or quarter outside the model's
    range gets the model's own message."""
    return connection.ops.integer_field_range(_field(column).get_internal_type())


def parse_cell(column: Column, cell: object, register: Register) -> object:
    """The value a cell means for its column; raises CellError with a message if it is wrong."""
    if column.kind == Kind.DATE:
        return parse_date(cell)
    if column.kind == Kind.BOOL:
        return parse_bool(cell)
    if column.kind == Kind.INTEGER:
        return parse_integer(cell, *integer_bounds(_field(column)))
    if column.kind == Kind.YEAR:
        return parse_integer(cell, *_stored_bounds(column))
    if column.kind == Kind.QUARTER:
        return parse_quarter(cell, *_stored_bounds(column))
    if column.kind == Kind.CHOICE:
        return parse_choice(column, cell)
    if column.kind == Kind.CATEGORY:
        return register.category(cell)
    if column.kind == Kind.MUNICIPALITIES:
        return register.municipality_ids(cell)
    if column.kind == Kind.ORGANISATION_NUMBER:
        return parse_organisation_number(cell)
    if column.kind == Kind.PROCUREMENT:
        return register.procurement(cell)
    return parse_text(cell)


def registry_number_of(cell: object) -> str:
    return " ".join(cell_text(cell).split())
