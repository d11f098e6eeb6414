"""A period's follow-up assembled into plain dataclasses.

``period_follow_up`` is the one place that gathers a quarter's values,
statuses, trends, analyses and assignment progress; the follow-up page, the
head's editing page, the dashboards and the committee report all render from
what it returns. It makes the same number of queries however large the
register is, and what it returns is cached under the data version
(``reports.data_version``) until anything it is built from changes.
"""

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators import fulfilment
from indicators.formatting import format_quantity, format_value, rounded
from indicators.models import Assignment, Baseline, Indicator, Municipality, Plan, Target
from indicators.quarters import QUARTERS, Quarter
from indicators.selectors import describe_target, plan_for_year
from indicators.units import unit_of
from reports.computation import Figure, Window, compute_figures
from reports.measures import MEASURES, Kind, Measure, Sign
from reports.models import (
    AdoptedValue,
    Analysis,
    AssignmentProgress,
    EnteredValue,
    Period,
    target_terms,
)
from reports.version_cache import cached

ZERO = Decimal(0)


@dataclass
class BaselineComparison:
    year: int
    text: str
    trend: fulfilment.Trend


@dataclass
class MunicipalityValue:
    municipality_id: int
    name: str
    value: Decimal | None
    text: str
    status: fulfilment.Status
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    today_text: str = ""
    differs_from_adopted: bool = False
    # Compared through target_text: an unsaved Target (an adopted one) equals only itself.
    target: Target | None = field(default=None, compare=False)
    target_text: str = ""
    target_is_uhc_wide: bool = False
    target_change_note: str = ""


@dataclass
class IndicatorFollowUp:
    indicator_id: int
    code: str
    name: str
    unit: str
    source: str
    is_computed: bool
    per_municipality: bool
    is_cumulative: bool
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    text: str
    status: fulfilment.Status
    target_text: str
    expected_text: str
    forecast_text: str
    previous_year_text: str
    previous_year_trend: fulfilment.Trend
    baselines: list[BaselineComparison]
    progress: Decimal | None
    municipalities: list[MunicipalityValue]
    analysis: str
    explanation: str
    source_url: str = ""
    today_text: str = ""
    differs_from_adopted: bool = False
    target: Target | None = field(default=None, compare=False)
    """The target judged against (unsaved, as it stood at adoption, in an adopted period);
    compared through ``target_text``, since an unsaved Target equals only itself."""
    target_change_note: str = ""
    """In an adopted period whose target has changed since, a note of today's target."""

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def progress_text(self) -> str:
        """Progress from the baseline towards the target, e.g. "63 %"; over 100 % is past it."""
        return "" if self.progress is None else format_quantity(self.progress * 100, "percent")


@dataclass
class GoalFollowUp:
    goal_id: int
    number: int
    title: str
    status: fulfilment.Status
    analysis: str
    indicators: list[IndicatorFollowUp] = field(default_factory=list)
    code: str = ""


@dataclass
class KeyFigureArea:
    name: str
    indicators: list[IndicatorFollowUp] = field(default_factory=list)


@dataclass
class AssignmentFollowUp:
    assignment_id: int
    title: str
    status: str
    status_label: str
    comment: str


@dataclass
class PeriodFollowUp:
    year: int
    quarter: int
    plan_name: str
    period_id: int | None
    is_adopted: bool
    adopted_at: object
    adopted_by: str
    version: int
    overall_analysis: str
    goals: list[GoalFollowUp]
    key_figure_areas: list[KeyFigureArea]
    assignments: list[AssignmentFollowUp]

    @property
    def indicators(self) -> list[IndicatorFollowUp]:
        seen, result = set(), []
        for group in [*self.goals, *self.key_figure_areas]:
            for indicator in group.indicators:
                if indicator.code not in seen:
                    seen.add(indicator.code)
                    result.append(indicator)
        return result

    @property
    def differences(self) -> list[IndicatorFollowUp]:
        return [i for i in self.indicators if i.differs_from_adopted]

    @property
    def changed_targets(self) -> list[IndicatorFollowUp]:
        """Indicators whose target has changed since the period was adopted."""
        return [i for i in self.indicators if i.target_change_note]


def describe_value(value: Decimal | None, unit: str, sign: Sign | None = None) -> str:
    """A value as shown, rounded to its unit's decimals; with a word for its sign if it has one."""
    if value is None:
        return _("No data")
    return _with_sign_word(format_value(value, unit), rounded(value, unit_of(unit).decimals), sign)


