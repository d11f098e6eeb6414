from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from indicators.plan_file import PlanFileError, read_plan_file
from indicators.plan_loading import load_plan

DEFAULT_PLAN_FILE = Path(settings.BASE_DIR) / "indicators" / "data" / "namndplan-2023-2025.yaml"


class Command(BaseCommand):
    help = "Load a Nämndplan data file (YAML). Loading the same file twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PLAN_FILE))

    def handle(self, *args, path, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                data = read_plan_file(Path(path))
            except PlanFileError as error:
                raise CommandError(
                    _("The plan file was refused; nothing was loaded.") + "\n" + str(error)
                ) from error
            summary = load_plan(data)
            if summary.changed_anything:
                created = ", ".join(f"{n} {name}" for name, n in sorted(summary.created.items()))
                updated = ", ".join(f"{n} {name}" for name, n in sorted(summary.updated.items()))
                deleted = ", ".join(f"{n} {name}" for name, n in sorted(summary.deleted.items()))
                self.stdout.write(
                    _(
                        "Loaded %(plan)s. Created: %(created)s. Updated: %(updated)s. Deleted: %(deleted)s."
                    )
                    % {
                        "plan": data.name,
                        "created": created or "–",
                        "updated": updated or "–",
                        "deleted": deleted or "–",
                    }
                )
            else:
                self.stdout.write(
                    _("%(plan)s is already loaded; nothing changed.") % {"plan": data.name}
                )
