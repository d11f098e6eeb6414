"""``manage.py seed_demo``: a realistic demo year of procurements, the procurement plan and
budget follow-up."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from budget.demo import delete_demo_quarterly_figures, seed_demo_quarterly_figures
from indicators.formatting import format_number
from procurements.demo_loading import (
    DemoDataError,
    delete_demo_plan,
    delete_demo_procurements,
    seed_demo_procurements,
)

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_COUNT = 1_000_000


class Command(BaseCommand):
    help = (
        "Make a demo year: procurements with tenders and appeals, the year's procurement plan "
        "and quarterly budget figures, all marked as demo. The same seed gives the same data; running again replaces the "
        "year's demo data and never touches other rows. --clear removes all demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2023, help="The year (default 2023).")
        parser.add_argument(
            "--count", type=int, default=250, help="Number of procurements (default 250)."
        )
        parser.add_argument("--seed", type=int, default=42, help="Random seed (default 42).")
        parser.add_argument(
            "--clear", action="store_true", help="Remove all demo data and make none."
        )

    def handle(self, *args, year, count, seed, clear, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                if clear:
                    self._clear()
                else:
                    self._seed(year, count, seed)
            except DemoDataError as error:
                raise CommandError(str(error)) from error
            except DatabaseError as error:
                raise CommandError(
                    _("The database refused the demo data; nothing was changed: %(error)s")
                    % {"error": error}
                ) from error

    def _clear(self):
        with transaction.atomic():
            plan_items = delete_demo_plan()
            procurements = delete_demo_procurements()
            figures = delete_demo_quarterly_figures()
        self.stdout.write(
            _(
                "Removed all demo data: %(procurements)s procurements, %(items)s procurement plan "
                "items, %(figures)s quarterly figures."
            )
            % {
                "procurements": format_number(procurements),
                "items": format_number(plan_items),
                "figures": format_number(figures),
            }
        )

    def _seed(self, year: int, count: int, seed: int):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(
                _("The year must be between %(min)d and %(max)d.")
                % {"min": MIN_YEAR, "max": MAX_YEAR}
            )
        if not 0 <= count <= MAX_COUNT:
            raise CommandError(
                _("The count must be between 0 and %(max)s.") % {"max": format_number(MAX_COUNT)}
            )
        started = time.perf_counter()
        with transaction.atomic():
            procurements = seed_demo_procurements(year=year, count=count, seed=seed)
            figures = seed_demo_quarterly_figures(year=year, seed=seed)
        seconds = time.perf_counter() - started
        self.stdout.write(
            _(
                "Demo data for %(year)d (seed %(seed)d): %(procurements)s procurements, "
                "%(tenders)s tenders, %(appeals)s review appeals (%(replaced)s earlier demo "
                "procurements replaced, %(categories)s categories created)."
            )
            % {
                "year": year,
                "seed": seed,
                "procurements": format_number(procurements.procurements),
                "tenders": format_number(procurements.tenders),
                "appeals": format_number(procurements.appeals),
                "replaced": format_number(procurements.replaced),
                "categories": format_number(procurements.categories_created),
            }
        )
        if procurements.plan_items is None:
            self.stdout.write(
                _(
                    "The procurement plan for %(year)d already has real items; they were kept "
                    "and no demo plan was made."
                )
                % {"year": year}
            )
        else:
            self.stdout.write(
                _("Procurement plan %(year)d: %(items)s demo items.")
                % {"year": year, "items": format_number(procurements.plan_items)}
            )
        if figures.lines:
            self.stdout.write(
                _("Budget: %(figures)s demo quarterly figures for %(lines)s budget lines.")
                % {"figures": format_number(figures.figures), "lines": format_number(figures.lines)}
            )
            if figures.kept_real:
                self.stdout.write(
                    _("%(count)s quarters already had real figures; they were kept.")
                    % {"count": format_number(figures.kept_real)}
                )
        else:
            self.stdout.write(
                _("There are no budget lines for %(year)d, so no quarterly figures were made.")
                % {"year": year}
            )
        self.stdout.write(
            _("Done in %(seconds)s s. Demo rows are marked as demo; remove them with --clear.")
            % {"seconds": format_number(seconds, 1)}
        )
