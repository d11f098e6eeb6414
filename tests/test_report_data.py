"""The committee report's data: the follow-up's own figures, and the register's lists."""

import pytest

from budget.models import QuarterlyFigure
from budget.selectors import year_overview
from indicators.quarters import Quarter
from procurements.models import Procurement, ReviewAppeal
from reports.follow_up import period_follow_up
from reports.report_data import report_data
from tests.report_helpers import demo_history

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    with demo_history(django_db_blocker):
        yield


def test_every_goal_and_indicator_is_the_follow_ups(history):
    report, follow_up = report_data(2023, 4), period_follow_up(2023, 4)
    assert [(g.number, g.title, g.status) for g in report.goals] == [
        (g.number, g.title, g.status) for g in follow_up.goals
    ]
    assert [i.follow_up for i in report.indicators] == follow_up.indicators


def test_an_adopted_period_is_adopted_on_the_cover_and_an_open_one_is_a_draft(history):
    adopted, draft = report_data(2023, 4), report_data(2024, 2)
    assert not adopted.is_draft
    assert adopted.cover.adoption.adopted_on == period_follow_up(2023, 4).adopted_at.date()
    assert adopted.cover.title == "Uppföljning kvartal 4 2023"
    assert draft.is_draft and draft.cover.adoption is None


def test_each_chart_is_the_follow_up_of_every_quarter_up_to_the_reports(history):
    """Every point of every chart, recomputed quarter by quarter by the follow-up itself."""
    report = report_data(2024, 2)
    quarters = [Quarter(2023, q) for q in (1, 2, 3, 4)] + [Quarter(2024, 1), Quarter(2024, 2)]
    follow_ups = {q: period_follow_up(q.year, q.quarter) for q in quarters}
    assert len(report.charts) > 20
    for chart in report.charts:
        expected = [
            (q.year, q.quarter, i.value, i.text)
            for q in quarters
            for i in follow_ups[q].indicators
            if i.code == chart.code and i.value is not None
        ]
        assert [(v.year, v.quarter, v.value, v.text) for v in chart.series.values] == expected


def test_a_chart_stops_at_the_reports_quarter_and_says_what_it_shows(history):
    chart = next(c for c in report_data(2023, 2).charts if c.code == "coordinated-share")
    assert max((v.year, v.quarter) for v in chart.series.values) == (2023, 2)
    latest = chart.series.values[-1]
    assert latest.text in chart.description
    assert "kvartal 2 2023" in chart.description or "quarter 2 2023" in chart.description
    assert ("Kv2 2023", latest.text) in chart.table.rows


def test_the_economy_is_the_budget_pages(history):
    economy, overview = report_data(2023, 3).economy, year_overview(2023, 3)
    for group, expected in zip(economy.groups, overview.groups, strict=True):
        assert [(line.name, line.budget, line.actual, line.forecast) for line in group.lines] == [
            (row.name, row.budget, row.actual, row.forecast) for row in expected.rows
        ]
        assert [line.deviation_tkr for line in group.lines] == [
            row.deviation.tkr for row in expected.rows
        ]
    assert economy.result.forecast == overview.forecast_result
    assert economy.result.actual == overview.actual_result is not None


@pytest.mark.parametrize("year, quarter", [(2023, 3), (2024, 2)])
def test_each_budget_line_carries_the_heads_comment_for_the_quarter(history, year, quarter):
    economy = report_data(year, quarter).economy
    saved = dict(
        QuarterlyFigure.objects.filter(line__year=year, quarter=quarter).values_list(
            "line__name", "comment"
        )
    )
    lines = [line for group in economy.groups for line in group.lines]
    assert {line.name: line.comment for line in lines} == saved
    assert [line.name for line in economy.commented] == [
        line.name for line in lines if saved[line.name]
    ]
    assert economy.commented, "the demo comments on a forecast 2 % or more from budget"
    assert all(not group.total.comment for group in economy.groups) and not economy.result.comment


def test_appeals_and_cancelled_procurements_of_the_year_to_date_are_listed(history):
    deviations = report_data(2023, 2).deviations
    appeals = ReviewAppeal.objects.filter(filed_on__year=2023, filed_on__month__lte=6)
    cancelled = Procurement.objects.filter(cancelled_on__year=2023, cancelled_on__month__lte=6)
    assert sorted(a.registry_number for a in deviations.appeals) == sorted(
        a.procurement.registry_number for a in appeals
    )
    assert sorted(c.registry_number for c in deviations.cancelled) == sorted(
        p.registry_number for p in cancelled
    )
    counted = {i.follow_up.code: i.follow_up.value for i in deviations.indicators}
    assert counted["review-appeals"] == len(deviations.appeals)
    assert counted["cancelled-procurements"] == len(deviations.cancelled)


def test_each_municipality_table_has_every_municipality_with_the_follow_ups_value(history):
    report, follow_up = report_data(2023, 4), period_follow_up(2023, 4)
    by_code = {i.code: i for i in follow_up.indicators}
    assert report.municipality_tables
    for table in report.municipality_tables:
        expected = by_code[table.code].municipalities
        assert [(r.name, r.text, r.status) for r in table.rows] == [
            (m.name, m.text, m.status) for m in expected
        ]
        assert all(row.target_text for row in table.rows)


def test_every_indicator_has_its_specification(history):
    report = report_data(2023, 4)
    assert {d.code for d in report.definitions} == {i.follow_up.code for i in report.indicators}
    assert all(d.specification for d in report.definitions)


def test_a_key_figure_of_a_goal_is_shown_under_its_goal(history):
    report = report_data(2023, 4)
    nki = next(i for i in report.key_figures if i.follow_up.code == "nki")
    assert nki.goal_number == 1


def test_no_plan_no_report(history):
    assert report_data(2019, 4) is None
