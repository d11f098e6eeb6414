"""What the head's quarterly entry shows, gathered once into plain dataclasses.

``quarter_page`` assembles the quarter's follow-up, the previous period's
follow-up (for "last period's value" beside every field), the figures entered
for the quarter itself (the fields' initial values), when each hand-entered
figure is reported (``Indicator.reported_in_quarter``) with the last value
entered for a yearly one before this quarter, which assignments have a status
recorded for the quarter and which figures the head has left out of it. Its
number of queries depends neither on the size of the register nor on the
length of the history.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from indicators.models import Indicator
from indicators.quarters import QUARTERS, Quarter
from indicators.reporting_schedule import is_due
from reports.follow_up import (
    IndicatorFollowUp,
    PeriodFollowUp,
    describe_value,
    period_follow_up,
)
from reports.models import AssignmentProgress, EnteredValue, LeftOutFigure

ValueKey = tuple[int, int | None]
"""An entered figure's place: (indicator id, municipality id or None for the total)."""


@dataclass(frozen=True)
class EarlierValue:
    """The last figure entered before the quarter, and the quarter it was entered for."""

    value: Decimal
    year: int
    quarter: int

    @property
    def period_label(self) -> str:
        return quarter_label(self.year, self.quarter)


@dataclass
class QuarterPage:
    follow_up: PeriodFollowUp
    previous_year: int
    previous_quarter: int
    previous: dict[str, IndicatorFollowUp]
    entered: dict[ValueKey, Decimal]
    schedule: dict[int, int | None] = field(default_factory=dict)
    """Hand-entered indicator id → the quarter a yearly one is reported in (None: every one)."""
    earlier: dict[ValueKey, EarlierValue] = field(default_factory=dict)
    """The last figure of a yearly indicator entered before this quarter."""
    recorded_assignments: frozenset[int] = frozenset()
    """The assignments whose status is recorded for the quarter."""
    left_out: frozenset[int] = frozenset()
    """The hand-entered indicators the head has deliberately left out of the quarter's report."""

    @property
    def year(self) -> int:
        return self.follow_up.year

    @property
    def quarter(self) -> int:
        return self.follow_up.quarter

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)

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

    def reported_in(self, indicator_id: int) -> int | None:
        return self.schedule.get(indicator_id)

    def is_due(self, indicator_id: int) -> bool:
        return is_due(reported_in_quarter=self.reported_in(indicator_id), quarter=self.quarter)

    def asks_for(self, indicator: IndicatorFollowUp) -> bool:
        """Whether the page has fields for the indicator's figures this quarter.

        A hand-entered figure that is due; or one that is not, but has a value
        entered for the quarter all the same, so that it can be corrected.
        """
        if indicator.is_computed:
            return False
        if self.is_due(indicator.indicator_id):
            return True
        return any(key[0] == indicator.indicator_id for key in self.entered)

    def missing_figures(self, indicator: IndicatorFollowUp) -> list[int | None]:
        """The places (municipality ids, or None for the total) of a due figure not entered.

        As the checklist counts them (``reports.readiness``): none for a figure
        left out, nor for one followed per municipality whose total is entered.
        """
        indicator_id = indicator.indicator_id
        if indicator.is_computed or not self.is_due(indicator_id) or indicator_id in self.left_out:
            return []
        if (indicator_id, None) in self.entered:
            return []
        places = (
            [m.municipality_id for m in indicator.municipalities]
            if indicator.per_municipality
            else [None]
        )
        return [place for place in places if (indicator.indicator_id, place) not in self.entered]

    def earlier_text(self, indicator: IndicatorFollowUp, municipality_id: int | None) -> str:
        """ "164 (kvartal 2 2023)": the last figure entered before this quarter; or "No data"."""
        earlier = self.earlier.get((indicator.indicator_id, municipality_id))
        if earlier is None:
            return describe_value(None, "")
        return _("%(value)s (%(period)s)") % {
            "value": describe_value(earlier.value, indicator.unit),
            "period": earlier.period_label,
        }


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
    period_id = follow_up.period_id
    entered, recorded, left_out = {}, frozenset(), frozenset()
    if period_id is not None:
        entered = {
            (indicator_id, municipality_id): value
            for indicator_id, municipality_id, value in EnteredValue.objects.filter(
                period_id=period_id
            ).values_list("indicator_id", "municipality_id", "value")
        }
        recorded = frozenset(
            AssignmentProgress.objects.filter(period_id=period_id).values_list(
                "assignment_id", flat=True
            )
        )
        left_out = frozenset(
            LeftOutFigure.objects.filter(period_id=period_id).values_list("indicator_id", flat=True)
        )
    schedule = _schedule(follow_up)
    return QuarterPage(
        follow_up=follow_up,
        previous_year=before.year,
        previous_quarter=before.quarter,
        previous={i.code: i for i in previous.indicators} if previous else {},
        entered=entered,
        schedule=schedule,
        earlier=_earlier_values(year, quarter, [i for i, q in schedule.items() if q]),
        recorded_assignments=recorded,
        left_out=left_out,
    )


def _schedule(follow_up: PeriodFollowUp) -> dict[int, int | None]:
    entered_ids = [i.indicator_id for i in follow_up.indicators if not i.is_computed]
    return dict(
        Indicator.objects.filter(pk__in=entered_ids).values_list("pk", "reported_in_quarter")
    )


def _earlier_values(year: int, quarter: int, indicator_ids: list[int]) -> dict:
    """The last figure entered before the quarter, per place, of the indicators given."""
    rows = (
        EnteredValue.objects.filter(indicator_id__in=indicator_ids)
        .filter(Q(period__year__lt=year) | Q(period__year=year, period__quarter__lt=quarter))
        .order_by("period__year", "period__quarter")
        .values_list("indicator_id", "municipality_id", "value", "period__year", "period__quarter")
    )
    return {
        (indicator_id, municipality_id): EarlierValue(value, row_year, row_quarter)
        for indicator_id, municipality_id, value, row_year, row_quarter in rows
    }
