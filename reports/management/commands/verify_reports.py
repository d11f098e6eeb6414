"""Check every archived report against its SHA-256 checksum: ``manage.py verify_reports``.

Prints one line per file (OK, AVVIKER or SAKNAS) and exits with status 1 when
any file differs from its checksum or is missing, so that a scheduled run or a
backup check notices.
"""

from django.core.management.base import BaseCommand, CommandError

from reports.archive import Check, archived_file, check_archive


class Command(BaseCommand):
    help = "Kontrollerar varje arkiverad rapport mot dess SHA-256-kontrollsumma."

    def handle(self, *args, **options):
        checked = problems = 0
        for check in check_archive():
            checked += 1
            archived = check.archived
            line = f"{check.result.value:8} {archived.period} version {archived.version}: "
            line += str(archived_file(archived))
            if check.result is Check.OK:
                self.stdout.write(line)
            else:
                problems += 1
                self.stderr.write(line)
        if problems:
            raise CommandError(
                f"{problems} av {checked} arkiverade rapporter avviker eller saknas."
            )
        self.stdout.write(f"Alla {checked} arkiverade rapporter stämmer med sina kontrollsummor.")
