"""Demo quarterly figures: actuals and forecasts near budget, generated from a seed.

``generate_quarterly_figures`` is pure and deterministic (a ``random.Random``
seeded with the year and seed, whole-tkr integer arithmetic only). For each
budget line and quarter it gives an actual to date near budget × quarter / 4
(within a few per cent) and a full-year forecast near budget; in Q4 the
forecast is the year's actual. The full-year outcome stays within ±2,5 % of
budget, so "Ekonomi i balans" (deviation under 3,0 %) is usually met. Where a
forecast deviates from budget by 2 % or more, the figure carries a short
Swedish comment as the head would write it, chosen by a random of its own (so
the amounts are the same as without comments).

``seed_demo_quarterly_figures`` writes them with ``is_demo=True`` for the
budget lines the plan loader has made. Like the demo procurements they have no
history (``bulk_create`` and raw deletes send no model signals;
``rows_written`` is sent instead). A quarter that already has a real figure
keeps it; demo figures never replace real ones. An adopted quarter is frozen:
its figures, demo or real, are neither replaced nor removed until its period is
reopened.

A year the plan gives no budget (Nämndplan 2023–2025 has none for 2024) can get
a demo budget from ``seed_demo_budget_lines``: the previous year's lines raised
by an index, marked ``is_demo``, so that its quarters can be followed too.
"""

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet

from budget.models import QUARTERS, BudgetLine, QuarterlyFigure
from budget.services import adopted_quarters
from indicators.formatting import format_quantity
from indicators.signals import raw_delete

# Per mille: how far an actual to date strays from budget × quarter / 4, how far the
# full-year outcome lands from budget, and how far an early forecast is from that outcome.
ACTUAL_SPREAD = 40
OUTCOME_SPREAD = 25
FORECAST_SPREAD = 15
# Per mille: how much a demo budget raises the previous year's amounts (salaries and prices).
BUDGET_INDEX = 35
# Per mille of budget: a forecast this far from budget, or farther, gets a comment.
COMMENT_THRESHOLD = 20
# What the head writes on a forecast above or below budget, by (fourth quarter, above budget):
# in the fourth quarter the forecast is the year's outcome. True of revenue and costs alike.
COMMENTS = {
    (False, True): (
        "Fler uppdrag än beräknat under året; prognosen har räknats upp.",
        "Högre volymer än budgeterat, främst inom samordnade upphandlingar.",
        "Utfallet hittills ligger över plan och väntas göra det året ut.",
    ),
    (False, False): (
        "Färre uppdrag än beräknat under året; prognosen har räknats ned.",
        "Lägre volymer än budgeterat, bland annat genom senarelagda upphandlingar.",
        "Utfallet hittills ligger under plan och väntas göra det året ut.",
    ),
    (True, True): (
        "Årets utfall blev högre än budget, främst genom fler uppdrag än beräknat.",
        "Högre volymer än budgeterat under året gav ett utfall över budget.",
    ),
    (True, False): (
        "Årets utfall blev lägre än budget, främst genom färre uppdrag än beräknat.",
        "Senarelagda upphandlingar gav ett utfall under budget.",
    ),
}


@dataclass(frozen=True)
class DemoQuarterlyFigure:
    line_code: str
    quarter: int
    actual_to_date_tkr: int
    forecast_tkr: int
    comment: str = ""


@dataclass(frozen=True)
class DemoFigureSummary:
    lines: int
    figures: int
    kept_real: int
    kept_adopted: int = 0  # figures not made because their quarter is adopted


def _share(amount: int, numerator: int, denominator: int) -> int:
    """round(amount × numerator / denominator) for non-negative integers, exactly."""
    return (2 * amount * numerator + denominator) // (2 * denominator)


