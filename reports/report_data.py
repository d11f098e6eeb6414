"""The quarterly committee report's data, assembled into plain dataclasses.

``report_data`` is the one function that gathers what the report says: the
follow-up of the period (goals, indicators, key figures, assignments, the
head's analyses), the economy per budget line, the register's appeals and
cancelled procurements in the year to date, the values per municipality and
each indicator's specification (Bilaga 3). The HTML page and the PDF both
render from what it returns, through the same templates. It makes the same
number of queries however large the register is.

Every value is the follow-up's own (``reports.follow_up``): the report shows
the same text and status as the follow-up page, never a figure of its own.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from budget.selectors import KindGroup, year_overview
from indicators import fulfilment
from indicators.models import Indicator, Target
from indicators.quarters import Quarter
from indicators.selectors import describe_target
from procurements.models import Procurement, ReviewAppeal
from reports.follow_up import (
    AssignmentFollowUp,
    IndicatorFollowUp,
    PeriodFollowUp,
    period_follow_up,
    plan_for_year,
)
from reports.models import ArchivedReport, LeftOutFigure
from reports.populations import cancelled_between
from reports.report_series import ReportChart, report_charts
from reports.version_cache import cached

OFFICE = "Upphandlingscenter (UhC)"
"""The office that reports to the committee; a name, the same in every language."""

ECONOMY_IN_BALANCE = "economy-in-balance"
Area = Indicator.KeyFigureArea
STAFF_AREAS = (Area.STAFFING, Area.RENEWAL_AND_LEARNING)


@dataclass(frozen=True)
class Adoption:
    """The committee's decision that adopted the report, as the minutes cite it.

    The meeting's paragraph (§) and registry number (dnr) are empty until they
    are recorded with the adoption.
    """

    adopted_on: datetime.date
    paragraph: str = ""
    registry_number: str = ""


@dataclass(frozen=True)
class Cover:
    title: str
    period_label: str
    committee: str
    office: str
    plan_name: str
    plan_reference: str
    adoption: Adoption | None

    @property
    def is_draft(self) -> bool:
        return self.adoption is None


@dataclass(frozen=True)
class GoalSummary:
    number: int
    title: str
    status: fulfilment.Status
    indicator_count: int
    met_count: int


@dataclass
class ReportIndicator:
    """An indicator as the report shows it: the follow-up's row and its chart."""

    follow_up: IndicatorFollowUp
    chart: ReportChart | None = None
    goal_number: int | None = None
    """The goal the indicator belongs to: a key figure of a goal is shown under the goal."""
    left_out_reason: str = ""
    """Why the head deliberately left the figure out, when it is missing and was left out."""


@dataclass
class ReportGoal:
    number: int
    title: str
    status: fulfilment.Status
    analysis: str
    indicators: list[ReportIndicator] = field(default_factory=list)


@dataclass(frozen=True)
class EconomyLine:
    name: str
    budget: str
    actual: str | None
    forecast: str | None
    deviation_tkr: str | None
    deviation_percent: str | None
    verdict: str
    comment: str = ""


@dataclass(frozen=True)
class EconomyGroup:
    name: str
    lines: list[EconomyLine]
    total: EconomyLine


@dataclass
class Economy:
    """Each budget line: budget, actual to date, full-year forecast, deviation and comment.

    A line's ``comment`` is the head's comment on its figures for the quarter;
    the section's ``comment`` is the head's analysis of the key figure
    "Ekonomi i balans" for the quarter.
    """

    groups: list[EconomyGroup]
    result: EconomyLine
    figures_complete: bool
    comment: str
    balance: ReportIndicator | None

    @property
    def commented(self) -> list[EconomyLine]:
        """The lines with a comment, in the table's order."""
        return [line for group in self.groups for line in group.lines if line.comment]


@dataclass(frozen=True)
class AppealRow:
    registry_number: str
    title: str
    filed_on: datetime.date
    court: str
    outcome: str
    decided_on: datetime.date | None


@dataclass(frozen=True)
class CancelledRow:
    registry_number: str
    title: str
    cancelled_on: datetime.date
    reason: str


@dataclass
class Deviations:
    indicators: list[ReportIndicator]
    appeals: list[AppealRow]
    cancelled: list[CancelledRow]


@dataclass(frozen=True)
class MunicipalityRow:
    name: str
    text: str
    target_text: str
    status: fulfilment.Status


@dataclass(frozen=True)
class MunicipalityTable:
    code: str
    name: str
    rows: list[MunicipalityRow]


@dataclass(frozen=True)
class Definition:
    """An indicator's specification from Bilaga 3, and how gnu-plan reads it."""

    code: str
    name: str
    specification: str
    description: str
    explanation: str
    unit: str
    frequency: str
    source: str


