"""The budget pages' data, assembled into plain dataclasses that templates render.

Every function here makes a fixed number of queries, whatever the number of
lines, figures or history records.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from budget import calculations
from budget.models import QUARTERS, BudgetLine, BudgetQuarter, QuarterlyFigure
from indicators.formatting import format_quantity, format_signed
from indicators.quarters import Quarter
from indicators.units import unit_of

# Deviations in percent to the decimals of every share, so that the result's deviation
# reads exactly as the key figure "Ekonomi i balans" does.
PERCENT_DECIMALS = unit_of("percent").decimals


# Formatting -----------------------------------------------------------------


def tkr(value: Decimal | int) -> str:
    """ "22 576 tkr", as Swedes write it; "−950 tkr" with a real minus sign."""
    return format_quantity(value, "tkr")


@dataclass(frozen=True)
class DeviationView:
    """A deviation as shown: signed amount and percent, and in words (never colour alone)."""

    tkr: str
    percent: str
    verdict: str
    tone: str  # "favourable", "unfavourable" or "neutral", for CSS only

    @classmethod
    def of(cls, deviation: calculations.Deviation) -> "DeviationView":
        if deviation.is_favourable:
            verdict, tone = _("better than budget"), "favourable"
        elif deviation.is_unfavourable:
            verdict, tone = _("worse than budget"), "unfavourable"
        else:
            verdict, tone = _("as budgeted"), "neutral"
        percent = (
            "–"
            if deviation.percent is None
            else format_signed(deviation.percent, "percent", PERCENT_DECIMALS)
        )
        return cls(
            tkr=format_signed(deviation.tkr, "tkr"), percent=percent, verdict=verdict, tone=tone
        )


# The year page ----------------------------------------------------------------


@dataclass(frozen=True)
class QuarterTab:
    number: int
    label: str
    url: str
    has_figures: bool
    is_current: bool


@dataclass
class LineRow:
    code: str
    name: str
    url: str
    budget: str
    actual: str | None = None
    forecast: str | None = None
    deviation: DeviationView | None = None
    comment: str = ""


@dataclass
class KindGroup:
    kind: str
    label: str
    total_label: str
    rows: list[LineRow] = field(default_factory=list)
    budget_total: str = ""
    actual_total: str | None = None
    forecast_total: str | None = None
    deviation: DeviationView | None = None


@dataclass
class YearOverview:
    year: int
    quarter: int | None
    quarters: list[QuarterTab]
    groups: list[KindGroup]
    budget_result: str
    actual_result: str | None
    forecast_result: str | None
    result_deviation: DeviationView | None
    figures_complete: bool
    figure_count: int
    last_updated_at: datetime.datetime | None = None
    last_updated_by: str = ""

    @property
    def revenue(self) -> KindGroup:
        return self.groups[0]

    @property
    def cost(self) -> KindGroup:
        return self.groups[1]

    @property
    def commented(self) -> list[LineRow]:
        """The lines with a comment for the quarter, in the table's order."""
        return [row for group in self.groups for row in group.rows if row.comment]


def user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def quarter_tabs(year: int, current: int | None) -> list[QuarterTab]:
    with_figures = set(
        QuarterlyFigure.objects.filter(line__year=year)
        .values_list("quarter", flat=True)
        .distinct()
        .order_by()
    )
    return [
        QuarterTab(
            number=q,
            label=Quarter(year, q).short_label,
            url=reverse("budget:quarter", args=[year, q]),
            has_figures=q in with_figures,
            is_current=q == current,
        )
        for q in QUARTERS
    ]


