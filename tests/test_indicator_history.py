"""An indicator across the plan's quarters: the same values as the quarterly follow-up."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator, Municipality
from indicators.quarters import Quarter
from indicators.selectors import current_plan
from procurements.models import Procurement
from reports.follow_up import period_follow_up
from reports.history import indicator_history, recent_series
from reports.models import Analysis, EnteredValue
from reports.services import adopt_period, get_or_create_period
from tests.procurement_helpers import make_procurement

pytestmark = pytest.mark.django_db

IN_2024 = datetime.date(2024, 5, 15)
AFTER_THE_PLAN = datetime.date(2026, 1, 15)


def _enter(year, quarter, code, value, municipality=None):
    EnteredValue.objects.create(
        period=get_or_create_period(year, quarter),
        indicator=Indicator.objects.get(code=code),
        municipality=municipality,
        value=Decimal(value),
    )


def _followed(year, quarter, code):
    return next(i for i in period_follow_up(year, quarter).indicators if i.code == code)


@pytest.fixture
def demo_year(db):
    call_command("seed_demo", year=2023, count=80, seed=7, stdout=io.StringIO())


def test_an_unknown_code_has_no_history():
    assert indicator_history(code="no-such-indicator") is None


@pytest.mark.parametrize(
    "code",
    [
        "coordinated-share",
        "tenders-per-procurement",
        "organic-food-requirements",
        "economy-in-balance",
    ],
)
def test_every_quarter_shows_the_same_value_as_the_follow_up_of_that_quarter(code, demo_year):
    history = indicator_history(code=code, today=AFTER_THE_PLAN)
    rows = {(row.year, row.quarter): row for row in history.rows}
    assert [key for key in rows if key[0] == 2023] == [(2023, q) for q in (1, 2, 3, 4)]
    for quarter in (1, 2, 3, 4):
        followed = _followed(2023, quarter, code)
        assert rows[(2023, quarter)].text == followed.text
        point = next(p for p in history.series.values if (p.year, p.quarter) == (2023, quarter))
        assert point.value == followed.value


def test_the_numerator_and_denominator_of_a_share_are_those_of_the_follow_up(demo_year):
    history = indicator_history(code="coordinated-share", today=AFTER_THE_PLAN)
    followed = _followed(2023, 2, "coordinated-share")
    row = next(r for r in history.rows if (r.year, r.quarter) == (2023, 2))
    assert history.shows_fraction
    assert row.numerator_text == str(int(followed.numerator))
    assert row.denominator_text == str(int(followed.denominator))
    assert followed.value == followed.numerator / followed.denominator * 100
    assert row.source_url == "/uppfoljning/2023/2/underlag/coordinated-share/"


def test_years_without_any_value_have_no_rows_and_no_points(demo_year):
    history = indicator_history(code="coordinated-share", today=AFTER_THE_PLAN)
    assert {row.year for row in history.rows} == {2023}
    assert {point.year for point in history.series.values} == {2023}


def test_quarters_that_have_not_begun_are_left_out():
    _enter(2024, 1, "contract-follow-ups", 40)
    history = indicator_history(code="contract-follow-ups", today=IN_2024)
    assert [(row.year, row.quarter) for row in history.rows] == [(2024, 1), (2024, 2)]
    assert [row.text for row in history.rows] == ["40", "Uppgift saknas"]


def test_an_entered_quarterly_figure_belongs_to_its_own_quarter_only():
    _enter(2023, 1, "contract-follow-ups", 55)
    _enter(2023, 3, "contract-follow-ups", 170)
    history = indicator_history(code="contract-follow-ups", today=AFTER_THE_PLAN)
    assert [(p.quarter, p.value) for p in history.series.values] == [(1, 55), (3, 170)]
    assert not history.shows_fraction
    for row in history.rows:
        assert row.text == _followed(2023, row.quarter, "contract-follow-ups").text


def test_a_yearly_figure_counts_from_the_quarter_it_was_entered():
    _enter(2023, 2, "nki", "91.5")
    history = indicator_history(code="nki", today=AFTER_THE_PLAN)
    assert [(p.quarter, p.text) for p in history.series.values] == [
        (2, "91,5\xa0%"),
        (3, "91,5\xa0%"),
        (4, "91,5\xa0%"),
    ]


def test_only_years_that_have_ended_have_an_outcome():
    _enter(2023, 4, "contract-follow-ups", 262)
    _enter(2024, 4, "contract-follow-ups", 240)
    history = indicator_history(code="contract-follow-ups", today=datetime.date(2024, 12, 1))
    assert [(o.year, o.value) for o in history.series.outcomes] == [(2023, 262)]


def test_the_plans_baselines_and_targets_come_with_their_texts():
    history = indicator_history(code="coordinated-share", today=AFTER_THE_PLAN)
    assert [(b.year, b.value, b.text) for b in history.series.baselines] == [
        (2020, 79, "79\xa0%"),
        (2021, 59, "59\xa0%"),
    ]
    assert [(t.year, t.value, t.text) for t in history.series.targets] == [
        (2023, 80, "≥\xa080\xa0%")
    ]


def test_a_target_without_a_level_has_its_text_but_no_value():
    history = indicator_history(code="business-climate-rank", today=AFTER_THE_PLAN)
    assert [(t.year, t.value, t.text) for t in history.series.targets] == [(2023, None, "minska")]


def test_an_adopted_quarter_keeps_its_adopted_value_after_the_register_changes(chef):
    completed = {"advertised_on": datetime.date(2023, 1, 10)}
    make_procurement(
        completed_on=datetime.date(2023, 2, 1), municipality_names=("Falun",), **completed
    )
    make_procurement(completed_on=datetime.date(2023, 2, 2), **completed)
    adopt_period(get_or_create_period(2023, 1), chef)
    make_procurement(
        completed_on=datetime.date(2023, 3, 1), municipality_names=("Falun",), **completed
    )

    history = indicator_history(code="coordinated-share", today=AFTER_THE_PLAN)
    first, second = history.rows[0], history.rows[1]
    assert (first.text, first.is_adopted) == ("50,0\xa0%", True)
    assert (first.numerator_text, first.denominator_text) == ("1", "2")
    assert (second.text, second.is_adopted) == ("33,3\xa0%", False)
    assert first.text == _followed(2023, 1, "coordinated-share").text


def test_an_entered_total_per_municipality_waits_for_every_municipality():
    municipalities = list(Municipality.objects.all())
    for rank, municipality in enumerate(municipalities[:-1], start=1):
        _enter(2023, 4, "business-climate-rank", rank * 10, municipality)
    history = indicator_history(code="business-climate-rank", today=AFTER_THE_PLAN)
    assert history.series.values == ()
    assert [bar.value for bar in history.municipalities.bars] == [
        Decimal(10 * rank) for rank in range(1, 7)
    ] + [None]

    _enter(2023, 4, "business-climate-rank", 70, municipalities[-1])
    history = indicator_history(code="business-climate-rank", today=AFTER_THE_PLAN)
    assert [p.value for p in history.series.values] == [Decimal(40)]
    assert history.rows[-1].text == _followed(2023, 4, "business-climate-rank").text


def test_municipalities_are_shown_at_the_latest_quarter_with_a_value_against_their_targets(
    demo_year,
):
    history = indicator_history(code="organic-food-requirements", today=AFTER_THE_PLAN)
    comparison = history.municipalities
    assert (comparison.year, comparison.quarter) == (2023, 4)
    followed = _followed(2023, 4, "organic-food-requirements")
    assert [(bar.name, bar.text) for bar in comparison.bars] == [
        (m.name, m.text) for m in followed.municipalities
    ]
    assert {bar.target for bar in comparison.bars} == {Decimal(50)}


def test_an_indicator_not_followed_per_municipality_has_no_municipality_chart(demo_year):
    assert indicator_history(code="coordinated-share").municipalities is None


def test_the_heads_analyses_come_latest_first():
    indicator = Indicator.objects.get(code="coordinated-share")
    for quarter, text in ((1, "Bra start."), (3, "Fler samordnade.")):
        Analysis.objects.create(
            period=get_or_create_period(2023, quarter), indicator=indicator, text=text
        )
    history = indicator_history(code="coordinated-share", today=AFTER_THE_PLAN)
    assert [(a.year, a.quarter, a.text) for a in history.analyses] == [
        (2023, 3, "Fler samordnade."),
        (2023, 1, "Bra start."),
    ]


def _queries(code) -> int:
    with CaptureQueriesContext(connection) as captured:
        indicator_history(code=code, today=AFTER_THE_PLAN)
    return len(captured)


@pytest.mark.parametrize(
    "code", ["coordinated-share", "organic-food-requirements", "business-climate-rank"]
)
def test_the_number_of_queries_depends_on_neither_register_size_nor_periods_recorded(code, chef):
    call_command("seed_demo", year=2023, count=20, seed=1, stdout=io.StringIO())
    small = _queries(code)

    call_command("seed_demo", year=2023, count=300, seed=2, stdout=io.StringIO())
    for quarter in (1, 2):
        adopt_period(get_or_create_period(2023, quarter), chef)
    for municipality in Municipality.objects.all():
        _enter(2023, 4, "business-climate-rank", 100, municipality)
    assert Procurement.objects.count() >= 300
    assert _queries(code) == small


GOAL_5 = [
    "environmental-requirements",
    "environmental-management",
    "chemicals-requirements",
    "organic-food-requirements",
]


def _recent(codes, year, quarter):
    return recent_series(plan=current_plan(), codes=codes, last=Quarter(year, quarter))


def test_recent_series_are_the_six_latest_quarters_of_the_plan_up_to_the_one_shown():
    series = _recent(["coordinated-share"], 2024, 3)["coordinated-share"]
    assert series.quarters == (
        Quarter(2023, 2),
        Quarter(2023, 3),
        Quarter(2023, 4),
        Quarter(2024, 1),
        Quarter(2024, 2),
        Quarter(2024, 3),
    )
    early = _recent(["coordinated-share"], 2023, 2)["coordinated-share"]
    assert early.quarters == (Quarter(2023, 1), Quarter(2023, 2))


def test_recent_values_of_several_indicators_are_the_follow_ups_of_each_quarter(demo_year, chef):
    adopt_period(get_or_create_period(2023, 2), chef)
    make_procurement(  # after the adoption: Q2's adopted value is no longer today's
        advertised_on=datetime.date(2023, 4, 3),
        completed_on=datetime.date(2023, 5, 2),
        municipality_names=("Falun",),
        environmental_requirement=True,
    )
    _enter(2023, 3, "nki", "88.5")
    _enter(2023, 3, "contract-follow-ups", 120)
    codes = [*GOAL_5, "coordinated-share", "tenders-per-procurement", "nki", "contract-follow-ups"]
    series = _recent(codes, 2023, 4)
    assert set(series) == set(codes)
    assert any(i.differs_from_adopted for i in period_follow_up(2023, 2).indicators)
    for quarter in (1, 2, 3, 4):
        followed = {i.code: i for i in period_follow_up(2023, quarter).indicators}
        for code in codes:
            values = {(v.year, v.quarter): v for v in series[code].values}
            point = values.get((2023, quarter))
            if followed[code].value is None:
                assert point is None, (code, quarter)
            else:
                assert (point.value, point.text) == (followed[code].value, followed[code].text)


def test_recent_series_carry_the_targets_of_their_years():
    series = _recent(["coordinated-share", "business-climate-rank"], 2023, 4)
    assert [(t.year, t.value) for t in series["coordinated-share"].targets] == [(2023, Decimal(80))]
    assert [(t.year, t.value, t.text) for t in series["business-climate-rank"].targets] == [
        (2023, None, "minska")
    ]
    assert series["coordinated-share"].name == (
        "Andel samordnade upphandlingar av avslutade upphandlingar"
    )


def _recent_queries(codes) -> int:
    with CaptureQueriesContext(connection) as captured:
        _recent(codes, 2023, 4)
    return len(captured)


def test_recent_series_take_the_same_queries_for_one_indicator_or_many_and_any_register(chef):
    call_command("seed_demo", year=2023, count=20, seed=1, stdout=io.StringIO())
    one = _recent_queries(["coordinated-share", "nki"])

    call_command("seed_demo", year=2023, count=300, seed=2, stdout=io.StringIO())
    adopt_period(get_or_create_period(2023, 1), chef)
    many = [*GOAL_5, "coordinated-share", "tenders-per-procurement", "nki", "contract-follow-ups"]
    assert _recent_queries(many) == one
