"""Whole numbers people type, within what the database stores, refused in one sentence.

A model's integer field holds what its column holds (PostgreSQL's smallint,
integer or bigint, on SQLite too: see ``gnu_plan/sqlite3/base.py``) within the
field's own limits; ``integer_bounds`` reads both off the field's validators.
A number outside them is refused with the range written the Swedish way:
"Fyll i ett heltal mellan 0 och 2 147 483 647."
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from indicators.formatting import format_number


def integer_bounds(field: models.IntegerField) -> tuple[int, int]:
    """The smallest and largest value the field accepts, on every database."""
    minimum = max(v.limit_value for v in field.validators if isinstance(v, MinValueValidator))
    maximum = min(v.limit_value for v in field.validators if isinstance(v, MaxValueValidator))
    return minimum, maximum


def out_of_range_message(minimum: int, maximum: int) -> str:
    return _("Enter a whole number between %(minimum)s and %(maximum)s.") % {
        "minimum": format_number(minimum),
        "maximum": format_number(maximum),
    }


class WholeNumberField(forms.IntegerField):
    """An integer between two bounds, with one message naming both."""

    def __init__(self, *, min_value: int, max_value: int, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        message = lazy(out_of_range_message, str)(min_value, max_value)
        self.error_messages.update(min_value=message, max_value=message)


def whole_number_formfield(field: models.IntegerField) -> WholeNumberField:
    """The form field for a model's integer field, bounded as the field is."""
    minimum, maximum = integer_bounds(field)
    return field.formfield(form_class=WholeNumberField, min_value=minimum, max_value=maximum)
