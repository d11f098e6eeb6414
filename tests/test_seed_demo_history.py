"""``manage.py seed_demo --history``: the demo history ``make run`` loads, and ``--clear``."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.urls import reverse

from budget.models import BudgetLine, QuarterlyFigure
from demo.follow_up import IndicatorSpec, is_due
from demo.follow_up_loading import read_demo_entered_values
from demo.plan import generate_plan
from demo.plan_loading import read_demo_plan
from demo.register import CATEGORIES, generate_procurements
from demo.register_loading import municipality_pairs
from demo.users import DEMO_USERS, create_demo_users
from indicators.fulfilment import Status
from indicators.models import Indicator, Target
from indicators.quarters import Quarter
from procurements.models import Category, Procurement, ProcurementPlanItem
from reports.computation import Window, compute_figures
from reports.follow_up import period_follow_up
from reports.models import (
    AdoptedRow,
    AdoptedValue,
    Analysis,
    AssignmentProgress,
    EnteredValue,
    Period,
)
from reports.services import QuarterEdit, get_or_create_period, save_quarter
from tests.archive_helpers import quick_archived_reports

pytestmark = pytest.mark.django_db

HISTORY = [(2023, 1), (2023, 2), (2023, 3), (2023, 4), (2024, 1), (2024, 2)]
COUNT = 80  # procurements a year: enough for every computed indicator, and quick


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def seed_history(seed_number=42) -> str:
    return seed(history=True, count=COUNT, seed=seed_number)


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    """The history with the demo users, seeded once for this module and removed after it.

    Each test runs in a transaction that is rolled back, so a test that changes
    the history leaves it as it was for the next.
    """
    with django_db_blocker.unblock(), quick_archived_reports():
        create_demo_users()
        seed_history()
    yield
    with django_db_blocker.unblock():
        seed(clear=True)
        User.objects.filter(username__in=[user.username for user in DEMO_USERS]).delete()
        Category.objects.filter(name__in=[category.name for category in CATEGORIES]).delete()


def snapshot() -> dict:
    """Everything the demo follow-up holds, as plain values."""
    return {
        "values": read_demo_entered_values(),
        "periods": list(
            Period.objects.order_by("year", "quarter").values_list(
                "year", "quarter", "state", "overall_analysis", "adopted_at", "is_demo"
            )
        ),
        "analyses": sorted(
            Analysis.objects.values_list(
                "period__year", "period__quarter", "goal__code", "indicator__code", "text"
            ),
            key=str,
        ),
        "progress": sorted(
            AssignmentProgress.objects.values_list(
                "period__year", "period__quarter", "assignment__code", "status", "comment"
            )
        ),
        "adopted": sorted(
            AdoptedValue.objects.values_list(
                "period__year", "indicator__code", "municipality__code", "value", "status"
            ),
            key=str,
        ),
    }


def manual_indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(source=Indicator.Source.MANUAL))


def entered_by_then(indicator: Indicator, quarter: int) -> bool:
    """Whether the follow-up has the head's figure: due in the quarter, or earlier if yearly."""
    spec = IndicatorSpec(
        indicator.code,
        indicator.unit,
        indicator.frequency,
        indicator.per_municipality,
        reported_in_quarter=indicator.reported_in_quarter,
    )
    if spec.frequency == Indicator.Frequency.YEARLY:
        return any(is_due(spec, q) for q in range(1, quarter + 1))
    return is_due(spec, quarter)


def status_in_words(sentence: str) -> Status:
    for word, status in (
        ("målvärden", Status.NO_TARGET),
        ("delvis", Status.PARTLY_MET),
        ("inte", Status.NOT_MET),
        ("uppfyll", Status.MET),
    ):
        if word in sentence:
            return status
    return Status.NO_DATA


def test_the_same_seed_gives_the_same_history(history):
    first = snapshot()
    seed_history()
    assert snapshot() == first
    assert len(first["values"]) > 100


