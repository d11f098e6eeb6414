"""Downloading an archived version of the report, and ``rapport.pdf`` of an adopted period."""

import datetime

import pytest
from django.urls import reverse

from reports.archive import Meeting, archived_file
from reports.models import ArchivedReport, Period
from reports.services import adopt_period, get_or_create_period, reopen_period
from tests.readiness_helpers import leave_out_missing_figures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def due_figures_left_out(db):
    """The committee adopts only a quarter whose due figures are entered or left out."""
    leave_out_missing_figures(2023, 1)


MEETING = Meeting(datetime.date(2023, 5, 16), "§ 34", "GNU 2023/21")


@pytest.fixture
def archived(settings, tmp_path, chef):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.REPORT_CACHE_DIR = tmp_path / "cache"
    settings.CHART_BROWSER_PATH = str(tmp_path / "no-chromium")
    adopt_period(get_or_create_period(2023, 1), chef, meeting=MEETING)
    return ArchivedReport.objects.get()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "chef"])
def test_every_role_downloads_the_archived_file_as_stored(role, request, client_for, archived):
    url = reverse("reports:archived_pdf", args=[2023, 1, 1])

    response = client_for(request.getfixturevalue(role)).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="uppfoljning-2023-kv1-version-1.pdf"' in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]
    assert body(response) == archived_file(archived).read_bytes()


def test_an_anonymous_visitor_is_sent_to_login(client, archived):
    response = client.get(reverse("reports:archived_pdf", args=[2023, 1, 1]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_unknown_version_is_not_found(committee_member, client_for, archived):
    response = client_for(committee_member).get(reverse("reports:archived_pdf", args=[2023, 1, 2]))

    assert response.status_code == 404


def test_a_missing_file_is_not_found_rather_than_rendered_again(
    committee_member, client_for, archived
):
    archived_file(archived).unlink()

    response = client_for(committee_member).get(reverse("reports:archived_pdf", args=[2023, 1, 1]))

    assert response.status_code == 404
    assert not archived_file(archived).exists()


def test_the_pdf_of_an_adopted_period_is_its_latest_archived_file(
    committee_member, chef, client_for, archived, monkeypatch
):
    reopen_period(Period.objects.get(year=2023, quarter=1), chef, "Rättelse")
    adopt_period(Period.objects.get(year=2023, quarter=1), chef, meeting=MEETING)
    latest = ArchivedReport.objects.get(version=2)

    def never(**kwargs):
        raise AssertionError("an adopted report is never rendered again")

    monkeypatch.setattr("reports.report_views.cached_report_pdf", never)
    response = client_for(committee_member).get(reverse("reports:report_pdf", args=[2023, 1]))

    assert response.status_code == 200
    assert body(response) == archived_file(latest).read_bytes()


def test_the_report_page_lists_every_version_with_checksum_adopter_and_reason(
    committee_member, chef, client_for, archived
):
    reopen_period(Period.objects.get(year=2023, quarter=1), chef, "Fel i avtalstroheten")
    adopt_period(Period.objects.get(year=2023, quarter=1), chef, meeting=MEETING)

    page = client_for(committee_member).get(reverse("reports:report", args=[2023, 1])).text

    versions = page[page.index('id="archived-versions"') :]
    for archived_report in ArchivedReport.objects.all():
        assert archived_report.sha256 in versions
        assert reverse("reports:archived_pdf", args=[2023, 1, archived_report.version]) in versions
    assert "Fel i avtalstroheten" in versions
    assert "Cecilia" in versions
    assert "dnr GNU 2023/21" in versions
