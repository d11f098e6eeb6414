"""``manage.py seed_demo``: a realistic demo year of procurements and budget follow-up."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from budget.demo import (
    count_demo_quarterly_figures,
    delete_demo_quarterly_figures,
    seed_demo_quarterly_figures,
)
from indicators.formatting import format_number
from procurements.demo_loading import (
    DemoDataError,
    delete_demo_procurements,
    seed_demo_procurements,
)

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_COUNT = 1_000_000
# Figures of an adopted quarter are frozen with it, demo or not (see budget.demo).
ADOPTED_KEPT = gettext_noop(
    "%(count)s quarterly figures of adopted quarters were left as they are; reopen their "
    "periods to change them."
)


class Command(BaseCommand):
    help = (
        "Make a demo year: procurements with tenders and appeals, and quarterly budget figures, "
        "all marked as demo. The same seed gives the same data; running again replaces the "
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
            procurements = delete_demo_procurements()
            figures = delete_demo_quarterly_figures()
            kept = count_demo_quarterly_figures()
        self.stdout.write(
            _(
                "Removed all demo data: %(procurements)s procurements, %(figures)s quarterly figures."
            )
            % {"procurements": format_number(procurements), "figures": format_number(figures)}
        )
        if kept:
            self.stdout.write(_(ADOPTED_KEPT) % {"count": format_number(kept)})

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
            if figures.kept_adopted:
                self.stdout.write(_(ADOPTED_KEPT) % {"count": format_number(figures.kept_adopted)})
        else:
            self.stdout.write(
                _("There are no budget lines for %(year)d, so no quarterly figures were made.")
                % {"year": year}
            )
        self.stdout.write(
            _("Done in %(seconds)s s. Demo rows are marked as demo; remove them with --clear.")
            % {"seconds": format_number(seconds, 1)}
        )
