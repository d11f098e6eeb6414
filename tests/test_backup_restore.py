"""``manage.py backup`` and ``manage.py restore``: the database and the report archive.

The round trip backs up a populated database (demo data and an adopted, archived
report), restores it into a new, empty database and archive folder in a separate
process, as a server would, and compares everything.
"""

import datetime
import hashlib
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection

from backups.services import (
    ARCHIVE_FILE,
    DATABASE_FILE,
    BackupError,
    libpq_environment,
    make_backup,
    pack_archive,
    unpack_archive,
)
from demo.users import create_demo_users
from procurements.models import Procurement
from reports.archive import Meeting
from reports.models import ArchivedReport
from reports.services import adopt_period, get_or_create_period
from tests.readiness_helpers import leave_out_missing_figures

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="backups are made with pg_dump of a PostgreSQL database: set DATABASE_URL to one "
    "(CI does)",
)
MEETING = Meeting(datetime.date(2023, 5, 16), "§ 34", "GNU 2023/21")


@pytest.fixture
def files(settings, tmp_path):
    """The archive, report cache and backups in this test's folder; charts print as tables."""
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.REPORT_CACHE_DIR = tmp_path / "cache"
    settings.CHART_BROWSER_PATH = str(tmp_path / "no-chromium")
    return tmp_path


def populate() -> None:
    """The plan, the demo users, a demo year and the chef's adoption of its first quarter."""
    call_command("load_plan", stdout=io.StringIO())  # a transactional test before may flush it
    create_demo_users()
    call_command("seed_demo", year=2023, count=40, seed=5, stdout=io.StringIO())
    chef = User.objects.get(username="chef")
    leave_out_missing_figures(2023, 1, by=chef)
    adopt_period(get_or_create_period(2023, 1), chef, meeting=MEETING)


def backup(destination: Path) -> Path:
    call_command("backup", str(destination), stdout=io.StringIO())
    (folder,) = destination.iterdir()
    return folder


def raw_connection(name: str):
    """A connection of its own to database ``name`` of the test server, in UTC."""
    own = connection.settings_dict
    return psycopg2.connect(
        dbname=name,
        user=own["USER"],
        password=own["PASSWORD"] or None,
        host=own["HOST"] or None,
        port=own["PORT"] or None,
        options="-c timezone=UTC",
    )


def database_url(name: str) -> str:
    own = connection.settings_dict
    password = f":{quote(own['PASSWORD'], safe='')}" if own["PASSWORD"] else ""
    return f"postgres://{quote(own['USER'], safe='')}{password}@{own['HOST']}:{own['PORT']}/{name}"


