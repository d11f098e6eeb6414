"""What the head's quarterly page shows, gathered once into plain dataclasses.

``quarter_page`` assembles the quarter's follow-up, the previous period's
follow-up (for "last period's value" beside every field) and the figures
entered for the quarter itself (the fields' initial values). Its number of
queries does not depend on the size of the register.
"""

from dataclasses import dataclass
from decimal import Decimal

from indicators.quarters import QUARTERS, Quarter
from reports.follow_up import (
    IndicatorFollowUp,
    PeriodFollowUp,
    describe_value,
    period_follow_up,
)
from reports.models import EnteredValue

ValueKey = tuple[int, int | None]
"""An entered figure's place: (indicator id, municipality id or None for the total)."""


@dataclass
class QuarterPage:
    follow_up: PeriodFollowUp
    previous_year: int
    previous_quarter: int
    previous: dict[str, IndicatorFollowUp]
    entered: dict[ValueKey, Decimal]

    @property
    def year(self) -> int:
        return self.follow_up.year

    @property
    def quarter(self) -> int:
        return self.follow_up.quarter

    @property
    def previous_label(self) -> str:
        return quarter_label(self.previous_year, self.previous_quarter)

    def previous_text(self, code: str, municipality_id: int | None = None) -> str:
        """The indicator's value in the previous period, as shown; "No data" when there is none."""
        previous = self.previous.get(code)
        if previous is None:
            return describe_value(None, "")
        if municipality_id is None:
            return previous.text
        for municipality in previous.municipalities:
            if municipality.municipality_id == municipality_id:
                return municipality.text
        return describe_value(None, "")


def quarter_label(year: int, quarter: int) -> str:
    """ "kvartal 2 2023", for sentences."""
    return Quarter(year, quarter).long_label


def quarter_page(year: int, quarter: int) -> QuarterPage | None:
    """The page's data, or None when no plan covers the year."""
    if quarter not in QUARTERS:
        return None
    follow_up = period_follow_up(year, quarter)
    if follow_up is None:
        return None
    before = Quarter(year, quarter).previous()
    previous = period_follow_up(before.year, before.quarter)
    entered = {}
    if follow_up.period_id is not None:
        entered = {
            (indicator_id, municipality_id): value
            for indicator_id, municipality_id, value in EnteredValue.objects.filter(
                period_id=follow_up.period_id
            ).values_list("indicator_id", "municipality_id", "value")
        }
    return QuarterPage(
        follow_up=follow_up,
        previous_year=before.year,
        previous_quarter=before.quarter,
        previous={i.code: i for i in previous.indicators} if previous else {},
        entered=entered,
    )
