"""An indicator across every quarter of the plan's years, assembled into plain dataclasses.

``indicator_history`` gives the indicator page (and the committee report) an
indicator's year-to-date value at the end of every quarter that has begun,
each year's outcome, the plan's baselines and targets, the values per
municipality and the head's analyses. Values follow the same rules as the
quarterly follow-up: an adopted period shows its adopted values; otherwise a
computed indicator is computed from the register or the budget, and an entered
one takes the head's figure (for a yearly indicator the latest one entered in
the year so far; a total of figures per municipality only once every
municipality has one).

``recent_series`` gives the goal page the latest quarters of several
indicators at once, by the same rules.

All quarters are computed together in one ``compute_figures`` call (a window
per quarter of the plan that has begun), so the number of queries depends on
neither the size of the register nor the number of periods recorded.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from indicators.formatting import format_quantity
from indicators.models import Baseline, Indicator, Municipality, Plan, Target
from indicators.quarters import QUARTERS, Quarter
from indicators.selectors import current_plan, describe_baseline, describe_target
from indicators.units import unit_of
from reports.charts import (
    IndicatorSeries,
    MunicipalityBar,
    MunicipalityComparison,
    QuarterValue,
    RecentSeries,
    YearTarget,
    YearValue,
)
from reports.computation import Window, compute_figures
from reports.follow_up import describe_value
from reports.measures import MEASURES, Kind, Measure
from reports.models import AdoptedValue, Analysis, EnteredValue, Period
from reports.version_cache import cached

RECENT_QUARTERS = 6


@dataclass(frozen=True)
class Value:
    """A value with its numerator and denominator, as the follow-up holds it."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


NO_VALUE = Value(None)


@dataclass
class QuarterRow:
    """One quarter in the table under the chart."""

    year: int
    quarter: int
    text: str
    has_value: bool
    numerator_text: str
    denominator_text: str
    target_text: str
    is_adopted: bool
    follow_up_url: str
    source_url: str


@dataclass
class QuarterAnalysis:
    year: int
    quarter: int
    text: str


@dataclass
class IndicatorHistory:
    code: str
    name: str
    specification: str
    description: str
    unit: str
    unit_label: str
    direction_label: str
    frequency_label: str
    source_label: str
    per_municipality: bool
    is_computed: bool
    shows_fraction: bool
    explanation: str
    plan_name: str
    goal_title: str
    baseline_note: str
    baselines: list[YearValue]
    targets: list[YearTarget]
    rows: list[QuarterRow]
    analyses: list[QuarterAnalysis]
    series: IndicatorSeries
    municipalities: MunicipalityComparison | None = None

    @property
    def table_columns(self) -> int:
        """Period, value, target; numerator and denominator; the link to the basis."""
        return 3 + 2 * self.shows_fraction + self.is_computed


def indicator_history(*, code: str, today: datetime.date | None = None) -> IndicatorHistory | None:
    """The history of the current plan's indicator ``code``, or None when it has no such indicator.

    Cached under the data version, per day (the quarters begun by then) and language.
    """
    today = today or timezone.localdate()
    return cached(
        f"indicator:{code}:{today.isoformat()}:{get_language()}",
        lambda: _indicator_history(code, today),
    )


def _indicator_history(code: str, today: datetime.date) -> IndicatorHistory | None:
    plan = current_plan()
    if plan is None:
        return None
    indicator = plan.indicators.select_related("goal").filter(code=code).first()
    if indicator is None:
        return None
    quarters = [
        (year, quarter)
        for year in plan.years
        for quarter in QUARTERS
        if Quarter(year, quarter).start <= today
    ]
    targets = list(
        Target.objects.filter(plan=plan, indicator=indicator).select_related("municipality")
    )
    baselines = [
        b
        for b in Baseline.objects.filter(indicator=indicator, municipality__isnull=True)
        if b.value is not None
    ]
    municipalities = list(Municipality.objects.all()) if indicator.per_municipality else []
    shown = _Shown(indicator, _computed_measure(indicator))
    values = _Values([shown], plan, quarters, len(municipalities))
    return _assemble(plan, shown, quarters, targets, baselines, municipalities, values, today)


