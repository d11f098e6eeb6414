"""Upphandlingar avslutade enligt fastställd upphandlingsplan: the procurement plan's delivery.

For a quarter of year Y: of the items of plan Y planned to be completed in Y by
the end of the quarter (at the fourth quarter, the whole year's plan), the share
whose procurement was completed by the end of the quarter. A late item counts as
delivered from the quarter it was completed in; an item without a procurement, or
whose procurement is not completed by then, is missing. With nothing planned by
then there is no value, not 0.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from procurements.models import ProcurementPlanItem
from reports.models import Period

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PlanDelivery:
    numerator: Decimal  # items completed by the end of the quarter
    denominator: Decimal  # items planned to be completed by then

    @property
    def value(self) -> Decimal | None:
        """The share in per cent, or None with nothing planned by then."""
        if not self.denominator:
            return None
        return self.numerator / self.denominator * HUNDRED


def quarter_end(year: int, quarter: int) -> datetime.date:
    return Period(year=year, quarter=quarter).end


def plan_delivery(*, year: int, quarter: int) -> PlanDelivery:
    """The figure for a quarter, in one query."""
    completed = Q(procurement__completed_on__lte=quarter_end(year, quarter))
    row = (
        ProcurementPlanItem.objects.due_in_year_by(year, quarter)
        .order_by()
        .aggregate(planned=Count("pk"), delivered=Count("pk", filter=completed))
    )
    return PlanDelivery(numerator=Decimal(row["delivered"]), denominator=Decimal(row["planned"]))


def items_behind(*, year: int, quarter: int):
    """The items of the figure's denominator, with their ``delivery`` at the quarter's end.

    Those completed by then, on time or late, are the numerator's; the others are missing.
    """
    return (
        ProcurementPlanItem.objects.due_in_year_by(year, quarter)
        .with_delivery(quarter_end(year, quarter))
        .select_related("procurement", "category")
        .order_by("number")
    )
