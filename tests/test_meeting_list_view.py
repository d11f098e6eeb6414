"""The committee's meeting calendar: who reads it, what it lists, in Swedish dates."""

import datetime

import pytest
from django.urls import reverse

from tests.meeting_helpers import make_meeting
from tests.report_helpers import seen_text

pytestmark = pytest.mark.django_db

URL = reverse("reports:meetings")


@pytest.fixture
def today(monkeypatch):
    day = datetime.date(2027, 1, 29)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
    return day


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_user_without_a_role_is_refused(user_without_role, client_for):
    assert client_for(user_without_role).get(URL).status_code == 403


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer"])
def test_readers_see_the_calendar_without_the_links_to_change_it(role, request, client_for, today):
    meeting = make_meeting()
    response = client_for(request.getfixturevalue(role)).get(URL)
    assert response.status_code == 200
    assert "12 februari 2027" in response.text
    assert reverse("reports:meeting_create") not in response.text
    assert reverse("reports:meeting_update", args=[meeting.pk]) not in response.text
    assert reverse("reports:meeting_delete", args=[meeting.pk]) not in response.text


def test_the_chef_sees_each_meeting_with_its_report_deadline_and_days_left(chef, client_for, today):
    meeting = make_meeting(datetime.date(2027, 2, 12), report_deadline=datetime.date(2027, 2, 1))
    make_meeting(datetime.date(2026, 11, 20), year=2026, quarter=3)
    response = client_for(chef).get(URL)
    text = seen_text(response.text)
    assert "12 februari 2027 – 14 dagar kvar Kv4 2026 1 februari 2027 – 3 dagar kvar" in text
    assert "Tidigare sammanträden" in text and "20 november 2026" in text
    assert reverse("reports:meeting_create") in response.text
    assert reverse("reports:meeting_update", args=[meeting.pk]) in response.text
    assert reverse("reports:meeting_delete", args=[meeting.pk]) in response.text


def test_an_empty_calendar_says_so(chef, client_for, today):
    assert "Inga sammanträden är inplanerade." in client_for(chef).get(URL).text


def test_the_follow_up_index_links_the_calendar(committee_member, client_for):
    response = client_for(committee_member).get(reverse("reports:index"))
    assert URL in response.text


def test_the_page_makes_the_same_queries_however_many_meetings(
    chef, client_for, today, django_assert_num_queries
):
    make_meeting()
    client = client_for(chef)
    client.get(URL)
    with django_assert_num_queries(4) as few:  # session, user, the data version, meetings
        client.get(URL)
    for quarter in (1, 2, 3):
        make_meeting(datetime.date(2027, 3 * quarter + 2, 10), year=2027, quarter=quarter)
    with django_assert_num_queries(len(few)):
        response = client.get(URL)
    assert len(response.context["calendar"].upcoming) == 4
