"""The next meeting and the days left, on the start page and the head's quarterly page."""

import datetime

import pytest
from django.urls import reverse

from tests.meeting_helpers import make_meeting
from tests.report_helpers import seen_text

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 29)
PAGES = [reverse("dashboards:start"), reverse("reports:edit_quarter", args=[2023, 2])]


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


@pytest.mark.parametrize("url", PAGES)
def test_the_page_shows_the_next_meeting_with_the_days_left_in_swedish(url, chef, client_for):
    make_meeting(datetime.date(2026, 11, 20), year=2026, quarter=3)
    make_meeting(datetime.date(2027, 2, 12), report_deadline=datetime.date(2027, 2, 1))
    text = seen_text(client_for(chef).get(url).text)
    assert "Nästa sammanträde 12 februari 2027 – 14 dagar kvar" in text
    assert (
        "Då behandlas rapporten för kvartal 4 2026; underlaget ska vara klart "
        "1 februari 2027 (3 dagar kvar)."
    ) in text
    assert "20 november 2026" not in text


def test_a_committee_member_sees_the_next_meeting_on_the_start_page(committee_member, client_for):
    make_meeting(datetime.date(2027, 2, 12))
    response = client_for(committee_member).get(PAGES[0])
    assert "Nästa sammanträde 12 februari 2027 – 14 dagar kvar" in seen_text(response.text)
    assert reverse("reports:meetings") in response.text


@pytest.mark.parametrize("url", PAGES)
def test_without_a_meeting_to_come_nothing_is_said_of_one(url, chef, client_for):
    make_meeting(datetime.date(2026, 11, 20), year=2026, quarter=3)
    assert "Nästa sammanträde" not in client_for(chef).get(url).text