def test_a_different_seed_gives_other_figures(history):
    first = read_demo_entered_values()
    seed_history(43)
    assert read_demo_entered_values() != first


def test_figures_of_the_seed_are_pinned(history):
    """If these change, the generator no longer gives the same data for the same seed."""
    values = {(y, q, code, m): v for y, q, code, m, v in read_demo_entered_values()}
    assert values[(2023, 4, "contract-follow-ups", None)] == Decimal(242)
    assert values[(2023, 1, "nki", None)] == Decimal("89.3")
    assert values[(2024, 1, "nki", None)] == Decimal("90.6")
    assert values[(2023, 4, "work-placements", "2080")] == Decimal(9)
    assert (2023, 3, "nki", None) not in values  # yearly: entered in Q1 only


def test_2023_is_adopted_by_the_demo_chef_at_the_next_meetings_and_2024_is_open(history):
    periods = {(p.year, p.quarter): p for p in Period.objects.select_related("adopted_by")}
    assert sorted(periods) == HISTORY
    for key in HISTORY[:4]:
        assert periods[key].is_adopted
        assert periods[key].adopted_by.username == "chef"
        assert periods[key].adopted_at.date() > periods[key].end
    assert periods[(2023, 4)].adopted_at.date() == date(2024, 2, 13)
    assert not periods[(2024, 1)].is_adopted and not periods[(2024, 2)].is_adopted
    assert all(p.is_demo for p in periods.values())


def test_without_demo_users_the_quarters_are_adopted_by_no_one(history):
    seed(clear=True)
    User.objects.filter(username__in=[user.username for user in DEMO_USERS]).delete()
    seed_history()
    period = Period.objects.get(year=2023, quarter=4)
    assert period.is_adopted and period.adopted_by is None


def test_the_adopted_figures_are_the_ones_computed(history):
    for year, quarter in HISTORY[:4]:
        follow_up = period_follow_up(year, quarter)
        assert follow_up.is_adopted
        assert follow_up.differences == []
        assert AdoptedValue.objects.filter(period__year=year, period__quarter=quarter).count() >= (
            len(follow_up.indicators)
        )
        assert AdoptedRow.objects.filter(
            period__year=year, period__quarter=quarter, behind__has_key="coordinated-share"
        ).exists()


def test_every_hand_entered_indicator_has_a_value_in_each_quarter_where_due(history):
    manual = manual_indicators()
    assert len(manual) == 13
    for year, quarter in HISTORY:
        follow_up = period_follow_up(year, quarter)
        shown = {i.code: i for i in follow_up.indicators}
        for indicator in manual:
            if not entered_by_then(indicator, quarter):
                continue
            shown_indicator = shown[indicator.code]
            assert shown_indicator.value is not None, (year, quarter, indicator.code)
            for municipality in shown_indicator.municipalities:
                assert municipality.value is not None, (year, quarter, indicator.code)


def test_the_year_end_2023_has_no_missing_hand_entered_value(history):
    manual = [
        indicator
        for indicator in period_follow_up(2023, 4).indicators
        if indicator.source == Indicator.Source.MANUAL
    ]
    assert len(manual) == 13
    for indicator in manual:
        assert indicator.value is not None, indicator.code
        assert indicator.status != Status.NO_DATA, indicator.code
        assert all(m.value is not None for m in indicator.municipalities), indicator.code


def test_the_hand_entered_figures_of_2023_meet_partly_meet_and_miss_their_targets(history):
    statuses = {
        i.code: i.status
        for i in period_follow_up(2023, 4).indicators
        if i.source == Indicator.Source.MANUAL
    }
    assert statuses["compliance-training"] == Status.MET
    assert statuses["contract-follow-ups"] == Status.PARTLY_MET
    assert statuses["nki"] == Status.PARTLY_MET
    assert statuses["training-hours"] == Status.NOT_MET