def demo_comment(
    *, year: int, seed: int, code: str, quarter: int, budget: int, forecast: int
) -> str:
    """A comment on a forecast 2 % or more from budget, else none; the same for the same seed."""
    if budget == 0 or abs(forecast - budget) * 1000 < COMMENT_THRESHOLD * budget:
        return ""
    rng = random.Random(f"gnu-plan demo budget comment {year} {seed} {code} {quarter}")
    return rng.choice(COMMENTS[quarter == QUARTERS[-1], forecast > budget])


def generate_quarterly_figures(
    *, year: int, seed: int, lines: Iterable[tuple[str, int]]
) -> list[DemoQuarterlyFigure]:
    """Q1–Q4 figures for each (line code, budget tkr), ordered by line code and quarter."""
    rng = random.Random(f"gnu-plan demo budget {year} {seed}")
    figures = []
    for code, amount in sorted(lines):
        outcome = _share(amount, 1000 + rng.randint(-OUTCOME_SPREAD, OUTCOME_SPREAD), 1000)
        previous = 0
        for quarter in QUARTERS:
            if quarter == QUARTERS[-1]:
                actual = forecast = outcome
            else:
                spread = rng.randint(-ACTUAL_SPREAD, ACTUAL_SPREAD)
                actual = max(previous, _share(amount, quarter * (1000 + spread), 4000))
                forecast = _share(
                    outcome, 1000 + rng.randint(-FORECAST_SPREAD, FORECAST_SPREAD), 1000
                )
            previous = actual
            comment = demo_comment(
                year=year, seed=seed, code=code, quarter=quarter, budget=amount, forecast=forecast
            )
            figures.append(DemoQuarterlyFigure(code, quarter, actual, forecast, comment))
    return figures


def canonical_rows(figures: Iterable[DemoQuarterlyFigure]) -> list[dict]:
    """The figures as JSON-ready dicts, ordered by line code and quarter."""
    return [
        {
            "line_code": f.line_code,
            "quarter": f.quarter,
            "actual_to_date_tkr": f.actual_to_date_tkr,
            "forecast_tkr": f.forecast_tkr,
            "comment": f.comment,
        }
        for f in sorted(figures, key=lambda f: (f.line_code, f.quarter))
    ]


def _demo_figures(year: int | None = None) -> QuerySet:
    """The demo figures of open quarters (of one year if given)."""
    figures = QuarterlyFigure.objects.filter(is_demo=True)
    if year is not None:
        figures = figures.filter(line__in=BudgetLine.objects.filter(year=year).values("pk"))
    for adopted_year, quarter in adopted_quarters(year):
        figures = figures.exclude(
            line__in=BudgetLine.objects.filter(year=adopted_year).values("pk"), quarter=quarter
        )
    return figures


def delete_demo_quarterly_figures(year: int | None = None) -> int:
    """Remove the demo figures, except those of adopted quarters, which are frozen."""
    return raw_delete(_demo_figures(year))


def count_demo_quarterly_figures() -> int:
    """How many demo figures there are, those of adopted quarters included."""
    return QuarterlyFigure.objects.filter(is_demo=True).count()


def indexed_budget(lines: Iterable[tuple[str, str, int]]) -> dict[str, int]:
    """A next year's amounts per line code from (code, kind, amount tkr): raised by the index.

    Costs are balanced to revenue on the largest cost line, so that the result
    stays 0 tkr as in the plan's budgets.
    """
    lines = list(lines)
    amounts = {code: _share(amount, 1000 + BUDGET_INDEX, 1000) for code, _kind, amount in lines}
    kinds = {code: kind for code, kind, _amount in lines}
    costs = sorted(
        (code for code in amounts if kinds[code] == BudgetLine.Kind.COST),
        key=lambda code: (-amounts[code], code),
    )
    if costs:
        revenue = sum(a for code, a in amounts.items() if kinds[code] == BudgetLine.Kind.REVENUE)
        cost = sum(amounts[code] for code in costs)
        amounts[costs[0]] = max(0, amounts[costs[0]] + revenue - cost)
    return amounts