def recent_series(
    *, plan: Plan, codes: Collection[str], last: Quarter, count: int = RECENT_QUARTERS
) -> dict[str, RecentSeries]:
    """The plan's indicators ``codes`` over the plan's ``count`` quarters up to ``last``, by code.

    The goal page's sparklines. Values follow the same rules as the indicator
    page, and every indicator is read together: one ``compute_figures`` call
    over the quarters and one query each for the indicators, their targets and
    their adopted and entered values, whatever their number.
    """
    quarters = [
        (year, quarter)
        for year in plan.years
        for quarter in QUARTERS
        if Quarter(year, quarter) <= last
    ][-count:]
    years = sorted({year for year, _quarter in quarters})
    indicators = list(plan.indicators.filter(code__in=codes))
    targets = {
        (t.indicator_id, t.year): t
        for t in Target.objects.filter(
            plan=plan, indicator__in=indicators, municipality__isnull=True, year__in=years
        )
    }
    shown = [_Shown(indicator, _computed_measure(indicator)) for indicator in indicators]
    values = _Values(shown, plan, quarters, Municipality.objects.count())
    result = {}
    for one in shown:
        indicator = one.indicator
        result[indicator.code] = RecentSeries(
            name=indicator.name,
            unit=indicator.unit,
            quarters=tuple(Quarter(year, quarter) for year, quarter in quarters),
            values=tuple(
                QuarterValue(year, quarter, value.value, one.text(value.value))
                for year, quarter in quarters
                if (value := values.of(indicator, year, quarter)).value is not None
            ),
            targets=tuple(
                _year_target(targets[(indicator.pk, year)], indicator.unit)
                for year in years
                if (indicator.pk, year) in targets
            ),
        )
    return result


def _computed_measure(indicator: Indicator) -> Measure | None:
    """The measure an indicator is computed by; None for one the head enters."""
    if indicator.source == Indicator.Source.MANUAL:
        return None
    return MEASURES.get(indicator.code)


@dataclass(frozen=True)
class _Shown:
    """An indicator as its values are written, as the quarterly follow-up writes them."""

    indicator: Indicator
    measure: Measure | None

    def text(self, value: Decimal | None) -> str:
        return describe_value(
            value, self.indicator.unit, self.measure.sign if self.measure else None
        )

    def source_url(self, year: int, quarter: int) -> str:
        """Where a computed value's underlying data is shown: the budget, or the procurements."""
        if self.measure is None:
            return ""
        if self.indicator.source == Indicator.Source.BUDGET:
            return reverse("budget:quarter", args=[year, quarter])
        return reverse("reports:procurements_behind", args=[year, quarter, self.indicator.code])


