"""The committee's meeting calendar: the next meeting, the list, and changing it.

Each meeting takes one quarter's report and sets the day the report is due
(``CommitteeMeeting``). The head changes the calendar through ``save_meeting``
and ``delete_meeting``, which refuse a change based on a version someone else
has saved or deleted since.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.quarters import Quarter
from reports.models import CommitteeMeeting


class ChangedMeanwhile(Exception):
    """Someone else saved or deleted the meeting after the form was opened."""


def days_left_text(days: int) -> str:
    """ "14 dagar kvar", "1 dag kvar", "i dag"; a day gone by as "för 2 dagar sedan"."""
    if days == 0:
        return _("today")
    if days < 0:
        return ngettext("%(days)s day ago", "%(days)s days ago", -days) % {"days": -days}
    return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}


@dataclass(frozen=True)
class MeetingView:
    """A meeting as the pages show it, with the days left from today."""

    pk: int
    date: datetime.date
    quarter: Quarter
    report_deadline: datetime.date
    version: int
    days_left: int
    days_to_deadline: int

    @classmethod
    def of(cls, meeting: CommitteeMeeting, today: datetime.date) -> "MeetingView":
        return cls(
            pk=meeting.pk,
            date=meeting.date,
            quarter=meeting.as_quarter,
            report_deadline=meeting.report_deadline,
            version=meeting.version,
            days_left=(meeting.date - today).days,
            days_to_deadline=(meeting.report_deadline - today).days,
        )

    @property
    def days_left_text(self) -> str:
        return days_left_text(self.days_left)

    @property
    def deadline_text(self) -> str:
        return days_left_text(self.days_to_deadline)

    @property
    def is_past(self) -> bool:
        return self.days_left < 0


def next_meeting(*, today: datetime.date) -> MeetingView | None:
    """The first meeting today or later; None when the calendar has none."""
    meeting = CommitteeMeeting.objects.filter(date__gte=today).order_by("date").first()
    return None if meeting is None else MeetingView.of(meeting, today)


def meeting_for(*, year: int, quarter: int, today: datetime.date) -> MeetingView | None:
    """The meeting that takes the quarter's report; None when the calendar has none."""
    meeting = CommitteeMeeting.objects.filter(year=year, quarter=quarter).first()
    return None if meeting is None else MeetingView.of(meeting, today)


@dataclass(frozen=True)
class Calendar:
    upcoming: list[MeetingView]
    past: list[MeetingView]


def calendar(*, today: datetime.date) -> Calendar:
    """Every meeting: those to come in date order, then those gone by, the latest first."""
    meetings = [MeetingView.of(m, today) for m in CommitteeMeeting.objects.order_by("date")]
    return Calendar(
        upcoming=[m for m in meetings if not m.is_past],
        past=[m for m in reversed(meetings) if m.is_past],
    )


def _locked(pk: int, version: int) -> CommitteeMeeting:
    current = CommitteeMeeting.objects.select_for_update().filter(pk=pk).first()
    if current is None or current.version != version:
        raise ChangedMeanwhile
    return current


@transaction.atomic
def save_meeting(meeting: CommitteeMeeting, *, version: int | None, changed_by) -> CommitteeMeeting:
    """Save a validated meeting; a change to one saved or deleted since ``version`` is refused."""
    if meeting.pk is not None:
        _locked(meeting.pk, version)
        meeting.version += 1
    meeting._history_user = changed_by
    meeting.save()
    return meeting


@transaction.atomic
def delete_meeting(*, pk: int, version: int | None, deleted_by) -> CommitteeMeeting:
    """Delete a meeting, unless it changed since the page asking to delete it was opened."""
    meeting = _locked(pk, version)
    meeting._history_user = deleted_by
    meeting.delete()
    return meeting
