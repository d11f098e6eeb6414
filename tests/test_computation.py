"""Computed indicators equal an independent computation over the demo register.

The expected values are computed here in plain Python over all procurements,
following the definitions of Bilaga 3, without the measure declarations or any
database aggregation; the app's values come from ``reports.computation``.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from budget.models import BudgetLine, QuarterlyFigure
from procurements.models import Procurement, ProcurementPlanItem, ReviewAppeal
from reports.computation import Window, compute_figures

pytestmark = pytest.mark.django_db

QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
ADVANCED = {"avancerad", "spjutspets"}


@pytest.fixture
def demo_register(db):
    call_command("seed_demo", year=2023, count=250, seed=7, stdout=io.StringIO())


def _window(quarter: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(2023, 1, 1), datetime.date(2023, *QUARTER_ENDS[quarter])


def _within(day, start, end) -> bool:
    return day is not None and start <= day <= end


def _share(part, whole):
    return None if not whole else Decimal(len(part)) * 100 / Decimal(len(whole))


def _independent_values(quarter: int) -> dict[str, Decimal | None]:
    start, end = _window(quarter)
    everything = list(Procurement.objects.prefetch_related("municipalities", "tenders"))
    completed = [p for p in everything if _within(p.completed_on, start, end)]
    advertised = [p for p in everything if _within(p.advertised_on, start, end)]
    cancelled = [p for p in everything if _within(p.cancelled_on, start, end)]
    plan = [
        item
        for item in ProcurementPlanItem.objects.select_related("procurement")
        if item.plan_year == item.planned_year == 2023 and item.planned_quarter <= quarter
    ]
    tenders = [t for p in completed for t in p.tenders.all()]
    with_tenders = [p for p in completed if p.tenders.all()]
    awarded = [t for t in tenders if t.is_awarded]
    with_questions = [p for p in completed if p.questions_received is not None]
    food_links = [
        (p, m) for p in advertised if p.is_food_procurement for m in p.municipalities.all()
    ]
    appeals = [a for a in ReviewAppeal.objects.all() if start <= a.filed_on <= end]
    return {
        "coordinated-share": _share(
            [p for p in completed if len(p.municipalities.all()) >= 2], completed
        ),
        "tenders-per-procurement": (
            Decimal(len(tenders)) / len(with_tenders) if with_tenders else None
        ),
        "questions-per-procurement": (
            Decimal(sum(p.questions_received for p in with_questions)) / len(with_questions)
            if with_questions
            else None
        ),
        "tenderers-contacted": Decimal(len([p for p in completed if p.tenderers_contacted])),
        "employment-requirements": _share(
            [p for p in advertised if p.advanced_employment_requirement], advertised
        ),
        "labour-law-conditions": Decimal(len([p for p in advertised if p.labour_law_conditions])),
        "reserved-procurements": Decimal(
            len([p for p in advertised if p.reserved_for_social_enterprises])
        ),
        "accessibility-requirements": Decimal(
            len([p for p in advertised if p.accessibility_requirement])
        ),
        "gender-equality-requirements": Decimal(
            len([p for p in advertised if p.gender_equality_requirement])
        ),
        "environmental-requirements": _share(
            [p for p in advertised if p.environmental_requirement], advertised
        ),
        "environmental-management": _share(
            [p for p in advertised if p.uhm_environmental_management in ADVANCED], advertised
        ),
        "reuse-requirements": _share(
            [p for p in advertised if p.uhm_reuse in ADVANCED], advertised
        ),
        "climate-transport-requirements": _share(
            [p for p in advertised if p.uhm_climate_transport in ADVANCED], advertised
        ),
        "climate-other-requirements": _share(
            [p for p in advertised if p.uhm_climate_other in ADVANCED], advertised
        ),
        "chemicals-requirements": _share(
            [p for p in advertised if p.uhm_chemicals in ADVANCED], advertised
        ),
        "organic-food-requirements": _share(
            [1 for p, _m in food_links if p.food_organic], food_links
        ),
        "local-food-requirements": _share([1 for p, _m in food_links if p.food_local], food_links),
        "plant-based-food-requirements": _share(
            [1 for p, _m in food_links if p.food_plant_based], food_links
        ),
        "regional-tenders-share": _share([t for t in tenders if t.has_regional_presence], tenders),
        "regional-awards-share": _share([t for t in awarded if t.has_regional_presence], awarded),
        "substantially-different-solutions": Decimal(
            len([p for p in completed if p.substantially_different_solution])
        ),
        "completed-as-planned": _share(
            [
                i
                for i in plan
                if i.procurement and _within(i.procurement.completed_on, datetime.date.min, end)
            ],
            plan,
        ),
        "review-appeals": Decimal(len(appeals)),
        "cancelled-procurements": Decimal(len(cancelled)),
    }


def _independent_economy(quarter: int) -> Decimal | None:
    lines = list(BudgetLine.objects.filter(year=2023))
    figures = {
        f.line_id: f for f in QuarterlyFigure.objects.filter(line__year=2023, quarter=quarter)
    }
    if not lines or any(line.pk not in figures for line in lines):
        return None
    sign = {"revenue": 1, "cost": -1}
    budget_result = sum(sign[line.kind] * line.amount_tkr for line in lines)
    forecast_result = sum(sign[line.kind] * figures[line.pk].forecast_tkr for line in lines)
    budget_cost = sum(line.amount_tkr for line in lines if line.kind == "cost")
    return Decimal(abs(forecast_result - budget_result)) * 100 / budget_cost


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_every_computed_indicator_equals_an_independent_computation(demo_register, quarter):
    start, end = _window(quarter)
    computed = compute_figures([Window(start, end)])[0]
    expected = _independent_values(quarter)
    expected["economy-in-balance"] = _independent_economy(quarter)
    for code, value in expected.items():
        assert computed[code][None].value == value, code


def test_demo_register_gives_every_computed_indicator_a_value_at_year_end(demo_register):
    computed = compute_figures([Window(*_window(4))])[0]
    missing = [code for code, figures in computed.items() if figures[None].value is None]
    assert missing == []


def test_food_shares_per_municipality_add_up_to_the_total(demo_register):
    figures = compute_figures([Window(*_window(4))])[0]["organic-food-requirements"]
    per_municipality = [figure for key, figure in figures.items() if key is not None]
    assert per_municipality
    assert sum(f.numerator for f in per_municipality) == figures[None].numerator
    assert sum(f.denominator for f in per_municipality) == figures[None].denominator


def test_an_empty_register_gives_no_data_rather_than_zero():
    computed = compute_figures([Window(datetime.date(2031, 1, 1), datetime.date(2031, 12, 31))])[0]
    assert computed["cancelled-procurements"][None].value is None
    assert computed["coordinated-share"][None].value is None
    assert computed["economy-in-balance"][None].value is None


@pytest.mark.parametrize("count", [250, 5000])
def test_computing_a_period_takes_a_fixed_number_of_queries(count, django_assert_num_queries):
    call_command("seed_demo", year=2030, count=count, seed=1, stdout=io.StringIO())
    windows = [Window(datetime.date(2030, 1, 1), datetime.date(2030, 6, 30))]
    with django_assert_num_queries(9):
        compute_figures(windows)


def test_a_completed_procurement_without_recorded_tenders_does_not_lower_the_mean(demo_register):
    window = [Window(*_window(4))]
    before = compute_figures(window)[0]["tenders-per-procurement"][None]
    procurement = Procurement.objects.filter(completed_on__year=2023, tenders__isnull=False)[0]
    removed, _ = procurement.tenders.all().delete()
    after = compute_figures(window)[0]["tenders-per-procurement"][None]
    assert after.denominator == before.denominator - 1
    assert after.numerator == before.numerator - removed
