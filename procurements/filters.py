"""The register's filters: year, status, category, municipality and requirement."""

import django_filters
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from indicators.models import Municipality
from procurements.models import Category, Procurement, Status
from procurements.selectors import procurement_years

UHM_ANY = "uhm"
FOOD = "is_food_procurement"
INNOVATION = "substantially_different_solution"


def requirement_conditions() -> dict[str, Q]:
    """Each requirement a procurement can be filtered by, as a condition."""
    conditions = {name: Q(**{name: True}) for name in Procurement.REQUIREMENT_FIELDS}
    any_uhm = Q()
    for name in Procurement.UHM_FIELDS:
        any_uhm |= ~Q(**{name: Procurement.UhmLevel.NONE})
    conditions[UHM_ANY] = any_uhm
    for name in (FOOD, *Procurement.FOOD_FIELDS, INNOVATION):
        conditions[name] = Q(**{name: True})
    return conditions


def requirement_choices() -> list[tuple[str, str]]:
    def label(name):
        return capfirst(Procurement._meta.get_field(name).verbose_name)

    choices = [(name, label(name)) for name in Procurement.REQUIREMENT_FIELDS]
    choices.append((UHM_ANY, _("Any UHM level")))
    choices += [(name, label(name)) for name in (FOOD, *Procurement.FOOD_FIELDS, INNOVATION)]
    return choices


class ProcurementFilter(django_filters.FilterSet):
    """Filters the queryset of ``selectors.procurement_list_queryset`` (needs ``status_code``)."""

    q = django_filters.CharFilter(method="filter_text", label=_("Registry number or title"))
    year = django_filters.ChoiceFilter(
        method="filter_year", label=_("Year (advertised or completed)"), empty_label=_("All years")
    )
    status = django_filters.ChoiceFilter(
        field_name="status_code", choices=Status.choices, label=_("Status"), empty_label=_("All")
    )
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), label=_("Category"), empty_label=_("All categories")
    )
    municipality = django_filters.ModelChoiceFilter(
        field_name="municipalities",
        queryset=Municipality.objects.all(),
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    requirement = django_filters.ChoiceFilter(
        method="filter_requirement",
        choices=requirement_choices,
        label=_("Requirement"),
        empty_label=_("Any or none"),
    )

    class Meta:
        model = Procurement
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [
            (str(year), str(year)) for year in procurement_years()
        ]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(registry_number__icontains=value) | Q(title__icontains=value))

    def filter_year(self, queryset, name, value):
        return queryset.in_year(int(value)) if value else queryset

    def filter_requirement(self, queryset, name, value):
        condition = requirement_conditions().get(value)
        return queryset.filter(condition) if condition is not None else queryset
