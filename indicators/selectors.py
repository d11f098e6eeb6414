"""The plan as a committee member reads it, assembled into plain dataclasses.

``plan_overview`` is the one place that fetches the plan for display; the
start page, ``/plan/`` and the committee report render from what it returns.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from indicators.formatting import NBSP, format_quantity
from indicators.models import Assignment, Baseline, Indicator, Plan, Target


@dataclass(frozen=True)
class TargetView:
    year: int
    text: str
    municipality: str | None = None


@dataclass(frozen=True)
class BaselineView:
    year: int
    text: str
    municipality: str | None = None


@dataclass
class IndicatorView:
    code: str
    name: str
    specification: str
    description: str
    unit: str
    direction: str
    frequency: str
    source: str
    per_municipality: bool
    baseline_note: str
    targets: list[TargetView]
    baselines: list[BaselineView]


@dataclass
class GoalView:
    number: int
    title: str
    description: str
    presupposes: str
    indicators: list[IndicatorView] = field(default_factory=list)


@dataclass
class KeyFigureAreaView:
    name: str
    indicators: list[IndicatorView] = field(default_factory=list)


@dataclass
class AssignmentView:
    year: int
    title: str
    purpose: str
    expected_result: str
    presupposes: str


@dataclass
class PlanOverview:
    name: str
    vision: str
    decided_on: object
    decided_by: str
    decision_reference: str
    first_year: int
    last_year: int
    goals: list[GoalView]
    key_figure_areas: list[KeyFigureAreaView]
    assignments: list[AssignmentView]

    @property
    def indicator_count(self) -> int:
        return sum(len(goal.indicators) for goal in self.goals)


def current_plan() -> Plan | None:
    """The most recently decided plan."""
    return Plan.objects.order_by("-decided_on", "-pk").first()


def plan_for_year(year: int) -> Plan | None:
    """The plan the year is followed up against: the latest decided that covers it."""
    return (
        Plan.objects.filter(first_year__lte=year, last_year__gte=year)
        .order_by("-decided_on", "-pk")
        .first()
    )


def due_entered_indicators(*, year: int, quarter: int) -> list[Indicator]:
    """The hand-entered indicators of the year's plan whose figure is due in the quarter.

    Those reported every quarter, and those reported once a year in this
    quarter (``Indicator.reported_in_quarter``), in the plan's order; none when
    no plan covers the year. Two queries.
    """
    plan = plan_for_year(year)
    if plan is None:
        return []
    entered = plan.indicators.filter(source=Indicator.Source.MANUAL).order_by("order")
    return [indicator for indicator in entered if indicator.is_due_in(quarter)]


def describe_target(target: Target, unit: str) -> str:
    if target.kind == Target.Kind.DECREASE:
        text = _("decrease")
    elif target.kind == Target.Kind.ZERO_MEASUREMENT:
        text = _("zero measurement")
    else:
        value = format_quantity(target.value, unit, target.decimals)
        text = f"{target.get_comparator_display()}{NBSP}{value}"
        if target.uhm_level:
            text += " " + _("at %(level)s level") % {"level": target.get_uhm_level_display()}
    if target.note:
        text += f" ({target.note})"
    return text


def describe_baseline(baseline: Baseline, unit: str) -> str:
    if baseline.value is None:
        text = baseline.text
    else:
        text = format_quantity(baseline.value, unit, baseline.decimals)
        if baseline.is_approximate:
            text = _("approx. %(value)s") % {"value": text}
    if baseline.note:
        text += f" ({baseline.note})"
    return text


def _indicator_view(indicator: Indicator) -> IndicatorView:
    return IndicatorView(
        code=indicator.code,
        name=indicator.name,
        specification=indicator.specification,
        description=indicator.description,
        unit=indicator.get_unit_display(),
        direction=indicator.get_direction_display(),
        frequency=indicator.get_frequency_display(),
        source=indicator.get_source_display(),
        per_municipality=indicator.per_municipality,
        baseline_note=indicator.baseline_note,
        targets=[
            TargetView(
                t.year,
                describe_target(t, indicator.unit),
                t.municipality.name if t.municipality else None,
            )
            for t in indicator.plan_targets
        ],
        baselines=[
            BaselineView(
                b.year,
                describe_baseline(b, indicator.unit),
                b.municipality.name if b.municipality else None,
            )
            for b in indicator.baselines.all()
        ],
    )


def plan_overview(plan: Plan) -> PlanOverview:
    indicators = (
        plan.indicators.select_related("goal")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=Target.objects.filter(plan=plan).select_related("municipality"),
                to_attr="plan_targets",
            ),
            Prefetch("baselines", queryset=Baseline.objects.select_related("municipality")),
        )
        .order_by("order")
    )
    goal_views = {
        goal.pk: GoalView(number, goal.title, goal.description, goal.presupposes)
        for number, goal in enumerate(plan.goals.order_by("order"), start=1)
    }
    areas = {
        value: KeyFigureAreaView(str(label)) for value, label in Indicator.KeyFigureArea.choices
    }
    for indicator in indicators:
        view = _indicator_view(indicator)
        if indicator.goal_id in goal_views:
            goal_views[indicator.goal_id].indicators.append(view)
        if indicator.key_figure_area:
            areas[indicator.key_figure_area].indicators.append(view)
    assignments = [
        AssignmentView(a.year, a.title, a.purpose, a.expected_result, a.presupposes)
        for a in Assignment.objects.filter(plan=plan)
    ]
    return PlanOverview(
        name=plan.name,
        vision=plan.vision,
        decided_on=plan.decided_on,
        decided_by=plan.decided_by,
        decision_reference=plan.decision_reference,
        first_year=plan.first_year,
        last_year=plan.last_year,
        goals=list(goal_views.values()),
        key_figure_areas=[area for area in areas.values() if area.indicators],
        assignments=assignments,
    )
