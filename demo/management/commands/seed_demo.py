"""``manage.py seed_demo``: demo data, from one year of the register to a whole history.

``seed_demo --history`` makes what ``make run`` shows (``demo.history``): the
register, procurement plan, budget figures and the head's follow-up of 2023 and
of 2024 to the end of June, with 2023 adopted. ``seed_demo --year 2023`` makes
one year of the register, its procurement plan and budget figures only.
``seed_demo --clear`` removes all demo data.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from demo.budget import (
    count_demo_quarterly_figures,
    delete_demo_budget_lines,
    delete_demo_quarterly_figures,
    seed_demo_quarterly_figures,
)
from demo.follow_up_loading import delete_demo_follow_up
from demo.history import HISTORY, HistorySummary, YearSummary, seed_demo_history
from demo.plan_loading import delete_demo_plan, seed_demo_plan
from demo.register_loading import (
    DemoDataError,
    delete_demo_procurements,
    seed_demo_procurements,
)
from indicators.formatting import format_number

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_COUNT = 1_000_000
DEFAULT_YEAR = 2023
# Figures of an adopted quarter are frozen with it, demo or not (see demo.budget).
ADOPTED_KEPT = gettext_noop(
    "%(count)s quarterly figures of adopted quarters were left as they are; reopen their "
    "periods to change them."
)


class Command(BaseCommand):
    help = (
        "Make demo data, all marked as demo. --history: the register, procurement plan, budget "
        "figures and quarterly follow-up of 2023 (adopted) and of 2024 to the end of June. "
        "--year: one year of procurements with tenders and appeals, the year's procurement plan "
        "and quarterly budget figures. The same "
        "seed gives the same data; running again replaces the demo data and never touches "
        "other rows. --clear removes all demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, default=None, help="One year (default 2023), without follow-up."
        )
        parser.add_argument(
            "--history",
            action="store_true",
            help="The whole demo history with its follow-up, as make run loads it.",
        )
        parser.add_argument(
            "--count",
            type=int,
            default=250,
            help="Number of procurements in a (full) year (default 250).",
        )
        parser.add_argument("--seed", type=int, default=42, help="Random seed (default 42).")
        parser.add_argument(
            "--clear", action="store_true", help="Remove all demo data and make none."
        )

    def handle(self, *args, year, history, count, seed, clear, **options):
        with translation.override(settings.LANGUAGE_CODE):
            if sum((clear, history, year is not None)) > 1:
                raise CommandError(_("Give only one of --clear, --history and --year."))
            try:
                if clear:
                    self._clear()
                elif history:
                    self._history(count, seed)
                else:
                    self._seed(DEFAULT_YEAR if year is None else year, count, seed)
            except DemoDataError as error:
                raise CommandError(str(error)) from error
            except DatabaseError as error:
                raise CommandError(
                    _("The database refused the demo data; nothing was changed: %(error)s")
                    % {"error": error}
                ) from error

    def _clear(self):
        with transaction.atomic():
            periods = delete_demo_follow_up()
            plan_items = delete_demo_plan()
            procurements = delete_demo_procurements()
            figures = delete_demo_quarterly_figures()
            lines = delete_demo_budget_lines()
            kept = count_demo_quarterly_figures()
        self.stdout.write(
            _(
                "Removed all demo data: %(procurements)s procurements, %(items)s procurement plan "
                "items, %(figures)s quarterly figures, %(lines)s budget lines, %(periods)s "
                "follow-up periods."
            )
            % {
                "procurements": format_number(procurements),
                "items": format_number(plan_items),
                "figures": format_number(figures),
                "lines": format_number(lines),
                "periods": format_number(periods),
            }
        )
        if kept:
            self.stdout.write(_(ADOPTED_KEPT) % {"count": format_number(kept)})

    def _check_count(self, count: int):
        if not 0 <= count <= MAX_COUNT:
            raise CommandError(
                _("The count must be between 0 and %(max)s.") % {"max": format_number(MAX_COUNT)}
            )

    def _seed(self, year: int, count: int, seed: int):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(
                _("The year must be between %(min)d and %(max)d.")
                % {"min": MIN_YEAR, "max": MAX_YEAR}
            )
        self._check_count(count)
        started = time.perf_counter()
        with transaction.atomic():
            procurements = seed_demo_procurements(year=year, count=count, seed=seed)
            plan_items = seed_demo_plan(year=year, count=count, seed=seed)
            figures = seed_demo_quarterly_figures(year=year, seed=seed)
        self._report_year(YearSummary(year, 4, procurements, plan_items, 0, figures), seed)
        self._done(started)

    def _history(self, count: int, seed: int):
        self._check_count(count)
        started = time.perf_counter()
        summary = seed_demo_history(count=count, seed=seed)
        for year in summary.years:
            self._report_year(year, seed)
        self._report_follow_up(summary)
        self._done(started)

    def _report_year(self, summary: YearSummary, seed: int):
        procurements, figures = summary.procurements, summary.figures
        self.stdout.write(
            _(
                "Demo data for %(year)d (seed %(seed)d): %(procurements)s procurements, "
                "%(tenders)s tenders, %(appeals)s review appeals (%(replaced)s earlier demo "
                "procurements replaced, %(categories)s categories created)."
            )
            % {
                "year": summary.year,
                "seed": seed,
                "procurements": format_number(procurements.procurements),
                "tenders": format_number(procurements.tenders),
                "appeals": format_number(procurements.appeals),
                "replaced": format_number(procurements.replaced),
                "categories": format_number(procurements.categories_created),
            }
        )
        if summary.plan_items is None:
            self.stdout.write(
                _(
                    "The procurement plan for %(year)d already has real items; they were kept "
                    "and no demo plan was made."
                )
                % {"year": summary.year}
            )
        else:
            self.stdout.write(
                _("Procurement plan %(year)d: %(items)s demo items.")
                % {"year": summary.year, "items": format_number(summary.plan_items)}
            )
        if summary.budget_lines_made:
            self.stdout.write(
                _(
                    "The plan has no budget for %(year)d: a demo budget of %(lines)s lines was "
                    "made from the year before."
                )
                % {"year": summary.year, "lines": format_number(summary.budget_lines_made)}
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
                % {"year": summary.year}
            )

    def _report_follow_up(self, summary: HistorySummary):
        follow_up = summary.follow_up
        first, last = HISTORY[0], HISTORY[-1]
        self.stdout.write(
            _(
                "Follow-up from Q1 %(first)d to Q%(quarter)d %(last)d: %(periods)s quarters "
                "(%(adopted)s adopted) with %(values)s entered figures, %(analyses)s analyses and "
                "%(statuses)s assignment statuses."
            )
            % {
                "first": first.year,
                "quarter": last.last_quarter,
                "last": last.year,
                "periods": format_number(follow_up.periods),
                "adopted": format_number(follow_up.adopted),
                "values": format_number(follow_up.values),
                "analyses": format_number(follow_up.analyses),
                "statuses": format_number(follow_up.assignment_statuses),
            }
        )
        for year, quarter in follow_up.kept:
            self.stdout.write(
                _("Q%(quarter)d %(year)d is the head's own or has no plan; it was left as it is.")
                % {"quarter": quarter, "year": year}
            )

    def _done(self, started: float):
        seconds = time.perf_counter() - started
        self.stdout.write(
            _("Done in %(seconds)s s. Demo rows are marked as demo; remove them with --clear.")
            % {"seconds": format_number(seconds, 1)}
        )
