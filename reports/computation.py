"""Evaluating the computed indicators for one or more windows of time.

Each window is evaluated in the same handful of aggregate queries, each reading
only its window's rows through the date indexes: one per population of
procurements (completed, advertised, cancelled), one over tenders, one per
municipality for food, one for appeals, one for the procurement plan; the budget
of all windows takes two more. The cost does not grow with the number of
indicators, and the database does the counting.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, Q, Sum, Value, When

from budget import calculations
from budget.models import BudgetLine, QuarterlyFigure
from procurements.models import Procurement, ReviewAppeal, Tender
from reports.measures import MEASURES, Kind, Measure, Population, window
from reports.plan_delivery import plan_delivery

HUNDRED = Decimal(100)
PROCUREMENT_POPULATIONS = {
    Population.COMPLETED,
    Population.ADVERTISED,
    Population.CANCELLED,
}


@dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date

    @property
    def quarter(self) -> int:
        return (self.end.month - 1) // 3 + 1


@dataclass(frozen=True)
class Figure:
    """A value kept as numerator and denominator, so that figures add up."""

    kind: Kind
    numerator: Decimal | None
    denominator: Decimal | None = None

    @property
    def value(self) -> Decimal | None:
        if self.numerator is None:
            return None
        if self.kind == Kind.COUNT:
            return self.numerator
        if not self.denominator:
            return None
        ratio = self.numerator / self.denominator
        return ratio * HUNDRED if self.kind == Kind.SHARE else ratio

    def __add__(self, other: "Figure") -> "Figure":
        def plus(a, b):
            return b if a is None else a if b is None else a + b

        return Figure(
            self.kind,
            plus(self.numerator, other.numerator),
            plus(self.denominator, other.denominator),
        )


# A computed indicator's figures: the total under None, and one per municipality id.
Figures = dict[int | None, Figure]


def compute_figures(windows: list[Window]) -> list[dict[str, Figures]]:
    """The figures of every computed indicator, for each window in turn."""
    results: list[dict[str, Figures]] = []
    for w in windows:
        figures: dict[str, Figures] = {}
        active = _procurement_figures(w, figures)
        _tender_figures(w, figures)
        _food_figures(w, figures)
        _appeal_figures(w, figures)
        if not active:
            for code, measure in MEASURES.items():
                figures[code] = {None: Figure(measure.kind, None)}
        _plan_figures(w, figures)
        results.append(figures)
    _budget_figures(windows, results)
    return results


def _as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _measures_of(population: Population) -> dict[str, Measure]:
    """The measures counted directly on a population's procurements."""
    return {
        code: measure
        for code, measure in MEASURES.items()
        if measure.population == population and measure.mean_of != "tender_count"
    }


def _procurement_figures(w: Window, figures: dict[str, Figures]) -> bool:
    """One query per population, each reading only the procurements of its window.

    Returns whether the register has anything dated in the window at all (with
    nothing, counts are no data, not 0).
    """
    counts = {}
    for population in sorted(PROCUREMENT_POPULATIONS):
        measures = _measures_of(population)
        aggregates = {"all": Count("pk")}
        for number, measure in enumerate(measures.values()):
            if measure.kind == Kind.MEAN:
                aggregates[f"num{number}"] = Sum(measure.mean_of)
                aggregates[f"den{number}"] = Count(measure.mean_of)
            else:
                condition = measure.condition_between(w.start, w.end)
                aggregates[f"num{number}"] = Count("pk", filter=condition)
        row = (
            Procurement.objects.filter(window(population, w.start, w.end))
            .order_by()
            .aggregate(**aggregates)
        )
        counts[population] = Decimal(row["all"])
        for number, (code, measure) in enumerate(measures.items()):
            numerator = _as_decimal(row[f"num{number}"])
            if measure.kind == Kind.MEAN:
                denominator = Decimal(row[f"den{number}"])
                figure = Figure(measure.kind, numerator if denominator else None, denominator)
            else:
                figure = Figure(measure.kind, numerator, counts[population])
            figures[code] = {None: figure}
    dated = (Population.COMPLETED, Population.ADVERTISED, Population.CANCELLED)
    return any(counts[p] for p in dated)


def _tender_figures(w: Window, figures: dict[str, Figures]) -> None:
    """Tenders of the completed procurements; a procurement whose tenders are not
    recorded does not count as one with no tenders."""
    regional = Q(has_regional_presence=True)
    awarded = Q(is_awarded=True)
    row = (
        Tender.objects.filter(
            procurement__completed_on__gte=w.start, procurement__completed_on__lte=w.end
        )
        .order_by()
        .aggregate(
            tenders=Count("pk"),
            procurements=Count("procurement", distinct=True),
            regional=Count("pk", filter=regional),
            awarded=Count("pk", filter=awarded),
            awarded_regional=Count("pk", filter=awarded & regional),
        )
    )
    tenders = Decimal(row["tenders"])
    with_tenders = Decimal(row["procurements"])
    figures["tenders-per-procurement"] = {
        None: Figure(Kind.MEAN, tenders if with_tenders else None, with_tenders)
    }
    figures["regional-tenders-share"] = {
        None: Figure(Kind.SHARE, Decimal(row["regional"]), tenders)
    }
    figures["regional-awards-share"] = {
        None: Figure(Kind.SHARE, Decimal(row["awarded_regional"]), Decimal(row["awarded"]))
    }


