"""The committee report as PDF: rendered once per version of its data, then read from the cache."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from procurements.models import Procurement
from reports import report_pdf

pytestmark = pytest.mark.django_db

PDF = reverse("reports:report_pdf", args=[2023, 4])


@pytest.fixture
def renders(settings, tmp_path, monkeypatch):
    """Each rendering, counted; the PDF itself is a stand-in (tests/test_report_pdf.py prints it)."""
    settings.REPORT_CACHE_DIR = tmp_path
    made = []

    def render(report, variant):
        made.append((report.year, report.quarter, variant))
        return f"%PDF-1.7 {report.cover.title} {variant} {len(made)}".encode()

    monkeypatch.setattr(report_pdf, "_render", render)
    return made


@pytest.fixture
def demo_year(db):
    call_command("seed_demo", year=2023, count=40, seed=5, stdout=io.StringIO())


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "chef", "admin_user"])
def test_every_reading_role_gets_the_pdf(role, request, client_for, renders, demo_year):
    response = client_for(request.getfixturevalue(role)).get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="uppfoljning-2023-kv4-utkast.pdf"'
    assert response.content.startswith(b"%PDF")


def test_anonymous_visitor_is_sent_to_login(client, renders):
    response = client.get(PDF)
    assert response.status_code == 302
    assert renders == []


def test_a_user_without_a_role_is_refused(user_without_role, client_for, renders):
    assert client_for(user_without_role).get(PDF).status_code == 403
    assert renders == []


@pytest.mark.parametrize("args", [(2023, 5), (2019, 1)])
def test_a_period_without_a_follow_up_is_not_found(args, committee_member, client_for, renders):
    url = reverse("reports:report_pdf", args=args)
    assert client_for(committee_member).get(url).status_code == 404


def test_a_draft_is_rendered_once_and_repeated_downloads_come_from_the_cache(
    committee_member, client_for, renders, demo_year
):
    client = client_for(committee_member)
    first = client.get(PDF).content
    assert client.get(PDF).content == first
    assert client.get(PDF).content == first
    assert renders == [(2023, 4, "draft")]


def test_a_change_of_the_data_makes_a_new_draft(committee_member, client_for, renders, demo_year):
    client = client_for(committee_member)
    first = client.get(PDF).content
    procurement = Procurement.objects.filter(cancelled_on__year=2023).first()
    procurement.cancellation_reason = "Ny motivering"
    procurement.save()
    second = client.get(PDF).content
    assert second != first
    assert len(renders) == 2


def test_a_draft_downloaded_on_a_later_day_is_printed_anew_under_that_days_date(
    committee_member, client_for, renders, demo_year, monkeypatch
):
    client = client_for(committee_member)
    first = client.get(PDF).content
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(report_pdf.timezone, "localdate", lambda: tomorrow)

    assert client.get(PDF).content != first
    assert client.get(PDF).content == client.get(PDF).content
    assert len(renders) == 2
    assert len(list(report_pdf.pdf_cache_dir().glob(f"2023-4-*-{tomorrow}--*.pdf"))) == 1
    assert len(list(report_pdf.pdf_cache_dir().glob("2023-4-*.pdf"))) == 1


def test_the_pdf_is_in_swedish_whatever_the_readers_language(
    committee_member, client_for, renders, demo_year
):
    client = client_for(committee_member)
    client.post(reverse("set_language"), {"language": "en"})
    assert b"Uppf\xc3\xb6ljning kvartal 4 2023" in client.get(PDF).content


def test_the_draft_is_never_stored_by_a_browser(committee_member, client_for, renders, demo_year):
    response = client_for(committee_member).get(PDF)
    assert "no-store" in response["Cache-Control"]


def test_a_cached_draft_is_served_without_computing_the_report(
    committee_member, client_for, renders, demo_year, monkeypatch
):
    client = client_for(committee_member)
    first = client.get(PDF).content

    def computed(*_args):
        raise AssertionError("the cached draft was computed again")

    monkeypatch.setattr(report_pdf, "report_data", computed)
    again = client.get(PDF)
    assert again.status_code == 200
    assert again.content == first
    assert again["Content-Disposition"] == 'inline; filename="uppfoljning-2023-kv4-utkast.pdf"'


def test_a_new_version_of_the_data_replaces_the_periods_cached_file(
    committee_member, client_for, renders, demo_year
):
    client = client_for(committee_member)
    client.get(PDF)
    client.get(reverse("reports:report_pdf", args=[2023, 3]))
    Procurement.objects.filter(pk=Procurement.objects.first().pk).update(title="Ny titel")
    latest = client.get(PDF).content
    files = sorted(p.name for p in report_pdf.pdf_cache_dir().glob("2023-4-*.pdf"))
    assert len(files) == 1
    assert report_pdf.pdf_cache_dir().joinpath(files[0]).read_bytes() == latest
    assert len(list(report_pdf.pdf_cache_dir().glob("2023-3-*.pdf"))) == 1
