"""Leaving a due figure deliberately out of a quarter's report, and taking it back in.

A period cannot be adopted while a figure due in it is missing
(``readiness.missing_items``) unless the head leaves it out here with a
reason, which the report then shows in the figure's place. Both refuse an
adopted period, a figure that is not due or not missing, and a change someone
else made first (a figure already left out, or no longer).
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from indicators.models import Indicator
from reports.models import LeftOutFigure, Period
from reports.readiness import missing_items
from reports.services import PeriodLocked, get_or_create_period

REASON_MAX_LENGTH = 1000


class NotLeftOut(Exception):
    """The figure cannot be left out, or taken back, as asked; the message says why."""


def _open_period(year: int, quarter: int, by) -> Period:
    """The period, locked and made real: a person's change is never demo data."""
    period = Period.objects.select_for_update().get(pk=get_or_create_period(year, quarter).pk)
    if period.is_adopted:
        raise PeriodLocked(_("The period is adopted; reopen it before changing it."))
    if period.is_demo:
        period.is_demo = False
        period._history_user = by
        period.save(update_fields=["is_demo"])
    return period


@transaction.atomic
def leave_out_figure(*, year: int, quarter: int, code: str, reason: str, by) -> LeftOutFigure:
    """Mark a due, missing figure as deliberately left out of the quarter's report."""
    reason = reason.strip()
    if not reason:
        raise NotLeftOut(_("Give the reason for leaving the figure out."))
    if "\x00" in reason:  # PostgreSQL cannot store it in a text
        raise NotLeftOut(_("The reason cannot contain null characters."))
    period = _open_period(year, quarter, by)
    readiness = missing_items(year=year, quarter=quarter)
    if readiness is not None and any(item.code == code for item in readiness.left_out):
        raise NotLeftOut(_("The figure is already left out: someone else did it first."))
    item = next((i for i in readiness.figures if i.code == code), None) if readiness else None
    if item is None:
        raise NotLeftOut(_("The figure is not missing in this quarter: it is entered or not due."))
    mark = LeftOutFigure(
        period=period,
        indicator=Indicator.objects.get(code=code),
        reason=reason,
        left_out_by=by,
    )
    mark._history_user = by
    try:
        with transaction.atomic():
            mark.save()
    except IntegrityError:
        raise NotLeftOut(_("The figure is already left out: someone else did it first.")) from None
    return mark


@transaction.atomic
def take_back_figure(*, year: int, quarter: int, code: str, by) -> None:
    """Remove the mark: the figure is missing again until it is entered or left out anew."""
    period = _open_period(year, quarter, by)
    mark = LeftOutFigure.objects.filter(period=period, indicator__code=code).first()
    if mark is None:
        raise NotLeftOut(_("The figure is not left out: someone else took it back first."))
    mark._history_user = by
    mark.delete()
