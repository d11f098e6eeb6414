"""Reading one entry of a YAML data file, noting every problem with its place.

Shared by the plan file (``indicators.plan_file``) and its budget section
(``budget.loading``), so that both say what is wrong in the same words:
``goals[2] (high-quality), indicators[0], field “unit”: …``.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Number:
    """A number as the plan writes it: 3.0 keeps one decimal when shown."""

    value: Decimal
    decimals: int


def model_field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except models.FieldDoesNotExist:
        return None


class Entry:
    """One mapping of the file: reads its fields, noting each problem with its place.

    ``where`` is the path of the entry in the file, e.g. ``goals[2] (high-quality),
    indicators[0] (questions-per-procurement)``; every field looked up is
    remembered so that a misspelt field can be refused instead of ignored.
    """

    def __init__(self, where: str, raw: Any, problems: list[str], label: str = ""):
        self.where = where
        self.label = label or where
        self.problems = problems
        self.looked_up: set[str] = set()
        self.raw: dict = raw if isinstance(raw, dict) else {}
        if not isinstance(raw, dict):
            self.fail(None, _("must be a mapping of fields"))
            self.problems = []  # one problem is enough: its fields are not "missing"

    def child(self, label: str, raw: Any) -> "Entry":
        where = f"{self.where}, {label}" if self.where else label
        return Entry(where, raw, self.problems, label)

    def call_by(self, code: str) -> None:
        """Add the entry's code to its place, for messages about it and its children."""
        if code:
            self.where = f"{self.where} ({code})"

    def fail(self, name: str | None, message: str) -> None:
        entry = self.where or _("the file")
        if name:
            problem = _("%(entry)s, field “%(field)s”: %(problem)s")
        else:
            problem = _("%(entry)s: %(problem)s")
        self.problems.append(problem % {"entry": entry, "field": name, "problem": message})

    def get(self, name: str) -> Any:
        self.looked_up.add(name)
        value = self.raw.get(name)
        return value.strip() if isinstance(value, str) else value

    def refuse_unknown_fields(self) -> None:
        for name in self.raw:
            if name not in self.looked_up:
                self.fail(
                    str(name),
                    _("is not a field of this entry; its fields are %(fields)s")
                    % {"fields": ", ".join(sorted(self.looked_up))},
                )

    def mapping(self, name: str) -> "Entry":
        value = self.get(name)
        if value is None:
            self.fail(name, _("is missing"))
            return Entry(name, {}, problems=[])  # no further complaints about its fields
        return self.child(name, value)

    def text(
        self, name: str, model: type[models.Model] | None = None, required: bool = True
    ) -> str:
        """A text field; ``model`` is the model whose same-named field limits its length."""
        value = self.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, _("is missing"))
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.fail(name, _("must be text"))
            return ""
        text = str(value)
        max_length = getattr(model_field(model, name), "max_length", None)
        if max_length and len(text) > max_length:
            self.fail(
                name,
                _("must be at most %(limit)s characters long, not %(length)s")
                % {"limit": max_length, "length": len(text)},
            )
        return text

    def code(self, model: type[models.Model]) -> str:
        code = self.text("code", model)
        if code and not _CODE.match(code):
            self.fail(
                "code",
                _("may only hold letters a–z, digits, “-” and “_”, not “%(value)s”")
                % {"value": code},
            )
        return code

    def integer(self, name: str, required: bool = True) -> int | None:
        value = self.get(name)
        if value is None:
            if required:
                self.fail(name, _("is missing"))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, _("must be a whole number, not “%(value)s”") % {"value": value})
            return None
        return value

    def year(self, name: str = "year") -> int:
        value = self.integer(name)
        if value is not None and not 2000 <= value <= 2100:
            self.fail(
                name, _("must be a year between 2000 and 2100, not %(value)s") % {"value": value}
            )
            return 0
        return value or 0

    def boolean(self, name: str) -> bool:
        value = self.get(name)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(name, _("must be true or false"))
            return False
        return value

    def number(self, name: str, model: type[models.Model], required: bool = True) -> Number | None:
        """A decimal number that fits the same-named DecimalField of ``model``."""
        value = self.get(name)
        if value is None:
            if required:
                self.fail(name, _("is missing"))
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            decimal = Decimal(str(value))
            if not decimal.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.fail(name, _("must be a number, not “%(value)s”") % {"value": value})
            return None
        exponent = decimal.as_tuple().exponent
        if exponent > 0:
            decimal = decimal.quantize(Decimal(1))
        decimals = max(0, -exponent)
        db_field = model._meta.get_field(name)
        if decimals > db_field.decimal_places:
            self.fail(
                name,
                _("must have at most %(decimals)s decimals, not “%(value)s”")
                % {"decimals": db_field.decimal_places, "value": value},
            )
            return None
        limit = Decimal(10) ** (db_field.max_digits - db_field.decimal_places)
        if abs(decimal) >= limit:
            self.fail(
                name,
                _("must be less than %(limit)s, not “%(value)s”")
                % {"limit": limit, "value": value},
            )
            return None
        return Number(decimal, decimals)

    def choice(self, name: str, choices, required: bool = True) -> str:
        value = self.text(name, required=required)
        allowed = [str(choice) for choice in choices]
        if value and value not in allowed:
            self.fail(
                name,
                _("“%(value)s” is not one of %(allowed)s")
                % {"value": value, "allowed": ", ".join(allowed)},
            )
            return ""
        return value

    def items(self, name: str, required: bool = False) -> list[Any]:
        value = self.get(name)
        if value is None:
            if required:
                self.fail(name, _("is missing"))
            return []
        if not isinstance(value, list):
            self.fail(name, _("must be a list"))
            return []
        return value

    def date(self, name: str) -> datetime.date:
        value = self.get(name)
        if value is None:
            self.fail(name, _("is missing"))
            return datetime.date.min
        text = str(value)
        if _DATE.match(text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                pass
        self.fail(
            name, _("must be a date written as YYYY-MM-DD, not “%(value)s”") % {"value": text}
        )
        return datetime.date.min
