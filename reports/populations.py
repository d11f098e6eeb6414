"""The populations computed indicators count, each with its own evaluator.

A population is a set of rows within a window of time (the year to date):
procurements completed, advertised or cancelled in it, the tenders of the
completed ones, the review appeals filed in it, or the budget's forecast. Its
evaluator computes every measure declared on it (``reports.measures``) for
each window in one aggregate query (two for a population followed per
municipality; the budget takes two for all windows), and lists the
procurements behind a measure's value for the drill-down page, also as plain
``RowBehind`` rows, which adoption keeps (``reports.models.AdoptedRow``).

A new population is one evaluator here and its declarations in
``reports.measures``; nothing else names it.
"""

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextChoices,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from budget import calculations
from budget.models import BudgetLine, QuarterlyFigure
from indicators.quarters import Quarter
from procurements.models import Procurement, ReviewAppeal, Tender

if TYPE_CHECKING:
    from reports.measures import Measure

HUNDRED = Decimal(100)


class Kind(StrEnum):
    SHARE = "share"
    MEAN = "mean"
    COUNT = "count"


@dataclass(frozen=True)
class Window:
    """The days a value covers, both included: 1 January to a quarter's end for the year to date."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year_to_date(cls, quarter: Quarter) -> "Window":
        return cls(quarter.year_start, quarter.end)

    @property
    def quarter(self) -> Quarter:
        return Quarter.containing(self.end)


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


Figures = dict[int | None, Figure]
"""A computed indicator's figures: the total under None, and one per municipality id."""

Condition = Q | Callable[[datetime.date, datetime.date], Q | Exists]
"""Which rows count: a fixed condition, or one that depends on the window itself."""


class RowKind(TextChoices):
    """What a row behind a value is."""

    PROCUREMENT = "procurement", _("procurement")


@dataclass(frozen=True)
class RowBehind:
    """One row a computed value is computed from, as its drill-down lists it.

    The same shape whether read from today's register or kept at adoption, so
    that the two lists can be compared. ``status`` is the row's status code;
    ``counts_in_numerator`` is None where the value picks no numerator among
    its rows (a count or a mean: every row listed counts).
    """

    kind: str
    object_id: int
    reference: str
    title: str
    status: str
    municipality_count: int | None
    tender_count: int | None
    counts_in_numerator: bool | None

    @property
    def status_label(self) -> str:
        return str(Procurement.Status(self.status).label) if self.status else ""


ROW_COLUMNS = tuple(f"row_{field.name}" for field in fields(RowBehind))
"""The names of a ``rows_behind`` query's values, in the order of ``RowBehind``'s fields."""


@dataclass
class Evaluated:
    """A population's figures for one window, and how many rows it had there."""

    figures: dict[str, Figures]
    rows: int


class Population:
    """A set of rows within a window, and how to count measures over them.

    ``from_register`` populations come from the procurement register: a window
    in which none of them has a row gives no data rather than zeros.
    ``per_municipality`` populations give figures per municipality too.
    """

    name: str = ""
    kinds: frozenset[Kind] = frozenset()
    from_register: bool = True
    per_municipality: bool = False
    row_kind: RowKind = RowKind.PROCUREMENT
    counted_by: tuple[str, ...] = ("counts_in_numerator",)
    """The parts of a ``RowBehind`` its value depends on: a row differing in them counts differently."""

    def evaluate(
        self, measures: Mapping[str, "Measure"], windows: Sequence[Window]
    ) -> list[Evaluated]:
        """One ``Evaluated`` per window, in order."""
        raise NotImplementedError

    def behind(self, measure: "Measure", window: Window) -> QuerySet | None:
        """The procurements a measure's value is computed from; None when not from the register."""
        raise NotImplementedError

    def rows_behind(self, measure: "Measure", window: Window) -> QuerySet | None:
        """``behind`` as values named as ``ROW_COLUMNS``; None when not from the register."""
        procurements = self.behind(measure, window)
        return None if procurements is None else procurement_rows(procurements)

    def problems(self, measure: "Measure") -> list[str]:
        """What is wrong with a measure declared on this population, for ``manage.py check``."""
        found = []
        if measure.kind not in self.kinds:
            found.append(f"population {self.name} cannot compute a {measure.kind}")
        if measure.among is not None and measure.kind != Kind.SHARE:
            found.append("only a share counts among part of its population")
        return found

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


def _both(first, second):
    """Two optional conditions together."""
    if first is None or second is None:
        return second if first is None else first
    return Q(first) & Q(second)


def _counted(number: int, measure: "Measure", window: Window) -> dict:
    """A count's or a share's aggregates: what counts, and for a share among what."""
    condition = measure.condition_between(window.start, window.end)
    aggregates = {f"num{number}": Count("pk", filter=_both(measure.among, condition))}
    if measure.kind == Kind.SHARE:
        aggregates[f"den{number}"] = Count("pk", filter=measure.among)
    return aggregates


