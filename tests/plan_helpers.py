"""Building procurement plan items for tests: ``make_item(...)`` with sensible defaults."""

import datetime as dt

from procurements.models import ProcurementPlanItem
from tests.procurement_helpers import category, make_procurement, municipalities


def make_item(
    *,
    plan_year: int = 2023,
    number: int,
    planned_quarter: int = 2,
    planned_year: int | None = None,
    completed_on: dt.date | None = None,
    registered: bool = True,
    municipality_names=("Falun", "Borlänge"),
    **fields,
) -> ProcurementPlanItem:
    """An item of the plan; with ``registered`` its procurement, completed on ``completed_on``."""
    procurement = None
    if registered:
        advertised = dt.date(plan_year, 1, 2)
        procurement = make_procurement(
            registry_number=f"UhC {plan_year}/P{number}",
            advertised_on=min(advertised, completed_on) if completed_on else advertised,
            completed_on=completed_on,
        )
    fields.setdefault("title", f"Planerad upphandling {number}")
    fields.setdefault("category", category())
    item = ProcurementPlanItem.objects.create(
        plan_year=plan_year,
        number=number,
        planned_year=plan_year if planned_year is None else planned_year,
        planned_quarter=planned_quarter,
        procurement=procurement,
        **fields,
    )
    item.municipalities.set(municipalities(*municipality_names))
    return item
