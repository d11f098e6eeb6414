import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from indicators.models import Target
from procurements.models import Procurement
from reports import paging
from reports.models import Period
from reports.services import adopt_period, get_or_create_period
from tests.browser.conftest import severe_accessibility_violations
from tests.browser.test_phone_layout_in_browser import PHONE, overflow
from tests.readiness_helpers import leave_out_missing_figures

PERIOD = "/uppfoljning/2023/4/"


@pytest.fixture(autouse=True)
def charts_as_tables(settings, tmp_path):
    """An adoption archives its report; these tests print its charts as tables, quickly."""
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.REPORT_CACHE_DIR = tmp_path / "cache"
    settings.CHART_BROWSER_PATH = str(tmp_path / "no-chromium")


def adopt(page) -> None:
    """The head records the meeting and confirms the adoption of Kv4 2023."""
    page.get_by_label("Datum för nämndens sammanträde").fill("2024-02-13")
    page.get_by_label("Paragraf i protokollet (§)").fill("8")
    page.get_by_label("Diarienummer (dnr)").fill("GNU 2024/3")
    page.get_by_role("button", name="Fastställ perioden").click()
    page.get_by_role("heading", name="Fastställ Kv4 2023?").wait_for()
    # The adoption renders the archived PDF: seconds, more on a busy machine.
    with page.expect_navigation(timeout=180_000):
        page.get_by_role("button", name="Ja, fastställ Kv4 2023").click(no_wait_after=True)
    page.get_by_text("rapporten är arkiverad").wait_for()


@pytest.fixture
def demo_year(loaded_plan):
    """The demo year, its fourth quarter ready to adopt: the due figures the demo does not
    enter are left out."""
    call_command("seed_demo", year=2023, count=60, seed=11, stdout=io.StringIO())
    leave_out_missing_figures(2023, 4)


def test_chef_adopts_a_period_and_then_reopens_it_with_a_reason(
    sign_in, chef, live_server, demo_year
):
    page = sign_in(chef)
    page.goto(f"{live_server.url}{PERIOD}")
    adopt(page)
    assert page.get_by_text(
        "Perioden är fastställd; siffrorna är låsta och rapporten är arkiverad."
    ).is_visible()
    assert Period.objects.get(year=2023, quarter=4).is_adopted

    page.get_by_label("Skäl till att öppna igen").fill("Rättelse av registret")
    page.get_by_role("button", name="Öppna perioden igen").click()
    page.wait_for_load_state()
    assert not Period.objects.get(year=2023, quarter=4).is_adopted


def test_the_period_page_has_no_serious_accessibility_violations(
    sign_in, committee_member, live_server, demo_year
):
    page = sign_in(committee_member)
    page.goto(f"{live_server.url}{PERIOD}")
    assert page.locator("section.goal").count() == 7
    assert severe_accessibility_violations(page) == []


def test_the_procurements_behind_a_value_have_no_serious_accessibility_violations(
    sign_in, committee_member, live_server, demo_year
):
    page = sign_in(committee_member)
    page.goto(f"{live_server.url}{PERIOD}")
    page.locator("#follow-coordinated-share").get_by_role(
        "link", name="Vad det beräknas ur"
    ).click()
    page.wait_for_load_state()
    assert page.get_by_role(
        "heading", name="Andel samordnade upphandlingar av avslutade upphandlingar"
    ).is_visible()
    assert severe_accessibility_violations(page) == []


def test_a_long_list_behind_a_value_is_read_a_page_at_a_time_without_accessibility_violations(
    sign_in, committee_member, live_server, demo_year, monkeypatch
):
    monkeypatch.setattr(paging, "PER_PAGE", 5)
    page = sign_in(committee_member)
    page.goto(f"{live_server.url}/uppfoljning/2023/4/underlag/coordinated-share/")
    pages = page.get_by_role("navigation", name="Sidor: Upphandlingar bakom värdet")
    first = page.locator("#rows tbody tr").first.inner_text()
    pages.get_by_role("link", name="Nästa sida").click()
    page.wait_for_load_state()
    assert "Rader 6–10 av" in pages.inner_text()
    assert pages.get_by_role("link", name="2", exact=True).get_attribute("aria-current") == "page"
    assert page.locator("#rows tbody tr").first.inner_text() != first
    assert severe_accessibility_violations(page) == []


def test_a_reopened_period_shows_why_and_its_history_without_accessibility_violations(
    sign_in, chef, live_server, demo_year
):
    page = sign_in(chef)
    page.goto(f"{live_server.url}{PERIOD}")
    adopt(page)
    page.get_by_label("Skäl till att öppna igen").fill("Rättelse av registret")
    page.get_by_role("button", name="Öppna perioden igen").click()
    page.wait_for_load_state()

    notice = page.locator("#reopened").inner_text()
    assert "Öppnades igen" in notice and "Cecilia" in notice
    assert "Rättelse av registret" in notice
    history = page.locator("table", has=page.get_by_text("Öppnad igen"))
    assert "Rättelse av registret" in history.inner_text()
    assert severe_accessibility_violations(page) == []


def test_an_adopted_period_notes_changed_targets_and_its_drill_down_what_changed_since(
    sign_in, chef, committee_member, live_server, demo_year
):
    adopt_period(get_or_create_period(2023, 4), chef)
    target = Target.objects.get(indicator__code="coordinated-share", year=2023, municipality=None)
    target.value = Decimal(85)
    target.save()
    cleared = Procurement.objects.coordinated().filter(completed_on__year=2023).first()
    cleared.municipalities.clear()
    page = sign_in(committee_member)
    page.goto(f"{live_server.url}{PERIOD}")
    row = page.locator("#follow-coordinated-share")
    assert "Målet har ändrats efter fastställandet: nu ≥\xa085\xa0%" in row.inner_text()
    assert severe_accessibility_violations(page) == []

    row.get_by_role("link", name="Vad det beräknas ur").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Ändringar sedan fastställandet").is_visible()
    assert cleared.registry_number in page.locator("#changed ~ div").first.inner_text()
    assert severe_accessibility_violations(page) == []
    page.set_viewport_size(PHONE)
    assert overflow(page) == ""
    assert severe_accessibility_violations(page) == []