def test_2024_has_no_invented_targets_and_the_follow_up_says_so(history):
    assert Target.objects.filter(year=2023).exists()
    assert not Target.objects.filter(year=2024).exists()
    follow_up = period_follow_up(2024, 2)
    assert {i.status for i in follow_up.indicators} == {Status.NO_TARGET}
    assert {i.target_text for i in follow_up.indicators} == {"Inget mål"}
    assert "inga målvärden för 2024" in follow_up.overall_analysis


def test_the_analyses_are_swedish_and_agree_with_the_figures_beside_them(history):
    follow_up = period_follow_up(2023, 4)
    economy = next(i for i in follow_up.indicators if i.code == "economy-in-balance")
    assert f"avviker med {economy.text} från budget" in follow_up.overall_analysis
    assert "Av nämndplanens sju inriktningsmål bedöms" in follow_up.overall_analysis
    assert len(follow_up.overall_analysis.split("\n\n")) == 3
    for goal in follow_up.goals:
        assert goal.analysis, goal.title
        assert status_in_words(goal.analysis.split(".")[0]) == goal.status, goal.title
    texts = [a.analysis for a in follow_up.indicators if a.analysis]
    assert texts, "the hand-entered indicators behind their targets are explained"


@pytest.mark.parametrize(("year", "quarter"), HISTORY)
def test_every_quarter_has_the_heads_comment_on_the_economy_with_its_deviation(
    history, year, quarter
):
    economy = next(
        i for i in period_follow_up(year, quarter).indicators if i.code == "economy-in-balance"
    )
    if economy.value is None:
        assert economy.analysis == "Kvartalets utfall och helårsprognos redovisas på budgetsidan."
        return
    assert economy.analysis.startswith(f"Helårsprognosen avviker med {economy.text} ")
    if "Överskottet" in economy.analysis:
        assert economy.value > 0
    if "Underskottet" in economy.analysis:
        assert economy.value < 0


def test_the_years_assignments_have_statuses_and_comments_every_quarter(history):
    for year, quarter in HISTORY[:4]:
        follow_up = period_follow_up(year, quarter)
        assert len(follow_up.assignments) == 3
        assert all(a.comment for a in follow_up.assignments)
    statuses = {a.status for a in period_follow_up(2023, 4).assignments}
    assert statuses == {"done", "delayed"}


def test_the_2024_register_ends_on_30_june_and_its_budget_has_two_quarters(history):
    procurements_2024 = Procurement.objects.demo().filter(registry_number__startswith="DEMO-2024-")
    for field in ("advertised_on", "completed_on", "cancelled_on", "award_decision_on"):
        assert not procurements_2024.filter(**{f"{field}__gt": date(2024, 6, 30)}).exists()
    assert procurements_2024.filter(advertised_on__isnull=True, plan_items__plan_year=2024).exists()
    assert 60 < procurements_2024.count() < 80  # the year's 80 but those not yet in the register
    for procurement in procurements_2024.prefetch_related("tenders", "review_appeals"):
        procurement.full_clean()
        for row in [*procurement.tenders.all(), *procurement.review_appeals.all()]:
            row.full_clean()
    assert Procurement.objects.demo().filter(registry_number__startswith="DEMO-2023-").count() == 80
    lines = BudgetLine.objects.filter(year=2024)
    assert lines.count() == 6 and all(line.is_demo for line in lines)
    revenue = sum(line.amount_tkr for line in lines if line.is_revenue)
    assert revenue == sum(line.amount_tkr for line in lines if not line.is_revenue)
    quarters = set(
        QuarterlyFigure.objects.filter(line__year=2024).values_list("quarter", flat=True)
    )
    assert quarters == {1, 2}
    assert QuarterlyFigure.objects.filter(line__year=2023, is_demo=True).count() == 4 * 6


