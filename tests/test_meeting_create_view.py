"""Adding a meeting to the committee's calendar: the chef only, with messages in Swedish."""

import datetime

import pytest
from django.urls import reverse

from reports.models import CommitteeMeeting
from tests.meeting_helpers import make_meeting, meeting_form_data

pytestmark = pytest.mark.django_db

URL = reverse("reports:meeting_create")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.post(URL, meeting_form_data())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not CommitteeMeeting.objects.exists()


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "user_without_role"])
def test_only_the_chef_adds_meetings(role, request, client_for):
    client = client_for(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, meeting_form_data()).status_code == 403
    assert not CommitteeMeeting.objects.exists()


def test_the_form_names_its_fields_in_swedish(chef, client_for):
    response = client_for(chef).get(URL)
    assert response.status_code == 200
    for label in ("Sammanträdesdatum", "Rapportens år", "Rapportens kvartal"):
        assert label in response.text
    assert "Sista dag för underlaget" in response.text
    assert '<option value="4">Kvartal 4</option>' in response.text


def test_the_chef_adds_a_meeting_and_is_told_so_with_a_swedish_date(chef, client_for):
    response = client_for(chef).post(URL, meeting_form_data(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:meetings")
    assert "Sammanträdet 12 februari 2027 sparades." in response.text
    meeting = CommitteeMeeting.objects.get()
    assert (meeting.date, meeting.year, meeting.quarter, meeting.report_deadline) == (
        datetime.date(2027, 2, 12),
        2026,
        4,
        datetime.date(2027, 1, 29),
    )
    assert meeting.history.get().history_user == chef


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"report_deadline": "2027-02-13"},
            "Sista dag för underlaget: Den måste vara senast sammanträdesdagen.",
        ),
        (
            {"date": "2026-12-15", "report_deadline": "2026-12-01"},
            "Sammanträdesdatum: Sammanträdet måste ligga efter kvartalets slut (31 december 2026).",
        ),
        (
            {"report_deadline": "2026-12-31"},
            "Sista dag för underlaget: Den måste ligga efter kvartalets slut (31 december 2026).",
        ),
        ({"date": "9999-12-31"}, "Ange ett datum mellan år 2000 och 2100."),
        ({"date": "12/02/2027"}, "Ange datumet som år-månad-dag, till exempel 2027-02-12."),
        ({"year": "20266"}, "Ange ett år mellan 2000 och 2100."),
        ({"year": "tjugo"}, "Ange ett år mellan 2000 och 2100."),
        ({"quarter": "5"}, "Välj ett av kvartalen 1–4."),
    ],
)
def test_a_meeting_that_cannot_be_is_refused_with_a_swedish_message(
    overrides, message, chef, client_for
):
    response = client_for(chef).post(URL, meeting_form_data(**overrides))
    assert response.status_code == 400
    assert "Sammanträdet sparades inte." in response.text
    assert message in response.text
    assert not CommitteeMeeting.objects.exists()


def test_a_second_meeting_on_a_date_or_for_a_quarter_is_refused(chef, client_for):
    make_meeting(datetime.date(2027, 2, 12), year=2026, quarter=4)
    client = client_for(chef)
    same_date = client.post(URL, meeting_form_data(quarter="3"))
    assert same_date.status_code == 400
    assert "Kalendern har redan ett sammanträde detta datum." in same_date.text
    same_quarter = client.post(URL, meeting_form_data(date="2027-02-19"))
    assert same_quarter.status_code == 400
    assert "Ett annat sammanträde tar redan upp rapporten för detta kvartal." in same_quarter.text
    assert CommitteeMeeting.objects.count() == 1
