"""Upphandlingar avslutade enligt fastställd upphandlingsplan: the procurement plan's delivery.

For a quarter of year Y: of the items of plan Y planned to be completed in Y by
the end of the quarter (at the fourth quarter, the whole year's plan), the share
whose procurement was completed by the end of the quarter. A late item counts as
delivered from the quarter it was completed in; an item without a procurement, or
whose procurement is not completed by then, is missing. With nothing planned by
then there is no value, not 0. ``reports.populations.ProcurementPlan`` evaluates
the key figure with these queries.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, Q, Value, When

from indicators.quarters import Quarter
from procurements.models import ProcurementPlanItem

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


def _completed_by(year: int, quarter: int) -> Q:
    return Q(procurement__completed_on__lte=Quarter(year, quarter).end)


def plan_delivery(*, year: int, quarter: int) -> PlanDelivery:
    """The figure for a quarter, in one query."""
    row = (
        ProcurementPlanItem.objects.due_in_year_by(year, quarter)
        .order_by()
        .aggregate(planned=Count("pk"), delivered=Count("pk", filter=_completed_by(year, quarter)))
    )
    return PlanDelivery(numerator=Decimal(row["delivered"]), denominator=Decimal(row["planned"]))


def items_behind(*, year: int, quarter: int):
    """The items of the figure's denominator, by number, with their ``delivery`` at the
    quarter's end; ``counts_in_numerator`` those completed by then, on time or late."""
    return (
        ProcurementPlanItem.objects.due_in_year_by(year, quarter)
        .with_delivery(Quarter(year, quarter).end)
        .annotate(
            counts_in_numerator=Case(
                When(_completed_by(year, quarter), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("procurement", "category")
        .order_by("number")
    )
