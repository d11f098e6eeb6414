from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from budget.loading import load_budget, read_budget_section
from indicators.plan_file import PlanFileError, parse_plan_file, read_plan
from indicators.plan_loading import LoadSummary, load_plan

DEFAULT_PLAN_FILE = Path(settings.PLAN_FILE)


class Command(BaseCommand):
    help = "Load a Nämndplan data file (YAML). Loading the same file twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PLAN_FILE))

    def handle(self, *args, path, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                data, budget = read_whole_file(Path(path))
            except PlanFileError as error:
                raise CommandError(
                    _("The plan file was refused; nothing was loaded.") + "\n" + str(error)
                ) from error
            try:
                with transaction.atomic():
                    summary = load_plan(data)
                    budget_summary = load_budget(budget)
            except DatabaseError as error:
                # load_plan is atomic: the database is as it was before.
                raise CommandError(
                    _("The database refused the plan; nothing was loaded: %(error)s")
                    % {"error": error}
                ) from error
            self.stdout.write(describe(summary.merged(budget_summary), data.name))


def read_whole_file(path: Path):
    """The plan and its budget (Bilaga 2), checked together so that every problem is named."""
    raw = parse_plan_file(path)
    problems, data, budget = [], None, []
    try:
        data = read_plan(raw)
    except PlanFileError as error:
        problems += error.problems
    try:
        budget = read_budget_section(raw)
    except PlanFileError as error:
        problems += error.problems
    if problems:
        raise PlanFileError(problems)
    return data, budget


def describe(summary: LoadSummary, plan_name: str) -> str:
    if not summary.changed_anything:
        return _("%(plan)s is already loaded; nothing changed.") % {"plan": plan_name}

    def counts(counter) -> str:
        return ", ".join(f"{n} {name}" for name, n in sorted(counter.items())) or "–"

    return _(
        "Loaded %(plan)s. Created: %(created)s. Updated: %(updated)s. Deleted: %(deleted)s."
    ) % {
        "plan": plan_name,
        "created": counts(summary.created),
        "updated": counts(summary.updated),
        "deleted": counts(summary.deleted),
    }
