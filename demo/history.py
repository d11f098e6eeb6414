"""The demo history ``make run`` loads: 2023 whole and 2024 to the end of June.

Each year gets its register as it stood at the end of its last quarter (a
whole year generated, then cut there), its procurement plan (whole: made before
the year, its items due later simply not completed yet) and its budget's
quarterly figures; 2024, which the plan gives no budget, gets a demo budget
first. Then each quarter gets the head's figures, analyses and assignment
statuses, and the quarters of 2023 are adopted, as a committee would have done.
Targets are the plan's own: where it sets none (2024), the follow-up says so.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from demo.budget import DemoFigureSummary, seed_demo_budget_lines, seed_demo_quarterly_figures
from demo.follow_up_loading import (
    DemoFollowUpSummary,
    delete_demo_follow_up,
    seed_demo_follow_up,
)
from demo.plan_loading import seed_demo_plan
from demo.register_loading import DemoProcurementSummary, seed_demo_procurements
from reports.models import Period


@dataclass(frozen=True)
class HistoryYear:
    year: int
    last_quarter: int

    @property
    def until(self) -> datetime.date:
        return Period(year=self.year, quarter=self.last_quarter).end


HISTORY = (HistoryYear(2023, 4), HistoryYear(2024, 2))
ADOPTED_UNTIL = (2023, 4)


@dataclass(frozen=True)
class YearSummary:
    year: int
    last_quarter: int
    procurements: DemoProcurementSummary
    plan_items: int | None  # None: the year's plan has real items, kept as they are
    budget_lines_made: int
    figures: DemoFigureSummary


@dataclass(frozen=True)
class HistorySummary:
    years: list[YearSummary]
    follow_up: DemoFollowUpSummary


@transaction.atomic
def seed_demo_history(*, count: int, seed: int) -> HistorySummary:
    """Replace the demo data by the history; ``count`` procurements a full year."""
    # Adopted demo quarters go first, so that no budget quarter is frozen while it is remade.
    delete_demo_follow_up()
    years = []
    for item in HISTORY:
        procurements = seed_demo_procurements(
            year=item.year,
            count=count,
            seed=seed,
            until=item.until if item.last_quarter < 4 else None,
        )
        plan_items = seed_demo_plan(year=item.year, count=count, seed=seed)
        lines = seed_demo_budget_lines(year=item.year)
        figures = seed_demo_quarterly_figures(
            year=item.year, seed=seed, last_quarter=item.last_quarter
        )
        years.append(
            YearSummary(item.year, item.last_quarter, procurements, plan_items, lines, figures)
        )
    quarters = [(i.year, q) for i in HISTORY for q in range(1, i.last_quarter + 1)]
    follow_up = seed_demo_follow_up(quarters=quarters, adopted_until=ADOPTED_UNTIL, seed=seed)
    return HistorySummary(years, follow_up)