@pytest.fixture
def empty_database():
    """A new, empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"[:63]
    server = raw_connection("postgres")
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


def contents(name: str) -> dict:
    """Every table's rows (as PostgreSQL writes them out) and every sequence's position."""
    database = raw_connection(name)
    try:
        with database.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = sorted(row[0] for row in cursor.fetchall())
            rows = {}
            for table in tables:
                cursor.execute(f'SELECT t::text FROM "{table}" AS t ORDER BY 1')
                rows[table] = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            )
            sequences = dict(cursor.fetchall())
    finally:
        database.close()
    return {"rows": rows, "sequences": sequences}


def restore_in_a_new_process(folder: Path, *, database: str, archive_root: Path):
    """``manage.py restore`` as a server runs it, with only its environment."""
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)],
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "gnu_plan.settings",
            "DATABASE_URL": database_url(database),
            "ARCHIVE_ROOT": str(archive_root),
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_every_archived_file(files, empty_database):
    populate()
    archived = list(ArchivedReport.objects.all())
    assert len(archived) == 1
    assert Procurement.objects.demo().count() == 40
    folder = backup(files / "backups")
    restored_archive = files / "restored-archive"

    result = restore_in_a_new_process(
        folder, database=empty_database, archive_root=restored_archive
    )

    assert result.returncode == 0, result.stderr
    assert "Alla 1 arkiverade rapporter stämmer med sina kontrollsummor." in result.stdout
    original = contents(connection.settings_dict["NAME"])
    restored = contents(empty_database)
    counts = {table: len(rows) for table, rows in original["rows"].items()}
    assert {table: len(rows) for table, rows in restored["rows"].items()} == counts
    assert counts["procurements_procurement"] == 40
    for table, rows in original["rows"].items():
        assert restored["rows"][table] == rows, f"{table} differs after the restore"
    assert restored["sequences"] == original["sequences"]
    for report in archived:
        content = (restored_archive / report.path).read_bytes()
        assert hashlib.sha256(content).hexdigest() == report.sha256, report.path
        assert len(content) == report.size


@postgresql_only
@pytest.mark.django_db
def test_a_restore_never_writes_over_a_database_that_has_tables(files):
    folder = files / "backup"
    folder.mkdir()
    (folder / DATABASE_FILE).write_bytes(b"")
    (folder / ARCHIVE_FILE).write_bytes(b"")

    with pytest.raises(CommandError, match="har redan tabeller"):
        call_command("restore", str(folder), stdout=io.StringIO())

    assert not Path(settings.ARCHIVE_ROOT).exists()


@postgresql_only
@pytest.mark.django_db
def test_a_restore_never_writes_over_archived_files(files):
    folder = files / "backup"
    folder.mkdir()
    (folder / DATABASE_FILE).write_bytes(b"")
    (folder / ARCHIVE_FILE).write_bytes(b"")
    kept = Path(settings.ARCHIVE_ROOT) / "2023" / "kv1" / "rapport.pdf"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"%PDF kept")

    with pytest.raises(CommandError, match="har redan filer"):
        call_command("restore", str(folder), stdout=io.StringIO())

    assert kept.read_bytes() == b"%PDF kept"


@postgresql_only
@pytest.mark.django_db
def test_a_folder_without_a_database_dump_is_not_a_backup(files):
    folder = files / "backup"
    folder.mkdir()
    (folder / ARCHIVE_FILE).write_bytes(b"")

    with pytest.raises(CommandError, match="är ingen säkerhetskopia: database.dump saknas"):
        call_command("restore", str(folder), stdout=io.StringIO())


@postgresql_only
@pytest.mark.django_db
def test_a_backup_that_fails_leaves_no_folder_behind(files):
    missing = SimpleNamespace(
        vendor="postgresql",
        settings_dict={**connection.settings_dict, "NAME": "h_no_such_database"},
    )

    with pytest.raises(BackupError, match="pg_dump"):
        make_backup(
            destination=files / "backups",
            connection=missing,
            archive_root=files / "archive",
            now=datetime.datetime(2026, 11, 30, 3, 0),
        )

    assert list((files / "backups").iterdir()) == []


def test_backups_are_made_of_postgresql_only(tmp_path):
    sqlite = SimpleNamespace(vendor="sqlite", settings_dict={"NAME": "gnu_plan.sqlite3"})

    with pytest.raises(BackupError, match="PostgreSQL"):
        make_backup(
            destination=tmp_path,
            connection=sqlite,
            archive_root=tmp_path / "archive",
            now=datetime.datetime(2026, 11, 30, 3, 0),
        )

    assert list(tmp_path.iterdir()) == []


def test_the_archive_is_packed_without_unfinished_writes_and_unpacked_whole(tmp_path):
    root = tmp_path / "archive"
    (root / "2023" / "kv1").mkdir(parents=True)
    (root / "2023" / "kv1" / "uppfoljning-2023-kv1-version-1-abc.pdf").write_bytes(b"%PDF one")
    (root / "2023" / "kv1" / ".uppfoljning-2023-kv1-version-2-def.pdf.42.tmp").write_bytes(b"%P")

    assert pack_archive(root=root, path=tmp_path / ARCHIVE_FILE) == 1
    assert unpack_archive(path=tmp_path / ARCHIVE_FILE, root=tmp_path / "restored") == 1

    restored = tmp_path / "restored" / "2023" / "kv1"
    assert [path.name for path in restored.iterdir()] == ["uppfoljning-2023-kv1-version-1-abc.pdf"]
    assert (restored / "uppfoljning-2023-kv1-version-1-abc.pdf").read_bytes() == b"%PDF one"


def test_a_tar_file_cannot_write_outside_the_archive_folder(tmp_path):
    outside = tmp_path / "outside.pdf"
    with tarfile.open(tmp_path / ARCHIVE_FILE, "w") as tar:
        member = tarfile.TarInfo("../outside.pdf")
        member.size = 4
        tar.addfile(member, io.BytesIO(b"%PDF"))

    with pytest.raises(tarfile.OutsideDestinationError):
        unpack_archive(path=tmp_path / ARCHIVE_FILE, root=tmp_path / "archive")

    assert not outside.exists()


def test_the_database_settings_reach_pg_dump_as_libpq_variables():
    environment = libpq_environment(
        {
            "NAME": "gnu_plan",
            "USER": "gnu_plan",
            "PASSWORD": "hemligt",
            "HOST": "db.example.se",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "verify-full"},
        }
    )

    assert environment == {
        "PGHOST": "db.example.se",
        "PGPORT": "5433",
        "PGUSER": "gnu_plan",
        "PGPASSWORD": "hemligt",
        "PGSSLMODE": "verify-full",
    }
