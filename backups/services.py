"""Backing up and restoring what a server keeps: the PostgreSQL database and the report archive.

A backup is a folder ``gnu-plan-<date>-<time>`` of two files: ``database.dump``,
the database as ``pg_dump --format=custom`` writes it, and ``archive.tar``, the
adopted reports under ``ARCHIVE_ROOT``. The database is dumped first and the
archive packed after it: archived files are written once and kept, so every
file the dump names is in the tar file. The folder is made under a
``.partial`` name and renamed when both files are whole, so a backup that
broke off is never taken for one.

A restore goes into a new, empty database and an empty archive folder, never
over data: pg_restore runs in one transaction, as the database's own user
(``--no-owner --no-privileges``), so a server whose database role has another
name can restore it too.
"""

import datetime
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient
from django.utils.translation import gettext as _

DATABASE_FILE = "database.dump"
ARCHIVE_FILE = "archive.tar"


class BackupError(Exception):
    """A backup or restore that cannot be made, with the reason for the person running it."""


@dataclass(frozen=True)
class Backup:
    folder: Path
    archived_files: int


def make_backup(
    *,
    destination: Path,
    connection: BaseDatabaseWrapper,
    archive_root: Path,
    now: datetime.datetime,
) -> Backup:
    """Dump the database and pack the archive into a new folder under ``destination``."""
    _require_postgresql(connection)
    folder = destination / f"gnu-plan-{now:%Y%m%d-%H%M%S}"
    partial = folder.with_name(f"{folder.name}.partial")
    if folder.exists() or partial.exists():
        raise BackupError(_("%(folder)s exists already.") % {"folder": folder})
    partial.mkdir(parents=True)
    try:
        _run_postgresql_tool(
            ["pg_dump", "--format=custom", f"--file={partial / DATABASE_FILE}"], connection
        )
        count = pack_archive(root=archive_root, path=partial / ARCHIVE_FILE)
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _sync(folder.parent)
    return Backup(folder, count)


def restore_backup(*, folder: Path, connection: BaseDatabaseWrapper, archive_root: Path) -> Backup:
    """Restore a backup folder into the connection's empty database and an empty archive."""
    _require_postgresql(connection)
    for name in (DATABASE_FILE, ARCHIVE_FILE):
        if not (folder / name).is_file():
            raise BackupError(
                _("%(folder)s is not a backup: it has no %(file)s.")
                % {"folder": folder, "file": name}
            )
    if archive_root.exists() and any(path.is_file() for path in archive_root.rglob("*")):
        raise BackupError(
            _(
                "The archive folder %(folder)s has files already; restore into an empty "
                "folder (move the old one aside)."
            )
            % {"folder": archive_root}
        )
    _require_empty_database(connection)
    _run_postgresql_tool(
        [
            "pg_restore",
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            str(folder / DATABASE_FILE),
        ],
        connection,
    )
    return Backup(folder, unpack_archive(path=folder / ARCHIVE_FILE, root=archive_root))


def pack_archive(*, root: Path, path: Path) -> int:
    """Every archived file under ``root`` into a new tar file; how many there were.

    Hidden files are left out: they are the archive's unfinished writes.
    """
    files = [
        file
        for file in sorted(root.rglob("*") if root.exists() else [])
        if file.is_file() and not any(part.startswith(".") for part in file.relative_to(root).parts)
    ]
    with open(path, "xb") as output:
        with tarfile.open(fileobj=output, mode="w") as tar:
            for file in files:
                tar.add(file, arcname=file.relative_to(root).as_posix(), recursive=False)
        output.flush()
        os.fsync(output.fileno())
    return len(files)


def unpack_archive(*, path: Path, root: Path) -> int:
    """The tar file's files into ``root``; how many there were.

    The "data" filter refuses absolute paths, links and names that lead out of ``root``.
    """
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path) as tar:
        members = tar.getmembers()
        tar.extractall(root, filter="data")
    return sum(member.isfile() for member in members)


def libpq_environment(settings_dict: dict) -> dict[str, str]:
    """The database's address and user as the variables that pg_dump and pg_restore read.

    Passwords and TLS settings are taken as Django's own ``dbshell`` passes them.
    """
    _, secrets = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    named = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
    }
    return {name: str(value) for name, value in named.items() if value} | (secrets or {})


def _run_postgresql_tool(arguments: list[str], connection: BaseDatabaseWrapper) -> None:
    database = connection.settings_dict["NAME"]
    # --no-password: a missing password fails at once instead of waiting for a prompt.
    command = [arguments[0], "--no-password", f"--dbname={database}", *arguments[1:]]
    try:
        result = subprocess.run(
            command,
            env=os.environ | libpq_environment(connection.settings_dict),
            capture_output=True,
            text=True,
        )
    except FileNotFoundError as error:
        raise BackupError(
            _("%(program)s was not found: install PostgreSQL's client programs.")
            % {"program": arguments[0]}
        ) from error
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": arguments[0], "error": result.stderr.strip()}
        )


def _require_postgresql(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "postgresql":
        raise BackupError(
            _(
                "Backups are made of a PostgreSQL database. On SQLite, stop the app and copy "
                "the database file and the archive folder."
            )
        )


def _require_empty_database(connection: BaseDatabaseWrapper) -> None:
    name = connection.settings_dict["NAME"]
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as error:
        raise BackupError(
            _("The database %(name)s cannot be reached: %(error)s") % {"name": name, "error": error}
        ) from error
    if tables:
        raise BackupError(
            _(
                "The database %(name)s has tables already; restore into a new, empty database "
                "(createdb)."
            )
            % {"name": name}
        )


def _sync(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
