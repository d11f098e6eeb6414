"""Integers: SQLite refuses what PostgreSQL refuses, and no id is too large to look up."""

import pytest
from django.apps import apps
from django.db import models

from indicators.models import Municipality
from indicators.whole_numbers import integer_bounds

# PostgreSQL's column ranges (smallint, integer, bigint), as its documentation gives them.
POSTGRESQL_RANGES = {
    "SmallIntegerField": (-32_768, 32_767),
    "PositiveSmallIntegerField": (0, 32_767),
    "IntegerField": (-2_147_483_648, 2_147_483_647),
    "PositiveIntegerField": (0, 2_147_483_647),
    "BigIntegerField": (-(2**63), 2**63 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
}


# In a stable order: workers of a parallel run must each collect the same list.
INTEGER_FIELDS = sorted(
    (
        pytest.param(field, id=f"{model._meta.label}.{field.name}")
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.IntegerField) and not field.primary_key
    ),
    key=lambda param: param.id,
)


@pytest.mark.parametrize("field", INTEGER_FIELDS)
def test_every_integer_field_accepts_only_what_postgresql_stores(field):
    minimum, maximum = integer_bounds(field)
    low, high = POSTGRESQL_RANGES[field.get_internal_type()]
    assert low <= minimum <= maximum <= high


@pytest.mark.django_db
@pytest.mark.parametrize("beyond", [2**63, 2**64 + 1, -(10**30)])
def test_looking_up_ids_no_column_can_hold_finds_nothing_instead_of_failing(beyond):
    falun = Municipality.objects.get(name="Falun")
    assert list(Municipality.objects.filter(pk__in=[beyond, falun.pk])) == [falun]
    assert not Municipality.objects.filter(pk__in=[beyond]).exists()
    assert Municipality.objects.exclude(pk__in=[beyond]).count() == Municipality.objects.count()