@dataclass(frozen=True)
class LeftOutNote:
    """A due figure the head deliberately left out of the report, and why."""

    code: str
    name: str
    reason: str


@dataclass
class CommitteeReport:
    year: int
    quarter: int
    cover: Cover
    overall_analysis: str
    goal_summary: list[GoalSummary]
    goals: list[ReportGoal]
    assignments: list[AssignmentFollowUp]
    key_figures: list[ReportIndicator]
    economy: Economy | None
    staff: list[ReportIndicator]
    deviations: Deviations
    municipality_tables: list[MunicipalityTable]
    definitions: list[Definition]
    left_out: list[LeftOutNote] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return self.cover.period_label

    @property
    def is_draft(self) -> bool:
        return self.cover.is_draft

    @property
    def indicators(self) -> list[ReportIndicator]:
        """Every indicator the report shows, once, in the order it shows them first."""
        seen, result = set(), []
        groups = [g.indicators for g in self.goals]
        groups += [self.key_figures, self.staff, self.deviations.indicators]
        for indicators in groups:
            for indicator in indicators:
                if indicator.follow_up.code not in seen:
                    seen.add(indicator.follow_up.code)
                    result.append(indicator)
        return result

    @property
    def charts(self) -> list[ReportChart]:
        return [i.chart for i in self.indicators if i.chart is not None]


def report_data(year: int, quarter: int) -> CommitteeReport | None:
    """The report of a quarter, or None when no plan covers its year.

    Cached under the data version, per language.
    """
    return cached(f"report:{year}:{quarter}:{get_language()}", lambda: _report_data(year, quarter))


def _report_data(year: int, quarter: int) -> CommitteeReport | None:
    plan = plan_for_year(year)
    follow_up = period_follow_up(year, quarter)
    if plan is None or follow_up is None:
        return None
    indicators = list(plan.indicators.order_by("order"))
    charts = report_charts(plan=plan, indicators=indicators, follow_up=follow_up)
    goal_numbers = {i.code: goal.number for goal in follow_up.goals for i in goal.indicators}
    reasons = _left_out_reasons(follow_up)
    shown = {
        i.code: ReportIndicator(
            i, charts.get(i.code), goal_numbers.get(i.code), reasons.get(i.code, "")
        )
        for i in follow_up.indicators
    }

    def in_areas(*areas: str) -> list[ReportIndicator]:
        return [shown[i.code] for i in indicators if i.key_figure_area in areas]

    return CommitteeReport(
        year=year,
        quarter=quarter,
        cover=_cover(plan, follow_up),
        overall_analysis=follow_up.overall_analysis,
        goal_summary=[
            GoalSummary(
                goal.number,
                goal.title,
                goal.status,
                len(goal.indicators),
                sum(i.status == fulfilment.Status.MET for i in goal.indicators),
            )
            for goal in follow_up.goals
        ],
        goals=[
            ReportGoal(
                goal.number,
                goal.title,
                goal.status,
                goal.analysis,
                [shown[i.code] for i in goal.indicators],
            )
            for goal in follow_up.goals
        ],
        assignments=follow_up.assignments,
        key_figures=in_areas(Area.ECONOMY_AND_QUALITY),
        economy=_economy(year, quarter, shown.get(ECONOMY_IN_BALANCE)),
        staff=in_areas(*STAFF_AREAS),
        deviations=Deviations(
            indicators=in_areas(Area.DEVIATIONS),
            appeals=_appeals(Quarter(year, quarter)),
            cancelled=_cancelled(Quarter(year, quarter)),
        ),
        municipality_tables=_municipality_tables(plan, year, follow_up),
        definitions=[_definition(i, shown[i.code].follow_up) for i in indicators],
        left_out=[
            LeftOutNote(i.code, i.name, reasons[i.code])
            for i in follow_up.indicators
            if i.code in reasons
        ],
    )


def _left_out_reasons(follow_up: PeriodFollowUp) -> dict[str, str]:
    """Why each figure the head left out is missing, by indicator code; a figure
    entered since it was left out is no longer missing and has no reason shown."""
    if follow_up.period_id is None:
        return {}
    missing = {i.code for i in follow_up.indicators if i.value is None}
    marks = LeftOutFigure.objects.filter(period_id=follow_up.period_id).values_list(
        "indicator__code", "reason"
    )
    return {code: reason for code, reason in marks if code in missing}


def _cover(plan, follow_up: PeriodFollowUp) -> Cover:
    quarter = Quarter(follow_up.year, follow_up.quarter)
    adoption = None
    if follow_up.is_adopted and follow_up.adopted_at is not None:
        adoption = _adoption(follow_up)
    return Cover(
        title=_("Follow-up %(period)s") % {"period": quarter.long_label},
        period_label=quarter.long_label,
        committee=plan.decided_by,
        office=OFFICE,
        plan_name=plan.name,
        plan_reference=plan.decision_reference,
        adoption=adoption,
    )


