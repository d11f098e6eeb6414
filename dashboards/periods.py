"""Which period the dashboards show, and the periods a reader can choose among.

The committee reads the newest adopted period by default. A newer quarter that
is still open but already has data (the head's draft, or figures in the
register or the budget) is one click away. When nothing is adopted yet, the
newest quarter with any data is shown; with no data at all, the plan's quarter
closest to today.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Subquery
from django.utils.translation import gettext as _

from budget.models import QuarterlyFigure
from indicators.models import Plan
from indicators.quarters import Quarter
from indicators.selectors import current_plan
from procurements.models import Procurement
from reports.follow_up import QUARTERS, plan_for_year
from reports.models import Period


@dataclass(frozen=True)
class PeriodLink:
    year: int
    quarter: int
    name: str
    url: str
    state_label: str
    is_adopted: bool
    is_current: bool


@dataclass(frozen=True)
class YearLinks:
    year: int
    periods: list[PeriodLink]


@dataclass
class PeriodChoice:
    """The period shown, and the ones a reader is offered next to it.

    Plain data, addresses included, so that a page's data can be cached (and pickled).
    """

    year: int
    quarter: int
    is_adopted: bool
    newest_adopted: Quarter | None
    draft: Quarter | None
    years: list[YearLinks]
    draft_url: str
    newest_adopted_url: str

    @property
    def name(self) -> str:
        return Quarter(self.year, self.quarter).label

    @property
    def draft_name(self) -> str:
        return self.draft.label if self.draft else ""

    @property
    def newest_adopted_name(self) -> str:
        return self.newest_adopted.label if self.newest_adopted else ""

    @property
    def offers_draft(self) -> bool:
        return self.draft is not None and self.draft != Quarter(self.year, self.quarter)

    @property
    def offers_newest_adopted(self) -> bool:
        return self.newest_adopted is not None and self.newest_adopted != Quarter(
            self.year, self.quarter
        )


def plan_for(year: int | None, quarter: int | None) -> Plan | None:
    """The plan of a chosen period, or the current plan when none is chosen."""
    if year is None or quarter is None:
        return current_plan()
    return plan_for_year(year) if quarter in QUARTERS else None


def period_choice(
    plan: Plan,
    year: int | None = None,
    quarter: int | None = None,
    *,
    today: datetime.date,
    url_for: Callable[[int, int], str],
) -> PeriodChoice:
    """The chosen period (or the default one) within the plan's years; three queries.

    ``url_for(year, quarter)`` is the address of the same page for another period.
    """
    first, last = Quarter(plan.first_year, 1), Quarter(plan.last_year, 4)
    periods = {Quarter(p.year, p.quarter): p for p in Period.objects.filter(year__in=plan.years)}
    adopted = [key for key, period in periods.items() if period.is_adopted]
    newest_adopted = max(adopted, default=None)
    with_data = _newest_quarter_with_data(plan, periods, today)
    draft = (
        with_data if with_data and (newest_adopted is None or with_data > newest_adopted) else None
    )
    if year is None or quarter is None:
        shown = newest_adopted or with_data or min(max(Quarter.containing(today), first), last)
        year, quarter = shown.year, shown.quarter
    return PeriodChoice(
        year=year,
        quarter=quarter,
        is_adopted=Quarter(year, quarter) in adopted,
        newest_adopted=newest_adopted,
        draft=draft,
        years=[
            YearLinks(
                plan_year,
                [
                    PeriodLink(
                        plan_year,
                        q,
                        Quarter(plan_year, q).label,
                        url_for(plan_year, q),
                        _state_label(
                            periods.get(Quarter(plan_year, q)), Quarter(plan_year, q), with_data
                        ),
                        Quarter(plan_year, q) in adopted,
                        Quarter(plan_year, q) == Quarter(year, quarter),
                    )
                    for q in QUARTERS
                ],
            )
            for plan_year in plan.years
        ],
        draft_url=url_for(draft.year, draft.quarter) if draft else "",
        newest_adopted_url=(
            url_for(newest_adopted.year, newest_adopted.quarter) if newest_adopted else ""
        ),
    )


def _state_label(period: Period | None, key: Quarter, with_data: Quarter | None) -> str:
    """Adopted or open; a quarter nobody has touched is open once the data reaches it."""
    if period is not None:
        return period.get_state_display()
    if with_data is not None and key <= with_data:
        return str(Period.State.OPEN.label)
    return _("not started")


def _newest_quarter_with_data(plan: Plan, periods: dict, today: datetime.date) -> Quarter | None:
    """The newest quarter of the plan, up to today's, with a period, register dates or budget figures."""
    start = datetime.date(plan.first_year, 1, 1)
    end = min(datetime.date(plan.last_year, 12, 31), today)
    dates = (
        Plan.objects.filter(pk=plan.pk)
        .order_by()
        .values(
            **{
                field: _latest_register_date(field, start, end)
                for field in ("advertised_on", "completed_on", "cancelled_on")
            }
        )
        .get()
    )
    candidates = [Quarter.containing(date) for date in dates.values() if date is not None]
    budget = (
        QuarterlyFigure.objects.filter(line__year__in=plan.years)
        .order_by("-line__year", "-quarter")
        .values_list("line__year", "quarter")
        .first()
    )
    candidates += [Quarter(*budget), *periods] if budget else periods
    return max((key for key in candidates if key <= Quarter.containing(today)), default=None)


def _latest_register_date(field: str, start: datetime.date, end: datetime.date) -> Subquery:
    """The register's latest date in the field between two dates, read from the field's index."""
    in_range = Procurement.objects.filter(**{f"{field}__range": (start, end)})
    return Subquery(in_range.order_by(f"-{field}").values(field)[:1])