def year_overview(year: int, quarter: int | None = None) -> YearOverview | None:
    """Bilaga 2 for a year, with the quarter's actuals, forecasts and deviations if given.

    ``None`` if the year has no budget lines. Totals of actuals and forecasts
    and the deviations of the totals are shown only when every line of the
    kind has figures for the quarter.
    """
    lines = list(BudgetLine.objects.filter(year=year).order_by("kind", "order", "name"))
    if not lines:
        return None
    figures: dict[int, QuarterlyFigure] = {}
    if quarter is not None:
        figures = {
            f.line_id: f
            for f in QuarterlyFigure.objects.filter(
                line__year=year, quarter=quarter
            ).select_related("updated_by")
        }
    budget_totals = calculations.totals((line.kind, line.amount_tkr) for line in lines)
    groups = {
        calculations.REVENUE: KindGroup(
            calculations.REVENUE, str(BudgetLine.Kind.REVENUE.label), _("Total revenue")
        ),
        calculations.COST: KindGroup(
            calculations.COST, str(BudgetLine.Kind.COST.label), _("Total costs")
        ),
    }
    for line in lines:
        figure = figures.get(line.pk)
        row = LineRow(
            code=line.code,
            name=line.name,
            url=reverse("budget:line", args=[year, line.code]),
            budget=tkr(line.amount_tkr),
        )
        if figure is not None:
            row.actual = tkr(figure.actual_to_date_tkr)
            row.forecast = tkr(figure.forecast_tkr)
            row.deviation = DeviationView.of(line.deviation(figure.forecast_tkr))
            row.comment = figure.comment
        groups[line.kind].rows.append(row)

    complete = quarter is not None and all(line.pk in figures for line in lines)
    forecast_totals = actual_totals = None
    if complete:
        forecast_totals = calculations.totals(
            (line.kind, figures[line.pk].forecast_tkr) for line in lines
        )
        actual_totals = calculations.totals(
            (line.kind, figures[line.pk].actual_to_date_tkr) for line in lines
        )
    for kind, group in groups.items():
        group.budget_total = tkr(getattr(budget_totals, kind))
        if forecast_totals is not None:
            group.actual_total = tkr(getattr(actual_totals, kind))
            group.forecast_total = tkr(getattr(forecast_totals, kind))
            group.deviation = DeviationView.of(
                calculations.deviation(
                    getattr(budget_totals, kind), getattr(forecast_totals, kind), kind
                )
            )
    latest = max(figures.values(), key=lambda f: f.updated_at, default=None)
    return YearOverview(
        year=year,
        quarter=quarter,
        quarters=quarter_tabs(year, quarter),
        groups=[groups[calculations.REVENUE], groups[calculations.COST]],
        budget_result=tkr(budget_totals.result),
        actual_result=tkr(actual_totals.result) if actual_totals else None,
        forecast_result=tkr(forecast_totals.result) if forecast_totals else None,
        result_deviation=(
            DeviationView.of(calculations.result_deviation(budget_totals, forecast_totals))
            if forecast_totals
            else None
        ),
        figures_complete=complete,
        figure_count=len(figures),
        last_updated_at=latest.updated_at if latest else None,
        last_updated_by=user_name(latest.updated_by) if latest else "",
    )


def latest_quarter_with_figures(year: int) -> int | None:
    return (
        QuarterlyFigure.objects.filter(line__year=year)
        .order_by("-quarter")
        .values_list("quarter", flat=True)
        .first()
    )


# The list of years -----------------------------------------------------------


@dataclass(frozen=True)
class YearSummary:
    year: int
    url: str
    revenue: str
    cost: str
    result: str
    latest_quarter: int | None


def budget_years() -> list[YearSummary]:
    """Every year with a budget, newest first, with its totals."""
    sums: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in (
        BudgetLine.objects.order_by().values("year", "kind").annotate(total=Sum("amount_tkr"))
    ):
        sums[row["year"]].append((row["kind"], row["total"]))
    latest = dict(
        QuarterlyFigure.objects.order_by()
        .values("line__year")
        .annotate(latest=Max("quarter"))
        .values_list("line__year", "latest")
    )
    summaries = []
    for year in sorted(sums, reverse=True):
        totals = calculations.totals(sums[year])
        summaries.append(
            YearSummary(
                year=year,
                url=reverse("budget:year", args=[year]),
                revenue=tkr(totals.revenue),
                cost=tkr(totals.cost),
                result=tkr(totals.result),
                latest_quarter=latest.get(year),
            )
        )
    return summaries


# History -------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ChangeView:
    when: datetime.datetime
    who: str
    subject: str
    action: str
    changes: list[FieldChange]


def _line_fields() -> dict:
    return {
        "name": (_("name"), str),
        "kind": (_("kind"), lambda value: str(BudgetLine.Kind(value).label)),
        "amount_tkr": (_("budget"), tkr),
        "description": (_("description"), str),
    }


def _figure_fields() -> dict:
    return {
        "actual_to_date_tkr": (_("actual to date"), tkr),
        "forecast_tkr": (_("full-year forecast"), tkr),
        # No comment reads as "(none)", as a figure before it was made.
        "comment": (_("comment"), lambda value: value or None),
    }


ACTIONS = {"+": gettext_noop("created"), "~": gettext_noop("changed"), "-": gettext_noop("deleted")}


def _who(record) -> str:
    """Who made a change: the user, else the recorded reason (e.g. the plan file)."""
    if record.history_user is not None:
        return user_name(record.history_user)
    if record.history_change_reason:
        return _(record.history_change_reason)
    return _("not recorded")


