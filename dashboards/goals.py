"""A goal's page, assembled into plain dataclasses.

The goal's status and its indicators' values, targets, statuses and trends come
from the period's follow-up (``reports.follow_up.period_follow_up``), so the
page always agrees with the follow-up page. The sparklines of the latest
quarters come from ``reports.history.recent_series``, every indicator of the
goal at once. The number of queries depends on neither the size of the
register nor the number of indicators.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dashboards.periods import PeriodChoice, period_choice, plan_for
from dashboards.statuses import StatusCount, count_statuses
from indicators.formatting import format_number
from indicators.fulfilment import Status
from indicators.models import Indicator
from indicators.quarters import Quarter
from reports.charts import RecentSeries
from reports.follow_up import GoalFollowUp, IndicatorFollowUp, period_follow_up
from reports.history import RECENT_QUARTERS, recent_series
from reports.measures import MEASURES, Kind
from reports.version_cache import cached


@dataclass(frozen=True)
class GoalLink:
    number: int
    code: str
    title: str
    url: str


@dataclass(frozen=True)
class GoalIndicator:
    """An indicator as the follow-up shows it, with its share's parts and its latest quarters."""

    followed: IndicatorFollowUp
    fraction_text: str
    recent: RecentSeries

    @property
    def code(self) -> str:
        return self.followed.code


@dataclass
class GoalPage:
    code: str
    number: int
    title: str
    description: str
    presupposes: str
    status: Status
    analysis: str
    counts: list[StatusCount]
    period: PeriodChoice
    is_adopted: bool
    adopted_at: datetime.datetime | None
    indicators: list[GoalIndicator]
    goals: list[GoalLink]
    follow_up_url: str
    recent_quarters: int = RECENT_QUARTERS


def goal_page(
    *, code: str, year: int | None = None, quarter: int | None = None, today: datetime.date
) -> GoalPage | None:
    """The page of the goal ``code`` in a period (by default the start page's); None if not in its plan.

    Cached under the data version, per day (which period is the default) and language.
    """
    return cached(
        f"goal:{code}:{year}:{quarter}:{today.isoformat()}:{get_language()}",
        lambda: _goal_page(code, year, quarter, today),
    )


def _goal_page(
    code: str, year: int | None, quarter: int | None, today: datetime.date
) -> GoalPage | None:
    plan = plan_for(year, quarter)
    goal = plan.goals.filter(code=code).first() if plan else None
    if goal is None:
        return None
    choice = period_choice(
        plan,
        year,
        quarter,
        today=today,
        url_for=lambda y, q: reverse("dashboards:goal", args=[y, q, code]),
    )
    follow_up = period_follow_up(choice.year, choice.quarter)
    followed = next(g for g in follow_up.goals if g.code == code)
    recent = recent_series(
        plan=plan,
        codes=[indicator.code for indicator in followed.indicators],
        last=Quarter(choice.year, choice.quarter),
    )
    return GoalPage(
        code=code,
        number=followed.number,
        title=followed.title,
        description=goal.description,
        presupposes=goal.presupposes,
        status=followed.status,
        analysis=followed.analysis,
        counts=count_statuses(indicator.status for indicator in followed.indicators),
        period=choice,
        is_adopted=follow_up.is_adopted,
        adopted_at=follow_up.adopted_at,
        indicators=[
            GoalIndicator(indicator, _fraction_text(indicator), recent[indicator.code])
            for indicator in followed.indicators
        ],
        goals=[_goal_link(other, choice) for other in follow_up.goals],
        follow_up_url=reverse("reports:period", args=[choice.year, choice.quarter])
        + f"#goal-{followed.number}",
    )


def _goal_link(goal: GoalFollowUp, choice: PeriodChoice) -> GoalLink:
    url = reverse("dashboards:goal", args=[choice.year, choice.quarter, goal.code])
    return GoalLink(goal.number, goal.code, goal.title, url)


def _fraction_text(indicator: IndicatorFollowUp) -> str:
    """ "27 of 34": the counts behind a share computed from the register; else ""."""
    measure = MEASURES.get(indicator.code) if indicator.is_computed else None
    if (
        measure is None
        or measure.kind != Kind.SHARE
        or indicator.source != Indicator.Source.REGISTER
        or indicator.value is None
        or indicator.numerator is None
        or not indicator.denominator
    ):
        return ""
    return _("%(numerator)s of %(denominator)s") % {
        "numerator": format_number(indicator.numerator),
        "denominator": format_number(indicator.denominator),
    }
