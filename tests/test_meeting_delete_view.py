"""Deleting a meeting of the calendar, unless it changed since the page was opened."""

import datetime

import pytest
from django.urls import reverse

from reports.models import CommitteeMeeting
from tests.meeting_helpers import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(db):
    return make_meeting(datetime.date(2027, 2, 12))


def url(meeting) -> str:
    return reverse("reports:meeting_delete", args=[meeting.pk])


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "user_without_role"])
def test_readers_cannot_delete(role, request, client_for, meeting):
    client = client_for(request.getfixturevalue(role))
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting), {"version": "0"}).status_code == 403
    assert CommitteeMeeting.objects.filter(pk=meeting.pk).exists()


def test_the_page_asks_before_deleting_and_names_the_meeting(chef, client_for, meeting):
    response = client_for(chef).get(url(meeting))
    assert response.status_code == 200
    assert "Ta bort sammanträdet 12 februari 2027" in response.text
    assert "Kv4 2026" in response.text
    assert CommitteeMeeting.objects.filter(pk=meeting.pk).exists()


def test_the_chef_deletes_a_meeting(chef, client_for, meeting):
    response = client_for(chef).post(url(meeting), {"version": "0"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:meetings")
    assert "Sammanträdet 12 februari 2027 togs bort." in response.text
    assert not CommitteeMeeting.objects.exists()
    assert meeting.history.first().history_type == "-"


@pytest.mark.parametrize("version", ["1", "", "x", "9" * 5000])
def test_a_meeting_changed_since_the_page_was_opened_is_kept(version, chef, client_for, meeting):
    response = client_for(chef).post(url(meeting), {"version": version}, follow=True)
    assert response.redirect_chain[-1][0] == url(meeting)
    assert "Någon annan ändrade eller tog bort sammanträdet" in response.text
    assert CommitteeMeeting.objects.filter(pk=meeting.pk).exists()


def test_a_meeting_already_deleted_is_not_found(chef, client_for, meeting):
    CommitteeMeeting.objects.filter(pk=meeting.pk).delete()
    assert client_for(chef).post(url(meeting), {"version": "0"}).status_code == 404
