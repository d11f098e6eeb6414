"""Computed indicators equal an independent computation over the demo register.

The expected figures are computed here in plain Python over all rows, following
the definitions of Bilaga 3, without the measure declarations or any database
aggregation, as exact fractions. They are compared with the figures of
``reports.computation``, with the values the follow-up page shows (rounded by
hand here, half away from zero) and with the rows its drill-down lists.
"""

import datetime
import io
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.urls import reverse

from budget.models import BudgetLine, QuarterlyFigure
from indicators.fulfilment import Status
from indicators.models import Indicator, Municipality, Plan, Target
from procurements.models import Procurement, ProcurementPlanItem, ReviewAppeal
from reports.computation import Window, compute_figures, evaluate_figures
from reports.follow_up import period_follow_up
from tests.budget_helpers import swedish
from tests.procurement_helpers import make_procurement, municipalities

pytestmark = pytest.mark.django_db

QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
ADVANCED = {"avancerad", "spjutspets"}
NBSP, MINUS = "\xa0", "\u2212"
# How the follow-up shows each unit: decimals and suffix.
SHOWN = {"percent": (1, f"{NBSP}%"), "mean": (1, ""), "count": (0, "")}
FOOD_CODES = (
    "organic-food-requirements",
    "local-food-requirements",
    "plant-based-food-requirements",
)


@pytest.fixture
def demo_register(db):
    call_command("seed_demo", year=2023, count=250, seed=7, stdout=io.StringIO())


