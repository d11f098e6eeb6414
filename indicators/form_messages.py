"""Form messages that say which field is wrong and what it takes, the Swedish way.

Django's own messages name neither the field nor the range as people write it
("Kontrollera att detta värde är mindre än eller lika med 1000000"). Here each
message starts with the field's name as the page labels it and gives the range
with its numbers written the Swedish way: "Utfall hittills för Personalkostnader:
ange högst 1 000 000 tkr." The same sentence then reads right in a form's error
summary, away from the field, as well as next to it.

Only Django's own messages are replaced: a message a form set for a field
itself is kept.
"""

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext as _

from indicators.formatting import format_number, format_quantity

# Django formats these codes' messages with parameters (``message % params``), so a
# "%" in them must be doubled; the others are shown as they are.
CODES_WITH_PARAMETERS = {
    "min_value",
    "max_value",
    "max_length",
    "invalid_choice",
    "invalid_pk_value",
}


def _django_default(field: forms.Field, code: str):
    for cls in type(field).__mro__:
        message = getattr(cls, "default_error_messages", {}).get(code)
        if message is not None:
            return message
    return None


def _integer_messages(field: forms.IntegerField, unit: str | None, year: bool) -> dict[str, str]:
    def written(value: int, with_unit: bool = True) -> str:
        if year:
            return str(value)
        return format_quantity(value, unit) if unit and with_unit else format_number(value)

    lowest, highest = field.min_value, field.max_value
    if lowest is not None and highest is not None:
        # "between 0 and 1 000 000 tkr": the unit once, after the second number.
        whole = (
            _("enter a year from %(minimum)s to %(maximum)s.")
            if year
            else _("enter a whole number between %(minimum)s and %(maximum)s.")
        ) % {"minimum": written(lowest, with_unit=False), "maximum": written(highest)}
    else:
        whole = _("enter a whole number.")
    messages = {"required": whole, "invalid": whole}
    if year:  # "enter at least 2000" reads as an amount
        return {**messages, "min_value": whole, "max_value": whole}
    if lowest is not None:
        messages["min_value"] = _("enter at least %(minimum)s.") % {"minimum": written(lowest)}
    if highest is not None:
        messages["max_value"] = _("enter at most %(maximum)s.") % {"maximum": written(highest)}
    return messages


def _problems(field: forms.Field, unit: str | None, year: bool) -> dict[str, str]:
    """What is wrong, by Django's error code, for the kinds of field the forms use."""
    if isinstance(field, forms.IntegerField):
        return _integer_messages(field, unit, year)
    if isinstance(field, forms.DateField):
        return {
            "required": _("enter a date."),
            "invalid": _("enter a date as YYYY-MM-DD, e.g. 2026-11-29."),
        }
    if isinstance(field, forms.ModelMultipleChoiceField):
        choose = _("choose among the options shown.")
        return {
            "required": _("choose at least one."),
            "invalid_choice": choose,
            "invalid_pk_value": choose,
        }
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return {"required": _("choose one."), "invalid_choice": _("choose one of the options.")}
    if isinstance(field, forms.CharField):
        messages = {"required": _("fill this in.")}
        if field.max_length is not None:
            messages["max_length"] = _("write at most %(count)s characters.") % {
                "count": format_number(field.max_length)
            }
        return messages
    return {}


def named(name: str, problem: str) -> str:
    """A message naming its field: "Rubrik: fyll i fältet." """
    return _("%(field)s: %(problem)s") % {"field": name, "problem": problem}


def field_messages(
    field: forms.Field, name: str, *, unit: str | None = None, year: bool = False
) -> dict[str, str]:
    """The field's messages by Django's error code, each starting with ``name``.

    ``unit`` is written after the numbers of a range ("1 000 000 tkr"); a ``year``
    is written without a thousands separator ("2023", never "2 023").
    """
    messages = {}
    for code, problem in _problems(field, unit, year).items():
        message = named(name, problem)
        messages[code] = message.replace("%", "%%") if code in CODES_WITH_PARAMETERS else message
    return messages


def name_fields_in_messages(
    form: forms.BaseForm,
    *,
    names: dict[str, str] | None = None,
    units: dict[str, str] | None = None,
    years: Iterable[str] = (),
) -> None:
    """Give every visible field of ``form`` messages naming it, in place of Django's own.

    A field is named by its label unless ``names`` says otherwise; ``units`` and
    ``years`` say how the numbers of a field's range are written.
    """
    names, units, years = names or {}, units or {}, set(years)
    for field_name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        name = names.get(field_name) or str(field.label or field_name)
        found = field_messages(
            field, name, unit=units.get(field_name), year=field_name in years
        ).items()
        for code, message in found:
            current = field.error_messages.get(code)
            if current is None or current is _django_default(field, code):
                field.error_messages[code] = message
