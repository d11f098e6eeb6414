"""The register's figures for the procurements made for one municipality.

``municipality_figures`` counts, in one aggregate query, the procurements made
for a municipality that were advertised, completed or cancelled between two
dates, with the coordinated ones among the completed and the requirements of
the advertised food procurements. The windows are those of the follow-up: a
procurement counts in the window in which the date that matters falls.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from procurements.models import Procurement, made_for_several_municipalities


@dataclass(frozen=True)
class MunicipalityFigures:
    """Counts of procurements made for one municipality in a window of dates."""

    advertised: int
    completed: int
    cancelled: int
    completed_coordinated: int
    advertised_with_environmental_requirement: int
    food_advertised: int
    food_organic: int
    food_local: int
    food_plant_based: int


def municipality_figures(
    *, municipality_id: int, start: dt.date, end: dt.date
) -> MunicipalityFigures:
    """The counts for procurements linked to the municipality, dates inclusive; one query."""
    advertised = Q(advertised_on__gte=start, advertised_on__lte=end)
    completed = Q(completed_on__gte=start, completed_on__lte=end)
    food = advertised & Q(is_food_procurement=True)
    row = (
        Procurement.objects.filter(municipalities=municipality_id)
        .filter(advertised | completed | Q(cancelled_on__gte=start, cancelled_on__lte=end))
        .order_by()
        .aggregate(
            advertised=Count("pk", filter=advertised),
            completed=Count("pk", filter=completed),
            cancelled=Count("pk", filter=Q(cancelled_on__gte=start, cancelled_on__lte=end)),
            completed_coordinated=Count("pk", filter=completed & made_for_several_municipalities()),
            advertised_with_environmental_requirement=Count(
                "pk", filter=advertised & Q(environmental_requirement=True)
            ),
            food_advertised=Count("pk", filter=food),
            food_organic=Count("pk", filter=food & Q(food_organic=True)),
            food_local=Count("pk", filter=food & Q(food_local=True)),
            food_plant_based=Count("pk", filter=food & Q(food_plant_based=True)),
        )
    )
    return MunicipalityFigures(**row)