def _food_figures(w: Window, figures: dict[str, Figures]) -> None:
    """Food shares per municipality: a procurement counts once for each municipality it serves."""
    through = Procurement.municipalities.through
    food = _measures_of(Population.FOOD_ADVERTISED)
    aggregates = {"all": Count("pk")}
    for number, measure in enumerate(food.values()):
        aggregates[f"num{number}"] = Count("pk", filter=_prefixed(measure.condition))
    rows = list(
        through.objects.filter(_prefixed(window(Population.FOOD_ADVERTISED, w.start, w.end)))
        .order_by()
        .values("municipality_id")
        .annotate(**aggregates)
    )
    for number, (code, measure) in enumerate(food.items()):
        per_municipality = {
            row["municipality_id"]: Figure(
                measure.kind, Decimal(row[f"num{number}"]), Decimal(row["all"])
            )
            for row in rows
        }
        total = sum(per_municipality.values(), Figure(measure.kind, Decimal(0), Decimal(0)))
        figures[code] = {None: total, **per_municipality}


def _prefixed(condition: Q) -> Q:
    """The same condition, seen from the procurement–municipality link table."""
    prefixed = Q()
    prefixed.connector, prefixed.negated = condition.connector, condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            prefixed.children.append(_prefixed(child))
        else:
            lookup, value = child
            prefixed.children.append((f"procurement__{lookup}", value))
    return prefixed


def _plan_figures(w: Window, figures: dict[str, Figures]) -> None:
    """The procurement plan has figures of its own, whatever the register holds."""
    delivery = plan_delivery(year=w.end.year, quarter=w.quarter)
    figures["completed-as-planned"] = {
        None: Figure(Kind.SHARE, delivery.numerator, delivery.denominator)
    }


def _appeal_figures(w: Window, figures: dict[str, Figures]) -> None:
    appeals = ReviewAppeal.objects.filter(filed_on__gte=w.start, filed_on__lte=w.end).count()
    figures["review-appeals"] = {None: Figure(Kind.COUNT, Decimal(appeals))}


def _budget_figures(windows, results) -> None:
    """Ekonomi i balans: the forecast result's deviation in per cent of budgeted costs.

    Only a quarter with a forecast for every budget line of its year has a value.
    """
    years = {w.end.year for w in windows}
    budgets = (
        BudgetLine.objects.filter(year__in=years)
        .order_by()
        .values("year", "kind")
        .annotate(amount=Sum("amount_tkr"), lines=Count("pk"))
    )
    forecasts = (
        QuarterlyFigure.objects.filter(line__year__in=years)
        .order_by()
        .values("line__year", "line__kind", "quarter")
        .annotate(amount=Sum("forecast_tkr"), lines=Count("pk"))
    )
    for index, w in enumerate(windows):
        budget_rows = [row for row in budgets if row["year"] == w.end.year]
        forecast_rows = {
            row["line__kind"]: row
            for row in forecasts
            if row["line__year"] == w.end.year and row["quarter"] == w.quarter
        }
        complete = budget_rows and all(
            forecast_rows.get(row["kind"], {}).get("lines") == row["lines"] for row in budget_rows
        )
        if not complete:
            results[index]["economy-in-balance"] = {None: Figure(Kind.SHARE, None)}
            continue
        budget = calculations.totals((row["kind"], row["amount"]) for row in budget_rows)
        forecast = calculations.totals((kind, row["amount"]) for kind, row in forecast_rows.items())
        deviation = calculations.result_deviation(budget, forecast)
        results[index]["economy-in-balance"] = {
            None: Figure(Kind.SHARE, abs(deviation.tkr), budget.cost or None)
        }


def procurements_behind(code: str, w: Window):
    """The procurements a computed indicator's value is computed from, in the window.

    For shares these are the denominator's procurements, annotated with
    ``counts_in_numerator``; for tender shares, the completed procurements
    whose tenders are counted. None for indicators not computed from the register.
    """
    measure = MEASURES.get(code)
    if measure is None or measure.population in (Population.BUDGET, Population.PROCUREMENT_PLAN):
        return None
    procurements = Procurement.objects.with_status().with_tender_count().with_municipality_count()
    if measure.population == Population.REVIEW_APPEALS:
        filed = Q(review_appeals__filed_on__gte=w.start, review_appeals__filed_on__lte=w.end)
        return procurements.filter(filed).distinct()
    if measure.population in (
        Population.TENDERS_OF_COMPLETED,
        Population.AWARDED_TENDERS_OF_COMPLETED,
    ):
        return procurements.filter(window(Population.COMPLETED, w.start, w.end), tender_count__gt=0)
    population = window(measure.population, w.start, w.end)
    if measure.kind == Kind.MEAN and measure.mean_of != "tender_count":
        population &= Q(**{f"{measure.mean_of}__isnull": False})
    condition = measure.condition_between(w.start, w.end)
    if condition is not None and measure.kind == Kind.COUNT:
        return procurements.filter(population & condition)
    if condition is not None:
        return procurements.filter(population).annotate(
            counts_in_numerator=Case(
                When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
    return procurements.filter(population)
