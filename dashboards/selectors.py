"""The committee's start page, assembled into plain dataclasses.

``start_dashboard`` gathers a period's follow-up, the previous quarter's (for
what changed), the year's budget and the plan's municipalities. Every figure
comes from ``reports.follow_up.period_follow_up`` or ``budget.selectors``, so
the dashboard always agrees with the follow-up and budget pages. It makes the
same number of queries however large the register is.
"""

import datetime
from collections import Counter
from dataclasses import astuple, dataclass, field

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from budget.selectors import DeviationView, year_overview
from dashboards.periods import PeriodChoice, period_choice, plan_for
from dashboards.statuses import Change, StatusCount, count_statuses, status_change
from indicators.fulfilment import Status
from indicators.models import Indicator, Municipality
from indicators.quarters import Quarter
from reports.follow_up import (
    AssignmentFollowUp,
    IndicatorFollowUp,
    PeriodFollowUp,
    period_follow_up,
)
from reports.models import AssignmentProgress
from reports.version_cache import cached

ECONOMY_IN_BALANCE = "economy-in-balance"
KEY_FIGURE_GROUPS = (
    (Indicator.KeyFigureArea.STAFFING, ("staff-turnover", "sick-leave")),
    (
        Indicator.KeyFigureArea.DEVIATIONS,
        ("review-appeals", "cancelled-procurements", "governance-deviations"),
    ),
)
SHORT_NAMES = {"governance-deviations": _("Deviations from governing documents")}


@dataclass(frozen=True)
class IndicatorChange:
    """An indicator whose status differs from the previous quarter's."""

    code: str
    name: str
    goal_number: int | None
    previous: Status
    current: Status
    change: Change


@dataclass
class GoalCard:
    number: int
    title: str
    status: Status
    url: str
    counts: list[StatusCount]
    previous_status: Status | None = None
    change: Change | None = None
    changed_indicators: list[IndicatorChange] = field(default_factory=list)


@dataclass(frozen=True)
class KeyFigure:
    code: str
    name: str
    text: str
    has_value: bool
    status: Status
    target_text: str
    previous_year_text: str
    url: str


@dataclass(frozen=True)
class KeyFigureGroup:
    name: str
    figures: list[KeyFigure]


@dataclass(frozen=True)
class Economy:
    """The year's result against budget, as the budget pages show it, in tkr."""

    year: int
    url: str
    budget_result: str
    forecast_result: str | None
    deviation: DeviationView | None
    actual_revenue: str | None
    actual_cost: str | None
    balance: KeyFigure | None


@dataclass(frozen=True)
class MunicipalityLink:
    code: str
    name: str


@dataclass
class StartDashboard:
    plan_name: str
    vision: str
    period: PeriodChoice
    follow_up: PeriodFollowUp
    previous_name: str
    has_previous: bool
    goals: list[GoalCard]
    key_figure_groups: list[KeyFigureGroup]
    economy: Economy | None
    assignment_counts: list[tuple[str, int]]
    changes: list[IndicatorChange]
    municipalities: list[MunicipalityLink]

    @property
    def assignments(self) -> list[AssignmentFollowUp]:
        return self.follow_up.assignments


def start_dashboard(
    *, year: int | None = None, quarter: int | None = None, today: datetime.date
) -> StartDashboard | None:
    """The dashboard of a period (by default the newest adopted); None without a plan for it.

    Cached under the data version, per day (which period is the default) and language.
    """
    return cached(
        f"start:{year}:{quarter}:{today.isoformat()}:{get_language()}",
        lambda: _start_dashboard(year, quarter, today),
    )


