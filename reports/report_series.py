"""Every indicator's chart in the committee report: its series up to the report's quarter.

The report draws each indicator with the indicator page's own figure
(``reports.charts.indicator_figure``), over the plan's quarters up to the
report's, and never further: a report of quarter 2 2023 shows what was known
then. The values follow the quarterly follow-up's rules: the report's own
quarter takes the follow-up's value (so the chart ends where the table does),
an adopted quarter its adopted value, an open one the value computed from the
register and the budget or entered by the head.

All indicators and all quarters are gathered together, in a fixed number of
queries: one ``compute_figures`` call for the open quarters, one query for the
adopted values, one for the entered figures, one each for targets and
baselines.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import Baseline, Indicator, Municipality, Plan, Target
from indicators.quarters import QUARTERS, Quarter
from indicators.selectors import describe_baseline, describe_target
from indicators.units import unit_of
from reports.charts import IndicatorSeries, QuarterValue, YearTarget, YearValue
from reports.charts import describe_indicator_figure as describe
from reports.computation import Window, compute_figures
from reports.follow_up import PeriodFollowUp, describe_value
from reports.measures import MEASURES
from reports.models import AdoptedValue, EnteredValue, Period


@dataclass(frozen=True)
class ChartTable:
    """The chart's figures as a table: shown in the chart's place when it cannot be drawn."""

    caption: str
    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class ReportChart:
    code: str
    series: IndicatorSeries
    description: str
    table: ChartTable


def report_charts(
    *, plan: Plan, indicators: list[Indicator], follow_up: PeriodFollowUp
) -> dict[str, ReportChart]:
    """Each indicator's chart by code, from the plan's first quarter to the follow-up's.

    ``indicators`` are the plan's indicators, as rows.
    """
    report_quarter = Quarter(follow_up.year, follow_up.quarter)
    quarters = [
        Quarter(year, quarter)
        for year in plan.years
        for quarter in QUARTERS
        if Quarter(year, quarter) <= report_quarter
    ]
    rows = {i.code: i for i in indicators}
    values = _Values(rows, quarters[:-1])
    targets = _targets(plan, report_quarter.year)
    baselines = _baselines(indicators)
    charts = {}
    for followed in follow_up.indicators:
        code, indicator = followed.code, rows[followed.code]
        sign = MEASURES[code].sign if values.is_computed(indicator) else None
        points = [
            QuarterValue(q.year, q.quarter, value, describe_value(value, indicator.unit, sign))
            for q in quarters[:-1]
            if (value := values.of(indicator, q)) is not None
        ]
        if followed.value is not None:
            points.append(
                QuarterValue(
                    report_quarter.year, report_quarter.quarter, followed.value, followed.text
                )
            )
        series = IndicatorSeries(
            name=followed.name,
            unit=followed.unit,
            direction=indicator.direction,
            values=tuple(points),
            outcomes=tuple(YearValue(p.year, p.value, p.text) for p in points if p.quarter == 4),
            baselines=tuple(baselines.get(indicator.pk, ())),
            targets=tuple(targets.get(indicator.pk, ())),
            years=tuple(sorted({q.year for q in quarters})),
        )
        charts[code] = ReportChart(code, series, describe(series), _table(series))
    return charts


def _table(series: IndicatorSeries) -> ChartTable:
    rows = [(Quarter(v.year, v.quarter).label, v.text) for v in series.values]
    rows += [(_("Target %(year)s") % {"year": t.year}, t.text) for t in series.targets]
    rows += [(_("Baseline %(year)s") % {"year": b.year}, b.text) for b in series.baselines]
    return ChartTable(series.name, rows)


def _targets(plan: Plan, last_year: int) -> dict[int, list[YearTarget]]:
    result = defaultdict(list)
    for target in Target.objects.filter(
        plan=plan, municipality__isnull=True, year__lte=last_year
    ).select_related("indicator"):
        result[target.indicator_id].append(
            YearTarget(
                target.year,
                target.value if target.kind == Target.Kind.COMPARISON else None,
                describe_target(target, target.indicator.unit),
            )
        )
    return result


def _baselines(indicators) -> dict[int, list[YearValue]]:
    units = {i.pk: i.unit for i in indicators}
    result = defaultdict(list)
    for baseline in Baseline.objects.filter(
        indicator__in=units, municipality__isnull=True, value__isnull=False
    ).order_by("year"):
        unit = units[baseline.indicator_id]
        result[baseline.indicator_id].append(
            YearValue(baseline.year, baseline.value, describe_baseline(baseline, unit))
        )
    return result


class _Values:
    """Every indicator's total at the end of each of the given quarters."""

    def __init__(self, indicators: dict[str, Indicator], quarters: list[Quarter]):
        years = sorted({q.year for q in quarters})
        adopted_periods = set(
            Period.objects.filter(year__in=years, state=Period.State.ADOPTED).values_list(
                "year", "quarter"
            )
        )
        self.adopted = {
            (year, quarter, indicator_id): value
            for year, quarter, indicator_id, value in AdoptedValue.objects.filter(
                period__year__in=years,
                period__state=Period.State.ADOPTED,
                municipality__isnull=True,
            ).values_list("period__year", "period__quarter", "indicator_id", "value")
        }
        self.adopted_periods = adopted_periods
        open_quarters = [q for q in quarters if (q.year, q.quarter) not in adopted_periods]
        figures = compute_figures([Window.year_to_date(q) for q in open_quarters])
        self.computed = dict(zip(open_quarters, figures, strict=True))
        self.entered = _entered(indicators.values(), quarters)

    @staticmethod
    def is_computed(indicator: Indicator) -> bool:
        return indicator.source != Indicator.Source.MANUAL and indicator.code in MEASURES

    def of(self, indicator: Indicator, quarter: Quarter) -> Decimal | None:
        if (quarter.year, quarter.quarter) in self.adopted_periods:
            return self.adopted.get((quarter.year, quarter.quarter, indicator.pk))
        if self.is_computed(indicator):
            figure = self.computed[quarter].get(indicator.code, {}).get(None)
            return figure.value if figure else None
        return self.entered.get((quarter, indicator.pk))


def _entered(indicators, quarters: list[Quarter]) -> dict:
    """The head's totals per quarter, resolved as the quarterly follow-up resolves them.

    A quarterly indicator takes the quarter's own figure, a yearly one the latest
    entered in the year so far; figures per municipality make a total (a sum, or
    a mean for shares and ranks) only once every municipality has one.
    """
    by_pk = {i.pk: i for i in indicators}
    municipality_count = Municipality.objects.count()
    entered: dict[tuple[int, int, int], dict[int | None, Decimal]] = defaultdict(dict)
    rows = EnteredValue.objects.filter(
        indicator__in=by_pk, period__year__in={q.year for q in quarters}
    ).values_list("period__year", "period__quarter", "indicator_id", "municipality_id", "value")
    for year, quarter, indicator_id, municipality_id, value in rows:
        entered[(year, quarter, indicator_id)][municipality_id] = value
    result = {}
    for quarter in quarters:
        for pk, indicator in by_pk.items():
            quarterly = indicator.frequency == Indicator.Frequency.QUARTERLY
            values: dict[int | None, Decimal] = {}
            for earlier in (quarter.quarter,) if quarterly else range(1, quarter.quarter + 1):
                values.update(entered.get((quarter.year, earlier, pk), {}))
            if None in values:
                result[(quarter, pk)] = values[None]
            elif values and len(values) == municipality_count:
                total = sum(values.values(), Decimal(0))
                additive = unit_of(indicator.unit).additive
                result[(quarter, pk)] = total if additive else total / len(values)
    return result
