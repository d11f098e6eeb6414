"""``manage.py verify_reports``: every archived file checked against its SHA-256 checksum,
and the archive's files that no archived report names listed as a warning."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import transaction

from reports.archive import Meeting, archived_file, orphan_files
from reports.models import ArchivedReport
from reports.services import adopt_period, get_or_create_period
from tests.readiness_helpers import leave_out_missing_figures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def due_figures_left_out(db):
    """The committee adopts only a quarter whose due figures are entered or left out."""
    leave_out_missing_figures(2023, 1)


@pytest.fixture
def archived(settings, tmp_path, chef):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.REPORT_CACHE_DIR = tmp_path / "cache"
    settings.CHART_BROWSER_PATH = str(tmp_path / "no-chromium")
    meeting = Meeting(datetime.date(2023, 5, 16), "§ 34", "GNU 2023/21")
    adopt_period(get_or_create_period(2023, 1), chef, meeting=meeting)
    return ArchivedReport.objects.get()


def verify() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_reports", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_unchanged_archive_passes(archived):
    out, err = verify()

    assert out.startswith("OK ")
    assert "2023 Q1 version 1" in out
    assert "Alla 1 arkiverade rapporter stämmer" in out
    assert err == ""


def test_a_changed_byte_fails_the_check(archived):
    path = archived_file(archived)
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.chmod(0o644)
    path.write_bytes(bytes(content))
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 av 1 arkiverade rapporter avviker eller saknas"):
        call_command("verify_reports", stdout=io.StringIO(), stderr=err)

    assert err.getvalue().startswith("AVVIKER")


def test_a_missing_file_fails_the_check(archived):
    archived_file(archived).unlink()
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("verify_reports", stdout=io.StringIO(), stderr=err)

    assert err.getvalue().startswith("SAKNAS")


def test_the_command_exits_with_status_1_on_a_problem(archived, capsys):
    archived_file(archived).unlink()

    with pytest.raises(SystemExit) as exit:
        execute_from_command_line(["manage.py", "verify_reports"])

    assert exit.value.code == 1
    assert "SAKNAS" in capsys.readouterr().err


def test_a_file_no_archived_report_names_is_listed_as_a_warning_that_does_not_fail(
    archived, settings
):
    left = settings.ARCHIVE_ROOT / "2023" / "kv2" / "uppfoljning-2023-kv2-version-1-0123abcd.pdf"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"%PDF left by an adoption that was undone")

    out, err = verify()

    assert err.splitlines() == [
        f"OKÄND    {left}: ingen arkiverad rapport hänvisar till filen.",
        "Varning: 1 fil i arkivet hör inte till någon arkiverad rapport. Kontrollen underkänns "
        "inte för det, men sådana filer kan ha lämnats av en fastställelse som avbröts och bör "
        "ses över.",
    ]
    assert str(archived_file(archived)) not in err
    assert "Alla 1 arkiverade rapporter stämmer" in out


def test_a_file_left_by_an_adoption_rolled_back_after_writing_is_found(archived, chef):
    meeting = Meeting(datetime.date(2023, 8, 22), "§ 51", "GNU 2023/30")
    leave_out_missing_figures(2023, 2, by=chef)
    with pytest.raises(RuntimeError), transaction.atomic():
        adopt_period(get_or_create_period(2023, 2), chef, meeting=meeting)
        raise RuntimeError("the outer transaction fails after the adoption")

    assert ArchivedReport.objects.count() == 1
    [orphan] = orphan_files()
    assert orphan.as_posix().startswith("2023/kv2/uppfoljning-2023-kv2-version-1-")
    out, err = verify()
    assert "OKÄND" in err and "Varning: 1 fil i arkivet" in err
    assert "Alla 1 arkiverade rapporter stämmer" in out


def test_orphans_are_listed_beside_a_failure_which_alone_fails_the_command(archived, settings):
    archived_file(archived).unlink()
    for name in ("a.pdf", "b.pdf"):
        (settings.ARCHIVE_ROOT / name).write_bytes(b"%PDF")
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 av 1 arkiverade rapporter avviker eller saknas"):
        call_command("verify_reports", stdout=io.StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert lines[0].startswith("SAKNAS")
    assert [line.split()[0] for line in lines[1:3]] == ["OKÄND", "OKÄND"]
    assert lines[3].startswith("Varning: 2 filer i arkivet")


def test_without_an_archive_folder_there_are_no_orphans(settings, tmp_path):
    settings.ARCHIVE_ROOT = tmp_path / "never-made"

    out, err = verify()

    assert orphan_files() == []
    assert err == ""
    assert "Alla 0 arkiverade rapporter stämmer" in out
