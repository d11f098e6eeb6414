"""What is still missing before a quarter's report can go to the committee.

``missing_items`` gathers, for one quarter: the hand-entered figures due in it
(``indicators.selectors.due_entered_indicators``) that are not entered, the
goals' analyses, the comment on the economy and the quarter's overall analysis
not written, the assignments with no status reported for the quarter, and the
budget lines without the quarter's actual and forecast; the head's entry
counts the same things missing in each of its sections
(``reports.entry_sections``). Each item links to where it is filled in. A due
figure the head has deliberately left out (``LeftOutFigure``) is listed apart,
with the reason: only the due figures missing and not left out keep the period
from being adopted. The checklist page, the period page, the adoption and
``manage.py send_reminders`` all read it. Its number of queries is fixed.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from budget.models import BudgetLine
from indicators.models import Assignment, Indicator, Municipality
from indicators.selectors import due_entered_indicators, plan_for_year
from reports.entry_sections import ASSIGNMENTS, ECONOMY, KEY_FIGURES, OVERALL, goal_slug
from reports.models import Analysis, AssignmentProgress, EnteredValue, LeftOutFigure, Period
from reports.report_data import ECONOMY_IN_BALANCE


@dataclass(frozen=True)
class MissingItem:
    """One thing still missing: what, where it is filled in, and which part of it is missing.

    ``code`` is the indicator's code for a figure, empty for anything else.
    """

    name: str
    url: str
    detail: str = ""
    code: str = ""


@dataclass(frozen=True)
class LeftOut:
    """A due figure still missing that the head has deliberately left out of the report."""

    code: str
    name: str
    reason: str
    by: str
    at: datetime.datetime
    url: str


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    items: list[MissingItem]
    done_text: str


@dataclass(frozen=True)
class Readiness:
    year: int
    quarter: int
    is_adopted: bool
    figures: list[MissingItem]
    left_out: list[LeftOut]
    analyses: list[MissingItem]
    assignments: list[MissingItem]
    budget_lines: list[MissingItem]

    @property
    def missing(self) -> list[MissingItem]:
        return [*self.figures, *self.analyses, *self.assignments, *self.budget_lines]

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def may_be_adopted(self) -> bool:
        """No due figure is missing unless it is deliberately left out."""
        return not self.figures

    @property
    def groups(self) -> list[Group]:
        """The checklist's parts in the report's order, each with what it still lacks."""
        return [
            Group(
                "figures",
                _("Figures due this quarter"),
                self.figures,
                _("Every figure due this quarter is entered or left out."),
            ),
            Group("analyses", _("Analyses"), self.analyses, _("Every analysis is written.")),
            Group(
                "assignments",
                _("Assignment statuses"),
                self.assignments,
                _("Every assignment has its status for the quarter."),
            ),
            Group(
                "budget",
                _("Budget lines"),
                self.budget_lines,
                _("Every budget line has its actual and forecast."),
            ),
        ]


class NotReady(Exception):
    """A due figure is missing and not left out: the period cannot be adopted."""

    def __init__(self, figures: list[MissingItem]):
        self.figures = figures
        super().__init__(", ".join(item.name for item in figures))


def entry_url(year: int, quarter: int, section: str, anchor: str = "") -> str:
    """The section of the head's entry where an item is filled in, at the item."""
    url = reverse("reports:entry-section", args=[year, quarter, section])
    return f"{url}#{anchor}" if anchor else url


def missing_items(*, year: int, quarter: int) -> Readiness | None:
    """What the quarter still lacks; None when no plan covers the year."""
    plan = plan_for_year(year)
    if plan is None:
        return None
    period = Period.objects.filter(year=year, quarter=quarter).first()
    goals = list(plan.goals.order_by("order"))
    figures, left_out = _figures(year, quarter, period, goals)
    return Readiness(
        year=year,
        quarter=quarter,
        is_adopted=bool(period and period.is_adopted),
        figures=figures,
        left_out=left_out,
        analyses=_analyses(year, quarter, period, goals, plan),
        assignments=_assignments(year, quarter, period, plan),
        budget_lines=_budget_lines(year, quarter),
    )


