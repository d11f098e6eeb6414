"""Editing a meeting of the calendar; a change made meanwhile is never overwritten."""

import datetime

import pytest
from django.urls import reverse

from reports.models import CommitteeMeeting
from tests.meeting_helpers import make_meeting, meeting_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(db):
    return make_meeting(datetime.date(2027, 2, 12), report_deadline=datetime.date(2027, 1, 29))


def url(meeting) -> str:
    return reverse("reports:meeting_update", args=[meeting.pk])


def posted(meeting, **overrides) -> dict:
    return meeting_form_data(**{"version": str(meeting.version), **overrides})


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "user_without_role"])
def test_readers_cannot_edit(role, request, client_for, meeting):
    client = client_for(request.getfixturevalue(role))
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting), posted(meeting, date="2027-02-19")).status_code == 403
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2027, 2, 12)


def test_the_form_shows_the_meeting_as_saved(chef, client_for, meeting):
    response = client_for(chef).get(url(meeting))
    assert response.status_code == 200
    assert "Redigera sammanträdet 12 februari 2027" in response.text
    assert 'value="2027-02-12"' in response.text and 'value="2027-01-29"' in response.text


def test_the_chef_moves_a_meeting_and_its_version_rises(chef, client_for, meeting):
    response = client_for(chef).post(url(meeting), posted(meeting, date="2027-02-19"), follow=True)
    assert "Sammanträdet 19 februari 2027 sparades." in response.text
    meeting.refresh_from_db()
    assert (meeting.date, meeting.version) == (datetime.date(2027, 2, 19), 1)
    assert meeting.history.first().history_user == chef


def test_a_change_made_meanwhile_is_not_overwritten(chef, client_for, meeting):
    opened = posted(meeting, date="2027-02-19")
    CommitteeMeeting.objects.filter(pk=meeting.pk).update(
        report_deadline=datetime.date(2027, 2, 1), version=1
    )  # someone else saves in between
    response = client_for(chef).post(url(meeting), opened)
    assert response.status_code == 409
    assert "Någon annan ändrade eller tog bort sammanträdet efter att du öppnade det" in (
        response.text
    )
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2027, 2, 12)
    assert response.context["form"]["version"].value() == 1  # the page now carries what is saved
    assert 'value="2027-02-01"' in response.text


def test_a_meeting_deleted_meanwhile_is_said_so(chef, client_for, meeting):
    opened = posted(meeting)
    client = client_for(chef)
    CommitteeMeeting.objects.filter(pk=meeting.pk).delete()
    response = client.post(url(meeting), opened, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:meetings")
    assert "Sammanträdet har tagits bort av någon annan." in response.text
    assert client.get(url(meeting)).status_code == 404


def test_a_damaged_version_is_refused_as_a_change_made_meanwhile(chef, client_for, meeting):
    response = client_for(chef).post(url(meeting), posted(meeting, version="9" * 5000))
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.version == 0
