"""The committee's adoption in the browser: meeting data, archived PDF, reopening, a second version."""

import hashlib
import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from reports.archive import archived_file
from reports.models import ArchivedReport
from tests.browser.conftest import severe_accessibility_violations
from tests.readiness_helpers import leave_out_missing_figures
from tests.report_helpers import normalised

PERIOD = "/uppfoljning/2023/4/"


@pytest.fixture(autouse=True)
def archive(settings, tmp_path):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.REPORT_CACHE_DIR = tmp_path / "cache"
    settings.CHART_BROWSER_PATH = str(tmp_path / "no-chromium")


@pytest.fixture
def demo_year(loaded_plan):
    """The demo year, its fourth quarter ready to adopt: the due figures the demo does not
    enter are left out."""
    call_command("seed_demo", year=2023, count=60, seed=11, stdout=io.StringIO())
    leave_out_missing_figures(2023, 4)


def adopt(page, *, date: str, paragraph: str, registry_number: str) -> None:
    page.get_by_label("Datum för nämndens sammanträde").fill(date)
    page.get_by_label("Paragraf i protokollet (§)").fill(paragraph)
    page.get_by_label("Diarienummer (dnr)").fill(registry_number)
    page.get_by_role("button", name="Fastställ perioden").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Fastställ Kv4 2023?").is_visible()
    assert page.locator("#demo-warning").is_visible()  # the demo year is demo data
    assert severe_accessibility_violations(page) == []
    # The adoption renders the archived PDF: seconds, more on a busy machine.
    with page.expect_navigation(timeout=180_000):
        page.get_by_role("button", name="Ja, fastställ Kv4 2023").click(no_wait_after=True)


def download(page, version: int) -> bytes:
    """The file the version's link gives, fetched with the reader's session."""
    href = page.get_by_role("link", name=f"PDF, version {version}").get_attribute("href")
    response = page.context.request.get(page.url.split("/uppfoljning/")[0] + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert f"version-{version}.pdf" in response.headers["content-disposition"]
    return response.body()


def cover(pdf: bytes) -> str:
    return normalised(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())


@pytest.mark.archived_pdf
def test_the_head_adopts_a_member_downloads_and_a_reopened_period_is_adopted_again(
    sign_in, chef, committee_member, live_server, demo_year, browser
):
    page = sign_in(chef)
    page.goto(f"{live_server.url}{PERIOD}")
    adopt(page, date="2024-02-13", paragraph="§8", registry_number="GNU 2024/3")
    assert page.get_by_text("rapporten är arkiverad").is_visible()

    member = browser.new_context().new_page()
    member.goto(f"{live_server.url}/login/")
    member.get_by_label("Användarnamn").fill(committee_member.username)
    member.get_by_label("Lösenord").fill("test-password")
    member.get_by_role("button", name="Logga in").click()
    member.goto(f"{live_server.url}{PERIOD}rapport/")
    first = download(member, 1)
    assert "Fastställd av nämnden 13 februari 2024, § 8, dnr GNU 2024/3" in cover(first)
    stored = ArchivedReport.objects.get(version=1)
    assert hashlib.sha256(first).hexdigest() == stored.sha256

    page.get_by_label("Skäl till att öppna igen").fill("Fel antal överprövningar")
    page.get_by_role("button", name="Öppna perioden igen").click()
    page.wait_for_load_state()
    adopt(page, date="2024-03-12", paragraph="19", registry_number="GNU 2024/3")

    member.goto(f"{live_server.url}{PERIOD}rapport/")
    versions = member.locator("table.archived-versions").inner_text()
    assert "Fel antal överprövningar" in versions
    assert "§ 19" in versions and "§ 8" in versions
    assert download(member, 1) == first
    second = download(member, 2)
    assert "§ 19, dnr GNU 2024/3" in cover(second)
    assert hashlib.sha256(second).hexdigest() == ArchivedReport.objects.get(version=2).sha256
    assert archived_file(stored).read_bytes() == first
    assert severe_accessibility_violations(member) == []
