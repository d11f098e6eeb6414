"""Check every archived report against its SHA-256 checksum: ``manage.py verify_reports``.

Prints one line per file (OK, AVVIKER or SAKNAS) and exits with status 1 when
any file differs from its checksum or is missing, so that a scheduled run or a
backup check notices.

Files in the archive that no archived report names get a warning line each
(OKÄND) but do not fail the check: they are left by an adoption that was undone
after its file was written and harm nothing, yet someone should look at them.
"""

from django.core.management.base import BaseCommand, CommandError

from reports.archive import Check, archive_root, archived_file, check_archive, orphan_files

ORPHAN = "OKÄND"


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
        self._warn_of_orphans()
        if problems:
            raise CommandError(
                f"{problems} av {checked} arkiverade rapporter avviker eller saknas."
            )
        self.stdout.write(f"Alla {checked} arkiverade rapporter stämmer med sina kontrollsummor.")

    def _warn_of_orphans(self) -> None:
        orphans = orphan_files()
        for relative in orphans:
            path = archive_root() / relative
            self.stderr.write(f"{ORPHAN:8} {path}: ingen arkiverad rapport hänvisar till filen.")
        if orphans:
            files = "1 fil" if len(orphans) == 1 else f"{len(orphans)} filer"
            self.stderr.write(
                f"Varning: {files} i arkivet hör inte till någon arkiverad rapport. Kontrollen "
                "underkänns inte för det, men sådana filer kan ha lämnats av en fastställelse "
                "som avbröts och bör ses över."
            )
