"""The meeting calendar in the browser: the head adds a meeting; the pages fit a phone."""

import datetime

from django.utils import timezone

from reports.models import CommitteeMeeting
from tests.browser.conftest import severe_accessibility_violations
from tests.browser.test_phone_layout_in_browser import PHONE, overflow
from tests.meeting_helpers import make_meeting


def test_the_head_adds_a_meeting_and_the_start_page_counts_the_days_to_it(
    sign_in, chef, live_server
):
    meeting_date = timezone.localdate() + datetime.timedelta(days=20)
    deadline = meeting_date - datetime.timedelta(days=10)
    page = sign_in(chef)
    page.goto(f"{live_server.url}/uppfoljning/sammantraden/")
    page.get_by_role("link", name="Nytt sammanträde").click()
    page.wait_for_load_state()
    page.get_by_label("Sammanträdesdatum").fill("2000-01-01")
    page.get_by_role("button", name="Spara sammanträdet").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert severe_accessibility_violations(page) == []

    page.get_by_label("Sammanträdesdatum").fill(meeting_date.isoformat())
    page.get_by_label("Rapportens år").fill(str(meeting_date.year - 1))
    page.get_by_label("Rapportens kvartal").select_option("4")
    page.get_by_label("Sista dag för underlaget").fill(deadline.isoformat())
    page.get_by_role("button", name="Spara sammanträdet").click()
    page.wait_for_load_state()
    assert CommitteeMeeting.objects.get().date == meeting_date
    assert page.get_by_text("20 dagar kvar").is_visible()
    assert severe_accessibility_violations(page) == []

    page.goto(f"{live_server.url}/")
    assert page.locator(".next-meeting").get_by_text("20 dagar kvar").is_visible()


def test_the_calendar_and_the_checklist_fit_a_phone(sign_in, chef, live_server):
    meeting = make_meeting(timezone.localdate() + datetime.timedelta(days=14))
    page = sign_in(chef)
    page.set_viewport_size(PHONE)
    for path in (
        "/uppfoljning/sammantraden/",
        "/uppfoljning/sammantraden/nytt/",
        f"/uppfoljning/sammantraden/{meeting.pk}/redigera/",
        f"/uppfoljning/sammantraden/{meeting.pk}/ta-bort/",
        "/uppfoljning/2023/2/checklista/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert overflow(page) == ""
        assert severe_accessibility_violations(page) == []
