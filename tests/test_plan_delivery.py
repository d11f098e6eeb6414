"""The procurement plan's figure equals a plain computation over the plan, quarter by quarter.

The expected values are computed here in plain Python from the plan's items and
their procurements' completion dates, following the definition (issue 7, point
3), without ``reports.plan_delivery`` or any database aggregation.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from procurements.models import ProcurementPlanItem
from reports.computation import Window, compute_figures
from reports.plan_delivery import items_behind, plan_delivery
from tests.plan_helpers import make_item

pytestmark = pytest.mark.django_db

QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def independent(year: int, quarter: int) -> tuple[int, int]:
    """(completed by the quarter's end, planned to be completed by then) of plan ``year``."""
    end = dt.date(year, *QUARTER_ENDS[quarter])
    planned = [
        item
        for item in ProcurementPlanItem.objects.select_related("procurement")
        if item.plan_year == year and item.planned_year == year and item.planned_quarter <= quarter
    ]
    completed = [
        item
        for item in planned
        if item.procurement is not None
        and item.procurement.completed_on is not None
        and item.procurement.completed_on <= end
    ]
    return len(completed), len(planned)


@pytest.fixture
def demo_plan(db):
    call_command("seed_demo", year=2023, count=250, seed=42, stdout=io.StringIO())


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_the_demo_years_figure_equals_a_plain_computation(demo_plan, quarter):
    completed, planned = independent(2023, quarter)
    figure = plan_delivery(year=2023, quarter=quarter)
    assert (figure.numerator, figure.denominator) == (Decimal(completed), Decimal(planned))
    assert figure.value == Decimal(completed) * 100 / Decimal(planned)
    window = Window(dt.date(2023, 1, 1), dt.date(2023, *QUARTER_ENDS[quarter]))
    follow_up = compute_figures([window])[0]
    assert follow_up["completed-as-planned"][None].value == figure.value


def test_the_demo_year_has_late_and_never_started_items_and_a_value_each_quarter(demo_plan):
    assert all(plan_delivery(year=2023, quarter=q).value is not None for q in (1, 2, 3, 4))
    at_year_end = list(items_behind(year=2023, quarter=4))
    assert any(item.delivery == "late" for item in at_year_end)
    assert any(item.procurement is None for item in at_year_end)
    assert all(item.delivery in ("on_time", "late", "missing") for item in at_year_end)


def test_a_late_item_is_missing_until_the_quarter_it_was_completed_in():
    make_item(number=1, planned_quarter=1, completed_on=dt.date(2023, 3, 31))
    make_item(number=2, planned_quarter=1, completed_on=dt.date(2023, 4, 1))
    by_quarter = [plan_delivery(year=2023, quarter=q) for q in (1, 2)]
    assert [(f.numerator, f.denominator) for f in by_quarter] == [(1, 2), (2, 2)]
    assert by_quarter[0].value == 50
    assert by_quarter[1].value == 100


def test_items_planned_later_are_not_yet_counted_and_q4_is_the_whole_year():
    make_item(number=1, planned_quarter=1, completed_on=dt.date(2023, 2, 1))
    make_item(number=2, planned_quarter=3, completed_on=dt.date(2023, 2, 1))
    make_item(number=3, planned_quarter=4, registered=False)
    figures = [plan_delivery(year=2023, quarter=q) for q in (1, 2, 3, 4)]
    assert [(f.numerator, f.denominator) for f in figures] == [(1, 1), (1, 1), (2, 2), (2, 3)]


def test_an_item_without_a_procurement_or_not_completed_is_missing():
    make_item(number=1, planned_quarter=2, registered=False)
    make_item(number=2, planned_quarter=2)
    make_item(number=3, planned_quarter=2, completed_on=dt.date(2023, 5, 5))
    figure = plan_delivery(year=2023, quarter=2)
    assert (figure.numerator, figure.denominator) == (1, 3)
    assert [item.delivery for item in items_behind(year=2023, quarter=2)] == [
        "missing",
        "missing",
        "on_time",
    ]


def test_items_planned_for_the_next_year_and_other_years_plans_do_not_count():
    make_item(number=1, planned_quarter=1, planned_year=2024, completed_on=dt.date(2023, 2, 1))
    make_item(plan_year=2022, number=1, planned_quarter=1, planned_year=2023)
    make_item(number=2, planned_quarter=1, completed_on=dt.date(2022, 12, 20))
    figure = plan_delivery(year=2023, quarter=4)
    assert (figure.numerator, figure.denominator) == (1, 1)  # completed early counts too


def test_nothing_planned_by_then_is_no_data_not_zero():
    assert plan_delivery(year=2023, quarter=4).value is None
    make_item(number=1, planned_quarter=3, registered=False)
    assert plan_delivery(year=2023, quarter=2).value is None
    assert plan_delivery(year=2023, quarter=3).value == 0


def test_the_plan_has_its_figure_even_when_the_register_has_nothing_dated_in_the_year():
    make_item(plan_year=2031, number=1, planned_quarter=1, registered=False)
    figures = compute_figures([Window(dt.date(2031, 1, 1), dt.date(2031, 3, 31))])[0]
    assert figures["completed-as-planned"][None].value == 0
    assert figures["cancelled-procurements"][None].value is None


@pytest.mark.parametrize("count", [3, 60])
def test_the_figure_takes_one_query_however_long_the_plan(count, django_assert_num_queries):
    for number in range(1, count + 1):
        make_item(number=number, planned_quarter=number % 4 + 1, registered=number % 2 == 0)
    with django_assert_num_queries(1):
        plan_delivery(year=2023, quarter=3)
    with django_assert_num_queries(1):
        list(items_behind(year=2023, quarter=3))