def _with_sign_word(text: str, shown: Decimal, sign: Sign | None) -> str:
    """ "−8,8 % (deficit)": the word follows the sign of the number as shown."""
    if sign is None or not shown:
        return text
    return f"{text} ({sign.negative if shown < 0 else sign.positive})"


def period_follow_up(year: int, quarter: int) -> PeriodFollowUp | None:
    """The quarter's follow-up; None when no plan covers the year.

    Cached per language, since its texts are written in the reader's.
    """
    return cached(
        f"follow-up:{year}:{quarter}:{get_language()}",
        lambda: _period_follow_up(year, quarter),
    )


def _period_follow_up(year: int, quarter: int) -> PeriodFollowUp | None:
    plan = plan_for_year(year)
    if plan is None:
        return None
    period = Period.objects.select_related("adopted_by").filter(year=year, quarter=quarter).first()
    indicators = list(
        plan.indicators.select_related("goal")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=Target.objects.filter(year=year).select_related("municipality"),
                to_attr="year_targets",
            ),
            Prefetch("baselines", queryset=Baseline.objects.filter(municipality__isnull=True)),
        )
        .order_by("order")
    )
    municipalities = {m.pk: m for m in Municipality.objects.all()}
    this_quarter = Quarter(year, quarter)
    this_year, last_year = compute_figures(
        [
            Window.year_to_date(this_quarter),
            Window.year_to_date(this_quarter.a_year_earlier()),
        ]
    )
    entered = _entered_figures(year, quarter, indicators, len(municipalities))
    period_id = period.pk if period else None
    analyses = _analyses(period_id)
    adopted = _adopted(period_id) if period and period.is_adopted else {}

    context = _Context(
        year, quarter, municipalities, (this_year, last_year), entered, analyses, adopted
    )
    by_code = {indicator.code: context.follow(indicator) for indicator in indicators}

    goals = []
    for number, goal in enumerate(plan.goals.order_by("order"), start=1):
        followed = [by_code[i.code] for i in indicators if i.goal_id == goal.pk]
        goals.append(
            GoalFollowUp(
                goal.pk,
                number,
                goal.title,
                fulfilment.goal_status(i.status for i in followed),
                analyses.get(("goal", goal.pk), ""),
                followed,
                goal.code,
            )
        )
    areas = {value: KeyFigureArea(str(label)) for value, label in Indicator.KeyFigureArea.choices}
    for indicator in indicators:
        if indicator.key_figure_area:
            areas[indicator.key_figure_area].indicators.append(by_code[indicator.code])
    return PeriodFollowUp(
        year=year,
        quarter=quarter,
        plan_name=plan.name,
        period_id=period_id,
        is_adopted=bool(period and period.is_adopted),
        adopted_at=period.adopted_at if period else None,
        adopted_by=(period.adopted_by.get_full_name() or period.adopted_by.username)
        if period and period.adopted_by
        else "",
        version=period.version if period else 0,
        overall_analysis=period.overall_analysis if period else "",
        goals=goals,
        key_figure_areas=[area for area in areas.values() if area.indicators],
        assignments=_assignments(plan, year, period_id),
    )


def _entered_figures(
    year, quarter, indicators, municipality_count: int
) -> dict[tuple[int, int], dict[int | None, Figure]]:
    """Entered figures per (year, indicator id), resolved for the quarter.

    A quarterly indicator takes the figure of the quarter itself; a yearly one
    the latest figure entered in the year up to the quarter. Figures entered
    per municipality make a total (a sum of counts, a mean of ranks and shares)
    only when every municipality has one: a total of some would mislead.
    """
    frequency = {i.pk: i.frequency for i in indicators}
    units = {i.pk: i.unit for i in indicators}
    rows = (
        EnteredValue.objects.filter(
            Q(period__year=year) | Q(period__year=year - 1), period__quarter__lte=quarter
        )
        .values("period__year", "period__quarter", "indicator_id", "municipality_id", "value")
        .order_by("period__year", "period__quarter")
    )
    latest: dict[tuple[int, int], dict[int | None, tuple[int, Decimal]]] = defaultdict(dict)
    for row in rows:
        indicator_id = row["indicator_id"]
        if indicator_id not in frequency:
            continue
        if (
            frequency[indicator_id] == Indicator.Frequency.QUARTERLY
            and row["period__quarter"] != quarter
        ):
            continue
        key = (row["period__year"], indicator_id)
        latest[key][row["municipality_id"]] = (row["period__quarter"], row["value"])
    figures = {}
    for (row_year, indicator_id), values in latest.items():
        kind = Kind.COUNT if unit_of(units[indicator_id]).additive else Kind.MEAN
        per_municipality = {
            m: Figure(kind, value, Decimal(1)) for m, (_q, value) in values.items() if m is not None
        }
        if None in values:
            per_municipality[None] = Figure(kind, values[None][1], Decimal(1))
        elif len(per_municipality) == municipality_count:
            per_municipality[None] = sum(per_municipality.values(), Figure(kind, ZERO, ZERO))
        figures[(row_year, indicator_id)] = per_municipality
    return figures