def _figures(
    year: int, quarter: int, period: Period | None, goals
) -> tuple[list[MissingItem], list[LeftOut]]:
    """The due figures not entered, and those of them the head has left out.

    A figure followed per municipality is missing until every municipality
    has one (or the total is entered); the detail names those without.
    """
    due = due_entered_indicators(year=year, quarter=quarter)
    entered: dict[int, set[int | None]] = {}
    marks: dict[int, LeftOutFigure] = {}
    if period is not None:
        for indicator_id, municipality_id in EnteredValue.objects.filter(period=period).values_list(
            "indicator_id", "municipality_id"
        ):
            entered.setdefault(indicator_id, set()).add(municipality_id)
        marks = {
            mark.indicator_id: mark
            for mark in LeftOutFigure.objects.filter(period=period).select_related("left_out_by")
        }
    municipalities = list(Municipality.objects.order_by("order", "name"))
    goal_numbers = {goal.pk: number for number, goal in enumerate(goals, start=1)}
    missing, left_out = [], []
    for indicator in due:
        detail = _missing_part(indicator, entered.get(indicator.pk, set()), municipalities)
        if detail is None:
            continue
        number = goal_numbers.get(indicator.goal_id)
        section = KEY_FIGURES if number is None else goal_slug(number)
        url = entry_url(year, quarter, section, f"indicator-{indicator.code}")
        mark = marks.get(indicator.pk)
        if mark is None:
            missing.append(MissingItem(indicator.name, url, detail, indicator.code))
        else:
            by = mark.left_out_by
            left_out.append(
                LeftOut(
                    indicator.code,
                    indicator.name,
                    mark.reason,
                    (by.get_full_name() or by.username) if by else "",
                    mark.left_out_at,
                    url,
                )
            )
    return missing, left_out


def _missing_part(
    indicator: Indicator, entered: set[int | None], municipalities: list[Municipality]
) -> str | None:
    """None when the figure is entered; else what of it is missing ("" for all of it)."""
    if None in entered:
        return None
    if not indicator.per_municipality:
        return ""
    without = [m.name for m in municipalities if m.pk not in entered]
    if not without:
        return None
    if len(without) == len(municipalities):
        return _("missing for every municipality")
    return _("missing for %(municipalities)s") % {"municipalities": ", ".join(without)}


def _analyses(year: int, quarter: int, period: Period | None, goals, plan) -> list[MissingItem]:
    """The analyses not written: the goals', the economy's and the quarter's.

    The comment on the economy is asked for when the plan follows the economy in balance.
    """
    written = set()
    if period is not None:
        written = set(
            Analysis.objects.filter(period=period)
            .filter(Q(goal__isnull=False) | Q(indicator__code=ECONOMY_IN_BALANCE))
            .exclude(text="")
            .values_list("goal_id", "indicator_id")
        )
    written_goals = {goal_id for goal_id, _indicator in written}
    missing = [
        MissingItem(
            _("Analysis of goal %(number)s: %(title)s") % {"number": number, "title": goal.title},
            entry_url(year, quarter, goal_slug(number)),
        )
        for number, goal in enumerate(goals, start=1)
        if goal.pk not in written_goals
    ]
    follows_the_economy = plan.indicators.filter(code=ECONOMY_IN_BALANCE).exists()
    if follows_the_economy and not any(indicator for _goal, indicator in written):
        missing.append(MissingItem(_("Comment on the economy"), entry_url(year, quarter, ECONOMY)))
    if period is None or not period.overall_analysis.strip():
        missing.append(
            MissingItem(_("Overall analysis of the quarter"), entry_url(year, quarter, OVERALL))
        )
    return missing


def _assignments(year: int, quarter: int, period: Period | None, plan) -> list[MissingItem]:
    reported = set()
    if period is not None:
        reported = set(
            AssignmentProgress.objects.filter(period=period).values_list("assignment_id", flat=True)
        )
    url = entry_url(year, quarter, ASSIGNMENTS)
    return [
        MissingItem(assignment.title, url)
        for assignment in Assignment.objects.filter(plan=plan, year=year).order_by("order")
        if assignment.pk not in reported
    ]


def _budget_lines(year: int, quarter: int) -> list[MissingItem]:
    url = reverse("budget:edit_quarter", args=[year, quarter])
    lines = BudgetLine.objects.filter(year=year).exclude(quarterly_figures__quarter=quarter)
    return [MissingItem(line.name, url, line.get_kind_display()) for line in lines]
