"""What a quarter still lacks before its report goes to the committee (``missing_items``)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import BudgetLine, QuarterlyFigure
from indicators.models import Assignment, Goal, Indicator, Municipality, Plan
from reports.models import Analysis, AssignmentProgress, EnteredValue, LeftOutFigure
from reports.readiness import missing_items
from reports.services import get_or_create_period

pytestmark = pytest.mark.django_db


def section(slug: str) -> str:
    return reverse("reports:entry-section", args=[2023, 2, slug])


def due_codes(quarter: int) -> list[str]:
    """The hand-entered figures due in the quarter, recomputed from the plan's indicators."""
    plan = Plan.objects.get(first_year__lte=2023, last_year__gte=2023)
    return [
        i.code
        for i in plan.indicators.filter(source=Indicator.Source.MANUAL).order_by("order")
        if i.reported_in_quarter in (None, quarter)
    ]


def enter(code: str, *, municipality: Municipality | None = None, quarter: int = 2) -> None:
    EnteredValue.objects.create(
        period=get_or_create_period(2023, quarter),
        indicator=Indicator.objects.get(code=code),
        municipality=municipality,
        value=Decimal(3),
    )


def test_with_nothing_entered_every_due_figure_is_missing_with_a_link_to_its_field():
    readiness = missing_items(year=2023, quarter=2)
    assert [item.code for item in readiness.figures] == due_codes(2)
    nai = next(item for item in readiness.figures if item.code == "nai")
    assert nai.url == f"{section('mal-3')}#indicator-nai"
    sick_leave = next(item for item in readiness.figures if item.code == "sick-leave")
    assert sick_leave.url == f"{section('nyckeltal')}#indicator-sick-leave"
    assert not readiness.may_be_adopted


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_a_yearly_figure_is_missing_only_in_its_quarter(quarter):
    codes = [item.code for item in missing_items(year=2023, quarter=quarter).figures]
    assert ("nki" in codes) == (quarter == 1)
    assert ("business-climate-rank" in codes) == (quarter == 2)
    assert codes == due_codes(quarter)


def test_an_entered_figure_is_no_longer_missing_and_no_other_quarter_counts():
    enter("nai")
    enter("contract-follow-ups", quarter=1)
    codes = [item.code for item in missing_items(year=2023, quarter=2).figures]
    assert "nai" not in codes
    assert "contract-follow-ups" in codes
    assert len(codes) == len(due_codes(2)) - 1


def test_a_figure_per_municipality_is_missing_until_every_municipality_has_one():
    municipalities = list(Municipality.objects.order_by("order", "name"))
    for municipality in municipalities[:-2]:
        enter("work-placements", municipality=municipality)
    item = next(
        i for i in missing_items(year=2023, quarter=2).figures if i.code == "work-placements"
    )
    names = ", ".join(m.name for m in municipalities[-2:])
    assert item.detail == f"saknas för {names}"
    for municipality in municipalities[-2:]:
        enter("work-placements", municipality=municipality)
    codes = [i.code for i in missing_items(year=2023, quarter=2).figures]
    assert "work-placements" not in codes


def test_a_figure_per_municipality_with_none_entered_is_missing_for_every_municipality():
    item = next(
        i for i in missing_items(year=2023, quarter=2).figures if i.code == "work-placements"
    )
    assert item.detail == "saknas för alla kommuner"


def test_a_figure_left_out_is_listed_apart_with_its_reason_and_no_longer_blocks(chef):
    period = get_or_create_period(2023, 2)
    LeftOutFigure.objects.create(
        period=period,
        indicator=Indicator.objects.get(code="nai"),
        reason="Mätningen gjordes inte.",
        left_out_by=chef,
    )
    readiness = missing_items(year=2023, quarter=2)
    assert "nai" not in [item.code for item in readiness.figures]
    [left_out] = readiness.left_out
    assert (left_out.code, left_out.reason, left_out.by) == (
        "nai",
        "Mätningen gjordes inte.",
        "Cecilia",
    )
    enter("nai")  # entered after all: no longer left out, nor missing
    readiness = missing_items(year=2023, quarter=2)
    assert readiness.left_out == []
    assert "nai" not in [item.code for item in readiness.figures]


def test_every_figure_entered_or_left_out_lets_the_period_be_adopted():
    period = get_or_create_period(2023, 2)
    for code in due_codes(2):
        indicator = Indicator.objects.get(code=code)
        if indicator.per_municipality:
            LeftOutFigure.objects.create(period=period, indicator=indicator, reason="Saknas.")
        else:
            enter(code)
    readiness = missing_items(year=2023, quarter=2)
    assert readiness.figures == []
    assert readiness.may_be_adopted