def _adoption(follow_up: PeriodFollowUp) -> Adoption:
    """The adoption as its latest archived version cites the meeting, or by its date alone."""
    archived = (
        ArchivedReport.objects.filter(
            period__year=follow_up.year, period__quarter=follow_up.quarter
        )
        .order_by("-version")
        .first()
    )
    if archived is None:
        return Adoption(adopted_on=follow_up.adopted_at.date())
    return Adoption(archived.meeting_date, archived.minute_paragraph, archived.registry_number)


def _economy(year: int, quarter: int, balance: ReportIndicator | None) -> Economy | None:
    overview = year_overview(year, quarter)
    if overview is None:
        return None
    return Economy(
        groups=[_economy_group(group) for group in overview.groups],
        result=EconomyLine(
            name=_("Result"),
            budget=overview.budget_result,
            actual=overview.actual_result,
            forecast=overview.forecast_result,
            deviation_tkr=overview.result_deviation.tkr if overview.result_deviation else None,
            deviation_percent=(
                overview.result_deviation.percent if overview.result_deviation else None
            ),
            verdict=overview.result_deviation.verdict if overview.result_deviation else "",
        ),
        figures_complete=overview.figures_complete,
        comment=balance.follow_up.analysis if balance else "",
        balance=balance,
    )


def _economy_group(group: KindGroup) -> EconomyGroup:
    def line(name, budget, actual, forecast, deviation, comment="") -> EconomyLine:
        return EconomyLine(
            name=name,
            budget=budget,
            actual=actual,
            forecast=forecast,
            deviation_tkr=deviation.tkr if deviation else None,
            deviation_percent=deviation.percent if deviation else None,
            verdict=deviation.verdict if deviation else "",
            comment=comment,
        )

    return EconomyGroup(
        name=group.label,
        lines=[
            line(row.name, row.budget, row.actual, row.forecast, row.deviation, row.comment)
            for row in group.rows
        ],
        total=line(
            group.total_label,
            group.budget_total,
            group.actual_total,
            group.forecast_total,
            group.deviation,
        ),
    )


def _appeals(quarter: Quarter) -> list[AppealRow]:
    """The review appeals filed in the year to date, as the key figure counts them."""
    appeals = (
        ReviewAppeal.objects.filter(filed_on__gte=quarter.year_start, filed_on__lte=quarter.end)
        .select_related("procurement")
        .order_by("filed_on", "pk")
    )
    return [
        AppealRow(
            registry_number=appeal.procurement.registry_number,
            title=appeal.procurement.title,
            filed_on=appeal.filed_on,
            court=appeal.court,
            outcome=str(ReviewAppeal.Outcome(appeal.outcome).label),
            decided_on=appeal.decided_on,
        )
        for appeal in appeals
    ]


def _cancelled(quarter: Quarter) -> list[CancelledRow]:
    """The procurements cancelled in the year to date, as the key figure counts them."""
    procurements = (
        Procurement.objects.filter(cancelled_between(quarter.year_start, quarter.end))
        .order_by("cancelled_on", "registry_number")
        .values_list("registry_number", "title", "cancelled_on", "cancellation_reason")
    )
    return [CancelledRow(*row) for row in procurements]


def _municipality_tables(plan, year: int, follow_up: PeriodFollowUp) -> list[MunicipalityTable]:
    """Every indicator followed per municipality: each municipality's value, target and status.

    A municipality without a target of its own is judged against the overall
    one, as the follow-up judges it, and shown with it.
    """
    targets = {
        (t.indicator_id, t.municipality_id): t
        for t in Target.objects.filter(plan=plan, year=year).select_related("indicator")
    }
    tables = []
    for indicator in follow_up.indicators:
        if not indicator.municipalities:
            continue
        rows = []
        for municipality in indicator.municipalities:
            target = targets.get((indicator.indicator_id, municipality.municipality_id))
            target = target or targets.get((indicator.indicator_id, None))
            rows.append(
                MunicipalityRow(
                    municipality.name,
                    municipality.text,
                    describe_target(target, indicator.unit) if target else _("No target"),
                    municipality.status,
                )
            )
        tables.append(MunicipalityTable(indicator.code, indicator.name, rows))
    return tables


def _definition(indicator: Indicator, followed: IndicatorFollowUp) -> Definition:
    return Definition(
        code=indicator.code,
        name=indicator.name,
        specification=indicator.specification,
        description=indicator.description,
        explanation=followed.explanation,
        unit=indicator.get_unit_display(),
        frequency=indicator.get_frequency_display(),
        source=indicator.get_source_display(),
    )