def _analyses(period_id) -> dict[tuple[str, int], str]:
    if period_id is None:
        return {}
    result = {}
    for analysis in Analysis.objects.filter(period_id=period_id):
        if analysis.goal_id:
            result[("goal", analysis.goal_id)] = analysis.text
        else:
            result[("indicator", analysis.indicator_id)] = analysis.text
    return result


def _adopted(period_id) -> dict[tuple[int, int | None], AdoptedValue]:
    if period_id is None:
        return {}
    return {
        (row.indicator_id, row.municipality_id): row
        for row in AdoptedValue.objects.filter(period_id=period_id)
    }


def _assignments(plan, year, period_id) -> list[AssignmentFollowUp]:
    progress = (
        {p.assignment_id: p for p in AssignmentProgress.objects.filter(period_id=period_id)}
        if period_id
        else {}
    )
    result = []
    for assignment in Assignment.objects.filter(plan=plan, year=year):
        entry = progress.get(assignment.pk)
        status = entry.status if entry else AssignmentProgress.Status.NOT_STARTED
        result.append(
            AssignmentFollowUp(
                assignment.pk,
                assignment.title,
                status,
                str(AssignmentProgress.Status(status).label),
                entry.comment if entry else "",
            )
        )
    return result


@dataclass(frozen=True)
class _Reference:
    """A value to compare with: last year's to the same quarter, or a full-year value."""

    value: Decimal | None
    label: str = ""
    year_to_date: bool = False


@dataclass(frozen=True)
class _Shown:
    """One indicator as the follow-up shows and judges it.

    A computed indicator's measure may declare a sign (``Measure.sign``): its
    values are then shown with a word for their sign and judged on their size.
    """

    indicator: Indicator
    measure: Measure | None

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def sign(self) -> Sign | None:
        return self.measure.sign if self.measure else None

    @property
    def on_size(self) -> bool:
        return self.sign is not None

    @property
    def cumulative(self) -> bool:
        return fulfilment.is_cumulative(self.unit, self.indicator.frequency)

    def text(self, value: Decimal | None) -> str:
        return describe_value(value, self.unit, self.sign)

    def baseline_text(self, baseline: Baseline) -> str:
        """A baseline to the decimals the plan gives it."""
        text = format_quantity(baseline.value, self.unit, baseline.decimals)
        return _with_sign_word(text, rounded(baseline.value, baseline.decimals), self.sign)

    def rounded(self, value: Decimal | None) -> Decimal | None:
        """A value as shown: a difference smaller than the last shown decimal is no difference."""
        return None if value is None else rounded(value, unit_of(self.unit).decimals)

    def rule(self, target: Target | None) -> fulfilment.TargetRule | None:
        if target is None:
            return None
        band = self.indicator.partly_met_band
        return fulfilment.TargetRule(
            kind=target.kind,
            comparator=target.comparator or None,
            value=target.value,
            cumulative=self.cumulative,
            partly_band=fulfilment.DEFAULT_PARTLY_BAND if band is None else band,
            on_size=self.on_size,
        )


def _computed_measure(indicator: Indicator) -> Measure | None:
    """The measure an indicator is computed by; None for one the head enters."""
    if indicator.source == Indicator.Source.MANUAL:
        return None
    return MEASURES.get(indicator.code)