class _Values:
    """Every quarter's values of some indicators, total and per municipality, in a fixed few queries.

    The register's indicators are computed together in one ``compute_figures`` call
    (a window per quarter); the head's figures and the adopted values are read in
    one query each, whatever the number of indicators.
    """

    def __init__(self, shown: list[_Shown], plan: Plan, quarters, municipality_count: int):
        self.adopted_periods = set(
            Period.objects.filter(year__in=plan.years, state=Period.State.ADOPTED).values_list(
                "year", "quarter"
            )
        )
        indicators = [s.indicator for s in shown]
        self.adopted = self._adopted(plan, indicators)
        computed = [s.indicator for s in shown if s.measure is not None]
        entered = [s.indicator for s in shown if s.measure is None]
        self.values: dict[tuple[int, int, int], dict[int | None, Value]] = {}
        if computed:
            self.values |= self._computed(computed, quarters)
        if entered:
            self.values |= self._entered(entered, plan, quarters, municipality_count)

    def of(
        self, indicator: Indicator, year: int, quarter: int, municipality_id: int | None = None
    ) -> Value:
        if (year, quarter) in self.adopted_periods:
            adopted = self.adopted.get((indicator.pk, year, quarter, municipality_id))
            if adopted is not None:
                return adopted
        return self.values.get((indicator.pk, year, quarter), {}).get(municipality_id, NO_VALUE)

    def _adopted(self, plan, indicators) -> dict[tuple[int, int, int, int | None], Value]:
        rows = AdoptedValue.objects.filter(
            indicator__in=indicators,
            period__year__in=plan.years,
            period__state=Period.State.ADOPTED,
        ).values_list(
            "indicator_id",
            "period__year",
            "period__quarter",
            "municipality_id",
            "value",
            "numerator",
            "denominator",
        )
        return {
            (indicator, year, quarter, municipality): Value(value, numerator, denominator)
            for indicator, year, quarter, municipality, value, numerator, denominator in rows
        }

    def _computed(self, indicators, quarters) -> dict[tuple[int, int, int], dict]:
        windows = [Window.year_to_date(Quarter(year, quarter)) for year, quarter in quarters]
        result = {}
        for (year, quarter), figures in zip(quarters, compute_figures(windows), strict=True):
            for indicator in indicators:
                result[(indicator.pk, year, quarter)] = {
                    municipality: Value(figure.value, figure.numerator, figure.denominator)
                    for municipality, figure in figures.get(indicator.code, {}).items()
                }
        return result

    def _entered(self, indicators, plan, quarters, municipality_count) -> dict:
        """The head's figures per quarter, resolved as the quarterly follow-up resolves them.

        The same rules as ``reports.follow_up._entered_figures``, for every quarter at
        once; the tests hold the two to the same values.
        """
        entered: dict[tuple[int, int, int], dict[int | None, Decimal]] = defaultdict(dict)
        rows = EnteredValue.objects.filter(
            indicator__in=indicators, period__year__in=plan.years
        ).values_list("indicator_id", "period__year", "period__quarter", "municipality_id", "value")
        for indicator, year, quarter, municipality, value in rows:
            entered[(indicator, year, quarter)][municipality] = value
        result = {}
        for indicator in indicators:
            quarterly = indicator.frequency == Indicator.Frequency.QUARTERLY
            for year, quarter in quarters:
                values: dict[int | None, Decimal] = {}
                for earlier in (quarter,) if quarterly else range(1, quarter + 1):
                    values.update(entered.get((indicator.pk, year, earlier), {}))
                by_municipality = {m: Value(v) for m, v in values.items() if m is not None}
                if None in values:
                    by_municipality[None] = Value(values[None])
                elif by_municipality and len(by_municipality) == municipality_count:
                    by_municipality[None] = Value(
                        _total(indicator, [v.value for v in by_municipality.values()])
                    )
                result[(indicator.pk, year, quarter)] = by_municipality
        return result


def _total(indicator: Indicator, values: list[Decimal]) -> Decimal:
    """A sum of counts, hours and amounts; a mean of shares, ranks and indexes."""
    total = sum(values, Decimal(0))
    return total if unit_of(indicator.unit).additive else total / Decimal(len(values))


