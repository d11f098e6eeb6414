"""``manage.py restore FOLDER``: a backup into an empty database and archive, then checked."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation
from django.utils.translation import ngettext

from backups.services import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a folder made by `backup` into the configured database, which must be new and "
        "empty, and into an empty ARCHIVE_ROOT; then check every archived report's checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A backup folder: gnu-plan-<date>-<time>.")

    def handle(self, *args, folder, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                backup = restore_backup(
                    folder=Path(folder),
                    connection=connection,
                    archive_root=Path(settings.ARCHIVE_ROOT),
                )
            except BackupError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                ngettext(
                    "Restored the database and %(count)d archived report from %(folder)s",
                    "Restored the database and %(count)d archived reports from %(folder)s",
                    backup.archived_files,
                )
                % {"count": backup.archived_files, "folder": backup.folder}
            )
        # Fails (status 1) when a restored file differs from the checksum the database keeps.
        call_command("verify_reports", stdout=self.stdout, stderr=self.stderr)