def test_each_goals_analysis_and_the_overall_analysis_are_missing_until_written():
    goals = list(Goal.objects.filter(plans__first_year__lte=2023).order_by("order"))
    period = get_or_create_period(2023, 2)
    Analysis.objects.create(period=period, goal=goals[0], text="Bra.")
    readiness = missing_items(year=2023, quarter=2)
    names = [item.name for item in readiness.analyses]
    assert names == [
        *(
            f"Analys av inriktningsmål {n}: {goal.title}"
            for n, goal in enumerate(goals, 1)
            if n > 1
        ),
        "Kommentar till ekonomin",
        "Samlad analys av kvartalet",
    ]
    assert readiness.analyses[0].url == section("mal-2")
    assert readiness.analyses[-2].url == section("ekonomi")
    assert readiness.analyses[-1].url == section("samlad-analys")
    period.overall_analysis = "Ett bra kvartal."
    period.save()
    assert "Samlad analys av kvartalet" not in [
        i.name for i in missing_items(year=2023, quarter=2).analyses
    ]


def test_the_comment_on_the_economy_is_missing_until_written():
    period = get_or_create_period(2023, 2)
    balance = Indicator.objects.get(code="economy-in-balance")
    Analysis.objects.create(period=period, indicator=balance, text="")
    Analysis.objects.create(period=get_or_create_period(2023, 1), indicator=balance, text="Bra.")
    assert "Kommentar till ekonomin" in [
        i.name for i in missing_items(year=2023, quarter=2).analyses
    ]

    Analysis.objects.filter(period=period, indicator=balance).update(text="I balans.")

    assert "Kommentar till ekonomin" not in [
        i.name for i in missing_items(year=2023, quarter=2).analyses
    ]


def test_an_assignment_is_missing_until_its_status_is_reported_for_the_quarter():
    assignments = list(Assignment.objects.filter(year=2023).order_by("order"))
    AssignmentProgress.objects.create(
        period=get_or_create_period(2023, 2), assignment=assignments[0], status="started"
    )
    AssignmentProgress.objects.create(
        period=get_or_create_period(2023, 1), assignment=assignments[1], status="started"
    )
    readiness = missing_items(year=2023, quarter=2)
    assert [item.name for item in readiness.assignments] == [a.title for a in assignments[1:]]
    assert readiness.assignments[0].url == section("uppdrag")


def test_a_budget_line_is_missing_until_the_quarter_has_its_actual_and_forecast():
    lines = list(BudgetLine.objects.filter(year=2023))
    QuarterlyFigure.objects.create(line=lines[0], quarter=2, actual_to_date_tkr=1, forecast_tkr=2)
    QuarterlyFigure.objects.create(line=lines[1], quarter=1, actual_to_date_tkr=1, forecast_tkr=2)
    readiness = missing_items(year=2023, quarter=2)
    assert [item.name for item in readiness.budget_lines] == [line.name for line in lines[1:]]
    assert readiness.budget_lines[0].url == reverse("budget:edit_quarter", args=[2023, 2])
    assert readiness.budget_lines[0].detail in {"Intäkter", "Kostnader"}


def test_missing_items_only_and_analyses_assignments_and_budget_do_not_block_adoption():
    period = get_or_create_period(2023, 2)
    for code in due_codes(2):
        LeftOutFigure.objects.create(
            period=period, indicator=Indicator.objects.get(code=code), reason="Saknas."
        )
    readiness = missing_items(year=2023, quarter=2)
    assert readiness.may_be_adopted
    assert not readiness.is_complete
    assert readiness.missing == [
        *readiness.analyses,
        *readiness.assignments,
        *readiness.budget_lines,
    ]
    assert readiness.budget_lines


def test_a_year_without_a_plan_has_no_checklist():
    assert missing_items(year=2040, quarter=1) is None


def test_the_checklist_makes_the_same_queries_however_much_is_entered(
    chef, django_assert_num_queries
):
    period = get_or_create_period(2023, 2)
    with django_assert_num_queries(13) as few:
        missing_items(year=2023, quarter=2)
    for code in due_codes(2):
        indicator = Indicator.objects.get(code=code)
        if indicator.per_municipality:
            for municipality in Municipality.objects.all():
                enter(code, municipality=municipality)
        else:
            LeftOutFigure.objects.create(
                period=period, indicator=indicator, reason="Saknas.", left_out_by=chef
            )
    for goal in Goal.objects.all():
        Analysis.objects.create(period=period, goal=goal, text="Bra.")
    Analysis.objects.create(
        period=period, indicator=Indicator.objects.get(code="economy-in-balance"), text="Bra."
    )
    for assignment in Assignment.objects.all():
        AssignmentProgress.objects.create(period=period, assignment=assignment)
    with django_assert_num_queries(len(few)):
        readiness = missing_items(year=2023, quarter=2)
    assert readiness.figures == [] and len(readiness.left_out) > 3
