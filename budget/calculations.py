"""Budget arithmetic in tkr, free of the database so it can be tested alone.

Sign convention (as in Swedish municipal follow-up, where a "positiv
avvikelse" means an outcome better than budget):

- Revenue: a forecast *above* budget is a positive (favourable) deviation.
- Costs: a forecast *above* budget is a negative (unfavourable) deviation.
- Result (revenue − costs): forecast result minus budgeted result, so the
  deviations of all lines simply add up to the deviation of the result.

A deviation's percent is of the budgeted amount and is ``None`` when the
budget is 0 (no meaningful share). For the result, whose budget is usually 0,
the percent is of the budgeted costs instead: that is how the plan's key
figure "Ekonomi i balans" (deviation under 3,0 %) measures it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

REVENUE = "revenue"
COST = "cost"
KINDS = (REVENUE, COST)

Amount = Decimal | int

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Deviation:
    """How far a forecast is from budget; positive is better than budget."""

    tkr: Decimal
    percent: Decimal | None

    @property
    def is_favourable(self) -> bool:
        return self.tkr > 0

    @property
    def is_unfavourable(self) -> bool:
        return self.tkr < 0


@dataclass(frozen=True)
class Totals:
    """The revenue and cost totals of a set of lines, and their result."""

    revenue: Decimal
    cost: Decimal

    @property
    def result(self) -> Decimal:
        return result(self.revenue, self.cost)


def _percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole == 0 else part * HUNDRED / whole


def deviation(budget: Amount, forecast: Amount, kind: str) -> Deviation:
    """The forecast's deviation from budget for a revenue or cost line (or total).

    >>> deviation(1000, 1100, COST)
    Deviation(tkr=Decimal('-100'), percent=Decimal('-10'))
    >>> deviation(1000, 1100, REVENUE)
    Deviation(tkr=Decimal('100'), percent=Decimal('10'))
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    budget, forecast = Decimal(budget), Decimal(forecast)
    difference = forecast - budget if kind == REVENUE else budget - forecast
    return Deviation(tkr=difference, percent=_percent_of(difference, budget))


def result(revenue: Amount, cost: Amount) -> Decimal:
    """The result: revenue minus costs (0 tkr in a balanced budget)."""
    return Decimal(revenue) - Decimal(cost)


def totals(amounts: Iterable[tuple[str, Amount]]) -> Totals:
    """Sums ``(kind, amount)`` pairs per kind."""
    sums = dict.fromkeys(KINDS, Decimal(0))
    for kind, amount in amounts:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        sums[kind] += Decimal(amount)
    return Totals(revenue=sums[REVENUE], cost=sums[COST])


def result_deviation(budget: Totals, forecast: Totals) -> Deviation:
    """The forecast result's deviation from the budgeted result.

    Equals the revenue deviation plus the cost deviation. The percent is of the
    budgeted costs (``None`` if there are none), as for "Ekonomi i balans".
    """
    difference = forecast.result - budget.result
    return Deviation(tkr=difference, percent=_percent_of(difference, budget.cost))
