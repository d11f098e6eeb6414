"""Figures and follow-ups are cached under the data version, and never served stale.

``compute_figures`` reads what was computed before under the current data
version and evaluates only the windows missing, in one go; ``period_follow_up``
is cached whole, per language. A write gives the data a new version, so the
next read computes again.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from indicators.models import Indicator
from procurements.models import Procurement
from reports.computation import Window, compute_figures, evaluate_figures
from reports.follow_up import period_follow_up
from reports.models import DataVersion
from reports.services import QuarterEdit, adopt_period, get_or_create_period, save_quarter

pytestmark = pytest.mark.django_db

HALF_YEAR = Window(datetime.date(2030, 1, 1), datetime.date(2030, 6, 30))
FULL_YEAR = Window(datetime.date(2030, 1, 1), datetime.date(2030, 12, 31))
EVALUATING_ONE_WINDOW = 10  # see test_computation: the queries of evaluate_figures
READING_THE_VERSION = 1


@pytest.fixture
def demo_year(db):
    call_command("seed_demo", year=2030, count=200, seed=4, stdout=io.StringIO())


def test_cached_figures_are_the_figures_evaluated(demo_year):
    computed = compute_figures([HALF_YEAR, FULL_YEAR])
    assert compute_figures([HALF_YEAR, FULL_YEAR]) == computed
    assert computed == evaluate_figures([HALF_YEAR, FULL_YEAR])
    assert computed[1]["coordinated-share"][None].value is not None


@pytest.mark.parametrize("count", [250, 5000])
def test_figures_read_again_cost_one_query_at_any_register_size(count, django_assert_num_queries):
    call_command("seed_demo", year=2030, count=count, seed=1, stdout=io.StringIO())
    with django_assert_num_queries(READING_THE_VERSION + EVALUATING_ONE_WINDOW):
        compute_figures([HALF_YEAR])
    with django_assert_num_queries(READING_THE_VERSION):
        compute_figures([HALF_YEAR])


def test_only_the_windows_not_cached_are_evaluated_together(demo_year, django_assert_num_queries):
    compute_figures([HALF_YEAR])
    march = Window(datetime.date(2030, 1, 1), datetime.date(2030, 3, 31))
    # One query per population and window; the budget's two are for all windows together.
    with django_assert_num_queries(READING_THE_VERSION + 2 * (EVALUATING_ONE_WINDOW - 2) + 2):
        figures = compute_figures([march, HALF_YEAR, FULL_YEAR, march])
    assert figures == evaluate_figures([march, HALF_YEAR, FULL_YEAR, march])


def test_a_write_to_the_register_is_seen_by_the_next_read(demo_year):
    before = compute_figures([FULL_YEAR])[0]["cancelled-procurements"][None].value
    procurement = Procurement.objects.filter(
        cancelled_on__isnull=True, advertised_on__year=2030, completed_on__isnull=True
    ).first()
    procurement.cancelled_on = datetime.date(2030, 11, 1)
    procurement.cancellation_reason = "Inga anbud"
    procurement.save()
    after = compute_figures([FULL_YEAR])[0]["cancelled-procurements"][None].value
    assert after == before + 1


def test_figures_read_inside_a_rolled_back_write_are_never_served_after_it(demo_year):
    before = compute_figures([FULL_YEAR])
    with pytest.raises(RuntimeError), transaction.atomic():
        Procurement.objects.filter(advertised_on__year=2030).delete()
        inside = compute_figures([FULL_YEAR])
        raise RuntimeError("rolled back")
    assert inside != before
    assert compute_figures([FULL_YEAR]) == before


def test_without_a_data_version_figures_are_evaluated_every_time(
    demo_year, django_assert_num_queries
):
    DataVersion.objects.all().delete()
    with django_assert_num_queries(READING_THE_VERSION + EVALUATING_ONE_WINDOW):
        figures = compute_figures([HALF_YEAR])
    with django_assert_num_queries(READING_THE_VERSION + EVALUATING_ONE_WINDOW):
        assert compute_figures([HALF_YEAR]) == figures


def test_the_follow_up_page_shows_a_correction_made_after_it_was_read(committee_member, client_for):
    call_command("seed_demo", year=2023, count=60, seed=2, stdout=io.StringIO())
    page = reverse("reports:period", args=[2023, 4])
    client = client_for(committee_member)

    def cancelled() -> str:
        follow_up = client.get(page).context["follow_up"]
        return next(i for i in follow_up.indicators if i.code == "cancelled-procurements").text

    before = cancelled()
    procurement = Procurement.objects.filter(
        cancelled_on__isnull=True, completed_on__isnull=True, advertised_on__year=2023
    ).first()
    procurement.cancelled_on = datetime.date(2023, 12, 1)
    procurement.cancellation_reason = "Inga anbud"
    procurement.save()
    assert int(cancelled()) == int(before) + 1


def test_a_follow_up_read_again_costs_one_query(django_assert_num_queries):
    call_command("seed_demo", year=2024, count=100, seed=4, stdout=io.StringIO())
    computed = period_follow_up(2024, 2)
    with django_assert_num_queries(READING_THE_VERSION):
        cached = period_follow_up(2024, 2)
    assert cached == computed
    # The object itself, unpickled: pages only read it (test_cached_pages checks they leave it be).
    assert cached is computed


def test_each_language_has_its_own_follow_up():
    with translation.override("en"):
        english = period_follow_up(2025, 1)
    with translation.override("sv"):
        swedish = period_follow_up(2025, 1)
    assert english.indicators[0].text == "No data"
    assert swedish.indicators[0].text == "Uppgift saknas"


def test_the_heads_figures_and_adoption_are_seen_by_the_next_read(chef):
    follow_ups = Indicator.objects.get(code="contract-follow-ups")
    assert period_follow_up(2023, 2).is_adopted is False
    period = get_or_create_period(2023, 2)
    save_quarter(period, QuarterEdit(version=0, values={(follow_ups.pk, None): 60}), chef)
    followed = next(i for i in period_follow_up(2023, 2).indicators if i.code == follow_ups.code)
    assert followed.value == 60
    adopt_period(period, chef)
    assert period_follow_up(2023, 2).is_adopted is True