class _Context:
    """What following one indicator needs, gathered once for the whole period.

    In an adopted period the adopted values, statuses and targets are the
    official ones and everything shown is derived from them; today's
    computation and targets are kept only to show where they differ.
    """

    def __init__(self, year, quarter, municipalities, figures, entered, analyses, adopted):
        self.year, self.quarter = year, quarter
        self.municipalities = municipalities
        self.this_year, self.last_year = figures
        self.entered, self.analyses = entered, analyses
        self.adopted = adopted  # empty unless the period is adopted

    def figures(self, shown: _Shown, previous: bool = False) -> dict[int | None, Figure]:
        if shown.measure is not None:
            return (self.last_year if previous else self.this_year).get(shown.indicator.code, {})
        year = self.year - 1 if previous else self.year
        return self.entered.get((year, shown.indicator.pk), {})

    def follow(self, indicator: Indicator) -> IndicatorFollowUp:
        shown = _Shown(indicator, _computed_measure(indicator))
        unit, direction = indicator.unit, indicator.direction
        figures = self.figures(shown)
        total = figures.get(None) or Figure(Kind.COUNT, None)
        todays_target = next((t for t in indicator.year_targets if t.municipality_id is None), None)
        adopted = self.adopted.get((indicator.pk, None))
        target = todays_target if adopted is None else adopted.target
        rule = shown.rule(target)
        previous = self._previous(shown, None)

        if adopted is not None:
            value, numerator, denominator = adopted.value, adopted.numerator, adopted.denominator
            status = fulfilment.Status(adopted.status)
        else:
            value, numerator, denominator = total.value, total.numerator, total.denominator
            status = self._judge(value, rule, direction, previous)

        municipalities = self._municipality_values(shown, figures)
        differs = adopted is not None and (
            shown.rounded(adopted.value) != shown.rounded(total.value)
            or any(m.differs_from_adopted for m in municipalities)
        )
        return IndicatorFollowUp(
            indicator_id=indicator.pk,
            code=indicator.code,
            name=indicator.name,
            unit=unit,
            source=indicator.source,
            is_computed=shown.measure is not None,
            per_municipality=indicator.per_municipality,
            is_cumulative=shown.cumulative,
            value=value,
            numerator=numerator,
            denominator=denominator,
            text=shown.text(value),
            status=status,
            target_text=_describe_target(target, unit),
            expected_text=self._expected(rule, shown),
            forecast_text=self._forecast(value, shown),
            previous_year_text=previous.label,
            previous_year_trend=self._trend(value, previous, shown),
            baselines=[
                BaselineComparison(
                    b.year,
                    shown.baseline_text(b),
                    self._trend(value, _Reference(b.value), shown),
                )
                for b in indicator.baselines.all()
                if b.value is not None
            ],
            progress=self._progress(value, shown, rule),
            municipalities=municipalities,
            analysis=self.analyses.get(("indicator", indicator.pk), ""),
            explanation=str(shown.measure.explanation) if shown.measure else "",
            source_url=_source_url(shown, self.year, self.quarter),
            today_text=shown.text(total.value),
            differs_from_adopted=differs,
            target=target,
            target_change_note=_target_change_note(adopted, target, todays_target, unit),
        )

    def _judge(self, value, rule, direction, previous: _Reference) -> fulfilment.Status:
        if rule is not None and rule.kind == fulfilment.Kind.DECREASE and previous.year_to_date:
            # Last year's value to the same quarter needs no pro rata share.
            rule = dataclasses.replace(rule, cumulative=False)
        return fulfilment.judge(value, rule, direction, self.quarter, previous.value)

    def _trend(self, value, reference: _Reference, shown: _Shown) -> fulfilment.Trend:
        return fulfilment.trend(
            value,
            reference.value,
            shown.indicator.direction,
            quarter=self.quarter,
            cumulative=shown.cumulative and not reference.year_to_date,
            on_size=shown.on_size,
        )

    def _expected(self, rule, shown: _Shown) -> str:
        if (
            rule
            and rule.kind == fulfilment.Kind.COMPARISON
            and rule.cumulative
            and self.quarter < 4
        ):
            return shown.text(fulfilment.expected_by_quarter(rule.value, self.quarter))
        return ""

    def _forecast(self, value, shown: _Shown) -> str:
        if shown.cumulative and value is not None and self.quarter < 4:
            return shown.text(fulfilment.full_year_forecast(value, self.quarter))
        return ""

    def _progress(self, value, shown: _Shown, rule) -> Decimal | None:
        if rule is None or rule.kind != fulfilment.Kind.COMPARISON:
            return None
        baseline = next((b for b in shown.indicator.baselines.all() if b.value is not None), None)
        if baseline is None:
            return None
        return fulfilment.progress(
            value,
            baseline.value,
            rule.value,
            shown.indicator.direction,
            quarter=self.quarter,
            cumulative=shown.cumulative,
            on_size=shown.on_size,
        )

    def _previous(self, shown: _Shown, municipality_id: int | None) -> _Reference:
        """Last year's value to the same quarter; for a yearly indicator, else the latest baseline."""
        indicator = shown.indicator
        previous = self.figures(shown, previous=True).get(municipality_id)
        if previous and previous.value is not None:
            label = shown.text(previous.value)
            return _Reference(previous.value, f"{label} ({self.year - 1})", year_to_date=True)
        baseline = next(
            (b for b in indicator.baselines.all() if b.value is not None and b.year < self.year),
            None,
        )
        if (
            municipality_id is None
            and indicator.frequency == Indicator.Frequency.YEARLY
            and baseline is not None
        ):
            label = shown.baseline_text(baseline)
            return _Reference(baseline.value, f"{label} ({baseline.year})")
        return _Reference(None)

    def _municipality_values(self, shown: _Shown, figures) -> list[MunicipalityValue]:
        indicator = shown.indicator
        if not indicator.per_municipality:
            return []
        targets = {t.municipality_id: t for t in indicator.year_targets}
        result = []
        for municipality_id, municipality in self.municipalities.items():
            figure = figures.get(municipality_id) or Figure(Kind.COUNT, None)
            adopted = self.adopted.get((indicator.pk, municipality_id))
            todays_target = targets.get(municipality_id) or targets.get(None)
            if adopted is not None:
                value, numerator, denominator = (
                    adopted.value,
                    adopted.numerator,
                    adopted.denominator,
                )
                status = fulfilment.Status(adopted.status)
                target, uhc_wide = adopted.target, adopted.target_is_uhc_wide
            else:
                value, numerator, denominator = figure.value, figure.numerator, figure.denominator
                target = todays_target
                uhc_wide = target is not None and target.municipality_id is None
                status = self._judge(
                    value,
                    shown.rule(target),
                    indicator.direction,
                    self._previous(shown, municipality_id),
                )
            result.append(
                MunicipalityValue(
                    municipality_id,
                    municipality.name,
                    value,
                    shown.text(value),
                    status,
                    numerator,
                    denominator,
                    today_text=shown.text(figure.value),
                    differs_from_adopted=adopted is not None
                    and shown.rounded(adopted.value) != shown.rounded(figure.value),
                    target=target,
                    target_text=_describe_target(target, indicator.unit),
                    target_is_uhc_wide=uhc_wide,
                    target_change_note=_target_change_note(
                        adopted, target, todays_target, indicator.unit
                    ),
                )
            )
        return result


