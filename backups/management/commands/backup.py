"""``manage.py backup DIRECTORY``: the database and the archived reports, into a new folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import ngettext

from backups.services import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format) and the archived reports into a new "
        "folder gnu-plan-<date>-<time> under DIRECTORY."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Where the backup folder is made.")

    def handle(self, *args, directory, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                backup = make_backup(
                    destination=Path(directory),
                    connection=connection,
                    archive_root=Path(settings.ARCHIVE_ROOT),
                    now=timezone.localtime(),
                )
            except BackupError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                ngettext(
                    "Backed up the database and %(count)d archived report to %(folder)s",
                    "Backed up the database and %(count)d archived reports to %(folder)s",
                    backup.archived_files,
                )
                % {"count": backup.archived_files, "folder": backup.folder}
            )