def _window(quarter: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(2023, 1, 1), datetime.date(2023, *QUARTER_ENDS[quarter])


def _within(day, start, end) -> bool:
    return day is not None and start <= day <= end


@dataclass
class Expected:
    """One figure as computed here: a count, or a numerator over a denominator."""

    kind: str
    numerator: int | None
    denominator: int | None = None

    @property
    def exact(self) -> Fraction | None:
        if self.numerator is None:
            return None
        if self.kind == "count":
            return Fraction(self.numerator)
        if not self.denominator:
            return None
        ratio = Fraction(self.numerator, self.denominator)
        return ratio * 100 if self.kind == "share" else ratio


def _share(part, whole) -> Expected:
    return Expected("share", len(part), len(whole))


def _mean(total, count) -> Expected:
    return Expected("mean", total if count else None, count)


def _count(rows) -> Expected:
    return Expected("count", len(rows))


@dataclass
class Behind:
    """The rows (procurements, or plan items) a value is computed from, and those counting
    in its numerator."""

    rows: list
    counted: list | None = None


def _identities(rows) -> set:
    return {(type(row), row.pk) for row in rows}


def _independent(quarter: int) -> tuple[dict[str, Expected], dict, dict[str, Behind]]:
    """Every computed indicator's total, the food shares per municipality, and the drill-downs."""
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
    with_awards = [p for p in completed if any(t.is_awarded for t in p.tenders.all())]
    with_questions = [p for p in completed if p.questions_received is not None]
    food = [p for p in advertised if p.is_food_procurement]
    appeals = [a for a in ReviewAppeal.objects.all() if start <= a.filed_on <= end]
    appealed = [p for p in everything if any(a.procurement_id == p.pk for a in appeals)]

    def where(rows, test):
        return [row for row in rows if test(row)]

    requirement_counts = {
        "tenderers-contacted": (completed, lambda p: p.tenderers_contacted),
        "labour-law-conditions": (advertised, lambda p: p.labour_law_conditions),
        "reserved-procurements": (advertised, lambda p: p.reserved_for_social_enterprises),
        "accessibility-requirements": (advertised, lambda p: p.accessibility_requirement),
        "gender-equality-requirements": (advertised, lambda p: p.gender_equality_requirement),
        "substantially-different-solutions": (
            completed,
            lambda p: p.substantially_different_solution,
        ),
    }
    share_tests = {
        "coordinated-share": (completed, lambda p: len(p.municipalities.all()) >= 2),
        "employment-requirements": (advertised, lambda p: p.advanced_employment_requirement),
        "environmental-requirements": (advertised, lambda p: p.environmental_requirement),
        "environmental-management": (
            advertised,
            lambda p: p.uhm_environmental_management in ADVANCED,
        ),
        "reuse-requirements": (advertised, lambda p: p.uhm_reuse in ADVANCED),
        "climate-transport-requirements": (
            advertised,
            lambda p: p.uhm_climate_transport in ADVANCED,
        ),
        "climate-other-requirements": (advertised, lambda p: p.uhm_climate_other in ADVANCED),
        "chemicals-requirements": (advertised, lambda p: p.uhm_chemicals in ADVANCED),
        "organic-food-requirements": (food, lambda p: p.food_organic),
        "local-food-requirements": (food, lambda p: p.food_local),
        "plant-based-food-requirements": (food, lambda p: p.food_plant_based),
        "completed-as-planned": (
            plan,
            lambda i: (
                i.procurement is not None
                and _within(i.procurement.completed_on, datetime.date.min, end)
            ),
        ),
    }
    totals, behind = {}, {}
    for code, (rows, test) in requirement_counts.items():
        totals[code] = _count(where(rows, test))
        behind[code] = Behind(where(rows, test))
    for code, (rows, test) in share_tests.items():
        totals[code] = _share(where(rows, test), rows)
        behind[code] = Behind(rows, where(rows, test))
    totals |= {
        "tenders-per-procurement": _mean(len(tenders), len(with_tenders)),
        "questions-per-procurement": _mean(
            sum(p.questions_received for p in with_questions), len(with_questions)
        ),
        "regional-tenders-share": _share(
            where(tenders, lambda t: t.has_regional_presence), tenders
        ),
        "regional-awards-share": _share(where(awarded, lambda t: t.has_regional_presence), awarded),
        "review-appeals": _count(appeals),
        "cancelled-procurements": _count(cancelled),
    }
    behind |= {
        "tenders-per-procurement": Behind(with_tenders),
        "questions-per-procurement": Behind(with_questions),
        "regional-tenders-share": Behind(with_tenders),
        "regional-awards-share": Behind(with_awards),
        "review-appeals": Behind(appealed),
        "cancelled-procurements": Behind(cancelled),
    }
    per_municipality = {}
    for code in FOOD_CODES:
        rows, test = share_tests[code]
        per_municipality[code] = {}
        for municipality in Municipality.objects.all():
            theirs = [p for p in rows if municipality in p.municipalities.all()]
            per_municipality[code][municipality.pk] = _share(where(theirs, test), theirs)
    return totals, per_municipality, behind


def _independent_economy(quarter: int) -> Expected:
    lines = list(BudgetLine.objects.filter(year=2023))
    figures = {
        f.line_id: f for f in QuarterlyFigure.objects.filter(line__year=2023, quarter=quarter)
    }
    if not lines or any(line.pk not in figures for line in lines):
        return Expected("share", None)
    sign = {"revenue": 1, "cost": -1}
    budget_result = sum(sign[line.kind] * line.amount_tkr for line in lines)
    forecast_result = sum(sign[line.kind] * figures[line.pk].forecast_tkr for line in lines)
    budget_cost = sum(line.amount_tkr for line in lines if line.kind == "cost")
    return Expected("share", forecast_result - budget_result, budget_cost)


def _rounded_by_hand(value: Fraction, decimals: int) -> tuple[bool, int, str]:
    """Half away from zero: the sign, the whole part and the decimals as digits."""
    scaled = math.floor(abs(value) * 10**decimals + Fraction(1, 2))
    whole, fraction = divmod(scaled, 10**decimals)
    return value < 0 and scaled > 0, whole, str(fraction).rjust(decimals, "0")


def _swedish(value: Fraction | None, unit: str, sign_words: tuple[str, str] | None = None) -> str:
    """A value as a Swede writes it: "1 234,5 %", "−8,9 % (underskott)"; no data is not 0."""
    if value is None:
        return swedish("No data")
    decimals, suffix = SHOWN[unit]
    negative, whole, digits = _rounded_by_hand(value, decimals)
    grouped = f"{whole:,}".replace(",", NBSP)
    text = (MINUS if negative else "") + grouped + ("," + digits if decimals else "") + suffix
    if sign_words and (whole or int(digits or 0)):
        text += f" ({sign_words[0] if negative else sign_words[1]})"
    return text


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_every_computed_indicator_equals_an_independent_computation(demo_register, quarter):
    computed = compute_figures([Window(*_window(quarter))])[0]
    expected, _per_municipality, _behind = _independent(quarter)
    expected["economy-in-balance"] = _independent_economy(quarter)
    assert set(computed) == set(expected)
    for code, figure in expected.items():
        total = computed[code][None]
        assert total.numerator == figure.numerator, code
        if figure.kind != "count":
            assert total.denominator == figure.denominator, code
        assert (total.value is None) == (figure.exact is None), code


@pytest.mark.parametrize("quarter", [2, 4])
def test_each_municipalitys_food_share_is_of_its_own_food_procurements(demo_register, quarter):
    computed = compute_figures([Window(*_window(quarter))])[0]
    _totals, per_municipality, _behind = _independent(quarter)
    assert any(f.denominator for shares in per_municipality.values() for f in shares.values())
    for code, expected in per_municipality.items():
        for municipality_id, figure in expected.items():
            if figure.denominator:
                shown = computed[code][municipality_id]
                assert (shown.numerator, shown.denominator) == (
                    figure.numerator,
                    figure.denominator,
                ), (code, municipality_id)
            else:
                assert municipality_id not in computed[code]


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_every_value_on_the_follow_up_page_is_the_independent_value_rounded(
    demo_register, committee_member, client_for, quarter
):
    response = client_for(committee_member).get(reverse("reports:period", args=[2023, quarter]))
    expected, per_municipality, _behind = _independent(quarter)
    expected["economy-in-balance"] = _independent_economy(quarter)
    shown = {i.code: i for i in response.context["follow_up"].indicators}
    words = (swedish("deficit"), swedish("surplus"))
    for code, figure in expected.items():
        indicator = shown[code]
        sign_words = words if code == "economy-in-balance" else None
        assert indicator.text == _swedish(figure.exact, indicator.unit, sign_words), code
        assert indicator.text in response.text, code
    for code, expected_per_municipality in per_municipality.items():
        shown_municipalities = {value.municipality_id for value in shown[code].municipalities}
        assert shown_municipalities == set(expected_per_municipality), code
        for value in shown[code].municipalities:
            text = _swedish(expected_per_municipality[value.municipality_id].exact, "percent")
            assert value.text == text, (code, value.name)
            assert f"{value.name}: {text}" in response.text


def test_the_drill_down_lists_the_rows_each_value_is_computed_from(
    demo_register, committee_member, client_for
):
    client = client_for(committee_member)
    _totals, _per_municipality, behind = _independent(3)
    assert set(behind) >= {"coordinated-share", "completed-as-planned"}
    for code, expected in behind.items():
        url = reverse("reports:procurements_behind", args=[2023, 3, code])
        rows = client.get(url).context["rows"]
        listed = _identities(rows)
        assert listed == _identities(expected.rows), code
        assert len(listed) == len(rows), code
        if expected.counted is not None:
            counted = _identities(row for row in rows if row.counts_in_numerator)
            assert counted == _identities(expected.counted), code


def test_demo_register_gives_every_computed_indicator_a_value_at_year_end(demo_register):
    computed = compute_figures([Window(*_window(4))])[0]
    missing = [code for code, figures in computed.items() if figures[None].value is None]
    assert missing == []


def test_a_food_procurement_for_seven_municipalities_counts_once_in_the_total():
    every_municipality = [m.name for m in Municipality.objects.all()]
    assert len(every_municipality) == 7
    food = {"is_food_procurement": True, "advertised_on": datetime.date(2024, 2, 1)}
    make_procurement(municipality_names=every_municipality, food_organic=True, **food)
    make_procurement(municipality_names=["Falun"], **food)
    make_procurement(municipality_names=["Säter"], **food)
    window = Window(datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    organic = compute_figures([window])[0]["organic-food-requirements"]
    falun, borlange = municipalities("Falun", "Borlänge")

    assert (organic[None].numerator, organic[None].denominator) == (1, 3)
    assert (organic[falun.pk].numerator, organic[falun.pk].denominator) == (1, 2)
    assert organic[borlange.pk].value == Decimal(100)


def test_food_shares_are_judged_per_municipality_against_each_ones_own_target():
    organic = Indicator.objects.get(code="organic-food-requirements")
    falun, borlange = municipalities("Falun", "Borlänge")
    Target.objects.create(
        plan=Plan.objects.get(),
        indicator=organic,
        year=2023,
        municipality=falun,
        comparator="gte",
        value=80,
    )
    every_municipality = [m.name for m in Municipality.objects.all()]
    food = {"is_food_procurement": True, "advertised_on": datetime.date(2023, 2, 1)}
    make_procurement(municipality_names=every_municipality, food_organic=True, **food)
    make_procurement(municipality_names=["Falun"], food_organic=True, **food)
    make_procurement(municipality_names=["Falun"], **food)

    followed = next(
        i for i in period_follow_up(2023, 1).indicators if i.code == "organic-food-requirements"
    )
    assert followed.text == f"66,7{NBSP}%"  # 2 of 3 food procurements, not 8 of 9 links
    assert followed.status == Status.MET  # against the overall target, at least 50 %
    values = {m.name: m for m in followed.municipalities}
    assert values["Falun"].text == f"66,7{NBSP}%"
    assert values["Falun"].status == Status.NOT_MET  # against Falun's own, at least 80 %
    assert values["Borlänge"].text == f"100,0{NBSP}%"
    assert values["Borlänge"].status == Status.MET


def test_an_empty_register_gives_no_data_rather_than_zero():
    computed = compute_figures([Window(datetime.date(2031, 1, 1), datetime.date(2031, 12, 31))])[0]
    assert computed["cancelled-procurements"][None].value is None
    assert computed["coordinated-share"][None].value is None
    assert computed["economy-in-balance"][None].value is None


@pytest.mark.parametrize("count", [250, 5000])
def test_computing_a_period_takes_a_fixed_number_of_queries(count, django_assert_num_queries):
    call_command("seed_demo", year=2030, count=count, seed=1, stdout=io.StringIO())
    windows = [Window(datetime.date(2030, 1, 1), datetime.date(2030, 6, 30))]
    # One per population of procurements (completed, advertised, cancelled, planned), two for
    # food (in total and per municipality), one for tenders, one for appeals, two for the budget.
    with django_assert_num_queries(10):
        evaluate_figures(windows)


def test_a_completed_procurement_without_recorded_tenders_does_not_lower_the_mean(demo_register):
    window = [Window(*_window(4))]
    before = compute_figures(window)[0]["tenders-per-procurement"][None]
    procurement = Procurement.objects.filter(completed_on__year=2023, tenders__isnull=False)[0]
    removed, _ = procurement.tenders.all().delete()
    after = compute_figures(window)[0]["tenders-per-procurement"][None]
    assert after.denominator == before.denominator - 1
    assert after.numerator == before.numerator - removed
