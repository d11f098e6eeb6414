"""``manage.py verify_reports``: every archived file checked against its SHA-256 checksum."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from reports.archive import Meeting, archived_file
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
