"""Reading a period's adoption history: when it was adopted and reopened, by whom, and why."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import pgettext

from reports.models import Period


@dataclass(frozen=True)
class AdoptionEvent:
    when: dt.datetime
    who: str
    action: str
    is_reopening: bool
    reason: str = ""


@dataclass(frozen=True)
class AdoptionHistory:
    events: tuple[AdoptionEvent, ...] = ()  # newest first

    @property
    def reopened(self) -> AdoptionEvent | None:
        """The reopening the period is open after, if its latest event is one."""
        if self.events and self.events[0].is_reopening:
            return self.events[0]
        return None


def _who(record) -> str:
    user = record.history_user
    return (user.get_full_name() or user.get_username()) if user else "–"


def adoption_history(year: int, quarter: int) -> AdoptionHistory:
    """Every adoption and reopening of the period, from its history: one query."""
    records = (
        Period.history.filter(year=year, quarter=quarter)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    events = []
    state = Period.State.OPEN
    for record in records:
        if record.state == state:
            continue
        state = record.state
        reopening = state == Period.State.OPEN
        events.append(
            AdoptionEvent(
                when=record.history_date,
                who=_who(record),
                action=(
                    pgettext("period history", "reopened")
                    if reopening
                    else pgettext("period history", "adopted")
                ),
                is_reopening=reopening,
                reason=record.reopen_reason if reopening else "",
            )
        )
    return AdoptionHistory(tuple(reversed(events)))
