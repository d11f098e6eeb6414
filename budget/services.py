"""Writing the quarterly follow-up of the budget.

Every write of a quarter's figures goes through this module, which refuses an
adopted quarter (the follow-up adopts and reopens it through ``adopt_quarter``
and ``reopen_quarter``) and, given the version the editor read, a quarter that
someone else saved in between.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from budget import selectors
from budget.models import BudgetLine, BudgetQuarter, QuarterlyFigure
from indicators.quarters import Quarter


class QuarterAdopted(Exception):
    """The quarter's follow-up period is adopted: its figures are frozen until it is reopened."""


class StaleVersion(Exception):
    """Someone else saved the quarter's figures after this edit began."""

    def __init__(self, editors: list[str], changes: list[selectors.ChangeView]):
        self.editors = editors
        self.changes = changes
        super().__init__(", ".join(editors))


@dataclass(frozen=True)
class FigureInput:
    """What the head enters for one line: actual to date and full-year forecast, in tkr,
    and a comment on them (none is an empty string)."""

    actual_to_date_tkr: int
    forecast_tkr: int
    comment: str = ""


def adopted_message(year: int, quarter: int) -> str:
    """The refusal, in words that name the adopted quarter."""
    return str(
        capfirst(
            _(
                "%(quarter)s is adopted: its budget figures cannot be changed. Reopen the "
                "follow-up period to correct them."
            )
            % {"quarter": Quarter(year, quarter).long_label}
        )
    )


def adopted_quarters(year: int | None = None) -> set[tuple[int, int]]:
    """(year, quarter) of every adopted quarter, of one year if given."""
    adopted = BudgetQuarter.objects.filter(is_adopted=True)
    if year is not None:
        adopted = adopted.filter(year=year)
    return set(adopted.values_list("year", "quarter"))


def check_quarter_open(year: int, quarter: int) -> None:
    """Raise ``QuarterAdopted`` if the quarter's figures are frozen."""
    if BudgetQuarter.objects.filter(year=year, quarter=quarter, is_adopted=True).exists():
        raise QuarterAdopted(adopted_message(year, quarter))


def _locked_quarter(year: int, quarter: int) -> BudgetQuarter:
    """The quarter's row, made if missing, locked until the transaction ends."""
    BudgetQuarter.objects.get_or_create(year=year, quarter=quarter)
    return BudgetQuarter.objects.select_for_update().get(year=year, quarter=quarter)


def _raise_version(state: BudgetQuarter, user: AbstractBaseUser | None) -> None:
    state.version += 1
    state._history_user = user
    state.save(update_fields=["version"])


@transaction.atomic
def adopt_quarter(*, year: int, quarter: int, adopted_by: AbstractBaseUser | None) -> None:
    """Freeze the quarter's figures (the follow-up period of the quarter is adopted)."""
    state = _locked_quarter(year, quarter)
    if not state.is_adopted:
        state.is_adopted = True
        state._history_user = adopted_by
        state.save(update_fields=["is_adopted"])


@transaction.atomic
def reopen_quarter(*, year: int, quarter: int, reopened_by: AbstractBaseUser | None) -> None:
    """Let the quarter's figures be corrected again (the period is reopened)."""
    state = _locked_quarter(year, quarter)
    if state.is_adopted:
        state.is_adopted = False
        state._history_user = reopened_by
        state.save(update_fields=["is_adopted"])


@transaction.atomic
def record_figure_change(*, year: int, quarter: int, changed_by: AbstractBaseUser | None) -> None:
    """A figure of the quarter is written elsewhere (the admin): refuse if adopted, else
    raise the version, so that an entry page opened before it is refused."""
    state = _locked_quarter(year, quarter)
    if state.is_adopted:
        raise QuarterAdopted(adopted_message(year, quarter))
    _raise_version(state, changed_by)


def _changes_since(
    state: BudgetQuarter, version: int, lines: list[BudgetLine]
) -> tuple[list[str], list[selectors.ChangeView]]:
    """Who saved the quarter since the version an edit began from, and what they changed."""
    editors = sorted(
        {
            selectors.user_name(record.history_user)
            for record in state.history.filter(version__gt=version).select_related("history_user")
            if record.history_user is not None
        }
    )
    # The figures of a save are written before the quarter's version is raised, so the
    # changes are those after the quarter's record of the version the edit began from.
    since = (
        state.history.filter(version__lte=version)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    changes = selectors.quarter_history(
        state.year, state.quarter, {line.pk: line.name for line in lines}
    )
    if since is not None:
        changes = [change for change in changes if change.when > since]
    return editors, changes


@transaction.atomic
def save_quarter_figures(
    lines: list[BudgetLine],
    quarter: int,
    figures: dict[int, FigureInput],
    user: AbstractBaseUser | None,
    *,
    expected_version: int | None = None,
) -> int:
    """Saves the figures of one quarter for the given lines (of one year), all or nothing.

    ``figures`` maps a line's id to what was entered. Only figures that really
    change (an amount or the comment) are written, so the history shows real
    changes only; each write records ``user`` as the one who made it. Returns
    how many figures changed.

    Refuses an adopted quarter (``QuarterAdopted``) and, with ``expected_version``,
    the version the editor read, a quarter saved since then (``StaleVersion``).
    """
    if not lines:
        return 0
    year = lines[0].year
    state = _locked_quarter(year, quarter)
    if state.is_adopted:
        raise QuarterAdopted(adopted_message(year, quarter))
    if expected_version is not None and state.version != expected_version:
        raise StaleVersion(*_changes_since(state, expected_version, lines))
    existing = {
        figure.line_id: figure
        for figure in QuarterlyFigure.objects.select_for_update().filter(
            line__in=lines, quarter=quarter
        )
    }
    changed = 0
    for line in lines:
        entered = figures[line.pk]
        figure = existing.get(line.pk) or QuarterlyFigure(line=line, quarter=quarter)
        if (
            figure.pk is not None
            and figure.actual_to_date_tkr == entered.actual_to_date_tkr
            and figure.forecast_tkr == entered.forecast_tkr
            and figure.comment == entered.comment
        ):
            continue
        figure.actual_to_date_tkr = entered.actual_to_date_tkr
        figure.forecast_tkr = entered.forecast_tkr
        figure.comment = entered.comment
        figure.updated_by = user
        figure.is_demo = False  # a person's figures are real, even where they replace demo ones
        if user is not None:
            figure._history_user = user
        figure.full_clean()
        figure.save()
        changed += 1
    if changed:
        _raise_version(state, user)
    return changed