def _describe_target(target: Target | None, unit: str) -> str:
    return _("No target") if target is None else describe_target(target, unit)


def _target_change_note(
    adopted: AdoptedValue | None, target: Target | None, todays_target: Target | None, unit: str
) -> str:
    """Where an adopted value's target has changed since it was judged against it: how."""
    if adopted is None or target_terms(target) == target_terms(todays_target):
        return ""
    if todays_target is None:
        return _("The target was removed after adoption.")
    return _("The target was changed after adoption: now %(target)s") % {
        "target": describe_target(todays_target, unit)
    }


def _source_url(shown: _Shown, year: int, quarter: int) -> str:
    """Where a computed value's underlying data is shown: the budget, or the procurements."""
    if shown.measure is None:
        return ""
    if shown.indicator.source == Indicator.Source.BUDGET:
        return reverse("budget:quarter", args=[year, quarter])
    return reverse("reports:procurements_behind", args=[year, quarter, shown.indicator.code])


@dataclass
class QuarterState:
    quarter: int
    state_label: str


@dataclass
class YearPeriods:
    year: int
    quarters: list[QuarterState]


def period_index() -> list[YearPeriods]:
    """Every quarter of the current plan's years, with whether it is adopted."""
    plan = Plan.objects.order_by("-decided_on", "-pk").first()
    if plan is None:
        return []
    states = {(p.year, p.quarter): p for p in Period.objects.filter(year__in=plan.years)}
    not_started = _("not started")
    return [
        YearPeriods(
            year,
            [
                QuarterState(
                    quarter,
                    states[(year, quarter)].get_state_display()
                    if (year, quarter) in states
                    else not_started,
                )
                for quarter in QUARTERS
            ],
        )
        for year in plan.years
    ]
