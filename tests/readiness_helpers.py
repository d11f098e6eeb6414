"""Shared by tests that adopt a period for the committee: its due figures out of the way."""

from indicators.models import Indicator
from reports.models import LeftOutFigure
from reports.readiness import missing_items
from reports.services import get_or_create_period


def leave_out_missing_figures(year: int, quarter: int, by=None) -> list[str]:
    """Leave out every due figure the quarter misses, as the head would; their codes."""
    period = get_or_create_period(year, quarter)
    missing = missing_items(year=year, quarter=quarter).figures
    ids = dict(Indicator.objects.values_list("code", "pk"))
    LeftOutFigure.objects.bulk_create(
        LeftOutFigure(
            period=period,
            indicator_id=ids[item.code],
            reason="Ingen mätning detta kvartal.",
            left_out_by=by,
        )
        for item in missing
    )
    return [item.code for item in missing]