def history_changes(records: Iterable, fields: dict, subject_of) -> list[ChangeView]:
    """What changed in each historical record, compared with the object's previous one.

    ``records`` are simple-history records of one model (any order, with
    ``history_user`` selected); ``fields`` maps a field name to its label and a
    function that formats a value (``None`` for none); ``subject_of(record)``
    names the object. Newest first. Records that change none of ``fields`` as
    shown are left out.
    """
    by_object = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    changes = []
    for versions in by_object.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in versions:
            rows = []
            for name, (label, show) in fields.items():
                old = getattr(previous, name) if previous is not None else None
                new = getattr(record, name) if record.history_type != "-" else None
                if record.history_type == "-" or old == new:
                    continue
                shown_old = None if old is None else show(old)
                shown_new = None if new is None else show(new)
                if shown_old != shown_new:  # e.g. no comment at first, and still none
                    rows.append(FieldChange(str(label), shown_old, shown_new))
            previous = record
            if rows or record.history_type == "-":
                changes.append(
                    ChangeView(
                        when=record.history_date,
                        who=_who(record),
                        subject=subject_of(record),
                        action=_(ACTIONS.get(record.history_type, "changed")),
                        changes=rows,
                    )
                )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes


def quarter_history(year: int, quarter: int, line_names: dict[int, str]) -> list[ChangeView]:
    records = QuarterlyFigure.history.filter(line__year=year, quarter=quarter).select_related(
        "history_user"
    )
    return history_changes(
        records,
        _figure_fields(),
        lambda r: f"{line_names.get(r.line_id, '?')}, {Quarter(year, r.quarter).short_label}",
    )


# The line page -----------------------------------------------------------------


@dataclass(frozen=True)
class QuarterRow:
    number: int
    label: str
    actual: str | None
    forecast: str | None
    deviation: DeviationView | None
    updated_by: str
    updated_at: datetime.datetime | None
    comment: str = ""


@dataclass
class LineDetail:
    year: int
    code: str
    name: str
    kind: str
    description: str
    budget: str
    year_url: str
    quarters: list[QuarterRow]
    history: list[ChangeView]

    @property
    def commented(self) -> list[QuarterRow]:
        return [row for row in self.quarters if row.comment]


def line_detail(year: int, code: str) -> LineDetail | None:
    line = BudgetLine.objects.filter(year=year, code=code).first()
    if line is None:
        return None
    figures = {
        f.quarter: f for f in QuarterlyFigure.objects.filter(line=line).select_related("updated_by")
    }
    quarters = []
    for q in QUARTERS:
        figure = figures.get(q)
        quarters.append(
            QuarterRow(
                number=q,
                label=Quarter(year, q).short_label,
                actual=tkr(figure.actual_to_date_tkr) if figure else None,
                forecast=tkr(figure.forecast_tkr) if figure else None,
                deviation=DeviationView.of(line.deviation(figure.forecast_tkr)) if figure else None,
                updated_by=user_name(figure.updated_by) if figure else "",
                updated_at=figure.updated_at if figure else None,
                comment=figure.comment if figure else "",
            )
        )
    line_records = BudgetLine.history.filter(id=line.pk).select_related("history_user")
    figure_records = QuarterlyFigure.history.filter(line_id=line.pk).select_related("history_user")
    history = history_changes(line_records, _line_fields(), lambda r: _("budget line"))
    history += history_changes(
        figure_records, _figure_fields(), lambda r: Quarter(line.year, r.quarter).short_label
    )
    history.sort(key=lambda change: change.when, reverse=True)
    return LineDetail(
        year=line.year,
        code=line.code,
        name=line.name,
        kind=line.get_kind_display(),
        description=line.description,
        budget=tkr(line.amount_tkr),
        year_url=reverse("budget:year", args=[line.year]),
        quarters=quarters,
        history=history,
    )


# The entry page --------------------------------------------------------------


@dataclass
class QuarterEntry:
    year: int
    quarter: int
    lines: list[BudgetLine]
    saved: dict[int, QuarterlyFigure]
    history: list[ChangeView]
    version: int = 0
    is_adopted: bool = False

    @property
    def label(self) -> str:
        return Quarter(self.year, self.quarter).long_label


def quarter_entry(year: int, quarter: int) -> QuarterEntry | None:
    """The lines of a year, the quarter's saved figures, version and history.

    ``None`` when the year has no budget lines.
    """
    lines = list(BudgetLine.objects.filter(year=year).order_by("kind", "order", "name"))
    if not lines:
        return None
    saved = {f.line_id: f for f in QuarterlyFigure.objects.filter(line__year=year, quarter=quarter)}
    state = BudgetQuarter.objects.filter(year=year, quarter=quarter).first()
    return QuarterEntry(
        year=year,
        quarter=quarter,
        lines=lines,
        saved=saved,
        history=quarter_history(year, quarter, {line.pk: line.name for line in lines}),
        version=state.version if state else 0,
        is_adopted=state.is_adopted if state else False,
    )
