"""Archiving the committee's adoption: the PDF rendered once, kept with its checksum, per version."""

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command

from reports import archive
from reports.archive import Meeting, archived_file, normalize_paragraph
from reports.models import ArchivedReport, Period
from reports.services import adopt_period, get_or_create_period, reopen_period
from tests.readiness_helpers import leave_out_missing_figures
from tests.report_helpers import pdf_pages

pytestmark = pytest.mark.django_db

MEETING = Meeting(datetime.date(2023, 5, 16), "§ 34", "GNU 2023/21")


@pytest.fixture(autouse=True)
def without_browser(settings, tmp_path):
    """Charts are printed as tables: these tests are about the archive, not the charts."""
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.REPORT_CACHE_DIR = tmp_path / "cache"
    settings.CHART_BROWSER_PATH = str(tmp_path / "no-chromium")


@pytest.fixture
def period():
    """A quarter the committee may adopt: its due figures missing are left out."""
    leave_out_missing_figures(2023, 1)
    return get_or_create_period(2023, 1)


@pytest.mark.archived_pdf
def test_adoption_archives_the_pdf_with_the_meeting_on_its_cover(period, chef):
    adopt_period(period, chef, meeting=MEETING)

    archived = ArchivedReport.objects.get(period=period)
    content = archived_file(archived).read_bytes()
    assert archived.version == 1
    assert archived.adopted_by == chef
    assert (archived.minute_paragraph, archived.registry_number) == ("§ 34", "GNU 2023/21")
    assert archived.meeting_date == MEETING.date
    assert archived.sha256 == hashlib.sha256(content).hexdigest()
    assert archived.size == len(content)
    cover = pdf_pages(content)[0]
    assert "Fastställd av nämnden 16 maj 2023, § 34, dnr GNU 2023/21" in cover
    assert "Utkast" not in cover


@pytest.mark.archived_pdf
def test_reopening_keeps_the_version_and_a_new_adoption_archives_the_next(period, chef):
    adopt_period(period, chef, meeting=MEETING)
    first = ArchivedReport.objects.get(period=period)
    first_content = archived_file(first).read_bytes()

    reopen_period(Period.objects.get(pk=period.pk), chef, "  Fel i avtalstroheten.  ")
    second_meeting = Meeting(datetime.date(2023, 6, 13), "§ 45", "GNU 2023/21")
    adopt_period(Period.objects.get(pk=period.pk), chef, meeting=second_meeting)

    versions = list(ArchivedReport.objects.filter(period=period).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].reopen_reason == "Fel i avtalstroheten."
    assert versions[1].reopen_reason == ""
    assert archived_file(versions[0]).read_bytes() == first_content
    assert versions[0].path != versions[1].path
    assert "§ 45" in pdf_pages(archived_file(versions[1]).read_bytes())[0]


@pytest.mark.archived_pdf
def test_a_failed_render_leaves_no_adoption_and_no_file(period, chef, monkeypatch, settings):
    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint failed")

    monkeypatch.setattr(archive, "html_to_pdf", broken)

    with pytest.raises(RuntimeError):
        adopt_period(period, chef, meeting=MEETING)

    period.refresh_from_db()
    assert not period.is_adopted
    assert not ArchivedReport.objects.exists()
    assert not any(p.is_file() for p in settings.ARCHIVE_ROOT.rglob("*"))


def test_a_failed_row_removes_the_written_file(period, chef, monkeypatch, settings):
    def refused(**kwargs):
        raise RuntimeError("database refused")

    monkeypatch.setattr(ArchivedReport.objects, "create", refused)

    with pytest.raises(RuntimeError):
        adopt_period(period, chef, meeting=MEETING)

    assert not any(p.is_file() for p in settings.ARCHIVE_ROOT.rglob("*"))
    period.refresh_from_db()
    assert not period.is_adopted


def test_an_archived_file_is_never_written_over(tmp_path):
    path = tmp_path / "a.pdf"
    archive.write_once(path, b"first")

    with pytest.raises(FileExistsError):
        archive.write_once(path, b"second")

    assert path.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", "§ 12"), ("§12", "§ 12"), (" § 12 ", "§ 12"), ("12 §", "§ 12"), ("007", "§ 7")],
)
def test_a_minute_paragraph_is_normalized(text, expected):
    assert normalize_paragraph(text) == expected


@pytest.mark.parametrize("text", ["", "§", "0", "tolv", "12a", "§ 12345", "-3"])
def test_a_minute_paragraph_that_is_not_a_number_is_refused(text):
    assert normalize_paragraph(text) is None


def test_clearing_the_demo_removes_its_archived_reports_and_files(chef, settings):
    period = Period.objects.create(year=2023, quarter=2, is_demo=True)
    leave_out_missing_figures(2023, 2)
    adopt_period(period, chef, meeting=MEETING)
    path = archived_file(ArchivedReport.objects.get(period=period))
    assert path.is_file()

    call_command("seed_demo", clear=True, stdout=io.StringIO())

    assert not ArchivedReport.objects.exists()
    assert not path.exists()


def test_a_file_left_by_an_undone_adoption_is_taken_only_when_it_holds_the_same_bytes(
    period, chef, settings
):
    adopt_period(period, chef, meeting=MEETING)
    archived = ArchivedReport.objects.get()
    content = archived_file(archived).read_bytes()
    ArchivedReport.objects.all().delete()  # as if the database were restored to before it
    Period.objects.filter(pk=period.pk).update(state="open")

    adopt_period(Period.objects.get(pk=period.pk), chef, meeting=MEETING)

    assert ArchivedReport.objects.get().sha256 == archived.sha256
    assert archived_file(archived).read_bytes() == content