def seed_demo_budget_lines(*, year: int) -> int:
    """Give a year without real budget lines a demo budget: the previous year's, indexed.

    Replaces the year's demo lines and their demo figures. Returns the number of
    lines made: none when the year has real lines (they are never joined by demo
    lines) or the previous year has none.
    """
    delete_demo_quarterly_figures(year)
    delete_demo_budget_lines(year)
    if BudgetLine.objects.filter(year=year).exists():
        return 0
    previous = list(BudgetLine.objects.filter(year=year - 1).order_by("kind", "order", "code"))
    amounts = indexed_budget((line.code, line.kind, line.amount_tkr) for line in previous)
    index = format_quantity(Decimal(BUDGET_INDEX) / 10, "percent", 1)
    description = (
        f"Demobudget: {year - 1} års belopp uppräknade med {index}; "
        f"nämndplanen har ingen budget för {year}."
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            year=year,
            kind=line.kind,
            code=line.code,
            name=line.name,
            description=description,
            amount_tkr=amounts[line.code],
            order=line.order,
            is_demo=True,
        )
        for line in previous
    )
    return len(previous)


def delete_demo_budget_lines(year: int | None = None) -> int:
    """Remove demo budget lines (after their demo figures).

    A demo line a person has entered figures for is in use: it becomes a real line.
    """
    lines = BudgetLine.objects.demo()
    if year is not None:
        lines = lines.filter(year=year)
    BudgetLine.objects.filter(
        pk__in=lines.filter(quarterly_figures__isnull=False).values("pk")
    ).update(is_demo=False)
    return raw_delete(lines)


@transaction.atomic
def seed_demo_quarterly_figures(
    *, year: int, seed: int, last_quarter: int = QUARTERS[-1]
) -> DemoFigureSummary:
    """Replace the year's demo figures up to ``last_quarter``; ``lines`` is 0 without lines.

    The figures of a quarter are the same whatever the last quarter is.
    """
    lines: Sequence[tuple[int, str, int]] = list(
        BudgetLine.objects.filter(year=year).values_list("pk", "code", "amount_tkr")
    )
    if not lines:
        return DemoFigureSummary(lines=0, figures=0, kept_real=0)
    delete_demo_quarterly_figures(year)
    line_ids = {code: pk for pk, code, _amount in lines}
    existing = QuarterlyFigure.objects.filter(line__in=line_ids.values())
    real = set(existing.filter(is_demo=False).values_list("line_id", "quarter"))
    kept = set(existing.values_list("line_id", "quarter"))
    adopted = {quarter for _year, quarter in adopted_quarters(year)}
    generated = generate_quarterly_figures(
        year=year, seed=seed, lines=[(code, amount) for _pk, code, amount in lines]
    )
    kept_adopted = sum(
        1
        for f in generated
        if f.quarter in adopted and (line_ids[f.line_code], f.quarter) not in real
    )
    figures = [
        QuarterlyFigure(
            line_id=line_ids[f.line_code],
            quarter=f.quarter,
            actual_to_date_tkr=f.actual_to_date_tkr,
            forecast_tkr=f.forecast_tkr,
            comment=f.comment,
            is_demo=True,
        )
        for f in generated
        if f.quarter <= last_quarter
        and (line_ids[f.line_code], f.quarter) not in kept
        and f.quarter not in adopted
    ]
    QuarterlyFigure.objects.bulk_create(figures)  # sends rows_written
    return DemoFigureSummary(
        lines=len(lines), figures=len(figures), kept_real=len(real), kept_adopted=kept_adopted
    )


def read_demo_quarterly_figures(year: int) -> list[DemoQuarterlyFigure]:
    """The year's demo figures as stored, in the generator's form (for comparison)."""
    rows = QuarterlyFigure.objects.filter(is_demo=True, line__year=year).values_list(
        "line__code", "quarter", "actual_to_date_tkr", "forecast_tkr", "comment"
    )
    return sorted(
        (DemoQuarterlyFigure(*row) for row in rows), key=lambda f: (f.line_code, f.quarter)
    )
