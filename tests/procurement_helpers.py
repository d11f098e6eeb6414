"""Building procurements for tests: ``make_procurement(...)`` with sensible defaults."""

import datetime as dt
import itertools

from indicators.models import Municipality
from procurements.conflicts import browser_values
from procurements.models import Category, Procurement, Tender
from procurements.validators import luhn_check_digit


def valid_organisation_number(index: int) -> str:
    """A distinct valid organisation number for each index: 5560NN-NNNC."""
    digits = f"5560{index:05d}"
    return f"{digits[:6]}-{digits[6:]}{luhn_check_digit(digits)}"


_numbers = itertools.count(1)


def category(name: str = "Livsmedel") -> Category:
    return Category.objects.get_or_create(name=name)[0]


def municipalities(*names: str) -> list[Municipality]:
    return [Municipality.objects.get(name=name) for name in names]


def make_procurement(
    *, municipality_names=("Falun", "Borlänge"), tenders: int = 0, **fields
) -> Procurement:
    fields.setdefault("registry_number", f"UhC 2024/{next(_numbers)}")
    fields.setdefault("title", "Städtjänster")
    fields.setdefault("category", category())
    fields.setdefault("advertised_on", dt.date(2024, 3, 1))
    procurement = Procurement.objects.create(**fields)
    procurement.municipalities.set(municipalities(*municipality_names))
    for index in range(tenders):
        Tender.objects.create(
            procurement=procurement,
            supplier_name=f"Leverantör {index + 1} AB",
            organisation_number=valid_organisation_number(index),
            is_awarded=index == 0,
        )
    return procurement


def browser_data(response) -> dict[str, list[str]]:
    """What a browser submits for the procurement form page as loaded, unchanged."""
    context = response.context
    forms = [context["form"]]
    for formset in (context["tenders"], context["appeals"]):
        forms += [formset.management_form, *formset.forms]
    return {bound.html_name: browser_values(bound) for form in forms for bound in form}