def test_each_year_has_its_whole_plan_and_2024s_items_due_after_june_are_not_completed(history):
    municipalities = municipality_pairs()
    for year in (2023, 2024):
        whole_year = generate_procurements(
            year=year, count=COUNT, seed=42, municipalities=municipalities
        )
        plan = generate_plan(
            year=year, seed=42, procurements=whole_year, municipalities=municipalities
        )
        assert read_demo_plan(year) == plan  # every item, linked to its procurement
    plan_2024 = ProcurementPlanItem.objects.filter(plan_year=2024)
    later = plan_2024.filter(Q(planned_year=2024, planned_quarter__gt=2) | Q(planned_year=2025))
    assert later.filter(planned_year=2024).exists() and later.filter(planned_year=2025).exists()
    assert not later.filter(procurement__completed_on__isnull=False).exists()
    figures = compute_figures([Window.year_to_date(Quarter(2024, q)) for q in (1, 2, 3)])
    delivered = [f["completed-as-planned"][None] for f in figures]
    assert 0 < delivered[1].value < 100
    assert delivered[2].numerator == delivered[1].numerator  # nothing completed after June
    assert delivered[2].denominator > delivered[1].denominator


def test_clear_leaves_no_demo_rows_of_any_kind(history, committee_member, client_for):
    output = seed(clear=True)

    assert "6" in output  # follow-up periods
    models_with_demo_rows = [
        model
        for model in apps.get_models()
        if any(field.name == "is_demo" for field in model._meta.fields)
    ]
    assert Period in models_with_demo_rows and EnteredValue in models_with_demo_rows
    for model in models_with_demo_rows:
        assert not model._default_manager.filter(is_demo=True).exists(), model.__name__
    assert not Period.objects.exists()
    assert not AdoptedValue.objects.exists()
    assert not AdoptedRow.objects.exists()
    assert not Period.history.exists()
    assert not AdoptedValue.history.exists()
    assert not BudgetLine.objects.filter(year=2024).exists()
    assert BudgetLine.objects.filter(year=2023).count() == 6
    assert (
        'class="demo-banner"'
        not in client_for(committee_member).get(reverse("dashboards:start")).text
    )


def test_a_quarter_the_head_has_worked_on_is_never_touched(history, chef):
    seed(clear=True)
    follow_ups = Indicator.objects.get(code="contract-follow-ups")
    period = get_or_create_period(2023, 2)
    save_quarter(
        period,
        QuarterEdit(
            version=0, overall_analysis="Egen analys.", values={(follow_ups.pk, None): Decimal(99)}
        ),
        chef,
    )

    output = seed_history()
    seed_history()

    period.refresh_from_db()
    assert (period.is_demo, period.is_adopted, period.overall_analysis) == (
        False,
        False,
        "Egen analys.",
    )
    assert list(EnteredValue.objects.filter(period=period).values_list("value", "is_demo")) == [
        (Decimal(99), False)
    ]
    assert not Analysis.objects.filter(period=period).exists()
    assert "Kv2 2023 är chefens egen" in output
    assert Period.objects.filter(is_demo=True).count() == 5
    assert Period.objects.get(year=2023, quarter=3).is_adopted

    seed(clear=True)
    assert list(Period.objects.all()) == [period]
    assert EnteredValue.objects.get().value == 99


def test_a_year_with_a_real_budget_gets_no_demo_budget(history):
    seed(clear=True)
    BudgetLine.objects.create(
        year=2024, kind="revenue", code="member-fees", name="Avgifter", amount_tkr=21000
    )
    BudgetLine.objects.create(
        year=2024, kind="cost", code="staff-costs", name="Personal", amount_tkr=21000
    )
    seed_history()
    assert not BudgetLine.objects.filter(year=2024, is_demo=True).exists()
    assert QuarterlyFigure.objects.filter(line__year=2024, is_demo=True).count() == 2 * 2


def test_history_and_year_cannot_be_asked_for_together():
    procurements = Procurement.objects.count()
    with pytest.raises(CommandError, match="--history"):
        seed(history=True, year=2024)
    assert Procurement.objects.count() == procurements