def _figure(number: int, measure: "Measure", row: dict) -> Figure:
    numerator = row[f"num{number}"]
    denominator = row.get(f"den{number}")
    if measure.kind == Kind.MEAN and not denominator:
        numerator = None  # a mean of nothing recorded is no data, not 0
    return Figure(
        measure.kind,
        None if numerator is None else Decimal(numerator),
        None if denominator is None else Decimal(denominator),
    )


def _with_numerator(procurements: QuerySet, condition) -> QuerySet:
    """The procurements, annotated with whether each counts in the numerator."""
    return procurements.annotate(
        counts_in_numerator=Case(
            When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def _register() -> QuerySet:
    return Procurement.objects.with_status().with_tender_count().with_municipality_count()


def procurement_rows(procurements: QuerySet) -> QuerySet:
    """Procurements of ``_register`` as values named as ``ROW_COLUMNS``, by registry number."""
    if "counts_in_numerator" not in procurements.query.annotations:
        procurements = procurements.annotate(
            counts_in_numerator=Value(None, output_field=BooleanField())
        )
    return (
        procurements.annotate(
            row_kind=Value(RowKind.PROCUREMENT.value),
            row_object_id=F("pk"),
            row_reference=F("registry_number"),
            row_title=F("title"),
            row_status=F("status_code"),
            row_municipality_count=F("municipality_count"),
            row_tender_count=F("tender_count"),
            row_counts_in_numerator=F("counts_in_numerator"),
        )
        .order_by("registry_number")
        .values_list(*ROW_COLUMNS)
    )


def rows_of(kind: RowKind, condition: Q) -> QuerySet:
    """The rows of a kind that meet a condition, as values named as ``ROW_COLUMNS``."""
    if kind == RowKind.PROCUREMENT:
        return procurement_rows(_register().filter(condition))
    raise ValueError(f"no rows of the kind {kind}")


class Procurements(Population):
    """Procurements dated in the window.

    A share is the procurements meeting the condition of those in the
    population (or of those ``among`` it); a count the procurements meeting
    it; a mean the mean of ``mean_of`` over the procurements where it is
    recorded. Followed per municipality, a procurement counts once in the total,
    whatever the number of municipalities it is made for, and once for each of
    its municipalities in that municipality's figure.
    """

    kinds = frozenset(Kind)

    def __init__(
        self,
        name: str,
        rows: Callable[[datetime.date, datetime.date], Q],
        *,
        per_municipality: bool = False,
    ):
        self.name, self.rows, self.per_municipality = name, rows, per_municipality

    def evaluate(self, measures, windows):
        return [self._evaluate(measures, window) for window in windows]

    def _evaluate(self, measures, window: Window) -> Evaluated:
        aggregates = {"rows": Count("pk")}
        for number, measure in enumerate(measures.values()):
            aggregates |= self._aggregates(number, measure, window)
        procurements = Procurement.objects.filter(self.rows(window.start, window.end)).order_by()
        total = procurements.aggregate(**aggregates)
        figures = {
            code: {None: _figure(number, measure, total)}
            for number, (code, measure) in enumerate(measures.items())
        }
        if self.per_municipality:
            for row in procurements.values("municipalities").annotate(**aggregates):
                if row["municipalities"] is None:
                    continue
                for number, (code, measure) in enumerate(measures.items()):
                    figures[code][row["municipalities"]] = _figure(number, measure, row)
        return Evaluated(figures, total["rows"])

    @staticmethod
    def _aggregates(number: int, measure: "Measure", window: Window) -> dict:
        if measure.kind != Kind.MEAN:
            return _counted(number, measure, window)
        return {
            f"num{number}": Sum(measure.mean_of),
            f"den{number}": Count(measure.mean_of),
        }

    def behind(self, measure, window):
        rows = self.rows(window.start, window.end)
        if measure.kind == Kind.MEAN:
            rows &= Q(**{f"{measure.mean_of}__isnull": False})
        procurements = _register().filter(rows)
        if measure.among is not None:
            procurements = procurements.filter(measure.among)
        condition = measure.condition_between(window.start, window.end)
        if condition is None:
            return procurements
        if measure.kind == Kind.COUNT:
            return procurements.filter(condition)
        return _with_numerator(procurements, condition)

    def problems(self, measure):
        found = super().problems(measure)
        if (measure.kind == Kind.MEAN) != bool(measure.mean_of):
            found.append("a mean, and only a mean, names the field it is the mean of")
        return found


class TendersOfCompleted(Population):
    """The tenders of the procurements completed in the window.

    A share is of tenders (of those ``among`` them, e.g. the awarded ones); a
    mean is tenders per procurement, of the procurements with tenders recorded,
    so that a procurement whose tenders are not recorded does not count as one
    with no tenders.
    """

    name = "tenders_of_completed"
    kinds = frozenset(Kind)
    counted_by = ("counts_in_numerator", "tender_count")

    def evaluate(self, measures, windows):
        return [self._evaluate(measures, window) for window in windows]

    def _evaluate(self, measures, window: Window) -> Evaluated:
        aggregates = {"rows": Count("pk")}
        for number, measure in enumerate(measures.values()):
            if measure.kind == Kind.MEAN:
                aggregates[f"num{number}"] = Count("pk")
                aggregates[f"den{number}"] = Count("procurement", distinct=True)
            else:
                aggregates |= _counted(number, measure, window)
        row = (
            Tender.objects.filter(
                procurement__completed_on__gte=window.start,
                procurement__completed_on__lte=window.end,
            )
            .order_by()
            .aggregate(**aggregates)
        )
        figures = {
            code: {None: _figure(number, measure, row)}
            for number, (code, measure) in enumerate(measures.items())
        }
        return Evaluated(figures, row["rows"])

    def behind(self, measure, window):
        """The completed procurements whose tenders are counted."""
        tenders = Tender.objects.filter(procurement=OuterRef("pk"))
        if measure.among is not None:
            tenders = tenders.filter(measure.among)
        return _register().filter(
            completed_between(window.start, window.end), Exists(tenders.order_by())
        )

    def problems(self, measure):
        found = super().problems(measure)
        if measure.mean_of:
            found.append("a mean of tenders is tenders per procurement, of no field")
        return found


class ReviewAppeals(Population):
    """The review appeals filed in the window; only counted."""

    name = "review_appeals"
    kinds = frozenset({Kind.COUNT})

    def evaluate(self, measures, windows):
        return [self._evaluate(measures, window) for window in windows]

    def _evaluate(self, measures, window: Window) -> Evaluated:
        aggregates = {"rows": Count("pk")}
        for number, measure in enumerate(measures.values()):
            aggregates |= _counted(number, measure, window)
        row = (
            ReviewAppeal.objects.filter(filed_on__gte=window.start, filed_on__lte=window.end)
            .order_by()
            .aggregate(**aggregates)
        )
        figures = {
            code: {None: _figure(number, measure, row)}
            for number, (code, measure) in enumerate(measures.items())
        }
        return Evaluated(figures, row["rows"])

    def behind(self, measure, window):
        """The procurements with an appeal filed in the window (that the measure counts)."""
        appeals = ReviewAppeal.objects.filter(
            procurement=OuterRef("pk"), filed_on__gte=window.start, filed_on__lte=window.end
        )
        condition = measure.condition_between(window.start, window.end)
        if condition is not None:
            appeals = appeals.filter(condition)
        return _register().filter(Exists(appeals.order_by()))


class BudgetResult(Population):
    """The budget's full-year forecast: the result's deviation from budget in per cent of costs.

    Signed: positive is a forecast result better than budget (a surplus),
    negative worse (a deficit). Only a quarter with a forecast for every budget
    line of its year has a value. Not from the register, so no drill-down.
    """

    name = "budget_result"
    kinds = frozenset({Kind.SHARE})
    from_register = False

    def evaluate(self, measures, windows):
        years = {window.end.year for window in windows}
        budgets = list(
            BudgetLine.objects.filter(year__in=years)
            .order_by()
            .values("year", "kind")
            .annotate(amount=Sum("amount_tkr"), lines=Count("pk"))
        )
        forecasts = list(
            QuarterlyFigure.objects.filter(line__year__in=years)
            .order_by()
            .values("line__year", "line__kind", "quarter")
            .annotate(amount=Sum("forecast_tkr"), lines=Count("pk"))
        )
        evaluated = []
        for window in windows:
            quarter = window.quarter
            budget_rows = [row for row in budgets if row["year"] == quarter.year]
            forecast_rows = {
                row["line__kind"]: row
                for row in forecasts
                if row["line__year"] == quarter.year and row["quarter"] == quarter.quarter
            }
            figure = self._deviation(budget_rows, forecast_rows)
            lines = sum(row["lines"] for row in forecast_rows.values())
            evaluated.append(Evaluated({code: {None: figure} for code in measures}, lines))
        return evaluated

    @staticmethod
    def _deviation(budget_rows: list[dict], forecast_rows: dict[str, dict]) -> Figure:
        complete = budget_rows and all(
            forecast_rows.get(row["kind"], {}).get("lines") == row["lines"] for row in budget_rows
        )
        if not complete:
            return Figure(Kind.SHARE, None)
        budget = calculations.totals((row["kind"], row["amount"]) for row in budget_rows)
        forecast = calculations.totals((kind, row["amount"]) for kind, row in forecast_rows.items())
        deviation = calculations.result_deviation(budget, forecast)
        return Figure(Kind.SHARE, deviation.tkr, budget.cost or None)

    def behind(self, measure, window):
        return None

    def problems(self, measure):
        found = super().problems(measure)
        if measure.condition is not None or measure.among is not None:
            found.append("the budget's result has no rows to pick with a condition")
        return found


def completed_between(start: datetime.date, end: datetime.date) -> Q:
    return Q(completed_on__gte=start, completed_on__lte=end)


def advertised_between(start: datetime.date, end: datetime.date) -> Q:
    return Q(advertised_on__gte=start, advertised_on__lte=end)


def cancelled_between(start: datetime.date, end: datetime.date) -> Q:
    return Q(cancelled_on__gte=start, cancelled_on__lte=end)
