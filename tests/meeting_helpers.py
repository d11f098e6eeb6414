"""Shared by the meeting calendar's tests: a meeting, and its form as a browser posts it."""

import datetime

from reports.models import CommitteeMeeting


def make_meeting(
    date: datetime.date = datetime.date(2027, 2, 12),
    *,
    year: int = 2026,
    quarter: int = 4,
    report_deadline: datetime.date | None = None,
) -> CommitteeMeeting:
    return CommitteeMeeting.objects.create(
        date=date,
        year=year,
        quarter=quarter,
        report_deadline=report_deadline or date - datetime.timedelta(days=14),
    )


def meeting_form_data(**overrides) -> dict:
    data = {
        "date": "2027-02-12",
        "year": "2026",
        "quarter": "4",
        "report_deadline": "2027-01-29",
        "version": "",
    }
    return {**data, **overrides}
