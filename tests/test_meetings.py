"""The meeting calendar's selectors: the next meeting, the days left, the list in order."""

import datetime

import pytest
from django.utils import translation

from reports.meetings import calendar, days_left_text, next_meeting
from tests.meeting_helpers import make_meeting

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 29)


@pytest.mark.parametrize(
    ("days", "swedish", "english"),
    [
        (14, "14 dagar kvar", "14 days left"),
        (1, "1 dag kvar", "1 day left"),
        (0, "i dag", "today"),
        (-1, "för 1 dag sedan", "1 day ago"),
        (-3, "för 3 dagar sedan", "3 days ago"),
    ],
)
def test_the_days_left_are_said_in_words_in_each_language(days, swedish, english):
    with translation.override("sv"):
        assert days_left_text(days) == swedish
    with translation.override("en"):
        assert days_left_text(days) == english


def test_the_next_meeting_is_the_first_from_today_on_with_the_days_left_counted():
    make_meeting(datetime.date(2026, 11, 20), year=2026, quarter=3)
    make_meeting(datetime.date(2027, 4, 20), year=2027, quarter=1)
    make_meeting(datetime.date(2027, 2, 12), year=2026, quarter=4)
    meeting = next_meeting(today=TODAY)
    assert meeting.date == datetime.date(2027, 2, 12)
    assert (meeting.quarter.year, meeting.quarter.quarter) == (2026, 4)
    assert meeting.days_left == (datetime.date(2027, 2, 12) - TODAY).days == 14
    assert meeting.days_to_deadline == 0  # the deadline is 14 days before the meeting


def test_a_meeting_today_is_still_the_next():
    make_meeting(TODAY, year=2026, quarter=4)
    assert next_meeting(today=TODAY).days_left_text == "i dag"


def test_without_a_meeting_to_come_there_is_no_next_meeting():
    make_meeting(datetime.date(2026, 11, 20), year=2026, quarter=3)
    assert next_meeting(today=TODAY) is None


def test_the_calendar_lists_meetings_to_come_in_order_and_earlier_ones_latest_first():
    for date, quarter in [(datetime.date(2026, 5, 10), 1), (datetime.date(2026, 8, 30), 2)]:
        make_meeting(date, year=2026, quarter=quarter)
    make_meeting(datetime.date(2027, 4, 20), year=2027, quarter=1)
    make_meeting(datetime.date(2027, 2, 12), year=2026, quarter=4)
    listed = calendar(today=TODAY)
    assert [m.date for m in listed.upcoming] == [
        datetime.date(2027, 2, 12),
        datetime.date(2027, 4, 20),
    ]
    assert [m.date for m in listed.past] == [datetime.date(2026, 8, 30), datetime.date(2026, 5, 10)]