def _assemble(plan, shown, quarters, targets, baselines, municipalities, values, today):
    indicator, measure, unit = shown.indicator, shown.measure, shown.indicator.unit
    overall_targets = {t.year: t for t in targets if t.municipality_id is None}
    year_targets = [
        _year_target(t, unit) for t in sorted(overall_targets.values(), key=lambda t: t.year)
    ]
    points = [
        QuarterValue(year, quarter, value.value, shown.text(value.value))
        for year, quarter in quarters
        if (value := values.of(indicator, year, quarter)).value is not None
    ]
    years_with_values = {p.year for p in points}
    outcomes = [
        YearValue(p.year, p.value, p.text)
        for p in points
        if p.quarter == 4 and Quarter(p.year, 4).end < today
    ]
    year_baselines = [
        YearValue(b.year, b.value, describe_baseline(b, unit))
        for b in sorted(baselines, key=lambda b: b.year)
    ]
    rows = [
        _row(shown, year, quarter, values, overall_targets.get(year))
        for year, quarter in quarters
        if year in years_with_values
    ]
    comparison = _municipality_comparison(shown, targets, municipalities, values, quarters)
    return IndicatorHistory(
        code=indicator.code,
        name=indicator.name,
        specification=indicator.specification,
        description=indicator.description,
        unit=unit,
        unit_label=indicator.get_unit_display(),
        direction_label=indicator.get_direction_display(),
        frequency_label=indicator.get_frequency_display(),
        source_label=indicator.get_source_display(),
        per_municipality=indicator.per_municipality,
        is_computed=measure is not None,
        shows_fraction=measure is not None and measure.kind != Kind.COUNT,
        explanation=str(measure.explanation) if measure else "",
        plan_name=plan.name,
        goal_title=indicator.goal.title if indicator.goal else "",
        baseline_note=indicator.baseline_note,
        baselines=year_baselines,
        targets=year_targets,
        rows=rows,
        analyses=_analyses(indicator, plan),
        series=IndicatorSeries(
            name=indicator.name,
            unit=unit,
            direction=indicator.direction,
            values=tuple(points),
            outcomes=tuple(outcomes),
            baselines=tuple(year_baselines),
            targets=tuple(year_targets),
            years=tuple(sorted({year for year, _quarter in quarters})),
        ),
        municipalities=comparison,
    )


def _year_target(target: Target, unit: str) -> YearTarget:
    """A year's target as the charts draw it: a level only for a target with one."""
    value = target.value if target.kind == Target.Kind.COMPARISON else None
    return YearTarget(target.year, value, describe_target(target, unit))


def _row(shown: _Shown, year, quarter, values, target) -> QuarterRow:
    indicator = shown.indicator
    value = values.of(indicator, year, quarter)
    return QuarterRow(
        year=year,
        quarter=quarter,
        text=shown.text(value.value),
        has_value=value.value is not None,
        numerator_text=_count_text(value.numerator),
        denominator_text=_count_text(value.denominator),
        target_text=describe_target(target, indicator.unit) if target else "",
        is_adopted=(year, quarter) in values.adopted_periods,
        follow_up_url=reverse("reports:period", args=[year, quarter]) + f"#follow-{indicator.code}",
        source_url=shown.source_url(year, quarter),
    )


def _count_text(number: Decimal | None) -> str:
    if number is None:
        return ""
    decimals = 0 if number == number.to_integral_value() else 1
    return format_quantity(number, Indicator.Unit.COUNT, decimals)


def _municipality_comparison(
    shown: _Shown, targets, municipalities, values, quarters
) -> MunicipalityComparison | None:
    """The municipalities at the latest quarter where any of them has a value."""
    indicator = shown.indicator
    if not municipalities:
        return None
    latest = next(
        (
            (year, quarter)
            for year, quarter in reversed(quarters)
            if any(
                values.of(indicator, year, quarter, m.pk).value is not None for m in municipalities
            )
        ),
        None,
    )
    if latest is None:
        return None
    year, quarter = latest
    year_targets = {t.municipality_id: t for t in targets if t.year == year}
    bars = []
    for municipality in municipalities:
        value = values.of(indicator, year, quarter, municipality.pk).value
        target = year_targets.get(municipality.pk) or year_targets.get(None)
        has_level = target is not None and target.kind == Target.Kind.COMPARISON
        bars.append(
            MunicipalityBar(
                name=municipality.name,
                value=value,
                text=shown.text(value),
                target=target.value if has_level else None,
                target_text=describe_target(target, indicator.unit) if target else "",
            )
        )
    return MunicipalityComparison(
        name=indicator.name,
        unit=indicator.unit,
        direction=indicator.direction,
        year=year,
        quarter=quarter,
        bars=tuple(bars),
    )


def _analyses(indicator, plan) -> list[QuarterAnalysis]:
    """The head's analyses of the indicator, the latest first."""
    return [
        QuarterAnalysis(year, quarter, text)
        for year, quarter, text in Analysis.objects.filter(
            indicator=indicator, period__year__in=plan.years
        )
        .exclude(text="")
        .order_by("-period__year", "-period__quarter")
        .values_list("period__year", "period__quarter", "text")
    ]
