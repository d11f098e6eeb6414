"""The register's counts for one municipality, in one query."""

import datetime as dt

import pytest

from indicators.models import Municipality
from procurements.municipality_figures import municipality_figures
from tests.procurement_helpers import make_procurement

pytestmark = pytest.mark.django_db

D = dt.date


def falun_figures(falun_id: int | None = None):
    """Falun's figures for the first half of 2023."""
    falun_id = falun_id or Municipality.objects.get(name="Falun").pk
    return municipality_figures(municipality_id=falun_id, start=D(2023, 1, 1), end=D(2023, 6, 30))


def test_only_procurements_made_for_the_municipality_in_the_window_count():
    make_procurement(advertised_on=D(2023, 2, 1), municipality_names=("Falun",))
    make_procurement(advertised_on=D(2023, 2, 1), municipality_names=("Borlänge", "Säter"))
    make_procurement(advertised_on=D(2023, 7, 1), municipality_names=("Falun",))
    make_procurement(advertised_on=D(2022, 12, 31), municipality_names=("Falun",))
    make_procurement(advertised_on=D(2023, 6, 30), municipality_names=("Falun", "Gagnef"))
    figures = falun_figures()
    assert figures.advertised == 2
    assert figures.completed == 0


def test_completed_counts_the_coordinated_ones_among_them():
    make_procurement(
        advertised_on=D(2022, 10, 1), completed_on=D(2023, 3, 1), municipality_names=("Falun",)
    )
    make_procurement(
        advertised_on=D(2023, 1, 10),
        completed_on=D(2023, 5, 1),
        municipality_names=("Falun", "Borlänge", "Avesta"),
    )
    make_procurement(
        advertised_on=D(2023, 1, 10), completed_on=D(2023, 8, 1), municipality_names=("Falun",)
    )
    figures = falun_figures()
    assert (figures.advertised, figures.completed, figures.completed_coordinated) == (2, 2, 1)


def test_cancelled_and_requirements_are_counted_in_their_own_windows():
    make_procurement(
        advertised_on=D(2022, 11, 1),
        cancelled_on=D(2023, 2, 1),
        cancellation_reason="Inga anbud",
        municipality_names=("Falun",),
    )
    make_procurement(
        advertised_on=D(2023, 3, 1),
        environmental_requirement=True,
        is_food_procurement=True,
        food_organic=True,
        food_plant_based=True,
        municipality_names=("Falun", "Ludvika"),
    )
    make_procurement(
        advertised_on=D(2023, 4, 1),
        is_food_procurement=True,
        food_local=True,
        municipality_names=("Falun",),
    )
    figures = falun_figures()
    assert figures.cancelled == 1
    assert figures.advertised == 2
    assert figures.advertised_with_environmental_requirement == 1
    assert (figures.food_advertised, figures.food_organic, figures.food_local) == (2, 1, 1)
    assert figures.food_plant_based == 1


def test_the_figures_take_one_query_however_many_procurements(django_assert_num_queries):
    for index in range(30):
        make_procurement(advertised_on=D(2023, 1, 1 + index % 28), municipality_names=("Falun",))
    falun = Municipality.objects.get(name="Falun")
    with django_assert_num_queries(1):
        assert falun_figures(falun.pk).advertised == 30