def _start_dashboard(
    year: int | None, quarter: int | None, today: datetime.date
) -> StartDashboard | None:
    plan = plan_for(year, quarter)
    if plan is None:
        return None
    choice = period_choice(
        plan,
        year,
        quarter,
        today=today,
        url_for=lambda y, q: reverse("dashboards:period", args=[y, q]),
    )
    follow_up = period_follow_up(choice.year, choice.quarter)
    previous_year, previous_quarter = astuple(Quarter(choice.year, choice.quarter).previous())
    previous = period_follow_up(previous_year, previous_quarter)
    changes = _changes(follow_up, previous)
    by_code = {indicator.code: indicator for indicator in follow_up.indicators}
    return StartDashboard(
        plan_name=plan.name,
        vision=plan.vision,
        period=choice,
        follow_up=follow_up,
        previous_name=Quarter(previous_year, previous_quarter).label,
        has_previous=previous is not None,
        goals=[_goal_card(goal, follow_up, previous, changes) for goal in follow_up.goals],
        key_figure_groups=[
            KeyFigureGroup(
                str(area.label),
                [_key_figure(by_code[code], follow_up) for code in codes if code in by_code],
            )
            for area, codes in KEY_FIGURE_GROUPS
        ],
        economy=_economy(follow_up, by_code.get(ECONOMY_IN_BALANCE)),
        assignment_counts=_assignment_counts(follow_up.assignments),
        changes=changes,
        municipalities=[
            MunicipalityLink(code, name)
            for code, name in Municipality.objects.values_list("code", "name")
        ],
    )


def _changes(follow_up: PeriodFollowUp, previous: PeriodFollowUp | None) -> list[IndicatorChange]:
    if previous is None:
        return []
    before = {indicator.code: indicator.status for indicator in previous.indicators}
    goal_of = {i.code: goal.number for goal in follow_up.goals for i in goal.indicators}
    changes = []
    for indicator in follow_up.indicators:
        if indicator.code in before and before[indicator.code] != indicator.status:
            changes.append(
                IndicatorChange(
                    indicator.code,
                    indicator.name,
                    goal_of.get(indicator.code),
                    before[indicator.code],
                    indicator.status,
                    status_change(before[indicator.code], indicator.status),
                )
            )
    return changes


def _goal_card(goal, follow_up, previous, changes) -> GoalCard:
    card = GoalCard(
        number=goal.number,
        title=goal.title,
        status=goal.status,
        url=reverse("dashboards:goal", args=[follow_up.year, follow_up.quarter, goal.code]),
        counts=count_statuses(indicator.status for indicator in goal.indicators),
        changed_indicators=[change for change in changes if change.goal_number == goal.number],
    )
    before = (
        next((g for g in previous.goals if g.goal_id == goal.goal_id), None) if previous else None
    )
    if before is not None:
        card.previous_status = before.status
        card.change = status_change(before.status, goal.status)
    return card


def _key_figure(indicator: IndicatorFollowUp, follow_up: PeriodFollowUp) -> KeyFigure:
    return KeyFigure(
        code=indicator.code,
        name=str(SHORT_NAMES.get(indicator.code, indicator.name)),
        text=indicator.text,
        has_value=indicator.value is not None,
        status=indicator.status,
        target_text=indicator.target_text,
        previous_year_text=indicator.previous_year_text,
        url=reverse("reports:period", args=[follow_up.year, follow_up.quarter])
        + f"#follow-{indicator.code}",
    )


def _economy(follow_up: PeriodFollowUp, balance: IndicatorFollowUp | None) -> Economy | None:
    overview = year_overview(follow_up.year, follow_up.quarter)
    if overview is None:
        return None
    return Economy(
        year=follow_up.year,
        url=reverse("budget:quarter", args=[follow_up.year, follow_up.quarter]),
        budget_result=overview.budget_result,
        forecast_result=overview.forecast_result,
        deviation=overview.result_deviation,
        actual_revenue=overview.revenue.actual_total,
        actual_cost=overview.cost.actual_total,
        balance=_key_figure(balance, follow_up) if balance else None,
    )


def _assignment_counts(assignments: list[AssignmentFollowUp]) -> list[tuple[str, int]]:
    """How many assignments have each status, e.g. [("pågår", 2), ("klart", 1)]."""
    counts = Counter(assignment.status for assignment in assignments)
    return [
        (str(status.label), counts[status])
        for status in AssignmentProgress.Status
        if counts[status]
    ]
