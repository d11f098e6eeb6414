"""Writing the quarterly follow-up of the budget."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from budget.models import BudgetLine, QuarterlyFigure


@dataclass(frozen=True)
class FigureInput:
    """What the head enters for one line: actual to date and full-year forecast, in tkr."""

    actual_to_date_tkr: int
    forecast_tkr: int


@transaction.atomic
def save_quarter_figures(
    lines: list[BudgetLine],
    quarter: int,
    figures: dict[int, FigureInput],
    user: AbstractBaseUser | None,
) -> int:
    """Saves the figures of one quarter for the given lines, all or nothing.

    ``figures`` maps a line's id to what was entered. Only figures that really
    change are written, so the history shows real changes only; each write
    records ``user`` as the one who made it. Returns how many figures changed.
    """
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
        ):
            continue
        figure.actual_to_date_tkr = entered.actual_to_date_tkr
        figure.forecast_tkr = entered.forecast_tkr
        figure.updated_by = user
        figure.is_demo = False  # a person's figures are real, even where they replace demo ones
        if user is not None:
            figure._history_user = user
        figure.full_clean()
        figure.save()
        changed += 1
    return changed
